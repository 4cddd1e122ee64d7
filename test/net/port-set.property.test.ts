import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROTOCOLS, PortSet, type Protocol } from '../../src/index.js';

/**
 * PortSet set algebra against a brute-force reference. Sets are built from expression trees over
 * port ranges inside a 40-port window (at the bottom edge 1, the middle, or the top edge 65535),
 * whole protocols, everything and nothing; the reference evaluates the same tree as a predicate on
 * every (protocol, port) of the window plus the ports just outside it and the domain edges.
 * Every leaf treats all outside ports of one protocol alike, so the sample is exhaustive.
 *
 * PortSet has no key()/equals()/covers(): canonical equality is checked on its per-protocol
 * interval lists (the representation is canonical iff equal sets give equal lists), and
 * "covers" as b \ a = ∅.
 */

const PORT_MIN = 1;
const PORT_MAX = 65535;
const WIDTH = 40;

const baseArb = fc.constantFrom(PORT_MIN, 1000, PORT_MAX - WIDTH + 1);
const protocolArb = fc.constantFrom<Protocol>(...PROTOCOLS);

type Expr =
  | { kind: 'all' }
  | { kind: 'empty' }
  | { kind: 'protocol'; protocol: Protocol }
  /** base + from .. base + to (from <= to), or a single port when `single`. */
  | { kind: 'range'; protocol: Protocol; from: number; to: number; single: boolean }
  | { kind: 'union' | 'intersect' | 'subtract'; left: Expr; right: Expr };

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  {
    arbitrary: fc
      .record({ protocol: protocolArb, x: fc.integer({ min: 0, max: WIDTH - 1 }), y: fc.integer({ min: 0, max: WIDTH - 1 }), single: fc.boolean() })
      .map(({ protocol, x, y, single }): Expr => ({ kind: 'range', protocol, from: Math.min(x, y), to: single ? Math.min(x, y) : Math.max(x, y), single })),
    weight: 8,
  },
  { arbitrary: fc.record({ kind: fc.constant('protocol' as const), protocol: protocolArb }), weight: 1 },
  { arbitrary: fc.constant<Expr>({ kind: 'all' }), weight: 1 },
  { arbitrary: fc.constant<Expr>({ kind: 'empty' }), weight: 1 },
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr; node: Expr }>((tie) => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('node')),
  node: fc.record({ kind: fc.constantFrom('union' as const, 'intersect' as const, 'subtract' as const), left: tie('expr'), right: tie('expr') }),
})).expr;

function build(base: number, e: Expr): PortSet {
  switch (e.kind) {
    case 'all':
      return PortSet.all;
    case 'empty':
      return PortSet.empty;
    case 'protocol':
      return PortSet.protocol(e.protocol);
    case 'range':
      return e.single ? PortSet.range(e.protocol, base + e.from) : PortSet.range(e.protocol, base + e.from, base + e.to);
    case 'union':
      return build(base, e.left).union(build(base, e.right));
    case 'intersect':
      return build(base, e.left).intersect(build(base, e.right));
    case 'subtract':
      return build(base, e.left).subtract(build(base, e.right));
  }
}

interface Point {
  protocol: Protocol;
  port: number;
}

function member(base: number, e: Expr, p: Point): boolean {
  switch (e.kind) {
    case 'all':
      return true;
    case 'empty':
      return false;
    case 'protocol':
      return p.protocol === e.protocol;
    case 'range':
      return p.protocol === e.protocol && p.port >= base + e.from && p.port <= base + e.to;
    case 'union':
      return member(base, e.left, p) || member(base, e.right, p);
    case 'intersect':
      return member(base, e.left, p) && member(base, e.right, p);
    case 'subtract':
      return member(base, e.left, p) && !member(base, e.right, p);
  }
}

const pointCache = new Map<number, Point[]>();
function pointsOf(base: number): Point[] {
  let ps = pointCache.get(base);
  if (ps) return ps;
  ps = [];
  const ports = new Set<number>();
  for (let i = 0; i < WIDTH; i++) ports.add(base + i);
  for (const p of [PORT_MIN, base - 1, base + WIDTH, PORT_MAX]) if (p >= PORT_MIN && p <= PORT_MAX) ports.add(p);
  for (const protocol of PROTOCOLS) for (const port of ports) ps.push({ protocol, port });
  pointCache.set(base, ps);
  return ps;
}

/** Canonical form: per protocol, the sorted disjoint non-adjacent intervals. */
function keyOf(s: PortSet): string {
  return PROTOCOLS.map((p) => `${p}:${s.intervals(p).map(([a, b]) => `${a}-${b}`).join(',')}`).join('|');
}

function expectCanonical(s: PortSet): void {
  for (const p of PROTOCOLS) {
    s.intervals(p).forEach(([lo, hi], i, all) => {
      expect(lo).toBeGreaterThanOrEqual(PORT_MIN);
      expect(hi).toBeLessThanOrEqual(PORT_MAX);
      expect(lo).toBeLessThanOrEqual(hi);
      const prev = all[i - 1];
      if (prev) expect(prev[1] + 1).toBeLessThan(lo);
    });
  }
}

const subset = (a: PortSet, b: PortSet): boolean => b.subtract(a).isEmpty;

const RUNS = 300;
const opts = { numRuns: RUNS };

describe('PortSet set algebra against a brute-force reference', () => {
  it('membership of union, intersect and subtract matches the reference on every sampled port', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, (base, a, b) => {
        const A = build(base, a);
        const B = build(base, b);
        const results = { a: A, 'a ∪ b': A.union(B), 'a ∩ b': A.intersect(B), 'a \\ b': A.subtract(B) };
        const wrong: string[] = [];
        for (const p of pointsOf(base)) {
          const inA = member(base, a, p);
          const inB = member(base, b, p);
          const expected = { a: inA, 'a ∪ b': inA || inB, 'a ∩ b': inA && inB, 'a \\ b': inA && !inB };
          for (const [name, set] of Object.entries(results)) {
            const want = expected[name as keyof typeof expected];
            if (set.has(p.protocol, p.port) !== want) wrong.push(`${name} ${want ? 'lacks' : 'has'} ${p.port}/${p.protocol}`);
          }
        }
        expect(wrong).toEqual([]);
        for (const s of [B, ...Object.values(results)]) expectCanonical(s);
      }),
      opts,
    );
  });

  it('union and intersect are commutative and associative', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, exprArb, (base, a, b, c) => {
        const [A, B, C] = [build(base, a), build(base, b), build(base, c)];
        expect(keyOf(A.union(B))).toBe(keyOf(B.union(A)));
        expect(keyOf(A.intersect(B))).toBe(keyOf(B.intersect(A)));
        expect(keyOf(A.union(B).union(C))).toBe(keyOf(A.union(B.union(C))));
        expect(keyOf(A.intersect(B).intersect(C))).toBe(keyOf(A.intersect(B.intersect(C))));
      }),
      opts,
    );
  });

  it('distributivity of ∩ over ∪ and of ∪ over ∩', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, exprArb, (base, a, b, c) => {
        const [A, B, C] = [build(base, a), build(base, b), build(base, c)];
        expect(keyOf(A.intersect(B.union(C)))).toBe(keyOf(A.intersect(B).union(A.intersect(C))));
        expect(keyOf(A.union(B.intersect(C)))).toBe(keyOf(A.union(B).intersect(A.union(C))));
      }),
      opts,
    );
  });

  it('De Morgan relative to c and to PortSet.all', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, exprArb, (base, a, b, c) => {
        const [A, B] = [build(base, a), build(base, b)];
        for (const C of [build(base, c), PortSet.all]) {
          expect(keyOf(C.subtract(A.union(B)))).toBe(keyOf(C.subtract(A).intersect(C.subtract(B))));
          expect(keyOf(C.subtract(A.intersect(B)))).toBe(keyOf(C.subtract(A).union(C.subtract(B))));
        }
        expect(keyOf(PortSet.all.subtract(PortSet.all.subtract(A)))).toBe(keyOf(A));
      }),
      opts,
    );
  });

  it('subtract then union: (a \\ b) ∪ (a ∩ b) = a, (a \\ b) ∪ b = a ∪ b, (a \\ b) ∩ b = ∅', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, (base, a, b) => {
        const [A, B] = [build(base, a), build(base, b)];
        expect(keyOf(A.subtract(B).union(A.intersect(B)))).toBe(keyOf(A));
        expect(keyOf(A.subtract(B).union(B))).toBe(keyOf(A.union(B)));
        expect(A.subtract(B).intersect(B).isEmpty).toBe(true);
      }),
      opts,
    );
  });

  it('idempotence and identities', () => {
    fc.assert(
      fc.property(baseArb, exprArb, (base, a) => {
        const A = build(base, a);
        expect(keyOf(A.union(A))).toBe(keyOf(A));
        expect(keyOf(A.intersect(A))).toBe(keyOf(A));
        expect(A.subtract(A).isEmpty).toBe(true);
        expect(keyOf(A.union(PortSet.empty))).toBe(keyOf(A));
        expect(keyOf(A.intersect(PortSet.all))).toBe(keyOf(A));
        expect(keyOf(A.union(PortSet.all))).toBe(keyOf(PortSet.all));
        expect(A.intersect(PortSet.empty).isEmpty).toBe(true);
      }),
      opts,
    );
  });

  it('subset (b \\ a = ∅) ⇔ the reference subset ⇔ a ∩ b = b', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, (base, a, b) => {
        const [A, B] = [build(base, a), build(base, b)];
        const expected = pointsOf(base).every((p) => !member(base, b, p) || member(base, a, p));
        expect(subset(A, B)).toBe(expected);
        expect(keyOf(A.intersect(B)) === keyOf(B)).toBe(expected);
        expect(subset(A.union(B), A) && subset(A.union(B), B)).toBe(true);
      }),
      opts,
    );
  });

  it('canonical equality: equal interval lists (and toString) ⇔ equal membership, however built', () => {
    fc.assert(
      fc.property(baseArb, exprArb, exprArb, (base, a, b) => {
        const [A, B] = [build(base, a), build(base, b)];
        const same = pointsOf(base).every((p) => member(base, a, p) === member(base, b, p));
        expect(keyOf(A) === keyOf(B)).toBe(same);
        expect(A.toString() === B.toString()).toBe(same);
        expect(A.isEmpty).toBe(pointsOf(base).every((p) => !member(base, a, p)));
      }),
      opts,
    );
  });

  it('a range equals the union of its single ports, in any order', () => {
    fc.assert(
      fc.property(baseArb, protocolArb, fc.integer({ min: 0, max: WIDTH - 1 }), fc.integer({ min: 0, max: WIDTH - 1 }), (base, protocol, x, y) => {
        const [from, to] = [base + Math.min(x, y), base + Math.max(x, y)];
        const singles: PortSet[] = [];
        for (let p = from; p <= to; p++) singles.push(PortSet.range(protocol, p));
        const forward = singles.reduce((acc, s) => acc.union(s), PortSet.empty);
        const backward = [...singles].reverse().reduce((acc, s) => acc.union(s), PortSet.empty);
        expect(keyOf(forward)).toBe(keyOf(PortSet.range(protocol, from, to)));
        expect(keyOf(backward)).toBe(keyOf(forward));
      }),
      opts,
    );
  });
});

describe('PortSet at the edges of the port range (1 and 65535)', () => {
  it('all and protocol(p) hold ports 1 and 65535 of their protocols only', () => {
    for (const p of PROTOCOLS) {
      for (const port of [1, 65535]) {
        expect(PortSet.all.has(p, port)).toBe(true);
        expect(PortSet.protocol(p).has(p, port)).toBe(true);
        expect(PortSet.empty.has(p, port)).toBe(false);
        for (const q of PROTOCOLS) if (q !== p) expect(PortSet.protocol(q).has(p, port)).toBe(false);
      }
    }
    expect(PortSet.empty.isEmpty).toBe(true);
    expect(PortSet.all.isEmpty).toBe(false);
  });

  it.each(PROTOCOLS)('range(%s, 1, 65535) = protocol(%s); the three protocols make up all', (p) => {
    expect(keyOf(PortSet.range(p, 1, 65535))).toBe(keyOf(PortSet.protocol(p)));
    expect(keyOf(PROTOCOLS.reduce((acc, q) => acc.union(PortSet.protocol(q)), PortSet.empty))).toBe(keyOf(PortSet.all));
    expect(keyOf(PortSet.all.subtract(PortSet.protocol(p)).union(PortSet.protocol(p)))).toBe(keyOf(PortSet.all));
  });

  it.each([
    [1, 1, [[2, 65535]], 'removing port 1 leaves 2..65535'],
    [65535, 65535, [[1, 65534]], 'removing port 65535 leaves 1..65534'],
    [1, 65535, [], 'removing everything leaves nothing'],
    [2, 65534, [[1, 1], [65535, 65535]], 'removing the inside leaves both edges'],
  ])('TCP minus %i..%i (%s)', (from, to, expected) => {
    const rest = PortSet.protocol('TCP').subtract(PortSet.range('TCP', from, to));
    expect(rest.intervals('TCP')).toEqual(expected);
    expect(rest.intervals('UDP')).toEqual([]);
    expect(keyOf(rest.union(PortSet.range('TCP', from, to)))).toBe(keyOf(PortSet.protocol('TCP')));
  });

  it.each<[[number, number], [number, number], string]>([
    [[1, 1], [2, 65535], 'port 1 and 2..65535 coalesce'],
    [[65535, 65535], [1, 65534], '65535 and 1..65534 coalesce'],
    [[65534, 65534], [65535, 65535], 'adjacent ports at the top coalesce'],
  ])('%j ∪ %j is one interval (%s)', (a, b) => {
    const u = PortSet.range('SCTP', a[0], a[1]).union(PortSet.range('SCTP', b[0], b[1]));
    expect(u.intervals('SCTP')).toEqual([[Math.min(a[0], b[0]), Math.max(a[1], b[1])]]);
  });

  it('protocols never mix: 80/TCP is not 80/UDP', () => {
    const tcp80 = PortSet.range('TCP', 80);
    expect(tcp80.has('TCP', 80)).toBe(true);
    expect(tcp80.has('UDP', 80)).toBe(false);
    expect(tcp80.has('SCTP', 80)).toBe(false);
    expect(tcp80.intersect(PortSet.range('UDP', 80)).isEmpty).toBe(true);
  });
});
