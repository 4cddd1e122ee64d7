import type { Diagnostic } from './diagnostic.js';
import type { ManifestObject, NamespaceModel, NetworkPolicyModel, NodeModel, PodModel, WorkloadModel } from './objects.js';

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
