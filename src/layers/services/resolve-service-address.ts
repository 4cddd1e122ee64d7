import type { Snapshot } from '../../model/snapshot.js';
import type { Ip } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';
import { type ServiceAddressMatch, findServiceByAddress } from './find-service.js';
import { type ServiceClient, type ServiceEndpointsResult, resolveServiceEndpoints } from './resolve-service-endpoints.js';

export interface ServiceAddressRoute {
  readonly match: ServiceAddressMatch;
  readonly result: ServiceEndpointsResult;
}

/**
 * For a connection to `ip:port`: the Service front door it hits (ClusterIP, external IP, VIP-mode
 * load-balancer IP, or a node IP and nodePort) and the endpoints kube-proxy sends it to. `[]`
 * when the address is no Service's (plain pod or outside traffic). A trace calls this before
 * evaluating policy on each endpoint (policy sees the traffic after DNAT).
 */
export function resolveServiceAddress(snapshot: Snapshot, client: ServiceClient, ip: Ip, port: number, protocol: Protocol): ServiceAddressRoute[] {
  return findServiceByAddress(snapshot, ip, port, protocol).map((match) => ({
    match,
    result: resolveServiceEndpoints(snapshot, { service: match.service, port: match.servicePort.port, protocol, via: match.via, client, destination: ip }),
  }));
}
