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
  const rowFor = (direction: Direction, id: number, rules: readonly PolicyRule[], isolated: boolean): Bitset => {
    let key = `${direction}|${isolated ? 'i' : 'o'}`;
    for (const r of rules) {
      const m = portMatch(r);
      if (m === 'none' || (direction === 'ingress' && m !== 'all' && !m.has(id))) continue;
      key += `,${r.id}`;
    }
    let row = rowCache.get(key);
    if (!row) rowCache.set(key, (row = directionRow(engine, direction, id, (r) => rulePeers(engine, direction, id, r, portMatch(r)))));
    return row;
  };
  const rows = (direction: Direction): Bitset[] => {
    const out = new Array<Bitset>(n);
    const classes = ruleClasses(engine, direction);
    const byClass = new Array<Bitset | undefined>(classes.count);
    const isolated = engine.isolated(direction);
    for (let id = 0; id < n; id++) {
      if (hostNetwork.has(id)) {
        // hostNetwork pods are not subject to policy in either direction.
        out[id] = engine.index.all;
        continue;
      }
      const c = classes.classOf[id]!;
      let row = byClass[c];
      if (row === undefined) {
        const rules = engine.rulesFor(direction, id);
        row = rowFor(direction, id, rules, isolated.has(id));
        // An ingress rule with a named port applies only at identities that expose it: such a
        // class's row is per identity. Every other row is its class's.
        if (direction === 'egress' || !rules.some((r) => { const m = portMatch(r); return m !== 'all' && m !== 'none'; })) byClass[c] = row;
      }
      out[id] = row;
    }
    return out;
  };
  const egress = rows('egress');
  const ingress = rows('ingress');
  return {
    protocol,
    port,
    size: n,
    egress,
    ingress,
    allowed: (s, d) => egress[s]!.has(d) && ingress[d]!.has(s),
  };
}

/** Identities grouped by (rule list, isolation) for one direction: alike at every port. */
interface RuleClasses {
  readonly count: number;
  readonly classOf: Int32Array;
}

const ruleClassCache = new WeakMap<PolicyEngine, Partial<Record<Direction, RuleClasses>>>();

function ruleClasses(engine: PolicyEngine, direction: Direction): RuleClasses {
  let perEngine = ruleClassCache.get(engine);
  if (!perEngine) ruleClassCache.set(engine, (perEngine = {}));
  let classes = perEngine[direction];
  if (classes) return classes;
  const n = engine.index.size;
  const classOf = new Int32Array(n);
  const ids = new Map<string, number>();
  const isolated = engine.isolated(direction);
  for (let id = 0; id < n; id++) {
    let key = isolated.has(id) ? 'i' : 'o';
    for (const r of engine.rulesFor(direction, id)) key += `,${r.id}`;
    let c = ids.get(key);
    if (c === undefined) ids.set(key, (c = ids.size));
    classOf[id] = c;
  }
  perEngine[direction] = classes = { count: ids.size, classOf };
  return classes;
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
