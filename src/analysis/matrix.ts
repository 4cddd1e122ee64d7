import type { PodModel } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { isActivePod, workloadName } from '../model/snapshot.js';
import type { Protocol } from '../net/protocol.js';
import { type IdentityReachability, computeReachability } from '../layers/policy/compute-reachability.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import { evaluateConnection, localNodeIngressAlwaysAllowed } from '../layers/policy/evaluate-connection.js';

/** Pod-to-pod reachability for one (protocol, port), backed by the identity matrix. */
export interface PodMatrix {
  readonly protocol: Protocol;
  readonly port: number;
  /** Active pods (with an IP), sorted by key. */
  readonly pods: readonly PodModel[];
  readonly identities: IdentityReachability;
  /**
   * Node-local pairs (a hostNetwork pod → a pod on its node) whose verdict differs from their
   * identities', grouped by identity pair: the verdict of such a pair depends only on the two
   * identities, so one group stands for all its pod pairs.
   */
  readonly exceptions: readonly NodeLocalException[];
  /** Pod pairs in `exceptions`, summed. */
  readonly exceptionPairs: number;
  /** What `exceptions` change in the count of allowed pod pairs: + their allowed pairs, − their denied ones. */
  readonly exceptionAdjustment: number;
  /** Pod-IP traffic from `src` to `dst` allowed? (Always for a pod to itself.) */
  isAllowed(src: PodModel, dst: PodModel): boolean;
}

/** Pod pairs (hostNetwork pod of identity `src` → pod of identity `dst` on the same node) decided alike. */
export interface NodeLocalException {
  readonly src: number;
  readonly dst: number;
  /** How many such pod pairs the cluster has. */
  readonly pairs: number;
  /** Their exact verdict (the opposite of the identity matrix's). */
  readonly allowed: boolean;
}

export function computeMatrix(engine: PolicyEngine, protocol: Protocol, port: number): PodMatrix {
  const identities = computeReachability(engine, protocol, port);
  const { pods, groups, groupOf } = nodeLocalGroups(engine);
  const idOf = (p: PodModel): number => {
    const id = engine.index.identityOfPod(p.key);
    if (id === undefined) throw new Error(`internal: pod ${p.key} has no identity`);
    return id;
  };
  // Pairs the identity matrix cannot express: a hostNetwork pod (its node) reaching a pod on the
  // same node, which NetworkPolicy always allows. Evaluated once per identity pair, and only where
  // the local-node rule alone does not already decide. verdicts[i]: 1 when group i is allowed
  // though its identities are not, -1 the reverse, 0 when they agree.
  const verdicts = new Int8Array(groups.length);
  let exceptionPairs = 0;
  let exceptionAdjustment = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const exact = g.localNodeDecides || evaluateConnection(engine, { kind: 'pod', pod: g.h }, { kind: 'pod', pod: g.d }, protocol, port).allowed;
    if (exact === identities.allowed(g.hid, g.did)) continue;
    verdicts[i] = exact ? 1 : -1;
    exceptionPairs += g.pairs;
    exceptionAdjustment += exact ? g.pairs : -g.pairs;
  }
  let exceptions: NodeLocalException[] | undefined;
  const n = engine.index.size;
  return {
    protocol,
    port,
    pods,
    identities,
    get exceptions() {
      return (exceptions ??= groups.flatMap((g, i) => (verdicts[i] === 0 ? [] : [{ src: g.hid, dst: g.did, pairs: g.pairs, allowed: verdicts[i] === 1 }])));
    },
    exceptionPairs,
    exceptionAdjustment,
    isAllowed: (src, dst) => {
      if (src.key === dst.key) return true;
      const s = idOf(src);
      const d = idOf(dst);
      if (src.hostNetwork && !dst.hostNetwork && src.nodeName !== undefined && src.nodeName === dst.nodeName) {
        const group = groupOf.get(s * n + d);
        const v = group === undefined ? 0 : verdicts[group]!;
        if (v !== 0) return v === 1;
      }
      return identities.allowed(s, d);
    },
  };
}

interface NodeLocalGroup {
  readonly hid: number;
  readonly did: number;
  /** One pod pair of the group, to evaluate. */
  readonly h: PodModel;
  readonly d: PodModel;
  pairs: number;
  /** The local-node rule alone allows the group at every port (`localNodeIngressAlwaysAllowed`). */
  readonly localNodeDecides: boolean;
}

interface NodeLocalGroups {
  readonly pods: readonly PodModel[];
  readonly groups: readonly NodeLocalGroup[];
  /** Group index by `hid * identities + did`. */
  readonly groupOf: ReadonlyMap<number, number>;
}

const nodeLocalCache = new WeakMap<PolicyEngine, NodeLocalGroups>();

/**
 * The active pods, and every (hostNetwork pod, pod-network pod on the same node) pair grouped by
 * identity pair, computed once per engine.
 */
function nodeLocalGroups(engine: PolicyEngine): NodeLocalGroups {
  let cached = nodeLocalCache.get(engine);
  if (cached) return cached;
  const groups: NodeLocalGroup[] = [];
  const groupOf = new Map<number, number>();
  const n = engine.index.size;
  const pods = engine.snapshot.pods.filter(isActivePod);
  forEachNodeLocalPair(pods, (h, d) => {
    const hid = engine.index.identityOfPod(h.key)!;
    const did = engine.index.identityOfPod(d.key)!;
    const key = hid * n + did;
    const i = groupOf.get(key);
    if (i !== undefined) groups[i]!.pairs++;
    else {
      groupOf.set(key, groups.length);
      groups.push({ hid, did, h, d, pairs: 1, localNodeDecides: localNodeIngressAlwaysAllowed(engine, did) });
    }
  });
  nodeLocalCache.set(engine, (cached = { pods, groups, groupOf }));
  return cached;
}

/** Calls `f` for each (hostNetwork pod, pod-network pod on the same node) among `pods`. */
export function forEachNodeLocalPair(pods: readonly PodModel[], f: (h: PodModel, d: PodModel) => void): void {
  const byNode = new Map<string, PodModel[]>();
  for (const p of pods) {
    if (p.nodeName === undefined || p.hostNetwork) continue;
    const list = byNode.get(p.nodeName);
    if (list) list.push(p);
    else byNode.set(p.nodeName, [p]);
  }
  for (const h of pods) {
    if (!h.hostNetwork || h.nodeName === undefined) continue;
    for (const d of byNode.get(h.nodeName) ?? []) f(h, d);
  }
}

/** The JSON contract: `{"pods": [...], "allowed": {"ns/src": {"ns/dst": bool}}}`, every ordered pair. */
export function matrixToJson(m: PodMatrix): { pods: string[]; allowed: Record<string, Record<string, boolean>> } {
  const allowed: Record<string, Record<string, boolean>> = {};
  for (const s of m.pods) {
    const row: Record<string, boolean> = {};
    for (const d of m.pods) row[d.key] = m.isAllowed(s, d);
    allowed[s.key] = row;
  }
  return { pods: m.pods.map((p) => p.key), allowed };
}

export type GroupBy = 'pod' | 'workload' | 'namespace';

/** For each group, how many of its pods each identity holds. */
export function identityCountsByGroup(pods: readonly PodModel[], by: GroupBy, identityOf: (p: PodModel) => number): Map<string, Map<number, number>> {
  const members = new Map<string, Map<number, number>>();
  for (const p of pods) {
    const k = groupKey(p, by);
    let counts = members.get(k);
    if (!counts) members.set(k, (counts = new Map()));
    const id = identityOf(p);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return members;
}

/** The group a pod belongs to. */
export function groupKey(p: PodModel, by: GroupBy): string {
  return by === 'pod' ? p.key : by === 'namespace' ? p.namespace : workloadName(p);
}

export interface GroupedMatrix {
  readonly groups: readonly string[];
  /** cells[i][j]: how many of the ordered pod pairs from group i to group j are allowed, of how many. */
  readonly cells: readonly (readonly { allowed: number; total: number }[])[];
}

/**
 * Aggregates the pod matrix by workload, namespace or pod. Counts come from identity pairs
 * (count × count), never from a pod × pod scan; a pod's pair with itself is always allowed.
 */
export function groupMatrix(m: PodMatrix, by: GroupBy, identityOf: (p: PodModel) => number): GroupedMatrix {
  const keyOf = (p: PodModel): string => groupKey(p, by);
  const members = identityCountsByGroup(m.pods, by, identityOf);
  const groups = [...members.keys()].sort();
  const cells = groups.map((gs) =>
    groups.map((gd) => {
      let allowed = 0;
      let total = 0;
      for (const [i, ci] of members.get(gs)!) {
        for (const [j, cj] of members.get(gd)!) {
          total += ci * cj;
          if (m.identities.allowed(i, j)) allowed += ci * cj;
          else if (i === j && gs === gd) allowed += ci; // each pod reaches itself
        }
      }
      return { allowed, total };
    }),
  );
  if (m.exceptions.length > 0) {
    const index = new Map(groups.map((g, i) => [g, i]));
    const exact = new Map(m.exceptions.map((e) => [`${e.src}/${e.dst}`, e.allowed]));
    forEachNodeLocalPair(m.pods, (h, d) => {
      const allowed = exact.get(`${identityOf(h)}/${identityOf(d)}`);
      if (allowed === undefined) return;
      cells[index.get(keyOf(h))!]![index.get(keyOf(d))!]!.allowed += allowed ? 1 : -1;
    });
  }
  return { groups, cells };
}

/** A group of pods (a workload, say) and how many of them each identity holds. */
export interface PodGroup {
  readonly pods: readonly PodModel[];
  readonly counts: ReadonlyMap<number, number>;
}

export function podGroup(pods: readonly PodModel[], identityOf: (p: PodModel) => number): PodGroup {
  const counts = new Map<number, number>();
  for (const p of pods) {
    const id = identityOf(p);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { pods, counts };
}

/**
 * One cell of the grouped matrix without the others: ordered pod pairs from group `from` to group
 * `to` (or one group with itself when `same`), and how many are allowed — as `groupMatrix` counts
 * them: identity pairs weighed by pod counts, each pod reaching itself, and node-local pairs by
 * their exception verdict (`exact`: exception verdicts by `src * identities + dst`).
 */
export function cellBetween(m: PodMatrix, from: PodGroup, to: PodGroup, same: boolean, identityOf: (p: PodModel) => number, exact?: ReadonlyMap<number, boolean>): { allowed: number; total: number } {
  let allowed = 0;
  let total = 0;
  for (const [i, ci] of from.counts) {
    for (const [j, cj] of to.counts) {
      total += ci * cj;
      if (m.identities.allowed(i, j)) allowed += ci * cj;
      else if (i === j && same) allowed += ci; // each pod reaches itself
    }
  }
  if (m.exceptions.length > 0 && from.pods.some((p) => p.hostNetwork)) {
    const n = m.identities.size;
    const verdicts = exact ?? exceptionVerdicts(m);
    forEachNodeLocalPair([...from.pods.filter((p) => p.hostNetwork), ...to.pods.filter((p) => !p.hostNetwork)], (h, d) => {
      const v = verdicts.get(identityOf(h) * n + identityOf(d));
      if (v !== undefined) allowed += v ? 1 : -1;
    });
  }
  return { allowed, total };
}

/** The exception verdicts of a matrix by `src * identities + dst`. */
export function exceptionVerdicts(m: PodMatrix): ReadonlyMap<number, boolean> {
  const n = m.identities.size;
  return new Map(m.exceptions.map((e) => [e.src * n + e.dst, e.allowed]));
}
