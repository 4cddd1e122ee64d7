import { safeSuffix } from '../../ingest/expand/deterministic-names.js';
import type { EndpointModel, EndpointSliceModel, EndpointsAddressModel, EndpointsModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { formatIp, parseIp } from '../../net/ip.js';
import { findManifestObject } from './field-origin.js';

export const ENDPOINTSLICE_MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';

/**
 * The EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): each subset of
 * a legacy Endpoints object becomes slices per address family; `addresses` are ready,
 * `notReadyAddresses` not ready (addressToEndpoint sets only `ready`: serving and terminating stay
 * unset, no zone, no hints); nodeName and hostname carried over; ports copied with their names.
 * Upstream mirrors only for Services without a selector; kflow also reads given Endpoints for a
 * selector Service that has no EndpointSlices in the input, as the recorded state of its pods.
 */
export function mirrorEndpoints(snapshot: Snapshot, endpoints: EndpointsModel): EndpointSliceModel[] {
  const manifest = findManifestObject(snapshot, 'Endpoints', endpoints.namespace, endpoints.name);
  const slices: EndpointSliceModel[] = [];
  endpoints.subsets.forEach((subset, si) => {
    const byType = new Map<'IPv4' | 'IPv6', EndpointModel[]>();
    const add = (a: EndpointsAddressModel, ready: boolean, field: string, j: number): void => {
      const ip = parseIp(a.ip);
      if (!ip) return;
      const type = ip.family === 4 ? 'IPv4' : 'IPv6';
      const list = byType.get(type) ?? [];
      byType.set(type, list);
      list.push({
        addresses: [formatIp(ip)],
        conditions: { ready, serving: ready, terminating: false, written: { ready, serving: undefined, terminating: undefined } },
        hostname: a.hostname || undefined,
        nodeName: a.nodeName,
        zone: undefined,
        hintsForZones: undefined,
        hintsForNodes: undefined,
        targetRef: a.targetRef,
        source: manifest ? manifest.locate(['subsets', si, field, j]) : endpoints.source,
      });
    };
    subset.addresses.forEach((a, j) => add(a, true, 'addresses', j));
    subset.notReadyAddresses.forEach((a, j) => add(a, false, 'notReadyAddresses', j));
    for (const [addressType, list] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      slices.push({
        namespace: endpoints.namespace,
        name: `${endpoints.name}-${safeSuffix(`mirror/${endpoints.namespace}/${endpoints.name}/${si}/${addressType}`, 5)}`,
        serviceName: endpoints.name,
        managedBy: ENDPOINTSLICE_MIRRORING_CONTROLLER,
        addressType,
        ports: subset.ports,
        endpoints: list,
        labels: { 'kubernetes.io/service-name': endpoints.name, 'endpointslice.kubernetes.io/managed-by': ENDPOINTSLICE_MIRRORING_CONTROLLER },
        source: manifest ? manifest.locate(['subsets', si]) : endpoints.source,
        synthesized: true,
      });
    }
  });
  return slices;
}
