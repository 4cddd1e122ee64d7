import type { PodModel } from '../../../model/objects.js';
import { objectId } from '../../../model/objects.js';
import type { PathSegment, Provenance } from '../../../model/provenance.js';
import type { ServiceModel, ServicePortModel } from '../../../model/service-objects.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { selectServicePods } from '../../../layers/services/derive-endpoint-slices.js';
import { findManifestObject } from '../../../layers/services/field-origin.js';
import { podExclusion } from '../../../layers/services/pod-endpoint-conditions.js';

/** Facts about Services that the SVC_* and INGRESS_* rules share. */

export function serviceObjectId(svc: ServiceModel): string {
  return objectId('Service', svc.namespace, svc.name);
}

/**
 * A Service whose endpoints the EndpointSlice controller derives from its selector. A Service
 * without a selector (or with `selector: {}`, which the API server stores as no selector) has
 * endpoints managed by hand; an ExternalName Service has none.
 */
export function hasPodSelector(svc: ServiceModel): boolean {
  return svc.type !== 'ExternalName' && svc.selector !== undefined && Object.keys(svc.selector).length > 0;
}

/**
 * Pods the selector matches that the controller can make endpoints of (ShouldPodBeInEndpoints:
 * not terminal, has an IP). Readiness is not asked here.
 */
export function endpointCandidatePods(snapshot: Snapshot, svc: ServiceModel): PodModel[] {
  return selectServicePods(snapshot, svc).filter((p) => podExclusion(p) === undefined);
}

/** Where a field of the Service is written (its nearest existing ancestor when absent). */
export function locateServiceField(snapshot: Snapshot, svc: ServiceModel, path: readonly PathSegment[]): Provenance {
  return findManifestObject(snapshot, 'Service', svc.namespace, svc.name)?.locate(path) ?? svc.source;
}

/** `80/TCP (http)`. */
export function formatServicePort(sp: ServicePortModel): string {
  return `${sp.port}/${sp.protocol}${sp.name ? ` (${sp.name})` : ''}`;
}

/** The pods' workloads, for messages: `Deployment/shop/catalog (2 pods)`. */
export function describePods(pods: readonly PodModel[], limit = 3): string {
  const byOwner = new Map<string, number>();
  for (const p of pods) {
    const key = p.workload ? `${p.workload.kind}/${p.workload.namespace}/${p.workload.name}` : `Pod/${p.key}`;
    byOwner.set(key, (byOwner.get(key) ?? 0) + 1);
  }
  const parts = [...byOwner].map(([k, n]) => (k.startsWith('Pod/') ? k : `${k} (${n} pod${n === 1 ? '' : 's'})`));
  return parts.length <= limit ? parts.join(', ') : `${parts.slice(0, limit).join(', ')} and ${parts.length - limit} more`;
}

/** The container ports pods declare, distinct: `http 8080/TCP, metrics 9090/TCP`. */
export function describeContainerPorts(pods: readonly PodModel[]): string {
  const seen = new Set<string>();
  for (const p of pods) for (const cp of p.ports) seen.add(`${cp.name ?? '(unnamed)'} ${cp.containerPort}/${cp.protocol}`);
  return [...seen].join(', ') || 'none';
}
