import type { ClusterPolicyKind } from '../../model/cluster-policy-objects.js';
import type { ProgressSink } from '../../model/progress.js';
import type { Snapshot } from '../../model/snapshot.js';
import { Bitset } from '../../net/bitset.js';
import { compileClusterNetworkPolicies } from './compile-cluster-network-policy.js';
import { compileNetworkPolicies } from './compile-network-policy.js';
import { IdentityIndex, identitiesStillValid } from './identities.js';
import type { Direction, PolicyIsolation, PolicyRule, PolicySet, Tier } from './policy-ir.js';
import { GENERIC_PROFILE, type ProfileQuestion, type SemanticProfile, unsupportedReason } from './profiles.js';

/** A compiled rule the profile's implementation does not enforce, and why. */
export interface IgnoredRule {
  readonly rule: PolicyRule;
  readonly question: ProfileQuestion;
  readonly decision: string;
}

export interface PolicyEngineOptions {
  /** The CNI semantic profile (default: `generic`, the Kubernetes API's documented semantics). */
  readonly profile?: SemanticProfile;
  /** Told when the engine starts its (long) steps. */
  readonly progress?: ProgressSink;
}

/** Rule class numbers by class key, per identity index and direction (see `PolicyEngine.ruleClasses`). */
const classTables = new WeakMap<IdentityIndex, Record<Direction, Map<string, number>>>();

const TIER_ORDER: Record<Tier, number> = { Admin: 0, NetworkPolicy: 1, Baseline: 2 };

/**
 * The compiled policy layer of one snapshot: the IR, the identities, and per identity the rules
 * that apply to it (in evaluation order) and the isolations that select it. Built once; answers
 * many questions (trace, matrix) without rescanning the cluster.
 */
export class PolicyEngine {
  readonly index: IdentityIndex;
  /** rulesBySubject[direction][identity]: rules whose subject covers it, in evaluation order. */
  private readonly rulesBySubject: Record<Direction, PolicyRule[][]>;
  private readonly isolationsBySubject: Record<Direction, PolicyIsolation[][]>;
  private readonly isolatedSets: Record<Direction, Bitset>;
  /** The enforced rules (those the profile's implementation programs) and isolations. */
  readonly policies: PolicySet;
  /** Compiled rules the profile's implementation does not enforce (trace reports them when they would match). */
  readonly ignoredRules: readonly IgnoredRule[];

  constructor(
    readonly snapshot: Snapshot,
    compiled: PolicySet,
    readonly profile: SemanticProfile = GENERIC_PROFILE,
    reuseIndex?: IdentityIndex,
    derive?: {
      readonly from: PolicyEngine;
      readonly removed: ReadonlySet<string>;
      readonly added: PolicySet;
      readonly affected: Record<Direction, Bitset>;
      /** `from`'s ignored rules that stay (its enforced ones that stay are `compiled` minus `added`). */
      readonly keptIgnored: readonly IgnoredRule[];
    },
  ) {
    // Only rules not classified before are asked about: on a derived engine, the added ones.
    const fresh = derive ? new Set(derive.added.rules) : undefined;
    const ignoredRules: IgnoredRule[] = derive ? [...derive.keptIgnored] : [];
    const enforced = compiled.rules.filter((r) => {
      if (fresh && !fresh.has(r)) return true;
      const why = ignoreReason(profile, r);
      if (why) ignoredRules.push({ rule: r, ...why });
      return why === undefined;
    });
    this.policies = { rules: enforced, isolations: compiled.isolations };
    this.ignoredRules = ignoredRules;
    const policies = this.policies;
    this.index = reuseIndex ?? new IdentityIndex(snapshot, policies, profile);
    const n = this.index.size;
    if (derive) {
      // Same identities: copy the per-identity lists and redo only the affected identities'.
      const prev = derive.from;
      this.rulesBySubject = { ingress: prev.rulesBySubject.ingress.slice(), egress: prev.rulesBySubject.egress.slice() };
      this.isolationsBySubject = { ingress: prev.isolationsBySubject.ingress.slice(), egress: prev.isolationsBySubject.egress.slice() };
      this.isolatedSets = { ingress: prev.isolatedSets.ingress.clone(), egress: prev.isolatedSets.egress.clone() };
      const enforcedSet = new Set(policies.rules);
      const enforcedAdded = derive.added.rules.filter((r) => enforcedSet.has(r));
      // The index by policy: the previous one, minus the removed policies, plus the added rules.
      const byPolicy = new Map(prev.rulesByPolicy());
      for (const policy of derive.removed) byPolicy.delete(policy);
      const created = new Map<string, { rules: PolicyRule[]; isolations: PolicyIsolation[] }>();
      const entry = (policy: string): { rules: PolicyRule[]; isolations: PolicyIsolation[] } => {
        let e = created.get(policy);
        if (!e) {
          // A copy: the previous engine's entries stay as they were.
          const had = byPolicy.get(policy);
          created.set(policy, (e = { rules: [...(had?.rules ?? [])], isolations: [...(had?.isolations ?? [])] }));
          byPolicy.set(policy, e);
        }
        return e;
      };
      for (const r of enforcedAdded) entry(r.origin.policy).rules.push(r);
      for (const i of derive.added.isolations) entry(i.origin.policy).isolations.push(i);
      this.rulesByPolicyValue = byPolicy;
      for (const direction of ['ingress', 'egress'] as const) {
        const addedRules = enforcedAdded.filter((r) => r.direction === direction).map((r) => ({ r, subjects: this.index.selectPods(r.subject) }));
        const addedIsos = derive.added.isolations.filter((i) => i.direction === direction).map((i) => ({ i, subjects: this.index.selectPods(i.subject) }));
        for (const id of derive.affected[direction]) {
          const rules = prev.rulesBySubject[direction][id]!.filter((r) => !derive.removed.has(r.origin.policy));
          for (const a of addedRules) if (a.subjects.has(id)) rules.push(a.r);
          this.rulesBySubject[direction][id] = rules.sort(compareEvaluationOrder);
          const isos = prev.isolationsBySubject[direction][id]!.filter((x) => !derive.removed.has(x.origin.policy));
          for (const a of addedIsos) if (a.subjects.has(id)) isos.push(a.i);
          this.isolationsBySubject[direction][id] = isos;
          if (isos.some((x) => x.tier === 'NetworkPolicy')) this.isolatedSets[direction].add(id);
          else this.isolatedSets[direction].delete(id);
        }
      }
      // Rule classes: the previous engine's, redone for the affected identities.
      for (const direction of ['ingress', 'egress'] as const) {
        const had = prev.ruleClassValue[direction];
        if (!had) continue;
        const classes = had.slice();
        for (const id of derive.affected[direction]) classes[id] = this.classOf(direction, id);
        this.ruleClassValue[direction] = classes;
      }
      return;
    }
    const emptyLists = <T>(): T[][] => Array.from({ length: n }, () => []);
    this.rulesBySubject = { ingress: emptyLists(), egress: emptyLists() };
    this.isolationsBySubject = { ingress: emptyLists(), egress: emptyLists() };
    this.isolatedSets = { ingress: new Bitset(n), egress: new Bitset(n) };
    const ordered = [...policies.rules].sort(compareEvaluationOrder);
    for (const r of ordered) for (const id of this.index.selectPods(r.subject)) this.rulesBySubject[r.direction][id]!.push(r);
    for (const iso of policies.isolations) {
      for (const id of this.index.selectPods(iso.subject)) {
        this.isolationsBySubject[iso.direction][id]!.push(iso);
        if (iso.tier === 'NetworkPolicy') this.isolatedSets[iso.direction].add(id);
      }
    }
  }

  rulesFor(direction: Direction, identity: number): readonly PolicyRule[] {
    return this.rulesBySubject[direction][identity] ?? [];
  }

  isolationsFor(direction: Direction, identity: number): readonly PolicyIsolation[] {
    return this.isolationsBySubject[direction][identity] ?? [];
  }

  /**
   * Rule classes for a direction: identities with the same rules (by id, in order) and the same
   * isolation share a class number. Numbers are interned per identity index, so the engines over
   * one index (an engine and those derived from it by policy changes) agree on them, and a class's
   * row at a port is the same in all of them (see `RowSource`).
   */
  ruleClasses(direction: Direction): Int32Array {
    let classes = this.ruleClassValue[direction];
    if (classes) return classes;
    classes = new Int32Array(this.index.size);
    for (let id = 0; id < classes.length; id++) classes[id] = this.classOf(direction, id);
    return (this.ruleClassValue[direction] = classes);
  }

  private classOf(direction: Direction, id: number): number {
    let table = classTables.get(this.index);
    if (!table) classTables.set(this.index, (table = { ingress: new Map(), egress: new Map() }));
    let key = this.isolatedSets[direction].has(id) ? 'i' : 'o';
    for (const r of this.rulesFor(direction, id)) key += `,${r.id}`;
    let c = table[direction].get(key);
    if (c === undefined) table[direction].set(key, (c = table[direction].size));
    return c;
  }

  private readonly ruleClassValue: Partial<Record<Direction, Int32Array>> = {};

  /** Identities isolated for a direction by the NetworkPolicy tier. */
  isolated(direction: Direction): Bitset {
    return this.isolatedSets[direction];
  }

  /**
   * The engine after replacing some policies' rules, for the same pods: the identity index (and
   * its selector caches) is reused when the new rules split pods by no new named port or ipBlock;
   * otherwise undefined (rebuild). `affected` says which identities' rules changed per direction,
   * so callers recompute only those rows.
   */
  replacePolicies(snapshot: Snapshot, removed: ReadonlySet<string>, added: PolicySet): { engine: PolicyEngine; affected: Record<Direction, Bitset> } | undefined {
    // The kept rules were valid for this index already: only the added ones can split pods anew.
    if (!identitiesStillValid(this.index, added)) return undefined;
    // Work in proportion to the change: the removed policies' rules come from an index by policy.
    const byPolicy = this.rulesByPolicy();
    const removedRules = new Set<PolicyRule>();
    const removedIsolations = new Set<PolicyIsolation>();
    for (const policy of removed) {
      for (const r of byPolicy.get(policy)?.rules ?? []) removedRules.add(r);
      for (const i of byPolicy.get(policy)?.isolations ?? []) removedIsolations.add(i);
    }
    const next: PolicySet = {
      rules: [...(removedRules.size === 0 ? this.policies.rules : this.policies.rules.filter((r) => !removedRules.has(r))), ...added.rules],
      isolations: [...(removedIsolations.size === 0 ? this.policies.isolations : this.policies.isolations.filter((i) => !removedIsolations.has(i))), ...added.isolations],
    };
    const n = this.index.size;
    const affected: Record<Direction, Bitset> = { ingress: new Bitset(n), egress: new Bitset(n) };
    for (const list of [removedRules, added.rules]) for (const r of list) affected[r.direction].orInPlace(this.index.selectPods(r.subject));
    for (const list of [removedIsolations, added.isolations]) for (const i of list) affected[i.direction].orInPlace(this.index.selectPods(i.subject));
    const keptIgnored = this.ignoredRules.filter((x) => !removed.has(x.rule.origin.policy));
    const engine = new PolicyEngine(snapshot, next, this.profile, this.index, { from: this, removed, added, affected, keptIgnored });
    return { engine, affected };
  }

  /**
   * The enforced rules and the isolations of each policy (`Kind/namespace/name`), indexed once
   * (derived engines inherit it). `replacePolicies` uses it; a caller about to make changes may
   * build it ahead.
   */
  rulesByPolicy(): ReadonlyMap<string, { rules: PolicyRule[]; isolations: PolicyIsolation[] }> {
    if (this.rulesByPolicyValue) return this.rulesByPolicyValue;
    const index = new Map<string, { rules: PolicyRule[]; isolations: PolicyIsolation[] }>();
    const entry = (policy: string): { rules: PolicyRule[]; isolations: PolicyIsolation[] } => {
      let e = index.get(policy);
      if (!e) index.set(policy, (e = { rules: [], isolations: [] }));
      return e;
    };
    for (const r of this.policies.rules) entry(r.origin.policy).rules.push(r);
    for (const i of this.policies.isolations) entry(i.origin.policy).isolations.push(i);
    return (this.rulesByPolicyValue = index);
  }

  private rulesByPolicyValue: Map<string, { rules: PolicyRule[]; isolations: PolicyIsolation[] }> | undefined;
}

/**
 * Evaluation order: tier (Admin, NetworkPolicy, Baseline), priority (lower first), then — for
 * policies of one tier at one priority, which the API leaves undefined — the policy's
 * `Kind/name` in code-point order (reported by CNP_PRIORITY_TIE), then the rule's position.
 */
export function compareEvaluationOrder(a: PolicyRule, b: PolicyRule): number {
  return (
    TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
    a.priority - b.priority ||
    (a.origin.policy < b.origin.policy ? -1 : a.origin.policy > b.origin.policy ? 1 : 0) ||
    a.order - b.order ||
    a.id - b.id
  );
}

const CLUSTER_KINDS: readonly string[] = ['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

function ignoreReason(profile: SemanticProfile, r: PolicyRule): { question: ProfileQuestion; decision: string } | undefined {
  const kind = r.origin.policy.slice(0, r.origin.policy.indexOf('/'));
  if (!CLUSTER_KINDS.includes(kind)) return undefined;
  const peerKind = r.peer.kind === 'nodes' || r.peer.kind === 'domainNames' ? r.peer.kind : r.peer.kind === 'ipBlock' ? 'networks' : 'selector';
  return unsupportedReason(profile, kind as ClusterPolicyKind, kind === 'BaselineAdminNetworkPolicy' ? undefined : r.priority, peerKind);
}

/** Builds the engine from every policy kind the snapshot holds, under a CNI semantic profile. */
export function buildPolicyEngine(snapshot: Snapshot, options: PolicyEngineOptions = {}): PolicyEngine {
  options.progress?.({ step: 'compiling policies and grouping pods into identities' });
  const np = compileNetworkPolicies(snapshot.networkPolicies);
  const cnp = compileClusterNetworkPolicies(snapshot.clusterNetworkPolicies, snapshot.nodes, np.rules.length);
  return new PolicyEngine(snapshot, { rules: [...np.rules, ...cnp.rules], isolations: [...np.isolations, ...cnp.isolations] }, options.profile ?? GENERIC_PROFILE);
}
