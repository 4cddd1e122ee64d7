import type { Provenance } from '../../model/provenance.js';
import type { EndpointSliceModel, ServiceModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { Protocol } from '../../net/protocol.js';
import { type EndpointsOrigin, serviceEndpointSlices } from './service-endpoint-slices.js';

/** One address a Service publishes, as a DNS server reads it. */
export interface DnsEndpoint {
  readonly address: string;
  readonly addressType: EndpointSliceModel['addressType'];
  /** `hostname` of the endpoint: set for pods whose spec.hostname/subdomain match the Service. */
  readonly hostname: string | undefined;
  readonly nodeName: string | undefined;
  readonly zone: string | undefined;
  readonly ready: boolean;
  /** The endpoint's ports (for SRV records): names as the Service's ports, numbers on the pod. */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
  /** `namespace/name` of the pod behind it, when known. */
  readonly pod: string | undefined;
  readonly slice: string;
  readonly source: Provenance;
}

export interface ServiceDnsEndpoints {
  readonly origin: EndpointsOrigin;
  readonly endpoints: readonly DnsEndpoint[];
}

/**
 * The endpoints a cluster DNS server publishes for a Service (headless A/AAAA, SRV, and
 * `hostname.service` records): ready endpoints — all of them with publishNotReadyAddresses, as
 * the EndpointSlice controller then marks every endpoint ready — each address once (the first
 * slice that lists it wins), with hostnames. Every address of an endpoint is returned. Empty for
 * ExternalName Services.
 */
export function serviceEndpointsForDns(snapshot: Snapshot, service: ServiceModel): ServiceDnsEndpoints {
  const { origin, slices } = serviceEndpointSlices(snapshot, service);
  const seen = new Set<string>();
  const out: DnsEndpoint[] = [];
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const ports = slice.ports.flatMap((p) => (p.port === undefined ? [] : [{ name: p.name, port: p.port, protocol: p.protocol }]));
    for (const e of slice.endpoints) {
      const ready = e.conditions.ready;
      if (!ready && !service.publishNotReadyAddresses) continue;
      for (const address of e.addresses) {
        if (seen.has(address)) continue;
        seen.add(address);
        out.push({
          address,
          addressType: slice.addressType,
          hostname: e.hostname,
          nodeName: e.nodeName,
          zone: e.zone,
          ready,
          ports,
          pod: e.targetRef?.kind === 'Pod' && e.targetRef.name ? `${e.targetRef.namespace ?? slice.namespace}/${e.targetRef.name}` : undefined,
          slice: `${slice.namespace}/${slice.name}`,
          source: e.source,
        });
      }
    }
  }
  return { origin, endpoints: out };
}
