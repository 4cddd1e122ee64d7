/**
 * How many nat-table rules and chains kube-proxy in iptables mode writes on one node, counted the
 * way `syncProxyRules` writes them (kubernetes/kubernetes pkg/proxy/iptables/proxier.go, 1.30+
 * layout; `writeServiceToEndpointRules` for the per-Service chains). A pure function of per
 * Service-port facts, so it can be checked by hand.
 *
 * Fixed, once per node: chains KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ;
 * rules: 3 in KUBE-POSTROUTING (RETURN unmarked, clear mark, MASQUERADE), 1 in KUBE-MARK-MASQ, and
 * the KUBE-SERVICES → KUBE-NODEPORTS tail rule (one; one per node IP when nodePortAddresses is set).
 *
 * Per Service port in kube-proxy's map (a ClusterIP of this family: not headless, not
 * ExternalName, not handed to another proxy), when it has usable endpoints anywhere
 * (`hasEndpoints`; without, the port only gets REJECT rules in the *filter* table):
 * - KUBE-SERVICES: 1 ClusterIP rule when internal traffic has endpoints (`hasInternalEndpoints`:
 *   not internalTrafficPolicy Local, or a local endpoint exists), 1 per external IP, 1 per
 *   load-balancer VIP;
 * - KUBE-NODEPORTS: 1 when the port has a nodePort (the localhost-nodePort nfacct rule is not
 *   counted);
 * - the internal chain's masquerade rule for off-cluster sources: 1 when `hasInternalEndpoints`
 *   and masqueradeAll or a local-traffic detector (clusterCIDR, ...) is configured;
 * - KUBE-EXT-<hash> (externally accessible ports): 1 chain; 1 masquerade rule under Cluster
 *   external policy, else 2 (+1 pod short-circuit rule with a local detector); +1 jump to the
 *   policy chain when external traffic has endpoints;
 * - KUBE-FW-<hash> (load-balancer VIPs with loadBalancerSourceRanges): 1 chain; 1 rule per source
 *   range, +1 per VIP when a range contains the node IP, +1 final rule;
 * - KUBE-SVC-<hash> (Cluster endpoints, when used): 1 chain; 1 rule per endpoint (+1 per endpoint
 *   `-m recent --rcheck` rule with ClientIP session affinity);
 * - KUBE-SVL-<hash> (Local endpoints, when used): the same over the local endpoints;
 * - KUBE-SEP-<hash>: 1 chain and 2 rules (hairpin masquerade, DNAT) per endpoint reachable from
 *   this node (the union of the Cluster and Local endpoints used).
 *
 * kube-proxy switches to "large cluster mode" when the endpoints of all its Service ports
 * (every condition, not just ready) exceed largeClusterEndpointsThreshold = 1000: it drops the
 * per-rule comments and stops deleting stale chains on every sync.
 */

export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

/** What syncProxyRules knows of one Service port on one node. */
export interface IptablesServicePort {
  /** Endpoints kube-proxy holds for the port (any condition): counts toward large-cluster mode. */
  readonly endpoints: number;
  /** CategorizeEndpoints: some usable endpoint exists on any node. */
  readonly hasEndpoints: boolean;
  readonly clusterEndpoints: number;
  readonly localEndpoints: number;
  /** |clusterEndpoints ∪ localEndpoints| as used on this node. */
  readonly reachableEndpoints: number;
  readonly usesClusterEndpoints: boolean;
  readonly usesLocalEndpoints: boolean;
  readonly internalPolicyLocal: boolean;
  /** externalTrafficPolicy Local on an externally accessible Service. */
  readonly externalPolicyLocal: boolean;
  readonly externallyAccessible: boolean;
  readonly externalIPs: number;
  readonly loadBalancerVIPs: number;
  readonly loadBalancerSourceRanges: number;
  readonly sourceRangesContainNodeIP: boolean;
  readonly hasNodePort: boolean;
  readonly sessionAffinityClientIP: boolean;
}

export interface IptablesProxierSettings {
  readonly masqueradeAll: boolean;
  /** A local-traffic detector is configured (detectLocalMode ClusterCIDR with a clusterCIDR, NodeCIDR, ...). */
  readonly localDetector: boolean;
  /** KUBE-SERVICES → KUBE-NODEPORTS tail rules: 1, or one per node IP when nodePortAddresses is set. */
  readonly nodePortTailRules: number;
}

export interface IptablesNatCount {
  readonly rules: number;
  readonly chains: number;
  /** Rules in KUBE-SERVICES, which the first packet of every connection walks in order. */
  readonly kubeServicesRules: number;
  /** KUBE-SEP chains. */
  readonly endpointChains: number;
  /** Endpoints over all Service ports, as kube-proxy counts them for large-cluster mode. */
  readonly totalEndpoints: number;
  readonly largeClusterMode: boolean;
}

export const FIXED_NAT_CHAINS = 4;
export const FIXED_NAT_RULES = 4;

/** The nat-table rules and chains of one Service port (0 when it has no usable endpoint anywhere). */
export function servicePortNatCount(p: IptablesServicePort, s: IptablesProxierSettings): { rules: number; chains: number; kubeServicesRules: number; endpointChains: number } {
  if (!p.hasEndpoints) return { rules: 0, chains: 0, kubeServicesRules: 0, endpointChains: 0 };
  const hasInternalEndpoints = !p.internalPolicyLocal || p.localEndpoints > 0;
  const hasExternalEndpoints = !p.externalPolicyLocal || p.localEndpoints > 0;
  let rules = 0;
  let chains = 0;
  const kubeServicesRules = (hasInternalEndpoints ? 1 : 0) + p.externalIPs + p.loadBalancerVIPs;
  rules += kubeServicesRules;
  if (p.hasNodePort) rules += 1;
  if (hasInternalEndpoints && (s.masqueradeAll || s.localDetector)) rules += 1;
  if (p.externallyAccessible) {
    chains += 1;
    rules += p.externalPolicyLocal ? 2 + (s.localDetector ? 1 : 0) : 1;
    if (hasExternalEndpoints) rules += 1;
  }
  if (p.loadBalancerVIPs > 0 && p.loadBalancerSourceRanges > 0) {
    chains += 1;
    rules += p.loadBalancerSourceRanges + (p.sourceRangesContainNodeIP ? p.loadBalancerVIPs : 0) + 1;
  }
  const perEndpoint = p.sessionAffinityClientIP ? 2 : 1;
  if (p.clusterEndpoints > 0 && p.usesClusterEndpoints) {
    chains += 1;
    rules += perEndpoint * p.clusterEndpoints;
  }
  if (p.localEndpoints > 0 && p.usesLocalEndpoints) {
    chains += 1;
    rules += perEndpoint * p.localEndpoints;
  }
  chains += p.reachableEndpoints;
  rules += 2 * p.reachableEndpoints;
  return { rules, chains, kubeServicesRules, endpointChains: p.reachableEndpoints };
}

/** The whole nat table kube-proxy writes on one node. */
export function iptablesNatCount(ports: readonly IptablesServicePort[], s: IptablesProxierSettings): IptablesNatCount {
  let rules = FIXED_NAT_RULES + s.nodePortTailRules;
  let chains = FIXED_NAT_CHAINS;
  let kubeServicesRules = s.nodePortTailRules;
  let endpointChains = 0;
  let totalEndpoints = 0;
  for (const p of ports) {
    const c = servicePortNatCount(p, s);
    rules += c.rules;
    chains += c.chains;
    kubeServicesRules += c.kubeServicesRules;
    endpointChains += c.endpointChains;
    totalEndpoints += p.endpoints;
  }
  return { rules, chains, kubeServicesRules, endpointChains, totalEndpoints, largeClusterMode: totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD };
}
