import type { Ip } from './ip.js';
import type { IpSet } from './ip-set.js';

/** Items sorted by IP, one list per family: those inside an IP set are found by binary search per interval. */
export class SortedByIp<T extends { readonly ip: Ip }> {
  private readonly v4: T[];
  private readonly v6: T[];

  constructor(items: readonly T[]) {
    this.v4 = items.filter((x) => x.ip.family === 4).sort((a, b) => (a.ip.value as number) - (b.ip.value as number));
    this.v6 = items.filter((x) => x.ip.family === 6).sort((a, b) => (a.ip.value < b.ip.value ? -1 : a.ip.value > b.ip.value ? 1 : 0));
  }

  /** Calls `f` on each item whose IP is in `set`, in IP order (cost: intervals × log items + hits). */
  forEachIn(set: IpSet, f: (item: T) => void): void {
    for (const [sorted, a, b] of this.runs(set)) for (let k = a; k < b; k++) f(sorted[k]!);
  }

  /** How many items have their IP in `set` (cost: intervals × log items). */
  countIn(set: IpSet): number {
    let n = 0;
    for (const [, a, b] of this.runs(set)) n += b - a;
    return n;
  }

  /** The first `limit` items (in IP order) whose IP is in `set`. */
  firstIn(set: IpSet, limit: number): T[] {
    const out: T[] = [];
    for (const [sorted, a, b] of this.runs(set)) for (let k = a; k < b && out.length < limit; k++) out.push(sorted[k]!);
    return out;
  }

  /** For each interval of the set, the slice [a, b) of the sorted items inside it. */
  private *runs(set: IpSet): Generator<[readonly T[], number, number]> {
    for (const [lo, hi] of set.v4) yield [this.v4, lowerBound(this.v4, lo), upperBound(this.v4, hi)];
    for (const [lo, hi] of set.v6) yield [this.v6, lowerBound(this.v6, lo), upperBound(this.v6, hi)];
  }
}

/** The first index whose IP is ≥ v. */
function lowerBound<V extends number | bigint>(sorted: readonly { readonly ip: Ip }[], v: V): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((sorted[mid]!.ip.value as V) < v) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** The first index whose IP is > v. */
function upperBound<V extends number | bigint>(sorted: readonly { readonly ip: Ip }[], v: V): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((sorted[mid]!.ip.value as V) <= v) a = mid + 1;
    else b = mid;
  }
  return a;
}
