import { type Diagnostic, diagnosticAt } from '../../model/diagnostic.js';
import type { NodeModel, PodModel } from '../../model/objects.js';
import { SYNTHESIZED_FILE } from '../../model/provenance.js';
import { type Cidr, type Ip, formatIp, parseCidr } from '../../net/ip.js';

export interface AddressingOptions {
  /** Pod CIDR used when Nodes give none (kubeadm/flannel default). */
  readonly defaultPodCidr: string;
  /** Where synthesized node addresses come from (kind's default Docker network). */
  readonly defaultNodeCidr: string;
}

export const DEFAULT_ADDRESSING: AddressingOptions = { defaultPodCidr: '10.244.0.0/16', defaultNodeCidr: '172.18.0.0/16' };

/**
 * Places pods that have no node (round-robin over Nodes, by name) and gives addresses to pods
 * that have none: pod-network pods from their node's `spec.podCIDRs` (or the default pod CIDR),
 * hostNetwork pods their node's InternalIP. Pods that came with IPs keep them, and those IPs are
 * never handed out again. Like the host-local IPAM plugin, the network address and the first
 * host (the node's bridge/gateway) are not used.
 */
export function allocatePodIps(
  pods: readonly PodModel[],
  nodes: readonly NodeModel[],
  options: AddressingOptions = DEFAULT_ADDRESSING,
): { pods: PodModel[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const used = new Set<string>();
  for (const p of pods) for (const ip of p.ips) used.add(ipKey(ip));
  for (const n of nodes) for (const ip of n.internalIPs) used.add(ipKey(ip));
  const sortedNodes = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  const nodeByName = new Map(sortedNodes.map((n) => [n.name, n]));

  const defaultPool = new Pool(parseCidr(options.defaultPodCidr)!, used);
  const nodePools = new Map<string, Pool>();
  const poolFor = (nodeName: string | undefined): Pool => {
    const node = nodeName ? nodeByName.get(nodeName) : undefined;
    const cidr = node?.podCIDRs.find((c) => c.family === 4) ?? node?.podCIDRs[0];
    if (!node || !cidr) return defaultPool;
    let pool = nodePools.get(node.name);
    if (!pool) nodePools.set(node.name, (pool = new Pool(cidr, used, node)));
    return pool;
  };
  const nodeAddressPool = new Pool(parseCidr(options.defaultNodeCidr)!, used);
  const syntheticNodeIps = new Map<string, Ip>();
  const nodeIp = (nodeName: string | undefined): Ip | undefined => {
    const node = nodeName ? nodeByName.get(nodeName) : undefined;
    if (node?.internalIPs[0]) return node.internalIPs[0];
    const key = nodeName ?? '';
    let ip = syntheticNodeIps.get(key);
    if (!ip) {
      ip = nodeAddressPool.next();
      if (ip) syntheticNodeIps.set(key, ip);
    }
    return ip;
  };

  let rr = 0;
  const exhausted = new Set<Pool | 'node-addresses'>();
  const out = pods.map((pod): PodModel => {
    let nodeName = pod.nodeName;
    if (nodeName === undefined && sortedNodes.length > 0 && pod.phase !== 'Pending' && needsAddress(pod)) {
      nodeName = sortedNodes[rr++ % sortedNodes.length]!.name;
    }
    if (!needsAddress(pod)) return nodeName === pod.nodeName ? pod : { ...pod, nodeName };
    const pool = pod.hostNetwork ? undefined : poolFor(nodeName);
    const ip = pool ? pool.next() : nodeIp(nodeName);
    if (!ip) {
      // One diagnostic per exhausted range, at the Node's spec.podCIDR(s) when the range is a
      // Node's, else at the manifest of the first pod that found no address.
      const key = pool ?? 'node-addresses';
      if (!exhausted.has(key)) {
        exhausted.add(key);
        const node = pool?.node;
        const at = node?.podCIDRSource ?? (pod.source.file !== SYNTHESIZED_FILE ? pod.source : node?.source) ?? pod.source;
        const range = pool ? `${pool.toString()}/${pool.prefix}` : options.defaultNodeCidr;
        const where = node ? `Node ${node.name}'s pod CIDR ${range}` : pool ? `the default pod CIDR ${range}` : `the node address range ${range}`;
        diagnostics.push(
          diagnosticAt({ ...at, path: node?.podCIDRSource ? at.path : '' }, 'error', 'POD_CIDR_EXHAUSTED', `no pod IP left for ${pod.key} and later pods: ${where} is used up`, {
            hint: node ? `Give Node ${node.name} a larger spec.podCIDR, or run fewer pods on it.` : 'Give Nodes larger spec.podCIDRs, or a larger default with --pod-cidr.',
          }),
        );
      }
      return { ...pod, nodeName };
    }
    return { ...pod, nodeName, ips: [ip], ipAllocated: true };
  });
  return { pods: out, diagnostics };
}

/** A pod needs an address from kflow when it was expanded, or written as a manifest without status. */
function needsAddress(pod: PodModel): boolean {
  return pod.ips.length === 0 && (pod.synthesized || pod.phase === undefined);
}

function ipKey(ip: Ip): string {
  return `${ip.family}:${ip.value}`;
}

/** Sequential allocation inside a CIDR, skipping the network address, the gateway and used IPs. */
class Pool {
  private offset = 2;
  constructor(
    private readonly cidr: Cidr,
    private readonly used: Set<string>,
    /** The Node whose spec.podCIDR this is; undefined for the default range. */
    readonly node?: NodeModel,
  ) {}

  get prefix(): number {
    return this.cidr.prefix;
  }

  next(): Ip | undefined {
    const { first, last } = this.cidr;
    for (;;) {
      let ip: Ip;
      if (first.family === 4) {
        const v = first.value + this.offset;
        if (v >= (last.value as number)) return undefined; // keep the broadcast address free
        ip = { family: 4, value: v };
      } else {
        const v = first.value + BigInt(this.offset);
        if (v > (last.value as bigint)) return undefined;
        ip = { family: 6, value: v };
      }
      this.offset++;
      const k = ipKey(ip);
      if (!this.used.has(k)) {
        this.used.add(k);
        return ip;
      }
    }
  }

  toString(): string {
    return formatIp(this.cidr.first);
  }
}
