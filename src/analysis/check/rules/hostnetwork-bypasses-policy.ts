import { objectId } from '../../../model/objects.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { PolicyFacts } from '../policy-facts.js';

/**
 * hostNetwork pods that a NetworkPolicy's podSelector matches: the policy seems meant to cover
 * them, but NetworkPolicy does not apply to hostNetwork pods (their traffic is the node's).
 */
export const hostNetworkBypassesPolicy: CheckRule = {
  code: 'HOSTNETWORK_BYPASSES_POLICY',
  severity: 'warning',
  title: 'hostNetwork pods that policies seem meant to cover',
  why: 'NetworkPolicy does not isolate hostNetwork pods: they accept and send traffic as the node does.',
  run(ctx) {
    const facts = new PolicyFacts(ctx.snapshot, ctx.policy);
    const out: Finding[] = [];
    for (const np of ctx.snapshot.networkPolicies) {
      const host = facts.selectedBy(np).filter((p) => p.hostNetwork);
      if (host.length === 0 || np.podSelector.requirements.length === 0) continue;
      out.push(
        findingAt(
          this,
          np.podSelectorSource,
          objectId('NetworkPolicy', np.namespace, np.name),
          `selects ${host.length} hostNetwork pod(s) (${host.slice(0, 3).map((p) => p.key).join(', ')}), which NetworkPolicy does not isolate`,
          'Protect host-network workloads with host firewalling or your CNI\'s host policies (e.g. Calico HostEndpoint, Cilium host firewall), or run them on the pod network.',
        ),
      );
    }
    return out;
  },
};
