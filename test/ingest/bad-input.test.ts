import { describe, expect, it } from 'vitest';
import { type Diagnostic, type Severity, loadSnapshot } from '../../src/index.js';

/**
 * Bad manifests, one problem each: the diagnostic kflow reports (code, severity, position, field
 * path) and, where kflow's text is the API server's, the upstream message. Upstream references are
 * Kubernetes v1.36 (kubernetes/kubernetes; apimachinery = staging/src/k8s.io/apimachinery), the
 * rules written out in docs/semantics/validation.md.
 */

/** Strips the common leading indentation (spaces) and the first newline, so YAML can sit indented here. */
function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines
    .map((l) => l.slice(cut))
    .join('\n')
    .replace(/[ ]+$/, '');
}

interface Expected {
  readonly code: string;
  readonly severity: Severity;
  /** `line:column`, 1-based; `null` when the position is deliberately not pinned. */
  readonly at: string | null;
  readonly path: string;
  /** The whole message, when kflow's text is the API server's (field path prefix included). */
  readonly message?: string;
  readonly hint?: RegExp;
}

interface Case {
  readonly name: string;
  /** The upstream rule the case pins (function and file), or the decoder behaviour it mirrors. */
  readonly rule: string;
  readonly text: string;
  /** Every diagnostic of the input, in report order (file, line, column, severity, code). */
  readonly expected: readonly Expected[];
}

const FILE = 'input.yaml';

function load(text: string, file = FILE) {
  return loadSnapshot([{ file, text }]);
}

function shape(d: Diagnostic): { code: string; severity: Severity; at: string; path: string } {
  return { code: d.code, severity: d.severity, at: `${d.line}:${d.column}`, path: d.path };
}

function checkDiagnostics(actual: readonly Diagnostic[], expected: readonly Expected[]): void {
  expect(actual.map(shape)).toEqual(
    expected.map((e, i) => ({ code: e.code, severity: e.severity, path: e.path, at: e.at ?? `${actual[i]?.line}:${actual[i]?.column}` })),
  );
  expected.forEach((e, i) => {
    const d = actual[i]!;
    expect(d.file).toBe(FILE);
    if (e.message !== undefined) expect(d.message).toBe(e.message);
    if (e.hint !== undefined) expect(d.hint).toMatch(e.hint);
  });
}

const err = (code: string, at: string | null, path: string, extra: { message?: string; hint?: RegExp } = {}): Expected => ({
  code,
  severity: 'error',
  at,
  path,
  ...extra,
});

// Upstream message fragments (apimachinery pkg/util/validation/validation.go, content/kube.go).
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_KEY_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** A NetworkPolicy whose spec lines follow; `spec:` is line 5, its first child line 6. */
const np = (spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n${spec}`;

/** A NetworkPolicy with one ingress rule: line 8 is the first entry of `ports:` (when ports) or `from:`. */
const npIngress = (field: 'ports' | 'from', entries: string): string => np(`  podSelector: {}\n  ingress:\n  - ${field}:\n${entries}`);

const CASES: Case[] = [
  // ---- YAML syntax: the document is skipped, nothing else about it is reported ---------------------
  {
    name: 'bad indentation',
    rule: 'YAML syntax (sigs.k8s.io/yaml → go-yaml v2 rejects it the same way)',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
       labels: {}
    `,
    expected: [err('YAML_SYNTAX', '5:1', '', { hint: /whole document was skipped/ })],
  },
  {
    name: 'unclosed double quote',
    rule: 'YAML syntax; reported at the opening quote (the document is cut at the next --- line first, as kubectl does)',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: "a
    `,
    expected: [err('YAML_SYNTAX', '4:9', '', { message: 'Missing closing "quote: the quoted value that starts here is never closed' })],
  },
  {
    name: 'tab indentation',
    rule: 'YAML syntax (tabs are never indentation)',
    text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: a\n',
    expected: [err('YAML_SYNTAX', '4:1', '')],
  },
  {
    name: 'duplicate key',
    rule: 'YAML syntax: duplicate mapping key (the API server\'s strict field validation rejects it too)',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        name: b
    `,
    expected: [err('YAML_SYNTAX', '5:3', '')],
  },
  // ---- shape of the object -----------------------------------------------------------------------------
  {
    name: 'a document that is a list',
    rule: 'runtime decoding: an object must be a JSON object',
    text: yaml`
      - apiVersion: v1
        kind: Namespace
    `,
    expected: [err('OBJECT_NOT_MAPPING', '1:1', '')],
  },
  {
    name: 'a document that is a scalar',
    rule: 'runtime decoding: an object must be a JSON object',
    text: 'just some text\n',
    expected: [err('OBJECT_NOT_MAPPING', '1:1', '')],
  },
  {
    name: 'missing kind',
    rule: "apimachinery runtime.NewMissingKindErr: Object 'Kind' is missing",
    text: yaml`
      apiVersion: v1
      metadata:
        name: a
    `,
    expected: [err('OBJECT_KIND_MISSING', '1:1', 'kind', { message: "Object 'Kind' is missing" })],
  },
  {
    name: 'missing apiVersion',
    rule: "apimachinery runtime.NewMissingVersionErr: Object 'apiVersion' is missing",
    text: yaml`
      kind: Pod
      metadata:
        name: a
    `,
    expected: [err('OBJECT_APIVERSION_MISSING', '1:1', 'apiVersion', { hint: /v1/ })],
  },
  {
    name: 'NetworkPolicy under extensions/v1beta1 (removed in v1.16)',
    rule: 'RESTMapper: no matches for kind "NetworkPolicy" in version "extensions/v1beta1"',
    text: yaml`
      kind: NetworkPolicy
      apiVersion: extensions/v1beta1
      metadata:
        name: a
    `,
    expected: [
      err('APIVERSION_UNSUPPORTED', '2:1', 'apiVersion', {
        message: 'no matches for kind "NetworkPolicy" in version "extensions/v1beta1"',
        hint: /networking\.k8s\.io\/v1/,
      }),
    ],
  },
  {
    name: 'Deployment under v1',
    rule: 'RESTMapper: no matches for kind "Deployment" in version "v1"',
    text: yaml`
      apiVersion: v1
      kind: Deployment
      metadata:
        name: a
    `,
    expected: [err('APIVERSION_UNSUPPORTED', '1:1', 'apiVersion', { message: 'no matches for kind "Deployment" in version "v1"', hint: /apps\/v1/ })],
  },
  {
    name: 'unknown kind',
    rule: 'kflow reads only the kinds it models; others are skipped, not errors',
    text: yaml`
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: a
    `,
    expected: [{ code: 'KIND_SKIPPED', severity: 'info', at: '1:1', path: '' }],
  },
  // ---- wrong JSON types: what the API server's decoder rejects before validation ------------------------
  {
    name: 'replicas: three',
    rule: 'json decoding into DeploymentSpec.replicas (int32)',
    text: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: three
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: c}]
    `,
    expected: [err('FIELD_TYPE', '6:3', 'spec.replicas', { message: 'spec.replicas: expected an integer, got a string ("three")' })],
  },
  {
    name: 'replicas: "3" (a quoted number is a string)',
    rule: 'json decoding into DeploymentSpec.replicas (int32)',
    text: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: "3"
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: c}]
    `,
    expected: [err('FIELD_TYPE', '6:3', 'spec.replicas')],
  },
  {
    name: 'NetworkPolicy port: true',
    rule: 'json decoding into NetworkPolicyPort.port (IntOrString)',
    text: npIngress('ports', '    - port: true\n'),
    expected: [err('FIELD_TYPE', '9:7', 'spec.ingress[0].ports[0].port')],
  },
  {
    name: 'label value an unquoted number (tier: 1)',
    rule: 'json decoding into ObjectMeta.labels (map[string]string)',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          tier: 1
    `,
    expected: [err('FIELD_TYPE', '6:5', 'metadata.labels.tier', { message: 'metadata.labels.tier: expected a string, got a number (1)', hint: /Quote the value/ })],
  },
  {
    name: 'label value a YAML 1.1 boolean (debug: off)',
    rule: 'go-yaml v2 (YAML 1.1) reads on/off/yes/no/y/n as booleans; json decoding into map[string]string fails',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          debug: off
    `,
    expected: [err('FIELD_TYPE', '6:5', 'metadata.labels.debug', { message: 'metadata.labels.debug: expected a string, got a boolean (false)' })],
  },
  {
    name: 'label `on: yes` (the key itself becomes "true")',
    rule: 'go-yaml v2 reads both as booleans; sigs.k8s.io/yaml turns a boolean key into the string "true"',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          on: yes
    `,
    expected: [err('FIELD_TYPE', '6:5', 'metadata.labels.true')],
  },
  {
    name: 'policyTypes a string, not a list',
    rule: 'json decoding into NetworkPolicySpec.policyTypes ([]PolicyType)',
    text: np('  podSelector: {}\n  policyTypes: Ingress\n'),
    expected: [err('FIELD_TYPE', '7:3', 'spec.policyTypes', { message: 'spec.policyTypes: expected a list, got a string ("Ingress")' })],
  },
  // ---- unknown fields (strict field validation, kubectl's default --validate=strict) ---------------------
  {
    name: 'podselector (wrong case)',
    rule: 'strict decoding: unknown field "spec.podselector"',
    text: np('  podselector: {}\n'),
    expected: [
      // podSelector itself is then absent: it selects every pod (informational).
      { code: 'NP_PODSELECTOR_ABSENT', severity: 'info', at: '5:1', path: 'spec' },
      err('FIELD_UNKNOWN', '6:3', 'spec.podselector', { message: 'spec.podselector: unknown field "podselector"', hint: /Did you mean "podSelector"\?/ }),
    ],
  },
  {
    name: 'ingres (misspelt)',
    rule: 'strict decoding: unknown field "spec.ingres"',
    text: np('  podSelector: {}\n  ingres:\n  - {}\n'),
    expected: [err('FIELD_UNKNOWN', '7:3', 'spec.ingres', { hint: /\bingress\b/ })],
  },
  {
    name: 'unknown field in a port',
    rule: 'strict decoding: unknown field "spec.ingress[0].ports[0].prot"',
    text: npIngress('ports', '    - prot: 80\n'),
    expected: [err('FIELD_UNKNOWN', '9:7', 'spec.ingress[0].ports[0].prot', { hint: /protocol/ })],
  },
  // ---- metadata: ValidateObjectMeta (apimachinery pkg/api/validation/objectmeta.go) ----------------------
  {
    name: 'Pod name not a DNS-1123 subdomain',
    rule: 'ValidatePodName = NameIsDNSSubdomain (pkg/apis/core/validation)',
    text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: My_Pod
      spec:
        containers: [{name: c}]
    `,
    expected: [err('NAME_INVALID', '4:3', 'metadata.name', { message: `metadata.name: Invalid value: "My_Pod": ${DNS1123_SUBDOMAIN_MSG}` })],
  },
  {
    name: 'namespace with a dot',
    rule: 'ValidateObjectMeta: namespace must be a DNS-1123 label (IsDNS1123Label)',
    text: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cfg
        namespace: prod.eu
    `,
    expected: [err('NAME_INVALID', '5:3', 'metadata.namespace', { message: 'metadata.namespace: Invalid value: "prod.eu": must not contain dots' })],
  },
  {
    name: 'Service name starting with a digit',
    rule: 'ValidateServiceName = NameIsDNS1035Label (pkg/apis/core/validation)',
    text: yaml`
      apiVersion: v1
      kind: Service
      metadata:
        name: 1web
      spec:
        ports: [{port: 80}]
    `,
    expected: [err('NAME_INVALID', '4:3', 'metadata.name', { message: `metadata.name: Invalid value: "1web": ${DNS1035_LABEL_MSG}` })],
  },
  {
    name: 'StatefulSet name with a dot',
    rule: 'ValidateStatefulSetName = NameIsDNSLabel (pkg/apis/apps/validation)',
    text: yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db.main
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers: [{name: c}]
    `,
    expected: [err('NAME_INVALID', '4:3', 'metadata.name', { message: 'metadata.name: Invalid value: "db.main": must not contain dots' })],
  },
  {
    name: 'CronJob name longer than 52',
    rule: 'ValidateCronJobCreate: len(name) > DNS1035LabelMaxLength-11 (pkg/apis/batch/validation)',
    text: yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: ${'c'.repeat(53)}
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                containers: [{name: c}]
    `,
    expected: [err('NAME_INVALID', '4:3', 'metadata.name', { message: `metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters` })],
  },
  {
    name: 'missing name',
    rule: 'ValidateObjectMeta: Required value: name or generateName is required',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        labels: {team: a}
    `,
    expected: [err('FIELD_REQUIRED', '3:1', 'metadata.name', { message: 'metadata.name: Required value: name or generateName is required' })],
  },
  {
    name: 'label key starting with a dash',
    rule: 'ValidateLabels → IsQualifiedName (apimachinery pkg/apis/meta/v1/validation)',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          -team: a
    `,
    expected: [err('LABEL_INVALID', '6:5', 'metadata.labels.-team', { message: `metadata.labels.-team: Invalid value: "-team": ${LABEL_KEY_NAME_MSG}` })],
  },
  {
    name: 'label key with two slashes',
    rule: 'ValidateLabels → IsQualifiedName: more than one "/"',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          example.com/team/x: a
    `,
    expected: [err('LABEL_INVALID', '6:5', 'metadata.labels.example.com/team/x')],
  },
  {
    name: 'label value ending with a dash',
    rule: 'ValidateLabels → IsValidLabelValue',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          team: web-
    `,
    expected: [err('LABEL_INVALID', '6:5', 'metadata.labels.team', { message: `metadata.labels.team: Invalid value: "web-": ${LABEL_VALUE_MSG}` })],
  },
  {
    name: 'label value of 64 characters',
    rule: 'ValidateLabels → IsValidLabelValue: at most 63 bytes',
    text: yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: a
        labels:
          team: ${'a'.repeat(64)}
    `,
    expected: [err('LABEL_INVALID', '6:5', 'metadata.labels.team', { message: `metadata.labels.team: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes` })],
  },
  // ---- label selectors: ValidateLabelSelectorRequirement (apimachinery pkg/apis/meta/v1/validation) -----
  {
    name: 'selector operator `in` (lower case)',
    rule: 'ValidateLabelSelectorRequirement: not a valid selector operator',
    text: np('  podSelector:\n    matchExpressions:\n    - {key: app, operator: in, values: [web]}\n'),
    expected: [
      err('SELECTOR_INVALID', '8:18', 'spec.podSelector.matchExpressions[0].operator', {
        message: 'spec.podSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
      }),
    ],
  },
  {
    name: 'selector In with no values',
    rule: "ValidateLabelSelectorRequirement: must be specified when `operator` is 'In' or 'NotIn'",
    text: np('  podSelector:\n    matchExpressions:\n    - key: app\n      operator: In\n'),
    expected: [
      err('SELECTOR_INVALID', '8:7', 'spec.podSelector.matchExpressions[0].values', {
        message: "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      }),
    ],
  },
  {
    name: 'selector Exists with values',
    rule: "ValidateLabelSelectorRequirement: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    text: np('  podSelector:\n    matchExpressions:\n    - key: app\n      operator: Exists\n      values: [web]\n'),
    expected: [
      err('SELECTOR_INVALID', '10:7', 'spec.podSelector.matchExpressions[0].values', {
        message: "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      }),
    ],
  },
  // ---- ipBlock: ValidateIPBlock (pkg/apis/networking/validation) ----------------------------------------
  {
    name: 'cidr without a prefix length',
    rule: 'ValidateIPBlock → IsValidCIDRForLegacyField',
    text: npIngress('from', '    - ipBlock: {cidr: 10.0.0.1}\n'),
    expected: [
      err('CIDR_INVALID', '9:17', 'spec.ingress[0].from[0].ipBlock.cidr', {
        message: `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.1": ${CIDR_MSG}`,
        hint: /10\.0\.0\.1\/32/,
      }),
    ],
  },
  {
    name: 'cidr prefix out of range (/33)',
    rule: 'ValidateIPBlock → IsValidCIDRForLegacyField',
    text: npIngress('from', '    - ipBlock: {cidr: 10.0.0.0/33}\n'),
    expected: [err('CIDR_INVALID', '9:17', 'spec.ingress[0].from[0].ipBlock.cidr')],
  },
  {
    name: 'ipBlock without cidr',
    rule: 'ValidateIPBlock: cidr == "" → Required value',
    text: npIngress('from', '    - ipBlock:\n        except: [10.0.0.0/8]\n'),
    expected: [err('FIELD_REQUIRED', '9:7', 'spec.ingress[0].from[0].ipBlock.cidr', { message: 'spec.ingress[0].from[0].ipBlock.cidr: Required value' })],
  },
  {
    name: 'except outside cidr',
    rule: 'ValidateIPBlock: must be a strict subset of `cidr`',
    text: npIngress('from', '    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [192.168.0.0/16]\n'),
    expected: [
      err('IPBLOCK_EXCEPT_OUTSIDE', '11:18', 'spec.ingress[0].from[0].ipBlock.except[0]', {
        message: 'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
      }),
    ],
  },
  {
    name: 'except equal to cidr',
    rule: 'ValidateIPBlock: cidrMaskLen >= exceptMaskLen → must be a strict subset of `cidr`',
    text: npIngress('from', '    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [10.0.0.0/8]\n'),
    expected: [err('IPBLOCK_EXCEPT_OUTSIDE', '11:18', 'spec.ingress[0].from[0].ipBlock.except[0]')],
  },
  {
    name: 'except wider than cidr',
    rule: 'ValidateIPBlock: must be a strict subset of `cidr`',
    text: npIngress('from', '    - ipBlock:\n        cidr: 10.1.0.0/16\n        except: [10.0.0.0/8]\n'),
    expected: [err('IPBLOCK_EXCEPT_OUTSIDE', '11:18', 'spec.ingress[0].from[0].ipBlock.except[0]')],
  },
  {
    name: 'IPv6 except in an IPv4 cidr',
    rule: 'ValidateIPBlock: !cidrNet.Contains(exceptIP) → must be a strict subset of `cidr`',
    text: npIngress('from', '    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: ["fd00::/64"]\n'),
    expected: [err('IPBLOCK_EXCEPT_OUTSIDE', '11:18', 'spec.ingress[0].from[0].ipBlock.except[0]')],
  },
  {
    name: 'except not a CIDR',
    rule: 'ValidateIPBlock → IsValidCIDRForLegacyField on each except',
    text: npIngress('from', '    - ipBlock:\n        cidr: 10.0.0.0/8\n        except: [10.1.0.0]\n'),
    expected: [err('CIDR_INVALID', '11:18', 'spec.ingress[0].from[0].ipBlock.except[0]', { message: `spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0": ${CIDR_MSG}` })],
  },
  // ---- peers: ValidateNetworkPolicyPeer ------------------------------------------------------------------
  {
    name: 'peer mixing ipBlock and podSelector',
    rule: 'ValidateNetworkPolicyPeer: Forbidden when ipBlock is one of several peers',
    text: npIngress('from', '    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n'),
    expected: [
      err('PEER_MIXED', '9:7', 'spec.ingress[0].from[0]', {
        message: 'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
        hint: /two list items/,
      }),
    ],
  },
  {
    name: 'empty peer {}',
    rule: 'ValidateNetworkPolicyPeer: Required value: must specify a peer',
    text: npIngress('from', '    - {}\n'),
    expected: [err('PEER_EMPTY', '9:7', 'spec.ingress[0].from[0]', { message: 'spec.ingress[0].from[0]: Required value: must specify a peer' })],
  },
  // ---- ports: ValidateNetworkPolicyPort ------------------------------------------------------------------
  {
    name: 'port 0',
    rule: 'ValidateNetworkPolicyPort → IsValidPortNum',
    text: npIngress('ports', '    - port: 0\n'),
    expected: [err('PORT_INVALID', '9:7', 'spec.ingress[0].ports[0].port', { message: 'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive' })],
  },
  {
    name: 'port 70000',
    rule: 'ValidateNetworkPolicyPort → IsValidPortNum',
    text: npIngress('ports', '    - port: 70000\n'),
    expected: [err('PORT_INVALID', '9:7', 'spec.ingress[0].ports[0].port', { message: 'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive' })],
  },
  {
    name: 'quoted numeric port "80" (a port name, not a number)',
    rule: 'ValidateNetworkPolicyPort → IsValidPortName: must contain at least one letter',
    text: npIngress('ports', '    - port: "80"\n'),
    expected: [
      err('PORT_INVALID', '9:7', 'spec.ingress[0].ports[0].port', {
        message: 'spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)',
        hint: /without quotes/,
      }),
    ],
  },
  {
    name: 'invalid port name',
    rule: 'ValidateNetworkPolicyPort → IsValidPortName',
    text: npIngress('ports', '    - port: Web_Port\n'),
    expected: [
      err('PORT_INVALID', '9:7', 'spec.ingress[0].ports[0].port', {
        message: 'spec.ingress[0].ports[0].port: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      }),
    ],
  },
  {
    name: 'port name longer than 15',
    rule: 'ValidateNetworkPolicyPort → IsValidPortName (IANA_SVC_NAME, at most 15)',
    text: npIngress('ports', '    - port: metrics-endpoint\n'),
    expected: [err('PORT_INVALID', '9:7', 'spec.ingress[0].ports[0].port', { message: 'spec.ingress[0].ports[0].port: Invalid value: "metrics-endpoint": must be no more than 15 characters' })],
  },
  {
    name: 'endPort below port',
    rule: 'ValidateNetworkPolicyPort: must be greater than or equal to `port`',
    text: npIngress('ports', '    - port: 9000\n      endPort: 8000\n'),
    expected: [
      err('ENDPORT_INVALID', '10:7', 'spec.ingress[0].ports[0].endPort', { message: 'spec.ingress[0].ports[0].endPort: Invalid value: 8000: must be greater than or equal to `port`' }),
    ],
  },
  {
    name: 'endPort above 65535',
    rule: 'ValidateNetworkPolicyPort → IsValidPortNum(endPort)',
    text: npIngress('ports', '    - port: 9000\n      endPort: 70000\n'),
    expected: [err('ENDPORT_INVALID', '10:7', 'spec.ingress[0].ports[0].endPort', { message: 'spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive' })],
  },
  {
    name: 'endPort without port',
    rule: 'ValidateNetworkPolicyPort: may not be specified when `port` is not specified',
    text: npIngress('ports', '    - endPort: 8080\n'),
    expected: [
      err('ENDPORT_INVALID', '9:7', 'spec.ingress[0].ports[0].endPort', { message: 'spec.ingress[0].ports[0].endPort: Invalid value: 8080: may not be specified when `port` is not specified' }),
    ],
  },
  {
    name: 'endPort with a named port',
    rule: 'ValidateNetworkPolicyPort: may not be specified when `port` is non-numeric',
    text: npIngress('ports', '    - port: http\n      endPort: 8080\n'),
    expected: [
      err('ENDPORT_INVALID', '10:7', 'spec.ingress[0].ports[0].endPort', { message: 'spec.ingress[0].ports[0].endPort: Invalid value: 8080: may not be specified when `port` is non-numeric' }),
    ],
  },
  {
    name: 'protocol ICMP',
    rule: 'ValidateNetworkPolicyPort: NotSupported, values in the order "TCP", "UDP", "SCTP"',
    text: npIngress('ports', '    - protocol: ICMP\n'),
    expected: [
      err('PROTOCOL_UNSUPPORTED', '9:7', 'spec.ingress[0].ports[0].protocol', {
        message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      }),
    ],
  },
  {
    name: 'protocol tcp (lower case)',
    rule: 'ValidateNetworkPolicyPort: protocols are case-sensitive',
    text: npIngress('ports', '    - protocol: tcp\n      port: 80\n'),
    expected: [
      err('PROTOCOL_UNSUPPORTED', '9:7', 'spec.ingress[0].ports[0].protocol', {
        message: 'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
        hint: /"TCP"/,
      }),
    ],
  },
  // ---- policyTypes: ValidateNetworkPolicySpec ------------------------------------------------------------
  {
    name: 'policyTypes with an unknown value',
    rule: 'ValidateNetworkPolicySpec: NotSupported "Ingress", "Egress"',
    text: np('  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Both\n'),
    expected: [err('POLICY_TYPE_INVALID', '9:5', 'spec.policyTypes[1]', { message: 'spec.policyTypes[1]: Unsupported value: "Both": supported values: "Ingress", "Egress"' })],
  },
  {
    name: 'policyTypes lower case',
    rule: 'ValidateNetworkPolicySpec: policy types are case-sensitive',
    text: np('  podSelector: {}\n  policyTypes:\n  - egress\n'),
    expected: [
      err('POLICY_TYPE_INVALID', '8:5', 'spec.policyTypes[0]', {
        message: 'spec.policyTypes[0]: Unsupported value: "egress": supported values: "Ingress", "Egress"',
        hint: /"Egress"/,
      }),
    ],
  },
  // ---- workloads: pkg/apis/apps/validation -----------------------------------------------------------------
  {
    name: 'Deployment selector does not match template labels',
    rule: 'ValidatePodTemplateSpecForReplicaSet: `selector` does not match template `labels`',
    text: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: frontend}
          spec:
            containers: [{name: c}]
    `,
    expected: [err('SELECTOR_MISMATCH', '10:7', 'spec.template.metadata.labels')],
  },
  {
    name: 'Deployment without selector',
    rule: 'ValidateDeploymentSpec: spec.selector Required value',
    text: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: c}]
    `,
    expected: [err('FIELD_REQUIRED', '5:1', 'spec.selector', { message: 'spec.selector: Required value' })],
  },
  {
    name: 'Deployment with negative replicas',
    rule: 'ValidateDeploymentSpec → ValidateNonnegativeField',
    text: yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: -1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: c}]
    `,
    expected: [err('FIELD_INVALID', '6:3', 'spec.replicas', { message: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0' })],
  },
  {
    name: 'containerPort 70000',
    rule: 'validateContainerPorts → IsValidPortNum (pkg/apis/core/validation)',
    text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
      spec:
        containers:
        - name: c
          ports:
          - containerPort: 70000
    `,
    expected: [
      err('PORT_INVALID', '9:7', 'spec.containers[0].ports[0].containerPort', {
        message: 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      }),
    ],
  },
  {
    name: 'duplicate container port name',
    rule: 'validateContainerPorts: Duplicate value (names are unique per container)',
    text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
      spec:
        containers:
        - name: c
          ports:
          - {name: http, containerPort: 80}
          - {name: http, containerPort: 8080}
    `,
    expected: [err('PORT_NAME_DUPLICATE', '10:8', 'spec.containers[0].ports[1].name', { message: 'spec.containers[0].ports[1].name: Duplicate value: "http"' })],
  },
  {
    name: 'duplicate object in one file',
    rule: 'the second create of the same kind/namespace/name conflicts (kflow reports it, the first one wins)',
    text: yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cfg
        namespace: shop
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cfg
        namespace: shop
    `,
    expected: [err('OBJECT_DUPLICATE', '7:1', '', { message: 'ConfigMap/shop/cfg is defined twice; first at input.yaml:1:1' })],
  },
  // ---- status and node addressing: ValidatePodStatusUpdate, ValidateNode -----------------------------
  {
    name: 'Pod with an invalid status.podIP',
    rule: 'validatePodIPs → IsValidIPForLegacyField',
    text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
      spec:
        containers: [{name: c}]
      status:
        phase: Running
        podIP: 10.0.0.300
    `,
    expected: [err('IP_INVALID', '9:3', 'status.podIP')],
  },
  {
    name: 'Pod with an invalid status.podIPs entry',
    rule: 'validatePodIPs → IsValidIPForLegacyField',
    text: yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
      spec:
        containers: [{name: c}]
      status:
        phase: Running
        podIPs:
        - ip: 10.0.0.3
        - ip: "fd00::zz"
    `,
    expected: [err('IP_INVALID', '11:5', 'status.podIPs[1].ip')],
  },
  {
    name: 'Node with an invalid podCIDR',
    rule: 'ValidateNode → IsValidCIDRForLegacyField on spec.podCIDRs',
    text: yaml`
      apiVersion: v1
      kind: Node
      metadata:
        name: node-1
      spec:
        podCIDR: 10.244.1.0
    `,
    expected: [err('CIDR_INVALID', '6:3', 'spec.podCIDR')],
  },
  {
    name: 'Node with an invalid podCIDRs entry',
    rule: 'ValidateNode → IsValidCIDRForLegacyField on spec.podCIDRs[i]',
    text: yaml`
      apiVersion: v1
      kind: Node
      metadata:
        name: node-1
      spec:
        podCIDRs:
        - 10.244.1.0/24
        - fd00:1::/300
    `,
    expected: [err('CIDR_INVALID', '8:5', 'spec.podCIDRs[1]')],
  },
];

describe('bad input: one problem, one located diagnostic', () => {
  it.each(CASES)('$name — $rule', ({ text, expected }) => {
    const { diagnostics } = load(text);
    checkDiagnostics(diagnostics, expected);
  });

  it('every diagnostic names its object once the object is known', () => {
    const { diagnostics } = load(npIngress('ports', '    - port: 0\n'));
    expect(diagnostics[0]?.object).toBe('NetworkPolicy/default/np');
  });
});

describe('problems found and reported together', () => {
  it('reports all five errors of one NetworkPolicy, each at its own field', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: Deny_All
        namespace: shop
      spec:
        podSelector:
          matchExpressions:
          - {key: app, operator: Equals, values: [web]}
        ingress:
        - ports:
          - port: 0
          from:
          - ipBlock: {cidr: 10.0.0.0}
        policyTypes: [ingress]
    `;
    const { diagnostics } = load(text);
    expect(diagnostics.map((d) => [d.code, d.path, `${d.line}:${d.column}`])).toEqual([
      ['NAME_INVALID', 'metadata.name', '4:3'],
      ['SELECTOR_INVALID', 'spec.podSelector.matchExpressions[0].operator', '9:18'],
      ['PORT_INVALID', 'spec.ingress[0].ports[0].port', '12:7'],
      ['CIDR_INVALID', 'spec.ingress[0].from[0].ipBlock.cidr', '14:17'],
      ['POLICY_TYPE_INVALID', 'spec.policyTypes[0]', '15:17'],
    ]);
    expect(diagnostics.every((d) => d.severity === 'error' && d.object === 'NetworkPolicy/shop/Deny_All')).toBe(true);
  });

  it('reports errors of every document and every file in one run', () => {
    const a = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: a
      spec:
        containers:
        - name: c
          ports: [{containerPort: 70000}]
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: 9svc
      spec:
        ports: [{port: 80}]
    `;
    const b = npIngress('ports', '    - protocol: ICMP\n');
    const { diagnostics } = loadSnapshot([
      { file: 'a.yaml', text: a },
      { file: 'b.yaml', text: b },
    ]);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([
      'a.yaml:8:14 PORT_INVALID',
      'a.yaml:13:3 NAME_INVALID',
      'b.yaml:9:7 PROTOCOL_UNSUPPORTED',
    ]);
  });

  it('an error in one document does not hide the valid objects of the others', () => {
    const text = yaml`
      apiVersion: v1
      kind: Namespace
      metadata:
        name: first
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: broken
       labels: {}
      ---
      - not
      - an object
      ---
      kind: Namespace
      metadata:
        name: no-api-version
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: bad-port
        namespace: first
      spec:
        containers:
        - name: c
          ports: [{containerPort: 70000}]
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: last
    `;
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '10:1 YAML_SYNTAX',
      '12:1 OBJECT_NOT_MAPPING',
      '15:1 OBJECT_APIVERSION_MISSING',
      '27:14 PORT_INVALID',
    ]);
    expect(snapshot.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Namespace/first', 'Pod/bad-port', 'Namespace/last']);
    // The pod with a bad port is still part of the cluster (its other fields are fine).
    expect(snapshot.podsByKey.has('first/bad-port')).toBe(true);
  });

  it('a second file does not hide the first: the same object twice across files', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const { snapshot, diagnostics } = loadSnapshot([
      { file: 'base/ns.yaml', text: ns },
      { file: 'overlay/ns.yaml', text: `# copy\n---\n${ns}` },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'OBJECT_DUPLICATE',
        file: 'overlay/ns.yaml',
        line: 3,
        column: 1,
        object: 'Namespace/shop',
        message: 'Namespace/shop is defined twice; first at base/ns.yaml:1:1',
      }),
    ]);
    expect(snapshot.objects).toHaveLength(1);
    expect(snapshot.objects[0]?.source.file).toBe('base/ns.yaml');
  });

  it('the same name in two namespaces, or of two kinds, is not a duplicate', () => {
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: web, namespace: a}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: web, namespace: b}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: a}
      spec: {ports: [{port: 80}]}
    `;
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(snapshot.objects).toHaveLength(3);
  });
});

describe('accepted input forms: List, JSON, empty documents', () => {
  it('flattens `kind: List` (as kubectl get -o yaml prints it) and locates fields inside its items', () => {
    const text = yaml`
      apiVersion: v1
      kind: List
      metadata:
        resourceVersion: ""
      items:
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
      - apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: shop
        spec:
          containers:
          - name: c
            ports:
            - containerPort: 70000
    `;
    const { snapshot, diagnostics } = load(text);
    expect(snapshot.objects.map((o) => [`${o.kind}/${o.name}`, o.source.line, o.source.column])).toEqual([
      ['Namespace/shop', 6, 3],
      ['Pod/web', 10, 3],
    ]);
    expect(diagnostics.map(shape)).toEqual([{ code: 'PORT_INVALID', severity: 'error', at: '19:9', path: 'spec.containers[0].ports[0].containerPort' }]);
    expect(diagnostics[0]?.object).toBe('Pod/shop/web');
  });

  it('flattens typed lists (PodList) too', () => {
    const text = yaml`
      apiVersion: v1
      kind: PodList
      items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec: {containers: [{name: c}]}
      - apiVersion: v1
        kind: Pod
        metadata: {name: b}
        spec: {containers: [{name: c}]}
    `;
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(snapshot.pods.map((p) => p.key)).toEqual(['default/a', 'default/b']);
  });

  it('reports bad items of a List at the item and keeps the good ones', () => {
    const text = yaml`
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Namespace
        metadata: {name: ok}
      - 42
      - apiVersion: v1
        metadata: {name: no-kind}
    `;
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics.map(shape)).toEqual([
      { code: 'OBJECT_NOT_MAPPING', severity: 'error', at: '7:3', path: '' },
      { code: 'OBJECT_KIND_MISSING', severity: 'error', at: '8:3', path: 'kind' },
    ]);
    expect(snapshot.objects.map((o) => o.name)).toEqual(['ok']);
  });

  it('rejects a List whose items is not a list', () => {
    const { diagnostics } = load('apiVersion: v1\nkind: List\nitems: {a: b}\n');
    expect(diagnostics.map(shape)).toEqual([{ code: 'FIELD_TYPE', severity: 'error', at: '3:1', path: 'items' }]);
  });

  it('reads JSON, with positions into the JSON text', () => {
    const text = [
      '{',
      '  "apiVersion": "v1",',
      '  "kind": "Pod",',
      '  "metadata": {"name": "web", "labels": {"tier": 1}},',
      '  "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 8080, "protocol": "tcp"}]}]}',
      '}',
    ].join('\n');
    const { snapshot, diagnostics } = loadSnapshot([{ file: 'pod.json', text }]);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.path}`)).toEqual([
      'pod.json:4:42 FIELD_TYPE metadata.labels.tier',
      'pod.json:5:75 PROTOCOL_UNSUPPORTED spec.containers[0].ports[0].protocol',
    ]);
    expect(snapshot.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual(['Pod/default/web']);
  });

  it('reads a JSON List, with positions into the right item', () => {
    const text = [
      '{"apiVersion": "v1", "kind": "List", "items": [',
      '  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}},',
      '  {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",',
      '   "metadata": {"name": "np", "namespace": "shop"},',
      '   "spec": {"podSelector": {}, "ingress": [{"ports": [{"port": 0}]}]}}',
      ']}',
    ].join('\n');
    const { snapshot, diagnostics } = loadSnapshot([{ file: 'list.json', text }]);
    expect(snapshot.objects.map((o) => [o.name, o.source.line, o.source.column])).toEqual([
      ['shop', 2, 3],
      ['np', 3, 3],
    ]);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.path} ${d.object}`)).toEqual([
      '5:56 PORT_INVALID spec.ingress[0].ports[0].port NetworkPolicy/shop/np',
    ]);
  });

  it('skips empty documents and comment-only documents silently', () => {
    const text = '# header comment\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\n';
    const { snapshot, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(snapshot.objects.map((o) => [o.name, o.source.line])).toEqual([['ok', 4]]);
  });

  it('never throws, whatever the text', () => {
    const texts = ['', '---', ':', '[', '{', '"', '- - -', 'a: *undefined', '%YAML 9.9\n---\na: 1', '\u0000', 'apiVersion: v1\nkind: Pod\nmetadata: 7\nspec: []\nstatus: x'];
    for (const text of texts) expect(() => load(text)).not.toThrow();
  });
});
