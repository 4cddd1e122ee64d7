import { decodeObjects } from '../ingest/decode/decode-objects.js';
import { buildSnapshot, parseSources, reparse } from '../ingest/load-snapshot.js';
import type { LoadOptions } from '../ingest/load-snapshot.js';
import type { SourceText } from '../ingest/source-text.js';
import { compileNetworkPolicies } from '../layers/policy/compile-network-policy.js';
import { type IdentityReachability, RowSource, computeReachability } from '../layers/policy/compute-reachability.js';
import { evaluateConnection, localNodeIngressAlwaysAllowed } from '../layers/policy/evaluate-connection.js';
import type { Identity } from '../layers/policy/identities.js';
import { type PolicyEngine, type PolicyEngineOptions, buildPolicyEngine } from '../layers/policy/policy-engine.js';
import type { Direction } from '../layers/policy/policy-ir.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { type PodModel, objectId } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { Bitset, BitsetWeights } from '../net/bitset.js';
import type { Protocol } from '../net/protocol.js';
import { type ProtocolPort, portsInUse } from './ports-in-use.js';

/** Objects to add or replace (as manifest text) and objects to delete (`Kind/namespace/name`). */
export interface ChangeSet {
  readonly upsert?: readonly SourceText[];
  readonly delete?: readonly string[];
}

/** A change of verdict between two groups of pods that every policy treats alike. */
export interface VerdictChange {
  readonly protocol: Protocol;
  readonly port: number;
  /**
   * Pods on each side, and how many ordered pod pairs changed: every pair of `from` × `to` (a pod
   * and itself excepted) but those in `except`. One side is one identity (pods every policy treats
   * alike); the other side may be many.
   */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /**
   * Pairs of `from` × `to` whose verdict did not change: a hostNetwork pod and a pod on its node,
   * whose traffic the local-node rule decides, not the rows that changed.
   */
  readonly except: readonly (readonly [string, string])[];
  readonly pairs: number;
  readonly before: boolean;
  readonly after: boolean;
}

export interface ApplyResult {
  /** Bumped on every applied change; caches compare it. */
  readonly revision: number;
  /** `policy-only`: the identity index was reused and only affected rows recomputed; `rebuild`: everything. */
  readonly strategy: 'policy-only' | 'rebuild';
  readonly changedObjects: readonly string[];
  readonly changes: readonly VerdictChange[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A loaded cluster that takes changes: what a watch mode or the web UI uses. A change that only
 * touches NetworkPolicies keeps the identities and their selector caches, rebuilds the rule index
 * for the identities the changed policies select, and recomputes only their rows — the verdicts
 * that can have changed. Anything else (pods, namespaces, labels) rebuilds the snapshot from the
 * objects it already has plus the change. Every change bumps the revision.
 */
export class ClusterModel {
  private snapshotValue: Snapshot;
  private engineValue: PolicyEngine;
  private revisionValue = 0;

  constructor(
    snapshot: Snapshot,
    private readonly options: LoadOptions & PolicyEngineOptions = {},
  ) {
    this.snapshotValue = snapshot;
    this.engineValue = buildPolicyEngine(snapshot, options);
    // What every change needs, built now rather than inside the first change: the policy index,
    // the rule classes (derived engines inherit them) and the container ports in use (cached per
    // pod list, which policy changes keep).
    this.engineValue.rulesByPolicy();
    this.engineValue.ruleClasses('ingress');
    this.engineValue.ruleClasses('egress');
    // The selector cache, filled as a policy controller fills its own at start: every rule's peer
    // and subject, and every rule's port condition at every port in use (the identity index and
    // these caches outlive policy-only changes).
    const index = this.engineValue.index;
    for (const r of this.engineValue.policies.rules) {
      index.selectPeer(r.peer);
      index.selectPods(r.subject);
    }
    for (const { protocol, port } of portsInUse(snapshot)) for (const r of this.engineValue.policies.rules) index.portMatchSet(r.ports, protocol, port);
  }

  get snapshot(): Snapshot {
    return this.snapshotValue;
  }

  get engine(): PolicyEngine {
    return this.engineValue;
  }

  get revision(): number {
    return this.revisionValue;
  }

  /** Applies a change; returns the changed verdicts on `ports` (default: every port in use). */
  apply(change: ChangeSet, ports?: readonly ProtocolPort[]): ApplyResult {
    const { parsed, diagnostics } = parseSources(change.upsert ?? []);
    const decoded = decodeObjects(parsed);
    const allDiagnostics = [...diagnostics, ...decoded.diagnostics];
    if (allDiagnostics.some((d) => d.severity === 'error')) {
      return { revision: this.revisionValue, strategy: 'policy-only', changedObjects: [], changes: [], diagnostics: allDiagnostics };
    }
    const upserted = decoded.objects.map((o) => objectId(o.kind, o.namespace, o.name));
    const deleted = [...(change.delete ?? [])];
    const changedObjects = [...upserted, ...deleted];
    const before = this.engineValue;
    const policyOnly = changedObjects.every((id) => id.startsWith('NetworkPolicy/'));
    const targets = ports ?? mergePorts(portsInUse(this.snapshotValue), decoded.networkPolicies.length ? portsOf(decoded) : []);
    if (policyOnly) {
      const gone = new Set(changedObjects);
      // Names first: building every object's id to compare would cost more than the change itself.
      const goneNames = new Set(changedObjects.map((id) => id.slice(id.lastIndexOf('/') + 1)));
      const isGone = (kind: string, namespace: string | undefined, name: string): boolean => goneNames.has(name) && gone.has(objectId(kind, namespace, name));
      const networkPolicies = [...this.snapshotValue.networkPolicies.filter((np) => !isGone('NetworkPolicy', np.namespace, np.name)), ...decoded.networkPolicies];
      const objects = [...this.snapshotValue.objects.filter((o) => !isGone(o.kind, o.namespace, o.name)), ...decoded.objects];
      const snapshot: Snapshot = { ...this.snapshotValue, networkPolicies, objects };
      const maxId = before.policies.rules.reduce((m, r) => Math.max(m, r.id), 0) + before.ignoredRules.length + 1;
      const added = compileNetworkPolicies(decoded.networkPolicies, maxId);
      const replaced = before.replacePolicies(snapshot, gone, added);
      if (replaced) {
        this.snapshotValue = snapshot;
        this.engineValue = replaced.engine;
        this.revisionValue++;
        const ctx = changeContext(before, replaced.engine, replaced.affected);
        const changes = targets.flatMap((t) => changedRows(ctx, t.protocol, t.port));
        return { revision: this.revisionValue, strategy: 'policy-only', changedObjects, changes, diagnostics: allDiagnostics };
      }
    }
    // Rebuild from the objects we have, minus the replaced and deleted ones, plus the new ones.
    const gone = new Set(changedObjects);
    const kept = reparse(this.snapshotValue).filter((_, i) => {
      const o = this.snapshotValue.objects[i]!;
      return !gone.has(objectId(o.kind, o.namespace, o.name));
    });
    const rebuilt = buildSnapshot([...kept, ...parsed], this.options);
    const after = buildPolicyEngine(rebuilt.snapshot, this.options);
    const changes = targets.flatMap((t) => changedPairsByPod(before, after, t.protocol, t.port));
    this.snapshotValue = rebuilt.snapshot;
    this.engineValue = after;
    this.revisionValue++;
    return { revision: this.revisionValue, strategy: 'rebuild', changedObjects, changes, diagnostics: [...allDiagnostics, ...rebuilt.diagnostics.filter((d) => d.severity !== 'info')] };
  }
}

function portsOf(decoded: ReturnType<typeof decodeObjects>): ProtocolPort[] {
  const out: ProtocolPort[] = [];
  for (const np of decoded.networkPolicies) for (const r of [...np.ingress, ...np.egress]) for (const p of r.ports ?? []) if (typeof p.port === 'number') out.push({ protocol: p.protocol, port: p.port });
  return out;
}

function mergePorts(a: readonly ProtocolPort[], b: readonly ProtocolPort[]): ProtocolPort[] {
  const seen = new Set<string>();
  return [...a, ...b].filter((p) => {
    const k = `${p.protocol}/${p.port}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** What `changedRows` needs on every port of one change: computed once per change. */
interface ChangeContext {
  readonly before: PolicyEngine;
  readonly after: PolicyEngine;
  readonly affected: Record<Direction, Bitset>;
  /**
   * Identities whose egress allows every destination at every port, in both engines: hostNetwork
   * ones, and those no NetworkPolicy isolates for egress and no cluster-policy egress rule selects.
   */
  readonly open: Bitset;
  /** Pods per identity, for sums over sets of identities. */
  readonly pods: BitsetWeights;
  readonly nodeLocal: NodeLocalPairs;
}

function changeContext(before: PolicyEngine, after: PolicyEngine, affected: Record<Direction, Bitset>): ChangeContext {
  const index = after.index;
  const open = index.all.clone();
  for (const engine of [before, after]) {
    open.andNotInPlace(engine.isolated('egress'));
    for (let id = 0; id < index.size; id++) if (open.has(id) && engine.rulesFor('egress', id).some((r) => r.tier !== 'NetworkPolicy')) open.delete(id);
  }
  open.orInPlace(index.hostNetworkIdentities);
  return { before, after, affected, open, pods: new BitsetWeights(index.identities.map((i) => i.pods.length)), nodeLocal: new NodeLocalPairs(after) };
}

/**
 * Verdict changes between two engines over the same identities, looking only at affected rows:
 * an ingress row that changed can flip pairs (s, d) for its d; an egress row, pairs (s, d) for its
 * s. Rows come from one `RowSource` (rows the change did not touch are computed once for both
 * engines). For a changed ingress row, the sources whose egress is open to everything flip exactly
 * where the row changed — set operations; the others are decided one by one, egress at s and
 * ingress at d in both engines. Changes are grouped by the identity whose row changed and the
 * direction of the flip, so a change that opens a namespace to the whole cluster is a few groups,
 * not one entry per pair of identities; their pod lists are listed only when read.
 */
function changedRows(ctx: ChangeContext, protocol: Protocol, port: number): VerdictChange[] {
  const { before, after, affected, open } = ctx;
  const rows = new RowSource(after.index, protocol, port);
  const identities = after.index.identities;
  const n = after.index.size;
  // Egress rows by identity, fetched once each (arrays made on first use: a small change on many
  // ports should not pay for them); an identity whose egress rules did not change has the same
  // row in both engines.
  let egressBefore: (Bitset | undefined)[] | undefined;
  let egressAfter: (Bitset | undefined)[] | undefined;
  const egB = (s: number): Bitset => ((egressBefore ??= new Array<Bitset | undefined>(n))[s] ??= rows.row(before, 'egress', s));
  const egA = (s: number): Bitset => ((egressAfter ??= new Array<Bitset | undefined>(n))[s] ??= affected.egress.has(s) ? rows.row(after, 'egress', s) : egB(s));
  const out: { change: VerdictChange; fromKey: string; toKey: string }[] = [];
  const firstPod = (id: number): string => identities[id]!.pods[0]!.key;
  /** Ordered pod pairs between identity `one` and the identities of `many` (a pod's pair with itself excluded). */
  const pairsWith = (one: number, many: Bitset): number => {
    const w = identities[one]!.pods.length;
    return ctx.pods.sum(many) * w - (many.has(one) ? w : 0);
  };
  const emit = (side: 'to' | 'from', id: number, flippedTo: boolean, set: Bitset, except: readonly (readonly [string, string])[] = []): void => {
    const pairs = pairsWith(id, set) - except.length;
    if (pairs === 0) return;
    const first = set.first();
    const change = verdictChange(protocol, port, identities, side === 'to' ? set : id, side === 'to' ? id : set, pairs, !flippedTo, flippedTo, except);
    out.push({ change, fromKey: firstPod(side === 'to' ? first : id), toKey: firstPod(side === 'to' ? id : first) });
  };
  const changedIngress = new Map<number, Bitset>();
  for (const d of affected.ingress) {
    const inB = rows.row(before, 'ingress', d);
    const inA = rows.row(after, 'ingress', d);
    const x = inB.clone();
    x.xorInPlace(inA);
    changedIngress.set(d, x);
    // Open sources flip with the row: newly allowed where the new row holds them, denied where the old did.
    const opened = x.clone();
    opened.andInPlace(open);
    const closed = opened.clone();
    opened.andInPlace(inA);
    closed.andInPlace(inB);
    const rest = x.clone();
    rest.andNotInPlace(open);
    rest.forEach((s) => {
      const b = inB.has(s) && egB(s).has(d);
      const a = inA.has(s) && egA(s).has(d);
      if (a !== b) (a ? opened : closed).add(s);
    });
    // Node-local pairs into d: out of the groups, and reported one by one where they changed.
    const nodeLocal = ctx.nodeLocal.into(identities[d]!.pods);
    const exceptOpened: [string, string][] = [];
    const exceptClosed: [string, string][] = [];
    for (const [h, p] of nodeLocal) {
      const hid = after.index.identityOfPod(h.key)!;
      if (opened.has(hid)) exceptOpened.push([h.key, p.key]);
      if (closed.has(hid)) exceptClosed.push([h.key, p.key]);
      const c = nodeLocalChanged(before, after, h, p, protocol, port);
      if (c) out.push({ change: pairChange(protocol, port, h.key, p.key, c.before, c.after), fromKey: h.key, toKey: p.key });
    }
    emit('to', d, true, opened, exceptOpened);
    emit('to', d, false, closed, exceptClosed);
  }
  for (const s of affected.egress) {
    const x = egB(s).clone();
    x.xorInPlace(egA(s));
    const opened = new Bitset(n);
    const closed = new Bitset(n);
    x.forEach((d) => {
      if (changedIngress.get(d)?.has(s)) return; // decided with d's ingress row above
      const b = egB(s).has(d) && rows.row(before, 'ingress', d).has(s);
      const a = egA(s).has(d) && rows.row(after, 'ingress', d).has(s);
      if (a !== b) (a ? opened : closed).add(d);
    });
    emit('from', s, true, opened);
    emit('from', s, false, closed);
  }
  out.sort((x, y) => (x.fromKey < y.fromKey ? -1 : x.fromKey > y.fromKey ? 1 : x.toKey < y.toKey ? -1 : x.toKey > y.toKey ? 1 : 0));
  return out.map((o) => o.change);
}

/** A change whose pod lists are listed when first read (a group can span most of the cluster). */
function verdictChange(
  protocol: Protocol,
  port: number,
  identities: readonly Identity[],
  fromIds: Bitset | number,
  toIds: Bitset | number,
  pairs: number,
  before: boolean,
  after: boolean,
  except: readonly (readonly [string, string])[],
): VerdictChange {
  let from: string[] | undefined;
  let to: string[] | undefined;
  const pods = (ids: Bitset | number): string[] => {
    const out: string[] = [];
    const add = (id: number): void => {
      for (const p of identities[id]!.pods) out.push(p.key);
    };
    if (typeof ids === 'number') add(ids);
    else ids.forEach(add);
    return out;
  };
  return {
    protocol,
    port,
    get from() {
      return (from ??= pods(fromIds));
    },
    get to() {
      return (to ??= pods(toIds));
    },
    except,
    pairs,
    before,
    after,
  };
}

/**
 * Node-local pairs — a hostNetwork pod and a pod on its node — are decided pod by pod, as the
 * matrix decides them (matrix.ts: by the local-node rule alone where it applies, else by
 * evaluateConnection), never by the identity rows: the groups of changes except them, and those
 * whose exact verdict changed are reported as changes of their own.
 */
class NodeLocalPairs {
  private readonly hostPodsByNode = new Map<string, PodModel[]>();

  /** The node-local pairs of one engine's snapshot (its pods' placement and hostNetwork). */
  constructor(readonly engine: PolicyEngine) {
    for (const id of engine.index.hostNetworkIdentities) {
      for (const p of engine.index.identities[id]!.pods) {
        if (p.nodeName === undefined) continue;
        const list = this.hostPodsByNode.get(p.nodeName);
        if (list) list.push(p);
        else this.hostPodsByNode.set(p.nodeName, [p]);
      }
    }
  }

  /** Node-local pairs into pods `to` (of this engine's snapshot): each with every hostNetwork pod on its node. */
  into(to: readonly PodModel[]): [PodModel, PodModel][] {
    const out: [PodModel, PodModel][] = [];
    if (this.hostPodsByNode.size === 0) return out;
    for (const p of to) {
      if (p.nodeName === undefined || p.hostNetwork) continue;
      for (const h of this.hostPodsByNode.get(p.nodeName) ?? []) out.push([h, p]);
    }
    return out;
  }
}

/** A node-local pair's exact verdict before and after the change, when it changed (same pods and placement on both sides). */
function nodeLocalChanged(before: PolicyEngine, after: PolicyEngine, h: PodModel, p: PodModel, protocol: Protocol, port: number): { before: boolean; after: boolean } | undefined {
  if (before.index.identityOfPod(h.key) === undefined || before.index.identityOfPod(p.key) === undefined) return undefined;
  const b = exactNodeLocal(before, h, p, protocol, port);
  const a = exactNodeLocal(after, h, p, protocol, port);
  return a === b ? undefined : { before: b, after: a };
}

function exactNodeLocal(engine: PolicyEngine, h: PodModel, p: PodModel, protocol: Protocol, port: number): boolean {
  const d = engine.index.identityOfPod(p.key)!;
  return localNodeIngressAlwaysAllowed(engine, d) || evaluateConnection(engine, { kind: 'pod', pod: h }, { kind: 'pod', pod: p }, protocol, port).allowed;
}

/** One changed pod pair as a change of its own. */
function pairChange(protocol: Protocol, port: number, from: string, to: string, before: boolean, after: boolean): VerdictChange {
  return { protocol, port, from: [from], to: [to], except: [], pairs: 1, before, after };
}

/**
 * After a rebuild identities differ: split each new identity's pods by the identity they had
 * before, and compare verdicts part by part (exact, since pods of one part were alike both times).
 * Both engines' full identity rows are computed once (rows are shared between identities with the
 * same rules), so each part pair costs four bit tests.
 */
function changedPairsByPod(before: PolicyEngine, after: PolicyEngine, protocol: Protocol, port: number): VerdictChange[] {
  interface Part {
    readonly now: number;
    readonly was: number;
    readonly pods: PodModel[];
  }
  const parts: Part[] = [];
  for (const ident of after.index.identities) {
    const byOld = new Map<number, PodModel[]>();
    for (const p of ident.pods) {
      const was = before.index.identityOfPod(p.key);
      if (was === undefined) continue; // new pods: no verdict to change
      const list = byOld.get(was);
      if (list) list.push(p);
      else byOld.set(was, [p]);
    }
    for (const [was, pods] of byOld) parts.push({ now: ident.id, was, pods });
  }
  const b = computeReachability(before, protocol, port);
  const a = computeReachability(after, protocol, port);
  // Node-local pairs — on either side: pods may have moved or turned hostNetwork — are decided
  // pod by pod: out of the groups, and reported on their own when their verdict changed.
  const nodeLocalBefore = new NodeLocalPairs(before);
  const nodeLocalAfter = new NodeLocalPairs(after);
  const nodeLocal = new Map<string, [string, string]>();
  const wasLocal = new Set<string>();
  const isLocal = new Set<string>();
  for (const dp of parts) {
    for (const [h, p] of nodeLocalAfter.into(dp.pods)) {
      const k = `${h.key}\u0000${p.key}`;
      nodeLocal.set(k, [h.key, p.key]);
      isLocal.add(k);
    }
    const podsBefore = dp.pods.map((p) => before.snapshot.podsByKey.get(p.key)!);
    for (const [h, p] of nodeLocalBefore.into(podsBefore)) {
      const k = `${h.key}\u0000${p.key}`;
      nodeLocal.set(k, [h.key, p.key]);
      wasLocal.add(k);
    }
  }
  const localFrom = new Map<string, Set<string>>();
  for (const [hKey, pKey] of nodeLocal.values()) {
    const set = localFrom.get(hKey);
    if (set) set.add(pKey);
    else localFrom.set(hKey, new Set([pKey]));
  }
  const keys = (pods: readonly PodModel[]): string[] => pods.map((p) => p.key);
  const out: VerdictChange[] = [];
  for (const sp of parts) {
    const be = b.egress[sp.was]!;
    const ae = a.egress[sp.now]!;
    for (const dp of parts) {
      const vb = be.has(dp.was) && b.ingress[dp.was]!.has(sp.was);
      const va = ae.has(dp.now) && a.ingress[dp.now]!.has(sp.now);
      if (va === vb) continue;
      const except: [string, string][] = [];
      for (const h of sp.pods) {
        const into = localFrom.get(h.key);
        if (into) for (const p of dp.pods) if (into.has(p.key)) except.push([h.key, p.key]);
      }
      const pairs = (sp === dp ? sp.pods.length * (sp.pods.length - 1) : sp.pods.length * dp.pods.length) - except.length;
      if (pairs > 0) out.push({ protocol, port, from: keys(sp.pods), to: keys(dp.pods), except, pairs, before: vb, after: va });
    }
  }
  // Each side's verdict for a pair: its exact node-local verdict where it was node-local there, else its identities'.
  const verdict = (engine: PolicyEngine, reach: IdentityReachability, local: boolean, hKey: string, pKey: string): boolean => {
    const h = engine.snapshot.podsByKey.get(hKey)!;
    const p = engine.snapshot.podsByKey.get(pKey)!;
    return local ? exactNodeLocal(engine, h, p, protocol, port) : reach.allowed(engine.index.identityOfPod(hKey)!, engine.index.identityOfPod(pKey)!);
  };
  for (const [k, [hKey, pKey]] of nodeLocal) {
    if (before.index.identityOfPod(hKey) === undefined || after.index.identityOfPod(hKey) === undefined) continue; // new or gone: no verdict to change
    const vb = verdict(before, b, wasLocal.has(k), hKey, pKey);
    const va = verdict(after, a, isLocal.has(k), hKey, pKey);
    if (vb !== va) out.push(pairChange(protocol, port, hKey, pKey, vb, va));
  }
  return out;
}
