import { describe, expect, it } from 'vitest';
import {
  CNI_NAMES,
  type PolicyEngine,
  buildPolicyEngine,
  computeMatrix,
  evaluateConnection,
  loadSnapshot,
  parseIp,
  profileFor,
  tracePolicy,
} from '../../src/index.js';
import type { SourceText } from '../../src/ingest/source-text.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CNI semantic profiles (docs/cni-profiles.md): the same manifests, different documented verdicts,
 * and both engine evaluators (per-connection and bitset matrix) follow the profile alike.
 */

const ROOT = new URL('../..', import.meta.url).pathname;

function read(dir: string): SourceText[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));
}

const SHOP = read('examples/shop');
const SHOP_CLUSTER = [...SHOP, ...read('examples/shop-cluster-policies')];

function engine(sources: SourceText[], cni: (typeof CNI_NAMES)[number]): PolicyEngine {
  const { snapshot, diagnostics } = loadSnapshot(sources);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('; '));
  return buildPolicyEngine(snapshot, { profile: profileFor(cni) });
}

function podsOf(e: PolicyEngine, ns: string, workload: string) {
  return e.snapshot.pods.filter((p) => p.namespace === ns && p.workload?.name === workload);
}

function flow(e: PolicyEngine, from: [string, string], to: [string, string] | string, port: number) {
  const src = podsOf(e, ...from)[0]!;
  const dst = typeof to === 'string' ? ({ kind: 'external', ip: parseIp(to)! } as const) : ({ kind: 'pod', pod: podsOf(e, ...to)[0]! } as const);
  return evaluateConnection(e, { kind: 'pod', pod: src }, dst, 'TCP', port);
}

describe('the same flow, different documented verdicts under two profiles', () => {
  // examples/shop README, mistake 7: payments' ledger rule is ipBlock 10.0.0.0/8, which also covers
  // the pod CIDR. Kubernetes API: ipBlock matches pod IPs, so payments reaches ingress-nginx.
  // Cilium (Documentation/security/policy/layer3.rst): "By default, CIDR-based selectors do not
  // match in-cluster entities (pods or nodes)" — the same manifest does not open that flow.
  it('payments → ingress-nginx 443 (ipBlock over pod IPs): generic allow, cilium deny', () => {
    const generic = flow(engine(SHOP, 'generic'), ['payments', 'payments'], ['ingress-nginx', 'ingress-nginx-controller'], 443);
    const cilium = flow(engine(SHOP, 'cilium'), ['payments', 'payments'], ['ingress-nginx', 'ingress-nginx-controller'], 443);
    expect(generic.allowed).toBe(true);
    expect(cilium.allowed).toBe(false);
    expect(cilium.egress.profileDecisions.map((d) => [d.question, d.differsFromGeneric])).toContainEqual(['cidr-selects-pods', true]);
    expect(generic.egress.profileDecisions.map((d) => [d.question, d.differsFromGeneric])).toContainEqual(['cidr-selects-pods', false]);
  });

  // The self-hosted API server: ipBlock 172.18.0.2/32 is a node address. Cilium needs
  // --policy-cidr-match-mode=nodes (or the kube-apiserver entity) for it.
  it('prometheus → kube-apiserver 172.18.0.2:6443 (ipBlock over a node address): generic allow, cilium deny', () => {
    expect(flow(engine(SHOP, 'generic'), ['monitoring', 'prometheus'], '172.18.0.2', 6443).allowed).toBe(true);
    const cilium = flow(engine(SHOP, 'cilium'), ['monitoring', 'prometheus'], '172.18.0.2', 6443);
    expect(cilium.allowed).toBe(false);
    expect(cilium.egress.profileDecisions[0]).toMatchObject({ profile: 'cilium', question: 'cidr-selects-nodes', differsFromGeneric: true });
    expect(cilium.egress.profileDecisions[0]!.source).toContain('layer3.rst');
    // An address outside the cluster is matched by IP under every profile.
    expect(flow(engine(SHOP, 'cilium'), ['payments', 'payments'], '198.51.100.10', 443).allowed).toBe(true);
  });

  // network-policy-api implementations.md: Cilium enforces no cluster policy kind; OVN-Kubernetes
  // and Antrea implement AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1) only.
  it('prometheus → coredns 8080: Admin Pass then NetworkPolicy deny under generic and calico; the NetworkPolicy alone under cilium', () => {
    for (const cni of ['generic', 'calico'] as const) {
      const v = flow(engine(SHOP_CLUSTER, cni), ['monitoring', 'prometheus'], ['kube-system', 'coredns'], 8080);
      expect(v.ingress.chain.map((s) => `${s.tier}:${s.outcome}`)).toEqual(['Admin:pass', 'NetworkPolicy:deny']);
    }
    const cilium = flow(engine(SHOP_CLUSTER, 'cilium'), ['monitoring', 'prometheus'], ['kube-system', 'coredns'], 8080);
    expect(cilium.ingress.chain.map((s) => `${s.tier}:${s.outcome}`)).toEqual(['NetworkPolicy:deny']);
    expect(cilium.ingress.profileDecisions.map((d) => d.question)).toContain('cluster-policy-kind');
  });

  it('coredns → API server via a nodes peer: generic allow; calico has no nodes peer, so the Baseline deny catches it', () => {
    const generic = flow(engine(SHOP_CLUSTER, 'generic'), ['kube-system', 'coredns'], '172.18.0.2', 6443);
    expect(generic.allowed).toBe(true);
    expect(generic.egress.chain.at(-1)).toMatchObject({ tier: 'Baseline', outcome: 'allow', priority: 100, action: 'Accept' });
    const calico = flow(engine(SHOP_CLUSTER, 'calico'), ['kube-system', 'coredns'], '172.18.0.2', 6443);
    expect(calico.allowed).toBe(false);
    expect(calico.egress.profileDecisions.map((d) => d.question)).toEqual(expect.arrayContaining(['cluster-policy-peer', 'cidr-selects-nodes']));
    // Cilium enforces no ClusterNetworkPolicy at all: coredns egress is open.
    expect(flow(engine(SHOP_CLUSTER, 'cilium'), ['kube-system', 'coredns'], '172.18.0.2', 6443).allowed).toBe(true);
  });

  it('OVN-Kubernetes ignores AdminNetworkPolicies above priority 99, and ClusterNetworkPolicy', () => {
    const anp = (priority: number): string =>
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: deny-${priority}\nspec:\n  priority: ${priority}\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n`;
    for (const [priority, expected] of [
      [99, false],
      [100, true],
    ] as const) {
      const sources = [{ file: 'anp.yaml', text: `${anp(priority)}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: data}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: data}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.0.0.1}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: data}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.0.0.2}\n` }];
      const e = engine(sources, 'ovn-kubernetes');
      const [a, b] = [e.snapshot.podsByKey.get('data/a')!, e.snapshot.podsByKey.get('data/b')!];
      const v = evaluateConnection(e, { kind: 'pod', pod: a }, { kind: 'pod', pod: b }, 'TCP', 80);
      expect(v.allowed).toBe(expected);
      if (expected) expect(v.ingress.profileDecisions[0]).toMatchObject({ question: 'cluster-policy-priority' });
      expect(evaluateConnection(engine(sources, 'generic'), { kind: 'pod', pod: a }, { kind: 'pod', pod: b }, 'TCP', 80).allowed).toBe(false);
    }
  });
});

describe('both evaluators follow the profile alike', () => {
  it.each(CNI_NAMES)('%s: matrix = per-connection evaluator on every pod pair of the shop with its cluster policies', (cni) => {
    const e = engine(SHOP_CLUSTER, cni);
    for (const port of [53, 443, 6443, 8080, 9153]) {
      const m = computeMatrix(e, 'TCP', port);
      for (const s of m.pods) {
        for (const d of m.pods) {
          const exact = evaluateConnection(e, { kind: 'pod', pod: s }, { kind: 'pod', pod: d }, 'TCP', port).allowed;
          expect(m.isAllowed(s, d), `${cni} ${s.key} -> ${d.key} ${port}`).toBe(exact);
        }
      }
    }
  });

  it('the profile is an explicit value: two engines over one snapshot answer independently', () => {
    const { snapshot } = loadSnapshot(SHOP);
    const generic = buildPolicyEngine(snapshot);
    const cilium = buildPolicyEngine(snapshot, { profile: profileFor('cilium') });
    const from = podsOf(generic, 'payments', 'payments');
    const to = podsOf(generic, 'ingress-nginx', 'ingress-nginx-controller');
    expect(tracePolicy(generic, from, { kind: 'pods', pods: to }, 'TCP', 443).verdict).toBe('allow');
    expect(tracePolicy(cilium, from, { kind: 'pods', pods: to }, 'TCP', 443).verdict).toBe('deny');
    expect(tracePolicy(generic, from, { kind: 'pods', pods: to }, 'TCP', 443).profile).toBe('generic');
  });
});

describe('trace: the tier chain to an address outside the cluster', () => {
  it('CoreDNS egress to the internet: [Admin] no rule -> [NetworkPolicy] no rule -> [Baseline prio 100] Deny', () => {
    const e = engine(SHOP_CLUSTER, 'generic');
    const t = tracePolicy(e, podsOf(e, 'kube-system', 'coredns'), { kind: 'ip', ip: parseIp('8.8.8.8')! }, 'TCP', 443);
    const egress = t.hops.find((h) => h.observationPoint === 'egress')!;
    expect(egress.tierChain!.map((s) => [s.tier, s.outcome, s.priority])).toEqual([
      ['Admin', 'no-match', undefined],
      ['NetworkPolicy', 'no-match', undefined],
      ['Baseline', 'deny', 100],
    ]);
    expect(egress.decidingTier).toBe('Baseline');
  });
});

describe('trace names the profile decision', () => {
  it('hops carry profileDecisions with the profile, a stable question code and the source', () => {
    const e = engine(SHOP, 'cilium');
    const t = tracePolicy(e, podsOf(e, 'monitoring', 'prometheus'), { kind: 'ip', ip: parseIp('172.18.0.2')! }, 'TCP', 6443);
    const egress = t.hops.find((h) => h.observationPoint === 'egress')!;
    expect(egress.decision).toBe('deny');
    expect(egress.profileDecisions).toEqual([
      expect.objectContaining({ profile: 'cilium', question: 'cidr-selects-nodes', differsFromGeneric: true, source: expect.stringContaining('policy-cidr-match-mode') }),
    ]);
  });
});
