import type { PodModel } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { isActivePod, workloadName } from '../model/snapshot.js';
import type { Protocol } from '../net/protocol.js';
import { type IdentityReachability, computeReachability } from '../layers/policy/compute-reachability.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import { evaluateConnection } from '../layers/policy/evaluate-connection.js';

/** Pod-to-pod reachability for one (protocol, port), backed by the identity matrix. */
export interface PodMatrix {
  readonly protocol: Protocol;
  readonly port: number;
  /** Active pods (with an IP), sorted by key. */
  readonly pods: readonly PodModel[];
  readonly identities: IdentityReachability;
  /** Pod pairs (`src\u0000dst`) whose verdict differs from their identities' (node-local traffic). */
  readonly exceptions: ReadonlyMap<string, boolean>;
  /** Pod-IP traffic from `src` to `dst` allowed? (Always for a pod to itself.) */
  isAllowed(src: PodModel, dst: PodModel): boolean;
}

export function computeMatrix(engine: PolicyEngine, protocol: Protocol, port: number): PodMatrix {
  const identities = computeReachability(engine, protocol, port);
  const pods = engine.snapshot.pods.filter(isActivePod);
  const idOf = (p: PodModel): number => {
    const id = engine.index.identityOfPod(p.key);
    if (id === undefined) throw new Error(`internal: pod ${p.key} has no identity`);
    return id;
  };
  // Pairs the identity matrix cannot express: a hostNetwork pod (its node) reaching a pod on the
  // same node, which NetworkPolicy always allows. The exact verdict of such a pair depends only on
  // the two identities ("same node" being given), so each identity pair is evaluated once per port.
  const exceptions = new Map<string, boolean>();
  const exactByIdentities = new Map<number, boolean>();
  const n = engine.index.size;
  for (const pair of nodeLocalPairs(engine)) {
    const key = pair.hid * n + pair.did;
    let exact = exactByIdentities.get(key);
    if (exact === undefined) {
      exact = evaluateConnection(engine, { kind: 'pod', pod: pair.h }, { kind: 'pod', pod: pair.d }, protocol, port).allowed;
      exactByIdentities.set(key, exact);
    }
    if (exact !== identities.allowed(pair.hid, pair.did)) exceptions.set(pair.key, exact);
  }
  return {
    protocol,
    port,
    pods,
    identities,
    exceptions,
    isAllowed: (src, dst) => src.key === dst.key || (exceptions.get(`${src.key}\u0000${dst.key}`) ?? identities.allowed(idOf(src), idOf(dst))),
  };
}

interface NodeLocalPair {
  readonly h: PodModel;
  readonly d: PodModel;
  readonly hid: number;
  readonly did: number;
  readonly key: string;
}

const nodeLocalCache = new WeakMap<PolicyEngine, readonly NodeLocalPair[]>();

/** Every (hostNetwork pod, pod-network pod on the same node) pair, computed once per engine. */
function nodeLocalPairs(engine: PolicyEngine): readonly NodeLocalPair[] {
  let pairs = nodeLocalCache.get(engine);
  if (pairs) return pairs;
  const out: NodeLocalPair[] = [];
  const byNode = new Map<string, PodModel[]>();
  const active = engine.snapshot.pods.filter(isActivePod);
  for (const p of active) {
    if (p.nodeName === undefined || p.hostNetwork) continue;
    const list = byNode.get(p.nodeName);
    if (list) list.push(p);
    else byNode.set(p.nodeName, [p]);
  }
  for (const h of active) {
    if (!h.hostNetwork || h.nodeName === undefined) continue;
    const hid = engine.index.identityOfPod(h.key)!;
    for (const d of byNode.get(h.nodeName) ?? []) out.push({ h, d, hid, did: engine.index.identityOfPod(d.key)!, key: `${h.key}\u0000${d.key}` });
  }
  nodeLocalCache.set(engine, (pairs = out));
  return pairs;
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
  const keyOf = (p: PodModel): string => (by === 'pod' ? p.key : by === 'namespace' ? p.namespace : workloadName(p));
  const members = new Map<string, Map<number, number>>();
  for (const p of m.pods) {
    const k = keyOf(p);
    let counts = members.get(k);
    if (!counts) members.set(k, (counts = new Map()));
    const id = identityOf(p);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
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
  const index = new Map(groups.map((g, i) => [g, i]));
  const podByKey = new Map(m.pods.map((p) => [p.key, p]));
  for (const [pair, exact] of m.exceptions) {
    const [s, d] = pair.split('\u0000') as [string, string];
    const cell = cells[index.get(keyOf(podByKey.get(s)!))!]![index.get(keyOf(podByKey.get(d)!))!]!;
    cell.allowed += exact ? 1 : -1;
  }
  return { groups, cells };
}
