import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { analyzeClusterPolicies, describeGroup, groupSource } from './cluster-policy-space.js';

/**
 * An Admin-tier Pass rule whose passed traffic meets nothing below it. network-policy-api
 * semantics: Pass "skips all further rules in this tier"; the NetworkPolicy tier decides only for
 * pods a NetworkPolicy selects in that direction ("v1.NetworkPolicy always makes a final decision
 * for selected pods"); otherwise the Baseline tier; and traffic no tier decides is allowed
 * (api-overview.md). So when none of the pods the rule may pass traffic for is isolated by a
 * NetworkPolicy for the direction, and no Baseline-tier rule applying to them matches any of the
 * (peer, port) it passes, Pass has exactly the effect of Accept. Peers it can never pass (decided
 * earlier) are left out; a rule that passes nothing at all is CNP_RULE_SHADOWED's.
 */
export const cnpPassNothingBelow: CheckRule = {
  code: 'CNP_PASS_NOTHING_BELOW',
  severity: 'warning',
  title: 'an Admin Pass rule whose traffic no NetworkPolicy or Baseline rule decides (so it is allowed)',
  why: 'Pass delegates to the namespaces\' NetworkPolicies and the Baseline tier; with neither there, the traffic falls through to the default allow, which is rarely what a Pass was written for.',
  run(ctx) {
    const engine = ctx.policy;
    const { facts } = analyzeClusterPolicies(engine);
    const out: Finding[] = [];
    for (const f of facts.values()) {
      const g = f.group;
      if (g.tier !== 'Admin' || g.action !== 'pass') continue;
      if (f.passesFor.size === 0 || f.passedToNetworkPolicy.size > 0 || f.passedToBaseline.size > 0) continue;
      const pods = [...f.passesFor].flatMap((id) => engine.index.identities[id]!.pods.map((p) => p.key)).sort();
      const shown = pods.slice(0, 3).join(', ') + (pods.length > 3 ? ', …' : '');
      const toFrom = g.direction === 'ingress' ? 'to' : 'from';
      const accept = g.policy.startsWith('AdminNetworkPolicy/') ? 'Allow' : 'Accept';
      const namespaces = [...new Set([...f.passesFor].map((id) => engine.index.identities[id]!.namespace))].sort();
      out.push(
        findingAt(
          this,
          groupSource(ctx.snapshot, g),
          g.policy,
          `${describeGroup(g)} (Pass) of ${g.policy} passes ${g.direction} traffic ${toFrom} ${pods.length} pod(s) (${shown}) that no NetworkPolicy selects for ${g.direction} and no Baseline-tier rule matches: the passed traffic is allowed by default, exactly as if the rule said ${accept}`,
          `If the namespaces' own policies were meant to decide, add NetworkPolicies in ${namespaces.join(', ')} that select these pods for ${g.direction} (any NetworkPolicy selecting a pod for a direction makes that tier decide); if a cluster-wide default was meant, add a Baseline-tier rule; if the traffic should simply be allowed, write ${accept}.`,
        ),
      );
    }
    return out;
  },
};
