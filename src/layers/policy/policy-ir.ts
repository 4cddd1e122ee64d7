import type { LabelSelector } from '../../model/label-selector.js';
import type { IpSet } from '../../net/ip-set.js';
import type { Protocol } from '../../net/protocol.js';

/**
 * The Policy IR: every policy kind compiles to rules of one shape, applied by one evaluator.
 * Tiers are applied in order Admin → NetworkPolicy → Baseline → default allow.
 */
export type Tier = 'Admin' | 'NetworkPolicy' | 'Baseline';
export const TIERS: readonly Tier[] = ['Admin', 'NetworkPolicy', 'Baseline'];

export type Direction = 'ingress' | 'egress';
export type PolicyAction = 'allow' | 'deny' | 'pass';

/** Pods by namespace (one by name, or those a selector picks) and pod labels. */
export interface PodSelection {
  readonly kind: 'pods';
  readonly namespaces: { readonly kind: 'name'; readonly name: string } | { readonly kind: 'selector'; readonly selector: LabelSelector };
  readonly pods: LabelSelector;
}

export type PolicyPeer =
  /** Any endpoint, inside the cluster or not (a rule with no `from`/`to`). */
  | { readonly kind: 'all' }
  | PodSelection
  /**
   * Addresses: matched against the endpoint's IP (pod, node or external). NetworkPolicy `ipBlock`
   * and ClusterNetworkPolicy `networks` (`field`); whether a CIDR selects in-cluster endpoints is a
   * CNI profile question (profiles.ts).
   */
  | { readonly kind: 'ipBlock'; readonly set: IpSet; readonly text: string; readonly field?: 'ipBlock' | 'networks' }
  /** ClusterNetworkPolicy `nodes`: the addresses (`status.addresses`) of the Nodes the selector picks. */
  | { readonly kind: 'nodes'; readonly selector: LabelSelector; readonly set: IpSet; readonly text: string }
  /** ClusterNetworkPolicy `domainNames` (egress, Accept): destinations reached by a matching name. */
  | { readonly kind: 'domainNames'; readonly names: readonly string[] };

/**
 * A port condition on the destination. `name` resolves against the destination pod's container
 * ports (name and protocol); neither `from` nor `name`: every port of the protocol.
 */
export interface PolicyPort {
  readonly protocol: Protocol;
  readonly from?: number;
  readonly to?: number;
  readonly name?: string;
}

/** Where a rule came from: the object and the exact place in its manifest. */
export interface RuleOrigin {
  /** `Kind/namespace/name` of the policy object. */
  readonly policy: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Field path of the rule (or peer) inside the object, e.g. `spec.ingress[0].from[1]`. */
  readonly path: string;
  /** ClusterNetworkPolicy rules: the rule's `name`, when it has one. */
  readonly ruleName?: string;
}

export interface PolicyRule {
  readonly id: number;
  readonly tier: Tier;
  /** Lower is evaluated first (Admin/Baseline tiers); 0 in the NetworkPolicy tier. */
  readonly priority: number;
  /** Position inside its policy (first match wins among a policy's rules in ordered tiers). */
  readonly order: number;
  readonly direction: Direction;
  /** The pods the rule applies to (the policy's subject). */
  readonly subject: PodSelection;
  readonly peer: PolicyPeer;
  readonly ports: readonly PolicyPort[] | 'all';
  readonly action: PolicyAction;
  /** The action as the manifest names it (`Accept`, `Allow`, `Deny`, `Pass`), for cluster policies. */
  readonly actionAsWritten?: string;
  readonly origin: RuleOrigin;
}

/** NetworkPolicy tier: pods a policy selects are isolated for the direction (default deny). */
export interface PolicyIsolation {
  readonly tier: Tier;
  readonly direction: Direction;
  readonly subject: PodSelection;
  readonly origin: RuleOrigin;
}

export interface PolicySet {
  readonly rules: readonly PolicyRule[];
  readonly isolations: readonly PolicyIsolation[];
}
