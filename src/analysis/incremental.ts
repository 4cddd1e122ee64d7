import { decodeObjects } from '../ingest/decode/decode-objects.js';
import { buildSnapshot, parseSources, reparse } from '../ingest/load-snapshot.js';
import type { LoadOptions } from '../ingest/load-snapshot.js';
import type { SourceText } from '../ingest/source-text.js';
import { compileNetworkPolicies } from '../layers/policy/compile-network-policy.js';
import { RowSource, computeReachability } from '../layers/policy/compute-reachability.js';
import type { Identity } from '../layers/policy/identities.js';
import { type PolicyEngine, type PolicyEngineOptions, buildPolicyEngine } from '../layers/policy/policy-engine.js';
import type { Direction } from '../layers/policy/policy-ir.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { objectId } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { Bitset } from '../net/bitset.js';
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
   * Pods on each side, and how many ordered pod pairs changed. One side is one identity (pods
   * every policy treats alike); the other side may be many.
   */
  readonly from: readonly string[];
  readonly to: readonly string[];
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
    // What every change needs, built now rather than inside the first change: the policy index
    // and the container ports in use (cached per pod list, which policy changes keep).
    this.engineValue.rulesByPolicy();
    portsInUse(snapshot);
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
        const changes = targets.flatMap((t) => changedRows(before, replaced.engine, replaced.affected, t.protocol, t.port));
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

/**
 * Verdict changes between two engines over the same identities, looking only at affected rows:
 * an ingress row that changed can flip pairs (s, d) for its d; an egress row, pairs (s, d) for its
 * s. Each candidate pair is decided in full (egress at s and ingress at d) in both engines, with
 * rows from one `RowSource`: rows the change did not touch are computed once for both. Changes are
 * grouped by the identity whose row changed and the direction of the flip, so a change that opens
 * a namespace to the whole cluster is a few groups, not one entry per pair of identities.
 */
function changedRows(before: PolicyEngine, after: PolicyEngine, affected: Record<Direction, Bitset>, protocol: Protocol, port: number): VerdictChange[] {
  const rows = new RowSource(after.index, protocol, port);
  const identities = after.index.identities;
  const n = after.index.size;
  const podPairs = (s: number, d: number): number => {
    const ps = identities[s]!.pods.length;
    return s === d ? ps * (ps - 1) : ps * identities[d]!.pods.length;
  };
  // Egress rows by identity, fetched once each (arrays made on first use: a small change on many
  // ports should not pay for them); an identity whose egress rules did not change has the same
  // row in both engines.
  let egressBefore: (Bitset | undefined)[] | undefined;
  let egressAfter: (Bitset | undefined)[] | undefined;
  const egB = (s: number): Bitset => ((egressBefore ??= new Array<Bitset | undefined>(n))[s] ??= rows.row(before, 'egress', s));
  const egA = (s: number): Bitset => ((egressAfter ??= new Array<Bitset | undefined>(n))[s] ??= affected.egress.has(s) ? rows.row(after, 'egress', s) : egB(s));
  const out: { change: VerdictChange; fromKey: string; toKey: string }[] = [];
  // One group per (identity whose row changed, flip): the identities on the other side, and pairs.
  const flush = (side: 'to' | 'from', id: number, others: Map<boolean, { set: Bitset; pairs: number }>): void => {
    for (const [after, g] of others) {
      if (g.pairs === 0) continue;
      const one = [id];
      const many = g.set.toArray();
      const fromIds = side === 'to' ? many : one;
      const toIds = side === 'to' ? one : many;
      // Sorted by first pods without listing them all.
      const change = verdictChange(protocol, port, identities, fromIds, toIds, g.pairs, !after, after);
      out.push({ change, fromKey: identities[fromIds[0]!]!.pods[0]!.key, toKey: identities[toIds[0]!]!.pods[0]!.key });
    }
  };
  const add = (groups: Map<boolean, { set: Bitset; pairs: number }>, flippedTo: boolean, other: number, pairs: number): void => {
    let g = groups.get(flippedTo);
    if (!g) groups.set(flippedTo, (g = { set: new Bitset(n), pairs: 0 }));
    g.set.add(other);
    g.pairs += pairs;
  };
  const changedIngress = new Map<number, Bitset>();
  for (const d of affected.ingress) {
    const inB = rows.row(before, 'ingress', d);
    const inA = rows.row(after, 'ingress', d);
    const x = inB.clone();
    x.xorInPlace(inA);
    changedIngress.set(d, x);
    const groups = new Map<boolean, { set: Bitset; pairs: number }>();
    x.forEach((s) => {
      const b = inB.has(s) && egB(s).has(d);
      const a = inA.has(s) && egA(s).has(d);
      if (a !== b) add(groups, a, s, podPairs(s, d));
    });
    flush('to', d, groups);
  }
  for (const s of affected.egress) {
    const x = egB(s).clone();
    x.xorInPlace(egA(s));
    const groups = new Map<boolean, { set: Bitset; pairs: number }>();
    x.forEach((d) => {
      if (changedIngress.get(d)?.has(s)) return; // decided with d's ingress row above
      const b = egB(s).has(d) && rows.row(before, 'ingress', d).has(s);
      const a = egA(s).has(d) && rows.row(after, 'ingress', d).has(s);
      if (a !== b) add(groups, a, d, podPairs(s, d));
    });
    flush('from', s, groups);
  }
  out.sort((x, y) => (x.fromKey < y.fromKey ? -1 : x.fromKey > y.fromKey ? 1 : x.toKey < y.toKey ? -1 : x.toKey > y.toKey ? 1 : 0));
  return out.map((o) => o.change);
}

/** A change whose pod lists are listed when first read (a group can span most of the cluster). */
function verdictChange(protocol: Protocol, port: number, identities: readonly Identity[], fromIds: readonly number[], toIds: readonly number[], pairs: number, before: boolean, after: boolean): VerdictChange {
  let from: string[] | undefined;
  let to: string[] | undefined;
  const pods = (ids: readonly number[]): string[] => ids.flatMap((id) => identities[id]!.pods.map((p) => p.key));
  return {
    protocol,
    port,
    get from() {
      return (from ??= pods(fromIds));
    },
    get to() {
      return (to ??= pods(toIds));
    },
    pairs,
    before,
    after,
  };
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
    readonly pods: string[];
  }
  const parts: Part[] = [];
  for (const ident of after.index.identities) {
    const byOld = new Map<number, string[]>();
    for (const p of ident.pods) {
      const was = before.index.identityOfPod(p.key);
      if (was === undefined) continue; // new pods: no verdict to change
      const list = byOld.get(was);
      if (list) list.push(p.key);
      else byOld.set(was, [p.key]);
    }
    for (const [was, pods] of byOld) parts.push({ now: ident.id, was, pods });
  }
  const b = computeReachability(before, protocol, port);
  const a = computeReachability(after, protocol, port);
  const out: VerdictChange[] = [];
  for (const sp of parts) {
    const be = b.egress[sp.was]!;
    const ae = a.egress[sp.now]!;
    for (const dp of parts) {
      const vb = be.has(dp.was) && b.ingress[dp.was]!.has(sp.was);
      const va = ae.has(dp.now) && a.ingress[dp.now]!.has(sp.now);
      if (va === vb) continue;
      const pairs = sp === dp ? sp.pods.length * (sp.pods.length - 1) : sp.pods.length * dp.pods.length;
      if (pairs > 0) out.push({ protocol, port, from: sp.pods, to: dp.pods, pairs, before: vb, after: va });
    }
  }
  return out;
}
