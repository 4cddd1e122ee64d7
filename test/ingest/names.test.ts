import { describe, expect, it } from 'vitest';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameLengthLimitForKind,
  nameRuleForKind,
  regexError,
  validateObjectName,
} from '../../src/ingest/validation/names.js';

const r = (ch: string, n: number): string => ch.repeat(n);

// Tables below are upstream's, from k8s.io/apimachinery v0.36:
// pkg/util/validation/validation_test.go and pkg/api/validate/content/{kube,dns}_test.go.

describe('IsDNS1123Label (validation_test.go TestIsDNS1123Label)', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', r('a', 63)])(
    'accepts %j',
    (v) => expect(isDNS1123Label(v)).toEqual([]),
  );
  it.each([
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    r('a', 64),
  ])('rejects %j', (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0));

  it('uses upstream wording', () => {
    expect(isDNS1123Label('My_Name')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label(r('a', 64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('IsDNS1123Subdomain (validation_test.go TestIsDNS1123Subdomain)', () => {
  it.each([
    'a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b',
    '0', '01', '012', '1a', '1-a', '1--a--b--2',
    'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a',
    'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
    '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2',
    '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
    'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55',
    r('a', 253),
  ])('accepts %j', (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each([
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A',
    'A.1', 'aB.1', 'A1.1', '1A.1',
    '0.A', '01.A', '012.A', '1A.a', '1a.A',
    'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee',
    'a@b', 'a,b', 'a_b', 'a;b',
    'a:b', 'a%b', 'a?b', 'a$b',
    r('a', 254),
  ])('rejects %j', (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0));

  it('uses upstream wording', () => {
    expect(isDNS1123Subdomain('Foo')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isDNS1123Subdomain(r('a', 254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('IsDNS1035Label (validation_test.go TestIsDNS1035Label)', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', r('a', 63)])('accepts %j', (v) =>
    expect(isDNS1035Label(v)).toEqual([]),
  );
  it.each([
    '0', '01', '012', '1a', '1-a', '1--a--b--2',
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    r('a', 64),
  ])('rejects %j', (v) => expect(isDNS1035Label(v).length).toBeGreaterThan(0));

  it('uses upstream wording', () => {
    expect(isDNS1035Label('1st')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('IsValidPortNum (validation_test.go TestIsValidPortNum)', () => {
  it.each([1, 2, 1000, 16384, 32768, 65535])('accepts %d', (v) => expect(isValidPortNum(v)).toEqual([]));
  it.each([0, -1, 65536, 100000])('rejects %d', (v) =>
    expect(isValidPortNum(v)).toEqual(['must be between 1 and 65535, inclusive']),
  );
  it('rejects a non-integer (kflow: Go would not decode it into an int)', () => {
    expect(isValidPortNum(80.5)).toEqual(['must be between 1 and 65535, inclusive']);
  });
});

describe('IsValidPortName (validation_test.go TestIsValidPortName)', () => {
  it.each(['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'])('accepts %j', (v) =>
    expect(isValidPortName(v)).toEqual([]),
  );
  it.each(['longerthan15characters', '', r('a', 16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'])(
    'rejects %j',
    (v) => expect(isValidPortName(v).length).toBeGreaterThan(0),
  );

  it.each<[string, string[]]>([
    ['longerthan15characters', ['must be no more than 15 characters']],
    ['', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['12345', ['must contain at least one letter (a-z)']],
    ['8080', ['must contain at least one letter (a-z)']],
    ['-begin', ['must not begin or end with a hyphen']],
    ['two--hyphens', ['must not contain consecutive hyphens']],
    ['whois++', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['HTTP', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
  ])('reports every failing rule for %j, in upstream order', (v, msgs) => expect(isValidPortName(v)).toEqual(msgs));
});

describe('IsQualifiedName (validation_test.go TestIsQualifiedName / content kube_test.go TestIsLabelKey)', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    r('a', 63),
    `${r('a', 253)}/${r('b', 63)}`,
  ])('accepts %j', (v) => expect(isQualifiedName(v)).toEqual([]));
  it.each([
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    r('a', 64),
    `${r('a', 254)}/abc`,
  ])('rejects %j', (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));

  const nameRegexErr = `name part ${regexError(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
    '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]',
    'MyName',
    'my.name',
    '123-abc',
  )}`;
  it.each<[string, string[]]>([
    ['cantendwithadash-', [nameRegexErr]],
    [
      'only/one/slash',
      [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
    ['example.com/', ['name part must be non-empty', nameRegexErr]],
    ['/simple', ['prefix part must be non-empty']],
    [r('a', 64), ['name part must be no more than 63 bytes']],
    [`${r('a', 254)}/abc`, ['prefix part must be no more than 253 bytes']],
    [
      'Example.com/abc',
      [
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ])('reports %j with upstream wording', (v, msgs) => expect(isQualifiedName(v)).toEqual(msgs));
});

describe('IsValidLabelValue (validation_test.go TestIsValidLabelValue / content kube_test.go TestIsLabelValue)', () => {
  it.each(['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', r('a', 63), ''])('accepts %j', (v) =>
    expect(isValidLabelValue(v)).toEqual([]),
  );
  it.each([
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    r('a', 64),
  ])('rejects %j', (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0));

  it('uses upstream wording', () => {
    expect(isValidLabelValue(r('a', 64))).toEqual(['must be no more than 63 bytes']);
    expect(isValidLabelValue('-x')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
  it('counts UTF-8 bytes, as Go len() does', () => {
    // 32 two-byte runes = 64 bytes: too long, and not in the character set either.
    expect(isValidLabelValue(r('é', 32))[0]).toBe('must be no more than 63 bytes');
  });
});

describe('nameRuleForKind (core ValidatePodName/ValidateServiceName/ValidateNamespaceName, apps, batch, discovery, networking)', () => {
  it.each<[string, string]>([
    ['Namespace', 'dns1123-label'], // apimachinery ValidateNamespaceName = NameIsDNSLabel
    ['Pod', 'dns1123-subdomain'], // core ValidatePodName
    ['Node', 'dns1123-subdomain'], // core ValidateNodeName
    ['Service', 'dns1035-label'], // core ValidateServiceName = NameIsDNS1035Label
    ['Endpoints', 'dns1123-subdomain'], // core ValidateEndpointsName
    ['EndpointSlice', 'dns1123-subdomain'], // discovery ValidateEndpointSliceName
    ['NetworkPolicy', 'dns1123-subdomain'], // networking ValidateNetworkPolicyName
    ['Deployment', 'dns1123-subdomain'], // apps ValidateDeploymentName
    ['StatefulSet', 'dns1123-label'], // apps ValidateStatefulSetName = NameIsDNSLabel
    ['DaemonSet', 'dns1123-subdomain'], // apps ValidateDaemonSetName
    ['ReplicaSet', 'dns1123-subdomain'], // apps ValidateReplicaSetName
    ['Job', 'dns1123-subdomain'], // batch: ValidateReplicationControllerName
    ['CronJob', 'dns1123-subdomain'], // batch: ValidateReplicationControllerName (+52 limit)
    ['ConfigMap', 'dns1123-subdomain'], // core ValidateConfigMapName
    ['Ingress', 'dns1123-subdomain'], // networking ValidateIngressName
    ['Widget', 'dns1123-subdomain'], // unknown kinds: the generic CR rule
  ])('%s → %s', (kind, rule) => expect(nameRuleForKind(kind)).toBe(rule));

  it('limits CronJob names to 52 (ValidateCronJobCreate)', () => {
    expect(nameLengthLimitForKind('CronJob')).toBe(52);
    expect(nameLengthLimitForKind('Job')).toBeUndefined();
    expect(validateObjectName('CronJob', r('a', 52))).toEqual([]);
    expect(validateObjectName('CronJob', r('a', 53))).toEqual(['must be no more than 52 characters']);
  });

  it('applies each rule the way ValidateObjectMeta does', () => {
    expect(validateObjectName('Service', '1web').length).toBe(1);
    expect(validateObjectName('Pod', '1web')).toEqual([]);
    expect(validateObjectName('Namespace', 'a.b')).toEqual(['must not contain dots']);
    expect(validateObjectName('Pod', 'a.b')).toEqual([]);
    expect(validateObjectName('StatefulSet', 'web.v1')).toEqual(['must not contain dots']);
  });

  it('masks a trailing dash for generateName (generic.go maskTrailingDash)', () => {
    expect(validateObjectName('Pod', 'web-', true)).toEqual([]);
    expect(validateObjectName('Pod', 'web-', false).length).toBe(1);
  });
});
