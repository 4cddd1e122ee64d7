import { describe, expect, it } from 'vitest';
import { matrixStats, transpose32 } from '../../src/analysis/matrix-stats.js';
import type { NodeLocalException, PodMatrix } from '../../src/analysis/matrix.js';
import { Prng } from '../../src/gen/prng.js';
import type { PodModel } from '../../src/model/objects.js';
import { Bitset } from '../../src/net/bitset.js';

describe('transpose32', () => {
  it('transposes a 32×32 bit matrix (bit j of a[k] = bit k of a[j] before)', () => {
    const r = new Prng(3);
    for (let round = 0; round < 20; round++) {
      const a = Uint32Array.from({ length: 32 }, () => Math.floor(r.next() * 2 ** 32));
      const b = a.slice();
      transpose32(b);
      for (let j = 0; j < 32; j++) for (let k = 0; k < 32; k++) expect((b[k]! >>> j) & 1).toBe((a[j]! >>> k) & 1);
    }
  });
});

describe('matrixStats', () => {
  /**
   * Random identity matrices (empty, full, sparse and dense rows) over enough identities to span
   * several bands of words, random pod counts per identity (some 0), a few node-local exceptions.
   * The expected count is the definition, identity pair by identity pair.
   */
  function randomCase(seed: number, n: number): { m: PodMatrix; identityOf: (p: PodModel) => number; expected: number } {
    const r = new Prng(seed);
    // Row kinds come in runs (as identities of one namespace do), so whole 32×32 blocks are empty or full.
    let kind = 0;
    let run = 0;
    const sharedEmpty = new Bitset(n);
    const sharedFull = Bitset.full(n);
    const row = (): Bitset => {
      if (run-- <= 0) {
        kind = r.int(0, 3);
        run = r.int(0, 80);
      }
      // Empty and full rows: sometimes one shared object, as computeReachability shares them.
      if (kind === 0) return r.chance(0.5) ? sharedEmpty : new Bitset(n);
      if (kind === 1) return r.chance(0.5) ? sharedFull : Bitset.full(n);
      const b = new Bitset(n);
      const p = kind === 2 ? 0.02 : 0.7;
      for (let i = 0; i < n; i++) if (r.chance(p)) b.add(i);
      return b;
    };
    const egress = Array.from({ length: n }, row);
    const ingress = Array.from({ length: n }, row);
    const allowed = (s: number, d: number): boolean => egress[s]!.has(d) && ingress[d]!.has(s);
    const weight = Array.from({ length: n }, () => (r.chance(0.1) ? 0 : r.int(1, 4)));
    const pods: PodModel[] = [];
    const ids = new Map<string, number>();
    weight.forEach((w, id) => {
      for (let i = 0; i < w; i++) {
        const key = `ns/p${id}-${i}`;
        ids.set(key, id);
        pods.push({ key } as PodModel);
      }
    });
    let expected = 0;
    for (let s = 0; s < n; s++) {
      for (let d = 0; d < n; d++) if (allowed(s, d)) expected += weight[s]! * weight[d]!;
      if (!allowed(s, s)) expected += weight[s]!; // each pod reaches itself
    }
    // Node-local exception groups: an identity pair whose pairs' exact verdict is the opposite.
    const exceptions: NodeLocalException[] = [];
    const taken = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const src = r.int(0, n - 1);
      const dst = r.int(0, n - 1);
      if (weight[src] === 0 || weight[dst] === 0 || taken.has(`${src}/${dst}`)) continue;
      taken.add(`${src}/${dst}`);
      const pairs = r.int(1, Math.min(weight[src]!, weight[dst]!));
      const exact = !allowed(src, dst);
      exceptions.push({ src, dst, pairs, allowed: exact });
      expected += exact ? pairs : -pairs;
    }
    const exceptionPairs = exceptions.reduce((sum, e) => sum + e.pairs, 0);
    const identities = { protocol: 'TCP' as const, port: 80, size: n, egress, ingress, allowed };
    const exceptionAdjustment = exceptions.reduce((sum, e) => sum + (e.allowed ? e.pairs : -e.pairs), 0);
    const m: PodMatrix = { protocol: 'TCP', port: 80, pods, identities, exceptions, exceptionPairs, exceptionAdjustment, isAllowed: () => false };
    return { m, identityOf: (p) => ids.get(p.key)!, expected };
  }

  it.each([1, 31, 33, 600, 1100])('counts the allowed pod pairs over %i identities', (n) => {
    for (const seed of [1, 2]) {
      const { m, identityOf, expected } = randomCase(seed * 1000 + n, n);
      const stats = matrixStats(m, identityOf);
      expect(stats.allowedPairs).toBe(expected);
      expect(stats.totalPairs).toBe(m.pods.length ** 2);
      expect(stats.deniedPairs).toBe(m.pods.length ** 2 - expected);
      expect(stats.identities).toBe(n);
    }
  });
});
