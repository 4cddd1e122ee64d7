import { Bitset } from '../../net/bitset.js';
import type { Protocol } from '../../net/protocol.js';
import type { PolicyEngine } from './policy-engine.js';
import type { Direction, PolicyRule, Tier } from './policy-ir.js';

/**
 * Reachability between identities for one (protocol, port), computed with bitsets:
 * `egress[s]` holds the destinations s may send to, `ingress[d]` the sources d accepts.
 * Identity pair (s, d) is allowed when both hold; two pods of one identity behave as that pair,
 * and a pod can always reach itself.
 */
export interface IdentityReachability {
  readonly protocol: Protocol;
  readonly port: number;
  readonly size: number;
  readonly egress: readonly Bitset[];
  readonly ingress: readonly Bitset[];
  allowed(src: number, dst: number): boolean;
}

export function computeReachability(engine: PolicyEngine, protocol: Protocol, port: number): IdentityReachability {
  const n = engine.index.size;
  const egress = new Array<Bitset>(n);
  const ingress = new Array<Bitset>(n);
  const portSets = new Map<number, Bitset | 'all' | 'none'>();
  const portMatch = (r: PolicyRule): Bitset | 'all' | 'none' => {
    let m = portSets.get(r.id);
    if (m === undefined) portSets.set(r.id, (m = engine.index.portMatchSet(r.ports, protocol, port)));
    return m;
  };
  const hostNetwork = engine.index.hostNetworkIdentities;
  // Identities with the same applicable rules (after the port check) and the same isolation get
  // the same row: compute it once and share it (rows are read-only). Most identities of a
  // namespace share their policies, so this removes most of the work and the allocation.
  const rowCache = new Map<string, Bitset>();
  const shared = (direction: Direction, id: number, applies: (r: PolicyRule) => boolean, compute: () => Bitset): Bitset => {
    const rules = engine.rulesFor(direction, id);
    let key = engine.isolated(direction).has(id) ? `${direction}|i` : `${direction}|o`;
    for (const r of rules) if (applies(r)) key += `,${r.id}`;
    let row = rowCache.get(key);
    if (!row) rowCache.set(key, (row = compute()));
    return row;
  };
  for (let id = 0; id < n; id++) {
    if (hostNetwork.has(id)) {
      // hostNetwork pods are not subject to policy in either direction.
      egress[id] = engine.index.all;
      ingress[id] = engine.index.all;
      continue;
    }
    const egressApplies = (r: PolicyRule): boolean => portMatch(r) !== 'none';
    egress[id] = shared('egress', id, egressApplies, () => directionRow(engine, 'egress', id, (r) => rulePeers(engine, 'egress', id, r, portMatch(r))));
    const ingressApplies = (r: PolicyRule): boolean => rulePeers(engine, 'ingress', id, r, portMatch(r), true) !== undefined;
    ingress[id] = shared('ingress', id, ingressApplies, () => directionRow(engine, 'ingress', id, (r) => rulePeers(engine, 'ingress', id, r, portMatch(r))));
  }
  return {
    protocol,
    port,
    size: n,
    egress,
    ingress,
    allowed: (s, d) => egress[s]!.has(d) && ingress[d]!.has(s),
  };
}

/** One identity's row for one direction: the peers it may send to (egress) or accept (ingress). */
export function computeRow(engine: PolicyEngine, direction: Direction, id: number, protocol: Protocol, port: number): Bitset {
  if (engine.index.hostNetworkIdentities.has(id)) return engine.index.all;
  return directionRow(engine, direction, id, (r) => rulePeers(engine, direction, id, r, engine.index.portMatchSet(r.ports, protocol, port)));
}

/**
 * The peers one rule admits for identity `id` given its port condition's answer `m`: for egress
 * the destinations (a named port only where it resolves); for ingress all peers, if the port
 * resolves on `id` itself. `probe` answers only whether the rule applies (no allocation).
 */
function rulePeers(engine: PolicyEngine, direction: Direction, id: number, r: PolicyRule, m: Bitset | 'all' | 'none', probe = false): Bitset | undefined {
  if (m === 'none') return undefined;
  if (direction === 'ingress') {
    if (m !== 'all' && !m.has(id)) return undefined;
    return engine.index.selectPeer(r.peer);
  }
  const peers = engine.index.selectPeer(r.peer);
  if (m === 'all' || probe) return peers;
  const s = peers.clone();
  s.andInPlace(m);
  return s;
}

/**
 * The set of peers a subject identity accepts in one direction, applying the tiers in order:
 * ordered tiers (Admin, Baseline) decide peers by first match (Pass hands them to the next tier);
 * the NetworkPolicy tier, if the identity is isolated, allows the union of its rules' peers and
 * denies the rest; peers nobody decided are allowed.
 */
function directionRow(engine: PolicyEngine, direction: Direction, id: number, peersOf: (r: PolicyRule) => Bitset | undefined): Bitset {
  const rules = engine.rulesFor(direction, id);
  const isolated = engine.isolated(direction).has(id);
  if (rules.length === 0) return isolated ? new Bitset(engine.index.size) : engine.index.all;
  if (!rules.some((r) => r.tier !== 'NetworkPolicy')) {
    // The common case: NetworkPolicy only. Isolated: the union of the rules' peers; else all.
    if (!isolated) return engine.index.all;
    const allowed = new Bitset(engine.index.size);
    for (const r of rules) {
      if (r.action !== 'allow') continue;
      const peers = peersOf(r);
      if (peers) allowed.orInPlace(peers);
    }
    return allowed;
  }
  const allowed = new Bitset(engine.index.size);
  const undecided = engine.index.all.clone();
  const ordered = (tier: Tier): void => {
    const handedOn = new Bitset(engine.index.size);
    for (const r of rules) {
      if (r.tier !== tier) continue;
      const peers = peersOf(r);
      if (!peers) continue;
      const hit = peers.clone();
      hit.andInPlace(undecided);
      if (r.action === 'allow') allowed.orInPlace(hit);
      if (r.action === 'pass') handedOn.orInPlace(hit);
      undecided.andNotInPlace(hit);
    }
    undecided.orInPlace(handedOn);
  };
  ordered('Admin');
  if (isolated) {
    const npAllowed = new Bitset(engine.index.size);
    for (const r of rules) {
      if (r.tier !== 'NetworkPolicy' || r.action !== 'allow') continue;
      const peers = peersOf(r);
      if (peers) npAllowed.orInPlace(peers);
    }
    npAllowed.andInPlace(undecided);
    allowed.orInPlace(npAllowed);
    return allowed;
  }
  ordered('Baseline');
  allowed.orInPlace(undecided);
  return allowed;
}
