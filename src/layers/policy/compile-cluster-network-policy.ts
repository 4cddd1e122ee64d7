import {
  type ClusterNetworkPolicyModel,
  type ClusterPolicyPeerModel,
  type ClusterPolicyPortModel,
  type ClusterPolicyRuleModel,
  type ClusterPolicySubjectModel,
  clusterPolicyId,
  effectivePriority,
} from '../../model/cluster-policy-objects.js';
import { positionedAt } from '../../model/provenance.js';
import { EVERYTHING, type LabelSelector, formatSelector, selectorMatches } from '../../model/label-selector.js';
import type { NodeModel } from '../../model/objects.js';
import { parseIp } from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import { PROTOCOLS } from '../../net/protocol.js';
import { unionAll } from '../../net/ip-set.js';
import type { Direction, PodSelection, PolicyAction, PolicyPeer, PolicyPort, PolicyRule, PolicySet } from './policy-ir.js';

/**
 * ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) →
 * Policy IR, tiers Admin and Baseline:
 * - the subject becomes the rules' subject; no isolation (cluster policies are read as-is: "there
 *   will not be any implicit isolation effects for the Pods selected", api-overview.md);
 * - each rule keeps its action (Accept/Allow → allow, Deny → deny, Pass → pass), its position
 *   (`order`, first match wins inside a policy) and the policy's priority (lower first; a
 *   BaselineAdminNetworkPolicy, which has none, comes after every Baseline ClusterNetworkPolicy);
 * - a rule with N peers becomes N IR rules (one provenance each, same order);
 * - `namespaces` peers select every pod of the matching namespaces, `pods` peers the matching pods
 *   there (hostNetwork pods never: identities.ts); `nodes` peers the addresses of the matching
 *   Nodes; `networks` CIDRs; `domainNames` destinations reached by a matching name (Accept only:
 *   other actions are warned about at ingest and dropped here);
 * - no `protocols`/`ports`: every port; a named port matches the destination container port of
 *   that name, whatever its protocol.
 */
export function compileClusterNetworkPolicies(policies: readonly ClusterNetworkPolicyModel[], nodes: readonly NodeModel[], firstId = 0): PolicySet {
  const rules: PolicyRule[] = [];
  let id = firstId;
  for (const p of policies) {
    const policy = clusterPolicyId(p);
    const subject = compileSubject(p.subject);
    const priority = effectivePriority(p);
    const emit = (direction: Direction, list: readonly ClusterPolicyRuleModel[]): void => {
      list.forEach((rule, order) => {
        const ports = compilePorts(rule.ports);
        const action = compileAction(rule.action);
        for (const peerModel of rule.peers) {
          const peer = compilePeer(peerModel, nodes);
          if (peer.kind === 'domainNames' && action !== 'allow') continue;
          rules.push({
            id: id++,
            tier: p.tier,
            priority,
            order,
            direction,
            subject,
            peer,
            ports,
            action,
            actionAsWritten: rule.actionAsWritten,
            origin: positionedAt({ policy }, peerModel.source, { path: peerModel.source.path, ...(rule.name ? { ruleName: rule.name } : {}) }),
          });
        }
      });
    };
    emit('ingress', p.ingress);
    emit('egress', p.egress);
  }
  return { rules, isolations: [] };
}

function compileAction(action: ClusterPolicyRuleModel['action']): PolicyAction {
  return action === 'Accept' ? 'allow' : action === 'Deny' ? 'deny' : 'pass';
}

function compileSubject(s: ClusterPolicySubjectModel): PodSelection {
  return s.kind === 'namespaces'
    ? { kind: 'pods', namespaces: { kind: 'selector', selector: s.namespaces }, pods: EVERYTHING }
    : { kind: 'pods', namespaces: { kind: 'selector', selector: s.namespaceSelector }, pods: s.podSelector };
}

function compilePeer(peer: ClusterPolicyPeerModel, nodes: readonly NodeModel[]): PolicyPeer {
  switch (peer.kind) {
    case 'namespaces':
      return { kind: 'pods', namespaces: { kind: 'selector', selector: peer.namespaces }, pods: EVERYTHING };
    case 'pods':
      return { kind: 'pods', namespaces: { kind: 'selector', selector: peer.namespaceSelector }, pods: peer.podSelector };
    case 'nodes':
      return { kind: 'nodes', selector: peer.nodes, set: nodeAddresses(nodes, peer.nodes), text: `nodes ${formatSelector(peer.nodes)}` };
    case 'networks':
      return { kind: 'ipBlock', set: peer.set, text: peer.networks.join(', '), field: 'networks' };
    case 'domainNames':
      return { kind: 'domainNames', names: peer.domainNames };
  }
}

/** "It selects the nodeIPs as the peer type by matching on the IPs present in the node.Status.Addresses field." */
function nodeAddresses(nodes: readonly NodeModel[], selector: LabelSelector): IpSet {
  const sets: IpSet[] = [];
  for (const n of nodes) {
    if (!selectorMatches(selector, n.labels)) continue;
    for (const a of n.addresses) {
      const ip = parseIp(a.address);
      if (ip) sets.push(IpSet.fromIp(ip));
    }
  }
  return unionAll(sets);
}

function compilePorts(ports: readonly ClusterPolicyPortModel[] | undefined): readonly PolicyPort[] | 'all' {
  if (ports === undefined) return 'all';
  return ports.flatMap((p): PolicyPort[] => {
    switch (p.kind) {
      case 'number':
        return [{ protocol: p.protocol, from: p.port, to: p.port }];
      case 'range':
        return [{ protocol: p.protocol, from: p.start, to: p.end }];
      case 'named':
        // DestinationNamedPort selects "a destination port on a pod based on the ContainerPort name":
        // the container port's own protocol decides.
        return PROTOCOLS.map((protocol) => ({ protocol, name: p.name }));
    }
  });
}
