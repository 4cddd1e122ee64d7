import { type ClusterNetworkPolicyModel, type ClusterPolicyRuleModel, clusterPolicyId } from '../../model/cluster-policy-objects.js';
import { type Diagnostic, diagnosticAt } from '../../model/diagnostic.js';
import { formatLocation } from '../../model/provenance.js';

/**
 * Same-priority ties. ClusterNetworkPolicySpec.priority: "If two (or more) policies in the same
 * tier with the same priority could match a connection, then the implementation can apply any of
 * the matching policies to the connection, and there is no way for the user to reliably determine
 * which one it will choose." kflow picks one deterministic order (kind, then name, in code-point
 * order: see compileClusterNetworkPolicies) and notes it (info) on every policy after the first of
 * a tie whose order could matter: one with rules of one direction whose actions differ from an
 * earlier tied policy's (in the Baseline tier Pass and Accept both end in an allow). Whether tied
 * policies really decide some connection differently needs the pods: `kflow check` reports that as
 * the warning CNP_PRIORITY_OVERLAP, so this note does not repeat it.
 */
export function checkClusterPolicyPriorities(policies: readonly ClusterNetworkPolicyModel[]): Diagnostic[] {
  const groups = new Map<string, ClusterNetworkPolicyModel[]>();
  for (const p of policies) {
    if (p.priority === undefined) continue; // a BaselineAdminNetworkPolicy: a singleton with no priority
    const key = `${p.tier}/${p.priority}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out: Diagnostic[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const ordered = [...group].sort((a, b) => compareCodePoints(clusterPolicyId(a), clusterPolicyId(b)));
    ordered.forEach((p, i) => {
      const earlier = ordered.slice(0, i).find((q) => orderCanMatter(q, p));
      if (!earlier) return;
      out.push(
        diagnosticAt(
          p.prioritySource,
          'info',
          'CNP_PRIORITY_TIE',
          `${clusterPolicyId(p)} has the same ${p.tier}-tier priority (${p.priority}) as ${clusterPolicyId(earlier)} (${formatLocation(earlier.prioritySource)}) and rules with other actions: which one applies first is undefined; kflow evaluates ${ordered.map(clusterPolicyId).join(', ')} in that order (kflow check: CNP_PRIORITY_OVERLAP where they decide the same traffic differently)`,
          {
            object: clusterPolicyId(p),
            hint: 'Give each policy in a tier its own priority when their rules could match the same traffic.',
          },
        ),
      );
    });
  }
  return out;
}

/** Could the order of two tied policies change a verdict: rules of one direction with different outcomes? */
function orderCanMatter(a: ClusterNetworkPolicyModel, b: ClusterNetworkPolicyModel): boolean {
  // Baseline Pass skips the rest of the Baseline tier: the default allow, as Accept.
  const outcome = (action: string): string => (a.tier === 'Baseline' && action === 'Pass' ? 'Accept' : action);
  const differ = (x: readonly ClusterPolicyRuleModel[], y: readonly ClusterPolicyRuleModel[]): boolean =>
    x.some((r) => y.some((t) => outcome(r.action) !== outcome(t.action)));
  return differ(a.ingress, b.ingress) || differ(a.egress, b.egress);
}

/** Plain code-point order (locale-independent), the tie-break kflow documents. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
