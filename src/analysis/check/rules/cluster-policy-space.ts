import { Bitset } from '../../../net/bitset.js';
import { formatIp, parseCidr } from '../../../net/ip.js';
import { IpSet } from '../../../net/ip-set.js';
import type { Protocol } from '../../../net/protocol.js';
import type { Endpoint } from '../../../layers/policy/evaluate-connection.js';
import { portRanges } from '../../../layers/policy/port-boundaries.js';
import type { PolicyEngine } from '../../../layers/policy/policy-engine.js';
import type { Direction, PolicyAction, PolicyPeer, PolicyRule, RuleOrigin } from '../../../layers/policy/policy-ir.js';
import type { ClusterNetworkPolicyModel, ClusterPolicyRuleModel } from '../../../model/cluster-policy-objects.js';
import { clusterPolicyId } from '../../../model/cluster-policy-objects.js';
import type { Provenance } from '../../../model/provenance.js';
import type { Snapshot } from '../../../model/snapshot.js';

const ALL_V4 = IpSet.fromCidr(parseCidr('0.0.0.0/0')!);

/**
 * The (peer, port) space of cluster-scoped policy rules (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy), shared by the CNP_* check rules. Everything is asked of the engine
 * (`rulesFor`, `isolated`, `index.selectPeer`, `index.portMatchSet`); nothing re-implements
 * selector or port semantics.
 *
 * For one subject identity, direction and destination (protocol, port), the peers are pod
 * identities (exact: two pods of one identity are alike to every rule) plus addresses (an IpSet)
 * for endpoints outside the pods. Ports are tested at the points where some rule's port condition
 * can change (range ends, named ports' container ports): between two points every rule answers
 * the same, so the points stand for every port.
 *
 * Two readings of a rule's match, so every answer errs towards silence:
 * - `reach`: every endpoint the rule may match (a `domainNames` peer: any address, since a name may
 *   resolve anywhere) — what a rule could decide;
 * - `sure`: endpoints the rule certainly matches (a `domainNames` peer: none, since a connection by
 *   address never matches it) — what a rule certainly decides before another.
 */
export class PeerSpace {
  constructor(
    readonly ids: Bitset,
    readonly ips: IpSet,
  ) {}

  static empty(size: number): PeerSpace {
    return new PeerSpace(new Bitset(size), IpSet.empty);
  }

  get isEmpty(): boolean {
    return this.ids.isEmpty && this.ips.isEmpty;
  }

  union(o: PeerSpace): PeerSpace {
    if (o.isEmpty) return this;
    if (this.isEmpty) return o;
    const ids = this.ids.clone();
    ids.orInPlace(o.ids);
    return new PeerSpace(ids, this.ips.union(o.ips));
  }

  intersect(o: PeerSpace): PeerSpace {
    const ids = this.ids.clone();
    ids.andInPlace(o.ids);
    return new PeerSpace(ids, this.ips.isEmpty || o.ips.isEmpty ? IpSet.empty : this.ips.intersect(o.ips));
  }

  subtract(o: PeerSpace): PeerSpace {
    if (o.isEmpty || this.isEmpty) return this;
    const ids = this.ids.clone();
    ids.andNotInPlace(o.ids);
    return new PeerSpace(ids, o.ips.isEmpty ? this.ips : this.ips.subtract(o.ips));
  }

  overlaps(o: PeerSpace): boolean {
    return !this.intersect(o).isEmpty;
  }
}

/** A destination port standing for the ports `port..last` of its protocol: every rule answers them alike. */
export interface PortPoint {
  readonly protocol: Protocol;
  readonly port: number;
  readonly last: number;
}

/** `8080/TCP`, `TCP 1-79`, `any TCP port`. */
export function formatPoint(p: PortPoint): string {
  if (p.port === p.last) return `${p.port}/${p.protocol}`;
  return p.port === 1 && p.last === 65535 ? `any ${p.protocol} port` : `${p.protocol} ${p.port}-${p.last}`;
}

/** One rule as written (`spec.ingress[i]`): the IR has one rule per peer, all with its action and order. */
export interface ClusterRuleGroup {
  readonly key: string;
  readonly policy: string;
  readonly tier: 'Admin' | 'Baseline';
  readonly priority: number;
  readonly direction: Direction;
  readonly order: number;
  readonly action: PolicyAction;
  /** `Accept`, `Allow`, `Deny`, `Pass`. */
  readonly actionAsWritten: string;
  /** `spec.ingress[0]`. */
  readonly path: string;
  readonly name: string | undefined;
  readonly rules: readonly PolicyRule[];
}

export function groupKey(r: Pick<PolicyRule, 'direction' | 'order' | 'origin'>): string {
  return `${r.origin.policy}|${r.direction}|${r.order}`;
}

/** `spec.ingress[0].from[1]` → `spec.ingress[0]`. */
export function rulePath(path: string): string {
  const m = /^(spec\.(?:ingress|egress)\[\d+\])/.exec(path);
  return m ? m[1]! : path;
}

/** `spec.ingress[1] "pass-prometheus"`. */
export function describeGroup(g: Pick<ClusterRuleGroup, 'path' | 'name'>): string {
  return g.name ? `${g.path} "${g.name}"` : g.path;
}

/** The enforced Admin and Baseline rules, grouped by written rule, in evaluation order. */
export function clusterRuleGroups(engine: PolicyEngine): ClusterRuleGroup[] {
  const groups = new Map<string, { head: PolicyRule; rules: PolicyRule[] }>();
  for (const r of engine.policies.rules) {
    if (r.tier === 'NetworkPolicy') continue;
    const k = groupKey(r);
    const g = groups.get(k);
    if (g) g.rules.push(r);
    else groups.set(k, { head: r, rules: [r] });
  }
  const out: ClusterRuleGroup[] = [];
  for (const [key, { head, rules }] of groups) {
    out.push({
      key,
      policy: head.origin.policy,
      tier: head.tier as 'Admin' | 'Baseline',
      priority: head.priority,
      direction: head.direction,
      order: head.order,
      action: head.action,
      actionAsWritten: head.actionAsWritten ?? head.action,
      path: rulePath(head.origin.path),
      name: head.origin.ruleName,
      rules,
    });
  }
  const tierRank = (t: string) => (t === 'Admin' ? 0 : 1);
  return out.sort(
    (a, b) =>
      tierRank(a.tier) - tierRank(b.tier) ||
      a.priority - b.priority ||
      (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0) ||
      (a.direction === b.direction ? 0 : a.direction === 'ingress' ? -1 : 1) ||
      a.order - b.order,
  );
}

/** The model object of a cluster policy (`Kind/name`). */
export function clusterPolicyModel(snapshot: Snapshot, policy: string): ClusterNetworkPolicyModel | undefined {
  return snapshot.clusterNetworkPolicies.find((p) => clusterPolicyId(p) === policy);
}

/** Where a written rule is: its own manifest position, else its first peer's. */
export function groupSource(snapshot: Snapshot, g: ClusterRuleGroup): Provenance {
  const p = clusterPolicyModel(snapshot, g.policy);
  const list: readonly ClusterPolicyRuleModel[] = p ? (g.direction === 'ingress' ? p.ingress : p.egress) : [];
  const rule = list.find((r) => r.source.path === g.path);
  if (rule) return rule.source;
  const o: RuleOrigin = g.rules[0]!.origin;
  return { file: o.file, line: o.line, column: o.column, path: g.path };
}

/** One written rule's part of a subject's tier walk at one port. */
export interface GroupVisit {
  readonly group: ClusterRuleGroup;
  /** What it may match (`reach`). */
  readonly mine: PeerSpace;
  /** The part of `mine` not certainly decided before it (by earlier tiers, lower priorities or earlier rules of its policy). */
  readonly uncovered: PeerSpace;
  /** What it certainly matches (`sure`). */
  readonly sure: PeerSpace;
  /** Where it is certainly the first match of its policy, among peers certainly reaching its priority. */
  readonly firstHit: PeerSpace;
}

/** Two policies of one tier at one priority that decide one (subject, peer, port) differently. */
export interface Conflict {
  readonly a: ClusterRuleGroup;
  readonly b: ClusterRuleGroup;
  readonly overlap: PeerSpace;
}

export interface TierWalk {
  readonly visits: readonly GroupVisit[];
  readonly conflicts: readonly Conflict[];
  /** Peers the Admin tier certainly decides with Accept or Deny (whatever the order of tied policies). */
  readonly adminDecided: PeerSpace;
  /** Is the subject isolated by a NetworkPolicy for the direction (so the Baseline tier is never reached)? */
  readonly isolated: boolean;
}

/** Baseline Pass "skips the rest of the Baseline tier": default allow, the same verdict as Accept. */
function effect(tier: 'Admin' | 'Baseline', a: PolicyAction): PolicyAction {
  return tier === 'Baseline' && a === 'pass' ? 'allow' : a;
}

export class ClusterPolicySpace {
  /** Addresses of the families the cluster uses (an IPv4-only cluster reaches no IPv6 address). */
  readonly universe: IpSet;
  readonly points: readonly PortPoint[];
  readonly groups: readonly ClusterRuleGroup[];
  private readonly groupOf = new Map<number, ClusterRuleGroup>();
  private readonly matchCache = new Map<string, { m: Bitset | 'all' | 'none'; reach: PeerSpace; sure: PeerSpace }>();
  private readonly size: number;

  constructor(readonly engine: PolicyEngine) {
    const index = engine.index;
    this.size = index.size;
    let v4 = false;
    let v6 = false;
    for (const i of index.identities) {
      if (i.ip.family === 4) v4 = true;
      else v6 = true;
    }
    if (index.nodeAddresses.v4.length) v4 = true;
    if (index.nodeAddresses.v6.length) v6 = true;
    this.universe = v4 && !v6 ? ALL_V4 : v6 && !v4 ? IpSet.all.subtract(ALL_V4) : IpSet.all;
    this.groups = clusterRuleGroups(engine);
    for (const g of this.groups) for (const r of g.rules) this.groupOf.set(r.id, g);
    this.points = portPoints(engine, this.groups);
  }

  get full(): PeerSpace {
    return new PeerSpace(this.engine.index.all, this.universe);
  }

  get none(): PeerSpace {
    return PeerSpace.empty(this.size);
  }

  /** Addresses a peer matches outside the pods (`reach` or `sure`), as the profile reads CIDRs. */
  private peerIps(peer: PolicyPeer, role: 'reach' | 'sure'): IpSet {
    switch (peer.kind) {
      case 'all':
        return this.universe;
      case 'ipBlock': {
        const s = peer.set.intersect(this.universe);
        return this.engine.profile.cidrSelectsNodes ? s : s.subtract(this.engine.index.nodeAddresses);
      }
      case 'nodes':
        return peer.set.intersect(this.universe);
      case 'pods':
        return IpSet.empty;
      case 'domainNames':
        return role === 'reach' ? this.universe : IpSet.empty;
    }
  }

  /** What one IR rule matches for a subject at one port. */
  match(rule: PolicyRule, subject: number, point: number): { reach: PeerSpace; sure: PeerSpace } {
    const key = `${rule.id}|${point}`;
    let c = this.matchCache.get(key);
    if (!c) {
      const pt = this.points[point]!;
      const index = this.engine.index;
      const m = index.portMatchSet(rule.ports, pt.protocol, pt.port);
      if (m === 'none') c = { m, reach: this.none, sure: this.none };
      else {
        let ids = index.selectPeer(rule.peer);
        let reachIps = this.peerIps(rule.peer, 'reach');
        let sureIps = this.peerIps(rule.peer, 'sure');
        if (rule.direction === 'egress' && m !== 'all') {
          // A named port is the destination pod's container port: it never matches an address outside the pods.
          ids = ids.clone();
          ids.andInPlace(m);
          reachIps = IpSet.empty;
          sureIps = IpSet.empty;
        }
        c = { m, reach: new PeerSpace(ids, reachIps), sure: new PeerSpace(ids, sureIps) };
      }
      this.matchCache.set(key, c);
    }
    // Ingress: the destination is the subject; a named port matches only if the subject exposes it.
    if (rule.direction === 'ingress' && c.m !== 'all' && c.m !== 'none' && !c.m.has(subject)) return { reach: this.none, sure: this.none };
    // A pod connecting to itself "is not subject to CNP" (api-overview.md): an identity of one pod is not its own peer.
    if (this.engine.index.identities[subject]!.pods.length === 1 && c.reach.ids.has(subject)) return { reach: withoutId(c.reach, subject), sure: withoutId(c.sure, subject) };
    return c;
  }

  /**
   * Walks the Admin tier, then (unless a NetworkPolicy isolates the subject) the Baseline tier, for
   * one subject, direction and port: what each written rule may match, what is certainly decided
   * before it, and where two policies tied at one priority decide a peer differently. Only what
   * holds for every order of tied policies counts as certain.
   */
  walk(direction: Direction, subject: number, point: number): TierWalk {
    const rules = this.engine.rulesFor(direction, subject).filter((r) => r.tier !== 'NetworkPolicy');
    const isolated = this.engine.isolated(direction).has(subject);
    const visits: GroupVisit[] = [];
    const conflicts: Conflict[] = [];
    const admin = this.walkTier('Admin', rules, subject, point, this.full, this.none, visits, conflicts);
    if (!isolated) {
      const entering = admin.passed.union(admin.unmatched);
      this.walkTier('Baseline', rules, subject, point, entering, admin.decided, visits, conflicts);
    }
    return { visits, conflicts, adminDecided: admin.decided, isolated };
  }

  private walkTier(
    tier: 'Admin' | 'Baseline',
    all: readonly PolicyRule[],
    subject: number,
    point: number,
    entering: PeerSpace,
    decidedBefore: PeerSpace,
    visits: GroupVisit[],
    conflicts: Conflict[],
  ): { decided: PeerSpace; passed: PeerSpace; unmatched: PeerSpace } {
    // Levels (one priority) → policies → written rules, in evaluation order.
    const levels: ClusterRuleGroup[][][] = [];
    let lastPriority: number | undefined;
    let lastPolicy: string | undefined;
    let lastGroup: ClusterRuleGroup | undefined;
    for (const r of all) {
      if (r.tier !== tier) continue;
      const g = this.groupOf.get(r.id);
      if (!g || g === lastGroup) continue;
      lastGroup = g;
      if (g.priority !== lastPriority) {
        levels.push([]);
        lastPriority = g.priority;
        lastPolicy = undefined;
      }
      const level = levels[levels.length - 1]!;
      if (g.policy !== lastPolicy) {
        level.push([]);
        lastPolicy = g.policy;
      }
      level[level.length - 1]!.push(g);
    }
    let covered = decidedBefore; // certainly decided before the current level
    let open = entering; // certainly reaching the current level
    let decided = this.none;
    let passed = this.none;
    for (const level of levels) {
      let levelSure = this.none;
      const levelVisits: GroupVisit[][] = [];
      for (const policy of level) {
        let policySure = this.none;
        const pv: GroupVisit[] = [];
        for (const g of policy) {
          let mine = this.none;
          let sure = this.none;
          for (const r of g.rules) {
            if (!this.engine.index.selectPods(r.subject).has(subject)) continue;
            const m = this.match(r, subject, point);
            mine = mine.union(m.reach);
            sure = sure.union(m.sure);
          }
          const before = covered.union(policySure);
          const v: GroupVisit = { group: g, mine, uncovered: mine.subtract(before), sure, firstHit: sure.intersect(open).subtract(policySure) };
          pv.push(v);
          visits.push(v);
          policySure = policySure.union(sure);
        }
        levelVisits.push(pv);
        levelSure = levelSure.union(policySure);
      }
      // Tied policies: a peer both decide, differently, is decided by whichever the implementation picks.
      const outcome = (pv: readonly GroupVisit[], a: PolicyAction): PeerSpace =>
        pv.filter((v) => effect(tier, v.group.action) === a).reduce((acc, v) => acc.union(v.firstHit), this.none);
      if (levelVisits.length > 1) {
        for (let i = 0; i < levelVisits.length; i++) {
          for (let j = i + 1; j < levelVisits.length; j++) {
            for (const va of levelVisits[i]!) {
              for (const vb of levelVisits[j]!) {
                if (effect(tier, va.group.action) === effect(tier, vb.group.action)) continue;
                const overlap = va.firstHit.intersect(vb.firstHit);
                if (!overlap.isEmpty) conflicts.push({ a: va.group, b: vb.group, overlap });
              }
            }
          }
        }
      }
      let nonPass = this.none;
      let pass = this.none;
      for (const pv of levelVisits) {
        nonPass = nonPass.union(outcome(pv, 'allow')).union(outcome(pv, 'deny'));
        pass = pass.union(outcome(pv, 'pass'));
      }
      decided = decided.union(nonPass.subtract(pass));
      passed = passed.union(pass.subtract(nonPass));
      covered = covered.union(levelSure);
      open = open.subtract(levelSure);
    }
    return { decided, passed, unmatched: open };
  }
}

function withoutId(space: PeerSpace, id: number): PeerSpace {
  if (!space.ids.has(id)) return space;
  const ids = space.ids.clone();
  ids.delete(id);
  return new PeerSpace(ids, space.ips);
}

/** Ports where some cluster rule's port condition can change: every rule answers alike between two. */
function portPoints(engine: PolicyEngine, groups: readonly ClusterRuleGroup[]): PortPoint[] {
  return portRanges(engine, groups.flatMap((g) => g.rules));
}

/**
 * One concrete peer of a space, as an endpoint the evaluator can decide: a pod of a peer identity
 * (another pod than `notPod`), or the first address outside the pods.
 */
export function pickPeer(engine: PolicyEngine, space: PeerSpace, notPod: string): { endpoint: Endpoint; label: string } | undefined {
  for (const id of space.ids) {
    const pod = engine.index.identities[id]!.pods.find((p) => p.key !== notPod);
    if (pod) return { endpoint: { kind: 'pod', pod }, label: pod.key };
  }
  const v4 = space.ips.v4[0];
  if (v4) return { endpoint: { kind: 'external', ip: { family: 4, value: v4[0] } }, label: formatIp({ family: 4, value: v4[0] }) };
  const v6 = space.ips.v6[0];
  if (v6) return { endpoint: { kind: 'external', ip: { family: 6, value: v6[0] } }, label: formatIp({ family: 6, value: v6[0] }) };
  return undefined;
}

/** What the CNP_* rules need to know about one written rule, over every subject and port. */
export interface GroupFacts {
  readonly group: ClusterRuleGroup;
  /** Subjects the rule was walked for (Baseline: those no NetworkPolicy isolates for its direction). */
  readonly walked: Set<number>;
  /** Does it match anything, for some subject and port? */
  matchesSomething: boolean;
  /** Is everything it matches certainly decided before it, for every walked subject and port? */
  coveredEverywhere: boolean;
  /** Earlier rules (group keys) that certainly decide part of what it matches. */
  readonly coveredBy: Set<string>;
  /** Admin Pass rules: subjects it may pass something for. */
  readonly passesFor: Set<number>;
  /** Admin Pass rules: subjects isolated by a NetworkPolicy for the direction, among `passesFor`. */
  readonly passedToNetworkPolicy: Set<number>;
  /** Admin Pass rules: Baseline rules (group keys) that may match what it passes. */
  readonly passedToBaseline: Set<string>;
}

export interface ConflictWitness extends Conflict {
  readonly subject: number;
  readonly direction: Direction;
  readonly point: PortPoint;
}

export interface ClusterPolicyAnalysis {
  readonly space: ClusterPolicySpace;
  readonly facts: ReadonlyMap<string, GroupFacts>;
  /** One witness per pair of tied policies (key: the two policy ids, sorted), in walk order. */
  readonly conflicts: ReadonlyMap<string, ConflictWitness>;
}

const analyses = new WeakMap<PolicyEngine, ClusterPolicyAnalysis>();

/** Walks every (direction, subject, port) that cluster policies apply to, once per engine. */
export function analyzeClusterPolicies(engine: PolicyEngine): ClusterPolicyAnalysis {
  const cached = analyses.get(engine);
  if (cached) return cached;
  const space = new ClusterPolicySpace(engine);
  const facts = new Map<string, GroupFacts>();
  for (const g of space.groups) {
    facts.set(g.key, {
      group: g,
      walked: new Set(),
      matchesSomething: false,
      coveredEverywhere: true,
      coveredBy: new Set(),
      passesFor: new Set(),
      passedToNetworkPolicy: new Set(),
      passedToBaseline: new Set(),
    });
  }
  const conflicts = new Map<string, ConflictWitness>();
  const result: ClusterPolicyAnalysis = { space, facts, conflicts };
  analyses.set(engine, result);
  if (space.groups.length === 0) return result;
  const hostNetwork = engine.index.hostNetworkIdentities;
  for (const direction of ['ingress', 'egress'] as const) {
    for (let s = 0; s < engine.index.size; s++) {
      if (hostNetwork.has(s)) continue;
      if (!engine.rulesFor(direction, s).some((r) => r.tier !== 'NetworkPolicy')) continue;
      for (let p = 0; p < space.points.length; p++) {
        const w = space.walk(direction, s, p);
        recordWalk(w, s, facts);
        for (const c of w.conflicts) {
          const k = [c.a.policy, c.b.policy].sort().join('\u0000');
          if (!conflicts.has(k)) conflicts.set(k, { ...c, subject: s, direction, point: space.points[p]! });
        }
      }
    }
  }
  return result;
}

/** Is `a` certainly evaluated before `b` (same tier: lower priority, or an earlier rule of the same policy)? */
function certainlyBefore(a: ClusterRuleGroup, b: ClusterRuleGroup): boolean {
  if (a.tier !== b.tier) return a.tier === 'Admin';
  return a.priority < b.priority || (a.policy === b.policy && a.direction === b.direction && a.order < b.order);
}

function recordWalk(w: TierWalk, subject: number, facts: Map<string, GroupFacts>): void {
  const baselineVisits = w.visits.filter((v) => v.group.tier === 'Baseline');
  for (const v of w.visits) {
    const f = facts.get(v.group.key)!;
    f.walked.add(subject);
    if (!v.mine.isEmpty) f.matchesSomething = true;
    if (!v.uncovered.isEmpty) f.coveredEverywhere = false;
    if (f.coveredEverywhere && !v.mine.isEmpty) {
      for (const o of w.visits) {
        if (o === v || !certainlyBefore(o.group, v.group)) continue;
        if (o.group.tier === 'Admin' && v.group.tier === 'Baseline') {
          if (o.group.action !== 'pass' && o.sure.overlaps(v.mine.intersect(w.adminDecided))) f.coveredBy.add(o.group.key);
        } else if (o.sure.overlaps(v.mine)) f.coveredBy.add(o.group.key);
      }
    }
    if (v.group.tier === 'Admin' && v.group.action === 'pass' && !v.uncovered.isEmpty) {
      f.passesFor.add(subject);
      if (w.isolated) f.passedToNetworkPolicy.add(subject);
      for (const b of baselineVisits) if (b.mine.overlaps(v.uncovered)) f.passedToBaseline.add(b.group.key);
    }
  }
}
