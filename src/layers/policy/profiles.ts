import type { ClusterPolicyKind } from '../../model/cluster-policy-objects.js';

/**
 * CNI semantic profiles: where network policy implementations really answer the same question
 * differently, the answer is an explicit value here, passed into the engine
 * (`buildPolicyEngine(snapshot, { profile })`), never a global. `generic` is the Kubernetes API's
 * documented semantics. Every answer carries the source it comes from; docs/cni-profiles.md is the
 * long form.
 */
export type CniName = 'generic' | 'calico' | 'cilium' | 'ovn-kubernetes' | 'antrea';
export const CNI_NAMES: readonly CniName[] = ['generic', 'calico', 'cilium', 'ovn-kubernetes', 'antrea'];

/** The questions profiles answer; stable codes (they appear in trace JSON as `question`). */
export type ProfileQuestion =
  /** Does an ipBlock / networks CIDR select pods by their pod IP? */
  | 'cidr-selects-pods'
  /** Does an ipBlock / networks CIDR select node addresses (nodes, hostNetwork pods)? */
  | 'cidr-selects-nodes'
  /** Is ingress from the pod's own node allowed whatever the NetworkPolicies say? */
  | 'local-node-ingress'
  /** Does the implementation enforce this cluster policy kind at all? */
  | 'cluster-policy-kind'
  /** Does it implement this (experimental) peer type? */
  | 'cluster-policy-peer'
  /** Does it accept this Admin-tier priority? */
  | 'cluster-policy-priority';

export interface ClusterPolicySupport {
  readonly kinds: Readonly<Record<ClusterPolicyKind, boolean>>;
  readonly peers: { readonly nodes: boolean; readonly networks: boolean; readonly domainNames: boolean };
  /** Highest AdminNetworkPolicy priority the implementation programs (undefined: the API's 1000). */
  readonly maxAdminPriority?: number;
}

export interface SemanticProfile {
  readonly name: CniName;
  readonly title: string;
  readonly cidrSelectsPods: boolean;
  readonly cidrSelectsNodes: boolean;
  readonly localNodeIngress: 'always-allowed' | 'subject-to-policy';
  readonly clusterPolicies: ClusterPolicySupport;
  /** Where each answer comes from (a document or code location, with the date it was read). */
  readonly sources: Readonly<Record<ProfileQuestion, string>>;
}

/** What a profile decided for one flow, as trace reports it (hop field `profileDecisions`). */
export interface ProfileDecision {
  readonly profile: CniName;
  readonly question: ProfileQuestion;
  /** What happened, in one sentence. */
  readonly decision: string;
  readonly source: string;
  /** True when the Kubernetes API's documented semantics (`generic`) would answer differently. */
  readonly differsFromGeneric: boolean;
}

const API_NP = 'Kubernetes NetworkPolicy API reference (networking.k8s.io/v1 NetworkPolicySpec, IPBlock)';
const NPA_IMPLEMENTATIONS = 'kubernetes-sigs/network-policy-api site-src/implementations.md (updated 21-April-2026)';
const ALL_KINDS: Readonly<Record<ClusterPolicyKind, boolean>> = { ClusterNetworkPolicy: true, AdminNetworkPolicy: true, BaselineAdminNetworkPolicy: true };

export const GENERIC_PROFILE: SemanticProfile = {
  name: 'generic',
  title: 'Kubernetes API semantics',
  cidrSelectsPods: true,
  cidrSelectsNodes: true,
  localNodeIngress: 'always-allowed',
  clusterPolicies: { kinds: ALL_KINDS, peers: { nodes: true, networks: true, domainNames: true } },
  sources: {
    'cidr-selects-pods': `${API_NP}: IPBlock "describes a particular CIDR ... that is allowed"; upstream e2e "except clause" cases and network-policy-api conformance CNPAdminTierEgressInlineCIDRPeers (networks 0.0.0.0/0 Deny blocks pod-to-pod) rely on IP matching`,
    'cidr-selects-nodes': `${API_NP}; ClusterNetworkPolicyEgressPeer.networks: "cluster-internal traffic will be checked against the rule as well"`,
    'local-node-ingress': `${API_NP}: ingress "is allowed to a pod if ... OR if the traffic source is the pod's local node"`,
    'cluster-policy-kind': 'kubernetes-sigs/network-policy-api apis/v1alpha2 (ClusterNetworkPolicy), apis/v1alpha1 (AdminNetworkPolicy, BaselineAdminNetworkPolicy)',
    'cluster-policy-peer': 'kubernetes-sigs/network-policy-api config/crd/experimental (nodes, domainNames are experimental-channel fields)',
    'cluster-policy-priority': 'kubernetes-sigs/network-policy-api apis/v1alpha2 ClusterNetworkPolicySpec.priority: Minimum=0, Maximum=1000',
  },
};

export const CALICO_PROFILE: SemanticProfile = {
  name: 'calico',
  title: 'Calico (Project Calico open source, v3.32)',
  cidrSelectsPods: true,
  cidrSelectsNodes: true,
  localNodeIngress: 'always-allowed',
  clusterPolicies: {
    kinds: ALL_KINDS,
    // ClusterNetworkPolicy: "Standard support in Calico v3.32"; ANP/BANP: standard fields + Networks.
    peers: { nodes: false, networks: true, domainNames: false },
  },
  sources: {
    'cidr-selects-pods': 'Calico matches ipBlock/`nets` against packet addresses, pod IPs included (no documented exception); kflow follows the Kubernetes API here',
    'cidr-selects-nodes': 'Calico matches ipBlock/`nets` against packet addresses, node addresses included (no documented exception); kflow follows the Kubernetes API here',
    'local-node-ingress': `${API_NP} (no documented Calico exception)`,
    'cluster-policy-kind': `${NPA_IMPLEMENTATIONS}: Calico "Standard support in Calico v3.32" (ClusterNetworkPolicy), ANP/BANP "standard fields of the API + Networks peer"; tigera/docs calico/network-policy/policy-tiers/tiered-policy.mdx (kube-admin / kube-baseline tiers)`,
    'cluster-policy-peer': `${NPA_IMPLEMENTATIONS}: nodes and domainNames are not listed for Calico`,
    'cluster-policy-priority': 'tigera/docs tiered-policy.mdx: "The AdminNetworkPolicy priority field maps to the order field"',
  },
};

export const CILIUM_PROFILE: SemanticProfile = {
  name: 'cilium',
  title: 'Cilium (default agent options)',
  cidrSelectsPods: false,
  cidrSelectsNodes: false,
  localNodeIngress: 'always-allowed',
  clusterPolicies: {
    kinds: { ClusterNetworkPolicy: false, AdminNetworkPolicy: false, BaselineAdminNetworkPolicy: false },
    peers: { nodes: false, networks: false, domainNames: false },
  },
  sources: {
    'cidr-selects-pods':
      'cilium/cilium Documentation/security/policy/layer3.rst, "Selecting nodes with CIDR / ipBlock": "By default, CIDR-based selectors do not match in-cluster entities (pods or nodes)"; Documentation/network/kubernetes/policy.rst lists "ipBlock set with a pod IP" (cilium/cilium#9209) as a known missing NetworkPolicy feature',
    'cidr-selects-nodes':
      'cilium/cilium Documentation/security/policy/layer3.rst: CIDR rules "do not apply to traffic where both sides of the connection are either managed by Cilium or use an IP belonging to a node in the cluster (including host networking pods)"; opt in with --policy-cidr-match-mode=nodes',
    'local-node-ingress':
      'cilium/cilium Documentation/security/policy/layer3.rst, "Access to/from local host": "Kubernetes will automatically allow all communication from the local host of all local endpoints" (--allow-localhost=policy turns it off)',
    'cluster-policy-kind': `${NPA_IMPLEMENTATIONS}: Cilium is listed only with a tracking issue (cilium/cilium#23380); Cilium does not enforce ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy`,
    'cluster-policy-peer': 'not applicable: no cluster policy kind is enforced',
    'cluster-policy-priority': 'not applicable: no cluster policy kind is enforced',
  },
};

export const OVN_KUBERNETES_PROFILE: SemanticProfile = {
  name: 'ovn-kubernetes',
  title: 'OVN-Kubernetes',
  cidrSelectsPods: true,
  cidrSelectsNodes: true,
  localNodeIngress: 'always-allowed',
  clusterPolicies: {
    kinds: { ClusterNetworkPolicy: false, AdminNetworkPolicy: true, BaselineAdminNetworkPolicy: true },
    peers: { nodes: true, networks: true, domainNames: false },
    maxAdminPriority: 99,
  },
  sources: {
    'cidr-selects-pods':
      'ovn-org/ovn-kubernetes docs/features/network-security-controls/admin-network-policy.md: a rule\'s address set "will contain the IPs of all the pods, nodes and networks"; its ovn-trace example shows a `networks: 0.0.0.0/0` Deny dropping pod-to-pod traffic',
    'cidr-selects-nodes': 'ovn-org/ovn-kubernetes admin-network-policy.md: address sets "contain the IPs of all the pods, nodes and networks" selected; CIDRs are matched as addresses (ip4.dst == $set)',
    'local-node-ingress': `${API_NP} (no documented OVN-Kubernetes exception)`,
    'cluster-policy-kind': `${NPA_IMPLEMENTATIONS}: OVN-Kubernetes is listed for AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1), not for ClusterNetworkPolicy (v1alpha2)`,
    'cluster-policy-peer': `${NPA_IMPLEMENTATIONS}: "standard fields of the API + Nodes/Networks in Experimental" (no domainNames)`,
    'cluster-policy-priority':
      'ovn-org/ovn-kubernetes admin-network-policy.md: "0 is the highest priority and 99 (the largest number supported by OVN-Kubernetes) is the lowest priority"; it emits ANPWithUnsupportedPriority',
  },
};

export const ANTREA_PROFILE: SemanticProfile = {
  name: 'antrea',
  title: 'Antrea',
  cidrSelectsPods: true,
  cidrSelectsNodes: true,
  localNodeIngress: 'always-allowed',
  clusterPolicies: {
    kinds: { ClusterNetworkPolicy: false, AdminNetworkPolicy: true, BaselineAdminNetworkPolicy: true },
    peers: { nodes: false, networks: true, domainNames: false },
  },
  sources: {
    'cidr-selects-pods': 'Antrea matches ipBlock by address, pod IPs included (no documented exception); kflow follows the Kubernetes API here',
    'cidr-selects-nodes': 'Antrea matches ipBlock by address, node addresses included (no documented exception); kflow follows the Kubernetes API here',
    'local-node-ingress': `${API_NP} (no documented Antrea exception)`,
    'cluster-policy-kind': `${NPA_IMPLEMENTATIONS}: Antrea "Has implemented standard fields of the API" for AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1); not listed for ClusterNetworkPolicy`,
    'cluster-policy-peer': `${NPA_IMPLEMENTATIONS}: standard fields only (v0.1.7: networks is standard; nodes and domainNames are experimental)`,
    'cluster-policy-priority': 'kubernetes-sigs/network-policy-api apis/v1alpha1: Minimum=0, Maximum=1000',
  },
};

export const PROFILES: Readonly<Record<CniName, SemanticProfile>> = {
  generic: GENERIC_PROFILE,
  calico: CALICO_PROFILE,
  cilium: CILIUM_PROFILE,
  'ovn-kubernetes': OVN_KUBERNETES_PROFILE,
  antrea: ANTREA_PROFILE,
};

export function isCniName(value: string): value is CniName {
  return (CNI_NAMES as readonly string[]).includes(value);
}

export function profileFor(name: CniName): SemanticProfile {
  return PROFILES[name];
}

/** Why a cluster policy rule is not enforced under a profile, or undefined when it is. */
export function unsupportedReason(
  profile: SemanticProfile,
  policyKind: ClusterPolicyKind,
  priority: number | undefined,
  peerKind: 'nodes' | 'networks' | 'domainNames' | 'selector',
): { question: ProfileQuestion; decision: string } | undefined {
  const support = profile.clusterPolicies;
  if (!support.kinds[policyKind]) {
    return { question: 'cluster-policy-kind', decision: `${profile.title} does not enforce ${policyKind}: its rules have no effect` };
  }
  if (policyKind === 'AdminNetworkPolicy' && priority !== undefined && support.maxAdminPriority !== undefined && priority > support.maxAdminPriority) {
    return {
      question: 'cluster-policy-priority',
      decision: `${profile.title} programs priorities 0..${support.maxAdminPriority} only: a ${policyKind} at priority ${priority} is not applied`,
    };
  }
  if (peerKind !== 'selector' && !support.peers[peerKind]) {
    return { question: 'cluster-policy-peer', decision: `${profile.title} does not implement the \`${peerKind}\` peer: it matches nothing` };
  }
  return undefined;
}
