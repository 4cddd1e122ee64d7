import type { PodModel } from '../../model/objects.js';
import { type Ip, formatIp } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';
import { portsAdmit } from './identities.js';
import type { PolicyEngine } from './policy-engine.js';
import type { Direction, PolicyAction, PolicyPeer, PolicyRule, RuleOrigin, Tier } from './policy-ir.js';
import type { ProfileDecision, ProfileQuestion } from './profiles.js';

/**
 * One side of a connection: a pod of the snapshot, or an address outside it (or a node). `domain`:
 * the name the source resolved to reach this address, which `domainNames` peers match.
 */
export type Endpoint =
  | { readonly kind: 'pod'; readonly pod: PodModel }
  | { readonly kind: 'external'; readonly ip: Ip; readonly label?: string; readonly domain?: string };

export type TierOutcome = 'allow' | 'deny' | 'pass' | 'no-match';

/**
 * One step of the tier chain, e.g. `[Admin prio 10] Pass` or `[NetworkPolicy] allow`, with the
 * rules that decided. In the NetworkPolicy tier `no-match` means no NetworkPolicy selects the pod.
 */
export interface TierStep {
  readonly tier: Tier;
  readonly outcome: TierOutcome;
  readonly rules: readonly RuleOrigin[];
  /** Admin/Baseline: the priority of the deciding policy (absent for a BaselineAdminNetworkPolicy). */
  readonly priority?: number;
  /** Admin/Baseline: the deciding rule's action as written (`Accept`, `Allow`, `Deny`, `Pass`). */
  readonly action?: string;
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
  /** The tier whose rule decided (allowed-by-rule, denied-by-rule, no-rule-matched). */
  readonly decidingTier?: Tier;
  /** Where the CNI profile answered a question the implementations answer differently. */
  readonly profileDecisions: readonly ProfileDecision[];
}

export interface ConnectionVerdict {
  readonly allowed: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

/**
 * Would the policies let `src` open a connection to `dst` on (protocol, port)? The connection needs
 * egress allowed at the source and ingress allowed at the destination. A pod can always reach itself
 * ("A Pod connecting to its own Pod IP is not subject to CNP", network-policy-api api-overview.md).
 */
export function evaluateConnection(engine: PolicyEngine, src: Endpoint, dst: Endpoint, protocol: Protocol, port: number): ConnectionVerdict {
  if (src.kind === 'pod' && dst.kind === 'pod' && src.pod.key === dst.pod.key) {
    const self = (direction: Direction): DirectionVerdict => ({ direction, allowed: true, reason: 'self', isolatedBy: [], decidedBy: [], chain: [], profileDecisions: [] });
    return { allowed: true, egress: self('egress'), ingress: self('ingress') };
  }
  const dstPorts = dst.kind === 'pod' ? dst.pod.ports : undefined;
  const egress = evaluateDirection(engine, 'egress', src, dst, protocol, port, dstPorts);
  const ingress = evaluateDirection(engine, 'ingress', dst, src, protocol, port, dstPorts);
  return { allowed: egress.allowed && ingress.allowed, egress, ingress };
}

/**
 * Is ingress to identity `dstId` from a pod's own node (a hostNetwork pod there) allowed whatever
 * the port and the node pod's identity? Yes when the profile always allows local-node ingress and
 * no cluster-policy tier (Admin, Baseline) has ingress rules for `dstId`: an isolated pod then
 * admits the traffic as its node's (the local-node rule below) and a pod not isolated admits
 * everything. The matrix uses it to skip evaluating most node-local pairs; when it says no, the
 * pair is evaluated in full.
 */
export function localNodeIngressAlwaysAllowed(engine: PolicyEngine, dstId: number): boolean {
  return engine.profile.localNodeIngress === 'always-allowed' && engine.rulesFor('ingress', dstId).every((r) => r.tier === 'NetworkPolicy');
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
  const base = { direction, isolatedBy: [] as RuleOrigin[], decidedBy: [] as RuleOrigin[], chain: [] as TierStep[], profileDecisions: [] as ProfileDecision[] };
  if (subject.kind === 'external') return { ...base, allowed: true, reason: 'outside-cluster' };
  if (subject.pod.hostNetwork) return { ...base, allowed: true, reason: 'host-network' };
  const id = engine.index.identityOfPod(subject.pod.key);
  if (id === undefined) return { ...base, allowed: true, reason: 'not-isolated' };
  const peerId = peer.kind === 'pod' ? engine.index.identityOfPod(peer.pod.key) : undefined;
  const decisions = new Map<string, ProfileDecision>();
  const note = (d: ProfileDecision): void => {
    decisions.set(`${d.question}\u0000${d.decision}`, d);
  };
  const matches = (r: PolicyRule): boolean => {
    if (portsAdmit(r.ports, protocol, port, dstPorts) === undefined) return false;
    const cidr = cidrDecision(engine, r.peer, peer);
    if (cidr) note(cidr);
    return peerMatchesEndpoint(engine, r.peer, peer, peerId);
  };

  const rules = engine.rulesFor(direction, id);
  const isolatedBy = engine.isolationsFor(direction, id).filter((i) => i.tier === 'NetworkPolicy').map((i) => i.origin);
  const chain: TierStep[] = [];
  const done = (v: Omit<DirectionVerdict, 'direction' | 'isolatedBy' | 'chain' | 'profileDecisions'>): DirectionVerdict => {
    for (const d of ignoredRuleDecisions(engine, direction, id, peer, peerId, protocol, port, dstPorts)) note(d);
    return { direction, isolatedBy, chain, ...v, profileDecisions: [...decisions.values()] };
  };

  const decideOrdered = (tier: Tier): DirectionVerdict | undefined => {
    if (!rules.some((r) => r.tier === tier)) return undefined;
    let hit: PolicyRule | undefined;
    for (const r of rules) {
      if (r.tier === tier && matches(r)) {
        hit = r;
        break;
      }
    }
    if (!hit) {
      chain.push({ tier, outcome: 'no-match', rules: [] });
      return undefined;
    }
    const action: PolicyAction = hit.action;
    chain.push({
      tier,
      outcome: action,
      rules: [hit.origin],
      ...(isBaselineAdminNetworkPolicy(hit) ? {} : { priority: hit.priority }),
      ...(hit.actionAsWritten ? { action: hit.actionAsWritten } : {}),
    });
    if (action === 'pass') return undefined;
    return done({ allowed: action === 'allow', reason: action === 'allow' ? 'allowed-by-rule' : 'denied-by-rule', decidedBy: [hit.origin], decidingTier: tier });
  };

  const admin = decideOrdered('Admin');
  if (admin) return admin;
  if (isolatedBy.length > 0) {
    // NetworkPolicySpec (API reference): traffic to a pod is allowed "if the traffic source is the
    // pod's local node" whatever the policies say; a hostNetwork pod's traffic is its node's.
    if (direction === 'ingress' && fromLocalNode(engine, subject.pod, peer)) {
      const always = engine.profile.localNodeIngress === 'always-allowed';
      note({
        profile: engine.profile.name,
        question: 'local-node-ingress',
        decision: always
          ? `${endpointName(peer)} is ${subject.pod.key}'s own node: ingress from the local node is always allowed`
          : `${endpointName(peer)} is ${subject.pod.key}'s own node: ${engine.profile.title} applies policy to it`,
        source: engine.profile.sources['local-node-ingress'],
        differsFromGeneric: !always,
      });
      if (always) {
        chain.push({ tier: 'NetworkPolicy', outcome: 'allow', rules: [] });
        return done({ allowed: true, reason: 'local-node', decidedBy: [] });
      }
    }
    const allowing = rules.filter((r) => r.tier === 'NetworkPolicy' && r.action === 'allow' && matches(r)).map((r) => r.origin);
    const allowed = allowing.length > 0;
    chain.push({ tier: 'NetworkPolicy', outcome: allowed ? 'allow' : 'deny', rules: allowed ? allowing : isolatedBy });
    return done({ allowed, reason: allowed ? 'allowed-by-rule' : 'no-rule-matched', decidedBy: allowing, decidingTier: 'NetworkPolicy' });
  }
  // Not isolated: no NetworkPolicy decides. Say so when a cluster-policy tier is in the chain.
  if (chain.length > 0 || rules.some((r) => r.tier === 'Baseline')) chain.push({ tier: 'NetworkPolicy', outcome: 'no-match', rules: [] });
  const baseline = decideOrdered('Baseline');
  if (baseline) return baseline;
  return done({ allowed: true, reason: 'not-isolated', decidedBy: [] });
}

function isBaselineAdminNetworkPolicy(r: PolicyRule): boolean {
  return r.origin.policy.startsWith('BaselineAdminNetworkPolicy/');
}

/**
 * Does a rule's peer match the endpoint, under the engine's profile? Pods are matched by identity
 * (selectors, and CIDRs as far as the profile lets them select pods); addresses outside the
 * snapshot's pods by IP (a CIDR selects a node address only when the profile says so); names by
 * `domainNames` patterns.
 */
export function peerMatchesEndpoint(engine: PolicyEngine, peer: PolicyPeer, endpoint: Endpoint, identity: number | undefined): boolean {
  if (peer.kind === 'all') return true;
  if (endpoint.kind === 'external') {
    switch (peer.kind) {
      case 'ipBlock':
        return peer.set.contains(endpoint.ip) && (!engine.index.nodeAddresses.contains(endpoint.ip) || engine.profile.cidrSelectsNodes);
      case 'nodes':
        return peer.set.contains(endpoint.ip);
      case 'domainNames':
        return endpoint.domain !== undefined && peer.names.some((n) => domainNameMatches(n, endpoint.domain!));
      case 'pods':
        return false;
    }
  }
  if (identity === undefined) return false;
  return engine.index.selectPeer(peer).has(identity);
}

/**
 * DomainName matching (apis/v1alpha2 DomainName): exact, or `*.` + suffix matching "one or more
 * entire labels" in front of the suffix. DNS names compare case-insensitively; a trailing dot is
 * the same name.
 */
export function domainNameMatches(pattern: string, name: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/\.$/, '');
  const p = norm(pattern);
  const n = norm(name);
  if (!p.startsWith('*.')) return p === n;
  const suffix = p.slice(1); // ".example.com"
  return n.length > suffix.length && n.endsWith(suffix);
}

/** The profile's answer when a CIDR peer contains an in-cluster endpoint's address. */
function cidrDecision(engine: PolicyEngine, peer: PolicyPeer, endpoint: Endpoint): ProfileDecision | undefined {
  if (peer.kind !== 'ipBlock') return undefined;
  const ip = endpoint.kind === 'pod' ? endpoint.pod.ips[0] : endpoint.ip;
  if (ip === undefined || !peer.set.contains(ip)) return undefined;
  const isNode = (endpoint.kind === 'pod' && endpoint.pod.hostNetwork) || engine.index.nodeAddresses.contains(ip);
  if (endpoint.kind === 'external' && !isNode) return undefined; // outside the cluster: every profile matches by IP
  const question: ProfileQuestion = isNode ? 'cidr-selects-nodes' : 'cidr-selects-pods';
  const profile = engine.profile;
  const selects = isNode ? profile.cidrSelectsNodes : profile.cidrSelectsPods;
  const what = isNode ? 'a node address' : 'a pod IP';
  const field = peer.field ?? 'ipBlock';
  return {
    profile: profile.name,
    question,
    decision: `${field} ${peer.text} ${selects ? 'selects' : 'does not select'} ${endpointName(endpoint) === formatIp(ip) ? formatIp(ip) : `${endpointName(endpoint)} (${formatIp(ip)})`}, ${what}: ${
      selects ? `${profile.title} matches CIDRs against in-cluster addresses` : `${profile.title} CIDR selectors do not match in-cluster endpoints`
    }`,
    source: profile.sources[question],
    differsFromGeneric: !selects,
  };
}

/** Rules the profile's implementation does not enforce but that would have matched this flow. */
function ignoredRuleDecisions(
  engine: PolicyEngine,
  direction: Direction,
  subjectId: number,
  peer: Endpoint,
  peerId: number | undefined,
  protocol: Protocol,
  port: number,
  dstPorts: PodModel['ports'] | undefined,
): ProfileDecision[] {
  const out: ProfileDecision[] = [];
  const seen = new Set<string>();
  for (const { rule, question, decision } of engine.ignoredRules) {
    if (rule.direction !== direction || !engine.index.selectPods(rule.subject).has(subjectId)) continue;
    if (portsAdmit(rule.ports, protocol, port, dstPorts) === undefined || !peerMatchesDirectly(engine, rule.peer, peer, peerId)) continue;
    const text = `${rule.origin.policy} ${rule.origin.path} (${rule.actionAsWritten ?? rule.action}) would match, but ${decision}`;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ profile: engine.profile.name, question, decision: text, source: engine.profile.sources[question], differsFromGeneric: true });
  }
  return out;
}

/** Peer matching without the identity index's address split (for rules the index was not built from). */
function peerMatchesDirectly(engine: PolicyEngine, peer: PolicyPeer, endpoint: Endpoint, identity: number | undefined): boolean {
  if (peer.kind === 'pods') return identity !== undefined && engine.index.selectPods(peer).has(identity);
  if (peer.kind === 'ipBlock' || peer.kind === 'nodes') {
    const ip = endpoint.kind === 'pod' ? endpoint.pod.ips[0] : endpoint.ip;
    return ip !== undefined && peer.set.contains(ip);
  }
  return peerMatchesEndpoint(engine, peer, endpoint, identity);
}

function endpointName(e: Endpoint): string {
  return e.kind === 'pod' ? e.pod.key : (e.label ?? e.domain ?? formatIp(e.ip));
}

/** Is `source` the node `pod` runs on: a hostNetwork pod there, or one of the node's addresses? */
export function fromLocalNode(engine: PolicyEngine, pod: PodModel, source: Endpoint): boolean {
  if (pod.nodeName === undefined) return false;
  if (source.kind === 'pod') return source.pod.hostNetwork && source.pod.nodeName === pod.nodeName;
  const node = engine.snapshot.nodes.find((n) => n.name === pod.nodeName);
  return node !== undefined && node.internalIPs.some((ip) => ip.family === source.ip.family && ip.value === source.ip.value);
}
