import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Document, parseAllDocuments } from 'yaml';
import { findNonScalarKey, splitYamlStream } from '../../src/ingest/parse-documents.js';
import { loadPlainValue } from '../../src/ingest/yaml-values.js';

/**
 * The fast path of the YAML reader (`loadPlainValue`, js-yaml with the `yaml` library's YAML 1.1
 * scalar tags) against its reference, the slow path of `parseDocuments`: the `yaml` library
 * (2.x) with `parseAllDocuments(text, { version: '1.1', uniqueKeys: true, ... })` and
 * `Document.toJS({ maxAliasCount: 1000 })`.
 *
 * The invariant, for any text (one piece of a stream):
 *  - when the reference reports an error or a warning, has a null or collection map key, or fails
 *    in toJS, `loadPlainValue` returns `undefined` (the fast path never accepts what the slow path
 *    reports);
 *  - otherwise `loadPlainValue` returns `undefined` or `{ value }` with `value` strictly equal
 *    (`toStrictEqual`: -0 is not 0, NaN is NaN, a Date is not a string, prototypes count; plus the
 *    order of map keys) to what the slow path would hand on: the single document's `toJS` value,
 *    or null for no document / a null document. A piece the slow path reads as several non-null
 *    documents must be declined.
 */

// The slow path's own options: YAML 1.1 syntax, plain scalars resolved as Kubernetes does.
import { YAML_OPTIONS } from '../../src/ingest/yaml-scalars.js';

type Reference = { readonly kind: 'rejected'; readonly why: readonly string[] } | { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'several'; readonly values: readonly unknown[] };

/** A null or collection map key: parse-documents rejects the document (kubectl: "invalid map key"). */
function hasNonScalarKey(doc: Document.Parsed): boolean {
  return findNonScalarKey(doc) !== undefined;
}

/** What the slow path of parseDocuments makes of one piece. */
function reference(text: string): Reference {
  const docs = parseAllDocuments(text, YAML_OPTIONS) as unknown as readonly Document.Parsed[];
  const values: unknown[] = [];
  for (const doc of docs) {
    const why = [...doc.errors, ...doc.warnings].map((e) => `${e.code}: ${e.message.split('\n')[0]}`);
    if (why.length > 0) return { kind: 'rejected', why };
    if (doc.contents === null) continue;
    if (hasNonScalarKey(doc)) return { kind: 'rejected', why: ['null or collection map key'] };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      return { kind: 'rejected', why: [`toJS: ${(e as Error).message}`] };
    }
    if (value !== null && value !== undefined) values.push(value);
  }
  if (values.length === 0) return { kind: 'value', value: null };
  if (values.length === 1) return { kind: 'value', value: values[0] };
  return { kind: 'several', values };
}

/** Map keys in document order, all the way down (toStrictEqual ignores key order). */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return Object.entries(value).map(([k, v]) => [k, keyOrder(v)]);
  return null;
}

/** Asserts the invariant for one text; returns whether the fast path took it. */
function expectFastPathAgrees(text: string): boolean {
  const fast = loadPlainValue(text);
  const ref = reference(text);
  const where = `text ${JSON.stringify(text)}; reference ${JSON.stringify(ref, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`;
  if (ref.kind !== 'value') {
    expect(fast, `the fast path accepted what the slow path reports: ${where}`).toBeUndefined();
    return false;
  }
  if (fast === undefined) return false;
  expect(fast.value, where).toStrictEqual(ref.value);
  expect(keyOrder(fast.value), `key order: ${where}`).toStrictEqual(keyOrder(ref.value));
  return true;
}

describe('the invariant checker itself', () => {
  it('toStrictEqual tells -0 from 0, a Date from its ISO string and a null-prototype object from a plain one, and takes NaN as NaN', () => {
    expect(() => expect(-0).toStrictEqual(0)).toThrow();
    expect(() => expect([0]).toStrictEqual([-0])).toThrow();
    expect(() => expect('2001-12-14T00:00:00.000Z').toStrictEqual(new Date('2001-12-14T00:00:00.000Z'))).toThrow();
    expect(() => expect(Object.assign(Object.create(null) as object, { a: 1 })).toStrictEqual({ a: 1 })).toThrow();
    expect(() => expect({ a: 1, b: undefined }).toStrictEqual({ a: 1 })).toThrow();
    expect(Number.NaN).toStrictEqual(Number.NaN);
    expect(keyOrder({ a: 1, b: 2 })).not.toStrictEqual(keyOrder({ b: 2, a: 1 }));
  });
});

// ---------------------------------------------------------------------------------------------
// 1. Hand-picked edge cases: each row names the YAML 1.1 rule (or `yaml` library behaviour) it pins.
// ---------------------------------------------------------------------------------------------

interface Row {
  readonly rule: string;
  readonly text: string;
}

const LONG = 'x'.repeat(1100);

const EDGE_CASES: readonly Row[] = [
  // Scalars resolved by the YAML 1.1 types (yaml.org/type/{bool,int,float,null,timestamp}.html).
  { rule: 'YAML 1.1 bool (yaml.org/type/bool): yes/no/on/off/y/n', text: 'a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\n' },
  { rule: 'YAML 1.1 bool: True/TRUE/False/FALSE', text: '- True\n- TRUE\n- False\n- FALSE\n' },
  { rule: 'YAML 1.1 bool: On/OFF/Yes/NO', text: '- On\n- OFF\n- Yes\n- NO\n' },
  { rule: 'YAML 1.1 bool: Y/N (single letters)', text: '- Y\n- N\n- y\n- n\n' },
  { rule: 'YAML 1.1 bool as map keys: yes/on become the key "true"', text: 'yes: 1\noff: 2\n' },
  { rule: 'YAML 1.1 bool as keys: yes and on are the same key after resolution (duplicate)', text: 'yes: 1\non: 2\n' },
  { rule: 'YAML 1.1 int (yaml.org/type/int): octal 0777', text: 'mode: 0777\n' },
  { rule: 'YAML 1.1 int: 08 is not octal (decimal 8)', text: 'a: 08\n' },
  { rule: 'YAML 1.1 int: 0o17 is a string in 1.1 (1.2 octal syntax)', text: 'a: 0o17\n' },
  { rule: 'YAML 1.1 int: sexagesimal 1:30', text: 'a: 1:30\nb: 190:20:30\nc: -1:30\n' },
  { rule: 'YAML 1.1 float: sexagesimal 1:30.5', text: 'a: 1:30.5\n' },
  { rule: 'YAML 1.1 int: a sexagesimal digit over 59 (1:60) is a string', text: 'a: 1:60\n' },
  { rule: 'YAML 1.1 int: hex 0x1F and -0x1F', text: '- 0x1F\n- -0x1F\n- 0x_1F\n' },
  { rule: 'YAML 1.1 int: binary 0b101', text: '- 0b101\n- 0b1_0\n' },
  { rule: 'YAML 1.1 int: underscore in ints 1_000', text: '- 1_000\n- 1__0\n- 1_\n' },
  { rule: 'YAML 1.1 int: +1', text: 'a: +1\n' },
  { rule: 'YAML 1.1 int: -0 stays negative zero', text: 'a: -0\nb: +0\nc: 0\n' },
  { rule: 'YAML 1.1 int: very large ints 12345678901234567890 (a number, not a bigint)', text: '- 12345678901234567890\n- -12345678901234567890\n' },
  { rule: 'YAML 1.1 float (yaml.org/type/float): 1e3 vs 1E3 vs 1.0e+3 vs 1.0E-3 (the yaml library also takes exponents without a dot)', text: '- 1e3\n- 1E3\n- 1.0e+3\n- 1.0E-3\n' },
  { rule: 'YAML 1.1 float: .5, 5., 0.', text: '- .5\n- 5.\n- 0.\n' },
  { rule: 'YAML 1.1 float: underscore 685_230.15', text: 'a: 685_230.15\n' },
  { rule: 'YAML 1.1 float: .inf/-.Inf/+.inf/.nan/.NaN', text: '- .inf\n- -.Inf\n- +.inf\n- .nan\n- .NaN\n' },
  { rule: 'YAML 1.1 float (yaml library): a lone . resolves as a float', text: '- .\n- ._\n' },
  { rule: 'YAML 1.1 float: overflow 1.7976931348623157e309 is Infinity', text: 'a: 1.7976931348623157e309\n' },
  { rule: 'YAML 1.1 null (yaml.org/type/null): ~, null, Null, NULL', text: '- ~\n- null\n- Null\n- NULL\n- nULL\n' },
  { rule: 'YAML 1.1 null: empty value', text: 'a:\nb: \n' },
  { rule: 'YAML 1.1 timestamp (yaml.org/type/timestamp): 2001-12-14', text: 'a: 2001-12-14\n' },
  { rule: 'YAML 1.1 timestamp: 2001-12-14t21:59:43.10-05:00 and spaced form', text: '- 2001-12-14t21:59:43.10-05:00\n- 2001-12-14 21:59:43.10 -5\n- 2002-1-1\n' },
  { rule: 'YAML 1.1 timestamp as a map key', text: '2001-12-14: a\n' },
  { rule: 'YAML 1.1 timestamp quoted stays a string', text: 'a: "2001-12-14"\n' },
  { rule: "quoted '0777' stays a string (only plain scalars are resolved)", text: "a: '0777'\nb: \"yes\"\nc: '~'\n" },
  { rule: 'YAML 1.1 value/merge-like plain = is a string', text: 'a: =\n' },
  // Keys and duplicates (uniqueKeys compares resolved scalar values).
  { rule: 'duplicate keys are an error (yaml uniqueKeys)', text: 'a: 1\na: 2\n' },
  { rule: 'key 1 vs 01: duplicates after YAML 1.1 int resolution', text: '1: a\n01: b\n' },
  { rule: 'key 1 vs 1.0: duplicates after resolution', text: '1: a\n1.0: b\n' },
  { rule: 'quoted "1" vs plain 1 as keys: different scalars, same JSON key', text: '"1": a\n1: b\n' },
  { rule: '.nan twice as keys: NaN !== NaN, same JSON key', text: '.nan: a\n.NaN: b\n' },
  { rule: 'null key ~ is rejected (findNonScalarKey)', text: '~: a\n' },
  { rule: 'empty key `: x` is rejected', text: ': x\n' },
  { rule: '__proto__ as a key is an own property', text: '__proto__: 1\n' },
  { rule: 'keys with colons like a:b: c', text: 'a:b: c\nf:metadata: {}\n' },
  { rule: '-: v is a map with key "-"', text: '-: v\n' },
  // Syntax.
  { rule: 'tabs (whose place in indentation the libraries treat mostly alike)', text: 'a:\n\tb: 1\n' },
  { rule: 'tab after a value', text: 'a: b\t\n' },
  { rule: 'flow collection closing on its own line', text: 'a: [1,\n  2\n]\n' },
  { rule: 'flow collection continuation line not indented enough (yaml BAD_INDENT)', text: 'a: [1,\n2]\n' },
  { rule: 'flow collection continuation at the indentation of its key (yaml BAD_INDENT)', text: 'a:\n  b: [1,\n  2]\n' },
  { rule: 'flow collection continuation under a sequence item (yaml BAD_INDENT)', text: '- [1,\n2]\n' },
  { rule: 'flow map continuation line not indented enough (yaml BAD_INDENT)', text: 's: {\n1}\n' },
  { rule: 'flow map across lines, sufficiently indented', text: '{a: 1,\n b: 2}\n' },
  { rule: '`? ` explicit keys', text: '? a\n: b\n' },
  { rule: 'anchors/aliases', text: 'a: &x 1\nb: *x\n' },
  { rule: 'tags !!str', text: 'a: !!str 0777\n' },
  { rule: 'merge <<', text: 'base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n' },
  { rule: 'directive %YAML 1.1', text: '%YAML 1.1\n---\na: 1\n' },
  { rule: 'document with ... (document end)', text: 'a: 1\n...\n' },
  { rule: 'content after ... is a second document', text: 'a: 1\n...\nb: 2\n' },
  { rule: 'two documents in one piece', text: 'a: 1\n---\nb: 2\n' },
  { rule: 'a document followed by an empty one', text: 'a: 1\n---\n' },
  { rule: 'comment only', text: '# just a comment\n' },
  { rule: 'empty text', text: '' },
  { rule: 'a lone ~ document', text: '~\n' },
  { rule: '`--- {a: 1}` inline', text: '--- {a: 1}\n' },
  { rule: 'unicode escapes in double quotes \\u00e9, \\x41, \\N, \\_, \\L, \\P, \\/', text: 'a: "\\u00e9\\x41\\N\\_\\L\\P\\/\\t\\ "\n' },
  { rule: 'unknown escape \\q in double quotes is an error', text: 'a: "\\q"\n' },
  { rule: "single-quote '' escape", text: "a: 'it''s'\n" },
  { rule: 'folded > with strip chomping >-', text: 'a: >-\n  x\n\n  y\n' },
  { rule: 'literal with keep chomping |+', text: 'a: |+\n  x\n\nb: 1\n' },
  { rule: 'literal with strip chomping |-', text: 'a: |-\n  x\n  y\n' },
  { rule: 'indentation indicator |2', text: 'a: |2\n   x\n  y\n' },
  { rule: 'multi-line plain scalar folding', text: 'a: b\n  c\n\n  d\n' },
  { rule: 'multi-line double-quoted scalar, indented', text: 'a: "x\n  y"\n' },
  { rule: 'multi-line double-quoted scalar, continuation not indented (yaml: missing closing quote)', text: 'a: "x\ny"\n' },
  { rule: 'multi-line single-quoted scalar, continuation not indented', text: "a: 'x\ny'\n" },
  { rule: 'multi-line double-quoted scalar ending in an escaped quote, continuation not indented and starting with "', text: 'n: "\\"\n"1":\n' },
  { rule: 'multi-line plain scalar, continuation not indented', text: 'a: x\ny\n' },
  { rule: 'long lines (a 1100-char value)', text: `a: ${LONG}\n` },
  { rule: 'implicit key over 1024 chars (yaml KEY_OVER_1024_CHARS)', text: `${LONG}: v\n` },
  { rule: '`key: value # comment`', text: 'a: b # c\n' },
  { rule: '`#` inside values like a#b', text: 'a: a#b\nb: x #y\n' },
  { rule: 'comment right after a quoted scalar, no space (yaml: comments must be separated)', text: 'a: "b"#c\n' },
  { rule: 'comment right after a flow collection, no space', text: 'a: [1]#c\n' },
  { rule: 'flow {a:1} without space is a single key "a:1"', text: '{a:1}\n' },
  { rule: 'flow {:x} is a key ":x"', text: '{:x}\n' },
  { rule: 'flow map on one line: matchLabels: {app: web}', text: 'matchLabels: {app: web}\n' },
  { rule: 'flow seq on one line: ports: [80, 443]', text: 'ports: [80, 443]\n' },
  { rule: 'JSON-style flow map {"a":1}', text: '{"a":1,"b":[true,null]}\n' },
  { rule: 'a sequence entry without a space (-b) after a sequence', text: '- a\n-b\n' },
  { rule: 'reserved indicator @ starting a plain scalar', text: 'a: @b\n' },
  { rule: 'reserved indicator ` starting a plain scalar', text: 'a: `b\n' },
  { rule: 'block map value on the same line as a key (a: b: c)', text: 'a: b: c\n' },
  { rule: 'collection key [a]: b is rejected', text: '[a]: b\n' },
  { rule: 'null key in a flow sequence: [:] (a single-pair map with an empty key)', text: '[:]\n' },
  { rule: 'null key in a flow sequence after an item: [a, :]', text: '[a, :]\n' },
  { rule: 'null key at the end of a flow map: {a: 1, :}', text: '{a: 1, :}\n' },
  { rule: 'comment right after an empty flow map, no space', text: 'a: {}#c\n' },
  { rule: 'comment right after an empty double-quoted scalar, no space', text: 'a: ""#\n' },
  { rule: 'multi-line single-quoted value whose closing quote, unindented, is followed by a key', text: "n: '\n'a:\n" },
  // Document markers (YAML 1.2 spec 9.1; the yaml library applies them under version 1.1 too).
  { rule: 'block mapping on the --- line (yaml: Block collection cannot start on same line with directives-end marker)', text: '--- a: 1\n' },
  { rule: 'block sequence on the --- line', text: '--- - a\n' },
  { rule: '--- followed by a non-space is no marker: ---2 is a plain scalar', text: '---2\n' },
  { rule: '--- followed by a non-space is no marker: ---a: 1 has the key ---a', text: '---a: 1\n' },
  { rule: '---- is a plain scalar', text: '----\n' },
  // Block sequences.
  { rule: 'compact nested sequence with an empty item (- -) followed by a sibling item - b', text: '- -\n- b\n' },
  { rule: 'compact nested sequence with an empty item (- -) followed by an empty sibling item', text: '- -\n-\n' },
  { rule: 'empty sequence item under a key in a sequence item, then an empty sibling item', text: '- d:\n  -\n-\n' },
  { rule: 'root sequence items at different columns', text: ' -\n-\n' },
  // Top-level block scalars with an indentation indicator (relative to the document's indentation).
  { rule: 'top-level block scalar with an indentation indicator |2', text: '|2\n  text\n' },
  { rule: 'top-level block scalar >1- with a comment line after it', text: '>1-\n# tail\n' },
  { rule: 'top-level block scalar >1- followed by ... (document end)', text: '>1-\n   text\n...\n' },
  { rule: 'top-level block scalar |2 whose content is indented less than the indicator', text: '|2\n {\n' },
];

/** Rows whose exact value is pinned too, from the YAML 1.1 type specs. */
const EXACT: readonly { readonly rule: string; readonly text: string; readonly value: unknown }[] = [
  {
    rule: 'YAML 1.1 (yaml.org/type/bool): y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON are true, n|N|no|No|NO|false|False|FALSE|off|Off|OFF false',
    text: '[y, Y, yes, Yes, YES, true, True, TRUE, on, On, ON, n, N, no, No, NO, false, False, FALSE, off, Off, OFF]\n',
    value: [...Array<boolean>(11).fill(true), ...Array<boolean>(11).fill(false)],
  },
  {
    rule: 'go-yaml v2 resolve.go (what Kubernetes reads): 0777 octal 511, 0x1F hex 31, 0b101 binary 5, 1_000 is 1000, +1 is 1; base 60 (190:20:30) unsupported: a string',
    text: '- 0777\n- 0x1F\n- 0b101\n- 1_000\n- +1\n- 190:20:30\n',
    value: [511, 31, 5, 1000, 1, '190:20:30'],
  },
  {
    rule: 'go-yaml v2 resolve.go: .inf, -.Inf, .NaN, 685_230.15 (underscores dropped); 1:30.5 a string; -0 is the integer 0',
    text: '- .inf\n- -.Inf\n- .NaN\n- 685_230.15\n- 1:30.5\n- -0\n',
    value: [Infinity, -Infinity, Number.NaN, 685230.15, '1:30.5', 0],
  },
  {
    rule: 'YAML 1.1 (yaml.org/type/null): ~, null, Null, NULL and the empty value are null',
    text: 'a: ~\nb: null\nc: Null\nd: NULL\ne:\n',
    value: { a: null, b: null, c: null, d: null, e: null },
  },
  {
    rule: 'YAML 1.1 (yaml.org/type/str): quoted scalars are never resolved: "0777", \'yes\', "~"',
    text: "- '0777'\n- 'yes'\n- \"~\"\n- \"1:30\"\n",
    value: ['0777', 'yes', '~', '1:30'],
  },
];

describe('edge cases: the fast path never accepts what the yaml library (YAML 1.1) reports, and agrees with it on values', () => {
  it.each(EDGE_CASES.map((r) => [r.rule, r.text] as const))('%s', (_rule, text) => {
    expectFastPathAgrees(text);
  });

  it.each(EXACT.map((r) => [r.rule, r.text, r.value] as const))('%s', (_rule, text, value) => {
    expectFastPathAgrees(text);
    expect(loadPlainValue(text)).toStrictEqual({ value });
  });

  it('go-yaml v2 decode.go: a timestamp decoded into an untyped value stays its text ("for backward compatibility"), in both paths', () => {
    const [doc] = parseAllDocuments('a: 2001-12-14t21:59:43.10-05:00\n', YAML_OPTIONS) as unknown as Document.Parsed[];
    expect(doc!.toJS({ maxAliasCount: 1000 })).toStrictEqual({ a: '2001-12-14t21:59:43.10-05:00' });
    expect(loadPlainValue('a: 2001-12-14\n')).toStrictEqual({ value: { a: '2001-12-14' } });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Ordinary Kubernetes manifests take the fast path.
// ---------------------------------------------------------------------------------------------

const KUBECTL_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "3"
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"shop"},"spec":{"replicas":2}}
  creationTimestamp: "2024-01-02T03:04:05Z"
  generation: 3
  labels:
    app: web
    app.kubernetes.io/part-of: shop
  managedFields:
  - apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1:
      f:metadata:
        f:annotations:
          f:kubectl.kubernetes.io/last-applied-configuration: {}
        f:labels:
          f:app: {}
      f:spec:
        f:replicas: {}
        f:selector: {}
    manager: kubectl-client-side-apply
    operation: Update
    time: "2024-01-02T03:04:05Z"
  name: web
  namespace: shop
  resourceVersion: "123456"
  uid: 0b7f3c1e-8d2a-4f4e-9c6b-1a2b3c4d5e6f
spec:
  progressDeadlineSeconds: 600
  replicas: 2
  revisionHistoryLimit: 10
  selector:
    matchLabels: {app: web}
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
        tier: "frontend"
    spec:
      containers:
      - name: web
        image: nginx:1.25
        args: ["--port", "8080", --verbose]
        command:
        - /bin/sh
        - -c
        - >-
          exec nginx
          -g 'daemon off;'
        env:
        - name: DEBUG
          value: "true"
        - name: WORKERS
          value: '4'
        - name: GREETING
          value: hello world
            and more
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
          periodSeconds: 10
        resources:
          limits: {cpu: 500m, memory: 128Mi}
      dnsPolicy: ClusterFirst
      enableServiceLinks: false
      hostNetwork: no
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 2
  conditions:
  - lastTransitionTime: "2024-01-02T03:04:06Z"
    message: ReplicaSet "web-5d8f" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: "True"
    type: Progressing
`;

/** The same Deployment with integer rollingUpdate values (no `%`). */
const DEPLOYMENT_WITHOUT_PERCENT = KUBECTL_DEPLOYMENT.replace('maxSurge: 25%', 'maxSurge: 1').replace('maxUnavailable: 25%', 'maxUnavailable: 0');

const NETWORK_POLICY = `# allow web from the ingress controller
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web   # trailing comment
  namespace: shop
  annotations:
    note: 'policy for the #web tier: ports 80, 443'
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ingress-nginx
      podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.1.0.0/16, "10.2.0.0/16"]
    ports: [{port: 80}, {port: 443, protocol: TCP}]
  egress:
  - to:
    - podSelector: {}
    ports:
    - port: 53
      protocol: UDP
    - port: 5432
      endPort: 5440
`;

const SERVICE = `---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web, "tier": frontend}
  annotations:
    description: |
      Public entry point.
        Indented line kept.
    service.beta.kubernetes.io/aws-load-balancer-internal: "true"
    prometheus.io/port: "9090"
spec:
  type: ClusterIP
  clusterIP: 10.96.0.10
  ipFamilies: [IPv4, IPv6]
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
  - name: https
    port: 443
    targetPort: 8443
    protocol: TCP
  sessionAffinity: None
  publishNotReadyAddresses: true
`;

const KUBECTL_LIST_MANAGED_FIELDS_WITH_K_KEYS = `apiVersion: v1
kind: Pod
metadata:
  name: web-0
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:containers:
          k:{"name":"web"}:
            .: {}
            f:image: {}
    manager: kube-controller-manager
    operation: Update
spec:
  containers:
  - name: web
    image: nginx
`;

describe('ordinary Kubernetes manifests take the fast path (and agree with the yaml library)', () => {
  it.each([
    ['kubectl get -o yaml Deployment (managedFields f: keys, JSON annotation, block scalars, flow maps/seqs, quoted and plain numbers/booleans, multi-line plain scalar)', DEPLOYMENT_WITHOUT_PERCENT],
    ['NetworkPolicy with comments, flow maps and seqs on one line, quoted strings holding # and :', NETWORK_POLICY],
    ['Service with a leading ---, a literal block scalar with more-indented lines, quoted numbers', SERVICE],
  ])('%s', (_name, text) => {
    // parseDocuments hands the fast path the pieces splitYamlStream cuts (without their `---` lines).
    const pieces = splitYamlStream(text);
    expect(pieces.length).toBeGreaterThan(0);
    for (const piece of pieces) {
      expect(loadPlainValue(piece.text), 'the fast path declined an ordinary manifest').toBeDefined();
      expect(expectFastPathAgrees(piece.text)).toBe(true);
    }
  });

  it('values of a kubectl Deployment as the yaml library (YAML 1.1) reads them', () => {
    const value = loadPlainValue(DEPLOYMENT_WITHOUT_PERCENT)?.value as {
      metadata: { annotations: Record<string, string>; resourceVersion: unknown; managedFields: { fieldsV1: Record<string, unknown> }[] };
      spec: { selector: unknown; template: { spec: { hostNetwork: unknown; containers: { command: string[]; env: { value: unknown }[]; args: unknown }[] } } };
    };
    expect(value.metadata.resourceVersion).toBe('123456');
    expect(JSON.parse(value.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']!)).toMatchObject({ kind: 'Deployment' });
    expect(Object.keys(value.metadata.managedFields[0]!.fieldsV1)).toEqual(['f:metadata', 'f:spec']);
    expect(value.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    const spec = value.spec.template.spec;
    expect(spec.hostNetwork).toBe(false); // YAML 1.1 bool (yaml.org/type/bool): no
    expect(spec.containers[0]!.command[2]).toBe("exec nginx -g 'daemon off;'");
    expect(spec.containers[0]!.env.map((e) => e.value)).toEqual(['true', '4', 'hello world and more']);
    expect(spec.containers[0]!.args).toEqual(['--port', '8080', '--verbose']);
  });

  it('kubectl get -o yaml Deployment as printed for the default strategy (rollingUpdate maxSurge: 25%, maxUnavailable: 25%) takes the fast path', () => {
    expect(loadPlainValue(KUBECTL_DEPLOYMENT), 'the fast path declined a default Deployment (25% values)').toBeDefined();
    expect(expectFastPathAgrees(KUBECTL_DEPLOYMENT)).toBe(true);
  });

  it('kubectl get -o yaml managedFields with k:{...} list-item keys (fieldsV1 of any Pod template) take the fast path', () => {
    expect(loadPlainValue(KUBECTL_LIST_MANAGED_FIELDS_WITH_K_KEYS), 'the fast path declined managedFields k:{...}: keys').toBeDefined();
    expect(expectFastPathAgrees(KUBECTL_LIST_MANAGED_FIELDS_WITH_K_KEYS)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Property: generated YAML-ish text (valid or not) never breaks the invariant.
// ---------------------------------------------------------------------------------------------

/** true once in `n` (on average). */
const oneIn = (n: number): fc.Arbitrary<boolean> => fc.nat({ max: n - 1 }).map((i) => i === 0);

/** Plain tokens whose YAML 1.1 resolution is tricky. */
const TRICKY = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'Yes', 'NO', 'On', 'OFF', 'True', 'TRUE', 'false', 'False',
  'Null', 'NULL', 'null', '~', 'nULL', '0777', '0o17', '08', '01', '1', '1.0', '1:30', '190:20:30.15', '-1:30', '1:60',
  '.inf', '-.Inf', '+.inf', '.NaN', '.nan', '.', '._', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2002-1-1',
  '0x1F', '-0x1F', '0b101', '1_000', '+1', '-0', '+0', '0', '12345678901234567890', '1e3', '1E3', '1.0e+3', '.5', '5.', '0.',
  '=', '<<', '-', '--', '---', '...', '?', ':', '::', 'a:b', 'f:spec', 'k:{"name":"web"}', 'a#b', 'a #b', '@b', '`b', '%x', '!x', '&x', '*x',
] as const;

const IDENTIFIERS = ['app', 'web', 'name', 'kind', 'kube-system', 'app.kubernetes.io/name', 'x_y', 'v1', '80/TCP', '10.0.0.0/8', '2001:db8::/64', 'nginx:1.25', '500m', '128Mi', '25%'] as const;

const SPECIAL_CHARS = [':', '#', '-', "'", '"', '{', '}', '[', ']', ',', '|', '>', '@', '`', ' ', ' ', 'a', 'b', '1', '.', '\\', 'é', '?', '&', '*', '!', '%', '~'] as const;

const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ noDefaultInfinity: false }).map(String),
  fc.integer({ min: 0, max: 0xffff }).map((n) => `0x${n.toString(16)}`),
  fc.integer({ min: 0, max: 0o777 }).map((n) => `0${n.toString(8)}`),
  fc.integer({ min: 0, max: 64 }).map((n) => `0b${n.toString(2)}`),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `${a}_${String(b).padStart(3, '0')}`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 59 })).map(([a, b]) => `${a}:${b}`),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom('e', 'E', 'e+', 'e-', 'E+'), fc.integer({ min: 0, max: 400 })).map(([m, e, x]) => `${m}.${e}${x}`),
  fc.tuple(fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 999 })).map(([s, n]) => `${s}${n}`),
);

const specialString: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS), minLength: 1, maxLength: 8 });

/** Raw scalar content, before quoting. */
const scalarContent: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TRICKY), weight: 4 },
  { arbitrary: fc.constantFrom(...IDENTIFIERS), weight: 4 },
  { arbitrary: numberText, weight: 3 },
  { arbitrary: specialString, weight: 3 },
  { arbitrary: fc.constant('x'.repeat(1030)), weight: 1 },
);

const DQ_ESCAPES = ['\\u00e9', '\\x41', '\\N', '\\_', '\\L', '\\P', '\\/', '\\t', '\\ ', '\\"', '\\\\', '\\q', '\\'] as const;

/** A scalar as written: plain, single- or double-quoted (escaped properly or not), or empty. */
const scalarText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: scalarContent, weight: 6 },
  { arbitrary: scalarContent.map((s) => `'${s.replaceAll("'", "''")}'`), weight: 2 },
  { arbitrary: scalarContent.map((s) => JSON.stringify(s)), weight: 2 },
  { arbitrary: fc.tuple(scalarContent, fc.constantFrom(...DQ_ESCAPES)).map(([s, e]) => `"${s.replaceAll('"', '')}${e}"`), weight: 1 },
  { arbitrary: scalarContent.map((s) => `'${s}'`), weight: 1 },
  { arbitrary: scalarContent.map((s) => `"${s}"`), weight: 1 },
  { arbitrary: fc.constant(''), weight: 1 },
);

/** A key as written: one line, mostly from a small vocabulary so that duplicates happen. */
const keyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'name', 'app', 'f:spec', '1', '01', '"1"', "'a'", 'yes', 'on', 'true', '1.0', '.nan'), weight: 4 },
  { arbitrary: scalarText.filter((s) => s !== ''), weight: 2 },
);

const comment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  { arbitrary: fc.constantFrom(' # c', ' #', '  # x: y', '#nospace', ' # - [a]'), weight: 1 },
);

type FlowNode = { readonly t: 'fscalar'; readonly text: string } | { readonly t: 'fseq'; readonly items: readonly FlowNode[] } | { readonly t: 'fmap'; readonly entries: readonly (readonly [string, FlowNode | undefined])[] };

interface FlowLayout {
  /** One line, or (outermost collection only) one item per line, indented by `indent` past the owner's indentation. */
  readonly multiline: boolean;
  readonly indent: number;
  readonly closerOwnLine: boolean;
  readonly compact: boolean;
  readonly trailingComma: boolean;
}

type YNode =
  | { readonly t: 'scalar'; readonly text: string; readonly comment: string }
  | { readonly t: 'folded'; readonly parts: readonly string[]; readonly indent: number }
  | { readonly t: 'blockScalar'; readonly header: string; readonly lines: readonly string[]; readonly extra: number }
  | { readonly t: 'flow'; readonly node: FlowNode; readonly layout: FlowLayout; readonly comment: string }
  | { readonly t: 'map'; readonly step: number; readonly entries: readonly { readonly key: string; readonly value: YNode }[] }
  | { readonly t: 'seq'; readonly step: number; readonly items: readonly YNode[] }
  | { readonly t: 'raw'; readonly line: string };

const flowScalarText = scalarText.filter((s) => s.length < 200);

const flowNode: fc.Arbitrary<FlowNode> = fc.letrec<{ node: FlowNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    { arbitrary: flowScalarText.map((text): FlowNode => ({ t: 'fscalar', text })), weight: 4 },
    { arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((items): FlowNode => ({ t: 'fseq', items })), weight: 1 },
    {
      arbitrary: fc.array(fc.tuple(keyText.filter((s) => s.length < 200), fc.option(tie('node'), { freq: 5 })), { maxLength: 3 }).map((entries): FlowNode => ({ t: 'fmap', entries: entries.map(([k, v]) => [k, v ?? undefined] as const) })),
      weight: 1,
    },
  ),
})).node;

const flowLayout: fc.Arbitrary<FlowLayout> = fc.record({
  multiline: oneIn(4),
  indent: fc.constantFrom(0, 1, 2, 4),
  closerOwnLine: fc.boolean(),
  compact: oneIn(4),
  trailingComma: oneIn(6),
});

const BLOCK_HEADERS = ['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-', '|+2'] as const;
const rawLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS, '\t', 'x', 'y'), maxLength: 12 }),
  fc.constantFrom('---', '...', '- ', ': x', '? a', '  - ', '#', '%YAML 1.1', 'a: b: c', ']', '}', '  ]', '\t', '"unclosed', "'unclosed"),
);

function nodeArb(depth: number): fc.Arbitrary<YNode> {
  const leaves: fc.Arbitrary<YNode>[] = [
    fc.record({ t: fc.constant('scalar' as const), text: scalarText, comment }),
    fc.record({ t: fc.constant('folded' as const), parts: fc.array(fc.oneof(fc.constantFrom(...IDENTIFIERS, ...TRICKY), specialString), { minLength: 2, maxLength: 3 }), indent: fc.constantFrom(0, 1, 2, 2) }),
    fc.record({
      t: fc.constant('blockScalar' as const),
      header: fc.constantFrom(...BLOCK_HEADERS),
      lines: fc.array(fc.oneof(fc.constantFrom('', ' more', 'text', '{"json": true}', 'a: b', '# not a comment'), specialString), { maxLength: 3 }),
      extra: fc.constantFrom(0, 0, 1, -1),
    }),
    fc.record({ t: fc.constant('flow' as const), node: flowNode, layout: flowLayout, comment }),
  ];
  const leaf = fc.oneof({ arbitrary: leaves[0]!, weight: 6 }, { arbitrary: leaves[1]!, weight: 1 }, { arbitrary: leaves[2]!, weight: 1 }, { arbitrary: leaves[3]!, weight: 2 }, { arbitrary: fc.record({ t: fc.constant('raw' as const), line: rawLine }), weight: 1 });
  if (depth === 0) return leaf;
  const child = nodeArb(depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.record({ t: fc.constant('map' as const), step: fc.constantFrom(2, 2, 2, 1, 4), entries: fc.array(fc.record({ key: keyText, value: child }), { minLength: 1, maxLength: 4 }) }), weight: 3 },
    { arbitrary: fc.record({ t: fc.constant('seq' as const), step: fc.constantFrom(0, 2, 2, 1), items: fc.array(child, { minLength: 1, maxLength: 3 }) }), weight: 2 },
  );
}

function renderFlow(node: FlowNode, layout: FlowLayout, pad: string, nested: boolean): string {
  const sep = layout.multiline && !nested ? `,\n${pad}` : layout.compact ? ',' : ', ';
  const open = (c: string) => (layout.multiline && !nested ? `${c}\n${pad}` : c);
  const close = (c: string) => `${layout.trailingComma ? ',' : ''}${layout.multiline && !nested && layout.closerOwnLine ? '\n' + pad.slice(layout.indent) : ''}${c}`;
  switch (node.t) {
    case 'fscalar':
      return node.text;
    case 'fseq':
      return `${open('[')}${node.items.map((i) => renderFlow(i, layout, pad, true)).join(sep)}${close(']')}`;
    case 'fmap':
      return `${open('{')}${node.entries.map(([k, v]) => (v === undefined ? k : `${k}:${layout.compact ? '' : ' '}${renderFlow(v, layout, pad, true)}`)).join(sep)}${close('}')}`;
  }
}

/** What follows `key:` or `- `: an inline part (may be '') and the lines after it. */
function renderValue(node: YNode, indent: number): { inline: string; lines: string[] } {
  const pad = (n: number) => ' '.repeat(Math.max(0, n));
  switch (node.t) {
    case 'scalar':
      return { inline: `${node.text}${node.comment}`, lines: [] };
    case 'folded':
      return { inline: node.parts[0]!, lines: node.parts.slice(1).map((p) => `${pad(indent + node.indent)}${p}`) };
    case 'blockScalar':
      return { inline: node.header, lines: node.lines.map((l) => (l === '' ? '' : `${pad(indent + 2 + node.extra)}${l}`)) };
    case 'flow': {
      const text = renderFlow(node.node, node.layout, pad(indent + node.layout.indent), false);
      const [first, ...rest] = `${text}${node.comment}`.split('\n');
      return { inline: first!, lines: rest };
    }
    case 'raw':
      return { inline: node.line, lines: [] };
    case 'map':
    case 'seq':
      return { inline: '', lines: renderBlock(node, indent + node.step) };
  }
}

function renderBlock(node: YNode, indent: number): string[] {
  const pad = ' '.repeat(Math.max(0, indent));
  if (node.t === 'map') {
    return node.entries.flatMap(({ key, value }) => {
      const { inline, lines } = renderValue(value, indent);
      return [`${pad}${key}:${inline === '' ? '' : ` ${inline}`}`, ...lines];
    });
  }
  if (node.t === 'seq') {
    return node.items.flatMap((item) => {
      if (item.t === 'map' || item.t === 'seq') {
        const [first, ...rest] = renderBlock(item, indent + 2);
        return [`${pad}- ${first!.slice(indent + 2)}`, ...rest];
      }
      const { inline, lines } = renderValue(item, indent + 2);
      return [`${pad}-${inline === '' ? '' : ` ${inline}`}`, ...lines];
    });
  }
  if (node.t === 'raw') return [node.line];
  const { inline, lines } = renderValue(node, indent);
  return [inline, ...lines];
}

/** Generated document text: a rendered tree with optional markers, comments and garbage lines. */
const yamlText: fc.Arbitrary<string> = fc
  .record({
    root: nodeArb(4),
    prefix: fc.constantFrom('', '', '', '---\n', '--- ', '# head\n', '%YAML 1.1\n---\n'),
    suffix: fc.constantFrom('\n', '\n', '\n', '', '\n...\n', '\n# tail\n', '\n---\n'),
    garbage: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), rawLine), { maxLength: 2 }),
    withGarbage: oneIn(5),
  })
  .map(({ root, prefix, suffix, garbage, withGarbage }) => {
    const lines = renderBlock(root, 0);
    if (withGarbage) for (const [at, indent, line] of garbage) lines.splice(at % (lines.length + 1), 0, `${' '.repeat(indent)}${line}`);
    const body = lines.join('\n');
    return `${prefix}${body}${suffix}`;
  });

describe('property: generated YAML text, valid or not, never breaks the invariant', () => {
  it('for any text, the fast path declines whatever the yaml library (YAML 1.1) reports, and otherwise gives its toJS value', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        expectFastPathAgrees(text);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
