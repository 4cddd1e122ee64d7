import type { EndpointSliceModel, ServiceModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { type DerivedEndpointSlices, deriveEndpointSlices } from './derive-endpoint-slices.js';
import { mirrorEndpoints } from './mirror-endpoints.js';

/** Where a Service's endpoints come from. */
export type EndpointsOrigin = 'EndpointSlice' | 'Endpoints' | 'derived' | 'none';

export interface ServiceEndpointSlices {
  readonly origin: EndpointsOrigin;
  readonly slices: readonly EndpointSliceModel[];
  /** Why this origin, in words. */
  readonly reason: string;
  /** Present when kflow ran the EndpointSlice controller over the Service's selector. */
  readonly derivation?: DerivedEndpointSlices;
}

const cache = new WeakMap<Snapshot, Map<string, ServiceEndpointSlices>>();

/**
 * The EndpointSlices that describe a Service, in order of authority: EndpointSlices given in the
 * input (labelled `kubernetes.io/service-name`: kube-proxy ignores slices without it), else
 * legacy Endpoints of the same name (mirrored), else — for a Service with a selector — the
 * slices the EndpointSlice controller would write. ExternalName Services have none (the
 * controller deletes theirs).
 */
export function serviceEndpointSlices(snapshot: Snapshot, service: ServiceModel): ServiceEndpointSlices {
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  const key = `${service.namespace}/${service.name}`;
  let result = perSnapshot.get(key);
  if (!result) perSnapshot.set(key, (result = collect(snapshot, service)));
  return result;
}

function collect(snapshot: Snapshot, service: ServiceModel): ServiceEndpointSlices {
  if (service.type === 'ExternalName') {
    return { origin: 'none', slices: [], reason: `ExternalName Service: a DNS CNAME to ${service.externalName ?? '(unset)'}, no endpoints` };
  }
  const given = snapshot.endpointSlices.filter((s) => s.namespace === service.namespace && s.serviceName === service.name);
  if (given.length > 0) {
    return { origin: 'EndpointSlice', slices: given, reason: `${given.length} EndpointSlice(s) labelled kubernetes.io/service-name=${service.name} in the input` };
  }
  const legacy = snapshot.endpoints.find((e) => e.namespace === service.namespace && e.name === service.name);
  if (legacy) {
    return { origin: 'Endpoints', slices: mirrorEndpoints(snapshot, legacy), reason: `no EndpointSlices in the input; Endpoints ${service.namespace}/${service.name} mirrored as the EndpointSlice mirroring controller does` };
  }
  if (service.selector !== undefined) {
    const derivation = deriveEndpointSlices(snapshot, service);
    const selected = derivation.pods.length;
    return {
      origin: 'derived',
      slices: derivation.slices,
      derivation,
      reason: `no EndpointSlices or Endpoints in the input; derived from the selector as the EndpointSlice controller would (${selected} pod(s) selected)`,
    };
  }
  return { origin: 'none', slices: [], reason: 'no selector, and no EndpointSlices or Endpoints for it in the input: nothing creates endpoints' };
}
