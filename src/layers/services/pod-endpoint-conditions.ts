import type { PodModel } from '../../model/objects.js';
import type { ServiceModel } from '../../model/service-objects.js';

/** Why a selected pod is, or is not, an endpoint of a Service (EndpointSlice controller rules). */
export type PodExclusion = 'POD_TERMINAL' | 'POD_NO_IP' | 'NODE_NOT_FOUND';

export interface PodEndpointConditions {
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  /** How kflow read the pod's readiness. */
  readonly readiness: 'condition' | 'assumed-running' | 'not-running';
}

/**
 * podutil.IsPodReady: the pod's Ready condition is True. kflow models the cluster as it would
 * run, so a pod whose manifest has no Ready condition (a workload's expanded pod, or a Pod
 * written without status) counts as ready when its phase is Running or unknown.
 */
export function isPodReady(pod: PodModel): { ready: boolean; readiness: PodEndpointConditions['readiness'] } {
  if (pod.ready !== undefined) return { ready: pod.ready, readiness: 'condition' };
  if (pod.phase === undefined || pod.phase === 'Running') return { ready: true, readiness: 'assumed-running' };
  return { ready: false, readiness: 'not-running' };
}

/**
 * endpointutil.ShouldPodBeInEndpoints(pod, includeTerminating=true): terminal pods (Succeeded,
 * Failed) and pods without an IP are left out; terminating pods stay in.
 */
export function podExclusion(pod: PodModel): PodExclusion | undefined {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return 'POD_TERMINAL';
  if (pod.ips.length === 0) return 'POD_NO_IP';
  return undefined;
}

/**
 * podToEndpoint (k8s.io/endpointslice utils.go): serving = pod ready; terminating = deletion
 * timestamp set; ready = publishNotReadyAddresses || (serving && !terminating).
 */
export function podEndpointConditions(pod: PodModel, service: ServiceModel): PodEndpointConditions {
  const { ready: serving, readiness } = isPodReady(pod);
  const terminating = pod.deletionTimestamp !== undefined;
  return { ready: service.publishNotReadyAddresses || (serving && !terminating), serving, terminating, readiness };
}

/** endpointutil.ShouldSetHostname: the pod's hostname is published when its subdomain names the Service. */
export function shouldSetHostname(pod: PodModel, service: ServiceModel): boolean {
  return pod.hostname !== undefined && pod.hostname !== '' && pod.subdomain === service.name && pod.namespace === service.namespace;
}
