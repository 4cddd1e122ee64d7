import type { PodModel } from '../../model/objects.js';
import type { ServiceModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { formatIp } from '../../net/ip.js';
import type { DnsEndpointAddress, DnsEndpointSource } from './dns-endpoints.js';

/**
 * The cluster data the CoreDNS kubernetes plugin answers from, indexed the way its informer
 * caches are (plugin/kubernetes/controller.go): Services by `name.namespace` and by ClusterIP,
 * endpoints by Service and by address, pods by IP, namespaces by name. Built once per snapshot;
 * endpoint lists are computed on first use.
 */
export interface ClusterZoneData {
  /** The namespace exists (given, referenced by an object, or one the API server always has). */
  hasNamespace(namespace: string): boolean;
  /** Services named `name` in `namespace`, compared case-insensitively. */
  services(name: string, namespace: string): readonly ServiceModel[];
  /** Services whose ClusterIPs include the address (canonical text). */
  servicesByClusterIp(address: string): readonly ServiceModel[];
  /** Published endpoints of a Service (ready, or all with publishNotReadyAddresses). */
  endpoints(service: ServiceModel): readonly DnsEndpointAddress[];
  /** Published endpoints with this address, with their Service, in Service order. */
  endpointsByAddress(address: string): readonly { readonly service: ServiceModel; readonly endpoint: DnsEndpointAddress }[];
  /** Pods whose primary IP (status.podIP) is the address: the `pods verified` index. */
  podsByIp(address: string): readonly PodModel[];
}

/** Namespaces every cluster has: the API server creates them. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function buildClusterZoneData(snapshot: Snapshot, endpointSource: DnsEndpointSource): ClusterZoneData {
  const namespaces = new Set([...snapshot.namespaces.keys(), ...BUILT_IN_NAMESPACES].map((n) => n.toLowerCase()));
  const byName = new Map<string, ServiceModel[]>();
  const byClusterIp = new Map<string, ServiceModel[]>();
  for (const s of snapshot.services) {
    push(byName, `${s.name}.${s.namespace}`.toLowerCase(), s);
    for (const ip of s.clusterIPs) push(byClusterIp, formatIp(ip), s);
  }
  const endpointCache = new Map<ServiceModel, readonly DnsEndpointAddress[]>();
  const endpoints = (s: ServiceModel): readonly DnsEndpointAddress[] => {
    let e = endpointCache.get(s);
    if (!e) endpointCache.set(s, (e = s.type === 'ExternalName' ? [] : endpointSource(s)));
    return e;
  };
  let byAddress: Map<string, { service: ServiceModel; endpoint: DnsEndpointAddress }[]> | undefined;
  let podIndex: Map<string, PodModel[]> | undefined;
  return {
    hasNamespace: (ns) => namespaces.has(ns.toLowerCase()),
    services: (name, ns) => byName.get(`${name}.${ns}`.toLowerCase()) ?? [],
    servicesByClusterIp: (address) => byClusterIp.get(address) ?? [],
    endpoints,
    endpointsByAddress: (address) => {
      if (!byAddress) {
        byAddress = new Map();
        for (const service of snapshot.services) for (const endpoint of endpoints(service)) push(byAddress, endpoint.address, { service, endpoint });
      }
      return byAddress.get(address) ?? [];
    },
    podsByIp: (address) => {
      if (!podIndex) {
        podIndex = new Map();
        for (const p of snapshot.pods) {
          if (p.ips.length === 0 || p.phase === 'Succeeded' || p.phase === 'Failed' || p.deletionTimestamp !== undefined) continue;
          push(podIndex, formatIp(p.ips[0]!), p);
        }
      }
      return podIndex.get(address) ?? [];
    },
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
