import { formatLocation } from '../../../model/provenance.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { type ClusterRuleGroup, analyzeClusterPolicies, describeGroup, groupSource } from './cluster-policy-space.js';

/**
 * A cluster-policy rule that can never decide anything: every (subject pod, peer, port) it matches
 * is certainly decided before it is reached. network-policy-api semantics (apis/v1alpha2
 * ClusterNetworkPolicySpec): inside a tier, policies apply by `priority` (lower first) and a
 * policy's rules "are evaluated in order" — "the first rule that matches" decides, Pass included
 * (it skips the rest of the tier); a Baseline-tier rule is reached only where the Admin tier did
 * not Accept or Deny and no NetworkPolicy selects the pod. Conservative: only rules of a lower
 * priority or earlier in the same policy count (the order of same-priority policies is undefined:
 * CNP_PRIORITY_OVERLAP), pods are compared as identities, addresses as IP sets, ports at every
 * point where a port condition changes, and a `domainNames` peer is taken to reach any address
 * (and to decide none before another rule).
 */
export const cnpRuleShadowed: CheckRule = {
  code: 'CNP_RULE_SHADOWED',
  severity: 'warning',
  title: 'a cluster-policy rule that earlier rules always decide first',
  why: 'The rule never decides a connection: what it says is not what the cluster does, and removing it changes nothing.',
  run(ctx) {
    const engine = ctx.policy;
    const { facts } = analyzeClusterPolicies(engine);
    const out: Finding[] = [];
    for (const f of facts.values()) {
      const g = f.group;
      if (f.walked.size === 0 || !f.matchesSomething || !f.coveredEverywhere) continue;
      const coverers = [...f.coveredBy].map((k) => facts.get(k)!.group);
      const at = groupSource(ctx.snapshot, g);
      const related = coverers.map((c) => {
        const src = groupSource(ctx.snapshot, c);
        return { ...src, message: `decided first by ${c.policy} ${describeGroup(c)} (${label(c)})` };
      });
      const subjects = engine.index.selectPods(g.rules[0]!.subject).count();
      const isolated = g.tier === 'Baseline' ? subjects - f.walked.size : 0;
      const list = coverers.map((c, i) => `${c.policy} ${describeGroup(c)} (${label(c)}) at ${formatLocation(related[i]!)}`).join('; ');
      out.push(
        findingAt(
          this,
          at,
          g.policy,
          `${describeGroup(g)} (${g.actionAsWritten}) of ${g.policy} can never decide anything: every (pod, peer, port) it matches is decided first by ${list || 'earlier rules'}${
            isolated > 0 ? ` (its other ${isolated} pod(s) are isolated by NetworkPolicies for ${g.direction}, so the Baseline tier never reaches them)` : ''
          }`,
          'Remove the rule, or, if it was meant to win, move it before the rules that decide its traffic (a lower priority, or earlier in its policy).',
          related,
        ),
      );
    }
    return out;
  },
};

function label(g: ClusterRuleGroup): string {
  return `${g.tier}${g.policy.startsWith('BaselineAdminNetworkPolicy/') ? '' : ` prio ${g.priority}`}, ${g.actionAsWritten}`;
}
