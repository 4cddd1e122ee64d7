import { formatSelector } from '../../../model/label-selector.js';
import { objectId } from '../../../model/objects.js';
import { type CheckRule, findingAt } from '../finding.js';
import { PolicyFacts } from '../policy-facts.js';

/** A NetworkPolicy whose podSelector matches no pod of its namespace: it protects nothing. */
export const npSelectsNothing: CheckRule = {
  code: 'NP_SELECTS_NOTHING',
  severity: 'warning',
  title: 'a NetworkPolicy whose podSelector matches no pod',
  why: 'The policy applies to no pod, so none of its rules take effect; often a typo in a label.',
  run(ctx) {
    const facts = new PolicyFacts(ctx.snapshot, ctx.policy);
    return ctx.snapshot.networkPolicies.flatMap((np) => {
      if (np.podSelector.requirements.length === 0) return []; // {} selects whatever comes; never a typo
      if (facts.selectedBy(np).length > 0) return [];
      const near = nearestLabels(facts.podsIn(np.namespace).map((p) => p.labels), np.podSelector.requirements);
      return [
        findingAt(
          this,
          np.podSelectorSource,
          objectId('NetworkPolicy', np.namespace, np.name),
          `podSelector ${formatSelector(np.podSelector)} matches no pod in namespace ${np.namespace}`,
          near ? `Did you mean ${near}? Pods in ${np.namespace} have that label.` : `Check the labels of the pods in ${np.namespace} (kubectl get pods -n ${np.namespace} --show-labels).`,
        ),
      ];
    });
  },
};

/** A label `key=value` present on pods that is one small edit away from a requirement's. */
export function nearestLabels(podLabels: readonly Readonly<Record<string, string>>[], reqs: readonly { key: string; operator: string; values: readonly string[] }[]): string | undefined {
  const present = new Set<string>();
  for (const labels of podLabels) for (const [k, v] of Object.entries(labels)) present.add(`${k}=${v}`);
  for (const r of reqs) {
    if (r.operator !== 'In') continue;
    for (const value of r.values) {
      const want = `${r.key}=${value}`;
      if (present.has(want)) continue;
      let best: string | undefined;
      let bestD = 3;
      for (const cand of present) {
        const d = editDistance(cand, want);
        if (d < bestD) {
          bestD = d;
          best = cand;
        }
      }
      if (best) return best;
    }
  }
  return undefined;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions (typos like "wbe"). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
