import type { PodModel } from '../model/objects.js';
import { formatLocation } from '../model/provenance.js';
import type { Snapshot } from '../model/snapshot.js';
import { isActivePod } from '../model/snapshot.js';
import type { Ip } from '../net/ip.js';
import { formatIp } from '../net/ip.js';
import type { Protocol } from '../net/protocol.js';
import { type DirectionVerdict, type Endpoint, type TierStep, evaluateConnection } from '../layers/policy/evaluate-connection.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import type { RuleOrigin, Tier } from '../layers/policy/policy-ir.js';
import type { CniName, ProfileDecision } from '../layers/policy/profiles.js';
import { type NearMiss, findNearMisses } from '../layers/policy/near-misses.js';

/** Why a flow was dropped; a fixed vocabulary shared with the later layers (DNS, Service). */
export type DropReason = 'POLICY_DENIED';

export type HopLayer = 'policy' | 'delivery';

/** One step of a flow, shaped like a flow record: where it was observed and what decided it. */
export interface Hop {
  readonly layer: HopLayer;
  readonly observationPoint: 'egress' | 'ingress' | 'delivery';
  readonly from: string;
  readonly to: string;
  readonly decision: 'allow' | 'deny';
  readonly reason: string;
  /** Human summary of the decision. */
  readonly detail: string;
  /** The rules that decided (the allowing rules, or the isolating policies when nothing allowed). */
  readonly derivedFrom: readonly RuleOrigin[];
  /** Policies selecting the pod for this direction. */
  readonly isolatedBy?: readonly RuleOrigin[];
  readonly tierChain?: readonly TierStep[];
  /** The tier whose rule decided (Admin, NetworkPolicy, Baseline), when a rule decided. */
  readonly decidingTier?: Tier;
  /** Where the CNI profile (`--cni`) answered a question implementations answer differently. */
  readonly profileDecisions?: readonly ProfileDecision[];
  /** On a deny: rules that would have allowed the flow but for one condition (a label typo, a port). */
  readonly nearMisses?: readonly NearMiss[];
}

export interface FlowTrace {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly verdict: 'allow' | 'deny';
  readonly dropReason?: DropReason;
  readonly hops: readonly Hop[];
}

export interface TraceResult {
  readonly verdict: 'allow' | 'deny' | 'partial';
  /** The CNI semantic profile the verdicts were computed under (`generic`: the Kubernetes API). */
  readonly profile: CniName;
  readonly dropReason?: DropReason;
  /** The hops of the first flow (every flow when `flows` has one). */
  readonly hops: readonly Hop[];
  /** One entry per (source pod, destination) pair when a side named a workload. */
  readonly flows: readonly FlowTrace[];
}

export type TraceTarget = { kind: 'pods'; pods: readonly PodModel[] } | { kind: 'ip'; ip: Ip };

/** Traces policy for every source pod to every destination on (protocol, port). */
export function tracePolicy(
  engine: PolicyEngine,
  sources: readonly PodModel[],
  target: TraceTarget,
  protocol: Protocol,
  port: number | string,
): TraceResult {
  const flows: FlowTrace[] = [];
  const destinations: Endpoint[] =
    target.kind === 'pods' ? target.pods.map((pod) => ({ kind: 'pod', pod })) : [endpointForIp(engine.snapshot, target.ip)];
  for (const src of sources) {
    for (const dst of destinations) {
      const resolved = resolvePort(dst, port);
      if (resolved === undefined) continue;
      flows.push(tracePolicyPair(engine, { kind: 'pod', pod: src }, dst, protocol, resolved));
    }
  }
  const allows = flows.filter((f) => f.verdict === 'allow').length;
  const verdict = flows.length > 0 && allows === flows.length ? 'allow' : allows === 0 ? 'deny' : 'partial';
  const first = flows[0];
  return {
    verdict,
    profile: engine.profile.name,
    ...(verdict !== 'allow' ? { dropReason: 'POLICY_DENIED' as const } : {}),
    hops: first?.hops ?? [],
    flows,
  };
}

/** A pod with this IP, or an address outside the cluster. */
export function endpointForIp(snapshot: Snapshot, ip: Ip): Endpoint {
  const pod = snapshot.pods.find((p) => isActivePod(p) && !p.hostNetwork && p.ips.some((x) => x.family === ip.family && x.value === ip.value));
  return pod ? { kind: 'pod', pod } : { kind: 'external', ip };
}

/** A named `--port` resolves against the destination pod's container ports. */
function resolvePort(dst: Endpoint, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (dst.kind !== 'pod') return undefined;
  return dst.pod.ports.find((p) => p.name === port)?.containerPort;
}

export function nameOf(e: Endpoint): string {
  return e.kind === 'pod' ? e.pod.key : (e.label ?? formatIp(e.ip));
}

/** Policy hops for one connection (egress at the source, ingress at the destination, delivery). */
export function tracePolicyPair(engine: PolicyEngine, source: Endpoint, dst: Endpoint, protocol: Protocol, port: number): FlowTrace {
  const v = evaluateConnection(engine, source, dst, protocol, port);
  const from = nameOf(source);
  const to = nameOf(dst);
  const withNearMisses = (hop: Hop, subject: Endpoint, peer: Endpoint): Hop => {
    // Near misses are NetworkPolicy allow rules: they matter only when the NetworkPolicy tier decided.
    if (hop.decision === 'allow' || hop.reason !== 'no-rule-matched') return hop;
    const nearMisses = findNearMisses(engine, hop.observationPoint === 'egress' ? 'egress' : 'ingress', subject, peer, protocol, port);
    return nearMisses.length ? { ...hop, nearMisses } : hop;
  };
  const hops: Hop[] = [withNearMisses(policyHop(v.egress, from, to, port, protocol), source, dst)];
  if (v.egress.allowed) hops.push(withNearMisses(policyHop(v.ingress, from, to, port, protocol), dst, source));
  if (v.allowed) {
    hops.push({ layer: 'delivery', observationPoint: 'delivery', from, to, decision: 'allow', reason: 'delivered', detail: `delivered to ${to} on ${port}/${protocol}`, derivedFrom: [] });
  }
  return { from, to, protocol, port, verdict: v.allowed ? 'allow' : 'deny', ...(v.allowed ? {} : { dropReason: 'POLICY_DENIED' as const }), hops };
}

function policyHop(d: DirectionVerdict, from: string, to: string, port: number, protocol: Protocol): Hop {
  const subject = d.direction === 'egress' ? from : to;
  const where = d.direction === 'egress' ? `egress from ${from}` : `ingress to ${to}`;
  let detail: string;
  switch (d.reason) {
    case 'self':
      detail = 'a pod can always reach itself';
      break;
    case 'host-network':
      detail = `${subject} uses hostNetwork: NetworkPolicy does not apply to it`;
      break;
    case 'outside-cluster':
      detail = `${subject} is outside the cluster: no policy applies there`;
      break;
    case 'not-isolated':
      detail =
        d.chain.length > 0
          ? `no tier decided ${d.direction} ${d.direction === 'egress' ? `from ${from}` : `to ${to}`} on ${port}/${protocol}: allowed by default`
          : `no NetworkPolicy selects ${subject} for ${d.direction}: all ${d.direction} allowed`;
      break;
    case 'local-node':
      detail = `${from} is ${to}'s own node: NetworkPolicy always allows ingress from the pod's local node`;
      break;
    case 'allowed-by-rule':
      detail = `${where} on ${port}/${protocol} allowed by ${decidingRules(d)}`;
      break;
    case 'denied-by-rule':
      detail = `${where} on ${port}/${protocol} denied by ${decidingRules(d)}`;
      break;
    case 'no-rule-matched':
      detail = `${subject} is isolated for ${d.direction} by ${plural(d.isolatedBy.length, 'policy', 'policies')} and no rule allows ${port}/${protocol} ${d.direction === 'egress' ? `to ${to}` : `from ${from}`}`;
      break;
  }
  return {
    layer: 'policy',
    observationPoint: d.direction,
    from,
    to,
    decision: d.allowed ? 'allow' : 'deny',
    reason: d.reason,
    detail,
    derivedFrom: d.reason === 'no-rule-matched' ? d.isolatedBy : d.decidedBy,
    ...(d.isolatedBy.length ? { isolatedBy: d.isolatedBy } : {}),
    ...(d.chain.length ? { tierChain: d.chain } : {}),
    ...(d.decidingTier && d.decidingTier !== 'NetworkPolicy' ? { decidingTier: d.decidingTier } : {}),
    ...(d.profileDecisions.length ? { profileDecisions: d.profileDecisions } : {}),
  };
}

/** "1 rule" in the NetworkPolicy tier; `the Admin-tier rule "name" of ClusterNetworkPolicy/x` for cluster policies. */
function decidingRules(d: DirectionVerdict): string {
  const o = d.decidedBy[0];
  if (d.decidingTier === undefined || d.decidingTier === 'NetworkPolicy' || o === undefined) return plural(d.decidedBy.length, 'rule');
  const step = d.chain[d.chain.length - 1];
  const prio = step?.priority !== undefined ? ` (priority ${step.priority})` : '';
  return `the ${d.decidingTier}-tier rule${o.ruleName ? ` "${o.ruleName}"` : ''} of ${o.policy}${prio}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ruleName(o: RuleOrigin): string {
  return `${o.policy} ${o.path} (${formatLocation(o)})`;
}
