/**
 * kube-proxy's CategorizeEndpoints (pkg/proxy/topology.go), as a pure function over endpoint
 * facts, plus the reasons behind each choice.
 */

/** What CategorizeEndpoints reads of an endpoint (pkg/proxy/endpoint.go Endpoint). */
export interface CategorizableEndpoint {
  /** `ip:port`, the endpoint's identity (Endpoint.String()). */
  readonly key: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  /** On the node kube-proxy runs on. */
  readonly isLocal: boolean;
  /** hints.forZones; undefined or empty: no zone hint. */
  readonly zoneHints?: readonly string[];
  /** hints.forNodes; undefined or empty: no node hint. */
  readonly nodeHints?: readonly string[];
}

/** The ServicePort facts CategorizeEndpoints reads (pkg/proxy/serviceport.go). */
export interface CategorizableServicePort {
  readonly internalPolicyLocal: boolean;
  readonly externalPolicyLocal: boolean;
  /** A nodePort, a VIP-mode load-balancer IP or an externalIP of the proxy's family. */
  readonly externallyAccessible: boolean;
}

export type TopologyMode = '' | 'PreferSameZone' | 'PreferSameNode';

export interface CategorizedEndpoints<E extends CategorizableEndpoint> {
  /** Usable endpoints for Cluster policy; undefined when the port never uses Cluster policy. */
  readonly clusterEndpoints: readonly E[] | undefined;
  /** Usable endpoints for Local policy; undefined when the port never uses Local policy. */
  readonly localEndpoints: readonly E[] | undefined;
  /** Every endpoint reachable from this node (the union of the two). */
  readonly allReachableEndpoints: readonly E[];
  /** Some usable endpoint exists somewhere in the cluster (even if none is reachable here). */
  readonly hasAnyEndpoints: boolean;
  readonly topologyMode: TopologyMode;
  /** Why topology was or was not used (topologyModeFromHints). */
  readonly topologyReason: string;
  /** Cluster policy fell back to serving-terminating endpoints (no ready endpoint anywhere). */
  readonly clusterUsesTerminating: boolean;
  /** Local policy fell back to serving-terminating endpoints (no ready local endpoint). */
  readonly localUsesTerminating: boolean;
}

/** ServicePort.UsesClusterEndpoints: Cluster internal policy, or any external access (to short-circuit). */
export function usesClusterEndpoints(p: CategorizableServicePort): boolean {
  return !p.internalPolicyLocal || p.externallyAccessible;
}

/** ServicePort.UsesLocalEndpoints. */
export function usesLocalEndpoints(p: CategorizableServicePort): boolean {
  return p.internalPolicyLocal || (p.externalPolicyLocal && p.externallyAccessible);
}

/**
 * topologyModeFromHints: PreferSameNode when every ready endpoint has a node hint and one is for
 * this node; else PreferSameZone when every ready endpoint has a zone hint and one is for this
 * node's zone; else no topology. Only ready endpoints count; with none, no topology.
 */
export function topologyModeFromHints(endpoints: readonly CategorizableEndpoint[], nodeName: string, zone: string): { mode: TopologyMode; reason: string } {
  let hasReady = false;
  let forNode = false;
  let allNodeHints = true;
  let forZone = false;
  let allZoneHints = true;
  for (const e of endpoints) {
    if (!e.ready) continue;
    hasReady = true;
    if (!e.nodeHints || e.nodeHints.length === 0) allNodeHints = false;
    else if (e.nodeHints.includes(nodeName)) forNode = true;
    if (!e.zoneHints || e.zoneHints.length === 0) allZoneHints = false;
    else if (e.zoneHints.includes(zone)) forZone = true;
  }
  if (!hasReady) return { mode: '', reason: 'no ready endpoints: hints are not considered' };
  if (allNodeHints && forNode) return { mode: 'PreferSameNode', reason: `every ready endpoint has a node hint and some are for node ${nodeName}` };
  const nodeWhy = allNodeHints ? `no endpoint is hinted for node ${nodeName}` : 'not every ready endpoint has a node hint';
  if (allZoneHints) {
    if (forZone) return { mode: 'PreferSameZone', reason: `every ready endpoint has a zone hint and some are for zone ${zone} (same-node: ${nodeWhy})` };
    return { mode: '', reason: zone === '' ? 'the node has no topology.kubernetes.io/zone label: zone hints ignored' : `no endpoint is hinted for zone ${zone}: zone hints ignored` };
  }
  const anyZoneHint = endpoints.some((e) => e.ready && e.zoneHints && e.zoneHints.length > 0);
  return { mode: '', reason: anyZoneHint ? 'one or more ready endpoints have no zone hint: hints ignored' : 'endpoints carry no hints' };
}

/** availableForTopology: no fallback here; it happens when choosing the mode. */
export function availableForTopology(e: CategorizableEndpoint, mode: TopologyMode, nodeName: string, zone: string): boolean {
  switch (mode) {
    case '':
      return true;
    case 'PreferSameNode':
      return e.nodeHints?.includes(nodeName) ?? false;
    case 'PreferSameZone':
      return e.zoneHints?.includes(zone) ?? false;
  }
}

/**
 * CategorizeEndpoints: Cluster endpoints are the ready ones (filtered by topology when hints
 * apply), or — when there is no ready endpoint anywhere — the serving-terminating ones, topology
 * ignored. Local endpoints are the ready local ones, or failing that the serving-terminating local
 * ones. Topology never applies to Local endpoints.
 */
export function categorizeEndpoints<E extends CategorizableEndpoint>(
  endpoints: readonly E[],
  port: CategorizableServicePort,
  nodeName: string,
  zone: string,
): CategorizedEndpoints<E> {
  const usesCluster = usesClusterEndpoints(port);
  const usesLocal = usesLocalEndpoints(port);
  if (endpoints.length === 0) {
    return {
      clusterEndpoints: usesCluster ? [] : undefined,
      localEndpoints: usesLocal ? [] : undefined,
      allReachableEndpoints: [],
      hasAnyEndpoints: false,
      topologyMode: '',
      topologyReason: 'no endpoints',
      clusterUsesTerminating: false,
      localUsesTerminating: false,
    };
  }
  let topology: { mode: TopologyMode; reason: string } = { mode: '', reason: 'the port does not use Cluster policy' };
  let cluster: E[] | undefined;
  let clusterUsesTerminating = false;
  let hasAny = false;
  if (usesCluster) {
    topology = topologyModeFromHints(endpoints, nodeName, zone);
    cluster = endpoints.filter((e) => e.ready && availableForTopology(e, topology.mode, nodeName, zone));
    if (cluster.length === 0) {
      cluster = endpoints.filter((e) => e.serving && e.terminating);
      clusterUsesTerminating = cluster.length > 0;
    }
    if (cluster.length > 0) hasAny = true;
  }
  if (!usesLocal) {
    return { clusterEndpoints: cluster, localEndpoints: undefined, allReachableEndpoints: cluster ?? [], hasAnyEndpoints: hasAny, topologyMode: topology.mode, topologyReason: topology.reason, clusterUsesTerminating, localUsesTerminating: false };
  }
  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const e of endpoints) {
    if (e.ready) {
      hasAny = true;
      if (e.isLocal) hasLocalReady = true;
    } else if (e.serving && e.terminating) {
      hasAny = true;
      if (e.isLocal) hasLocalServingTerminating = true;
    }
  }
  let local: E[] = [];
  let localUsesTerminating = false;
  if (hasLocalReady) local = endpoints.filter((e) => e.isLocal && e.ready);
  else if (hasLocalServingTerminating) {
    localUsesTerminating = true;
    local = endpoints.filter((e) => e.isLocal && e.serving && e.terminating);
  }
  const base = { localEndpoints: local, hasAnyEndpoints: hasAny, topologyMode: topology.mode, topologyReason: topology.reason, clusterUsesTerminating, localUsesTerminating };
  if (!usesCluster) return { ...base, clusterEndpoints: undefined, allReachableEndpoints: local };
  if (topology.mode === '' && !localUsesTerminating) return { ...base, clusterEndpoints: cluster, allReachableEndpoints: cluster ?? [] };
  const merged = new Map<string, E>();
  for (const e of cluster ?? []) merged.set(e.key, e);
  for (const e of local) merged.set(e.key, e);
  return { ...base, clusterEndpoints: cluster, allReachableEndpoints: [...merged.values()] };
}
