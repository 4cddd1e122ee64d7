import type { ServiceModel, ServicePortModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { type Ip, ipEquals } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';

/** How traffic reaches a Service: its four kinds of front door. */
export type Via = 'clusterIP' | 'nodePort' | 'loadBalancer' | 'externalIP';

export interface ServiceAddressMatch {
  readonly service: ServiceModel;
  readonly servicePort: ServicePortModel;
  readonly via: Via;
  /** The node whose InternalIP was addressed (nodePort only). */
  readonly node?: string;
}

export function findServiceByName(snapshot: Snapshot, namespace: string, name: string): ServiceModel | undefined {
  return snapshot.services.find((s) => s.namespace === namespace && s.name === name);
}

/**
 * The Service ports an `ip:port` reaches, as kube-proxy matches destinations: a ClusterIP and
 * `port`, an external IP and `port`, a VIP-mode load-balancer IP and `port`, or any node's
 * InternalIP and a `nodePort`. Several matches are possible (an IP shared by Services on
 * different ports is not, but a node IP serves every nodePort).
 */
export function findServiceByAddress(snapshot: Snapshot, ip: Ip, port: number, protocol: Protocol): ServiceAddressMatch[] {
  const out: ServiceAddressMatch[] = [];
  for (const service of snapshot.services) {
    for (const sp of service.ports) {
      if (sp.protocol !== protocol) continue;
      if (sp.port === port) {
        if (service.clusterIPs.some((c) => ipEquals(c, ip))) out.push({ service, servicePort: sp, via: 'clusterIP' });
        if (service.externalIPs.some((c) => ipEquals(c, ip))) out.push({ service, servicePort: sp, via: 'externalIP' });
        if (service.loadBalancerIngress.some((i) => i.ip !== undefined && (i.ipMode === undefined || i.ipMode === 'VIP') && ipEquals(i.ip, ip))) {
          out.push({ service, servicePort: sp, via: 'loadBalancer' });
        }
      }
      if (sp.nodePort === port) {
        const node = snapshot.nodes.find((n) => n.internalIPs.some((a) => ipEquals(a, ip)));
        if (node) out.push({ service, servicePort: sp, via: 'nodePort', node: node.name });
      }
    }
  }
  return out;
}

/** The Service port a client names by number: unique by `port` (and protocol when given). */
export function findServicePort(
  service: ServiceModel,
  port: number,
  protocol?: Protocol,
): { kind: 'found'; port: ServicePortModel } | { kind: 'none' } | { kind: 'ambiguous'; ports: readonly ServicePortModel[] } {
  const matches = service.ports.filter((p) => p.port === port && (protocol === undefined || p.protocol === protocol));
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length > 1) return { kind: 'ambiguous', ports: matches };
  return { kind: 'found', port: matches[0]! };
}
