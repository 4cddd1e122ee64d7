import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { naiveMatrix } from '../../bench/naive/naive-evaluator.js';
import { buildPolicyEngine, computeMatrix, evaluateConnection, loadSnapshot, type SourceText } from '../../src/index.js';
import type {
  Container,
  ContainerPort,
  IPBlock,
  KubeObject,
  LabelSelector,
  LabelSelectorRequirement,
  NamespaceObject,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyObject,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PodObject,
  Protocol,
} from '../netpol/model.js';

/**
 * Differential property tests: kflow's policy engine (manifests → loadSnapshot → Policy IR →
 * identity bitsets, and the per-pair explaining evaluator) against the naive oracle in
 * bench/naive (a straight reading of the networking.k8s.io/v1 API reference, sharing no code
 * with src/), on small random clusters. Then rule-order independence: Cilium's policy tests
 * rerun every case over orderings of the rules; here every list in every object is shuffled
 * (objects, rules, peers, ports, selector requirements, except lists, containers) and the
 * cluster is re-read as multi-document YAML, and the matrix must not change.
 *
 * Semantics both implementations intend (and the generator exercises):
 * - hostNetwork pods carry their node's IP, are never selected by podSelector/namespaceSelector
 *   (as subjects or peers) and are never isolated; ipBlock may match them by the node IP;
 * - NetworkPolicySpec.ingress: traffic "is allowed to a pod if ... the traffic source is the
 *   pod's local node" — here a hostNetwork pod on the destination's node.
 *
 * On failure the thrown message carries the generated objects as JSON (paste into a file and run
 * `kflow matrix` / naiveMatrix on it).
 */

/** 300 by default; KFLOW_PROPERTY_RUNS=20000 for a deep run. */
const RUNS = Number(process.env['KFLOW_PROPERTY_RUNS'] ?? 300);
/** ~10 ms a run here; generous for loaded CI machines and deep runs. */
const TIMEOUT_MS = 30_000 + RUNS * 40;

// ---------------------------------------------------------------------------------------------
// Vocabulary

const NAMESPACE_NAMES = ['alpha', 'beta', 'gamma', 'delta'] as const;
const POD_LABEL_KEYS = ['app', 'tier', 'env'] as const;
const POD_LABEL_VALUES = ['a', 'b', 'c'] as const;
// 'y' and 'n' are booleans in YAML 1.1 (the dialect Kubernetes reads): a quoting trap for the YAML path.
const NS_LABEL_KEYS = ['team', 'env'] as const;
const NS_LABEL_VALUES = ['x', 'y', 'n'] as const;
const NS_NAME_LABEL = 'kubernetes.io/metadata.name';
const PORT_NAMES = ['http', 'metrics', 'dns'] as const;
const POLICY_PORT_NAMES = [...PORT_NAMES, 'grpc'] as const; // 'grpc': a name no pod exposes
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const CONTAINER_PORTS = [53, 80, 81, 8080, 9090] as const;
const POLICY_PORTS = [1, 53, 80, 81, 443, 8080, 9090] as const;
const PROBE_PORTS = [53, 80, 81, 443, 8080, 9090] as const;
const NODES = ['node-1', 'node-2'] as const;
/** Node InternalIPs (a hostNetwork pod's podIP): one inside 10.0.0.0/24, one outside. */
const NODE_IPS: Record<(typeof NODES)[number], string> = { 'node-1': '10.0.0.250', 'node-2': '172.18.0.3' };

// ---------------------------------------------------------------------------------------------
// Addresses (own helpers: the generator must not borrow src/net)

/** IPv4 /24 pools pods are placed in; most pods go to the first. */
const V4_POOLS = [0x0a000000 /* 10.0.0.0 */, 0x0a000100 /* 10.0.1.0 */, 0xc0a80700 /* 192.168.7.0 */, 0xac120000 /* 172.18.0.0 */] as const;
const V6_POOL = 0xfd00n << 112n; // fd00::/16, pods at fd00::<n>

function v4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function v6Text(n: bigint): string {
  // Uncompressed eight groups: exercises the parser's full form.
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

function v4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function v6Mask(prefix: number): bigint {
  const all = (1n << 128n) - 1n;
  return prefix === 0 ? 0n : (all << BigInt(128 - prefix)) & all;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

function requirementArb(keys: readonly string[], values: readonly string[]): fc.Arbitrary<LabelSelectorRequirement> {
  return fc.oneof(
    fc.record({
      key: fc.constantFrom(...keys),
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
  );
}

/** matchLabels and matchExpressions, each absent, empty or not: {} selects everything. */
function selectorArb(keys: readonly string[], values: readonly string[], labelValues: readonly string[] = values): fc.Arbitrary<LabelSelector> {
  return fc.record(
    {
      matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...labelValues), { maxKeys: 2, noNullPrototype: true }),
      matchExpressions: fc.array(requirementArb(keys, values), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
}

const podSelectorArb = selectorArb(POD_LABEL_KEYS, POD_LABEL_VALUES);
const namespaceSelectorArb = selectorArb([...NS_LABEL_KEYS, NS_NAME_LABEL], [...NS_LABEL_VALUES, ...NAMESPACE_NAMES]);

const protocolArb = fc.constantFrom(...PROTOCOLS);

/** A valid ipBlock: cidr (sometimes with host bits set), except entries strictly inside it. */
const ipBlockV4Arb: fc.Arbitrary<IPBlock> = fc
  .record({
    pool: fc.constantFrom(...V4_POOLS),
    host: fc.integer({ min: 0, max: 255 }),
    prefix: fc.constantFrom(0, 8, 16, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32),
    hostBitsSet: fc.boolean(),
    excepts: fc.array(fc.record({ extra: fc.integer({ min: 1, max: 32 }), bits: fc.integer({ min: 0, max: 0xffffffff }) }), { maxLength: 2 }),
  })
  .map(({ pool, host, prefix, hostBitsSet, excepts }) => {
    const address = (pool + host) >>> 0;
    const network = (address & v4Mask(prefix)) >>> 0;
    const cidr = `${v4Text(hostBitsSet && prefix < 32 ? address : network)}/${prefix}`;
    const except: string[] = [];
    for (const e of excepts) {
      const q = prefix + e.extra;
      if (q > 32) continue;
      // Inside the cidr: the cidr's network bits, then (mostly) the pool's bits so excepts hit pods.
      const low = e.bits % 3 === 0 ? e.bits : (pool + (e.bits & 255)) >>> 0;
      const inside = (network | (low & ~v4Mask(prefix))) >>> 0;
      except.push(`${v4Text((inside & v4Mask(q)) >>> 0)}/${q}`);
    }
    return except.length > 0 || excepts.length === 0 ? { cidr, except } : { cidr };
  });

const ipBlockV6Arb: fc.Arbitrary<IPBlock> = fc
  .record({
    host: fc.integer({ min: 0, max: 255 }),
    prefix: fc.constantFrom(0, 8, 16, 64, 120, 124, 128),
    excepts: fc.array(fc.record({ extra: fc.integer({ min: 1, max: 128 }), bits: fc.integer({ min: 0, max: 255 }) }), { maxLength: 2 }),
  })
  .map(({ host, prefix, excepts }) => {
    const network = (V6_POOL + BigInt(host)) & v6Mask(prefix);
    const except: string[] = [];
    for (const e of excepts) {
      const q = Math.min(128, prefix + e.extra);
      if (q <= prefix) continue;
      const inside = network | ((V6_POOL + BigInt(e.bits)) & ~v6Mask(prefix) & ((1n << 128n) - 1n));
      except.push(`${v6Text(inside & v6Mask(q))}/${q}`);
    }
    return { cidr: `${v6Text(network)}/${prefix}`, except };
  });

const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ podSelector: podSelectorArb }),
  fc.record({ namespaceSelector: namespaceSelectorArb }),
  fc.record({ podSelector: podSelectorArb, namespaceSelector: namespaceSelectorArb }),
  fc.record({ ipBlock: fc.oneof({ arbitrary: ipBlockV4Arb, weight: 4 }, { arbitrary: ipBlockV6Arb, weight: 1 }) }),
);

const policyPortArb: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  // protocol only (or nothing at all: TCP, every port)
  fc.record({ protocol: protocolArb }, { requiredKeys: [] }),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(...POLICY_PORTS) }, { requiredKeys: ['port'] }),
  fc
    .record({ protocol: optional(protocolArb), port: fc.constantFrom(...POLICY_PORTS), span: fc.constantFrom(0, 1, 10, 1000, 65535) })
    .map(({ protocol, port, span }) => ({ ...(protocol ? { protocol } : {}), port, endPort: Math.min(65535, port + span) })),
  fc.record({ protocol: protocolArb, port: fc.constantFrom(...POLICY_PORT_NAMES) }, { requiredKeys: ['port'] }),
);

/** Absent, empty, or 1..3 items: the three cases NetworkPolicy distinguishes (absent/empty alike). */
const listArb = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T[] | undefined> => optional(fc.array(arb, { maxLength: 3 }));

const ingressRuleArb: fc.Arbitrary<NetworkPolicyIngressRule> = fc
  .record({ from: listArb(peerArb), ports: listArb(policyPortArb) })
  .map(({ from, ports }) => ({ ...(from ? { from } : {}), ...(ports ? { ports } : {}) }));
const egressRuleArb: fc.Arbitrary<NetworkPolicyEgressRule> = fc
  .record({ to: listArb(peerArb), ports: listArb(policyPortArb) })
  .map(({ to, ports }) => ({ ...(to ? { to } : {}), ...(ports ? { ports } : {}) }));

type PolicyTypes = NonNullable<NetworkPolicyObject['spec']['policyTypes']>;

interface PolicyDraft {
  ns: number;
  podSelector: LabelSelector | undefined;
  policyTypes: PolicyTypes | undefined;
  ingress: NetworkPolicyIngressRule[] | undefined;
  egress: NetworkPolicyEgressRule[] | undefined;
}

const policyArb: fc.Arbitrary<PolicyDraft> = fc.record({
  ns: fc.nat(3),
  podSelector: fc.option(podSelectorArb, { nil: undefined, freq: 8 }),
  policyTypes: optional(
    fc.constantFrom<PolicyTypes>(['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress']),
  ),
  ingress: listArb(ingressRuleArb),
  egress: listArb(egressRuleArb),
});

const containerPortArb: fc.Arbitrary<ContainerPort> = fc
  .record({ name: optional(fc.constantFrom(...PORT_NAMES)), containerPort: fc.constantFrom(...CONTAINER_PORTS), protocol: optional(protocolArb) })
  .map(({ name, containerPort, protocol }) => ({ ...(name ? { name } : {}), containerPort, ...(protocol ? { protocol } : {}) }));

interface PodDraft {
  ns: number;
  labels: Record<string, string>;
  pool: number;
  host: number;
  hostNetwork: boolean;
  node: (typeof NODES)[number] | undefined;
  containers: ContainerPort[][];
}

const podArb: fc.Arbitrary<PodDraft> = fc.record({
  ns: fc.nat(3),
  labels: fc.dictionary(fc.constantFrom(...POD_LABEL_KEYS), fc.constantFrom(...POD_LABEL_VALUES), { maxKeys: 3, noNullPrototype: true }),
  // 0..3: V4_POOLS (10.0.0.0/24 most often), 4: IPv6
  pool: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 2 }),
  host: fc.integer({ min: 1, max: 254 }),
  hostNetwork: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
  node: optional(fc.constantFrom(...NODES)),
  // Port names are unique within a container (validateContainerPorts), not across containers.
  containers: fc.array(fc.uniqueArray(containerPortArb, { maxLength: 3, selector: (p) => p.name ?? Symbol() }), { minLength: 1, maxLength: 2 }),
});

interface NamespaceDraft {
  labels: Record<string, string>;
  /** false: no Namespace object; the snapshot must synthesize it with only the name label. */
  declared: boolean;
}

const namespaceArb: fc.Arbitrary<NamespaceDraft> = fc.record({
  labels: fc.dictionary(fc.constantFrom(...NS_LABEL_KEYS), fc.constantFrom(...NS_LABEL_VALUES), { maxKeys: 2, noNullPrototype: true }),
  declared: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
});

interface ClusterDraft {
  namespaces: NamespaceDraft[];
  pods: PodDraft[];
  policies: PolicyDraft[];
}

const clusterArb: fc.Arbitrary<ClusterDraft> = fc.record({
  namespaces: fc.array(namespaceArb, { minLength: 2, maxLength: 4 }),
  pods: fc.array(podArb, { minLength: 2, maxLength: 8 }),
  policies: fc.array(policyArb, { maxLength: 5 }),
});

interface Probe {
  port: number;
  protocol: Protocol;
}

const probesArb: fc.Arbitrary<Probe[]> = fc.array(fc.record({ port: fc.constantFrom(...PROBE_PORTS), protocol: protocolArb }), {
  minLength: 1,
  maxLength: 3,
});

// ---------------------------------------------------------------------------------------------
// Drafts → Kubernetes objects

function buildObjects(draft: ClusterDraft): KubeObject[] {
  const nsName = (i: number): string => NAMESPACE_NAMES[i % draft.namespaces.length]!;
  const objects: KubeObject[] = [];
  draft.namespaces.forEach((ns, i) => {
    if (!ns.declared) return;
    const object: NamespaceObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: nsName(i), labels: { ...ns.labels } } };
    objects.push(object);
  });
  const usedIps = new Set<string>(Object.values(NODE_IPS));
  draft.pods.forEach((p, i) => {
    const node = p.hostNetwork ? (p.node ?? 'node-1') : p.node;
    let ip: string;
    if (p.hostNetwork) {
      ip = NODE_IPS[node!];
    } else {
      // Distinct pod-network IPs: bump the host part until free.
      let host = p.host;
      const text = (h: number): string => (p.pool === 4 ? v6Text(V6_POOL + BigInt(h)) : v4Text((V4_POOLS[p.pool]! + h) >>> 0));
      while (usedIps.has(text(host))) host = (host % 254) + 1;
      ip = text(host);
      usedIps.add(ip);
    }
    const containers: Container[] = p.containers.map((ports, c) => ({
      name: `c${c}`,
      image: 'registry.k8s.io/e2e-test-images/agnhost',
      ...(ports.length > 0 ? { ports } : {}),
    }));
    const pod: PodObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: nsName(p.ns), labels: { ...p.labels } },
      spec: { ...(node ? { nodeName: node } : {}), ...(p.hostNetwork ? { hostNetwork: true } : {}), containers },
      status: { phase: 'Running', podIP: ip, ...(node ? { hostIP: NODE_IPS[node] } : {}) },
    };
    objects.push(pod);
  });
  draft.policies.forEach((p, i) => {
    const spec: NetworkPolicyObject['spec'] = p.podSelector ? { podSelector: p.podSelector } : ({} as NetworkPolicyObject['spec']);
    if (p.policyTypes) spec.policyTypes = [...p.policyTypes];
    if (p.ingress) spec.ingress = p.ingress;
    if (p.egress) spec.egress = p.egress;
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${i}`, namespace: nsName(p.ns) }, spec });
  });
  // Plain JSON data from here on (fast-check values may share structure between objects).
  return JSON.parse(JSON.stringify(objects)) as KubeObject[];
}

// ---------------------------------------------------------------------------------------------
// Running both sides

function asJsonList(objects: readonly KubeObject[]): SourceText[] {
  return [{ file: 'cluster.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }];
}

function load(sources: SourceText[]): ReturnType<typeof buildPolicyEngine> {
  const { snapshot, diagnostics } = loadSnapshot(sources);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`generator produced invalid objects:\n${errors.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n')}`);
  return buildPolicyEngine(snapshot);
}

type Table = Map<string, Map<string, boolean>>;

function engineTable(engine: ReturnType<typeof buildPolicyEngine>, probe: Probe): { table: Table; explained: Table } {
  const m = computeMatrix(engine, probe.protocol, probe.port);
  const table: Table = new Map();
  const explained: Table = new Map();
  for (const s of m.pods) {
    const row = new Map<string, boolean>();
    const eRow = new Map<string, boolean>();
    for (const d of m.pods) {
      row.set(d.key, m.isAllowed(s, d));
      eRow.set(d.key, evaluateConnection(engine, { kind: 'pod', pod: s }, { kind: 'pod', pod: d }, probe.protocol, probe.port).allowed);
    }
    table.set(s.key, row);
    explained.set(s.key, eRow);
  }
  return { table, explained };
}

function diffTables(expected: Table, actual: Table): string[] {
  const out: string[] = [];
  const keys = (t: Table): string => [...t.keys()].join(',');
  if (keys(expected) !== keys(actual)) return [`pod lists differ: expected [${keys(expected)}], got [${keys(actual)}]`];
  for (const [s, row] of expected) {
    for (const [d, v] of row) {
      const a = actual.get(s)?.get(d);
      if (a !== v) out.push(`${s} -> ${d}: expected ${v}, got ${a}`);
    }
  }
  return out;
}

function reproduction(objects: readonly KubeObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2);
}

function check(label: string, expected: Table, actual: Table, probe: Probe, objects: readonly KubeObject[]): void {
  const diff = diffTables(expected, actual);
  if (diff.length > 0) {
    throw new Error(`${label} on ${probe.protocol}/${probe.port}:\n  ${diff.join('\n  ')}\nobjects:\n${reproduction(objects)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Shuffling every list (all lists in these objects are unordered sets to NetworkPolicy)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deepShuffle<T>(value: T, random: () => number): T {
  if (Array.isArray(value)) {
    const copy = value.map((v: unknown) => deepShuffle(v, random));
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy as T;
  }
  if (typeof value === 'object' && value !== null) {
    // Key order shuffled too (maps are unordered), e.g. matchLabels.
    const entries = Object.entries(value).map(([k, v]) => [k, deepShuffle(v, random)] as const);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries) as T;
  }
  return value;
}

/** Multi-document YAML (1.1 quoting, as Kubernetes reads it), split over two files. */
function asYamlFiles(objects: readonly KubeObject[]): SourceText[] {
  const half = Math.ceil(objects.length / 2);
  const doc = (list: readonly KubeObject[]): string => list.map((o) => stringify(o, { version: '1.1' })).join('---\n');
  return [
    { file: 'a.yaml', text: doc(objects.slice(0, half)) },
    { file: 'b.yaml', text: doc(objects.slice(half)) },
  ];
}

// ---------------------------------------------------------------------------------------------

describe('policy engine vs the naive NetworkPolicy oracle (random clusters)', () => {
  it(`computeMatrix = naiveMatrix and evaluateConnection = computeMatrix on every ordered pair (${RUNS} clusters)`, () => {
    fc.assert(
      fc.property(clusterArb, probesArb, (draft, probes) => {
        const objects = buildObjects(draft);
        const engine = load(asJsonList(objects));
        for (const probe of probes) {
          const { table, explained } = engineTable(engine, probe);
          const oracle = naiveMatrix(objects, probe.port, probe.protocol);
          check('engine matrix differs from the naive oracle', oracle, table, probe, objects);
          check('evaluateConnection differs from computeMatrix', table, explained, probe, objects);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it(`the matrix does not depend on the order of objects, rules, peers, ports or selector terms (${RUNS} clusters)`, () => {
    fc.assert(
      fc.property(clusterArb, probesArb, fc.integer(), (draft, probes, seed) => {
        const objects = buildObjects(draft);
        const shuffled = deepShuffle(objects, mulberry32(seed));
        const original = load(asJsonList(objects));
        const reordered = load(asYamlFiles(shuffled));
        for (const probe of probes) {
          const a = engineTable(original, probe);
          const b = engineTable(reordered, probe);
          check('shuffled cluster: matrix changed', a.table, b.table, probe, shuffled);
          check('shuffled cluster: evaluateConnection changed', a.explained, b.explained, probe, shuffled);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('the generator covers what it claims (sanity: a fixed sample hits each feature)', () => {
    const sample = fc.sample(clusterArb, { numRuns: 200, seed: 42 });
    const texts = sample.map((d) => JSON.stringify(buildObjects(d)));
    const some = (needle: string): boolean => texts.some((t) => t.includes(needle));
    for (const needle of [
      '"hostNetwork":true',
      '"operator":"In"',
      '"operator":"NotIn"',
      '"operator":"Exists"',
      '"operator":"DoesNotExist"',
      '"except":["',
      '"endPort":',
      '"port":"http"',
      '"protocol":"SCTP"',
      '"from":[]',
      '"to":[]',
      '"policyTypes":["Egress"]',
      'fd00:',
      '"namespaceSelector":',
    ]) {
      expect(some(needle), needle).toBe(true);
    }
    // Some policies have no policyTypes (defaulting), some pods sit in undeclared namespaces.
    expect(sample.some((d) => d.policies.some((p) => p.policyTypes === undefined))).toBe(true);
    expect(sample.some((d) => d.namespaces.some((n) => !n.declared))).toBe(true);
  });
});
