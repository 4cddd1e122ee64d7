import { describe, expect, it } from 'vitest';
import { CHECK_RULES } from '../../src/analysis/check/catalog.js';
import { check, codes, deploy, dnsStack, netpol, ns } from './check-harness.js';

/**
 * Every rule of the catalogue, with cases that must fire and cases that must not. Semantics per
 * the networking.k8s.io/v1 NetworkPolicy API reference.
 */
const app = ns('app') + deploy('app', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]) + deploy('app', 'db', { app: 'db' }, [{ name: 'pg', containerPort: 5432 }]);
const denyAll = netpol('app', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const allowDns = netpol('app', 'allow-dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }],
});

interface Case {
  name: string;
  yaml: string;
  fires: boolean;
}

const cases: Record<string, Case[]> = {
  NP_DNS_BLOCKED: [
    { name: 'default-deny egress without a DNS rule', yaml: dnsStack + app + denyAll, fires: true },
    { name: 'default-deny egress with a DNS rule to kube-dns', yaml: dnsStack + app + denyAll + allowDns, fires: false },
    { name: 'a DNS rule on the wrong port (TCP only: lookups go over UDP first)', yaml: dnsStack + app + denyAll + netpol('app', 'dns-tcp', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53 }] }] }), fires: true },
    { name: 'no egress isolation at all', yaml: dnsStack + app + netpol('app', 'ing', { podSelector: {}, policyTypes: ['Ingress'] }), fires: false },
    { name: 'CoreDNS ingress locked to another namespace', yaml: dnsStack + app + netpol('kube-system', 'dns-in', { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }] }) + denyAll + allowDns, fires: true },
  ],
  NP_SELECTS_NOTHING: [
    { name: 'a typo in the podSelector', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [{}] }), fires: true },
    { name: 'a selector that matches', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] }), fires: false },
    { name: 'podSelector {} in an empty namespace is intent, not a typo', yaml: ns('empty') + netpol('empty', 'p', { podSelector: {} }), fires: false },
  ],
  NP_PEER_SELECTS_NOTHING: [
    { name: 'a podSelector peer with a typo', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'wbe' } } }] }] }), fires: true },
    { name: 'a podSelector alone looks only in the policy namespace', yaml: app + ns('other') + deploy('other', 'client', { role: 'client' }) + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }] }), fires: true },
    { name: 'namespaceSelector {} selects every namespace (never flagged)', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }), fires: false },
    { name: 'a matching peer', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }), fires: false },
  ],
  NP_NAMESPACE_LABEL_UNKNOWN: [
    { name: 'name: <ns> instead of kubernetes.io/metadata.name', yaml: app + netpol('app', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'app' } } }] }] }), fires: true },
    { name: 'kubernetes.io/metadata.name, set on every namespace by the API server', yaml: app + netpol('app', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } }] }] }), fires: false },
    { name: 'DoesNotExist on an unknown key is satisfiable', yaml: app + netpol('app', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'name', operator: 'DoesNotExist' }] } }] }] }), fires: false },
  ],
  NP_NAMED_PORT_UNRESOLVED: [
    { name: 'ingress named port no selected pod exposes', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'metrics' }] }] }), fires: true },
    { name: 'named port with the wrong protocol', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'pg', protocol: 'UDP' }] }] }), fires: true },
    { name: 'egress named port the peer pods expose', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 'pg' }] }] }), fires: false },
    { name: 'ingress named port the selected pods expose', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'pg' }] }] }), fires: false },
  ],
  NP_RULE_SHADOWED: [
    { name: 'a rule inside an allow-all of the same pods', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}, { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] }), fires: true },
    { name: 'a narrower port range inside a wider one, another policy', yaml: app + netpol('app', 'a', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 5000, endPort: 6000 }] }] }) + netpol('app', 'b', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] }), fires: true },
    { name: 'two rules that each allow something the other does not', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }, { from: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }] }), fires: false },
    { name: 'an ipBlock is not covered by pod selectors', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }, { from: [{ ipBlock: { cidr: '192.0.2.0/24' } }] }] }), fires: false },
  ],
  NP_IPBLOCK_COVERS_PODS: [
    { name: 'a /8 that covers the pod CIDR', yaml: app + netpol('app', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }), fires: true },
    { name: 'the pod CIDR carved out with except', yaml: app + netpol('app', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.244.0.0/16'] } }] }] }), fires: false },
    { name: 'an external block', yaml: app + netpol('app', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] }), fires: false },
  ],
  NP_NO_DEFAULT_DENY: [
    { name: 'a namespace with pods and only allow policies', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] }), fires: true },
    { name: 'a namespace with a default-deny ingress', yaml: app + denyAll, fires: false },
    { name: 'a namespace with no pods', yaml: ns('empty'), fires: false },
  ],
  POD_NOT_ISOLATED: [
    { name: 'a workload the namespace policies forgot', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] }), fires: true },
    { name: 'every pod covered by a default-deny', yaml: app + denyAll, fires: false },
    { name: 'a namespace without policies', yaml: app, fires: false },
  ],
  HOSTNETWORK_BYPASSES_POLICY: [
    { name: 'a policy selecting a hostNetwork pod', yaml: ns('mon') + deploy('mon', 'agent', { app: 'agent' }, [], '      hostNetwork: true\n') + netpol('mon', 'p', { podSelector: { matchLabels: { app: 'agent' } }, ingress: [] }), fires: true },
    { name: 'a policy selecting pod-network pods only', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'web' } } }), fires: false },
  ],
};

describe('check rules: cases that must fire and cases that must not', () => {
  it('every rule of the catalogue has cases here', () => {
    for (const rule of CHECK_RULES) {
      const list = cases[rule.code] ?? [];
      expect(list.some((c) => c.fires), `${rule.code} has a firing case`).toBe(true);
      expect(list.some((c) => !c.fires), `${rule.code} has a quiet case`).toBe(true);
    }
  });
  for (const [code, list] of Object.entries(cases)) {
    describe(code, () => {
      it.each(list)('$name → fires: $fires', ({ yaml, fires }) => {
        expect(codes(check(yaml)).includes(code)).toBe(fires);
      });
    });
  }
});

describe('suppression and selection', () => {
  const yaml = app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [{}] });
  it('--disable drops a rule', () => {
    expect(codes(check(yaml, ['NP_SELECTS_NOTHING']))).not.toContain('NP_SELECTS_NOTHING');
  });
  it('the kflow.dev/ignore annotation silences a finding on that object, and is counted', () => {
    const annotated = yaml.replace('metadata: {name: p, namespace: app}', 'metadata: {name: p, namespace: app, annotations: {kflow.dev/ignore: NP_SELECTS_NOTHING}}');
    const r = check(annotated);
    expect(codes(r)).not.toContain('NP_SELECTS_NOTHING');
    expect(r.suppressed.map((f) => f.code)).toContain('NP_SELECTS_NOTHING');
  });
  it('points at the line of the selector and suggests the label that exists', () => {
    const f = check(yaml).findings.find((x) => x.code === 'NP_SELECTS_NOTHING')!;
    expect(f.hint).toContain('app=web');
    expect(f.object).toBe('NetworkPolicy/app/p');
    expect(f.line).toBeGreaterThan(0);
  });
});

describe('rule documentation', () => {
  it('every rule has a page in docs/rules/<CODE>.md', async () => {
    const { existsSync } = await import('node:fs');
    for (const rule of CHECK_RULES) expect(existsSync(`docs/rules/${rule.code}.md`), rule.code).toBe(true);
  });
});
