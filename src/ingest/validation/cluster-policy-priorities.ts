import { type ClusterNetworkPolicyModel, clusterPolicyId } from '../../model/cluster-policy-objects.js';
import { type Diagnostic, diagnosticAt } from '../../model/diagnostic.js';
import { formatLocation } from '../../model/provenance.js';

/**
 * Same-priority ties. ClusterNetworkPolicySpec.priority: "If two (or more) policies in the same
 * tier with the same priority could match a connection, then the implementation can apply any of
 * the matching policies to the connection, and there is no way for the user to reliably determine
 * which one it will choose." kflow picks one deterministic order (kind, then name, in code-point
 * order: see compileClusterNetworkPolicies) and says so with a warning on every policy after the
 * first of each tie. Whether the tied policies can really match one connection is a question for
 * `check`; this warning is about the ambiguity the API leaves.
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
    const first = ordered[0]!;
    for (const p of ordered.slice(1)) {
      out.push(
        diagnosticAt(
          p.prioritySource,
          'warning',
          'CNP_PRIORITY_TIE',
          `${clusterPolicyId(p)} has the same ${p.tier}-tier priority (${p.priority}) as ${clusterPolicyId(first)} (${formatLocation(first.prioritySource)}): which one applies first is undefined; kflow evaluates ${ordered.map(clusterPolicyId).join(', ')} in that order`,
          {
            object: clusterPolicyId(p),
            hint: 'Give each policy in a tier its own priority when their rules could match the same traffic.',
          },
        ),
      );
    }
  }
  return out;
}

/** Plain code-point order (locale-independent), the tie-break kflow documents. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
