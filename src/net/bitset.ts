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
