import { describe, it, expect } from 'vitest';
import { naiveAllowed } from '../../bench/naive/naive-evaluator.js';
import { clusterObjects, e2eCases, skippedE2eCases } from './e2e-cases.js';
import { MODEL_POD_KEYS } from './model.js';
import { compareReachability, formatDiff } from './reachability.js';

describe('upstream NetworkPolicy e2e cases against the naive evaluator', () => {
  it('covers every non-Service case (42 TCP-context + 3 UDP + 3 SCTP)', () => {
    expect(e2eCases).toHaveLength(48);
    const ids = e2eCases.map((c) => `${c.context} ${c.name}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(skippedE2eCases.length).toBeGreaterThan(0);
  });

  for (const c of e2eCases) {
    describe(`${c.context} ${c.name}`, () => {
      c.steps.forEach((step, stepIndex) => {
        for (const probe of step.probes) {
          it(`step ${stepIndex + 1} (${step.description}): ${probe.protocol}/${probe.port}`, () => {
            const objects = clusterObjects(c, step);
            const actual = (from: string, to: string): boolean => naiveAllowed(objects, from, to, probe.port, probe.protocol);
            // Upstream never compares loopback (ignoreLoopback = true); kflow says it is always allowed.
            const mismatches = compareReachability(probe.expected, actual, { ignoreLoopback: true });
            if (mismatches.length > 0) {
              throw new Error(
                `${mismatches.length} cell(s) differ from upstream:\n` +
                  mismatches.map((m) => `  ${m.from} -> ${m.to}: expected ${m.expected}, got ${m.actual}`).join('\n') +
                  '\n\n' +
                  formatDiff(probe.expected, actual, { ignoreLoopback: true }),
              );
            }
            for (const pod of MODEL_POD_KEYS) expect(actual(pod, pod), `${pod} -> itself`).toBe(true);
          });
        }
      });
    });
  }
});
