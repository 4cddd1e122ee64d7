import type { IpSet } from '../net/ip-set.js';
import type { Protocol } from '../net/protocol.js';
import type { LabelSelector } from './label-selector.js';
import type { Provenance } from './provenance.js';

/**
 * Cluster-scoped policies of the network-policy-api (policy.networking.k8s.io), decoded and
 * validated, each piece with its provenance:
 * - v1alpha2 ClusterNetworkPolicy (`spec.tier` Admin or Baseline, actions Accept/Deny/Pass);
 * - v1alpha1 AdminNetworkPolicy (tier Admin, actions Allow/Deny/Pass) and
 *   BaselineAdminNetworkPolicy (tier Baseline, the singleton `default`, actions Allow/Deny).
 * All three share one model: the v1alpha1 kinds map onto ClusterNetworkPolicy's tiers.
 * Field names follow apis/v1alpha2 (kubernetes-sigs/network-policy-api).
 */
export type ClusterPolicyKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

export type ClusterPolicyTier = 'Admin' | 'Baseline';

/** The action as v1alpha2 names it; a v1alpha1 `Allow` is `Accept` (`actionAsWritten` keeps the original). */
export type ClusterPolicyAction = 'Accept' | 'Deny' | 'Pass';

/** NamespacedPod: pods matching `podSelector` in namespaces matching `namespaceSelector` (empty: all). */
export interface NamespacedPodModel {
  readonly namespaceSelector: LabelSelector;
  readonly podSelector: LabelSelector;
}

/** ClusterNetworkPolicySubject: exactly one of `namespaces` or `pods`. hostNetwork pods are never subjects. */
export type ClusterPolicySubjectModel =
  | { readonly kind: 'namespaces'; readonly namespaces: LabelSelector; readonly source: Provenance }
  | ({ readonly kind: 'pods'; readonly source: Provenance } & NamespacedPodModel);

/** One peer: exactly one field set (the CRD's MinProperties/MaxProperties = 1). */
export type ClusterPolicyPeerModel =
  | { readonly kind: 'namespaces'; readonly namespaces: LabelSelector; readonly source: Provenance }
  | ({ readonly kind: 'pods'; readonly source: Provenance } & NamespacedPodModel)
  /** Egress only: the IPs in `status.addresses` of the selected Nodes. */
  | { readonly kind: 'nodes'; readonly nodes: LabelSelector; readonly source: Provenance }
  /** Egress only: CIDRs, matched against every address, pods included. */
  | { readonly kind: 'networks'; readonly networks: readonly string[]; readonly set: IpSet; readonly source: Provenance }
  /** Egress only, Accept only: domain names (`*.` prefix: one or more labels). */
  | { readonly kind: 'domainNames'; readonly domainNames: readonly string[]; readonly source: Provenance };

/**
 * A destination port condition. `protocols[]` in v1alpha2 (tcp/udp/sctp with a number or a
 * range, or destinationNamedPort), `ports[]` in v1alpha1 (portNumber, portRange, namedPort).
 * A named port matches whatever protocol the destination's container port declares.
 */
export type ClusterPolicyPortModel =
  | { readonly kind: 'number'; readonly protocol: Protocol; readonly port: number; readonly source: Provenance }
  | { readonly kind: 'range'; readonly protocol: Protocol; readonly start: number; readonly end: number; readonly source: Provenance }
  | { readonly kind: 'named'; readonly name: string; readonly source: Provenance };

export interface ClusterPolicyRuleModel {
  /** `spec.ingress[i].name` / `spec.egress[i].name`, when given. */
  readonly name: string | undefined;
  readonly action: ClusterPolicyAction;
  /** As written in the manifest (`Allow` for v1alpha1). */
  readonly actionAsWritten: string;
  /** `from` (ingress) or `to` (egress): at least one. */
  readonly peers: readonly ClusterPolicyPeerModel[];
  /** `undefined`: the rule does not filter by port. */
  readonly ports: readonly ClusterPolicyPortModel[] | undefined;
  readonly source: Provenance;
}

export interface ClusterNetworkPolicyModel {
  readonly kind: ClusterPolicyKind;
  readonly apiVersion: string;
  readonly name: string;
  readonly tier: ClusterPolicyTier;
  /**
   * 0..1000, lower first. A BaselineAdminNetworkPolicy has none: kflow evaluates it after every
   * Baseline-tier ClusterNetworkPolicy and reports it with `priority: undefined`.
   */
  readonly priority: number | undefined;
  readonly subject: ClusterPolicySubjectModel;
  readonly ingress: readonly ClusterPolicyRuleModel[];
  readonly egress: readonly ClusterPolicyRuleModel[];
  readonly source: Provenance;
  /** Where `spec.priority` is (or the spec, when absent). */
  readonly prioritySource: Provenance;
}

/** `Kind/name` of a cluster policy (cluster-scoped). */
export function clusterPolicyId(p: Pick<ClusterNetworkPolicyModel, 'kind' | 'name'>): string {
  return `${p.kind}/${p.name}`;
}

/** Evaluation order inside a tier: priority, then a deterministic tie-break (kind, then name). */
export const BANP_PRIORITY = 1001;

export function effectivePriority(p: Pick<ClusterNetworkPolicyModel, 'priority'>): number {
  return p.priority ?? BANP_PRIORITY;
}
