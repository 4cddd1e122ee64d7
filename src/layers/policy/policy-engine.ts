import type { Snapshot } from '../../model/snapshot.js';
import { Bitset } from '../../net/bitset.js';
import { compileNetworkPolicies } from './compile-network-policy.js';
import { IdentityIndex } from './identities.js';
import type { Direction, PolicyIsolation, PolicyRule, PolicySet, Tier } from './policy-ir.js';

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

  constructor(
    readonly snapshot: Snapshot,
    readonly policies: PolicySet,
  ) {
    this.index = new IdentityIndex(snapshot, policies);
    const n = this.index.size;
    const emptyLists = <T>(): T[][] => Array.from({ length: n }, () => []);
    this.rulesBySubject = { ingress: emptyLists(), egress: emptyLists() };
    this.isolationsBySubject = { ingress: emptyLists(), egress: emptyLists() };
    this.isolatedSets = { ingress: new Bitset(n), egress: new Bitset(n) };
    const ordered = [...policies.rules].sort(
      (a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.priority - b.priority || a.origin.policy.localeCompare(b.origin.policy) || a.order - b.order || a.id - b.id,
    );
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

  /** Identities isolated for a direction by the NetworkPolicy tier. */
  isolated(direction: Direction): Bitset {
    return this.isolatedSets[direction];
  }
}

/** Builds the engine from every policy kind the snapshot holds. */
export function buildPolicyEngine(snapshot: Snapshot): PolicyEngine {
  return new PolicyEngine(snapshot, compileNetworkPolicies(snapshot.networkPolicies));
}
