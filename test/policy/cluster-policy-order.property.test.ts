import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveMatrix } from '../../bench/naive/naive-evaluator.js';
import { buildPolicyEngine, computeMatrix, evaluateConnection, loadSnapshot } from '../../src/index.js';
import type { Protocol } from '../../src/net/protocol.js';

/**
 * Property tests for cluster policies (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy v1alpha1) mixed with NetworkPolicies, on small random clusters:
 * 1. the bitset matrix, the per-connection evaluator and the naive oracle agree on every pair;
 * 2. order independence: what the API says is unordered — the order of objects in the input
 *    (policies at one priority are ordered by Kind/name, not by input position), the peers of a
 *    rule, the ports of a rule, the CIDRs of a networks peer, the keys of a selector — does not
 *    change any verdict. Priority and the order of rules inside a policy are what matter.
 */

const RUNS = Number(process.env['KFLOW_PROPERTY_RUNS'] ?? 120);
const TIMEOUT_MS = 60_000 + RUNS * 100;

const NAMESPACES = [
  { name: 'alpha', labels: { team: 'x' } },
  { name: 'beta', labels: { team: 'y' } },
  { name: 'gamma', labels: { team: 'x', env: 'prod' } },
] as const;
const NODES = [
  { name: 'node-1', ip: '172.18.0.11', labels: { role: 'infra' } },
  { name: 'node-2', ip: '172.18.0.12', labels: { role: 'worker' } },
] as const;
const APPS = ['p', 'q'] as const;
const PROBES: readonly [Protocol, number][] = [
  ['TCP', 80],
  ['UDP', 53],
  ['TCP', 443],
];

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Generators

const selectorArb = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.oneof(fc.constant({ team: 'x' }), fc.constant({ team: 'y' }), fc.constant({ 'kubernetes.io/metadata.name': 'beta' }), fc.constant({ team: 'x', env: 'prod' })) }),
);
const podSelectorArb = fc.oneof(fc.constant({}), fc.constantFrom(...APPS).map((app) => ({ matchLabels: { app } })));
const cidrArb = fc.constantFrom('10.0.0.0/24', '10.0.1.0/24', '10.0.0.0/23', '172.18.0.11/32', '0.0.0.0/0', '10.0.0.4/30');

const peerArb = (direction: 'ingress' | 'egress'): fc.Arbitrary<Obj> => {
  const selectorPeers: fc.Arbitrary<Obj>[] = [
    selectorArb.map((namespaces) => ({ namespaces })),
    fc.record({ namespaceSelector: selectorArb, podSelector: podSelectorArb }).map((pods) => ({ pods })),
  ];
  if (direction === 'ingress') return fc.oneof(...selectorPeers);
  return fc.oneof(
    ...selectorPeers,
    fc.uniqueArray(cidrArb, { minLength: 1, maxLength: 3 }).map((networks) => ({ networks })),
    fc.oneof(fc.constant({}), fc.constant({ matchLabels: { role: 'infra' } })).map((nodes) => ({ nodes })),
  );
};

const protocolEntryArb = fc.oneof(
  fc.constantFrom(80, 53, 443).map((n) => ({ tcp: { destinationPort: { number: n } } })),
  fc.constantFrom(53, 80).map((n) => ({ udp: { destinationPort: { number: n } } })),
  fc.constant({ tcp: { destinationPort: { range: { start: 50, end: 100 } } } }),
  fc.constantFrom('http', 'dns').map((name) => ({ destinationNamedPort: name })),
);

const ruleArb = (direction: 'ingress' | 'egress', actions: readonly string[]): fc.Arbitrary<Obj> =>
  fc
    .record({
      action: fc.constantFrom(...actions),
      peers: fc.array(peerArb(direction), { minLength: 1, maxLength: 3 }),
      protocols: fc.option(fc.uniqueArray(protocolEntryArb, { minLength: 1, maxLength: 3, selector: (p) => JSON.stringify(p) }), { nil: undefined }),
    })
    .map(({ action, peers, protocols }) => {
      // CEL: no named ports with networks/nodes peers in one egress rule.
      const ipPeers = peers.some((p) => 'networks' in p || 'nodes' in p);
      const ports = protocols?.filter((p) => !(ipPeers && 'destinationNamedPort' in p));
      return { action, [direction === 'ingress' ? 'from' : 'to']: peers, ...(ports && ports.length ? { protocols: ports } : {}) };
    });

const subjectArb = fc.oneof(
  selectorArb.map((namespaces) => ({ namespaces })),
  fc.record({ namespaceSelector: selectorArb, podSelector: podSelectorArb }).map((pods) => ({ pods })),
);

const cnpArb = fc.record({
  tier: fc.constantFrom('Admin', 'Baseline'),
  priority: fc.constantFrom(1, 2, 3),
  subject: subjectArb,
  ingress: fc.array(ruleArb('ingress', ['Accept', 'Deny', 'Pass']), { maxLength: 3 }),
  egress: fc.array(ruleArb('egress', ['Accept', 'Deny', 'Pass']), { maxLength: 3 }),
});

/** v1alpha1 twins of some rules: AdminNetworkPolicy (Allow/Deny/Pass) and the BANP (Allow/Deny). */
function toV1alpha1Rule(rule: Obj, peersField: 'from' | 'to'): Obj {
  const { protocols, action } = rule as { protocols?: Obj[]; action: string };
  const peers = ((rule as Obj)[peersField] as Obj[]).map((p) => ('pods' in p ? { pods: { namespaceSelector: (p['pods'] as Obj)['namespaceSelector'] ?? {}, podSelector: (p['pods'] as Obj)['podSelector'] } } : p));
  const ports = protocols?.map((e) => {
    if ('destinationNamedPort' in e) return { namedPort: e['destinationNamedPort'] };
    const [proto, v] = Object.entries(e)[0]! as [string, { destinationPort: { number?: number; range?: { start: number; end: number } } }];
    const protocol = proto.toUpperCase();
    return v.destinationPort.number !== undefined ? { portNumber: { protocol, port: v.destinationPort.number } } : { portRange: { protocol, ...v.destinationPort.range! } };
  });
  return { action: action === 'Accept' ? 'Allow' : action, [peersField]: peers, ...(ports ? { ports } : {}) };
}

const npArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES.map((n) => n.name)),
  podSelector: podSelectorArb,
  types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  allowFrom: fc.option(fc.record({ namespaceSelector: selectorArb }), { nil: undefined }),
});

const podsArb = fc.tuple(...NAMESPACES.flatMap((ns) => [0, 1].map(() => fc.record({ app: fc.constantFrom(...APPS), http: fc.boolean(), node: fc.constantFrom(0, 1) }))));

const clusterArb = fc.record({
  pods: podsArb,
  cnps: fc.array(cnpArb, { maxLength: 4 }),
  anp: fc.option(fc.record({ priority: fc.constantFrom(1, 2, 3), subject: subjectArb, ingress: fc.array(ruleArb('ingress', ['Accept', 'Deny', 'Pass']), { maxLength: 2 }) }), { nil: undefined }),
  banp: fc.option(fc.record({ subject: subjectArb, egress: fc.array(ruleArb('egress', ['Accept', 'Deny']), { maxLength: 2 }) }), { nil: undefined }),
  nps: fc.array(npArb, { maxLength: 3 }),
});

type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function objectsOf(c: Cluster): Obj[] {
  const objects: Obj[] = [];
  for (const ns of NAMESPACES) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } });
  for (const n of NODES) objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, status: { addresses: [{ type: 'InternalIP', address: n.ip }] } });
  c.pods.forEach((p, i) => {
    const ns = NAMESPACES[Math.floor(i / 2)]!.name;
    const ports = [...(p.http ? [{ name: 'http', containerPort: 80, protocol: 'TCP' }] : []), { name: 'dns', containerPort: 53, protocol: 'UDP' }];
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: ns, labels: { app: p.app } },
      spec: { nodeName: NODES[p.node]!.name, containers: [{ name: 'c', image: 'x', ports }] },
      status: { podIP: `10.0.${i % 2}.${i + 2}` },
    });
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'host-agent', namespace: 'alpha', labels: { app: 'p' } },
    spec: { nodeName: 'node-1', hostNetwork: true, containers: [{ name: 'c', image: 'x' }] },
    status: { podIP: NODES[0].ip },
  });
  c.cnps.forEach((p, i) => {
    objects.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `cnp-${i}` },
      spec: { tier: p.tier, priority: p.priority, subject: p.subject, ingress: p.ingress, egress: p.egress },
    });
  });
  if (c.anp) {
    objects.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'anp' },
      spec: { priority: c.anp.priority, subject: v1alpha1Subject(c.anp.subject), ingress: c.anp.ingress.map((r) => toV1alpha1Rule(r, 'from')) },
    });
  }
  if (c.banp) {
    objects.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: 'default' },
      spec: { subject: v1alpha1Subject(c.banp.subject), egress: c.banp.egress.map((r) => toV1alpha1Rule(r, 'to')) },
    });
  }
  c.nps.forEach((np, i) => {
    const peers = np.allowFrom ? [{ namespaceSelector: np.allowFrom.namespaceSelector }] : undefined;
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np-${i}`, namespace: np.namespace },
      spec: {
        podSelector: np.podSelector,
        policyTypes: np.types,
        ...((np.types as readonly string[]).includes('Ingress') && peers ? { ingress: [{ from: peers }] } : {}),
        ...((np.types as readonly string[]).includes('Egress') && peers ? { egress: [{ to: peers }] } : {}),
      },
    });
  });
  return objects;
}

function v1alpha1Subject(subject: Obj): Obj {
  const pods = subject['pods'] as Obj | undefined;
  return pods ? { pods: { namespaceSelector: pods['namespaceSelector'] ?? {}, podSelector: pods['podSelector'] } } : subject;
}

// ---------------------------------------------------------------------------------------------
// Shuffling what the API leaves unordered

function shuffled<T>(list: readonly T[], rand: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function reorder(objects: readonly Obj[], seed: number): Obj[] {
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const deep = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((x) => deep(x));
      // Rule lists (ingress/egress of cluster policies) are ordered; everything else listed here is a set.
      return key && ['from', 'to', 'protocols', 'ports', 'networks', 'policyTypes'].includes(key) ? shuffled(items, rand) : items;
    }
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Obj).map(([k, x]) => [k, deep(x, k)] as const);
      return Object.fromEntries(shuffled(entries, rand));
    }
    return v;
  };
  return shuffled(objects, rand).map((o) => deep(o) as Obj);
}

// ---------------------------------------------------------------------------------------------

function engineOf(objects: readonly Obj[]) {
  const { snapshot, diagnostics } = loadSnapshot([{ file: 'gen.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }]);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`generated input invalid: ${errors.map((d) => `${d.code} ${d.path} ${d.message}`).join('; ')}\n${JSON.stringify(objects)}`);
  return buildPolicyEngine(snapshot);
}

function matrixKey(objects: readonly Obj[]): string {
  const engine = engineOf(objects);
  return PROBES.map(([protocol, port]) => {
    const m = computeMatrix(engine, protocol, port);
    return m.pods.map((s) => m.pods.map((d) => (m.isAllowed(s, d) ? '1' : '0')).join('')).join('|');
  }).join('\n');
}

describe('cluster policies: engine vs naive oracle, and order independence (random clusters)', () => {
  it(`matrix = per-connection evaluator = naive oracle on every pair (${RUNS} clusters)`, () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const objects = objectsOf(c);
        const engine = engineOf(objects);
        for (const [protocol, port] of PROBES) {
          const m = computeMatrix(engine, protocol, port);
          const naive = naiveMatrix(objects, port, protocol);
          for (const s of m.pods) {
            for (const d of m.pods) {
              const bitset = m.isAllowed(s, d);
              const exact = evaluateConnection(engine, { kind: 'pod', pod: s }, { kind: 'pod', pod: d }, protocol, port).allowed;
              const oracle = naive.get(s.key)?.get(d.key);
              if (bitset !== exact || bitset !== oracle) {
                throw new Error(`${s.key} -> ${d.key} ${port}/${protocol}: matrix ${bitset}, evaluator ${exact}, naive ${oracle}\n${JSON.stringify(objects)}`);
              }
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it(`verdicts do not depend on input order, peer/port/CIDR order or selector key order (${RUNS} clusters)`, () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (c, seed) => {
        const objects = objectsOf(c);
        expect(matrixKey(reorder(objects, seed))).toBe(matrixKey(objects));
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('the generator covers what it claims (a fixed sample has denies, Pass, nodes and networks peers, v1alpha1 kinds)', () => {
    const sample = fc.sample(clusterArb, { numRuns: 200, seed: 7 });
    const json = sample.map((c) => JSON.stringify(objectsOf(c)));
    expect(json.filter((j) => j.includes('"Pass"')).length).toBeGreaterThan(40);
    expect(json.filter((j) => j.includes('"nodes"')).length).toBeGreaterThan(20);
    expect(json.filter((j) => j.includes('"networks"')).length).toBeGreaterThan(40);
    expect(json.filter((j) => j.includes('BaselineAdminNetworkPolicy')).length).toBeGreaterThan(40);
    const withDenies = sample.slice(0, 60).filter((c) => matrixKey(objectsOf(c)).includes('0')).length;
    expect(withDenies).toBeGreaterThan(20);
  });

  it('priority and rule order do matter (the property above is not vacuous)', () => {
    const c: Cluster = {
      pods: Array.from({ length: 6 }, () => ({ app: 'p' as const, http: true, node: 1 as const })) as unknown as Cluster['pods'],
      cnps: [
        { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }, { action: 'Accept', from: [{ namespaces: {} }] }], egress: [] },
      ],
      anp: undefined,
      banp: undefined,
      nps: [],
    };
    const denied = matrixKey(objectsOf(c));
    const swapped = { ...c, cnps: [{ ...c.cnps[0]!, ingress: [...c.cnps[0]!.ingress].reverse() }] };
    expect(matrixKey(objectsOf(swapped))).not.toBe(denied);
  });
});
