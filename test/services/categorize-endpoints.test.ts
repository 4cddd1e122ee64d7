import { describe, expect, it } from 'vitest';
import { type CategorizableEndpoint, type CategorizableServicePort, categorizeEndpoints } from '../../src/layers/services/categorize-endpoints.js';

/**
 * kube-proxy's TestCategorizeEndpoints (kubernetes/kubernetes pkg/proxy/topology_test.go), case
 * by case, with the upstream case names. `nodePort: 8080` upstream makes the port externally
 * accessible. As upstream: `undefined` means "the Service never uses this kind of endpoints",
 * `[]` "uses them but has none"; `all` may be left out when only one kind is used;
 * `onlyRemote` marks hasAnyEndpoints true although no endpoint is reachable from this node.
 */
interface Case {
  name: string;
  zone?: string;
  svc: Partial<CategorizableServicePort> & { nodePort?: number };
  endpoints: (Partial<CategorizableEndpoint> & { key: string })[];
  cluster: string[] | undefined;
  local: string[] | undefined;
  all?: string[];
  onlyRemote?: boolean;
}

const ep = (key: string, o: Partial<CategorizableEndpoint> = {}): Partial<CategorizableEndpoint> & { key: string } => ({ key, ...o });
const r = { ready: true } as const;
const zoned = (...zones: string[]) => ({ zoneHints: zones });

const CASES: Case[] = [
  {
    name: "should use topology since all endpoints have hints, node has a zone label and and there are endpoints for the node's zone",
    zone: 'zone-a',
    svc: {},
    endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ...r }), ep('10.1.2.4:80', { ...zoned('zone-b'), ...r }), ep('10.1.2.5:80', { ...zoned('zone-c'), ...r }), ep('10.1.2.6:80', { ...zoned('zone-a'), ...r })],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: undefined,
  },
  {
    name: 'externalTrafficPolicy: Local, topology ignored for Local endpoints',
    zone: 'zone-a',
    svc: { externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      ep('10.1.2.3:80', { ...zoned('zone-a'), ...r, isLocal: true }),
      ep('10.1.2.4:80', { ...zoned('zone-b'), ...r, isLocal: true }),
      ep('10.1.2.5:80', { ...zoned('zone-c'), ...r }),
      ep('10.1.2.6:80', { ...zoned('zone-a'), ...r }),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: ['10.1.2.3:80', '10.1.2.4:80'],
    all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
  },
  {
    name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints',
    zone: 'zone-a',
    svc: { internalPolicyLocal: true, externalPolicyLocal: false, nodePort: 8080 },
    endpoints: [
      ep('10.1.2.3:80', { ...zoned('zone-a'), ...r, isLocal: true }),
      ep('10.1.2.4:80', { ...zoned('zone-b'), ...r, isLocal: true }),
      ep('10.1.2.5:80', { ...zoned('zone-c'), ...r }),
      ep('10.1.2.6:80', { ...zoned('zone-a'), ...r }),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: ['10.1.2.3:80', '10.1.2.4:80'],
    all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
  },
  { name: 'empty node labels', svc: {}, endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ...r })], cluster: ['10.1.2.3:80'], local: undefined },
  { name: 'empty zone label', zone: '', svc: {}, endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ...r })], cluster: ['10.1.2.3:80'], local: undefined },
  { name: 'node in different zone, no endpoint filtering', zone: 'zone-b', svc: {}, endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ...r })], cluster: ['10.1.2.3:80'], local: undefined },
  {
    name: 'unready endpoint',
    zone: 'zone-a',
    svc: {},
    endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ...r }), ep('10.1.2.4:80', { ...zoned('zone-b'), ...r }), ep('10.1.2.5:80', { ...zoned('zone-c'), ...r }), ep('10.1.2.6:80', { ...zoned('zone-a'), ready: false })],
    cluster: ['10.1.2.3:80'],
    local: undefined,
  },
  {
    name: 'only unready endpoints in same zone (should not filter)',
    zone: 'zone-a',
    svc: {},
    endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ready: false }), ep('10.1.2.4:80', { ...zoned('zone-b'), ...r }), ep('10.1.2.5:80', { ...zoned('zone-c'), ...r }), ep('10.1.2.6:80', { ...zoned('zone-a'), ready: false })],
    cluster: ['10.1.2.4:80', '10.1.2.5:80'],
    local: undefined,
  },
  {
    name: 'missing hints, no filtering applied',
    zone: 'zone-a',
    svc: {},
    endpoints: [ep('10.1.2.3:80', { ...zoned('zone-a'), ...r }), ep('10.1.2.4:80', { ...zoned('zone-b'), ...r }), ep('10.1.2.5:80', { ...r }), ep('10.1.2.6:80', { ...zoned('zone-a'), ...r })],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'],
    local: undefined,
  },
  {
    name: 'multiple hints per endpoint, filtering includes any endpoint with zone included',
    zone: 'zone-c',
    svc: {},
    endpoints: [
      ep('10.1.2.3:80', { ...zoned('zone-a', 'zone-b', 'zone-c'), ...r }),
      ep('10.1.2.4:80', { ...zoned('zone-b', 'zone-c'), ...r }),
      ep('10.1.2.5:80', { ...zoned('zone-b', 'zone-d'), ...r }),
      ep('10.1.2.6:80', { ...zoned('zone-c'), ...r }),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
    local: undefined,
  },
  {
    name: 'conflicting topology and localness require merging allEndpoints',
    zone: 'zone-a',
    svc: { internalPolicyLocal: false, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      ep('10.0.0.0:80', { ...zoned('zone-a'), ...r, isLocal: true }),
      ep('10.0.0.1:80', { ...zoned('zone-b'), ...r, isLocal: true }),
      ep('10.0.0.2:80', { ...zoned('zone-a'), ...r, isLocal: false }),
      ep('10.0.0.3:80', { ...zoned('zone-b'), ...r, isLocal: false }),
    ],
    cluster: ['10.0.0.0:80', '10.0.0.2:80'],
    local: ['10.0.0.0:80', '10.0.0.1:80'],
    all: ['10.0.0.0:80', '10.0.0.1:80', '10.0.0.2:80'],
  },
  { name: 'internalTrafficPolicy: Local, with empty endpoints', svc: { internalPolicyLocal: true }, endpoints: [], cluster: undefined, local: [] },
  {
    name: 'internalTrafficPolicy: Local, but all endpoints are remote',
    svc: { internalPolicyLocal: true },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: false }), ep('10.0.0.1:80', { ...r, isLocal: false })],
    cluster: undefined,
    local: [],
    onlyRemote: true,
  },
  {
    name: 'internalTrafficPolicy: Local, all endpoints are local',
    svc: { internalPolicyLocal: true },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: true }), ep('10.0.0.1:80', { ...r, isLocal: true })],
    cluster: undefined,
    local: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'internalTrafficPolicy: Local, some endpoints are local',
    svc: { internalPolicyLocal: true },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: true }), ep('10.0.0.1:80', { ...r, isLocal: false })],
    cluster: undefined,
    local: ['10.0.0.0:80'],
  },
  { name: 'Cluster traffic policy, endpoints not Ready', svc: {}, endpoints: [ep('10.0.0.0:80', { ready: false }), ep('10.0.0.1:80', { ready: false })], cluster: [], local: undefined },
  { name: 'Cluster traffic policy, some endpoints are Ready', svc: {}, endpoints: [ep('10.0.0.0:80', { ready: false }), ep('10.0.0.1:80', { ...r })], cluster: ['10.0.0.1:80'], local: undefined },
  {
    name: 'Cluster traffic policy, all endpoints are terminating',
    svc: {},
    endpoints: [ep('10.0.0.0:80', { ready: false, serving: true, terminating: true, isLocal: true }), ep('10.0.0.1:80', { ready: false, serving: true, terminating: true, isLocal: false })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: undefined,
  },
  {
    name: 'iTP: Local, eTP: Cluster, some endpoints local',
    svc: { internalPolicyLocal: true, externalPolicyLocal: false, nodePort: 8080 },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: true }), ep('10.0.0.1:80', { ...r, isLocal: false })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'iTP: Cluster, eTP: Local, some endpoints local',
    svc: { internalPolicyLocal: false, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: true }), ep('10.0.0.1:80', { ...r, isLocal: false })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'iTP: Local, eTP: Local, some endpoints local',
    svc: { internalPolicyLocal: true, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: true }), ep('10.0.0.1:80', { ...r, isLocal: false })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote',
    svc: { internalPolicyLocal: true, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: false }), ep('10.0.0.1:80', { ...r, isLocal: false })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote and terminating',
    svc: { internalPolicyLocal: true, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [ep('10.0.0.0:80', { ready: false, serving: true, terminating: true, isLocal: false }), ep('10.0.0.1:80', { ready: false, serving: true, terminating: true, isLocal: false })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
    onlyRemote: true,
  },
  {
    name: 'iTP: Cluster, eTP: Local, with terminating endpoints',
    svc: { internalPolicyLocal: false, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      ep('10.0.0.0:80', { ...r, isLocal: false }),
      ep('10.0.0.1:80', { ready: false, serving: false, isLocal: true }),
      ep('10.0.0.2:80', { ready: false, serving: true, terminating: true, isLocal: true }),
      ep('10.0.0.3:80', { ready: false, serving: true, terminating: true, isLocal: false }),
    ],
    cluster: ['10.0.0.0:80'],
    local: ['10.0.0.2:80'],
    all: ['10.0.0.0:80', '10.0.0.2:80'],
  },
  {
    name: 'externalTrafficPolicy ignored if not externally accessible',
    svc: { externalPolicyLocal: true },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: false }), ep('10.0.0.1:80', { ...r, isLocal: true })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: undefined,
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'no cluster endpoints for iTP:Local internal-only service',
    svc: { internalPolicyLocal: true },
    endpoints: [ep('10.0.0.0:80', { ...r, isLocal: false }), ep('10.0.0.1:80', { ...r, isLocal: true })],
    cluster: undefined,
    local: ['10.0.0.1:80'],
    all: ['10.0.0.1:80'],
  },
];

function build(c: Case): { endpoints: CategorizableEndpoint[]; svc: CategorizableServicePort } {
  return {
    // Upstream's BaseEndpointInfo literals leave serving/terminating false unless set.
    endpoints: c.endpoints.map((e) => ({ ready: false, serving: false, terminating: false, isLocal: false, ...e })),
    svc: {
      internalPolicyLocal: c.svc.internalPolicyLocal ?? false,
      externalPolicyLocal: c.svc.externalPolicyLocal ?? false,
      externallyAccessible: c.svc.nodePort !== undefined && c.svc.nodePort !== 0,
    },
  };
}

describe('CategorizeEndpoints — kube-proxy TestCategorizeEndpoints (pkg/proxy/topology_test.go)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { endpoints, svc } = build(c);
    const nodeLabels: Record<string, string> = c.zone === undefined ? {} : { 'topology.kubernetes.io/zone': c.zone };
    const got = categorizeEndpoints(endpoints, svc, 'test-node', nodeLabels['topology.kubernetes.io/zone'] ?? '');
    const keys = (l: readonly CategorizableEndpoint[] | undefined) => (l ?? []).map((e) => e.key).sort();
    if (c.cluster === undefined) expect(got.clusterEndpoints).toBeUndefined();
    expect(keys(got.clusterEndpoints)).toEqual([...(c.cluster ?? [])].sort());
    if (c.local === undefined) expect(got.localEndpoints).toBeUndefined();
    expect(keys(got.localEndpoints)).toEqual([...(c.local ?? [])].sort());
    const expectedAll = c.cluster !== undefined && c.local === undefined ? c.cluster : c.local !== undefined && c.cluster === undefined ? c.local : (c.all ?? []);
    expect(keys(got.allReachableEndpoints)).toEqual([...expectedAll].sort());
    expect(got.hasAnyEndpoints).toBe(expectedAll.length > 0 || (c.onlyRemote ?? false));
  });
});

/**
 * Same-node hints (PreferSameNode), from topologyModeFromHints in pkg/proxy/topology.go (the
 * upstream table above predates them): node hints win when every ready endpoint has one and one
 * is for this node; otherwise zone hints are tried.
 */
describe('CategorizeEndpoints — node hints (topology.go topologyModeFromHints)', () => {
  const both = (zone: string, node: string, o: Partial<CategorizableEndpoint> = {}) => ({ zoneHints: [zone], nodeHints: [node], ready: true, ...o });
  const svc: CategorizableServicePort = { internalPolicyLocal: false, externalPolicyLocal: false, externallyAccessible: false };
  const full = (key: string, o: Partial<CategorizableEndpoint>): CategorizableEndpoint => ({ key, ready: false, serving: false, terminating: false, isLocal: false, ...o });
  it.each([
    ['every ready endpoint has a node hint, one for this node: PreferSameNode', [full('a:80', both('z1', 'n1')), full('b:80', both('z1', 'n2')), full('c:80', both('z2', 'n3'))], 'n1', 'z1', 'PreferSameNode', ['a:80']],
    ['no endpoint hinted for this node: falls back to zone hints', [full('a:80', both('z1', 'n1')), full('b:80', both('z1', 'n2')), full('c:80', both('z2', 'n3'))], 'n9', 'z1', 'PreferSameZone', ['a:80', 'b:80']],
    ['one ready endpoint lacks a node hint: zone hints', [full('a:80', both('z1', 'n1')), full('b:80', { zoneHints: ['z1'], ready: true }), full('c:80', both('z2', 'n3'))], 'n1', 'z1', 'PreferSameZone', ['a:80', 'b:80']],
    ['an unready endpoint without hints does not count', [full('a:80', both('z1', 'n1')), full('b:80', { ready: false }), full('c:80', both('z2', 'n3'))], 'n1', 'z1', 'PreferSameNode', ['a:80']],
    ['no zone hint for this zone and no node hint for this node: no topology', [full('a:80', both('z1', 'n1')), full('c:80', both('z2', 'n3'))], 'n9', 'z9', '', ['a:80', 'c:80']],
  ] as const)('%s', (_name, endpoints, node, zone, mode, cluster) => {
    const got = categorizeEndpoints(endpoints, svc, node, zone);
    expect(got.topologyMode).toBe(mode);
    expect((got.clusterEndpoints ?? []).map((e) => e.key).sort()).toEqual([...cluster]);
  });

  it('topology is not applied to the serving-terminating fallback', () => {
    const got = categorizeEndpoints([full('a:80', { serving: true, terminating: true, zoneHints: ['z2'] }), full('b:80', { serving: true, terminating: true, zoneHints: ['z1'] })], svc, 'n1', 'z1');
    expect(got.clusterEndpoints?.map((e) => e.key)).toEqual(['a:80', 'b:80']);
    expect(got.clusterUsesTerminating).toBe(true);
  });
});
