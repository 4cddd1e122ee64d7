import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_RULES } from '../../src/analysis/check/catalog.js';
import { runChecks } from '../../src/analysis/check/run-checks.js';
import { analyzeClusterPolicies } from '../../src/analysis/check/rules/cluster-policy-space.js';
import { replayBothOrders } from '../../src/analysis/check/rules/cnp-priority-overlap.js';
import { PolicyEngine, buildPolicyEngine, computeRow, evaluateConnection, loadSnapshot, parseIp } from '../../src/index.js';
import type { PolicyRule } from '../../src/index.js';

/**
 * The CNP_* check rules claim things about what the engine does; on small random clusters of
 * ClusterNetworkPolicies (both tiers, every action, selector/networks/nodes peers, numbers, ranges
 * and named ports) and NetworkPolicies, each claim is replayed against the engine itself:
 * - CNP_RULE_SHADOWED: removing the rule changes no verdict;
 * - CNP_PASS_NOTHING_BELOW: turning the Pass into Accept changes no verdict;
 * - CNP_BASELINE_OVERRIDDEN: removing the policy's rules of the reported directions changes no verdict;
 * - CNP_PRIORITY_OVERLAP: the witness connection is decided by a different rule when the tied policies swap.
 * Verdicts: every identity's ingress and egress row at every port the rules distinguish, and egress to
 * addresses outside the pods (pod-range, node and outside addresses).
 */

const RUNS = Number(process.env['KFLOW_PROPERTY_RUNS'] ?? 120);
const TIMEOUT_MS = 60_000 + RUNS * 150;
const CNP_CODES = ['CNP_RULE_SHADOWED', 'CNP_PASS_NOTHING_BELOW', 'CNP_BASELINE_OVERRIDDEN', 'CNP_PRIORITY_OVERLAP'];

type Obj = Record<string, unknown>;

const NAMESPACES = [
  { name: 'alpha', labels: { team: 'x' } },
  { name: 'beta', labels: { team: 'y' } },
  { name: 'gamma', labels: { team: 'x', env: 'prod' } },
] as const;
const NODES = [
  { name: 'node-1', ip: '172.18.0.11', labels: { role: 'infra' } },
  { name: 'node-2', ip: '172.18.0.12', labels: { role: 'worker' } },
] as const;
const PROBE_IPS = ['10.0.0.1', '10.0.1.200', '10.0.0.5', '172.18.0.11', '172.18.0.12', '8.8.8.8', '169.254.169.254'].map((t) => parseIp(t)!);

const selectorArb = fc.oneof(
  fc.constant({}),
  fc.constantFrom({ matchLabels: { team: 'x' } }, { matchLabels: { team: 'y' } }, { matchLabels: { 'kubernetes.io/metadata.name': 'beta' } }, { matchLabels: { team: 'x', env: 'prod' } }),
);
const podSelectorArb = fc.oneof(fc.constant({}), fc.constantFrom('p', 'q').map((app) => ({ matchLabels: { app } })));
const selectorPeerArb = fc.oneof(
  selectorArb.map((namespaces) => ({ namespaces })),
  fc.record({ namespaceSelector: selectorArb, podSelector: podSelectorArb }).map((pods) => ({ pods })),
);
const peerArb = (direction: 'ingress' | 'egress'): fc.Arbitrary<Obj> =>
  direction === 'ingress'
    ? selectorPeerArb
    : fc.oneof(
        selectorPeerArb,
        fc.uniqueArray(fc.constantFrom('10.0.0.0/24', '10.0.1.0/24', '10.0.0.0/23', '172.18.0.11/32', '0.0.0.0/0', '10.0.0.4/30'), { minLength: 1, maxLength: 2 }).map((networks) => ({ networks })),
        fc.constantFrom({}, { matchLabels: { role: 'infra' } }).map((nodes) => ({ nodes })),
      );
const protocolArb = fc.oneof(
  fc.constantFrom(80, 53, 443).map((n) => ({ tcp: { destinationPort: { number: n } } })),
  fc.constantFrom(53, 80).map((n) => ({ udp: { destinationPort: { number: n } } })),
  fc.constantFrom({ start: 50, end: 100 }, { start: 1, end: 79 }, { start: 81, end: 65535 }).map((range) => ({ tcp: { destinationPort: { range } } })),
  fc.constantFrom('http', 'dns').map((name) => ({ destinationNamedPort: name })),
);
const ruleArb = (direction: 'ingress' | 'egress'): fc.Arbitrary<Obj> =>
  fc
    .record({
      action: fc.constantFrom('Accept', 'Deny', 'Pass'),
      peers: fc.array(peerArb(direction), { minLength: 1, maxLength: 2 }),
      protocols: fc.option(fc.uniqueArray(protocolArb, { minLength: 1, maxLength: 2, selector: (p) => JSON.stringify(p) }), { nil: undefined }),
    })
    .map(({ action, peers, protocols }) => {
      const ipPeers = peers.some((p) => 'networks' in p || 'nodes' in p);
      const ports = protocols?.filter((p) => !(ipPeers && 'destinationNamedPort' in p));
      return { action, [direction === 'ingress' ? 'from' : 'to']: peers, ...(ports && ports.length ? { protocols: ports } : {}) };
    });
const cnpArb = fc.record({
  tier: fc.constantFrom('Admin', 'Baseline'),
  priority: fc.constantFrom(1, 2),
  subject: selectorPeerArb,
  ingress: fc.array(ruleArb('ingress'), { maxLength: 3 }),
  egress: fc.array(ruleArb('egress'), { maxLength: 3 }),
});
const npArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES.map((n) => n.name)),
  podSelector: podSelectorArb,
  types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  allowFrom: fc.option(selectorArb, { nil: undefined }),
});
const clusterArb = fc.record({
  pods: fc.tuple(...NAMESPACES.flatMap(() => [0, 1].map(() => fc.record({ app: fc.constantFrom('p', 'q'), http: fc.boolean(), node: fc.constantFrom(0, 1) })))),
  cnps: fc.array(cnpArb, { minLength: 1, maxLength: 4 }),
  nps: fc.array(npArb, { maxLength: 3 }),
});
type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function objectsOf(c: Cluster): Obj[] {
  const objects: Obj[] = [];
  for (const ns of NAMESPACES) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } });
  for (const n of NODES) objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, status: { addresses: [{ type: 'InternalIP', address: n.ip }] } });
  c.pods.forEach((p, i) => {
    const ports = [...(p.http ? [{ name: 'http', containerPort: 80, protocol: 'TCP' }] : []), { name: 'dns', containerPort: 53, protocol: 'UDP' }];
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: NAMESPACES[Math.floor(i / 2)]!.name, labels: { app: p.app } },
      spec: { nodeName: NODES[p.node]!.name, containers: [{ name: 'c', image: 'x', ports }] },
      status: { podIP: `10.0.${i % 2}.${i + 2}` },
    });
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'host-agent', namespace: 'alpha', labels: { app: 'p' } },
    spec: { nodeName: 'node-1', hostNetwork: true, containers: [{ name: 'c', image: 'x' }] },
    status: { podIP: NODES[0].ip },
  });
  c.cnps.forEach((p, i) =>
    objects.push({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: `cnp-${i}` }, spec: { tier: p.tier, priority: p.priority, subject: p.subject, ingress: p.ingress, egress: p.egress } }),
  );
  c.nps.forEach((np, i) => {
    const peers = np.allowFrom ? [{ namespaceSelector: np.allowFrom }] : undefined;
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np-${i}`, namespace: np.namespace },
      spec: {
        podSelector: np.podSelector,
        policyTypes: np.types,
        ...((np.types as readonly string[]).includes('Ingress') && peers ? { ingress: [{ from: peers }] } : {}),
        ...((np.types as readonly string[]).includes('Egress') && peers ? { egress: [{ to: peers }] } : {}),
      },
    });
  });
  return objects;
}

/** Every verdict the cluster tiers can change, as one string. */
function fingerprint(engine: PolicyEngine, points: readonly { protocol: 'TCP' | 'UDP' | 'SCTP'; port: number }[]): string {
  const parts: string[] = [];
  for (const { protocol, port } of points) {
    for (const ident of engine.index.identities) {
      if (ident.hostNetwork) continue;
      // A pod connecting to itself is not subject to policy: a one-pod identity's own bit says nothing.
      const self = (id: number) => ident.pods.length > 1 || id !== ident.id;
      for (const d of ['ingress', 'egress'] as const) parts.push(computeRow(engine, d, ident.id, protocol, port).toArray().filter(self).join(','));
      const pod = ident.pods[0]!;
      parts.push(PROBE_IPS.map((ip) => (evaluateConnection(engine, { kind: 'pod', pod }, { kind: 'external', ip }, protocol, port).egress.allowed ? '1' : '0')).join(''));
    }
  }
  return parts.join('|');
}

function withRules(engine: PolicyEngine, rules: readonly PolicyRule[]): PolicyEngine {
  return new PolicyEngine(engine.snapshot, { rules, isolations: engine.policies.isolations }, engine.profile, engine.index);
}

const cnpRules = CHECK_RULES.filter((r) => CNP_CODES.includes(r.code));

describe('CNP_* findings hold against the engine (random clusters)', () => {
  it(
    'shadowed rules, Passes with nothing below, overridden Baselines change no verdict; overlaps change the deciding rule',
    () => {
      const seen: Record<string, number> = Object.fromEntries(CNP_CODES.map((c) => [c, 0]));
      fc.assert(
        fc.property(clusterArb, (c) => {
          const text = objectsOf(c).map((o) => JSON.stringify(o)).join('\n---\n');
          const { snapshot, diagnostics } = loadSnapshot([{ file: 'random.yaml', text }]);
          if (diagnostics.some((d) => d.severity === 'error')) return;
          const engine = buildPolicyEngine(snapshot);
          const analysis = analyzeClusterPolicies(engine);
          const points = analysis.space.points;
          const base = fingerprint(engine, points);
          const { findings } = runChecks(snapshot, engine, { rules: cnpRules });
          for (const f of findings) {
            seen[f.code] = (seen[f.code] ?? 0) + 1;
            if (f.code === 'CNP_RULE_SHADOWED' || f.code === 'CNP_PASS_NOTHING_BELOW') {
              const g = [...analysis.facts.values()].find((x) => x.group.policy === f.object && x.group.path === f.path)!.group;
              const ids = new Set(g.rules.map((r) => r.id));
              const rules =
                f.code === 'CNP_RULE_SHADOWED'
                  ? engine.policies.rules.filter((r) => !ids.has(r.id))
                  : engine.policies.rules.map((r) => (ids.has(r.id) ? { ...r, action: 'allow' as const } : r));
              expect(fingerprint(withRules(engine, rules), points), `${f.code}: ${f.message}`).toBe(base);
            }
            if (f.code === 'CNP_BASELINE_OVERRIDDEN') {
              const head = f.message.slice(0, f.message.indexOf(':'));
              const dirs = (['ingress', 'egress'] as const).filter((d) => head.includes(d));
              const rules = engine.policies.rules.filter((r) => !(r.origin.policy === f.object && r.tier === 'Baseline' && dirs.includes(r.direction)));
              expect(fingerprint(withRules(engine, rules), points), f.message).toBe(base);
            }
          }
          expect(findings.filter((f) => f.code === 'CNP_PRIORITY_OVERLAP')).toHaveLength(analysis.conflicts.size);
          for (const w of analysis.conflicts.values()) {
            const first = w.a.policy < w.b.policy ? w.a : w.b;
            const replay = replayBothOrders(engine, w, first)!;
            const chain = (v: typeof replay.firstFirst) => JSON.stringify(v.chain.map((step) => [step.tier, step.outcome, step.rules.map((r) => `${r.policy.replace(/^[ !]/, '')} ${r.path}`)]));
            expect(chain(replay.firstFirst), replay.flow).not.toBe(chain(replay.otherFirst));
          }
        }),
        { numRuns: RUNS },
      );
      // The generator reaches every rule (a property over findings that never happen proves nothing).
      for (const code of CNP_CODES) expect(seen[code], code).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
