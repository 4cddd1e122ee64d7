import { describe, expect, it } from 'vitest';
import { matrixStats } from '../../src/analysis/matrix-stats.js';
import { summarizeMatrix } from '../../src/analysis/matrix-summary.js';
import { type GroupBy, groupKey } from '../../src/analysis/matrix.js';
import { generateCluster } from '../../src/gen/generate-cluster.js';
import { GEN_PROFILES } from '../../src/gen/params.js';
import { renderClusterFiles } from '../../src/gen/render-cluster.js';
import { buildPolicyEngine, computeMatrix, loadSnapshot, portsInUse } from '../../src/index.js';

/**
 * The summary `kflow matrix` prints for clusters too big for a table: every count is exact, i.e.
 * equal to counting the pod matrix pair by pair (PodMatrix.isAllowed, which the naive oracle
 * checks elsewhere), node-local exceptions included, pairs of a pod with itself excluded.
 */
describe('matrix summary = pod pairs counted one by one', () => {
  it.each<GroupBy>(['workload', 'namespace', 'pod'])('by %s, on generated clusters with a hostNetwork DaemonSet, every port', (by) => {
    let groupsChecked = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const { snapshot } = loadSnapshot(renderClusterFiles(generateCluster({ ...GEN_PROFILES.tiny, seed, podsPerNode: 6 })).map((f) => ({ file: f.path, text: f.text })));
      const engine = buildPolicyEngine(snapshot);
      const idOf = (p: { key: string }): number => engine.index.identityOfPod(p.key)!;
      for (const { protocol, port } of portsInUse(snapshot)) {
        const m = computeMatrix(engine, protocol, port);
        const summary = summarizeMatrix(m, by, idOf, matrixStats(m, idOf).allowedPairs, 1000);
        const into = new Map<string, number>();
        const outOf = new Map<string, number>();
        let allowed = 0;
        for (const s of m.pods) {
          for (const d of m.pods) {
            if (s === d || !m.isAllowed(s, d)) continue;
            allowed++;
            into.set(groupKey(d, by), (into.get(groupKey(d, by)) ?? 0) + 1);
            outOf.set(groupKey(s, by), (outOf.get(groupKey(s, by)) ?? 0) + 1);
          }
        }
        const n = m.pods.length;
        expect(summary.allowedPairs, `seed ${seed} ${port}/${protocol}`).toBe(allowed);
        expect(summary.totalPairs).toBe(n * (n - 1));
        for (const g of summary.largest) {
          expect(g.inAllowed, `seed ${seed} ${port}/${protocol} into ${g.name}`).toBe(into.get(g.name) ?? 0);
          expect(g.outAllowed, `seed ${seed} ${port}/${protocol} out of ${g.name}`).toBe(outOf.get(g.name) ?? 0);
          expect(g.inTotal).toBe(g.pods * (n - 1));
          groupsChecked++;
        }
      }
    }
    expect(groupsChecked).toBeGreaterThan(100);
  });

  it('lists the largest groups first, ties by name, at most `top`', () => {
    const { snapshot } = loadSnapshot(renderClusterFiles(generateCluster({ ...GEN_PROFILES.tiny, seed: 3 })).map((f) => ({ file: f.path, text: f.text })));
    const engine = buildPolicyEngine(snapshot);
    const idOf = (p: { key: string }): number => engine.index.identityOfPod(p.key)!;
    const m = computeMatrix(engine, 'TCP', 8080);
    const s = summarizeMatrix(m, 'workload', idOf, matrixStats(m, idOf).allowedPairs, 3);
    expect(s.largest).toHaveLength(3);
    for (let i = 1; i < s.largest.length; i++) {
      const [a, b] = [s.largest[i - 1]!, s.largest[i]!];
      expect(a.pods > b.pods || (a.pods === b.pods && a.name < b.name)).toBe(true);
    }
  });
});
