import type { PodModel } from '../model/objects.js';
import type { ProgressSink } from '../model/progress.js';
import { type Bitset, BitsetWeights } from '../net/bitset.js';
import type { Protocol } from '../net/protocol.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import type { PolicyPort, PolicySet } from '../layers/policy/policy-ir.js';
import { type PodMatrix, computeMatrix } from './matrix.js';

/** Size of the pod matrix for one (protocol, port), counted without building it. */
export interface MatrixStats {
  readonly protocol: Protocol;
  readonly port: number;
  /** Active pods (with an IP). */
  readonly pods: number;
  readonly identities: number;
  /** Ordered pod pairs, self included: pods². */
  readonly totalPairs: number;
  /** Ordered pod pairs whose traffic is allowed (a pod always reaches itself). */
  readonly allowedPairs: number;
  readonly deniedPairs: number;
  /** Node-local pairs decided pod by pod (their verdict differs from their identities'). */
  readonly exceptions: number;
}

/** Builds the identity matrix for (protocol, port) and counts it. */
export function computeMatrixStats(engine: PolicyEngine, protocol: Protocol, port: number): MatrixStats {
  const m = computeMatrix(engine, protocol, port);
  // The matrix's pods are the identities' members (active pods): count them per identity directly.
  const weight = new Float64Array(m.identities.size);
  for (const ident of engine.index.identities) weight[ident.id] = ident.pods.length;
  return countPairs(m, weight);
}

/**
 * Stats for many ports at once. Ports are grouped into equivalence classes: two (protocol, port)
 * pairs that every rule's port condition treats alike (same answer, for the same destinations)
 * give the same verdicts, so each class is computed once. Clusters use far fewer distinct port
 * behaviours than ports.
 */
export function computeMatrixStatsForPorts(engine: PolicyEngine, ports: readonly { protocol: Protocol; port: number }[], progress?: ProgressSink): MatrixStats[] {
  const byClass = new Map<string, MatrixStats>();
  return ports.map(({ protocol, port }, i) => {
    progress?.({ step: `matrix ${port}/${protocol}`, done: i, total: ports.length });
    const key = portClassKey(engine, protocol, port);
    let stats = byClass.get(key);
    if (!stats) byClass.set(key, (stats = computeMatrixStats(engine, protocol, port)));
    return { ...stats, protocol, port };
  });
}

/**
 * What every rule's port condition says about (protocol, port): `a` all destinations, `n` none,
 * or the destinations exposing the named ports that match (each name's holders written once).
 * Equal keys guarantee equal verdicts; equal verdicts may still have different keys. Rules with
 * the same port list answer alike, so each distinct list is asked once; rules without ports
 * answer `a` at every port and are left out.
 */
export function portClassKey(engine: PolicyEngine, protocol: Protocol, port: number): string {
  const holders = new Map<string, string>();
  const holderKey = (name: string): string => {
    let k = holders.get(name);
    if (k === undefined) holders.set(name, (k = bitsetKey(engine.index.namedPortHolders(name, protocol, port))));
    return k;
  };
  const parts: string[] = [];
  for (const ports of distinctPortLists(engine.policies)) {
    let all = false;
    const names: string[] = [];
    for (const p of ports) {
      if (p.protocol !== protocol) continue;
      if (p.name !== undefined) names.push(p.name);
      else if (p.from === undefined || (port >= p.from && port <= (p.to ?? p.from))) all = true;
    }
    parts.push(all ? 'a' : names.length === 0 ? 'n' : names.map(holderKey).sort().join('+'));
  }
  return parts.join('|');
}

const portListsCache = new WeakMap<PolicySet, readonly (readonly PolicyPort[])[]>();

/** The distinct port lists of a policy set's rules (rules without ports left out), in a fixed order. */
function distinctPortLists(policies: PolicySet): readonly (readonly PolicyPort[])[] {
  let lists = portListsCache.get(policies);
  if (lists) return lists;
  const byKey = new Map<string, readonly PolicyPort[]>();
  const seen = new Set<readonly PolicyPort[]>();
  for (const r of policies.rules) {
    if (r.ports === 'all' || seen.has(r.ports)) continue;
    seen.add(r.ports);
    const key = r.ports.map((p) => `${p.protocol}/${p.name ?? ''}/${p.from ?? ''}/${p.to ?? ''}`).join(',');
    if (!byKey.has(key)) byKey.set(key, r.ports);
  }
  portListsCache.set(policies, (lists = [...byKey.values()]));
  return lists;
}

/**
 * Counts the allowed ordered pod pairs of a matrix as Σ |s|·|d| over allowed identity pairs
 * (s, d), where (s, d) is allowed when `egress[s]` holds d and `ingress[d]` holds s; a pod's pair
 * with itself is allowed even when its identity's is not; the node-local exceptions are added
 * one by one. Nothing of size pods² or identities² is built.
 */
export function matrixStats(m: PodMatrix, identityOf: (p: PodModel) => number): MatrixStats {
  const weight = new Float64Array(m.identities.size);
  for (const p of m.pods) weight[identityOf(p)]! += 1;
  return countPairs(m, weight);
}

/**
 * `weight[i]`: pods of identity i. Sources are taken by the shape of their egress row:
 * - empty: nothing;
 * - every identity (sources not isolated for egress, most of them): one pass over the ingress
 *   rows, each AND the set of such sources, weighed a byte at a time through a lookup table;
 * - few identities (isolated for egress): their destinations one by one;
 * - many but not all: ingress transposed 32 sources at a time (32×32 bit blocks).
 * Time about identities² / 32 word operations at worst; memory O(identities).
 */
function countPairs(m: PodMatrix, weight: Float64Array): MatrixStats {
  const reach = m.identities;
  const n = reach.size;
  const words = (n + 31) >>> 5;

  const weights = new BitsetWeights(weight);
  const weighWord = (j: number, v: number): number => weights.word(j, v);

  let allowed = 0;
  const openSources = new Uint32Array(words);
  const denseSources: number[] = [];
  const sparseLimit = Math.max(64, 4 * words);
  // Rows are often one shared object (every identity not isolated for egress holds the same full set).
  const counts = new Map<Bitset, number>();
  for (let s = 0; s < n; s++) {
    const ws = weight[s]!;
    // A pod always reaches itself, even when its identity does not reach itself.
    if (!reach.allowed(s, s)) allowed += ws;
    if (ws === 0) continue;
    const row = reach.egress[s]!;
    let count = counts.get(row);
    if (count === undefined) counts.set(row, (count = popcount(row.words)));
    if (count === 0) continue;
    if (count === n) {
      openSources[s >>> 5]! |= 1 << (s & 31);
      continue;
    }
    if (count > sparseLimit) {
      denseSources.push(s);
      continue;
    }
    let sum = 0;
    const e = row.words;
    for (let j = 0; j < words; j++) {
      let x = e[j]!;
      while (x !== 0) {
        const t = x & -x;
        const d = (j << 5) + 31 - Math.clz32(t);
        if (reach.ingress[d]!.has(s)) sum += weight[d]!;
        x ^= t;
      }
    }
    allowed += ws * sum;
  }

  // Sources that may send anywhere: destination by destination, the open sources it accepts
  // (only the words that hold open sources; a row shared by several destinations is weighed once).
  const openWords: number[] = [];
  for (let j = 0; j < words; j++) if (openSources[j] !== 0) openWords.push(j);
  const weighed = new Map<Bitset, number>();
  for (let d = 0; d < n; d++) {
    const wd = weight[d]!;
    if (wd === 0) continue;
    const row = reach.ingress[d]!;
    let sum = weighed.get(row);
    if (sum === undefined) {
      sum = 0;
      const ingress = row.words;
      for (const j of openWords) {
        const v = ingress[j]! & openSources[j]!;
        if (v !== 0) sum += weighWord(j, v);
      }
      weighed.set(row, sum);
    }
    allowed += wd * sum;
  }

  // Sources with many (not all) destinations: ingress transposed, one 32-source block at a time.
  const block = new Uint32Array(32);
  const strip = new Uint32Array(32 * words);
  for (let i = 0; i < denseSources.length; ) {
    const sb = denseSources[i]! >>> 5;
    for (let db = 0; db < words; db++) {
      let any = 0;
      let all = 0xffffffff;
      for (let k = 0; k < 32; k++) {
        const d = db * 32 + k;
        const w = d < n ? reach.ingress[d]!.words[sb]! : 0;
        block[k] = w;
        any |= w;
        all &= w;
      }
      // Blocks of no or every bit are their own transpose.
      if (any === 0 || all === -1) {
        for (let k = 0, o = db; k < 32; k++, o += words) strip[o] = any === 0 ? 0 : 0xffffffff;
        continue;
      }
      transpose32(block);
      for (let k = 0, o = db; k < 32; k++, o += words) strip[o] = block[k]!;
    }
    // strip[k * words + j]: bit i set when destination 32j+i accepts source 32·sb+k.
    for (; i < denseSources.length && denseSources[i]! >>> 5 === sb; i++) {
      const s = denseSources[i]!;
      const e = reach.egress[s]!.words;
      let sum = 0;
      for (let j = 0, o = (s & 31) * words; j < words; j++, o++) {
        const v = e[j]! & strip[o]!;
        if (v !== 0) sum += weighWord(j, v);
      }
      allowed += weight[s]! * sum;
    }
  }

  allowed += m.exceptionAdjustment;
  const pods = m.pods.length;
  const totalPairs = pods * pods;
  return {
    protocol: m.protocol,
    port: m.port,
    pods,
    identities: n,
    totalPairs,
    allowedPairs: allowed,
    deniedPairs: totalPairs - allowed,
    exceptions: m.exceptionPairs,
  };
}

function popcount(words: Uint32Array): number {
  let c = 0;
  for (let i = 0; i < words.length; i++) {
    let x = words[i]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    c += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return c;
}

/**
 * Transposes a 32×32 bit matrix in place: afterwards bit j of a[k] is what bit k of a[j] was
 * (least significant bit = column 0). Hacker's Delight 7–3, mirrored for LSB-first columns.
 */
export function transpose32(a: Uint32Array): void {
  for (let j = 16, mask = 0x0000ffff; j !== 0; j >>>= 1, mask = (mask ^ (mask << j)) >>> 0) {
    for (let k = 0; k < 32; k = ((k | j) + 1) & ~j) {
      const t = ((a[k]! >>> j) ^ a[k | j]!) & mask;
      a[k] = (a[k]! ^ (t << j)) >>> 0;
      a[k | j] = (a[k | j]! ^ t) >>> 0;
    }
  }
}

/** An exact string key of a bitset's members (its words, base64). */
function bitsetKey(b: Bitset): string {
  return Buffer.from(b.words.buffer, b.words.byteOffset, b.words.byteLength).toString('base64');
}
