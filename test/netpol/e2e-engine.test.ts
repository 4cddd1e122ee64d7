import { describe, expect, it } from 'vitest';
import { buildPolicyEngine, computeMatrix, loadSnapshot } from '../../src/index.js';
import { clusterObjects, e2eCases } from './e2e-cases.js';
import { MODEL_POD_KEYS } from './model.js';
import { compareReachability, formatDiff } from './reachability.js';

/**
 * The upstream NetworkPolicy e2e suite (test/e2e/network/netpol/network_policy.go), every case that
 * needs no Service, run through kflow's real path: manifests → loadSnapshot → Policy IR → identity
 * bitset matrix. The same tables run against the naive oracle in e2e-naive.test.ts.
 */
describe('upstream NetworkPolicy e2e cases against the kflow engine', () => {
  for (const c of e2eCases) {
    describe(`${c.context} ${c.name}`, () => {
      c.steps.forEach((step, stepIndex) => {
        it(`step ${stepIndex + 1} (${step.description})`, () => {
          const objects = clusterObjects(c, step);
          const { snapshot, diagnostics } = loadSnapshot([{ file: 'model.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }]);
          expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const engine = buildPolicyEngine(snapshot);
          for (const probe of step.probes) {
            const m = computeMatrix(engine, probe.protocol, probe.port);
            const byKey = new Map(m.pods.map((p) => [p.key, p]));
            const actual = (from: string, to: string): boolean => m.isAllowed(byKey.get(from)!, byKey.get(to)!);
            // Upstream never compares loopback (ignoreLoopback = true); kflow says it is always allowed.
            const mismatches = compareReachability(probe.expected, actual, { ignoreLoopback: true });
            if (mismatches.length > 0) {
              throw new Error(`${probe.protocol}/${probe.port}: ${mismatches.length} cell(s) differ from upstream:\n${formatDiff(probe.expected, actual, { ignoreLoopback: true })}`);
            }
            for (const pod of MODEL_POD_KEYS) expect(actual(pod, pod), `${pod} -> itself`).toBe(true);
          }
        });
      });
    });
  }
});
