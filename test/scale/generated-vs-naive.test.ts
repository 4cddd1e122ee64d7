import { describe, expect, it } from 'vitest';
import { naiveObjects } from '../../bench/lib/naive-input.js';
import { naiveMatrix } from '../../bench/naive/naive-evaluator.js';
import { computeMatrixStats, matrixStats } from '../../src/analysis/matrix-stats.js';
import { generateCluster } from '../../src/gen/generate-cluster.js';
import { type GenParams, POLICY_SHAPES, GEN_PROFILES, type PolicyShape, SYSTEM_PODS, nodeCount, systemWorkloadCount, validateGenParams } from '../../src/gen/params.js';
import { Prng } from '../../src/gen/prng.js';
import { renderClusterFiles } from '../../src/gen/render-cluster.js';
import { buildPolicyEngine, computeMatrix, groupMatrix, loadSnapshot, portsInUse } from '../../src/index.js';

/**
 * The policy engine against the naive oracle (bench/naive) on many small generated clusters:
 * every ordered pod pair, every port in use. Each cluster varies the generator's parameters
 * (sizes, baseline mix, shape weights) from its seed, so over the run every policy shape, the
 * hostNetwork DaemonSet (node-local exceptions) and ipBlocks over the pod network (identities
 * split by address) are exercised. Also checks the matrix statistics against a brute-force count.
 */
const CLUSTERS = Number(process.env['KFLOW_SCALE_CLUSTERS'] ?? 30);

function tinyParams(seed: number): GenParams {
  const r = new Prng(seed ^ 0x5eed);
  const namespaces = r.int(4, 6);
  const hostNetworkDaemonSet = r.chance(0.8);
  const podsPerNode = r.int(4, 10);
  const workloads = systemWorkloadCount({ hostNetworkDaemonSet }) + (namespaces - 3) + r.int(0, 5);
  let pods = r.int(15, 40);
  const appWorkloads = workloads - systemWorkloadCount({ hostNetworkDaemonSet });
  while (pods < appWorkloads + SYSTEM_PODS + (hostNetworkDaemonSet ? nodeCount({ pods, podsPerNode }) : 0)) pods++;
  const shapes = Object.fromEntries(POLICY_SHAPES.map((s) => [s, r.chance(0.8) ? r.int(1, 10) : 0])) as Record<PolicyShape, number>;
  if (Object.values(shapes).every((w) => w === 0)) shapes.podSelector = 1;
  const chance = (): number => r.pick([0, 0.3, 0.7, 1]);
  return {
    ...GEN_PROFILES.tiny,
    seed,
    namespaces,
    workloads,
    pods,
    podsPerNode,
    hostNetworkDaemonSet,
    policies: r.int(0, 16),
    statefulSetShare: r.pick([0, 0.2, 0.5]),
    teams: r.int(1, 3),
    baseline: { defaultDeny: chance(), denyEgress: chance(), allowSameNamespace: chance(), allowMonitoring: chance(), allowIngressController: chance() },
    shapes,
  };
}

function load(params: GenParams) {
  const cluster = generateCluster(params);
  const { snapshot, diagnostics } = loadSnapshot(renderClusterFiles(cluster).map((f) => ({ file: f.path, text: f.text })));
  const problems = diagnostics.filter((d) => d.severity !== 'info');
  if (problems.length > 0) throw new Error(`seed ${params.seed}: generated cluster has problems:\n${problems.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line} ${d.path}: ${d.message}`).join('\n')}`);
  return { cluster, snapshot, engine: buildPolicyEngine(snapshot) };
}

describe('engine vs naive oracle on generated clusters', () => {
  it(`matrix = naive matrix, every pair and port in use (${CLUSTERS} clusters)`, () => {
    let pairs = 0;
    let exceptions = 0;
    let splitIdentities = 0;
    for (let seed = 1; seed <= CLUSTERS; seed++) {
      const params = tinyParams(seed);
      expect(validateGenParams(params), `seed ${seed}`).toEqual([]);
      const { cluster, snapshot, engine } = load(params);
      const objects = naiveObjects(cluster, snapshot);
      const workloads = new Set(snapshot.pods.map((p) => p.workload?.name ?? p.key));
      if (engine.index.size > workloads.size) splitIdentities++;
      for (const { protocol, port } of portsInUse(snapshot)) {
        const m = computeMatrix(engine, protocol, port);
        const oracle = naiveMatrix(objects, port, protocol);
        const diffs: string[] = [];
        let brute = 0;
        const bruteByNamespace = new Map<string, number>();
        for (const s of m.pods) {
          for (const d of m.pods) {
            const got = m.isAllowed(s, d);
            if (got) brute++;
            if (got) bruteByNamespace.set(`${s.namespace}>${d.namespace}`, (bruteByNamespace.get(`${s.namespace}>${d.namespace}`) ?? 0) + 1);
            if (oracle.get(s.key)?.get(d.key) !== got) diffs.push(`${s.key} -> ${d.key}: naive ${oracle.get(s.key)?.get(d.key)}, engine ${got}`);
          }
        }
        expect([...oracle.keys()], `seed ${seed} ${protocol}/${port}: pod lists`).toEqual(m.pods.map((p) => p.key));
        expect(diffs.slice(0, 10), `seed ${seed} ${protocol}/${port} (kflow gen --profile tiny --seed ${seed} with the test's parameters)`).toEqual([]);
        // The namespace summary (identity pairs plus node-local exception groups) = the pod-pair count.
        const grouped = groupMatrix(m, 'namespace', (p) => engine.index.identityOfPod(p.key)!);
        grouped.groups.forEach((gs, i) =>
          grouped.groups.forEach((gd, j) => expect(grouped.cells[i]![j]!.allowed, `seed ${seed} ${protocol}/${port}: ${gs} -> ${gd}`).toBe(bruteByNamespace.get(`${gs}>${gd}`) ?? 0)),
        );
        const stats = matrixStats(m, (p) => engine.index.identityOfPod(p.key)!);
        expect(stats.allowedPairs, `seed ${seed} ${protocol}/${port}: allowedPairs`).toBe(brute);
        expect(computeMatrixStats(engine, protocol, port).allowedPairs, `seed ${seed} ${protocol}/${port}: computeMatrixStats`).toBe(brute);
        expect(stats.totalPairs).toBe(m.pods.length ** 2);
        pairs += m.pods.length ** 2;
        exceptions += m.exceptionPairs;
      }
    }
    // The run exercised what it claims to.
    expect(pairs).toBeGreaterThan(10_000);
    expect(exceptions).toBeGreaterThan(0);
    expect(splitIdentities).toBeGreaterThan(0);
  }, 60_000);
});

describe('kflow gen', () => {
  it('the small profile loads with no errors or warnings, and the counts are exact', () => {
    const params = { ...GEN_PROFILES.small, seed: 7 };
    const { cluster, snapshot } = load(params);
    expect(snapshot.pods.length).toBe(params.pods);
    expect(snapshot.namespaces.size).toBe(params.namespaces);
    expect(snapshot.networkPolicies.length).toBe(params.policies);
    expect(snapshot.workloads.length).toBe(params.workloads);
    expect(cluster.counts.pods).toBe(params.pods);
    expect(snapshot.nodes.length).toBe(nodeCount(params));
    const perNode = new Map<string, number>();
    for (const p of snapshot.pods) perNode.set(p.nodeName ?? '?', (perNode.get(p.nodeName ?? '?') ?? 0) + 1);
    expect(perNode.has('?')).toBe(false);
    expect(Math.max(...perNode.values())).toBeLessThanOrEqual(110);
    expect(snapshot.pods.every((p) => p.ips.length === 1)).toBe(true);
    // Every policy shape appears in the profile.
    const text = JSON.stringify(cluster.files.map((f) => f.objects));
    for (const needle of ['"except":[', '"endPort":', '"port":"metrics"', '"namespaceSelector":', '"matchExpressions":', '"policyTypes":["Egress"]', '"protocol":"UDP","port":53', '"hostNetwork":true', '"kind":"StatefulSet"']) {
      expect(text.includes(needle), needle).toBe(true);
    }
  });

  it('is deterministic: same seed, same bytes; another seed, other bytes', () => {
    const render = (seed: number): string => renderClusterFiles(generateCluster({ ...GEN_PROFILES.small, seed })).map((f) => `#${f.path}\n${f.text}`).join('');
    expect(render(42)).toBe(render(42));
    expect(render(42)).not.toBe(render(43));
  });

  it('a new policy count leaves the workloads as they were', () => {
    const workloadsOf = (policies: number): string =>
      JSON.stringify(generateCluster({ ...GEN_PROFILES.small, seed: 5, policies }).files.map((f) => f.objects.filter((o) => o['kind'] !== 'NetworkPolicy')));
    expect(workloadsOf(10)).toBe(workloadsOf(300));
  });

  it('rejects parameters it cannot meet', () => {
    expect(validateGenParams({ ...GEN_PROFILES.small, workloads: 3 })).not.toEqual([]);
    expect(validateGenParams({ ...GEN_PROFILES.small, pods: 20 })).not.toEqual([]);
    expect(() => generateCluster({ ...GEN_PROFILES.small, namespaces: 2 })).toThrow(RangeError);
  });
});
