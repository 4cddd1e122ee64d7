import type { PodModel } from '../model/objects.js';
import { type GroupBy, type PodMatrix, forEachNodeLocalPair, groupKey, identityCountsByGroup } from './matrix.js';

/** How reachable one group (workload, namespace or pod) is, in ordered pairs of distinct pods. */
export interface GroupReach {
  readonly name: string;
  readonly pods: number;
  /** Pairs (another pod → a pod of the group) allowed, of all such pairs. */
  readonly inAllowed: number;
  readonly inTotal: number;
  /** Pairs (a pod of the group → another pod) allowed, of all such pairs. */
  readonly outAllowed: number;
  readonly outTotal: number;
}

/** A matrix too big for a table: totals, and the largest groups with exact reach. */
export interface MatrixSummary {
  readonly by: GroupBy;
  readonly groups: number;
  readonly pods: number;
  /** Ordered pairs of distinct pods allowed, of all of them. */
  readonly allowedPairs: number;
  readonly totalPairs: number;
  /** The largest groups (most pods; ties by name), each with its reach. */
  readonly largest: readonly GroupReach[];
}

/**
 * Summarises a matrix by group without a group × group table: counts come from identity pairs
 * and the node-local exception groups, so they are exact, and cost O(identities) per group shown
 * (a destination identity's allowed sources are its ingress row checked against their egress).
 * `allowedPairs` is given (from matrix-stats, pod pairs with themselves removed).
 */
export function summarizeMatrix(m: PodMatrix, by: GroupBy, identityOf: (p: PodModel) => number, allowedWithSelf: number, top = 10): MatrixSummary {
  const keyOf = (p: PodModel): string => groupKey(p, by);
  const members = identityCountsByGroup(m.pods, by, identityOf);
  const pods = m.pods.length;
  const r = m.identities;
  const weight = new Float64Array(r.size);
  for (const p of m.pods) weight[identityOf(p)]! += 1;
  const exceptionDelta = { into: new Map<string, number>(), outOf: new Map<string, number>() };
  if (m.exceptions.length > 0) {
    const n = r.size;
    const exact = new Map(m.exceptions.map((e) => [e.src * n + e.dst, e.allowed]));
    forEachNodeLocalPair(m.pods, (h, d) => {
      const allowed = exact.get(identityOf(h) * n + identityOf(d));
      if (allowed === undefined) return;
      const delta = allowed ? 1 : -1;
      exceptionDelta.into.set(keyOf(d), (exceptionDelta.into.get(keyOf(d)) ?? 0) + delta);
      exceptionDelta.outOf.set(keyOf(h), (exceptionDelta.outOf.get(keyOf(h)) ?? 0) + delta);
    });
  }
  const size = (counts: Map<number, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
  const largest = [...members.entries()]
    .map(([name, counts]) => ({ name, counts, pods: size(counts) }))
    .sort((a, b) => b.pods - a.pods || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, top)
    .map(({ name, counts, pods: n }): GroupReach => {
      let inAllowed = 0;
      let outAllowed = 0;
      for (const [id, c] of counts) {
        // Sources allowed into `id`: its ingress row, where the source's egress allows `id`.
        let sources = 0;
        r.ingress[id]!.forEach((s) => {
          if (r.egress[s]!.has(id)) sources += weight[s]!;
        });
        let destinations = 0;
        r.egress[id]!.forEach((d) => {
          if (r.ingress[d]!.has(id)) destinations += weight[d]!;
        });
        // Pairs of distinct pods: remove each pod's pair with itself where the identity allows itself.
        const self = r.allowed(id, id) ? c : 0;
        inAllowed += c * sources - self;
        outAllowed += c * destinations - self;
      }
      // Node-local exceptions (hostNetwork pod → pod on its node), pod pair by pod pair: an
      // exception group's pods may belong to several groups.
      inAllowed += exceptionDelta.into.get(name) ?? 0;
      outAllowed += exceptionDelta.outOf.get(name) ?? 0;
      return { name, pods: n, inAllowed, inTotal: n * (pods - 1), outAllowed, outTotal: n * (pods - 1) };
    });
  return { by, groups: members.size, pods, allowedPairs: allowedWithSelf - pods, totalPairs: pods * (pods - 1), largest };
}

/** How many groups the pods form (to choose between a table and a summary before building either). */
export function countGroups(pods: readonly PodModel[], by: GroupBy): number {
  return by === 'pod' ? pods.length : new Set(pods.map((p) => groupKey(p, by))).size;
}

