import type { ServiceModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { parseIp } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';
import { serviceEndpointsForDns } from '../services/service-endpoints.js';
import { addressText } from './dns-names.js';
import { type DnsOrigin, originAt } from './dns-types.js';

/**
 * What the DNS layer needs of a Service's endpoints: the addresses CoreDNS publishes (ready ones,
 * every one with publishNotReadyAddresses), their hostnames and ports. The Services layer derives
 * them (given EndpointSlices, mirrored Endpoints, or the EndpointSlice controller run over the
 * selector); this file is the one place the DNS layer depends on it.
 */
export interface DnsEndpointAddress {
  /** Canonical text of the address (Go's `net.IP.String()`). */
  readonly address: string;
  readonly family: 4 | 6;
  /** The endpoint's `hostname` (a pod whose spec.hostname/subdomain name the Service). */
  readonly hostname: string | undefined;
  /** Name of the pod behind it (for `endpoint_pod_names`). */
  readonly podName: string | undefined;
  /** Ports of its EndpointSlice (names as the Service's ports, numbers on the pod). */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: Protocol }[];
  readonly origin: DnsOrigin;
}

export type DnsEndpointSource = (service: ServiceModel) => readonly DnsEndpointAddress[];

/** Endpoints from the Services layer (`serviceEndpointsForDns`). */
export function snapshotEndpointSource(snapshot: Snapshot): DnsEndpointSource {
  return (service) => {
    const { endpoints } = serviceEndpointsForDns(snapshot, service);
    const given = new Set(snapshot.endpointSlices.filter((s) => !s.synthesized).map((s) => `${s.namespace}/${s.name}`));
    const out: DnsEndpointAddress[] = [];
    for (const e of endpoints) {
      const ip = parseIp(e.address);
      if (!ip) continue;
      const podName = e.pod?.split('/')[1];
      out.push({
        address: addressText(ip),
        family: ip.family,
        hostname: e.hostname,
        podName,
        ports: e.ports,
        // A slice kflow derived has no manifest: point at the pod (its template) instead.
        origin: given.has(e.slice) || !e.pod
          ? originAt(`endpoint ${e.address}${e.pod ? ` (pod ${e.pod})` : ''}`, e.source, `EndpointSlice/${e.slice}`)
          : originAt(`endpoint ${e.address} (pod ${e.pod}, EndpointSlice derived by kflow)`, e.source, `Pod/${e.pod}`),
      });
    }
    return out;
  };
}
