import { PROTOCOLS, type Protocol } from '../../net/protocol.js';
import type { PolicyEngine } from './policy-engine.js';
import type { PolicyRule } from './policy-ir.js';

/** A run of ports `port..last` of one protocol that every rule's port condition treats alike. */
export interface PortRange {
  readonly protocol: Protocol;
  readonly port: number;
  readonly last: number;
}

/**
 * Splits each protocol's port space where some rule's port condition can change its answer:
 * numeric ranges' ends, and the numbers named ports resolve to on any identity. Between two
 * boundaries every rule answers alike, so checking one port per range is exhaustive.
 */
export function portRanges(engine: PolicyEngine, rules: Iterable<PolicyRule>): PortRange[] {
  const bounds: Record<Protocol, Set<number>> = { TCP: new Set([1]), UDP: new Set([1]), SCTP: new Set([1]) };
  const named = new Set<string>();
  for (const r of rules) {
    if (r.ports === 'all') continue;
    for (const p of r.ports) {
      if (p.name !== undefined) named.add(p.name);
      else if (p.from !== undefined) {
        bounds[p.protocol].add(p.from);
        bounds[p.protocol].add((p.to ?? p.from) + 1);
      }
    }
  }
  for (const ident of engine.index.identities) {
    for (const cp of ident.ports) {
      if (cp.name !== undefined && named.has(cp.name)) {
        bounds[cp.protocol].add(cp.containerPort);
        bounds[cp.protocol].add(cp.containerPort + 1);
      }
    }
  }
  return PROTOCOLS.flatMap((protocol) => {
    const starts = [...bounds[protocol]].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b);
    return starts.map((port, i) => ({ protocol, port, last: (starts[i + 1] ?? 65536) - 1 }));
  });
}
