import { objectId } from '../../../model/objects.js';
import type { NetworkPolicyModel, NetworkPolicyRuleModel, PodModel } from '../../../model/objects.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { PolicyFacts } from '../policy-facts.js';

/**
 * A named port in a rule that no destination pod exposes with that protocol. A named port
 * resolves against the destination's container ports: for ingress the pods the policy selects,
 * for egress the pods the rule's peers match (every pod when the rule has no peers).
 */
export const npNamedPortUnresolved: CheckRule = {
  code: 'NP_NAMED_PORT_UNRESOLVED',
  severity: 'warning',
  title: 'a named port in a rule that no selected pod exposes',
  why: 'A port name that resolves on no destination pod matches no traffic: the rule allows nothing on it.',
  run(ctx) {
    const facts = new PolicyFacts(ctx.snapshot, ctx.policy);
    const allPods = ctx.snapshot.pods.filter((p) => p.ips.length > 0 && !p.hostNetwork);
    const out: Finding[] = [];
    const check = (np: NetworkPolicyModel, rule: NetworkPolicyRuleModel, destinations: readonly PodModel[]): void => {
      for (const port of rule.ports ?? []) {
        if (typeof port.port !== 'string') continue;
        const name = port.port;
        if (destinations.some((p) => p.ports.some((cp) => cp.name === name && cp.protocol === port.protocol))) continue;
        const otherProto = destinations.find((p) => p.ports.some((cp) => cp.name === name))?.ports.find((cp) => cp.name === name);
        out.push(
          findingAt(
            this,
            port.source,
            objectId('NetworkPolicy', np.namespace, np.name),
            `port "${name}"/${port.protocol} is exposed by none of the ${destinations.length} destination pod(s)`,
            otherProto
              ? `The pods name a ${otherProto.protocol} port "${name}"; set protocol: ${otherProto.protocol}.`
              : `Use a port number, or the name from the pods' containers[].ports[].name.`,
          ),
        );
      }
    };
    for (const np of ctx.snapshot.networkPolicies) {
      const selected = facts.selectedBy(np).filter((p) => !p.hostNetwork);
      if (selected.length === 0) continue; // NP_SELECTS_NOTHING says it
      if (np.policyTypes.includes('Ingress')) for (const r of np.ingress) check(np, r, selected);
      if (np.policyTypes.includes('Egress')) {
        for (const r of np.egress) {
          const dests = r.peers === undefined || r.peers.length === 0 ? allPods : r.peers.flatMap((peer) => facts.peerPods(np, peer));
          if (dests.length === 0) continue; // NP_PEER_SELECTS_NOTHING says it
          check(np, r, dests);
        }
      }
    }
    return out;
  },
};
