import type { PodModel } from '../../model/objects.js';
import type { Ip } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';
import { portsAdmit } from './identities.js';
import type { PolicyEngine } from './policy-engine.js';
import type { Direction, PolicyAction, PolicyPeer, PolicyRule, RuleOrigin, Tier } from './policy-ir.js';

/** One side of a connection: a pod of the snapshot, or an address outside it (or a node). */
export type Endpoint = { readonly kind: 'pod'; readonly pod: PodModel } | { readonly kind: 'external'; readonly ip: Ip; readonly label?: string };

export type TierOutcome = 'allow' | 'deny' | 'pass' | 'no-match';

/** One step of the tier chain, e.g. `[NetworkPolicy] allow` with the rules that decided. */
export interface TierStep {
  readonly tier: Tier;
  readonly outcome: TierOutcome;
  readonly rules: readonly RuleOrigin[];
}

export type DirectionReason =
  | 'self'
  | 'host-network'
  | 'outside-cluster'
  | 'not-isolated'
  | 'local-node'
  | 'allowed-by-rule'
  | 'denied-by-rule'
  | 'no-rule-matched';

/** The verdict of one direction (egress at the source, or ingress at the destination). */
export interface DirectionVerdict {
  readonly direction: Direction;
  readonly allowed: boolean;
  readonly reason: DirectionReason;
  /** NetworkPolicies that select the subject pod for this direction (isolating it). */
  readonly isolatedBy: readonly RuleOrigin[];
  /** The rules that decided: every matching allow rule in the NetworkPolicy tier, or the first match in an ordered tier. */
  readonly decidedBy: readonly RuleOrigin[];
  readonly chain: readonly TierStep[];
}

export interface ConnectionVerdict {
  readonly allowed: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

/**
 * Would the policies let `src` open a connection to `dst` on (protocol, port)? The connection needs
 * egress allowed at the source and ingress allowed at the destination. A pod can always reach itself.
 */
export function evaluateConnection(engine: PolicyEngine, src: Endpoint, dst: Endpoint, protocol: Protocol, port: number): ConnectionVerdict {
  if (src.kind === 'pod' && dst.kind === 'pod' && src.pod.key === dst.pod.key) {
    const self = (direction: Direction): DirectionVerdict => ({ direction, allowed: true, reason: 'self', isolatedBy: [], decidedBy: [], chain: [] });
    return { allowed: true, egress: self('egress'), ingress: self('ingress') };
  }
  const dstPorts = dst.kind === 'pod' ? dst.pod.ports : undefined;
  const egress = evaluateDirection(engine, 'egress', src, dst, protocol, port, dstPorts);
  const ingress = evaluateDirection(engine, 'ingress', dst, src, protocol, port, dstPorts);
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}

function evaluateDirection(
  engine: PolicyEngine,
  direction: Direction,
  subject: Endpoint,
  peer: Endpoint,
  protocol: Protocol,
  port: number,
  dstPorts: PodModel['ports'] | undefined,
): DirectionVerdict {
  const base = { direction, isolatedBy: [] as RuleOrigin[], decidedBy: [] as RuleOrigin[], chain: [] as TierStep[] };
  if (subject.kind === 'external') return { ...base, allowed: true, reason: 'outside-cluster' };
  if (subject.pod.hostNetwork) return { ...base, allowed: true, reason: 'host-network' };
  const id = engine.index.identityOfPod(subject.pod.key);
  if (id === undefined) return { ...base, allowed: true, reason: 'not-isolated' };
  const peerId = peer.kind === 'pod' ? engine.index.identityOfPod(peer.pod.key) : undefined;
  const matches = (r: PolicyRule): boolean =>
    peerMatches(engine, r.peer, peer, peerId) && portsAdmit(r.ports, protocol, port, dstPorts) !== undefined;

  const rules = engine.rulesFor(direction, id);
  const isolatedBy = engine.isolationsFor(direction, id).filter((i) => i.tier === 'NetworkPolicy').map((i) => i.origin);
  const chain: TierStep[] = [];

  const ordered = (tier: Tier): { action: PolicyAction; rule: PolicyRule } | undefined => {
    for (const r of rules) if (r.tier === tier && matches(r)) return { action: r.action, rule: r };
    return undefined;
  };
  const decideOrdered = (tier: Tier): DirectionVerdict | undefined => {
    if (!rules.some((r) => r.tier === tier)) return undefined;
    const hit = ordered(tier);
    if (!hit) {
      chain.push({ tier, outcome: 'no-match', rules: [] });
      return undefined;
    }
    chain.push({ tier, outcome: hit.action, rules: [hit.rule.origin] });
    if (hit.action === 'pass') return undefined;
    return {
      direction,
      allowed: hit.action === 'allow',
      reason: hit.action === 'allow' ? 'allowed-by-rule' : 'denied-by-rule',
      isolatedBy,
      decidedBy: [hit.rule.origin],
      chain,
    };
  };

  const admin = decideOrdered('Admin');
  if (admin) return admin;
  if (isolatedBy.length > 0) {
    // NetworkPolicySpec (API reference): traffic to a pod is allowed "if the traffic source is the
    // pod's local node" whatever the policies say; a hostNetwork pod's traffic is its node's.
    if (direction === 'ingress' && fromLocalNode(engine, subject.pod, peer)) {
      chain.push({ tier: 'NetworkPolicy', outcome: 'allow', rules: [] });
      return { direction, allowed: true, reason: 'local-node', isolatedBy, decidedBy: [], chain };
    }
    const allowing = rules.filter((r) => r.tier === 'NetworkPolicy' && r.action === 'allow' && matches(r)).map((r) => r.origin);
    const allowed = allowing.length > 0;
    chain.push({ tier: 'NetworkPolicy', outcome: allowed ? 'allow' : 'deny', rules: allowed ? allowing : isolatedBy });
    return { direction, allowed, reason: allowed ? 'allowed-by-rule' : 'no-rule-matched', isolatedBy, decidedBy: allowing, chain };
  }
  const baseline = decideOrdered('Baseline');
  if (baseline) return baseline;
  return { direction, allowed: true, reason: 'not-isolated', isolatedBy, decidedBy: [], chain };
}

function peerMatches(engine: PolicyEngine, peer: PolicyPeer, endpoint: Endpoint, identity: number | undefined): boolean {
  if (peer.kind === 'all') return true;
  if (endpoint.kind === 'external') return peer.kind === 'ipBlock' && peer.set.contains(endpoint.ip);
  if (identity === undefined) return false;
  return engine.index.selectPeer(peer).has(identity);
}

/** Is `source` the node `pod` runs on: a hostNetwork pod there, or one of the node's addresses? */
export function fromLocalNode(engine: PolicyEngine, pod: PodModel, source: Endpoint): boolean {
  if (pod.nodeName === undefined) return false;
  if (source.kind === 'pod') return source.pod.hostNetwork && source.pod.nodeName === pod.nodeName;
  const node = engine.snapshot.nodes.find((n) => n.name === pod.nodeName);
  return node !== undefined && node.internalIPs.some((ip) => ip.family === source.ip.family && ip.value === source.ip.value);
}
