import type { PodModel } from '../model/objects.js';
import type { Protocol } from '../net/protocol.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
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
 * Counts the allowed ordered pod pairs of a matrix as Σ |s|·|d| over allowed identity pairs
 * (s, d), where (s, d) is allowed when `egress[s]` holds d and `ingress[d]` holds s; a pod's pair
 * with itself is allowed even when its identity's is not; the node-local exceptions are added
 * one by one. Time O(identities² / 32), memory O(identities): `ingress` is transposed 32
 * sources at a time (32×32 bit blocks, from a band of columns copied side by side), and a row's allowed destinations are weighed by their
 * pod counts a byte at a time through a lookup table.
 */
export function matrixStats(m: PodMatrix, identityOf: (p: PodModel) => number): MatrixStats {
  const weight = new Float64Array(m.identities.size);
  for (const p of m.pods) weight[identityOf(p)]! += 1;
  return countPairs(m, weight);
}

/** `weight[i]`: pods of identity i in the matrix. */
function countPairs(m: PodMatrix, weight: Float64Array): MatrixStats {
  const reach = m.identities;
  const n = reach.size;
  const words = (n + 31) >>> 5;

  // byteWeight[b * 256 + v]: pods of the identities whose bits are set in byte value v of byte b.
  const bytes = words * 4;
  const byteWeight = new Float64Array(bytes * 256);
  for (let b = 0; b < bytes; b++) {
    const base = b * 256;
    for (let v = 1; v < 256; v++) {
      const low = v & -v;
      const id = b * 8 + (31 - Math.clz32(low));
      byteWeight[base + v] = byteWeight[base + (v ^ low)]! + (id < n ? weight[id]! : 0);
    }
  }

  let allowed = 0;
  const block = new Uint32Array(32);
  // A band of BAND source words of every ingress row, side by side (rows padded to whole 32-row
  // blocks): read column by column below without chasing a pointer per row.
  const rows = words * 32;
  const band = new Uint32Array(rows * BAND);
  // strip[k * words + j]: bit i set when destination 32j+i accepts source 32·sb+k (ingress transposed).
  const strip = new Uint32Array(32 * words);
  for (let first = 0; first < words; first += BAND) {
    const width = Math.min(BAND, words - first);
    for (let d = 0; d < n; d++) band.set(reach.ingress[d]!.words.subarray(first, first + width), d * BAND);
    for (let c = 0; c < width; c++) {
      const sb = first + c;
      for (let db = 0; db < words; db++) {
        let any = 0;
        let all = 0xffffffff;
        for (let i = 0, o = db * 32 * BAND + c; i < 32; i++, o += BAND) {
          const w = band[o]!;
          block[i] = w;
          any |= w;
          all &= w;
        }
        // Blocks of no or every bit are their own transpose (most are, in isolated clusters).
        if (any === 0 || all === -1) {
          for (let k = 0, o = db; k < 32; k++, o += words) strip[o] = any === 0 ? 0 : 0xffffffff;
          continue;
        }
        transpose32(block);
        for (let k = 0, o = db; k < 32; k++, o += words) strip[o] = block[k]!;
      }
      for (let k = 0; k < 32; k++) {
        const s = sb * 32 + k;
        if (s >= n) break;
        const ws = weight[s]!;
        if (ws === 0) continue;
        const egress = reach.egress[s]!.words;
        let row = 0;
        for (let j = 0, o = k * words; j < words; j++, o++) {
          const v = egress[j]! & strip[o]!;
          if (v === 0) continue;
          const b = j * 1024;
          row += byteWeight[b + (v & 255)]! + byteWeight[b + 256 + ((v >>> 8) & 255)]! + byteWeight[b + 512 + ((v >>> 16) & 255)]! + byteWeight[b + 768 + (v >>> 24)]!;
        }
        allowed += ws * row;
        // A pod always reaches itself, even when its identity does not reach itself.
        if (!reach.allowed(s, s)) allowed += ws;
      }
    }
  }
  for (const exact of m.exceptions.values()) allowed += exact ? 1 : -1;
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
    exceptions: m.exceptions.size,
  };
}

/** Source words transposed per pass over the ingress rows (memory: identities × BAND × 4 bytes). */
const BAND = 16;

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
