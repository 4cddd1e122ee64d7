import type { EndpointModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { findManifestObject } from './field-origin.js';
import { withHints } from './traffic-distribution-hints.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** What the topology cache reads of a Node. */
export interface NodeZoneCapacity {
  readonly name: string;
  readonly zone: string | undefined;
  /** status.allocatable.cpu in millicores; 0 when absent. */
  readonly cpuMillis: number;
  readonly ready: boolean;
  /** Has a control-plane/master role label: left out of capacity (hasExcludedLabels). */
  readonly excluded: boolean;
}

/** overloadThreshold in k8s.io/endpointslice topologycache. */
const OVERLOAD_THRESHOLD = 0.2;

/** A Kubernetes CPU quantity in millicores ("4", "3800m", "2.5", "1k"); undefined when unreadable. */
export function parseCpuMillis(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  const scale: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return Math.round(value * (m[2] ? scale[m[2]]! : 1) * 1000);
}

/** The Node facts the topology cache uses, read from the Node manifests. */
export function readNodeZoneCapacity(snapshot: Snapshot): NodeZoneCapacity[] {
  return snapshot.nodes.map((node) => {
    const body = findManifestObject(snapshot, 'Node', undefined, node.name)?.body;
    const status = isRecord(body?.status) ? body.status : {};
    const allocatable = isRecord(status.allocatable) ? status.allocatable : {};
    const cpu = allocatable.cpu;
    const cpuMillis = typeof cpu === 'string' ? (parseCpuMillis(cpu) ?? 0) : typeof cpu === 'number' ? Math.round(cpu * 1000) : 0;
    const conditions = Array.isArray(status.conditions) ? status.conditions : [];
    const readyCondition = conditions.find((c): c is Record<string, unknown> => isRecord(c) && c.type === 'Ready');
    return {
      name: node.name,
      zone: node.labels[ZONE_LABEL] || undefined,
      cpuMillis,
      ready: readyCondition?.status === 'True',
      excluded: 'node-role.kubernetes.io/control-plane' in node.labels || 'node-role.kubernetes.io/master' in node.labels,
    };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ProportionalHints {
  readonly endpoints: EndpointModel[];
  /** True when hints were set; false when the controller would remove them. */
  readonly applied: boolean;
  readonly reason: string;
}

interface Allocation {
  minimum: number;
  maximum: number;
  desired: number;
}

/**
 * TopologyCache.SetNodes + AddHints (k8s.io/endpointslice topologycache): hints proportional to
 * each zone's share of allocatable CPU of ready, non-control-plane nodes. Any such node without a
 * zone or CPU, fewer than 2 zones, fewer ready endpoints than zones, or a minimum allocation over
 * the 20% overload threshold: no hints at all. Otherwise every ready endpoint is hinted for its
 * own zone, then endpoints move from zones over their share to zones under it. Upstream walks Go
 * maps, so which endpoint moves is not fixed; kflow walks zones in name order.
 */
export function assignProportionalZoneHints(endpoints: readonly EndpointModel[], nodes: readonly NodeZoneCapacity[]): ProportionalHints {
  const none = (reason: string): ProportionalHints => ({ endpoints: endpoints.map((e) => withHints(e, undefined, undefined)), applied: false, reason });
  const cpuByZone = new Map<string, number>();
  let total = 0;
  for (const n of nodes) {
    if (n.excluded || !n.ready) continue;
    if (n.zone === undefined || n.cpuMillis === 0) {
      return none(`Insufficient Node information: allocatable CPU or zone not specified on one or more nodes (node ${n.name})`);
    }
    total += n.cpuMillis;
    cpuByZone.set(n.zone, (cpuByZone.get(n.zone) ?? 0) + n.cpuMillis);
  }
  if (total === 0) return none('Insufficient Node information: no ready worker node with allocatable CPU and a zone');
  if (cpuByZone.size < 2) return none('Nodes only ready in one zone');
  const numEndpoints = endpoints.filter((e) => e.conditions.ready).length;
  if (cpuByZone.size > numEndpoints) return none(`Insufficient number of endpoints (${numEndpoints} endpoints, ${cpuByZone.size} zones)`);
  const zones = [...cpuByZone.keys()].sort();
  const allocations = new Map<string, Allocation>();
  let remaining = numEndpoints;
  let minTotal = 0;
  for (const zone of zones) {
    const desired = (cpuByZone.get(zone)! / total) * numEndpoints;
    const minimum = Math.ceil(desired * (1 / (1 + OVERLOAD_THRESHOLD)));
    allocations.set(zone, { minimum, maximum: 0, desired: Math.max(desired, minimum) });
    minTotal += minimum;
    remaining -= minimum;
    if (remaining < 0) {
      return none(`Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (${numEndpoints} endpoints, ${zones.length} zones)`);
    }
  }
  for (const a of allocations.values()) a.maximum = a.minimum + numEndpoints - minTotal;

  // Step 1: every ready endpoint is hinted for its own zone.
  const allocated = new Map<string, number>();
  const out: EndpointModel[] = [];
  for (const e of endpoints) {
    if (!e.conditions.ready) {
      out.push(withHints(e, undefined, undefined));
      continue;
    }
    if (e.zone === undefined || e.zone === '') return none('One or more endpoints do not have a zone specified');
    allocated.set(e.zone, (allocated.get(e.zone) ?? 0) + 1);
    out.push(withHints(e, [e.zone], undefined));
  }
  // Step 2: zones that give and zones that receive (getGivingAndReceivingZones).
  const givingDesired = new Map<string, number>();
  const receivingDesired = new Map<string, number>();
  for (const zone of zones) {
    const have = allocated.get(zone) ?? 0;
    const target = allocations.get(zone)!.desired;
    if (have > target) givingDesired.set(zone, have - target);
    else if (have < target) receivingDesired.set(zone, target - have);
  }
  const giving = new Map<string, number>();
  const receiving = new Map<string, number>();
  for (;;) {
    const [gz, give] = most(givingDesired);
    const [rz, receive] = most(receivingDesired);
    if (gz === undefined || rz === undefined || (give < 1 && receive < 1) || give < 0.5 || receive < 0.5) break;
    giving.set(gz, (giving.get(gz) ?? 0) + 1);
    givingDesired.set(gz, give - 1);
    receiving.set(rz, (receiving.get(rz) ?? 0) + 1);
    receivingDesired.set(rz, receive - 1);
  }
  // Step 3: move hints (redistributeHints).
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    if (!e.conditions.ready || e.zone === undefined) continue;
    if (giving.size === 0 || receiving.size === 0) break;
    const toGive = giving.get(e.zone);
    if (!toGive) continue;
    const rz = [...receiving.keys()].sort().find((z) => (receiving.get(z) ?? 0) > 0);
    if (rz === undefined) continue;
    out[i] = withHints(e, [rz], undefined);
    if (toGive === 1) giving.delete(e.zone);
    else giving.set(e.zone, toGive - 1);
    const r = receiving.get(rz)!;
    if (r === 1) receiving.delete(rz);
    else receiving.set(rz, r - 1);
  }
  const shares = zones.map((z) => `${z} ${Math.round((cpuByZone.get(z)! / total) * 100)}%`).join(', ');
  return { endpoints: out, applied: true, reason: `hints proportional to allocatable CPU by zone (${shares})` };
}

function most(m: ReadonlyMap<string, number>): [string | undefined, number] {
  let zone: string | undefined;
  let num = 0;
  for (const z of [...m.keys()].sort()) {
    const n = m.get(z)!;
    if (n > num) {
      zone = z;
      num = n;
    }
  }
  return [zone, num];
}
