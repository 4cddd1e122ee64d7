/**
 * The network-policy-api conformance world (kubernetes-sigs/network-policy-api
 * conformance/base/manifests.yaml), rebuilt as plain objects: four "house" namespaces with two
 * server/client pods each (StatefulSets there, pods here so addresses are fixed), and the
 * hostNetwork `centaur` pods in forbidden-forrest on two linux Nodes. Container ports as upstream:
 * `web` 80/TCP and `dns` 53/UDP (the other ports upstream serves are unnamed and play no part in
 * policy), centaur's named host ports `web-<p0>`, `web-<p1>`, `dns-<p2>`, `dns-<p4>`.
 *
 * Scenario steps mirror the upstream tests: each `t.Run` is a step, each `PokeServer(client,
 * proto, serverIP, port, expected)` a probe, and mutations (patching a policy, relabelling a
 * namespace, deleting a NetworkPolicy) carry over to later steps as they do upstream.
 */

export const HOUSES = ['gryffindor', 'slytherin', 'hufflepuff', 'ravenclaw'] as const;
export type House = (typeof HOUSES)[number];

const POD_PREFIX: Record<House, string> = {
  gryffindor: 'harry-potter',
  slytherin: 'draco-malfoy',
  hufflepuff: 'cedric-diggory',
  ravenclaw: 'luna-lovegood',
};

/** `s.HostNetworkPorts` upstream: ports the hostNetwork pods serve (any free ports will do). */
export const HOST_PORTS = [34345, 34346, 34347, 34348, 34349, 34350, 34351, 34352] as const;

export const NODES = [
  { name: 'worker-1', ip: '172.18.0.11' },
  { name: 'worker-2', ip: '172.18.0.12' },
] as const;

export function ns(house: House | 'forbidden-forrest'): string {
  return `network-policy-conformance-${house}`;
}

/** `harry-potter-0` → `network-policy-conformance-gryffindor/harry-potter-0`; `centaur-1` likewise. */
export function podKey(name: string): string {
  if (name.startsWith('centaur-')) return `${ns('forbidden-forrest')}/${name}`;
  const house = HOUSES.find((h) => name.startsWith(`${POD_PREFIX[h]}-`));
  if (!house) throw new Error(`unknown conformance pod ${name}`);
  return `${ns(house)}/${name}`;
}

/** Pod IPs: 10.244.<house>.<ordinal + 10>; centaur-<i> has its node's IP. */
export function podIp(name: string): string {
  const m = /-(\d)$/.exec(name);
  const ordinal = Number(m?.[1] ?? 0);
  if (name.startsWith('centaur-')) return NODES[ordinal]!.ip;
  const house = HOUSES.findIndex((h) => name.startsWith(`${POD_PREFIX[h]}-`));
  return `10.244.${house + 1}.${ordinal + 10}`;
}

export interface WorldState {
  /** Namespace labels besides kubernetes.io/metadata.name (which the API server always sets). */
  namespaceLabels: Record<string, Record<string, string>>;
  /** ClusterNetworkPolicies (and NetworkPolicies) as plain manifests, mutable by steps. */
  policies: Record<string, unknown>[];
}

export function initialState(policies: Record<string, unknown>[]): WorldState {
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const h of [...HOUSES, 'forbidden-forrest' as const]) namespaceLabels[ns(h)] = { 'conformance-house': h };
  return { namespaceLabels, policies: structuredClone(policies) };
}

/** The cluster objects of a state: namespaces, nodes, pods, then the policies. */
export function worldObjects(state: WorldState): object[] {
  const objects: object[] = [];
  for (const [name, labels] of Object.entries(state.namespaceLabels)) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  for (const n of NODES) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': n.name } },
      status: { addresses: [{ type: 'InternalIP', address: n.ip }] },
    });
  }
  HOUSES.forEach((house) => {
    for (const ordinal of [0, 1]) {
      const name = `${POD_PREFIX[house]}-${ordinal}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns(house), labels: { 'conformance-house': house } },
        spec: {
          nodeName: NODES[ordinal]!.name,
          containers: [
            { name: `${POD_PREFIX[house]}-client`, image: 'agnhost' },
            { name: `${POD_PREFIX[house]}-80`, image: 'agnhost', ports: [{ containerPort: 80, protocol: 'TCP', name: 'web' }] },
            { name: `${POD_PREFIX[house]}-53`, image: 'agnhost', ports: [{ containerPort: 53, protocol: 'UDP', name: 'dns' }] },
          ],
        },
        status: { phase: 'Running', podIP: podIp(name) },
      });
    }
  });
  for (const ordinal of [0, 1]) {
    const name = `centaur-${ordinal}`;
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns('forbidden-forrest'), labels: { 'conformance-house': 'forbidden-forrest' } },
      spec: {
        nodeName: NODES[ordinal]!.name,
        hostNetwork: true,
        containers: [
          { name: 'centaur-client', image: 'agnhost' },
          { name: `centaur-${HOST_PORTS[0]}-tcp`, image: 'agnhost', ports: [{ containerPort: HOST_PORTS[0], protocol: 'TCP', name: `web-${HOST_PORTS[0]}` }] },
          { name: `centaur-${HOST_PORTS[1]}-tcp`, image: 'agnhost', ports: [{ containerPort: HOST_PORTS[1], protocol: 'TCP', name: `web-${HOST_PORTS[1]}` }] },
          { name: `centaur-${HOST_PORTS[2]}-udp`, image: 'agnhost', ports: [{ containerPort: HOST_PORTS[2], protocol: 'UDP', name: `dns-${HOST_PORTS[2]}` }] },
          { name: `centaur-${HOST_PORTS[4]}-udp`, image: 'agnhost', ports: [{ containerPort: HOST_PORTS[4], protocol: 'UDP', name: `dns-${HOST_PORTS[4]}` }] },
        ],
      },
      status: { phase: 'Running', podIP: podIp(name) },
    });
  }
  objects.push(...structuredClone(state.policies));
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Policy builders (v1alpha2 shapes)

type Selector = Record<string, unknown>;

export const byName = (house: House): Selector => ({ matchLabels: { 'kubernetes.io/metadata.name': ns(house) } });
export const byHouse = (house: House): Selector => ({ matchLabels: { 'conformance-house': house } });
export const namespacesPeer = (sel: Selector): object => ({ namespaces: sel });
export const podsPeer = (house: House): object => ({ pods: { namespaceSelector: byHouse(house), podSelector: byHouse(house) } });
export const tcp = (n: number): object => ({ tcp: { destinationPort: { number: n } } });
export const udp = (n: number): object => ({ udp: { destinationPort: { number: n } } });
export const sctp = (n: number): object => ({ sctp: { destinationPort: { number: n } } });
export const tcpRange = (start: number, end: number): object => ({ tcp: { destinationPort: { range: { start, end } } } });
export const namedPort = (name: string): object => ({ destinationNamedPort: name });

export function inRule(name: string, action: string, from: object[], protocols?: object[]): Record<string, unknown> {
  return { name, action, from, ...(protocols ? { protocols } : {}) };
}

export function outRule(name: string, action: string, to: object[], protocols?: object[]): Record<string, unknown> {
  return { name, action, to, ...(protocols ? { protocols } : {}) };
}

export function cnp(
  name: string,
  tier: 'Admin' | 'Baseline',
  priority: number,
  subject: object,
  rules: { ingress?: Record<string, unknown>[]; egress?: Record<string, unknown>[] },
): Record<string, unknown> {
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name },
    spec: { tier, priority, subject, ...(rules.ingress ? { ingress: rules.ingress } : {}), ...(rules.egress ? { egress: rules.egress } : {}) },
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations, as the upstream tests patch objects

interface PolicyShape {
  metadata: { name: string };
  kind: string;
  spec: { priority?: number; ingress?: Record<string, unknown>[]; egress?: Record<string, unknown>[] };
}

export function policyNamed(state: WorldState, name: string): PolicyShape {
  const p = state.policies.find((o) => (o as unknown as PolicyShape).metadata.name === name && (o as unknown as PolicyShape).kind !== 'NetworkPolicy');
  if (!p) throw new Error(`no policy ${name}`);
  return p as unknown as PolicyShape;
}

export function swapRules(direction: 'ingress' | 'egress', i: number, j: number, policy: string): (s: WorldState) => void {
  return (s) => {
    const rules = policyNamed(s, policy).spec[direction]!;
    [rules[i], rules[j]] = [rules[j]!, rules[i]!];
  };
}

// ---------------------------------------------------------------------------------------------
// v1alpha1 twins: the same scenario written as AdminNetworkPolicy / BaselineAdminNetworkPolicy
// (network-policy-api v0.1.x ran the same conformance scenarios against those kinds).

/** A v1alpha2 ClusterNetworkPolicy as v1alpha1, or undefined when v1alpha1 cannot say it (Pass in Baseline). */
export function toV1alpha1(policy: Record<string, unknown>): Record<string, unknown> | undefined {
  if (policy['kind'] !== 'ClusterNetworkPolicy') return policy;
  const spec = policy['spec'] as { tier: string; priority: number; subject: object; ingress?: Record<string, unknown>[]; egress?: Record<string, unknown>[] };
  const baseline = spec.tier === 'Baseline';
  const rules = (list: Record<string, unknown>[] | undefined): Record<string, unknown>[] | undefined =>
    list?.map((r) => {
      const { protocols, action, ...rest } = r as { protocols?: Record<string, unknown>[]; action: string };
      return {
        ...rest,
        action: action === 'Accept' ? 'Allow' : action,
        ...(protocols ? { ports: protocols.map(toV1alpha1Port) } : {}),
      };
    });
  const all = [...(spec.ingress ?? []), ...(spec.egress ?? [])];
  if (baseline && all.some((r) => r['action'] === 'Pass')) return undefined;
  const subject = fillNamespaceSelector(spec.subject);
  const ingress = rules(spec.ingress)?.map((r) => ({ ...r, from: (r['from'] as object[]).map(fillNamespaceSelector) }));
  const egress = rules(spec.egress)?.map((r) => ({ ...r, to: (r['to'] as object[]).map(fillNamespaceSelector) }));
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    metadata: { name: baseline ? 'default' : (policy['metadata'] as { name: string }).name },
    spec: { ...(baseline ? {} : { priority: spec.priority }), subject, ...(ingress ? { ingress } : {}), ...(egress ? { egress } : {}) },
  };
}

/** v1alpha1 NamespacedPod requires namespaceSelector. */
function fillNamespaceSelector(peer: object): object {
  const p = peer as { pods?: { namespaceSelector?: object; podSelector: object } };
  return p.pods ? { ...peer, pods: { namespaceSelector: p.pods.namespaceSelector ?? {}, podSelector: p.pods.podSelector } } : peer;
}

function toV1alpha1Port(entry: Record<string, unknown>): object {
  if (typeof entry['destinationNamedPort'] === 'string') return { namedPort: entry['destinationNamedPort'] };
  for (const key of ['tcp', 'udp', 'sctp']) {
    const e = entry[key] as { destinationPort: { number?: number; range?: { start: number; end: number } } } | undefined;
    if (!e) continue;
    const protocol = key.toUpperCase();
    if (e.destinationPort.number !== undefined) return { portNumber: { protocol, port: e.destinationPort.number } };
    return { portRange: { protocol, start: e.destinationPort.range!.start, end: e.destinationPort.range!.end } };
  }
  throw new Error('unknown protocol entry');
}
