import type { ServiceModel, ServicePortModel } from '../../model/service-objects.js';
import { type Ip, formatIp } from '../../net/ip.js';
import type { CategorizableServicePort } from './categorize-endpoints.js';
import type { AddressType } from './derive-endpoint-slices.js';

/** A Service port as one kube-proxy (one IP family) sees it: pkg/proxy/serviceport.go BaseServicePortInfo. */
export interface ServicePortTraits extends CategorizableServicePort {
  readonly addressType: AddressType;
  readonly clusterIP: Ip | undefined;
  readonly nodePort: number | undefined;
  /** status.loadBalancer.ingress IPs in VIP mode (ipMode unset or VIP) of this family. */
  readonly loadBalancerVIPs: readonly Ip[];
  /** Ingress entries kube-proxy programs nothing for: ipMode Proxy, or a hostname only. */
  readonly loadBalancerNotCaptured: readonly string[];
  readonly externalIPs: readonly Ip[];
  readonly loadBalancerSourceRanges: readonly string[];
  /** apiservice.NeedsHealthCheck: type LoadBalancer with externalTrafficPolicy Local. */
  readonly needsHealthCheck: boolean;
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly stickyMaxAgeSeconds: number | undefined;
}

/** The label that hands a Service to another proxy: kube-proxy ignores Services carrying it. */
export const SERVICE_PROXY_NAME_LABEL = 'service.kubernetes.io/service-proxy-name';

function ofFamily(ip: Ip, addressType: AddressType): boolean {
  return (ip.family === 4) === (addressType === 'IPv4');
}

/**
 * newBaseServiceInfo: external IPs, load-balancer VIPs and source ranges filtered to the proxy's
 * family; ExternallyAccessible = a nodePort, a VIP or an external IP; externalTrafficPolicy Local
 * counts only for an externally accessible Service (apiservice.ExternalPolicyLocal).
 */
export function servicePortTraits(service: ServiceModel, port: ServicePortModel, addressType: AddressType): ServicePortTraits {
  const loadBalancerVIPs: Ip[] = [];
  const loadBalancerNotCaptured: string[] = [];
  for (const ing of service.loadBalancerIngress) {
    if (ing.ip === undefined) {
      if (ing.hostname) loadBalancerNotCaptured.push(ing.hostname);
      continue;
    }
    if (ing.ipMode !== undefined && ing.ipMode !== 'VIP') {
      loadBalancerNotCaptured.push(`${formatIp(ing.ip)} (ipMode ${ing.ipMode})`);
      continue;
    }
    if (ofFamily(ing.ip, addressType)) loadBalancerVIPs.push(ing.ip);
  }
  const externalIPs = service.externalIPs.filter((ip) => ofFamily(ip, addressType));
  const nodePort = port.nodePort;
  const externallyAccessible = nodePort !== undefined || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
  const externalPolicyLocal = service.externalTrafficPolicy === 'Local' && (service.type === 'NodePort' || service.type === 'LoadBalancer' || service.externalIPs.length > 0);
  return {
    addressType,
    clusterIP: service.clusterIPs.find((ip) => ofFamily(ip, addressType)),
    nodePort,
    loadBalancerVIPs,
    loadBalancerNotCaptured,
    externalIPs,
    loadBalancerSourceRanges: service.loadBalancerSourceRanges,
    internalPolicyLocal: service.internalTrafficPolicy === 'Local',
    externalPolicyLocal,
    externallyAccessible,
    needsHealthCheck: service.type === 'LoadBalancer' && externalPolicyLocal,
    sessionAffinity: service.sessionAffinity,
    stickyMaxAgeSeconds: service.sessionAffinity === 'ClientIP' ? service.sessionAffinityTimeoutSeconds : undefined,
  };
}
