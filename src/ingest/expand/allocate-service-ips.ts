import type { ServiceModel } from '../../model/service-objects.js';
import { type Ip, parseCidr } from '../../net/ip.js';
import { fnv1a } from './deterministic-names.js';

export interface ServiceAddressingOptions {
  /** kube-apiserver --service-cluster-ip-range (kubeadm default). */
  readonly serviceCidr: string;
  /** kube-apiserver --service-node-port-range. */
  readonly nodePortRange: readonly [number, number];
}

export const DEFAULT_SERVICE_ADDRESSING: ServiceAddressingOptions = { serviceCidr: '10.96.0.0/12', nodePortRange: [30000, 32767] };

/**
 * Gives ClusterIPs to Services that have none (not headless, not ExternalName) and NodePorts to
 * NodePort/LoadBalancer ports that have none, as the API server's allocators would. The
 * allocators pick at random; kflow picks by a hash of the Service's name (probing on collision),
 * so adding a Service does not move the others. The first address of the range (the `kubernetes`
 * Service's) and the network address are never handed out.
 */
export function allocateServiceAddresses(services: readonly ServiceModel[], options: ServiceAddressingOptions = DEFAULT_SERVICE_ADDRESSING): ServiceModel[] {
  const cidr = parseCidr(options.serviceCidr)!;
  const usedIps = new Set<string>();
  const usedNodePorts = new Set<string>();
  for (const s of services) {
    for (const ip of s.clusterIPs) usedIps.add(`${ip.family}:${ip.value}`);
    for (const p of s.ports) if (p.nodePort !== undefined) usedNodePorts.add(`${p.protocol}/${p.nodePort}`);
  }
  const size = cidr.family === 4 ? (cidr.last.value as number) - (cidr.first.value as number) + 1 : 1 << 20;
  const pickIp = (seed: string): Ip | undefined => {
    const usable = size - 3; // network, .1 (kubernetes), broadcast
    if (usable <= 0) return undefined;
    let h = fnv1a(seed) % usable;
    for (let tries = 0; tries < usable; tries++, h = (h + 1) % usable) {
      const offset = h + 2;
      const ip: Ip = cidr.family === 4 ? { family: 4, value: (cidr.first.value as number) + offset } : { family: 6, value: (cidr.first.value as bigint) + BigInt(offset) };
      const key = `${ip.family}:${ip.value}`;
      if (!usedIps.has(key)) {
        usedIps.add(key);
        return ip;
      }
    }
    return undefined;
  };
  const [lo, hi] = options.nodePortRange;
  const pickNodePort = (seed: string, protocol: string): number | undefined => {
    const span = hi - lo + 1;
    let h = fnv1a(seed) % span;
    for (let tries = 0; tries < span; tries++, h = (h + 1) % span) {
      const key = `${protocol}/${lo + h}`;
      if (!usedNodePorts.has(key)) {
        usedNodePorts.add(key);
        return lo + h;
      }
    }
    return undefined;
  };
  return services.map((s) => {
    const needsIp = s.type !== 'ExternalName' && !s.headless && s.clusterIPs.length === 0;
    const needsPorts = (s.type === 'NodePort' || s.type === 'LoadBalancer') && s.ports.some((p) => p.nodePort === undefined);
    if (!needsIp && !needsPorts) return s;
    const ip = needsIp ? pickIp(`${s.namespace}/${s.name}`) : undefined;
    return {
      ...s,
      clusterIPs: ip ? [ip] : s.clusterIPs,
      clusterIPAllocated: ip !== undefined,
      ports: needsPorts
        ? s.ports.map((p) => {
            if (p.nodePort !== undefined) return p;
            const nodePort = pickNodePort(`${s.namespace}/${s.name}/${p.name ?? ''}/${p.port}`, p.protocol);
            return nodePort === undefined ? p : { ...p, nodePort, nodePortAllocated: true };
          })
        : s.ports,
    };
  });
}
