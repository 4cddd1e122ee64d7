import type { Snapshot } from '../model/snapshot.js';
import type { Protocol } from '../net/protocol.js';
import { PROTOCOLS } from '../net/protocol.js';

export interface ProtocolPort {
  readonly protocol: Protocol;
  readonly port: number;
}

/** Every (protocol, port) a container exposes or a policy names by number (range ends included). */
export function portsInUse(snapshot: Snapshot): ProtocolPort[] {
  const seen = new Set<string>();
  const out: ProtocolPort[] = [];
  const add = (protocol: Protocol, port: number): void => {
    const k = `${protocol}/${port}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ protocol, port });
    }
  };
  for (const pod of snapshot.pods) for (const p of pod.ports) add(p.protocol, p.containerPort);
  for (const np of snapshot.networkPolicies) {
    for (const rule of [...np.ingress, ...np.egress]) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port === 'number') {
          add(p.protocol, p.port);
          if (p.endPort !== undefined) add(p.protocol, p.endPort);
        }
      }
    }
  }
  return out.sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
}
