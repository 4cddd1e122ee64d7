import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../src/analysis/incremental.js';
import { generateCluster } from '../../src/gen/generate-cluster.js';
import { GEN_PROFILES, type GenParams } from '../../src/gen/params.js';
import { Prng } from '../../src/gen/prng.js';
import { renderClusterFiles } from '../../src/gen/render-cluster.js';
import { buildPolicyEngine, computeMatrix, loadSnapshot, portsInUse } from '../../src/index.js';
import { GENERIC_PROFILE, type SemanticProfile } from '../../src/layers/policy/profiles.js';
import type { Protocol } from '../../src/net/protocol.js';

/**
 * ClusterModel.apply on generated clusters (src/gen: default-deny and egress-deny baselines, DNS
 * egress, named ports, ipBlocks, a hostNetwork DaemonSet), under random policy changes that flip
 * many verdicts: the reported changes, expanded pod pair by pod pair, must be exactly the ordered
 * pod pairs whose verdict differs between the matrix before and a fresh build after, on every
 * port, with both verdicts. This holds the grouped, set-based change computation (open sources,
 * weighted pair counts, node-local exceptions) to the plain matrix.
 */
const CLUSTERS = 10;

/**
 * Every shipped profile allows ingress from a pod's own node whatever the policies say, so a
 * node-local pair's exact verdict never changes there. Odd seeds run under this hypothetical
 * profile, where local-node traffic is subject to policy, so that exact node-local changes occur
 * and must be reported pair by pair.
 */
const LOCAL_NODE_SUBJECT_TO_POLICY: SemanticProfile = { ...GENERIC_PROFILE, name: 'generic', localNodeIngress: 'subject-to-policy' };

type Matrix = ReturnType<typeof computeMatrix>;

/** Ordered pairs of distinct pods present on both sides whose verdict differs (each side asked with its own pod models: placement may differ). */
function changedPairs(a: Matrix, b: Matrix): string[] {
  const after = new Map(b.pods.map((p) => [p.key, p]));
  const out: string[] = [];
  for (const s of a.pods) {
    for (const d of a.pods) {
      const s2 = after.get(s.key);
      const d2 = after.get(d.key);
      if (s.key === d.key || !s2 || !d2) continue;
      const [vb, va] = [a.isAllowed(s, d), b.isAllowed(s2, d2)];
      if (vb !== va) out.push(`${s.key} -> ${d.key} ${vb}->${va}`);
    }
  }
  return out.sort();
}

function reportedPairs(changes: readonly { from: readonly string[]; to: readonly string[]; except: readonly (readonly [string, string])[]; before: boolean; after: boolean }[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    const except = new Set(c.except.map(([s, d]) => `${s}\u0000${d}`));
    for (const s of c.from) for (const d of c.to) if (s !== d && !except.has(`${s}\u0000${d}`)) out.push(`${s} -> ${d} ${c.before}->${c.after}`);
  }
  return out.sort();
}

const np = (namespace: string, name: string, spec: object) => ({
  file: 'change.yaml',
  text: JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec }),
});

describe('incremental changes on generated clusters = matrix before vs fresh build after', () => {
  it(`every pod pair and port, ${CLUSTERS} clusters, six changes each (one rebuilds)`, () => {
    let flipped = 0;
    const strategies = new Set<string>();
    let nodeLocalExcepted = 0;
    let singlePairs = 0;
    for (let seed = 1; seed <= CLUSTERS; seed++) {
      const params: GenParams = { ...GEN_PROFILES.tiny, seed, hostNetworkDaemonSet: true, podsPerNode: 6 };
      const { snapshot } = loadSnapshot(renderClusterFiles(generateCluster(params)).map((f) => ({ file: f.path, text: f.text })));
      const profile = seed % 2 === 1 ? LOCAL_NODE_SUBJECT_TO_POLICY : GENERIC_PROFILE;
      const model = new ClusterModel(snapshot, { profile });
      const rng = new Prng(seed * 7919);
      const namespaces = [...snapshot.namespaces.keys()].filter((n) => !n.startsWith('kube-'));
      for (let step = 0; step < 6; step++) {
        const ns = rng.pick(namespaces);
        const existing = model.snapshot.networkPolicies;
        const change =
          step === 0
            ? { upsert: [np(ns, 'open', { podSelector: {}, ingress: [{}] })] }
            : step === 1
              ? { upsert: [np(ns, 'no-egress', { podSelector: {}, policyTypes: ['Egress'] })] }
              : step === 2 && existing.length > 0
                ? { delete: [`NetworkPolicy/${rng.pick(existing).namespace}/${rng.pick(existing).name}`] }
                : step === 3
                  ? { upsert: [np(ns, 'open', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{ to: [{ namespaceSelector: {} }] }] })] }
                  : step === 4
                    ? { delete: [`NetworkPolicy/${ns}/open`] }
                    : // a CIDR no policy used before splits identities anew: the rebuild path
                      { upsert: [np(ns, 'from-cidr', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/1', except: ['10.0.0.0/9'] } }] }] })] };
        const ports = portsInUse(model.snapshot) as { protocol: Protocol; port: number }[];
        const before = model.engine;
        const r = model.apply(change, ports);
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        strategies.add(r.strategy);
        const after = buildPolicyEngine(model.snapshot, { profile });
        for (const { protocol, port } of ports) {
          const actual = changedPairs(computeMatrix(before, protocol, port), computeMatrix(after, protocol, port));
          const onPort = r.changes.filter((c) => c.protocol === protocol && c.port === port);
          expect(reportedPairs(onPort), `seed ${seed} step ${step} ${port}/${protocol} (${r.strategy})`).toEqual(actual);
          expect(onPort.reduce((n, c) => n + c.pairs, 0)).toBe(actual.length);
          flipped += actual.length;
          nodeLocalExcepted += onPort.reduce((n, c) => n + c.except.length, 0);
          singlePairs += onPort.filter((c) => c.pairs === 1 && c.from.length === 1 && c.to.length === 1).length;
        }
      }
    }
    // The run exercised what it claims to.
    expect(flipped).toBeGreaterThan(1000);
    expect(nodeLocalExcepted).toBeGreaterThan(0);
    expect(singlePairs).toBeGreaterThan(0);
    expect([...strategies].sort()).toEqual(['policy-only', 'rebuild']);
  }, 60_000);
});

describe('incremental rebuild: node-local pairs on either side (a pod moves node or turns hostNetwork; review finding)', () => {
  const node = (n: string, ip: string) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${n}}\nstatus: {addresses: [{type: InternalIP, address: ${ip}}]}\n`;
  const pod = (name: string, nodeName: string, ip: string, host = false) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: default, labels: {app: ${name}}}\nspec: {nodeName: ${nodeName}, hostNetwork: ${host}, containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}\nstatus: {phase: Running, podIP: ${ip}, podIPs: [{ip: ${ip}}]}\n`;
  // p isolated for ingress with no rule: only its own node (the hostNetwork pod h there) may reach it.
  const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: default}\nspec: {podSelector: {matchLabels: {app: p}}, policyTypes: [Ingress]}\n';
  const cases: [string, string, string, string][] = [
    ['p moves onto the hostNetwork pod\'s node', pod('h', 'n1', '10.0.0.1', true), pod('p', 'n2', '10.1.0.5'), pod('p', 'n1', '10.1.0.5')],
    ['p moves off it', pod('h', 'n1', '10.0.0.1', true), pod('p', 'n1', '10.1.0.5'), pod('p', 'n2', '10.1.0.5')],
    ['h turns hostNetwork on p\'s node', pod('h', 'n1', '10.1.0.9'), pod('p', 'n1', '10.1.0.5'), pod('h', 'n1', '10.0.0.1', true)],
  ];
  it.each(cases)('%s: reported = matrix before vs fresh build after', (_name, h, p, changed) => {
    const { snapshot } = loadSnapshot([{ file: 'c.yaml', text: [node('n1', '10.0.0.1'), node('n2', '10.0.0.2'), h, p, deny].join('---\n') }]);
    const model = new ClusterModel(snapshot);
    const before = computeMatrix(model.engine, 'TCP', 80);
    const r = model.apply({ upsert: [{ file: 'change.yaml', text: changed }] }, [{ protocol: 'TCP', port: 80 }]);
    expect(r.strategy).toBe('rebuild');
    const actual = changedPairs(before, computeMatrix(buildPolicyEngine(model.snapshot), 'TCP', 80));
    expect(actual.length).toBeGreaterThan(0);
    expect(reportedPairs(r.changes)).toEqual(actual);
    expect(r.changes.reduce((n, c) => n + c.pairs, 0)).toBe(actual.length);
  });
});
