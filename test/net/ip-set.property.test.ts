import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ip, IpSet, parseCidr, parseIp } from '../../src/index.js';

/**
 * IpSet set algebra against a brute-force reference. Sets are built from expression trees over
 * leaves that live in a 256-address window of each family (a /24, a /120) or cover a whole
 * family / everything; the reference evaluates the same tree as a predicate on every address of
 * both windows plus points outside them. Because every leaf treats all outside points of a family
 * alike, that sample is exhaustive: membership equality there is set equality.
 * The windows sit in the middle of the space or at its edges (0.0.0.0, 255.255.255.255, ::,
 * ffff:…:ffff), where off-by-one and overflow bugs live.
 */

const V4_MAX = 0xffffffffn;
const V6_MAX = (1n << 128n) - 1n;
const WINDOW = 256n;

type Family = 4 | 6;

interface Universe {
  v4Base: bigint;
  v6Base: bigint;
}

const universeArb: fc.Arbitrary<Universe> = fc.record({
  v4Base: fc.constantFrom(0n, 0x0a000000n /* 10.0.0.0 */, V4_MAX - 255n /* 255.255.255.0 */),
  v6Base: fc.constantFrom(0n, 0xfd00n << 112n, V6_MAX - 255n /* ffff:…:ff00 */),
});

type Expr =
  | { kind: 'all' }
  | { kind: 'empty' }
  /** 0.0.0.0/0 or ::/0 */
  | { kind: 'family'; family: Family }
  /** A CIDR inside the window: base + offset, prefix 24..32 (v4) / 120..128 (v6); host bits maybe left set. */
  | { kind: 'cidr'; family: Family; offset: number; hostBits: number; keepHostBits: boolean }
  | { kind: 'ip'; family: Family; offset: number }
  | { kind: 'union' | 'intersect' | 'subtract'; left: Expr; right: Expr };

const familyArb = fc.constantFrom<Family>(4, 6);

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('cidr' as const), family: familyArb, offset: fc.integer({ min: 0, max: 255 }), hostBits: fc.integer({ min: 0, max: 8 }), keepHostBits: fc.boolean() }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('ip' as const), family: familyArb, offset: fc.integer({ min: 0, max: 255 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('family' as const), family: familyArb }), weight: 1 },
  { arbitrary: fc.constant<Expr>({ kind: 'all' }), weight: 1 },
  { arbitrary: fc.constant<Expr>({ kind: 'empty' }), weight: 1 },
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr; node: Expr }>((tie) => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('node')),
  node: fc.record({ kind: fc.constantFrom('union' as const, 'intersect' as const, 'subtract' as const), left: tie('expr'), right: tie('expr') }),
})).expr;

// ---------------------------------------------------------------------------------------------
// Text forms (own helpers, so the sets are built through parseCidr/parseIp as users' input is)

function v4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 255n).toString()).join('.');
}

function v6Text(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7n; i >= 0n; i--) groups.push(((n >> (i * 16n)) & 0xffffn).toString(16));
  return groups.join(':');
}

const text = (family: Family, value: bigint): string => (family === 4 ? v4Text(value) : v6Text(value));
const baseOf = (u: Universe, family: Family): bigint => (family === 4 ? u.v4Base : u.v6Base);
const bitsOf = (family: Family): number => (family === 4 ? 32 : 128);

function cidrRange(u: Universe, e: Extract<Expr, { kind: 'cidr' }>): [bigint, bigint] {
  const size = 1n << BigInt(e.hostBits);
  const first = baseOf(u, e.family) + (BigInt(e.offset) / size) * size;
  return [first, first + size - 1n];
}

function build(u: Universe, e: Expr): IpSet {
  switch (e.kind) {
    case 'all':
      return IpSet.all;
    case 'empty':
      return IpSet.empty;
    case 'family':
      return IpSet.fromCidr(parseCidr(e.family === 4 ? '0.0.0.0/0' : '::/0')!);
    case 'cidr': {
      const address = e.keepHostBits ? baseOf(u, e.family) + BigInt(e.offset) : cidrRange(u, e)[0];
      return IpSet.fromCidr(parseCidr(`${text(e.family, address)}/${bitsOf(e.family) - e.hostBits}`)!);
    }
    case 'ip':
      return IpSet.fromIp(parseIp(text(e.family, baseOf(u, e.family) + BigInt(e.offset)))!);
    case 'union':
      return build(u, e.left).union(build(u, e.right));
    case 'intersect':
      return build(u, e.left).intersect(build(u, e.right));
    case 'subtract':
      return build(u, e.left).subtract(build(u, e.right));
  }
}

interface Point {
  family: Family;
  value: bigint;
}

/** The reference: the expression as a predicate on one address. */
function member(u: Universe, e: Expr, p: Point): boolean {
  switch (e.kind) {
    case 'all':
      return true;
    case 'empty':
      return false;
    case 'family':
      return p.family === e.family;
    case 'cidr': {
      const [first, last] = cidrRange(u, e);
      return p.family === e.family && p.value >= first && p.value <= last;
    }
    case 'ip':
      return p.family === e.family && p.value === baseOf(u, e.family) + BigInt(e.offset);
    case 'union':
      return member(u, e.left, p) || member(u, e.right, p);
    case 'intersect':
      return member(u, e.left, p) && member(u, e.right, p);
    case 'subtract':
      return member(u, e.left, p) && !member(u, e.right, p);
  }
}

/** Every address of both windows, and the domain edges and window neighbours outside them. */
function points(u: Universe): Point[] {
  const out: Point[] = [];
  for (const family of [4, 6] as const) {
    const base = baseOf(u, family);
    const max = family === 4 ? V4_MAX : V6_MAX;
    for (let i = 0n; i < WINDOW; i++) out.push({ family, value: base + i });
    for (const v of [0n, base - 1n, base + WINDOW, max]) {
      if (v >= 0n && v <= max && (v < base || v >= base + WINDOW)) out.push({ family, value: v });
    }
  }
  return out;
}

const toIp = (p: Point): Ip => (p.family === 4 ? { family: 4, value: Number(p.value) } : { family: 6, value: p.value });

const pointCache = new Map<string, Point[]>();
function pointsOf(u: Universe): Point[] {
  const key = `${u.v4Base}|${u.v6Base}`;
  let ps = pointCache.get(key);
  if (!ps) pointCache.set(key, (ps = points(u)));
  return ps;
}

function membersOf(u: Universe, set: IpSet): boolean[] {
  return pointsOf(u).map((p) => set.contains(toIp(p)));
}

/** The invariant of the representation: sorted, disjoint, non-adjacent closed intervals. */
function expectCanonical(set: IpSet): void {
  const check = <T extends number | bigint>(ivs: readonly (readonly [T, T])[], one: T): void => {
    ivs.forEach(([lo, hi], i) => {
      expect(lo <= hi).toBe(true);
      const prev = ivs[i - 1];
      if (prev) expect(prev[1] < lo && (typeof one === 'bigint' ? (prev[1] as bigint) + 1n < (lo as bigint) : (prev[1] as number) + 1 < (lo as number))).toBe(true);
    });
  };
  check(set.v4, 1);
  check(set.v6, 1n);
}

const RUNS = 300;
const opts = { numRuns: RUNS };

describe('IpSet set algebra against a brute-force reference', () => {
  it('membership of union, intersect and subtract matches the reference on every sampled address', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, (u, a, b) => {
        const A = build(u, a);
        const B = build(u, b);
        const results = { a: A, 'a ∪ b': A.union(B), 'a ∩ b': A.intersect(B), 'a \\ b': A.subtract(B) };
        const wrong: string[] = [];
        for (const p of pointsOf(u)) {
          const ip = toIp(p);
          const inA = member(u, a, p);
          const inB = member(u, b, p);
          const expected = { a: inA, 'a ∪ b': inA || inB, 'a ∩ b': inA && inB, 'a \\ b': inA && !inB };
          for (const [name, set] of Object.entries(results)) {
            const want = expected[name as keyof typeof expected];
            if (set.contains(ip) !== want) wrong.push(`${name} ${want ? '∌' : '∋'} ${text(p.family, p.value)}`);
          }
        }
        expect(wrong).toEqual([]);
        for (const s of [B, ...Object.values(results)]) expectCanonical(s);
      }),
      opts,
    );
  });

  it('union and intersect are commutative (equal keys)', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, (u, a, b) => {
        const A = build(u, a);
        const B = build(u, b);
        expect(A.union(B).key()).toBe(B.union(A).key());
        expect(A.intersect(B).key()).toBe(B.intersect(A).key());
      }),
      opts,
    );
  });

  it('union and intersect are associative', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, exprArb, (u, a, b, c) => {
        const [A, B, C] = [build(u, a), build(u, b), build(u, c)];
        expect(A.union(B).union(C).key()).toBe(A.union(B.union(C)).key());
        expect(A.intersect(B).intersect(C).key()).toBe(A.intersect(B.intersect(C)).key());
      }),
      opts,
    );
  });

  it('distributivity: a ∩ (b ∪ c) = (a ∩ b) ∪ (a ∩ c), a ∪ (b ∩ c) = (a ∪ b) ∩ (a ∪ c)', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, exprArb, (u, a, b, c) => {
        const [A, B, C] = [build(u, a), build(u, b), build(u, c)];
        expect(A.intersect(B.union(C)).key()).toBe(A.intersect(B).union(A.intersect(C)).key());
        expect(A.union(B.intersect(C)).key()).toBe(A.union(B).intersect(A.union(C)).key());
      }),
      opts,
    );
  });

  it("De Morgan: c \\ (a ∪ b) = (c \\ a) ∩ (c \\ b) and c \\ (a ∩ b) = (c \\ a) ∪ (c \\ b), also with c = all", () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, exprArb, (u, a, b, c) => {
        const [A, B] = [build(u, a), build(u, b)];
        for (const C of [build(u, c), IpSet.all]) {
          expect(C.subtract(A.union(B)).key()).toBe(C.subtract(A).intersect(C.subtract(B)).key());
          expect(C.subtract(A.intersect(B)).key()).toBe(C.subtract(A).union(C.subtract(B)).key());
        }
        // complement twice is the identity
        expect(IpSet.all.subtract(IpSet.all.subtract(A)).key()).toBe(A.key());
      }),
      opts,
    );
  });

  it('subtract then union: (a \\ b) ∪ (a ∩ b) = a, (a \\ b) ∪ b = a ∪ b, (a \\ b) ∩ b = ∅', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, (u, a, b) => {
        const [A, B] = [build(u, a), build(u, b)];
        expect(A.subtract(B).union(A.intersect(B)).key()).toBe(A.key());
        expect(A.subtract(B).union(B).key()).toBe(A.union(B).key());
        expect(A.subtract(B).intersect(B).isEmpty).toBe(true);
      }),
      opts,
    );
  });

  it('idempotence and identities: a ∪ a = a ∩ a = a, a \\ a = ∅, a ∪ ∅ = a, a ∩ all = a, a ∪ all = all', () => {
    fc.assert(
      fc.property(universeArb, exprArb, (u, a) => {
        const A = build(u, a);
        expect(A.union(A).key()).toBe(A.key());
        expect(A.intersect(A).key()).toBe(A.key());
        expect(A.subtract(A).isEmpty).toBe(true);
        expect(A.union(IpSet.empty).key()).toBe(A.key());
        expect(A.intersect(IpSet.all).key()).toBe(A.key());
        expect(A.union(IpSet.all).key()).toBe(IpSet.all.key());
        expect(A.intersect(IpSet.empty).isEmpty).toBe(true);
      }),
      opts,
    );
  });

  it('covers ⇔ subset (by the reference, by subtract, by intersect)', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, (u, a, b) => {
        const [A, B] = [build(u, a), build(u, b)];
        const subset = pointsOf(u).every((p) => !member(u, b, p) || member(u, a, p));
        expect(A.covers(B)).toBe(subset);
        expect(B.subtract(A).isEmpty).toBe(subset);
        expect(A.intersect(B).equals(B)).toBe(subset);
        expect(A.union(B).covers(A) && A.union(B).covers(B)).toBe(true);
        expect(A.covers(A.intersect(B))).toBe(true);
        expect(A.covers(IpSet.empty)).toBe(true);
        expect(IpSet.all.covers(A)).toBe(true);
      }),
      opts,
    );
  });

  it('canonical equality: equals/key agree with the reference membership, however the sets were built', () => {
    fc.assert(
      fc.property(universeArb, exprArb, exprArb, (u, a, b) => {
        const [A, B] = [build(u, a), build(u, b)];
        const same = pointsOf(u).every((p) => member(u, a, p) === member(u, b, p));
        expect(A.equals(B)).toBe(same);
        expect(A.key() === B.key()).toBe(same);
        expect(A.isEmpty).toBe(pointsOf(u).every((p) => !member(u, a, p)));
      }),
      opts,
    );
  });

  it('a CIDR equals the union of its addresses and of its two halves, in any order', () => {
    fc.assert(
      fc.property(universeArb, familyArb, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), (u, family, offset, hostBits, reverse) => {
        const e = { kind: 'cidr' as const, family, offset, hostBits, keepHostBits: false };
        const [first, last] = cidrRange(u, e);
        const whole = build(u, e);
        const prefix = bitsOf(family) - hostBits;
        const mid = first + (1n << BigInt(hostBits - 1));
        const halves = [`${text(family, first)}/${prefix + 1}`, `${text(family, mid)}/${prefix + 1}`].map((c) => IpSet.fromCidr(parseCidr(c)!));
        if (reverse) halves.reverse();
        expect(halves[0]!.union(halves[1]!).key()).toBe(whole.key());
        const singles: IpSet[] = [];
        for (let v = first; v <= last; v++) singles.push(IpSet.fromIp(parseIp(text(family, v))!));
        if (reverse) singles.reverse();
        expect(IpSet.of(...singles).key()).toBe(whole.key());
        expect(membersOf(u, IpSet.of(...singles))).toEqual(membersOf(u, whole));
      }),
      opts,
    );
  });
});

describe('IpSet at the edges of the address space', () => {
  const cidr = (t: string): IpSet => IpSet.fromCidr(parseCidr(t)!);
  const ip = (t: string): Ip => parseIp(t)!;
  const V6_TOP = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';

  it.each([
    ['0.0.0.0/0', '0.0.0.0', true, 'the whole IPv4 space holds its lowest address'],
    ['0.0.0.0/0', '255.255.255.255', true, 'and its highest'],
    ['0.0.0.0/0', '::', false, 'but no IPv6 address'],
    ['0.0.0.0/0', '::ffff:1.2.3.4', false, 'not even an IPv4-mapped one (netip.Prefix.Contains: families never match)'],
    ['::/0', '::', true, 'the whole IPv6 space holds ::'],
    ['::/0', V6_TOP, true, 'and ffff:…:ffff'],
    ['::/0', '0.0.0.0', false, 'but no IPv4 address'],
    ['::ffff:0.0.0.0/96', '1.2.3.4', false, 'an IPv4-mapped prefix holds no IPv4 address'],
    ['::ffff:0.0.0.0/96', '::ffff:1.2.3.4', true, 'it holds the mapped address'],
    ['255.255.255.255/32', '255.255.255.255', true, 'a /32 at the top edge'],
    ['255.255.255.255/32', '255.255.255.254', false, 'a /32 is one address'],
    ['128.0.0.0/1', '127.255.255.255', false, 'upper half of IPv4 stops at the midpoint'],
    ['128.0.0.0/1', '128.0.0.0', true, 'upper half of IPv4 starts at the midpoint (no sign-bit trouble)'],
  ])('%s ∋ %s is %s (%s)', (c, address, expected) => {
    expect(cidr(c).contains(ip(address))).toBe(expected);
  });

  it('IpSet.all holds the edges of both families; IpSet.empty holds nothing', () => {
    for (const a of ['0.0.0.0', '255.255.255.255', '::', V6_TOP]) {
      expect(IpSet.all.contains(ip(a))).toBe(true);
      expect(IpSet.empty.contains(ip(a))).toBe(false);
    }
    expect(IpSet.empty.isEmpty).toBe(true);
    expect(IpSet.all.isEmpty).toBe(false);
    expect(cidr('0.0.0.0/0').union(cidr('::/0')).key()).toBe(IpSet.all.key());
    expect(IpSet.all.subtract(cidr('0.0.0.0/0')).key()).toBe(cidr('::/0').key());
  });

  it.each([
    ['0.0.0.0/1', '128.0.0.0/1', '0.0.0.0/0', 'IPv4 halves coalesce across the midpoint'],
    ['255.255.255.254/32', '255.255.255.255/32', '255.255.255.254/31', 'adjacent addresses at the top coalesce'],
    ['0.0.0.0/32', '0.0.0.1/32', '0.0.0.0/31', 'adjacent addresses at the bottom coalesce'],
    ['::/1', '8000::/1', '::/0', 'IPv6 halves coalesce'],
    [`${'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe'}/128`, `${V6_TOP}/128`, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127', 'IPv6 top addresses coalesce'],
    ['::/128', '::1/128', '::/127', 'IPv6 bottom addresses coalesce'],
  ])('%s ∪ %s = %s (%s)', (a, b, whole) => {
    expect(cidr(a).union(cidr(b)).key()).toBe(cidr(whole).key());
    expect(cidr(b).union(cidr(a)).equals(cidr(whole))).toBe(true);
    expect(cidr(whole).subtract(cidr(a)).key()).toBe(cidr(b).key());
  });

  it.each([
    ['0.0.0.0/0', '0.0.0.0', '0.0.0.1'],
    ['0.0.0.0/0', '255.255.255.255', '255.255.255.254'],
    ['::/0', '::', '::1'],
    ['::/0', V6_TOP, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe'],
  ])('%s minus %s drops exactly that edge address (keeps %s)', (whole, edge, neighbour) => {
    const rest = cidr(whole).subtract(IpSet.fromIp(ip(edge)));
    expect(rest.contains(ip(edge))).toBe(false);
    expect(rest.contains(ip(neighbour))).toBe(true);
    expect(rest.union(IpSet.fromIp(ip(edge))).key()).toBe(cidr(whole).key());
    expectCanonical(rest);
  });

  it('everything minus everything is empty; IPv4 and IPv6 parts never mix', () => {
    expect(IpSet.all.subtract(IpSet.all).isEmpty).toBe(true);
    expect(cidr('0.0.0.0/0').intersect(cidr('::/0')).isEmpty).toBe(true);
    expect(cidr('10.0.0.0/8').covers(IpSet.fromIp(ip('::ffff:10.0.0.1')))).toBe(false);
  });
});
