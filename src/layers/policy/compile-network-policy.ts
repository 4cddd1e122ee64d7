import { EVERYTHING } from '../../model/label-selector.js';
import type { NetworkPolicyModel, NetworkPolicyPeerModel, NetworkPolicyPortModel, NetworkPolicyRuleModel } from '../../model/objects.js';
import { objectId } from '../../model/objects.js';
import { type Provenance, positionedAt } from '../../model/provenance.js';
import type { Direction, PodSelection, PolicyIsolation, PolicyPeer, PolicyPort, PolicyRule, PolicySet, RuleOrigin } from './policy-ir.js';

/**
 * networking.k8s.io/v1 NetworkPolicy → Policy IR, tier NetworkPolicy.
 * - each policyType isolates the selected pods for that direction;
 * - each rule allows; a rule with N peers becomes N IR rules (one provenance each);
 * - no/empty `from`/`to`: every peer; no/empty `ports`: every port;
 * - a peer's podSelector alone: pods of the policy's namespace; namespaceSelector alone: every
 *   pod of the matching namespaces; both: the pods matching both.
 */
export function compileNetworkPolicies(policies: readonly NetworkPolicyModel[], firstId = 0): PolicySet {
  const rules: PolicyRule[] = [];
  const isolations: PolicyIsolation[] = [];
  let id = firstId;
  for (const np of policies) {
    const policy = objectId('NetworkPolicy', np.namespace, np.name);
    const subject: PodSelection = { kind: 'pods', namespaces: { kind: 'name', name: np.namespace }, pods: np.podSelector };
    const emit = (direction: Direction, list: readonly NetworkPolicyRuleModel[]): void => {
      isolations.push({ tier: 'NetworkPolicy', direction, subject, origin: originOf(policy, np.podSelectorSource) });
      list.forEach((rule, order) => {
        const ports = compilePorts(rule.ports);
        const peers: { peer: PolicyPeer; at: Provenance }[] =
          rule.peers === undefined || rule.peers.length === 0
            ? [{ peer: { kind: 'all' }, at: rule.source }]
            : rule.peers.map((p) => ({ peer: compilePeer(p, np.namespace), at: p.source }));
        for (const { peer, at } of peers) {
          rules.push({ id: id++, tier: 'NetworkPolicy', priority: 0, order, direction, subject, peer, ports, action: 'allow', origin: originOf(policy, at) });
        }
      });
    };
    if (np.policyTypes.includes('Ingress')) emit('ingress', np.ingress);
    if (np.policyTypes.includes('Egress')) emit('egress', np.egress);
  }
  return { rules, isolations };
}

function originOf(policy: string, at: Provenance, path?: string): RuleOrigin {
  return positionedAt({ policy }, at, { path: path ?? at.path });
}

/** A NetworkPolicy peer as the IR's peer: a pod selection in the policy's namespace or the selected ones, or an ipBlock. */
export function compilePeer(peer: NetworkPolicyPeerModel, policyNamespace: string): PolicyPeer {
  if (peer.ipBlock) return { kind: 'ipBlock', set: peer.ipBlock.set, text: formatIpBlock(peer.ipBlock.cidr, peer.ipBlock.except) };
  return {
    kind: 'pods',
    namespaces: peer.namespaceSelector ? { kind: 'selector', selector: peer.namespaceSelector } : { kind: 'name', name: policyNamespace },
    pods: peer.podSelector ?? EVERYTHING,
  };
}

function formatIpBlock(cidr: string, except: readonly string[]): string {
  return except.length ? `${cidr} except ${except.join(', ')}` : cidr;
}

function compilePorts(ports: readonly NetworkPolicyPortModel[] | undefined): readonly PolicyPort[] | 'all' {
  if (ports === undefined || ports.length === 0) return 'all';
  return ports.map((p): PolicyPort => {
    if (p.port === undefined) return { protocol: p.protocol };
    if (typeof p.port === 'string') return { protocol: p.protocol, name: p.port };
    return { protocol: p.protocol, from: p.port, to: p.endPort ?? p.port };
  });
}
