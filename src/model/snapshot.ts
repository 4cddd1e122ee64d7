import type { Diagnostic } from './diagnostic.js';
import type { ManifestObject, NamespaceModel, NetworkPolicyModel, NodeModel, PodModel, WorkloadModel } from './objects.js';
import type { ClusterNetworkPolicyModel } from './cluster-policy-objects.js';
import type {
  ConfigMapModel,
  EndpointSliceModel,
  EndpointsModel,
  GatewayClassModel,
  GatewayModel,
  HTTPRouteModel,
  IngressClassModel,
  IngressModel,
  ServiceModel,
} from './service-objects.js';

/**
 * One cluster, as it would run: every object given, workloads expanded into pods, IPs allocated.
 * Immutable once built; indexes are built with it.
 */
export interface Snapshot {
  readonly objects: readonly ManifestObject[];
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  readonly nodes: readonly NodeModel[];
  /** Sorted by key (`namespace/name`). */
  readonly pods: readonly PodModel[];
  readonly podsByKey: ReadonlyMap<string, PodModel>;
  readonly workloads: readonly WorkloadModel[];
  readonly networkPolicies: readonly NetworkPolicyModel[];
  /** ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1), as given. */
  readonly clusterNetworkPolicies: readonly ClusterNetworkPolicyModel[];
  /** Services with ClusterIPs and NodePorts filled in (given, or allocated as the API server would). */
  readonly services: readonly ServiceModel[];
  /** EndpointSlices as given (the services layer derives missing ones from selectors). */
  readonly endpointSlices: readonly EndpointSliceModel[];
  readonly endpoints: readonly EndpointsModel[];
  readonly configMaps: readonly ConfigMapModel[];
  readonly ingresses: readonly IngressModel[];
  readonly ingressClasses: readonly IngressClassModel[];
  readonly gateways: readonly GatewayModel[];
  readonly gatewayClasses: readonly GatewayClassModel[];
  readonly httpRoutes: readonly HTTPRouteModel[];
}

export interface LoadResult {
  readonly snapshot: Snapshot;
  /** Every problem found, in a stable order. Errors mean the snapshot may be incomplete. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Pods that take part in traffic: they have an IP and are not finished. */
export function isActivePod(pod: PodModel): boolean {
  return pod.ips.length > 0 && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

/** The name a pod's workload goes by: `ns/name` of its top-level owner, or of the pod itself. */
export function workloadName(pod: PodModel): string {
  return pod.workload ? `${pod.namespace}/${pod.workload.name}` : pod.key;
}

const podsByNamespaceCache = new WeakMap<readonly PodModel[], ReadonlyMap<string, readonly PodModel[]>>();

/** The snapshot's pods in one namespace (all of them, active or not), indexed once per pod list. */
export function podsInNamespace(snapshot: Pick<Snapshot, 'pods'>, namespace: string): readonly PodModel[] {
  let index = podsByNamespaceCache.get(snapshot.pods);
  if (!index) {
    const byNs = new Map<string, PodModel[]>();
    for (const p of snapshot.pods) {
      const list = byNs.get(p.namespace);
      if (list) list.push(p);
      else byNs.set(p.namespace, [p]);
    }
    podsByNamespaceCache.set(snapshot.pods, (index = byNs));
  }
  return index.get(namespace) ?? [];
}
