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
  return new PortSplitter(engine).ranges(rules);
}

/** `portRanges` for many rule sets over one engine: the numbers each port name resolves to are found once. */
export class PortSplitter {
  /** For each port name: the (protocol, number) it resolves to on some identity. */
  private readonly named = new Map<string, { protocol: Protocol; port: number }[]>();

  constructor(engine: PolicyEngine) {
    const seen = new Set<string>();
    for (const ident of engine.index.identities) {
      for (const cp of ident.ports) {
        if (cp.name === undefined) continue;
        const key = `${cp.name}/${cp.protocol}/${cp.containerPort}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = this.named.get(cp.name);
        const at = { protocol: cp.protocol, port: cp.containerPort };
        if (list) list.push(at);
        else this.named.set(cp.name, [at]);
      }
    }
  }

  ranges(rules: Iterable<PolicyRule>): PortRange[] {
    const bounds: Record<Protocol, Set<number>> = { TCP: new Set([1]), UDP: new Set([1]), SCTP: new Set([1]) };
    for (const r of rules) {
      if (r.ports === 'all') continue;
      for (const p of r.ports) {
        if (p.name !== undefined) {
          for (const at of this.named.get(p.name) ?? []) {
            bounds[at.protocol].add(at.port);
            bounds[at.protocol].add(at.port + 1);
          }
        } else if (p.from !== undefined) {
          bounds[p.protocol].add(p.from);
          bounds[p.protocol].add((p.to ?? p.from) + 1);
        }
      }
    }
    return PROTOCOLS.flatMap((protocol) => {
      const starts = [...bounds[protocol]].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b);
      return starts.map((port, i) => ({ protocol, port, last: (starts[i + 1] ?? 65536) - 1 }));
    });
  }
}
