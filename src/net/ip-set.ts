import { type Cidr, type Ip, formatIp } from './ip.js';
import {
  type Interval,
  bigintDomain,
  intersectIntervals,
  intervalsContain,
  intervalsCover,
  normalizeIntervals,
  numberDomain,
  subtractIntervals,
} from './intervals.js';

const V4 = numberDomain(0, 0xffffffff);
const V6 = bigintDomain(0n, (1n << 128n) - 1n);

/** An immutable set of IP addresses (both families) as disjoint closed intervals. */
export class IpSet {
  static readonly empty = new IpSet([], []);
  static readonly all = new IpSet([[V4.min, V4.max]], [[V6.min, V6.max]]);

  private constructor(
    readonly v4: readonly Interval<number>[],
    readonly v6: readonly Interval<bigint>[],
  ) {}

  static fromCidr(c: Cidr): IpSet {
    if (c.family === 4) return new IpSet([[c.first.value as number, c.last.value as number]], []);
    return new IpSet([], [[c.first.value as bigint, c.last.value as bigint]]);
  }

  static fromIp(ip: Ip): IpSet {
    return ip.family === 4 ? new IpSet([[ip.value, ip.value]], []) : new IpSet([], [[ip.value, ip.value]]);
  }

  static of(...sets: IpSet[]): IpSet {
    return sets.reduce((acc, s) => acc.union(s), IpSet.empty);
  }

  union(other: IpSet): IpSet {
    return new IpSet(normalizeIntervals(V4, [...this.v4, ...other.v4]), normalizeIntervals(V6, [...this.v6, ...other.v6]));
  }

  intersect(other: IpSet): IpSet {
    return new IpSet(intersectIntervals(this.v4, other.v4), intersectIntervals(this.v6, other.v6));
  }

  subtract(other: IpSet): IpSet {
    return new IpSet(subtractIntervals(V4, this.v4, other.v4), subtractIntervals(V6, this.v6, other.v6));
  }

  contains(ip: Ip): boolean {
    return ip.family === 4 ? intervalsContain(this.v4, ip.value) : intervalsContain(this.v6, ip.value);
  }

  covers(other: IpSet): boolean {
    return intervalsCover(this.v4, other.v4) && intervalsCover(this.v6, other.v6);
  }

  get isEmpty(): boolean {
    return this.v4.length === 0 && this.v6.length === 0;
  }

  equals(other: IpSet): boolean {
    return this.key() === other.key();
  }

  /** A canonical string: equal sets give equal keys. */
  key(): string {
    const f4 = this.v4.map(([a, b]) => `${a}-${b}`).join(',');
    const f6 = this.v6.map(([a, b]) => `${a}-${b}`).join(',');
    return `${f4}|${f6}`;
  }

  toString(): string {
    const parts = [
      ...this.v4.map(([a, b]) => (a === b ? formatIp({ family: 4, value: a }) : `${formatIp({ family: 4, value: a })}-${formatIp({ family: 4, value: b })}`)),
      ...this.v6.map(([a, b]) => (a === b ? formatIp({ family: 6, value: a }) : `${formatIp({ family: 6, value: a })}-${formatIp({ family: 6, value: b })}`)),
    ];
    return parts.length ? parts.join(', ') : '(none)';
  }
}

/** The union of many sets, merged pairwise (n log n, where a left fold would be quadratic). */
export function unionAll(sets: readonly IpSet[]): IpSet {
  let level = [...sets];
  if (level.length === 0) return IpSet.empty;
  while (level.length > 1) {
    const next: IpSet[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.union(level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}
