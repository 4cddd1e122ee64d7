import { describe, expect, it } from 'vitest';
import { type Diagnostic, loadSnapshot } from '../../src/index.js';

/**
 * API-server validation of the network-policy-api CRDs as located diagnostics: each case is one
 * OpenAPI marker or CEL rule of config/crd/experimental (kubernetes-sigs/network-policy-api),
 * quoted in the case name, with the stable code, the field path and the line kflow reports.
 */

function load(yaml: string): readonly Diagnostic[] {
  return loadSnapshot([{ file: 'p.yaml', text: yaml }]).diagnostics;
}

const CNP_HEAD = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: p
spec:
`;

/** A v1alpha2 policy with `body` as its spec (indented two spaces). */
function cnp(body: string): string {
  return CNP_HEAD + body.replace(/^(?=.)/gm, '  ');
}

const SUBJECT = 'subject:\n  namespaces: {}\n';

interface Case {
  readonly rule: string;
  readonly yaml: string;
  readonly code: string;
  readonly path: string;
  readonly line?: number;
  readonly severity?: 'error' | 'warning' | 'info';
}

const rules = (n: number, peer = '- namespaces: {}'): string =>
  Array.from({ length: n }, (_, i) => `- name: r${i}\n  action: Deny\n  from:\n  ${peer}\n`).join('');

const CASES: readonly Case[] = [
  { rule: 'tier: Enum={"Admin", "Baseline"}', yaml: cnp(`tier: admin\npriority: 1\n${SUBJECT}`), code: 'CNP_TIER_INVALID', path: 'spec.tier', line: 6 },
  { rule: 'tier: required', yaml: cnp(`priority: 1\n${SUBJECT}`), code: 'FIELD_REQUIRED', path: 'spec.tier' },
  { rule: 'priority: Maximum=1000', yaml: cnp(`tier: Admin\npriority: 1001\n${SUBJECT}`), code: 'CNP_PRIORITY_INVALID', path: 'spec.priority', line: 7 },
  { rule: 'priority: Minimum=0', yaml: cnp(`tier: Admin\npriority: -1\n${SUBJECT}`), code: 'CNP_PRIORITY_INVALID', path: 'spec.priority' },
  { rule: 'priority: an integer', yaml: cnp(`tier: Admin\npriority: "10"\n${SUBJECT}`), code: 'FIELD_TYPE', path: 'spec.priority' },
  { rule: 'subject: MinProperties=1', yaml: cnp('tier: Admin\npriority: 1\nsubject: {}\n'), code: 'CNP_SUBJECT_INVALID', path: 'spec.subject' },
  { rule: 'subject: MaxProperties=1', yaml: cnp('tier: Admin\npriority: 1\nsubject:\n  namespaces: {}\n  pods: {podSelector: {}}\n'), code: 'CNP_SUBJECT_INVALID', path: 'spec.subject' },
  { rule: 'NamespacedPod.podSelector: required', yaml: cnp('tier: Admin\npriority: 1\nsubject:\n  pods: {namespaceSelector: {}}\n'), code: 'FIELD_REQUIRED', path: 'spec.subject.pods.podSelector' },
  { rule: 'ingress: MaxItems=25', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n${rules(26).replace(/^/gm, '')}`), code: 'CNP_MAX_ITEMS', path: 'spec.ingress' },
  { rule: 'action: Enum={"Accept", "Deny", "Pass"} (v1alpha1 Allow)', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Allow\n  from:\n  - namespaces: {}\n`), code: 'CNP_ACTION_INVALID', path: 'spec.ingress[0].action', line: 11 },
  { rule: 'action: required', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- from:\n  - namespaces: {}\n`), code: 'FIELD_REQUIRED', path: 'spec.ingress[0].action' },
  { rule: 'name: MaxLength=100', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- name: ${'x'.repeat(101)}\n  action: Deny\n  from:\n  - namespaces: {}\n`), code: 'CNP_RULE_NAME_INVALID', path: 'spec.ingress[0].name' },
  { rule: 'from: MinItems=1', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from: []\n`), code: 'CNP_MIN_ITEMS', path: 'spec.ingress[0].from' },
  { rule: 'from: required', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n`), code: 'FIELD_REQUIRED', path: 'spec.ingress[0].from' },
  { rule: 'peer: MinProperties=1 (exactly one field)', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from:\n  - {}\n`), code: 'CNP_PEER_INVALID', path: 'spec.ingress[0].from[0]' },
  { rule: 'peer: MaxProperties=1 (exactly one field)', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - namespaces: {}\n    networks: [10.0.0.0/8]\n`), code: 'CNP_PEER_INVALID', path: 'spec.egress[0].to[0]' },
  { rule: 'ingress peers have no networks', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from:\n  - networks: [10.0.0.0/8]\n`), code: 'FIELD_UNKNOWN', path: 'spec.ingress[0].from[0].networks' },
  { rule: 'CIDR: XValidation isCIDR(self)', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - networks: [10.0.0.0]\n`), code: 'CIDR_INVALID', path: 'spec.egress[0].to[0].networks[0]' },
  { rule: 'networks: listType=set', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - networks: [10.0.0.0/8, 10.0.0.0/8]\n`), code: 'CNP_DUPLICATE_VALUE', path: 'spec.egress[0].to[0].networks[1]' },
  { rule: 'networks: MinItems=1', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - networks: []\n`), code: 'CNP_MIN_ITEMS', path: 'spec.egress[0].to[0].networks' },
  { rule: 'DomainName: Pattern', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Accept\n  to:\n  - domainNames: ["*"]\n`), code: 'CNP_DOMAIN_NAME_INVALID', path: 'spec.egress[0].to[0].domainNames[0]' },
  { rule: 'DomainNames "is only supported for Accept rules"', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - domainNames: [example.com]\n`), code: 'CNP_DOMAIN_NAMES_NOT_ACCEPT', path: 'spec.egress[0].to[0].domainNames', severity: 'warning' },
  { rule: 'nodes is experimental', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - nodes: {}\n`), code: 'CNP_EXPERIMENTAL_FIELD', path: 'spec.egress[0].to[0].nodes', severity: 'info' },
  {
    rule: 'egress XValidation: networks/nodes/domainNames peer cannot be set with namedPorts',
    yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}egress:\n- action: Deny\n  to:\n  - networks: [10.0.0.0/8]\n  protocols:\n  - destinationNamedPort: http\n`),
    code: 'CNP_NAMED_PORT_WITH_IP_PEER',
    path: 'spec.egress[0]',
  },
  { rule: 'protocol: exactly one of tcp/udp/sctp/destinationNamedPort', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  protocols:\n  - tcp: {destinationPort: {number: 80}}\n    udp: {destinationPort: {number: 53}}\n`), code: 'CNP_PROTOCOL_INVALID', path: 'spec.ingress[0].protocols[0]' },
  { rule: 'tcp: MinProperties=1', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  protocols:\n  - tcp: {}\n`), code: 'CNP_PROTOCOL_INVALID', path: 'spec.ingress[0].protocols[0].tcp' },
  { rule: 'Port.number: Maximum=65535', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  protocols:\n  - tcp: {destinationPort: {number: 70000}}\n`), code: 'PORT_INVALID', path: 'spec.ingress[0].protocols[0].tcp.destinationPort.number' },
  { rule: 'PortRange: XValidation self.start < self.end', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Deny\n  from: [{namespaces: {}}]\n  protocols:\n  - udp: {destinationPort: {range: {start: 90, end: 80}}}\n`), code: 'CNP_PORT_RANGE_INVALID', path: 'spec.ingress[0].protocols[0].udp.destinationPort.range' },
  { rule: 'strict field validation: unknown fields', yaml: cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingres: []\n`), code: 'FIELD_UNKNOWN', path: 'spec.ingres' },
  {
    rule: 'v1alpha1 BaselineAdminNetworkPolicy: XValidation self.metadata.name == \'default\'',
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: tenants\nspec:\n  subject: {namespaces: {}}\n',
    code: 'BANP_NAME_NOT_DEFAULT',
    path: 'metadata.name',
    line: 4,
  },
  {
    rule: 'v1alpha1 BaselineAdminNetworkPolicy action: Enum={"Allow", "Deny"} (no Pass in Baseline)',
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: default\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - action: Pass\n    from: [{namespaces: {}}]\n',
    code: 'CNP_ACTION_INVALID',
    path: 'spec.ingress[0].action',
    line: 8,
  },
  {
    rule: 'v1alpha1 AdminNetworkPolicy action: Enum={"Allow", "Deny", "Pass"} (v1alpha2 Accept)',
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: a\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n  - action: Accept\n    to: [{namespaces: {}}]\n',
    code: 'CNP_ACTION_INVALID',
    path: 'spec.egress[0].action',
  },
  {
    rule: 'v1alpha1 NamespacedPod.namespaceSelector: required',
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: a\nspec:\n  priority: 1\n  subject: {pods: {podSelector: {}}}\n',
    code: 'FIELD_REQUIRED',
    path: 'spec.subject.pods.namespaceSelector',
  },
  {
    rule: 'v1alpha1 ingress: MaxItems=100',
    yaml: `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: a\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n${rules(101).replace(/^/gm, '  ')}`,
    code: 'CNP_MAX_ITEMS',
    path: 'spec.ingress',
  },
  {
    rule: 'v1alpha1 BaselineAdminNetworkPolicy has no priority',
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: default\nspec:\n  priority: 5\n  subject: {namespaces: {}}\n',
    code: 'FIELD_UNKNOWN',
    path: 'spec.priority',
  },
  {
    rule: 'served versions: ClusterNetworkPolicy is v1alpha2',
    yaml: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ClusterNetworkPolicy\nmetadata:\n  name: a\nspec: {}\n',
    code: 'APIVERSION_UNSUPPORTED',
    path: 'apiVersion',
  },
];

describe('ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy validation', () => {
  it.each(CASES)('$rule → $code at $path', (c) => {
    const diagnostics = load(c.yaml);
    const hit = diagnostics.find((d) => d.code === c.code && d.path === c.path);
    expect(hit, JSON.stringify(diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}: ${d.message}`), null, 1)).toBeDefined();
    expect(hit!.severity).toBe(c.severity ?? 'error');
    expect(hit!.file).toBe('p.yaml');
    if (c.line !== undefined) expect(hit!.line).toBe(c.line);
    if (hit!.severity === 'error' && c.path !== 'apiVersion') expect(hit!.object).toMatch(/^(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)\//);
  });

  it('every error of a manifest is reported together, and an invalid policy contributes no rules', () => {
    const yaml = cnp(`tier: Admn\npriority: 2000\n${SUBJECT}ingress:\n- action: Allow\n  from: []\n`);
    const { snapshot, diagnostics } = loadSnapshot([{ file: 'p.yaml', text: yaml }]);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code).sort()).toEqual(['CNP_ACTION_INVALID', 'CNP_MIN_ITEMS', 'CNP_PRIORITY_INVALID', 'CNP_TIER_INVALID']);
    expect(snapshot.clusterNetworkPolicies).toHaveLength(0);
  });

  it('hints say how to fix the common slips', () => {
    const d = load(cnp(`tier: Admin\npriority: 1\n${SUBJECT}ingress:\n- action: Allow\n  from: [{namespaces: {}}]\n`)).find((x) => x.code === 'CNP_ACTION_INVALID')!;
    expect(d.hint).toMatch(/Accept/);
    const pass = load('apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: default\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - action: Pass\n    from: [{namespaces: {}}]\n').find((x) => x.code === 'CNP_ACTION_INVALID')!;
    expect(pass.hint).toMatch(/Allow and Deny only/);
  });

  it('valid policies load without errors, v1alpha2 and v1alpha1 alike', () => {
    const yaml = [
      cnp(`tier: Baseline\npriority: 0\nsubject:\n  pods:\n    podSelector: {matchLabels: {app: db}}\negress:\n- name: dns\n  action: Accept\n  to:\n  - domainNames: ["*.example.com", kubernetes.io.]\n  protocols:\n  - udp: {destinationPort: {number: 53}}\n  - tcp: {destinationPort: {range: {start: 1, end: 65535}}}\n- action: Pass\n  to:\n  - nodes: {matchExpressions: [{key: a, operator: Exists}]}\n  - networks: ["fd00::/8", 10.0.0.0/8]\n`),
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: a\nspec:\n  priority: 1000\n  subject: {pods: {namespaceSelector: {}, podSelector: {}}}\n  ingress:\n  - action: Allow\n    from: [{pods: {namespaceSelector: {}, podSelector: {}}}]\n    ports:\n    - portNumber: {port: 80}\n    - namedPort: http\n    - portRange: {protocol: UDP, start: 1000, end: 2000}\n',
    ].join('---\n');
    const { snapshot, diagnostics } = loadSnapshot([{ file: 'p.yaml', text: yaml }]);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(snapshot.clusterNetworkPolicies.map((p) => `${p.kind}/${p.name} ${p.tier} ${p.priority}`)).toEqual(['ClusterNetworkPolicy/p Baseline 0', 'AdminNetworkPolicy/a Admin 1000']);
    const anp = snapshot.clusterNetworkPolicies[1]!;
    expect(anp.ingress[0]!.action).toBe('Accept');
    expect(anp.ingress[0]!.actionAsWritten).toBe('Allow');
    expect(anp.ingress[0]!.ports!.map((p) => p.kind)).toEqual(['number', 'named', 'range']);
  });

  it('notes (info), once per tie whose order could matter, policies of one tier that share a priority (evaluation order undefined upstream)', () => {
    // Whether tied policies really decide some traffic differently is `kflow check`'s warning CNP_PRIORITY_OVERLAP.
    const policy = (name: string, tier: string, priority: number, action = 'Deny', direction = 'ingress'): string =>
      `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  tier: ${tier}\n  priority: ${priority}\n  subject: {namespaces: {}}\n  ${direction}:\n  - action: ${action}\n    ${direction === 'ingress' ? 'from' : 'to'}: [{namespaces: {}}]\n`;
    const yaml = [
      policy('zeta', 'Admin', 5, 'Deny'),
      policy('alpha', 'Admin', 5, 'Accept'),
      policy('beta', 'Baseline', 5),
      policy('gamma', 'Admin', 6),
      // same action: the order can never matter
      policy('delta', 'Admin', 7, 'Deny'),
      policy('epsilon', 'Admin', 7, 'Deny'),
      // different actions, but in different directions
      policy('eta', 'Admin', 8, 'Accept', 'egress'),
      policy('theta', 'Admin', 8, 'Deny'),
      // Baseline Pass and Accept both end in an allow
      policy('iota', 'Baseline', 9, 'Pass'),
      policy('kappa', 'Baseline', 9, 'Accept'),
    ].join('---\n');
    const ties = load(yaml).filter((d) => d.code === 'CNP_PRIORITY_TIE');
    expect(ties).toHaveLength(1);
    expect(ties[0]!.severity).toBe('info');
    expect(ties[0]!.object).toBe('ClusterNetworkPolicy/zeta');
    expect(ties[0]!.path).toBe('spec.priority');
    expect(ties[0]!.message).toContain('kflow evaluates ClusterNetworkPolicy/alpha, ClusterNetworkPolicy/zeta in that order');
    expect(ties[0]!.message).toContain('CNP_PRIORITY_OVERLAP');
  });
});
