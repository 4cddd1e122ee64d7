import type { Provenance } from '../../model/provenance.js';
import type { EndpointModel, EndpointSliceModel, ServicePortModel } from '../../model/service-objects.js';
import { formatIp, parseIp } from '../../net/ip.js';
import type { CategorizableEndpoint } from './categorize-endpoints.js';
import type { AddressType } from './derive-endpoint-slices.js';

/** One endpoint of one Service port as kube-proxy holds it (pkg/proxy BaseEndpointInfo). */
export interface ProxyEndpoint extends CategorizableEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly nodeName: string | undefined;
  readonly zone: string | undefined;
  /** `namespace/name` of the pod, from targetRef. */
  readonly pod: string | undefined;
  readonly slice: string;
  /** The slice port that gave the port number. */
  readonly portName: string;
  readonly source: Provenance;
  readonly sliceSource: Provenance;
  /** The slice is kflow's derivation (controller or mirroring), not an object of the input. */
  readonly sliceSynthesized: boolean;
}

/** Why kube-proxy has no entry for an endpoint of the Service under this port. */
export type IgnoredEndpointReason = 'ADDRESS_TYPE' | 'PORT_NOT_IN_SLICE' | 'NO_ADDRESS' | 'DUPLICATE' | 'FQDN_SLICE';

export interface IgnoredEndpoint {
  readonly address: string | undefined;
  readonly pod: string | undefined;
  readonly nodeName: string | undefined;
  readonly slice: string;
  readonly reason: IgnoredEndpointReason;
  readonly message: string;
  readonly source: Provenance;
}

export interface ProxyEndpoints {
  readonly endpoints: readonly ProxyEndpoint[];
  readonly ignored: readonly IgnoredEndpoint[];
}

/**
 * EndpointsChangeTracker + EndpointSliceCache (pkg/proxy/endpointschangetracker.go,
 * endpointslicecache.go) for one Service port on one node: only slices of the proxier's address
 * type; only slice ports whose name and protocol equal the Service port's (a nil or zero port is
 * skipped); only the first address of an endpoint; nil `ready`/`serving` read as true, nil
 * `terminating` as false; hints as given; the same `ip:port` from two slices kept once, the
 * non-terminating one preferred; local when its nodeName is this node. Sorted by `ip:port`.
 */
export function collectProxyEndpoints(
  slices: readonly EndpointSliceModel[],
  servicePort: ServicePortModel,
  addressType: AddressType,
  nodeName: string | undefined,
): ProxyEndpoints {
  const byKey = new Map<string, ProxyEndpoint>();
  const ignored: IgnoredEndpoint[] = [];
  const portName = servicePort.name ?? '';
  for (const slice of slices) {
    const sliceId = `${slice.namespace}/${slice.name}`;
    const ignore = (e: EndpointModel, reason: IgnoredEndpointReason, message: string): void => {
      ignored.push({ address: e.addresses[0], pod: podOf(e, slice), nodeName: e.nodeName, slice: sliceId, reason, message, source: e.source });
    };
    if (slice.addressType === 'FQDN') {
      for (const e of slice.endpoints) ignore(e, 'FQDN_SLICE', `EndpointSlice ${sliceId} has addressType FQDN: kube-proxy does not use it`);
      continue;
    }
    if (slice.addressType !== addressType) {
      for (const e of slice.endpoints) ignore(e, 'ADDRESS_TYPE', `EndpointSlice ${sliceId} is ${slice.addressType}; this traffic is ${addressType}`);
      continue;
    }
    const port = slice.ports.find((p) => p.name === portName && p.protocol === servicePort.protocol && p.port !== undefined && p.port !== 0);
    if (!port) {
      const names = slice.ports.map((p) => `${p.name || '(unnamed)'} ${p.port ?? '-'}/${p.protocol}`).join(', ') || 'none';
      for (const e of slice.endpoints) {
        ignore(e, 'PORT_NOT_IN_SLICE', `EndpointSlice ${sliceId} has no port named "${portName}" for ${servicePort.protocol} (its ports: ${names})`);
      }
      continue;
    }
    for (const e of slice.endpoints) {
      const first = e.addresses[0];
      if (first === undefined) {
        ignore(e, 'NO_ADDRESS', 'endpoint has no address');
        continue;
      }
      const parsed = parseIp(first);
      const ip = parsed ? formatIp(parsed) : first;
      const w = e.conditions.written;
      const ready = w ? (w.ready ?? true) : e.conditions.ready;
      const serving = w ? (w.serving ?? true) : e.conditions.serving;
      const terminating = w ? (w.terminating ?? false) : e.conditions.terminating;
      const key = `${parsed?.family === 6 ? `[${ip}]` : ip}:${port.port!}`;
      const entry: ProxyEndpoint = {
        key,
        ip,
        port: port.port!,
        ready,
        serving,
        terminating,
        isLocal: nodeName !== undefined && nodeName !== '' && e.nodeName === nodeName,
        ...(e.hintsForZones && e.hintsForZones.length > 0 ? { zoneHints: e.hintsForZones } : {}),
        ...(e.hintsForNodes && e.hintsForNodes.length > 0 ? { nodeHints: e.hintsForNodes } : {}),
        nodeName: e.nodeName,
        zone: e.zone,
        pod: podOf(e, slice),
        slice: sliceId,
        portName,
        source: e.source,
        sliceSource: slice.source,
        sliceSynthesized: slice.synthesized,
      };
      const existing = byKey.get(key);
      if (existing && terminating) {
        ignore(e, 'DUPLICATE', `${key} is also in ${existing.slice}; kube-proxy keeps the non-terminating one`);
        continue;
      }
      if (existing) ignored.push({ address: existing.ip, pod: existing.pod, nodeName: existing.nodeName, slice: existing.slice, reason: 'DUPLICATE', message: `${key} is also in ${sliceId}; kube-proxy keeps the later, non-terminating one`, source: existing.source });
      byKey.set(key, entry);
    }
  }
  const endpoints = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { endpoints, ignored };
}

function podOf(e: EndpointModel, slice: EndpointSliceModel): string | undefined {
  const ref = e.targetRef;
  if (!ref || (ref.kind !== undefined && ref.kind !== 'Pod') || !ref.name) return undefined;
  return `${ref.namespace ?? slice.namespace}/${ref.name}`;
}
