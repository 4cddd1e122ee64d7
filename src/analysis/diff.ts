import { type ClusterNetworkPolicyModel, clusterPolicyId } from '../model/cluster-policy-objects.js';
import { type NodeModel, type PodModel, objectId } from '../model/objects.js';
import type { NetworkPolicyModel } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { isActivePod, workloadName } from '../model/snapshot.js';
import { formatLabels } from '../model/label-selector.js';
import { PROTOCOLS, type Protocol } from '../net/protocol.js';
import { evaluateConnection } from '../layers/policy/evaluate-connection.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import type { RuleOrigin } from '../layers/policy/policy-ir.js';
import { type PodGroup, type PodMatrix, cellBetween, computeMatrix, exceptionVerdicts, groupMatrix, podGroup } from './matrix.js';
import { serviceEndpointsForDns } from '../layers/services/service-endpoints.js';
import { formatIp } from '../net/ip.js';
import type { ServiceModel } from '../model/service-objects.js';
import { type ProtocolPort, portsInUse } from './ports-in-use.js';

/** How much of a workload → workload flow is allowed: no pod pair, some, or all. */
export type FlowState = 'none' | 'partial' | 'all';

export interface ObjectChange {
  readonly object: string;
  readonly change: 'added' | 'removed' | 'modified';
  readonly file: string;
  readonly line: number;
}

export interface FlowChange {
  /** `ns/workload` (the owner's name, e.g. the Deployment's). */
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly before: FlowState;
  readonly after: FlowState;
  /** What changed the verdict: the policy objects that changed and the rules deciding now vs before. */
  readonly cause: {
    readonly summary: string;
    readonly objects: readonly ObjectChange[];
    readonly rulesBefore: readonly RuleOrigin[];
    readonly rulesAfter: readonly RuleOrigin[];
  };
}

/**
 * A Service whose DNS answer or endpoints changed. Endpoints are compared by the workloads
 * behind them and per-port endpoint counts (pod names and IPs change with every rollout; a new
 * pod of the same Deployment is not a change).
 */
export interface ServiceChange {
  readonly service: string;
  readonly change: 'added' | 'removed' | 'modified';
  /** The cluster DNS answer for `<svc>.<ns>.svc`: ClusterIPs, headless, or the ExternalName CNAME. */
  readonly dns?: { readonly before: string; readonly after: string };
  readonly endpoints?: { readonly before: string; readonly after: string };
}

export interface DiffResult {
  readonly opened: readonly FlowChange[];
  readonly closed: readonly FlowChange[];
  /** Services whose DNS answer or endpoints differ. */
  readonly services: readonly ServiceChange[];
  readonly changedObjects: readonly ObjectChange[];
  readonly ports: readonly ProtocolPort[];
}

/**
 * What a change opens and closes: every (workload, workload, port) flow whose state differs
 * between two snapshots, on every port either snapshot uses. Workloads are matched by name, so a
 * Deployment whose pods were renamed (a new template hash) is still the same workload. When only
 * policies differ, only the flows of workloads a changed policy selects are compared (the others
 * cannot change); otherwise every pair of workloads is, up to ALL_PAIRS_LIMIT workloads
 * (`compareAllPairs` forces it, as the tests' reference).
 */
export function diffSnapshots(
  before: { snapshot: Snapshot; engine: PolicyEngine },
  after: { snapshot: Snapshot; engine: PolicyEngine },
  options: { readonly compareAllPairs?: boolean; readonly allPairsLimit?: number } = {},
): DiffResult {
  const changedObjects = diffPolicyObjects(before.snapshot, after.snapshot);
  const seen = new Set<string>();
  const ports: ProtocolPort[] = [];
  for (const p of [...portsInUse(before.snapshot), ...portsInUse(after.snapshot), ...clusterPolicyPorts(before.snapshot), ...clusterPolicyPorts(after.snapshot)]) {
    const k = `${p.protocol}/${p.port}`;
    if (!seen.has(k)) {
      seen.add(k);
      ports.push(p);
    }
  }
  const opened: FlowChange[] = [];
  const closed: FlowChange[] = [];
  const record = (from: string, to: string, protocol: Protocol, port: number, sa: FlowState, sb: FlowState): void => {
    const change: FlowChange = { from, to, port, protocol, before: sa, after: sb, cause: explain(before, after, from, to, protocol, port, changedObjects) };
    (rank(sb) > rank(sa) ? opened : closed).push(change);
  };
  if (!options.compareAllPairs && samePods(before.snapshot, after.snapshot)) {
    // Only policies changed: a verdict can change only where a changed policy selects the source
    // (egress) or the destination (ingress). Those workloads' flows, and only those, are compared.
    const affected = affectedWorkloads([before.engine, after.engine], new Set(changedObjects.map((c) => c.object)));
    for (const { protocol, port } of ports) {
      const a = new WorkloadCells(before.engine, protocol, port);
      const b = new WorkloadCells(after.engine, protocol, port);
      const done = new Set<string>();
      const compare = (from: string, to: string): void => {
        const key = `${from}\u0000${to}`;
        if (from === to || done.has(key)) return;
        done.add(key);
        const sa = a.state(from, to);
        const sb = b.state(from, to);
        if (sa !== sb) record(from, to, protocol, port, sa, sb);
      };
      for (const to of affected.ingress) for (const from of a.workloads) compare(from, to);
      for (const from of affected.egress) for (const to of a.workloads) compare(from, to);
    }
  } else {
    const workloads = new Set([...before.snapshot.pods, ...after.snapshot.pods].filter(isActivePod).map(workloadName)).size;
    const limit = options.allPairsLimit ?? ALL_PAIRS_LIMIT;
    if (workloads > limit && !options.compareAllPairs) throw new DiffTooLargeError(workloads, limit);
    for (const { protocol, port } of ports) {
      const a = flowStates(before.engine, protocol, port);
      const b = flowStates(after.engine, protocol, port);
      const keys = new Set([...a.keys(), ...b.keys()]);
      for (const key of keys) {
        const [from, to] = key.split('\u0000') as [string, string];
        const sa = a.get(key) ?? 'none';
        const sb = b.get(key) ?? 'none';
        if (sa === sb || from === to) continue;
        if (!a.has(key) || !b.has(key)) continue; // a workload that appears or disappears is not a policy change
        record(from, to, protocol, port, sa, sb);
      }
    }
  }
  ports.sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
  const order = (x: FlowChange, y: FlowChange) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to) || x.protocol.localeCompare(y.protocol) || x.port - y.port;
  return { opened: opened.sort(order), closed: closed.sort(order), services: diffServices(before.snapshot, after.snapshot), changedObjects, ports };
}

/**
 * Comparing every pair of workloads costs workloads² per port; past this many workloads the diff
 * compares only the flows changed policies can reach, which needs the same pods on both sides.
 */
export const ALL_PAIRS_LIMIT = 1500;

/** A diff too big to compare every pair of workloads, and not a policy-only change. */
export class DiffTooLargeError extends Error {
  constructor(
    readonly workloads: number,
    readonly limit: number = ALL_PAIRS_LIMIT,
  ) {
    super(`the two sides differ in pods (not only in policies) and hold ${workloads.toLocaleString('en-US')} workloads; comparing every pair of them is limited to ${limit.toLocaleString('en-US')} workloads`);
  }
}

/**
 * Same pods on both sides (keys, labels, addresses, nodes, ports), same namespaces' labels and
 * same Nodes (labels and addresses: `nodes` peers and CIDRs that select node addresses see them):
 * then only policies can change a verdict.
 */
function samePods(a: Snapshot, b: Snapshot): boolean {
  if (a.pods.length !== b.pods.length || a.namespaces.size !== b.namespaces.size || a.nodes.length !== b.nodes.length) return false;
  const labels = (l: Readonly<Record<string, string>> | undefined): string => (l === undefined ? '-' : formatLabels(l));
  // What policies see (not where it was written).
  const podSig = (p: PodModel): string =>
    JSON.stringify([p.key, labels(p.labels), p.ips.map(formatIp), p.hostNetwork, p.nodeName ?? '', p.ports.map((c) => [c.name ?? '', c.containerPort, c.protocol]), isActivePod(p)]);
  for (let i = 0; i < a.pods.length; i++) if (podSig(a.pods[i]!) !== podSig(b.pods[i]!)) return false;
  for (const [name, ns] of a.namespaces) if (labels(b.namespaces.get(name)?.labels) !== labels(ns.labels)) return false;
  const nodeSig = (n: NodeModel): string => JSON.stringify([n.name, labels(n.labels), n.addresses.map((x) => `${x.type}=${x.address}`).sort()]);
  const nodes = (s: Snapshot): string[] => s.nodes.map(nodeSig).sort();
  return JSON.stringify(nodes(a)) === JSON.stringify(nodes(b));
}

/** Workloads a changed policy selects, per direction, in either engine (its rules' and isolations' subjects). */
function affectedWorkloads(engines: readonly PolicyEngine[], changed: ReadonlySet<string>): Record<'ingress' | 'egress', Set<string>> {
  const out = { ingress: new Set<string>(), egress: new Set<string>() };
  for (const engine of engines) {
    const subjects = [...engine.policies.rules, ...engine.ignoredRules.map((x) => x.rule), ...engine.policies.isolations].filter((r) => changed.has(r.origin.policy));
    for (const r of subjects) for (const id of engine.index.selectPods(r.subject)) for (const p of engine.index.identities[id]!.pods) out[r.direction].add(workloadName(p));
  }
  return out;
}

/** Flow states between workloads at one port, cell by cell on demand. */
class WorkloadCells {
  private readonly matrix: PodMatrix;
  private readonly groups: ReadonlyMap<string, PodGroup>;
  private exact: ReadonlyMap<number, boolean> | undefined;
  private readonly identityOf: (p: PodModel) => number;

  constructor(engine: PolicyEngine, protocol: Protocol, port: number) {
    this.matrix = computeMatrix(engine, protocol, port);
    this.identityOf = (p) => engine.index.identityOfPod(p.key)!;
    this.groups = workloadGroups(engine);
  }

  get workloads(): Iterable<string> {
    return this.groups.keys();
  }

  state(from: string, to: string): FlowState {
    const none: PodGroup = { pods: [], counts: new Map() };
    this.exact ??= exceptionVerdicts(this.matrix);
    const c = cellBetween(this.matrix, this.groups.get(from) ?? none, this.groups.get(to) ?? none, from === to, this.identityOf, this.exact);
    return c.allowed === 0 ? 'none' : c.allowed === c.total ? 'all' : 'partial';
  }
}

const workloadGroupsCache = new WeakMap<PolicyEngine, ReadonlyMap<string, PodGroup>>();

/** The engine's active pods by workload, with their identities counted: once per engine. */
function workloadGroups(engine: PolicyEngine): ReadonlyMap<string, PodGroup> {
  let groups = workloadGroupsCache.get(engine);
  if (groups) return groups;
  const identityOf = (p: PodModel): number => engine.index.identityOfPod(p.key)!;
  groups = new Map([...podsByWorkload(engine.snapshot)].map(([w, list]) => [w, podGroup(list, identityOf)]));
  workloadGroupsCache.set(engine, groups);
  return groups;
}

function rank(s: FlowState): number {
  return s === 'none' ? 0 : s === 'partial' ? 1 : 2;
}

function flowStates(engine: PolicyEngine, protocol: Protocol, port: number): Map<string, FlowState> {
  const m = computeMatrix(engine, protocol, port);
  const g = groupMatrix(m, 'workload', (p) => engine.index.identityOfPod(p.key)!);
  const out = new Map<string, FlowState>();
  g.groups.forEach((from, i) =>
    g.groups.forEach((to, j) => {
      const c = g.cells[i]![j]!;
      out.set(`${from}\u0000${to}`, c.allowed === 0 ? 'none' : c.allowed === c.total ? 'all' : 'partial');
    }),
  );
  return out;
}

const podsByWorkloadCache = new WeakMap<readonly PodModel[], ReadonlyMap<string, readonly PodModel[]>>();

/** Active pods by workload, indexed once per pod list. */
function podsByWorkload(snapshot: Snapshot): ReadonlyMap<string, readonly PodModel[]> {
  let index = podsByWorkloadCache.get(snapshot.pods);
  if (!index) {
    const byWorkload = new Map<string, PodModel[]>();
    for (const p of snapshot.pods) {
      if (!isActivePod(p)) continue;
      const w = workloadName(p);
      const list = byWorkload.get(w);
      if (list) list.push(p);
      else byWorkload.set(w, [p]);
    }
    podsByWorkloadCache.set(snapshot.pods, (index = byWorkload));
  }
  return index;
}

function podsOf(snapshot: Snapshot, workload: string): readonly PodModel[] {
  return podsByWorkload(snapshot).get(workload) ?? [];
}

function explain(
  before: { snapshot: Snapshot; engine: PolicyEngine },
  after: { snapshot: Snapshot; engine: PolicyEngine },
  from: string,
  to: string,
  protocol: Protocol,
  port: number,
  changed: readonly ObjectChange[],
): FlowChange['cause'] {
  const decide = (side: { snapshot: Snapshot; engine: PolicyEngine }) => {
    const s = podsOf(side.snapshot, from)[0];
    const d = podsOf(side.snapshot, to).find((p) => p.key !== s?.key);
    if (!s || !d) return undefined;
    return evaluateConnection(side.engine, { kind: 'pod', pod: s }, { kind: 'pod', pod: d }, protocol, port);
  };
  const vb = decide(before);
  const va = decide(after);
  const rules = (v: ReturnType<typeof decide>): RuleOrigin[] => (v ? [...v.egress.decidedBy, ...v.ingress.decidedBy, ...(v.allowed ? [] : [...v.egress.isolatedBy, ...v.ingress.isolatedBy])] : []);
  const rulesBefore = rules(vb);
  const rulesAfter = rules(va);
  // Cluster policies also act by Pass (the chain goes on below them): those count as involved too.
  const passing = (v: ReturnType<typeof decide>): RuleOrigin[] => (v ? [...v.egress.chain, ...v.ingress.chain].filter((s) => s.outcome === 'pass').flatMap((s) => s.rules) : []);
  const involved = new Set([...rulesBefore, ...rulesAfter, ...passing(vb), ...passing(va)].map((o) => o.policy));
  const fromNs = from.split('/')[0];
  const toNs = to.split('/')[0];
  const objects = changed.filter((c) => involved.has(c.object) || c.object.startsWith(`NetworkPolicy/${fromNs}/`) || c.object.startsWith(`NetworkPolicy/${toNs}/`));
  const summary = objects.length
    ? objects.map((c) => `${c.object} ${c.change}`).join('; ')
    : 'labels or pods changed (no policy on either side changed)';
  return { summary, objects, rulesBefore, rulesAfter };
}

/**
 * Policy objects added, removed or changed (by content, not position in the file): NetworkPolicies
 * (`NetworkPolicy/ns/name`) and the cluster-scoped ClusterNetworkPolicies, AdminNetworkPolicies and
 * BaselineAdminNetworkPolicy (`Kind/name`).
 */
export function diffPolicyObjects(before: Snapshot, after: Snapshot): ObjectChange[] {
  const ignored = new Set(['source', 'podSelectorSource', 'prioritySource']);
  const content = (o: NetworkPolicyModel | ClusterNetworkPolicyModel) =>
    JSON.stringify(o, (k, v: unknown) => (ignored.has(k) ? undefined : v instanceof Object && 'key' in v && typeof (v as { key: unknown }).key === 'function' ? String(v) : v));
  const objects = (s: Snapshot) =>
    new Map<string, NetworkPolicyModel | ClusterNetworkPolicyModel>([
      ...s.networkPolicies.map((np): [string, NetworkPolicyModel] => [objectId('NetworkPolicy', np.namespace, np.name), np]),
      ...s.clusterNetworkPolicies.map((p): [string, ClusterNetworkPolicyModel] => [clusterPolicyId(p), p]),
    ]);
  const a = objects(before);
  const b = objects(after);
  const out: ObjectChange[] = [];
  for (const [k, o] of b) {
    const old = a.get(k);
    if (!old) out.push({ object: k, change: 'added', file: o.source.file, line: o.source.line });
    else if (content(old) !== content(o)) out.push({ object: k, change: 'modified', file: o.source.file, line: o.source.line });
  }
  for (const [k, o] of a) if (!b.has(k)) out.push({ object: k, change: 'removed', file: o.source.file, line: o.source.line });
  return out.sort((x, y) => x.object.localeCompare(y.object));
}

/** Ports cluster policies name by number (range ends included), as portsInUse does for NetworkPolicies. */
function clusterPolicyPorts(snapshot: Snapshot): ProtocolPort[] {
  const out: ProtocolPort[] = [];
  for (const p of snapshot.clusterNetworkPolicies) {
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const port of rule.ports ?? []) {
        if (port.kind === 'number') out.push({ protocol: port.protocol, port: port.port });
        else if (port.kind === 'range') out.push({ protocol: port.protocol, port: port.start }, { protocol: port.protocol, port: port.end });
      }
    }
  }
  return out;
}

function dnsAnswer(s: ServiceModel): string {
  if (s.type === 'ExternalName') return `CNAME ${s.externalName ?? '?'}`;
  if (s.headless) return 'headless (A records: the ready endpoints)';
  return `A ${s.clusterIPs.map(formatIp).join(', ')}`;
}

function endpointSummary(snapshot: Snapshot, s: ServiceModel): string {
  if (s.type === 'ExternalName') return 'none (ExternalName)';
  const eps = serviceEndpointsForDns(snapshot, s).endpoints;
  if (eps.length === 0) return 'none';
  const byWorkload = new Map<string, number>();
  for (const e of eps) {
    const pod = e.pod ? snapshot.podsByKey.get(e.pod) : undefined;
    const w = pod ? workloadName(pod) : (e.pod ?? e.address);
    byWorkload.set(w, (byWorkload.get(w) ?? 0) + 1);
  }
  const ports = [...new Set(eps.flatMap((e) => e.ports.map((p) => `${p.name || '-'}=${p.port}/${p.protocol}`)))].sort();
  return `${[...byWorkload.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([w, n]) => `${n}× ${w}`).join(', ')} on ${ports.join(', ') || 'no port'}`;
}

/** Services whose cluster DNS answer or endpoints differ between two snapshots. */
export function diffServices(before: Snapshot, after: Snapshot): ServiceChange[] {
  const key = (s: ServiceModel) => `${s.namespace}/${s.name}`;
  const a = new Map(before.services.map((s) => [key(s), s]));
  const b = new Map(after.services.map((s) => [key(s), s]));
  const out: ServiceChange[] = [];
  for (const [k, s] of b) {
    const old = a.get(k);
    if (!old) {
      out.push({ service: k, change: 'added', dns: { before: 'NXDOMAIN', after: dnsAnswer(s) }, endpoints: { before: 'none', after: endpointSummary(after, s) } });
      continue;
    }
    const dns = dnsAnswer(old) === dnsAnswer(s) ? undefined : { before: dnsAnswer(old), after: dnsAnswer(s) };
    const eb = endpointSummary(before, old);
    const ea = endpointSummary(after, s);
    const endpoints = eb === ea ? undefined : { before: eb, after: ea };
    if (dns || endpoints) out.push({ service: k, change: 'modified', ...(dns ? { dns } : {}), ...(endpoints ? { endpoints } : {}) });
  }
  for (const [k, s] of a) if (!b.has(k)) out.push({ service: k, change: 'removed', dns: { before: dnsAnswer(s), after: 'NXDOMAIN' }, endpoints: { before: endpointSummary(before, s), after: 'none' } });
  return out.sort((x, y) => x.service.localeCompare(y.service));
}
