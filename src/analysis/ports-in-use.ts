import type { NetworkPolicyModel, PodModel } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Protocol } from '../net/protocol.js';
import { PROTOCOLS } from '../net/protocol.js';

export interface ProtocolPort {
  readonly protocol: Protocol;
  readonly port: number;
}

/** Every (protocol, port) a container exposes or a policy names by number (range ends included). */
export function portsInUse(snapshot: Snapshot): ProtocolPort[] {
  // Keyed by number (protocol index × 65536 + port): this runs on every incremental change.
  const seen = new Set<number>();
  const out: ProtocolPort[] = [];
  const add = (protocol: Protocol, port: number): void => {
    const k = PROTOCOLS.indexOf(protocol) * 65536 + port;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ protocol, port });
    }
  };
  for (const p of containerPorts(snapshot.pods)) add(p.protocol, p.port);
  for (const np of snapshot.networkPolicies) for (const p of policyPorts(np)) add(p.protocol, p.port);
  return out.sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
}

const containerPortsCache = new WeakMap<readonly PodModel[], readonly ProtocolPort[]>();

/** The distinct container ports of some pods, once per pod list (a policy change keeps the pods). */
function containerPorts(pods: readonly PodModel[]): readonly ProtocolPort[] {
  let ports = containerPortsCache.get(pods);
  if (ports) return ports;
  const seen = new Map<number, ProtocolPort>();
  for (const pod of pods) {
    for (const p of pod.ports) {
      const k = PROTOCOLS.indexOf(p.protocol) * 65536 + p.containerPort;
      if (!seen.has(k)) seen.set(k, { protocol: p.protocol, port: p.containerPort });
    }
  }
  containerPortsCache.set(pods, (ports = [...seen.values()]));
  return ports;
}

const policyPortsCache = new WeakMap<NetworkPolicyModel, readonly ProtocolPort[]>();

/** The ports a NetworkPolicy names by number (range ends included), once per policy object. */
function policyPorts(np: NetworkPolicyModel): readonly ProtocolPort[] {
  let ports = policyPortsCache.get(np);
  if (ports) return ports;
  const out: ProtocolPort[] = [];
  for (const rules of [np.ingress, np.egress]) {
    for (const rule of rules) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port === 'number') {
          out.push({ protocol: p.protocol, port: p.port });
          if (p.endPort !== undefined) out.push({ protocol: p.protocol, port: p.endPort });
        }
      }
    }
  }
  policyPortsCache.set(np, (ports = out));
  return ports;
}
