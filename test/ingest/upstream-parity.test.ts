import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Diagnostic, loadSnapshot } from '../../src/index.js';
import { closestField, editDistance } from '../../src/ingest/decode/decode-context.js';
import {
  CONTAINER_FIELDS,
  CONTAINER_PORT_FIELDS,
  EPHEMERAL_CONTAINER_FIELDS,
  OBJECT_META_FIELDS,
  POD_SPEC_FIELDS,
  SERVICE_PORT_FIELDS,
  SERVICE_SPEC_FIELDS,
  TOP_LEVEL_FIELDS,
  WORKLOAD_SPEC_FIELDS,
} from '../../src/ingest/decode/known-fields.js';
import { splitYamlStream } from '../../src/ingest/parse-documents.js';

/**
 * Where kflow once differed from the API server or kubectl (D1–D17 of the ingest review), pinned to
 * upstream: Kubernetes v1.36 (kubernetes/kubernetes, apimachinery = staging/src/k8s.io/apimachinery,
 * k8s.io/utils for the sloppy IP parser). Each block names the upstream function it mirrors.
 */

const FILE = 'in.yaml';
const load = (text: string) => loadSnapshot([{ file: FILE, text }]);
const brief = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.code} ${d.path}`);
const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const np = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  podSelector: {}\n${spec}`;
const pod = (spec: string, meta = '  name: p\n') => `apiVersion: v1\nkind: Pod\nmetadata:\n${meta}spec:\n${spec}`;
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

describe('D1 the stream is split on --- lines before parsing (kubectl YAMLReader, apimachinery pkg/util/yaml)', () => {
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

  it('an unclosed quote damages only its own document, and is reported where the quoted value starts', () => {
    const { snapshot, diagnostics } = load(`${ns('"bad')}---\n${ns('good')}`);
    expect(snapshot.objects.map((o) => o.name)).toEqual(['good']);
    expect(brief(diagnostics)).toEqual(['4:9 YAML_SYNTAX ']);
    expect(diagnostics[0]?.message).toMatch(/never closed/);
  });

  it('a broken middle document keeps the ones before and after, with positions in the whole file', () => {
    const text = `${ns('a')}---\n${ns("'b")}---\n${ns('c')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, ports: [{containerPort: 70000}]}]\n`;
    const { snapshot, diagnostics } = load(text);
    expect(snapshot.objects.map((o) => o.name)).toEqual(['a', 'c', 'p']);
    expect(brief(diagnostics)).toEqual(['9:9 YAML_SYNTAX ', '20:35 PORT_INVALID spec.containers[0].ports[0].containerPort']);
  });

  it('keeps %YAML directives and comments with the document after them; `...` ends a document', () => {
    const text = `# header\n%YAML 1.1\n---\n${ns('a')}...\n%YAML 1.1\n---\n${ns('b')}...\n---\n${ns('c')}`;
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(snapshot.objects.map((o) => [o.name, o.source.line])).toEqual([
      ['a', 4],
      ['b', 11],
      ['c', 17],
    ]);
  });

  it('a leading ---, `--- # comment`, `---#comment` and `--- {inline}` all separate documents', () => {
    const text = `---\n${ns('a')}--- # next\n${ns('b')}---#next\n${ns('c')}--- {apiVersion: v1, kind: Namespace, metadata: {name: d}}\n`;
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(snapshot.objects.map((o) => [o.name, o.source.line])).toEqual([
      ['a', 2],
      ['b', 7],
      ['c', 12],
      ['d', 16],
    ]);
  });

  it('splits in one pass, with pieces that cover the text', () => {
    const text = 'a: 1\n---\nb: 2\n--- x\n...\nc: 3\n';
    const pieces = splitYamlStream(text);
    expect(pieces.map((p) => [p.offset, p.text])).toEqual([
      [0, 'a: 1\n'],
      [9, 'b: 2\n'],
      [14, '--- x\n...\n'],
      [24, 'c: 3\n'],
    ]);
    for (const p of pieces) expect(text.slice(p.offset, p.offset + p.text.length)).toBe(p.text);
    // `--- x` is content after the marker (kept); a `---` inside a line is not a separator.
    expect(splitYamlStream('a: "x --- y"\n')).toHaveLength(1);
  });

  it('never prints: the YAML parser runs silent (logLevel), its findings become diagnostics', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    load('%YAML 9.9\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    load('? [a, b]\n: c\n');
    load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? {x: 1}\n  : y\n');
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(emit).not.toHaveBeenCalled();
  });

  afterEach(() => vi.restoreAllMocks());

  it('a map key that is a list or a map is an error and the document is skipped (go-yaml: invalid map key)', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? [x, y]\n  : z\n---\n${ns('ok')}`;
    const { snapshot, diagnostics } = load(text);
    expect(brief(diagnostics)).toEqual(['5:5 YAML_KEY_INVALID ']);
    expect(diagnostics[0]?.message).toBe('invalid map key: a key must be a string, number or boolean, not a list');
    expect(snapshot.objects.map((o) => o.name)).toEqual(['ok']);
    // Scalar keys of any type are fine: sigs.k8s.io/yaml turns them into strings.
    expect(errors(load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {"1": x, "*": z, 2: w}\n').diagnostics)).toEqual([]);
  });
});

describe('NetworkPolicy messages (pkg/apis/networking/validation)', () => {
  it('D2 ValidateNetworkPolicyPeer: ipBlock with another peer is Forbidden, in upstream words', () => {
    const [d] = load(np('  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n')).diagnostics;
    expect(d?.code).toBe('PEER_MIXED');
    expect(d?.message).toBe('spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer');
    expect(d?.hint).toMatch(/two list items/);
  });

  it('D3 ValidateNetworkPolicyPort → IsValidPortName: a quoted number is a name without a letter; the advice is in the hint', () => {
    const ds = load(np('  ingress:\n  - ports:\n    - port: "80"\n')).diagnostics;
    expect(ds.map((x) => x.message)).toEqual(['spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)']);
    expect(ds[0]?.hint).toMatch(/port: 80 without quotes/);
  });

  it('D4 ValidateNetworkPolicyPort: endPort below port and out of range reports both', () => {
    const ds = load(np('  ingress:\n  - ports:\n    - {port: 5, endPort: 0}\n')).diagnostics;
    expect(ds.map((x) => x.message)).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 0: must be greater than or equal to `port`',
      'spec.ingress[0].ports[0].endPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('D4 a named port with endPort: the endPort error and the name errors', () => {
    const ds = load(np('  ingress:\n  - ports:\n    - {port: Web_1, endPort: 90}\n')).diagnostics;
    expect(ds.map((x) => x.message)).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "Web_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
    ]);
  });

  it('D5 ValidateNetworkPolicySpec: more than two policyTypes is one error and no per-entry check', () => {
    const ds = load(np('  policyTypes: [Ingress, Egress, Foo]\n')).diagnostics;
    expect(ds.map((x) => x.message)).toEqual(['spec.policyTypes: Invalid value: ["Ingress","Egress","Foo"]: may not specify more than two policyTypes']);
  });
});

describe('Pod ports and labels (pkg/apis/core/validation)', () => {
  it('D6 validateContainerPorts: containerPort 0 or absent is Required', () => {
    for (const port of ['{containerPort: 0}', '{name: http}', '{containerPort: null}']) {
      const ds = load(pod(`  containers:\n  - name: c\n    ports: [${port}]\n`)).diagnostics;
      expect(ds.map((x) => [x.code, x.message])).toEqual([['FIELD_REQUIRED', 'spec.containers[0].ports[0].containerPort: Required value']]);
    }
    // Negative is out of range, as before.
    expect(load(pod('  containers:\n  - name: c\n    ports: [{containerPort: -1}]\n')).diagnostics.map((x) => x.code)).toEqual(['PORT_INVALID']);
  });

  it('D7 container and Service protocols are listed sorted (supportedPortProtocols.List()); NetworkPolicy keeps TCP, UDP, SCTP', () => {
    const [c] = load(pod('  containers:\n  - name: c\n    ports: [{containerPort: 80, protocol: ICMP}]\n')).diagnostics;
    expect(c?.message).toBe('spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"');
    const [s] = load('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, protocol: ICMP}]\n').diagnostics;
    expect(s?.message).toBe('spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"');
    const [n] = load(np('  ingress:\n  - ports: [{protocol: ICMP}]\n')).diagnostics;
    expect(n?.message).toBe('spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"');
  });

  it('D8 an invalid Pod label is reported once (ValidateObjectMeta); a template label once too', () => {
    expect(load(pod('  containers: [{name: c}]\n', '  name: p\n  labels: {-bad: x}\n')).diagnostics.map((x) => [x.code, x.path])).toEqual([['LABEL_INVALID', 'metadata.labels.-bad']]);
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, -bad: x}}\n    spec: {containers: [{name: c}]}\n';
    expect(load(deploy).diagnostics.map((x) => [x.code, x.path])).toEqual([['LABEL_INVALID', 'spec.template.metadata.labels.-bad']]);
  });
});

describe('D9 a wrong type is one error: Required only when the value is absent, null or an empty list', () => {
  const cases: [string, string, string][] = [
    ['containers a map', pod('  containers:\n    name: c\n'), 'spec.containers'],
    ['name a number', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 123\n', 'metadata.name'],
    ['metadata a number', 'apiVersion: v1\nkind: Namespace\nmetadata: 7\n', 'metadata'],
    ['pod spec a list', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: []\n', 'spec'],
    ['Service ports a map', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: {port: 80}\n', 'spec.ports'],
    ['Service port name a number', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{name: 1, port: 80}, {name: b, port: 81}]\n', 'spec.ports[0].name'],
    ['ExternalName a number', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: ExternalName, externalName: 5}\n', 'spec.externalName'],
    ['Deployment template a list', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template: []\n', 'spec.template'],
    ['CronJob jobTemplate a string', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "* * * * *", jobTemplate: x}\n', 'spec.jobTemplate'],
    ['EndpointSlice addressType a number', 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e}\naddressType: 4\n', 'addressType'],
    [
      'Ingress pathType a number',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - http:\n      paths:\n      - {path: /, pathType: 1, backend: {service: {name: s, port: {number: 80}}}}\n',
      'spec.rules[0].http.paths[0].pathType',
    ],
  ];
  it.each(cases)('%s', (_, text, path) => {
    expect(load(text).diagnostics.map((x) => [x.code, x.path])).toEqual([['FIELD_TYPE', path]]);
  });

  it('still Required when absent, null or []', () => {
    for (const containers of ['', '  containers: null\n', '  containers: []\n']) {
      expect(load(pod(containers || '  hostNetwork: false\n')).diagnostics.map((x) => [x.code, x.path])).toEqual([['FIELD_REQUIRED', 'spec.containers']]);
    }
  });
});

describe('D10 strict field validation outside the NetworkPolicy spec (kubectl --validate=strict)', () => {
  it('metadata and a workload spec', () => {
    const d = load(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  lables: {app: web}\nspec:\n  replica: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: c}]\n',
    ).diagnostics;
    expect(d.map((x) => [x.code, x.path])).toEqual([
      ['FIELD_UNKNOWN', 'metadata.lables'],
      ['FIELD_UNKNOWN', 'spec.replica'],
    ]);
    expect(d[0]?.hint).toBe('Did you mean "labels"?'); // ObjectMeta has too many fields to list
    expect(d[1]?.hint).toBe('Did you mean "replicas"? Known fields here: replicas, selector, template, strategy, minReadySeconds, revisionHistoryLimit, paused, progressDeadlineSeconds.');
    const n = load(np('').replace('  name: np\n', '  name: np\n  namepsace: prod\n')).diagnostics;
    expect(n.map((x) => [x.code, x.path, x.message])).toEqual([['FIELD_UNKNOWN', 'metadata.namepsace', 'metadata.namepsace: unknown field "namepsace"']]);
  });

  const deployment = (o: { top?: string; spec?: string; template?: string; tmeta?: string; pod?: string; container?: string; port?: string } = {}) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n${o.top ?? ''}spec:\n${o.spec ?? ''}  selector: {matchLabels: {app: web}}\n  template:\n${o.template ?? ''}    metadata:\n      labels: {app: web}\n${o.tmeta ?? ''}    spec:\n${o.pod ?? ''}      containers:\n      - name: c\n${o.container ?? ''}        ports:\n        - containerPort: 80\n${o.port ?? ''}`;
  const cases: [string, string, string, RegExp][] = [
    ['top level', deployment({ top: 'specs: {}\n' }), 'specs', /Did you mean "spec"\?/],
    ['DeploymentSpec', deployment({ spec: '  minReadySecond: 5\n' }), 'spec.minReadySecond', /minReadySeconds/],
    ['PodTemplateSpec', deployment({ template: '    metdata: {}\n' }), 'spec.template.metdata', /"metadata"/],
    ['template ObjectMeta', deployment({ tmeta: '      annotation: {}\n' }), 'spec.template.metadata.annotation', /"annotations"/],
    ['PodSpec', deployment({ pod: '      hostnetwork: true\n' }), 'spec.template.spec.hostnetwork', /"hostNetwork"\? Field names are case-sensitive/],
    ['Container', deployment({ container: '        imagee: nginx\n' }), 'spec.template.spec.containers[0].imagee', /"image"/],
    ['ContainerPort', deployment({ port: '          protocl: TCP\n' }), 'spec.template.spec.containers[0].ports[0].protocl', /"protocol"/],
  ];
  it.each(cases)('%s', (_, text, path, hint) => {
    const ds = load(text).diagnostics;
    expect(ds.map((x) => [x.code, x.path])).toEqual([['FIELD_UNKNOWN', path]]);
    expect(ds[0]?.hint).toMatch(hint);
  });

  it('every kind-specific top level: ConfigMap, EndpointSlice, Endpoints, Pod, Service', () => {
    const cm = load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nimmutable: true\ndata: {a: b}\nbinaryData: {}\nspec: {}\n').diagnostics;
    expect(cm.map((x) => [x.code, x.path])).toEqual([['FIELD_UNKNOWN', 'spec']]);
    const es = load('apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e}\naddressType: IPv4\nendpoints: []\nports: []\nendpoint: []\n').diagnostics;
    expect(es.map((x) => [x.code, x.path, x.hint])).toEqual([['FIELD_UNKNOWN', 'endpoint', 'Did you mean "endpoints"? Known fields here: apiVersion, kind, metadata, addressType, endpoints, ports.']]);
    const ep = load('apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\nsubset: []\n').diagnostics;
    expect(ep.map((x) => [x.code, x.path])).toEqual([['FIELD_UNKNOWN', 'subset']]);
    const svc = load('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selecter: {app: a}\n  ports:\n  - {port: 80, target_port: 8080}\n').diagnostics;
    expect(svc.map((x) => [x.code, x.path])).toEqual([
      ['FIELD_UNKNOWN', 'spec.selecter'],
      ['FIELD_UNKNOWN', 'spec.ports[0].target_port'],
    ]);
  });

  it('Job, CronJob (jobTemplate, its metadata and JobSpec), StatefulSet, DaemonSet, ReplicaSet specs', () => {
    const tpl = '    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c}]}\n';
    const job = load(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelsm: 2\n  template:\n${tpl}`).diagnostics;
    expect(job.map((x) => [x.path, x.hint])).toEqual([['spec.parallelsm', 'Did you mean "parallelism"?']]);
    const cron = load(
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  timezone: UTC\n  jobTemplate:\n    metadata: {labls: {}}\n    spec:\n      backoffLimitPerindex: 1\n      template:\n        spec: {containers: [{name: c}]}\n',
    ).diagnostics;
    expect(cron.map((x) => x.path)).toEqual(['spec.timezone', 'spec.jobTemplate.metadata.labls', 'spec.jobTemplate.spec.backoffLimitPerindex']);
    for (const [kind, field] of [
      ['StatefulSet', 'podManagementPolicies'],
      ['DaemonSet', 'replicas'],
      ['ReplicaSet', 'strategy'],
    ] as const) {
      const ds = load(`apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: x}\nspec:\n  ${field}: 1\n  selector: {matchLabels: {app: a}}\n  template:\n${tpl}`).diagnostics;
      expect(ds.map((x) => [x.code, x.path])).toEqual([['FIELD_UNKNOWN', `spec.${field}`]]);
    }
  });

  it('initContainers and ephemeralContainers are checked with their own field lists', () => {
    const ds = load(pod('  containers: [{name: c, targetContainerName: x}]\n  initContainers: [{name: i, restartPolicy: Always, ports: [{containerPort: 80, hostport: 1}]}]\n  ephemeralContainers: [{name: e, targetContainerName: c, imag: x}]\n')).diagnostics;
    expect(ds.map((x) => x.path)).toEqual(['spec.containers[0].targetContainerName', 'spec.initContainers[0].ports[0].hostport', 'spec.ephemeralContainers[0].imag']);
  });

  it('no false positives: every upstream field of every checked level is accepted', () => {
    // null means "absent" to the decoder, so only the field names are exercised.
    const fields = (s: ReadonlySet<string>, indent: string, skip: readonly string[] = []) =>
      [...s].filter((f) => !skip.includes(f)).map((f) => `${indent}${f}: null\n`).join('');
    const meta = `metadata:\n  name: x\n${fields(OBJECT_META_FIELDS, '  ', ['name', 'namespace'])}`;
    const podSpec = (indent: string) =>
      `${fields(POD_SPEC_FIELDS, indent, ['containers'])}${indent}containers:\n${indent}- name: c\n${fields(CONTAINER_FIELDS, `${indent}  `, ['name', 'ports'])}${indent}  ports:\n${indent}  - containerPort: 80\n${fields(CONTAINER_PORT_FIELDS, `${indent}    `, ['containerPort'])}${indent}ephemeralContainers:\n${indent}- name: e\n${fields(EPHEMERAL_CONTAINER_FIELDS, `${indent}  `, ['name'])}`;
    const docs = [
      `apiVersion: v1\nkind: Pod\n${meta}spec:\n${podSpec('  ').replace('  ephemeralContainers: null\n', '')}status: {anything: goes}\n`,
      `apiVersion: v1\nkind: Service\n${meta}spec:\n${fields(SERVICE_SPEC_FIELDS, '  ', ['ports'])}  ports:\n  - port: 80\n${fields(SERVICE_PORT_FIELDS, '    ', ['port'])}`,
      ...(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'] as const).map(
        (kind) =>
          `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}\nkind: ${kind}\n${meta}spec:\n${fields(WORKLOAD_SPEC_FIELDS[kind], '  ', ['selector', 'template'])}  selector: {matchLabels: {a: b}}\n  template:\n    metadata:\n      labels: {a: b}\n${fields(OBJECT_META_FIELDS, '      ', ['labels'])}    spec:\n${podSpec('      ').replace('      ephemeralContainers: null\n', '')}`,
      ),
      `apiVersion: batch/v1\nkind: CronJob\n${meta}spec:\n${fields(WORKLOAD_SPEC_FIELDS.CronJob, '  ', ['jobTemplate'])}  jobTemplate:\n    metadata: {labels: {a: b}}\n    spec:\n${fields(WORKLOAD_SPEC_FIELDS.Job, '      ', ['template'])}      template:\n        spec:\n          containers: [{name: c}]\n`,
      `apiVersion: v1\nkind: ConfigMap\n${meta}${fields(TOP_LEVEL_FIELDS.ConfigMap!, '', ['apiVersion', 'kind', 'metadata'])}`,
    ];
    const ds = load(docs.join('---\n')).diagnostics;
    expect(ds.filter((x) => x.code === 'FIELD_UNKNOWN' || x.code === 'YAML_SYNTAX')).toEqual([]);
  });

  it('status and the contents of fields kflow does not model are opaque', () => {
    const text = pod(
      '  containers:\n  - name: c\n    resources: {limits: {cpu: 1}, whatever: 1}\n    securityContext: {foo: 1}\n    livenessProbe: {bar: 1}\n  volumes: [{name: v, madeUp: {}}]\n  affinity: {nodeAffinity: {x: 1}}\n  securityContext: {y: 1}\n  tolerations: [{z: 1}]\nstatus:\n  phase: Running\n  podIP: 10.0.0.9\n  someFutureField: {a: 1}\n',
    );
    expect(load(text).diagnostics).toEqual([]);
  });
});

describe('D11 did-you-mean: case-insensitive edit distance ≤ 2 (transpositions count one)', () => {
  it('suggests the nearest field', () => {
    expect(load(np('  ingres: []\n')).diagnostics[0]?.hint).toMatch(/Did you mean "ingress"\?/);
    expect(closestField('namepsace', [...OBJECT_META_FIELDS])).toBe('namespace');
    expect(closestField('podselector', ['podSelector', 'policyTypes'])).toBe('podSelector');
    expect(closestField('egres', ['ingress', 'egress'])).toBe('egress');
    expect(closestField('zzz', ['ingress', 'egress', 'ip'])).toBeUndefined();
    expect(closestField('ab', ['ip', 'os'])).toBeUndefined();
  });

  it('editDistance is the optimal string alignment distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(2); // gives up at the limit
  });

  it('no guess: a short list is printed, a long one points at kubectl explain', () => {
    expect(load(np('  zzz: 1\n')).diagnostics[0]?.hint).toBe('Known fields here: podSelector, policyTypes, ingress, egress.');
    expect(load(pod('  containers: [{name: c}]\n  qqqqqq: 1\n')).diagnostics[0]?.hint).toBe('`kubectl explain pod.spec` lists the fields of this object.');
  });
});

describe('D12 sloppy CIDRs are accepted with a warning (IsValidCIDRForLegacyField, StrictIPCIDRValidation off by default)', () => {
  it('leading zeros in the address or the prefix length, in cidr and except', () => {
    const ds = load(np('  ingress:\n  - from:\n    - ipBlock: {cidr: 010.0.0.0/8, except: [10.1.0.0/016]}\n    - ipBlock: {cidr: 10.0.0.0/08}\n')).diagnostics;
    expect(errors(ds)).toEqual([]);
    expect(ds.map((x) => [x.severity, x.code, x.message])).toEqual([
      ['warning', 'CIDR_NOT_STANDARD', 'spec.ingress[0].from[0].ipBlock.cidr: non-standard CIDR value "010.0.0.0/8" is invalid: use "10.0.0.0/8"'],
      ['warning', 'CIDR_NOT_STANDARD', 'spec.ingress[0].from[0].ipBlock.except[0]: non-standard CIDR value "10.1.0.0/016" is invalid: use "10.1.0.0/16"'],
      ['warning', 'CIDR_NOT_STANDARD', 'spec.ingress[0].from[1].ipBlock.cidr: non-standard CIDR value "10.0.0.0/08" is invalid: use "10.0.0.0/8"'],
    ]);
  });

  it('the policy means what the API server stores: 010.0.0.0/8 is 10.0.0.0/8 (decimal, not octal)', () => {
    const { snapshot } = load(np('  ingress:\n  - from:\n    - ipBlock: {cidr: 010.0.0.0/8}\n'));
    const block = snapshot.networkPolicies[0]?.ingress[0]?.peers?.[0]?.ipBlock;
    expect(block?.set.contains({ family: 4, value: 10 * 2 ** 24 + 5 })).toBe(true);
    expect(block?.set.contains({ family: 4, value: 8 * 2 ** 24 })).toBe(false);
  });

  it('host bits set: upstream ambiguity warning; garbage is still an error', () => {
    const ds = load(np('  ingress:\n  - from:\n    - ipBlock: {cidr: 10.1.2.3/8}\n')).diagnostics;
    expect(ds.map((x) => [x.severity, x.code, x.message])).toEqual([
      ['warning', 'CIDR_NOT_CANONICAL', 'spec.ingress[0].from[0].ipBlock.cidr: CIDR value "10.1.2.3/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.1.2.3/32"?)'],
    ]);
    for (const bad of ['10.0.0.0/33', '10.0.0.256/8', '10.0.0/8', ' 10.0.0.0/8', '10.0.0.0/+8', '1.2.3.4']) {
      const e = errors(load(np(`  ingress:\n  - from:\n    - ipBlock: {cidr: "${bad}"}\n`)).diagnostics);
      expect(e.map((x) => [x.code, x.message])).toEqual([['CIDR_INVALID', `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: ${JSON.stringify(bad)}: ${CIDR_MSG}`]]);
    }
  });

  it('Node spec.podCIDR(s) too; pods are addressed from the decimal reading', () => {
    const text = 'apiVersion: v1\nkind: Node\nmetadata: {name: node-a}\nspec: {podCIDR: 010.244.001.0/24}\n---\n' + pod('  nodeName: node-a\n  containers: [{name: c}]\n');
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics.map((x) => [x.severity, x.code, x.path])).toEqual([['warning', 'CIDR_NOT_STANDARD', 'spec.podCIDR']]);
    expect(snapshot.pods[0]?.ips).toEqual([{ family: 4, value: (10 << 24) + (244 << 16) + (1 << 8) + 2 }]);
  });
});

describe('D13 IP and CIDR messages carry upstream examples (IsValidIPForLegacyField, IsValidCIDRForLegacyField)', () => {
  it('status.podIP, podIPs, Node podCIDR(s), LoadBalancer ingress, EndpointSlice and Endpoints addresses', () => {
    const pd = load('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\nstatus: {phase: Running, podIP: 1.2.3, podIPs: [{ip: 1.2.3.4}, {ip: "::g"}]}\n').diagnostics;
    expect(pd.map((x) => x.message)).toEqual([
      `status.podIP: Invalid value: "1.2.3": ${IP_MSG}`,
      `status.podIPs[1].ip: Invalid value: "::g": ${IP_MSG}`,
    ]);
    const node = load('apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {podCIDR: 10.0.0.0}\n').diagnostics;
    expect(node.map((x) => x.message)).toEqual([`spec.podCIDR: Invalid value: "10.0.0.0": ${CIDR_MSG}`]);
    const nodes = load('apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {podCIDRs: [10.0.0.0/24, "fd00::/300"]}\n').diagnostics;
    expect(nodes.map((x) => x.message)).toEqual([`spec.podCIDRs[1]: Invalid value: "fd00::/300": ${CIDR_MSG}`]);
    const lb = load('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\nstatus: {loadBalancer: {ingress: [{ip: 300.1.1.1}]}}\n').diagnostics;
    expect(lb.map((x) => x.message)).toEqual([`status.loadBalancer.ingress[0].ip: Invalid value: "300.1.1.1": ${IP_MSG}`]);
    const es = load('apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.x]}]\n').diagnostics;
    expect(es.map((x) => x.message)).toEqual([`endpoints[0].addresses[0]: Invalid value: "10.0.0.x": ${IP_MSG}`]);
    const ep = load('apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\nsubsets: [{addresses: [{ip: nope}]}]\n').diagnostics;
    expect(ep.map((x) => x.message)).toEqual([`subsets[0].addresses[0].ip: Invalid value: "nope": ${IP_MSG}`]);
  });
});

describe('workload selectors (pkg/apis/apps/validation)', () => {
  const workload = (kind: string, selector: string, labels: string) =>
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: w}\nspec:\n  selector: ${selector}\n  template:\n    metadata:\n      ${labels}\n    spec: {containers: [{name: c}]}\n`;

  it.each([
    ['Deployment', 'deployment'],
    ['ReplicaSet', 'deployment'], // ValidateReplicaSetSpec reuses the Deployment wording
    ['StatefulSet', 'statefulset'],
    ['DaemonSet', 'daemonset'],
  ])('D14 %s: empty selector message names %s, with the selector ({}) as the value', (kind, word) => {
    const ds = load(workload(kind, '{}', 'labels: {app: db}')).diagnostics;
    expect(ds.map((x) => [x.code, x.message])).toEqual([['SELECTOR_INVALID', `spec.selector: Invalid value: {}: empty selector is invalid for ${word}`]]);
  });

  it('D17 selector/template mismatch shows the template labels as JSON, keys sorted (field.Invalid BadValue, v1.36 ErrorBody)', () => {
    const ds = load(workload('Deployment', '{matchLabels: {app: web}}', 'labels: {tier: "1", app: api}')).diagnostics;
    expect(ds.map((x) => x.message)).toEqual(['spec.template.metadata.labels: Invalid value: {"app":"api","tier":"1"}: `selector` does not match template `labels`']);
    const none = load(workload('StatefulSet', '{matchLabels: {app: web}}', 'annotations: {}')).diagnostics;
    expect(none.map((x) => x.message)).toEqual(['spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`']);
  });
});

describe('D15 POD_CIDR_EXHAUSTED points at a manifest', () => {
  const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n';

  it("at the Node's spec.podCIDR when the Node's range runs out", () => {
    const ds = load(`apiVersion: v1\nkind: Node\nmetadata: {name: tiny}\nspec: {podCIDR: 10.0.0.0/30}\n---\n${deploy}`).diagnostics;
    expect(ds.map((x) => `${x.file}:${x.line}:${x.column} ${x.code} ${x.path}`)).toEqual(['in.yaml:4:8 POD_CIDR_EXHAUSTED spec.podCIDR']);
    expect(ds[0]?.message).toMatch(/^no pod IP left for default\/web-.* Node tiny's pod CIDR 10\.0\.0\.0\/30 is used up$/);
  });

  it('at the workload when the default range runs out', () => {
    const { diagnostics } = loadSnapshot([{ file: FILE, text: deploy }], { addressing: { defaultPodCidr: '10.9.0.0/30', defaultNodeCidr: '172.18.0.0/16' } });
    expect(diagnostics.map((x) => `${x.file}:${x.line}:${x.column} ${x.code}`)).toEqual(['in.yaml:1:1 POD_CIDR_EXHAUSTED']);
  });
});

describe('D16 ValidateObjectMeta: generateName is checked with the name rule as a prefix', () => {
  it('an invalid generateName is reported; a trailing dash is fine (maskTrailingDash)', () => {
    const ds = load('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: Cfg-\n').diagnostics;
    expect(ds.map((x) => [x.code, x.path, x.message])).toEqual([
      [
        'NAME_INVALID',
        'metadata.generateName',
        `metadata.generateName: Invalid value: "Cfg-": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    ]);
    expect(load('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cfg-\n').diagnostics).toEqual([]);
  });
});
