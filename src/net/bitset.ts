/** A fixed-capacity set of small non-negative integers (identity ids), 32 per word. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const b = new Bitset(size);
    b.words.fill(0xffffffff);
    const rem = size & 31;
    if (rem !== 0 && b.words.length > 0) b.words[b.words.length - 1] = (1 << rem) - 1 >>> 0;
    return b;
  }

  static of(size: number, members: Iterable<number>): Bitset {
    const b = new Bitset(size);
    for (const m of members) b.add(m);
    return b;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  /** In place: this |= other. */
  orInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! |= o[i]!;
  }

  /** In place: this &= other. */
  andInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! &= o[i]!;
  }

  /** In place: this ^= other (the members in exactly one of the two). */
  xorInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! ^= o[i]!;
  }

  /** In place: this &= ~other. */
  andNotInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! &= ~o[i]!;
  }

  get isEmpty(): boolean {
    for (const x of this.words) if (x !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    for (let x of this.words) {
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let x = w[i]!;
      while (x !== 0) {
        const t = x & -x;
        yield (i << 5) + 31 - Math.clz32(t);
        x ^= t;
      }
    }
  }

  /** The smallest member, or -1 when empty. */
  first(): number {
    const w = this.words;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) return (i << 5) + 31 - Math.clz32(w[i]! & -w[i]!);
    return -1;
  }

  /** Calls `f` on each member in increasing order (cheaper than the iterator in hot loops). */
  forEach(f: (i: number) => void): void {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let x = w[i]!;
      while (x !== 0) {
        const t = x & -x;
        f((i << 5) + 31 - Math.clz32(t));
        x ^= t;
      }
    }
  }

  toArray(): number[] {
    const out: number[] = [];
    this.forEach((i) => out.push(i));
    return out;
  }
}

/**
 * Sums of per-member weights over bitsets of one size (pods per identity, say), a byte at a time:
 * a table holds, for each byte position and byte value, the weight of the members it stands for,
 * so a word costs four lookups whatever its members. Building it costs size × 32 steps, once.
 */
export class BitsetWeights {
  /** table[b * 256 + v]: the weight of the members set in byte value v at byte position b. */
  private readonly table: Float64Array;

  constructor(weights: ArrayLike<number>) {
    const words = (weights.length + 31) >>> 5;
    const bytes = words * 4;
    this.table = new Float64Array(bytes * 256);
    for (let b = 0; b < bytes; b++) {
      const base = b * 256;
      for (let v = 1; v < 256; v++) {
        const low = v & -v;
        const id = b * 8 + (31 - Math.clz32(low));
        this.table[base + v] = this.table[base + (v ^ low)]! + (id < weights.length ? weights[id]! : 0);
      }
    }
  }

  /** The weight of the members set in word `v` at word index `j`. */
  word(j: number, v: number): number {
    const t = this.table;
    const b = j * 1024;
    return t[b + (v & 255)]! + t[b + 256 + ((v >>> 8) & 255)]! + t[b + 512 + ((v >>> 16) & 255)]! + t[b + 768 + (v >>> 24)]!;
  }

  /** The weight of all members of `set`. */
  sum(set: Bitset): number {
    const w = set.words;
    let total = 0;
    for (let j = 0; j < w.length; j++) if (w[j] !== 0) total += this.word(j, w[j]!);
    return total;
  }
}
