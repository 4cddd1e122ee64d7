import { type ClusterNetworkPolicyModel, clusterPolicyId } from '../model/cluster-policy-objects.js';
import { type PodModel, objectId } from '../model/objects.js';
import type { NetworkPolicyModel } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { isActivePod, workloadName } from '../model/snapshot.js';
import { PROTOCOLS, type Protocol } from '../net/protocol.js';
import { evaluateConnection } from '../layers/policy/evaluate-connection.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import type { RuleOrigin } from '../layers/policy/policy-ir.js';
import { computeMatrix, groupMatrix } from './matrix.js';
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
 * Deployment whose pods were renamed (a new template hash) is still the same workload.
 */
export function diffSnapshots(before: { snapshot: Snapshot; engine: PolicyEngine }, after: { snapshot: Snapshot; engine: PolicyEngine }): DiffResult {
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
      const change: FlowChange = { from, to, port, protocol, before: sa, after: sb, cause: explain(before, after, from, to, protocol, port, changedObjects) };
      (rank(sb) > rank(sa) ? opened : closed).push(change);
    }
  }
  ports.sort((a, b) => PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port);
  const order = (x: FlowChange, y: FlowChange) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to) || x.protocol.localeCompare(y.protocol) || x.port - y.port;
  return { opened: opened.sort(order), closed: closed.sort(order), services: diffServices(before.snapshot, after.snapshot), changedObjects, ports };
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

function podsOf(snapshot: Snapshot, workload: string): PodModel[] {
  return snapshot.pods.filter((p) => isActivePod(p) && workloadName(p) === workload);
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
