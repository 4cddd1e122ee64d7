/**
 * Sorted lists of disjoint closed intervals over an ordered integer domain.
 * One implementation serves IPv4 (number), IPv6 (bigint) and ports (number):
 * the domain supplies successor/predecessor so adjacent intervals coalesce.
 */
export interface IntervalDomain<T> {
  readonly min: T;
  readonly max: T;
  next(value: T): T;
  prev(value: T): T;
}

/** A closed interval [lo, hi]. */
export type Interval<T> = readonly [T, T];

/** Normalizes arbitrary intervals into sorted, disjoint, coalesced form. */
export function normalizeIntervals<T extends number | bigint>(domain: IntervalDomain<T>, input: readonly Interval<T>[]): Interval<T>[] {
  const sorted = input.filter(([lo, hi]) => lo <= hi).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [T, T][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && (lo <= last[1] || (last[1] !== domain.max && domain.next(last[1]) === lo))) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

export function unionIntervals<T extends number | bigint>(domain: IntervalDomain<T>, a: readonly Interval<T>[], b: readonly Interval<T>[]): Interval<T>[] {
  return normalizeIntervals(domain, [...a, ...b]);
}

export function intersectIntervals<T extends number | bigint>(a: readonly Interval<T>[], b: readonly Interval<T>[]): Interval<T>[] {
  const out: Interval<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = x[0] > y[0] ? x[0] : y[0];
    const hi = x[1] < y[1] ? x[1] : y[1];
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

export function subtractIntervals<T extends number | bigint>(domain: IntervalDomain<T>, a: readonly Interval<T>[], b: readonly Interval<T>[]): Interval<T>[] {
  const out: Interval<T>[] = [];
  let j = 0;
  for (const [alo, ahi] of a) {
    let lo = alo;
    let done = false;
    while (j < b.length && b[j]![1] < lo) j++;
    let k = j;
    while (k < b.length && b[k]![0] <= ahi) {
      const [blo, bhi] = b[k]!;
      if (blo > lo) out.push([lo, domain.prev(blo)]);
      if (bhi >= ahi) {
        done = true;
        break;
      }
      lo = domain.next(bhi);
      k++;
    }
    if (!done) out.push([lo, ahi]);
  }
  return out;
}

/** Binary search: is value inside one of the intervals? */
export function intervalsContain<T extends number | bigint>(intervals: readonly Interval<T>[], value: T): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const iv = intervals[mid]!;
    if (value < iv[0]) hi = mid - 1;
    else if (value > iv[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Is every value of b inside a? Both normalized. */
export function intervalsCover<T extends number | bigint>(a: readonly Interval<T>[], b: readonly Interval<T>[]): boolean {
  let i = 0;
  for (const [lo, hi] of b) {
    while (i < a.length && a[i]![1] < lo) i++;
    const iv = a[i];
    if (iv === undefined || iv[0] > lo || iv[1] < hi) return false;
  }
  return true;
}

export const numberDomain = (min: number, max: number): IntervalDomain<number> => ({
  min,
  max,
  next: (v) => v + 1,
  prev: (v) => v - 1,
});

export const bigintDomain = (min: bigint, max: bigint): IntervalDomain<bigint> => ({
  min,
  max,
  next: (v) => v + 1n,
  prev: (v) => v - 1n,
});
