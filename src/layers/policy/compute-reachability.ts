import { Bitset } from '../../net/bitset.js';
import type { Protocol } from '../../net/protocol.js';
import type { IdentityIndex } from './identities.js';
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
  const rows = new RowSource(engine.index, protocol, port);
  const egress = new Array<Bitset>(n);
  const ingress = new Array<Bitset>(n);
  for (let id = 0; id < n; id++) {
    egress[id] = rows.row(engine, 'egress', id);
    ingress[id] = rows.row(engine, 'ingress', id);
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
  return new RowSource(engine.index, protocol, port).row(engine, direction, id);
}

/**
 * Rows at one (protocol, port), computed on demand and shared. An identity's row depends only on
 * the rules that apply to it there and on its isolation, so:
 * - identities of one rule class (`PolicyEngine.ruleClasses`: same rules, same isolation) share
 *   their class's row — except for ingress rules with a named port, which apply only at the
 *   identities exposing it;
 * - rows with the same applicable rules are one object, whatever the class.
 * One source serves every engine over the same identity index (an engine and those derived from
 * it by policy changes): rule ids and class numbers mean the same in all of them. Rows are
 * read-only.
 */
export class RowSource {
  private readonly portSets = new Map<number, Bitset | 'all' | 'none'>();
  private readonly byKey = new Map<string, Bitset>();
  private readonly byClass: Record<Direction, Map<number, Bitset>> = { ingress: new Map(), egress: new Map() };

  constructor(
    readonly index: IdentityIndex,
    readonly protocol: Protocol,
    readonly port: number,
  ) {}

  row(engine: PolicyEngine, direction: Direction, id: number): Bitset {
    if (engine.index !== this.index) throw new Error('internal: a RowSource serves engines over one identity index');
    // hostNetwork pods are not subject to policy in either direction.
    if (this.index.hostNetworkIdentities.has(id)) return this.index.all;
    const c = engine.ruleClasses(direction)[id]!;
    const shared = this.byClass[direction].get(c);
    if (shared) return shared;
    const rules = engine.rulesFor(direction, id);
    let key = `${direction}|${engine.isolated(direction).has(id) ? 'i' : 'o'}`;
    let perIdentity = false;
    for (const r of rules) {
      const m = this.portMatch(r);
      if (m === 'none') continue;
      if (direction === 'ingress' && m !== 'all') {
        perIdentity = true;
        if (!m.has(id)) continue;
      }
      key += `,${r.id}`;
    }
    let row = this.byKey.get(key);
    if (!row) this.byKey.set(key, (row = directionRow(engine, direction, id, (r) => rulePeers(engine, direction, id, r, this.portMatch(r)))));
    if (!perIdentity) this.byClass[direction].set(c, row);
    return row;
  }

  private portMatch(r: PolicyRule): Bitset | 'all' | 'none' {
    let m = this.portSets.get(r.id);
    if (m === undefined) this.portSets.set(r.id, (m = this.index.portMatchSet(r.ports, this.protocol, this.port)));
    return m;
  }
}

/**
 * The peers one rule admits for identity `id` given its port condition's answer `m`: for egress
 * the destinations (a named port only where it resolves); for ingress all peers, if the port
 * resolves on `id` itself.
 */
function rulePeers(engine: PolicyEngine, direction: Direction, id: number, r: PolicyRule, m: Bitset | 'all' | 'none'): Bitset | undefined {
  if (m === 'none') return undefined;
  if (direction === 'ingress') {
    if (m !== 'all' && !m.has(id)) return undefined;
    return engine.index.selectPeer(r.peer);
  }
  const peers = engine.index.selectPeer(r.peer);
  if (m === 'all') return peers;
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
