import type { NetworkPolicyModel } from '../../../model/objects.js';
import { SYNTHESIZED_FILE } from '../../../model/provenance.js';
import { objectId } from '../../../model/objects.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { PolicyFacts } from '../policy-facts.js';

/** `podSelector: {}` with the direction in policyTypes and no rules for it: everything denied by default. */
export function isDefaultDeny(np: NetworkPolicyModel, direction: 'Ingress' | 'Egress'): boolean {
  if (np.podSelector.requirements.length > 0 || !np.policyTypes.includes(direction)) return false;
  return (direction === 'Ingress' ? np.ingress : np.egress).length === 0;
}

/** A namespace that runs workloads with no default-deny ingress policy (information). */
export const npNoDefaultDeny: CheckRule = {
  code: 'NP_NO_DEFAULT_DENY',
  severity: 'info',
  title: 'a namespace with workloads and no default-deny',
  why: 'Without a default-deny, any pod the other policies do not select accepts traffic from everywhere.',
  run(ctx) {
    const facts = new PolicyFacts(ctx.snapshot, ctx.policy);
    const out: Finding[] = [];
    for (const ns of ctx.snapshot.namespaces.values()) {
      const pods = facts.podsIn(ns.name).filter((p) => !p.hostNetwork);
      if (pods.length === 0) continue;
      const policies = ctx.snapshot.networkPolicies.filter((np) => np.namespace === ns.name);
      const ingress = policies.some((np) => isDefaultDeny(np, 'Ingress'));
      const egress = policies.some((np) => isDefaultDeny(np, 'Egress'));
      if (ingress) continue;
      const at = ns.synthesized ? { ...pods[0]!.source } : ns.source;
      out.push(
        findingAt(
          this,
          at.file === SYNTHESIZED_FILE ? pods[0]!.source : at,
          objectId('Namespace', undefined, ns.name),
          `namespace ${ns.name} runs ${pods.length} pod(s) with no default-deny ingress policy${egress ? '' : ' (nor egress)'}`,
          `Add a NetworkPolicy in ${ns.name} with podSelector: {} and policyTypes: [Ingress${egress ? '' : ', Egress'}] and no rules, then allow what is needed.`,
        ),
      );
    }
    return out;
  },
};
