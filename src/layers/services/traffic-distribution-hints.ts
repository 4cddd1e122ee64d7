import type { EndpointModel, ServiceModel } from '../../model/service-objects.js';

/** Annotations that turn on the EndpointSlice controller's proportional (topology-aware) hints. */
export const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
export const DEPRECATED_TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';

/** How the EndpointSlice controller decides hints for one Service. */
export type HintsMode =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'auto'; readonly annotation: string; readonly value: string }
  | { readonly kind: 'trafficDistribution'; readonly value: string; readonly sameNode: boolean };

/**
 * hintsEnabled (k8s.io/endpointslice utils.go): the deprecated `topology-aware-hints` annotation
 * wins over `topology-mode`; the value must be exactly `Auto` or `auto`.
 */
export function topologyAnnotation(service: ServiceModel): { annotation: string; value: string; enabled: boolean } | undefined {
  for (const annotation of [DEPRECATED_TOPOLOGY_HINTS_ANNOTATION, TOPOLOGY_MODE_ANNOTATION]) {
    const value = service.annotations[annotation];
    if (value !== undefined) return { annotation, value, enabled: value === 'Auto' || value === 'auto' };
  }
  return undefined;
}

/**
 * Reconciler.validTrafficDistribution + the annotation precedence of Reconcile
 * (k8s.io/endpointslice reconciler.go): the topology annotation set to Auto means proportional
 * hints; otherwise `spec.trafficDistribution` PreferClose, PreferSameZone or PreferSameNode means
 * same-zone (and same-node) hints; anything else removes hints. kflow assumes the
 * PreferSameTrafficDistribution feature (Kubernetes 1.34 default) is on.
 */
export function hintsModeFor(service: ServiceModel): HintsMode {
  const annotation = topologyAnnotation(service);
  if (annotation?.enabled) return { kind: 'auto', annotation: annotation.annotation, value: annotation.value };
  const td = service.trafficDistribution;
  if (td === 'PreferClose' || td === 'PreferSameZone' || td === 'PreferSameNode') {
    return { kind: 'trafficDistribution', value: td, sameNode: td === 'PreferSameNode' };
  }
  if (td !== undefined) return { kind: 'none', reason: `spec.trafficDistribution "${td}" is not a value the controller acts on` };
  if (annotation) return { kind: 'none', reason: `${annotation.annotation}: "${annotation.value}" is not Auto` };
  return { kind: 'none', reason: 'no spec.trafficDistribution and no topology annotation' };
}

/**
 * trafficdist.preferCloseHeuristic.update: each *ready* endpoint gets a hint for its own zone
 * (when it has one) and, for PreferSameNode, for its own node; endpoints that are not ready get
 * none.
 */
export function assignTrafficDistributionHints(endpoints: readonly EndpointModel[], sameNode: boolean): EndpointModel[] {
  return endpoints.map((e) => {
    if (!e.conditions.ready) return withHints(e, undefined, undefined);
    const zones = e.zone !== undefined ? [e.zone] : undefined;
    const nodes = sameNode && e.nodeName !== undefined ? [e.nodeName] : undefined;
    return withHints(e, zones, nodes);
  });
}

export function withHints(e: EndpointModel, forZones: readonly string[] | undefined, forNodes: readonly string[] | undefined): EndpointModel {
  return { ...e, hintsForZones: forZones, hintsForNodes: forNodes };
}
