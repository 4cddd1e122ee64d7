import { type Interval, intersectIntervals, intervalsContain, normalizeIntervals, numberDomain, subtractIntervals } from './intervals.js';
import { PROTOCOLS, type Protocol } from './protocol.js';

const PORTS = numberDomain(1, 65535);

/** An immutable set of (protocol, port) pairs, as disjoint port intervals per protocol. */
export class PortSet {
  static readonly empty = new PortSet({ TCP: [], UDP: [], SCTP: [] });
  static readonly all = new PortSet({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });

  private constructor(private readonly byProtocol: Readonly<Record<Protocol, readonly Interval<number>[]>>) {}

  /** Ports `from..to` of a protocol, clamped to 1..65535 (port 0 is not a port). */
  static range(protocol: Protocol, from: number, to: number = from): PortSet {
    const byProtocol: Record<Protocol, Interval<number>[]> = { TCP: [], UDP: [], SCTP: [] };
    byProtocol[protocol] = normalizeIntervals(PORTS, [[Math.max(PORTS.min, from), Math.min(PORTS.max, to)]]);
    return new PortSet(byProtocol);
  }

  static protocol(protocol: Protocol): PortSet {
    return PortSet.range(protocol, 1, 65535);
  }

  private combine(other: PortSet, op: (a: readonly Interval<number>[], b: readonly Interval<number>[]) => Interval<number>[]): PortSet {
    const out: Record<Protocol, Interval<number>[]> = { TCP: [], UDP: [], SCTP: [] };
    for (const p of PROTOCOLS) out[p] = op(this.byProtocol[p], other.byProtocol[p]);
    return new PortSet(out);
  }

  union(other: PortSet): PortSet {
    return this.combine(other, (a, b) => normalizeIntervals(PORTS, [...a, ...b]));
  }

  intersect(other: PortSet): PortSet {
    return this.combine(other, intersectIntervals);
  }

  subtract(other: PortSet): PortSet {
    return this.combine(other, (a, b) => subtractIntervals(PORTS, a, b));
  }

  has(protocol: Protocol, port: number): boolean {
    return intervalsContain(this.byProtocol[protocol], port);
  }

  intervals(protocol: Protocol): readonly Interval<number>[] {
    return this.byProtocol[protocol];
  }

  get isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.byProtocol[p].length === 0);
  }

  /** Is every (protocol, port) of `other` in this set? */
  covers(other: PortSet): boolean {
    return other.subtract(this).isEmpty;
  }

  /** A canonical string: equal sets give equal keys. */
  key(): string {
    return PROTOCOLS.map((p) => this.byProtocol[p].map(([a, b]) => `${a}-${b}`).join(',')).join('|');
  }

  equals(other: PortSet): boolean {
    return this.key() === other.key();
  }

  toString(): string {
    const parts: string[] = [];
    for (const p of PROTOCOLS) {
      for (const [a, b] of this.byProtocol[p]) parts.push(a === b ? `${a}/${p}` : `${a}-${b}/${p}`);
    }
    return parts.length ? parts.join(', ') : '(none)';
  }
}
