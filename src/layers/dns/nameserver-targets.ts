import type { ServiceModel } from '../../model/service-objects.js';
import type { Protocol } from '../../net/protocol.js';
import { formatIp, parseIp } from '../../net/ip.js';
import type { DnsModel } from './dns-model.js';
import type { DnsOrigin } from './dns-types.js';
import type { PodResolvConf } from './pod-resolv-conf.js';

/**
 * Where a pod's DNS queries go, for checking that its egress policy lets them through: each
 * nameserver of its resolv.conf, whether it is the cluster DNS, the Service behind it (whose
 * endpoints the traffic lands on after Service DNAT), and the ports used: 53/UDP, and 53/TCP for
 * truncated answers. The stub resolver uses the first nameserver and the others only when it
 * times out, so `primary` marks the first.
 */
export interface NameserverTarget {
  readonly nameserver: string;
  readonly primary: boolean;
  /** The address reaches the cluster's CoreDNS. */
  readonly clusterDns: boolean;
  /** The Service whose ClusterIP the nameserver is (kube-system/kube-dns), when it is one. */
  readonly service: ServiceModel | undefined;
  readonly ports: readonly { readonly port: number; readonly protocol: Protocol }[];
  readonly origin: DnsOrigin;
}

export const DNS_PORTS: readonly { readonly port: number; readonly protocol: Protocol }[] = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
];

export function nameserverTargets(model: DnsModel, resolvConf: PodResolvConf): NameserverTarget[] {
  return resolvConf.nameservers.map((n, i) => {
    const ip = parseIp(n.value);
    const text = ip ? formatIp(ip) : n.value;
    const service = ip ? model.snapshot.services.find((s) => s.clusterIPs.some((c) => formatIp(c) === text)) : undefined;
    return { nameserver: n.value, primary: i === 0, clusterDns: ip !== undefined && model.clusterDnsAddresses.has(text), service, ports: DNS_PORTS, origin: n.origin };
  });
}
