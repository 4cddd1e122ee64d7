import type { Direction, PolicyRule } from '../../../layers/policy/policy-ir.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { clusterPolicyModel, clusterRuleGroups, describeGroup, groupSource } from './cluster-policy-space.js';

/**
 * A Baseline-tier policy that never applies in a direction because NetworkPolicies isolate every
 * pod it selects for that direction. network-policy-api semantics: the Baseline tier is evaluated
 * only after the NetworkPolicy tier, and "v1.NetworkPolicy always makes a final decision for
 * selected pods" (ClusterNetworkPolicySpec.tier); a pod is selected for a direction when a
 * NetworkPolicy's podSelector matches it and its policyTypes include the direction. Reported per
 * policy, with the directions every namespace overrides; a policy selecting no pod is not.
 */
export const cnpBaselineOverridden: CheckRule = {
  code: 'CNP_BASELINE_OVERRIDDEN',
  severity: 'info',
  title: 'a Baseline policy every pod it selects has NetworkPolicies overriding',
  why: 'Baseline rules decide only for pods no NetworkPolicy selects: where every namespace has its own policies, the Baseline is a safety net that decides nothing today, and what it says (a default deny, an allowance) is not what the pods get.',
  run(ctx) {
    const engine = ctx.policy;
    const byPolicy = new Map<string, Map<Direction, PolicyRule[]>>();
    for (const r of engine.policies.rules) {
      if (r.tier !== 'Baseline') continue;
      const dirs = byPolicy.get(r.origin.policy) ?? new Map<Direction, PolicyRule[]>();
      byPolicy.set(r.origin.policy, dirs);
      dirs.set(r.direction, [...(dirs.get(r.direction) ?? []), r]);
    }
    const groups = clusterRuleGroups(engine);
    const out: Finding[] = [];
    for (const [policy, dirs] of byPolicy) {
      const overridden: Direction[] = [];
      const pods = new Set<string>();
      const namespaces = new Set<string>();
      const isolators = new Map<string, { file: string; line: number; column: number; path: string; message: string }>();
      for (const direction of ['ingress', 'egress'] as const) {
        const rules = dirs.get(direction);
        if (!rules) continue;
        const subjects = engine.index.selectPods(rules[0]!.subject);
        if (subjects.isEmpty) continue;
        const isolated = engine.isolated(direction);
        if ([...subjects].some((id) => !isolated.has(id))) continue;
        overridden.push(direction);
        for (const id of subjects) {
          const ident = engine.index.identities[id]!;
          namespaces.add(ident.namespace);
          for (const p of ident.pods) pods.add(p.key);
          for (const iso of engine.isolationsFor(direction, id)) {
            if (iso.tier !== 'NetworkPolicy') continue;
            const k = `${ident.namespace}|${direction}`;
            if (!isolators.has(k)) isolators.set(k, { file: iso.origin.file, line: iso.origin.line, column: iso.origin.column, path: iso.origin.path, message: `${iso.origin.policy} isolates the pods in ${ident.namespace} for ${direction}` });
          }
        }
      }
      if (overridden.length === 0) continue;
      const model = clusterPolicyModel(ctx.snapshot, policy);
      const ruleNames = groups.filter((g) => g.policy === policy && overridden.includes(g.direction)).map(describeGroup);
      const at = model ? model.subject.source : groupSource(ctx.snapshot, groups.find((g) => g.policy === policy && g.direction === overridden[0])!);
      const ns = [...namespaces].sort();
      out.push(
        findingAt(
          this,
          at,
          policy,
          `${policy.startsWith('BaselineAdminNetworkPolicy/') ? policy : `Baseline-tier ${policy}`} never applies for ${overridden.join(' and ')}: every pod its subject selects (${pods.size} pod(s) in ${ns.join(', ')}) is isolated by NetworkPolicies for ${overridden.join(' and ')}, and the Baseline tier only decides for pods no NetworkPolicy selects; ${ruleNames.join(', ')} decide${ruleNames.length === 1 ? 's' : ''} nothing today`,
          'Nothing to fix if it is a safety net for namespaces yet to come; if it must hold for these pods, enforce it in the Admin tier (NetworkPolicies cannot override that) or in the namespaces\' own NetworkPolicies.',
          [...isolators.values()],
        ),
      );
    }
    return out;
  },
};
