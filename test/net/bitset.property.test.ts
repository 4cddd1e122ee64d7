import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bitset, BitsetWeights } from '../../src/net/bitset.js';

/**
 * Bitset (identity sets in the policy engine and the matrix) against a plain Set<number> model:
 * union, intersection, symmetric difference and difference are the set-algebra definitions; the
 * iterator, forEach and toArray list members in increasing order; sizes off a 32-bit boundary
 * keep the bits past the end clear (a full set's complement parts must not leak into counts).
 */
const sized = fc.integer({ min: 0, max: 200 }).chain((size) =>
  fc.tuple(fc.constant(size), fc.uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), { maxLength: size }), fc.uniqueArray(fc.nat({ max: Math.max(0, size - 1) }), { maxLength: size })),
);

const model = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

describe('Bitset = Set<number>', () => {
  it('or, and, xor, andNot, count, isEmpty, has, iteration orders (property)', () => {
    fc.assert(
      fc.property(sized, ([size, as, bs]) => {
        if (size === 0) return;
        const a = Bitset.of(size, as);
        const b = Bitset.of(size, bs);
        const A = new Set(as);
        const B = new Set(bs);
        const check = (got: Bitset, want: number[]): void => {
          expect([...got]).toEqual(want);
          expect(got.toArray()).toEqual(want);
          const seen: number[] = [];
          got.forEach((i) => seen.push(i));
          expect(seen).toEqual(want);
          expect(got.count()).toBe(want.length);
          expect(got.isEmpty).toBe(want.length === 0);
        };
        check(a, model(as));
        expect(a.first()).toBe(model(as)[0] ?? -1);
        const or = a.clone();
        or.orInPlace(b);
        check(or, model([...as, ...bs]));
        const and = a.clone();
        and.andInPlace(b);
        check(and, model(as.filter((x) => B.has(x))));
        const xor = a.clone();
        xor.xorInPlace(b);
        check(xor, model([...as.filter((x) => !B.has(x)), ...bs.filter((x) => !A.has(x))]));
        const andNot = a.clone();
        andNot.andNotInPlace(b);
        check(andNot, model(as.filter((x) => !B.has(x))));
        for (let i = 0; i < size; i++) expect(a.has(i)).toBe(A.has(i));
        // clone is a copy, not a view
        const c = a.clone();
        for (const x of bs) c.add(x);
        check(a, model(as));
      }),
      { seed: 2026, numRuns: 300 },
    );
  });

  it('BitsetWeights.sum is the sum of the members\' weights (property)', () => {
    fc.assert(
      fc.property(sized, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 200, maxLength: 200 }), ([size, as], ws) => {
        if (size === 0) return;
        const weights = ws.slice(0, size);
        const set = Bitset.of(size, as);
        expect(new BitsetWeights(weights).sum(set)).toBe(model(as).reduce((t, i) => t + weights[i]!, 0));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('full(n) holds exactly 0..n-1 for sizes around word boundaries', () => {
    for (const n of [1, 31, 32, 33, 63, 64, 65, 100]) {
      const f = Bitset.full(n);
      expect(f.count(), `n=${n}`).toBe(n);
      const x = f.clone();
      x.xorInPlace(Bitset.full(n));
      expect(x.isEmpty).toBe(true);
    }
  });
});
