import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/net/ip.js';
import { type ServiceClient, type ServiceEndpointsRequest, resolveServiceEndpoints } from '../../src/layers/services/resolve-service-endpoints.js';
import { resolveServiceAddress } from '../../src/layers/services/resolve-service-address.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { NODES, load, pod, podYaml, service } from './load.js';

/** Three ready pods, one per node (a, b in zone-1; c in zone-2). */
const PODS = [podYaml('w-a', { node: 'node-a', ip: '10.1.0.10' }), podYaml('w-b', { node: 'node-b', ip: '10.1.1.10' }), podYaml('w-c', { node: 'node-c', ip: '10.1.2.10' })].join('---');
const CLIENT = podYaml('client', { node: 'node-a', ip: '10.1.0.99', labels: { app: 'client' } });

function svcYaml(spec: string, name = 'web', metadata = ''): string {
  return `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: default${metadata}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]
${spec}
`;
}

function choose(snapshot: Snapshot, req: Partial<ServiceEndpointsRequest> & { client: ServiceClient }) {
  const r = resolveServiceEndpoints(snapshot, { service: service(snapshot, 'default/web'), port: 80, via: 'clusterIP', ...req });
  if (r.kind === 'error') throw new Error(r.message);
  return r;
}

const world = (svc: string, extra = '') => load([NODES, PODS, CLIENT, svc, extra].filter(Boolean).join('---'));

describe('ClusterIP traffic and internalTrafficPolicy (iptables proxier: internal policy chain)', () => {
  it('Cluster: every ready endpoint, on any node; the pod source is kept', () => {
    const s = world(svcYaml('').replace(', nodePort: 30080', ''));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.outcome).toBe('forwarded');
    expect(r.endpoints).toEqual(['10.1.0.10:8080', '10.1.1.10:8080', '10.1.2.10:8080']);
    expect(r.destination).toMatch(/^10\.\d+\.\d+\.\d+:80$/);
    expect(r.sourceNat.masquerade).toBe(false);
    expect(r.trafficPolicy).toMatchObject({ applies: 'internal', field: 'internalTrafficPolicy', value: 'Cluster', origin: { defaulted: true } });
  });

  it('Local: only the endpoint on the client pod\'s node; others NOT_LOCAL', () => {
    const s = world(svcYaml('  internalTrafficPolicy: Local').replace(', nodePort: 30080', ''));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.endpoints).toEqual(['10.1.0.10:8080']);
    expect(r.candidates.filter((c) => !c.kept).map((c) => c.reason)).toEqual(['NOT_LOCAL', 'NOT_LOCAL']);
    expect(r.trafficPolicy.origin).toMatchObject({ object: 'Service/default/web', path: 'spec.internalTrafficPolicy', file: 'test.yaml' });
    expect(r.trafficPolicy.origin.defaulted).toBeUndefined();
  });

  it('Local with no endpoint on the node: DROP (NO_LOCAL_ENDPOINTS), not REJECT', () => {
    const s = load([NODES, podYaml('w-b', { node: 'node-b', ip: '10.1.1.10' }), CLIENT, svcYaml('  internalTrafficPolicy: Local').replace(', nodePort: 30080', '')].join('---'));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r).toMatchObject({ outcome: 'dropped', dropReason: 'NO_LOCAL_ENDPOINTS', endpoints: [] });
  });

  it('no usable endpoint anywhere: REJECT (NO_ENDPOINTS)', () => {
    const s = load([NODES, podYaml('w-b', { node: 'node-b', ip: '10.1.1.10', ready: false }), CLIENT, svcYaml('').replace(', nodePort: 30080', '')].join('---'));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r).toMatchObject({ outcome: 'rejected', dropReason: 'NO_ENDPOINTS' });
    expect(r.candidates[0]).toMatchObject({ kept: false, conditions: { ready: false } });
  });

  it('only terminating pods: the serving-terminating fallback is used', () => {
    const s = load([NODES, podYaml('w-b', { node: 'node-b', ip: '10.1.1.10', ready: true, deleting: true }), podYaml('w-c', { node: 'node-c', ip: '10.1.2.10', ready: false, deleting: true }), CLIENT, svcYaml('').replace(', nodePort: 30080', '')].join('---'));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r).toMatchObject({ outcome: 'forwarded', terminatingFallback: true, endpoints: ['10.1.1.10:8080'] });
    expect(r.candidates.map((c) => c.reason)).toEqual(['SELECTED_TERMINATING_FALLBACK', 'NOT_READY']);
  });

  it('a ready endpoint beats a terminating one', () => {
    const s = load([NODES, podYaml('w-b', { node: 'node-b', ip: '10.1.1.10', ready: true, deleting: true }), podYaml('w-c', { node: 'node-c', ip: '10.1.2.10' }), CLIENT, svcYaml('').replace(', nodePort: 30080', '')].join('---'));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.endpoints).toEqual(['10.1.2.10:8080']);
    expect(r.candidates.find((c) => c.address === '10.1.1.10')?.reason).toBe('TERMINATING');
  });

  it('a pod reaching itself through its Service is masqueraded (hairpin)', () => {
    const s = load([NODES, podYaml('w-a', { node: 'node-a', ip: '10.1.0.10' }), svcYaml('').replace(', nodePort: 30080', '')].join('---'));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/w-a') } });
    expect(r.sourceNat.masquerade).toBe(true);
  });
});

describe('topology-aware routing seen from a node', () => {
  it('PreferClose: the client in zone-1 gets the zone-1 endpoints; zone-2 is TOPOLOGY_OTHER_ZONE', () => {
    const s = world(svcYaml('  trafficDistribution: PreferClose').replace(', nodePort: 30080', ''));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.topology.mode).toBe('PreferSameZone');
    expect(r.endpoints).toEqual(['10.1.0.10:8080', '10.1.1.10:8080']);
    expect(r.candidates.find((c) => c.address === '10.1.2.10')).toMatchObject({ reason: 'TOPOLOGY_OTHER_ZONE', derivedFrom: [{}, { path: 'spec.trafficDistribution' }] });
  });

  it('PreferSameNode: only the endpoint on the node', () => {
    const s = world(svcYaml('  trafficDistribution: PreferSameNode').replace(', nodePort: 30080', ''));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.topology.mode).toBe('PreferSameNode');
    expect(r.endpoints).toEqual(['10.1.0.10:8080']);
  });

  it('PreferClose with the only zone-1 endpoint not ready: zone-1 hints are missing, so hints are ignored', () => {
    const s = load([NODES, podYaml('w-a', { node: 'node-a', ip: '10.1.0.10', ready: false }), podYaml('w-c', { node: 'node-c', ip: '10.1.2.10' }), CLIENT, svcYaml('  trafficDistribution: PreferClose').replace(', nodePort: 30080', '')].join('---'));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.topology.mode).toBe('');
    expect(r.topology.reason).toContain('no endpoint is hinted for zone zone-1');
    expect(r.endpoints).toEqual(['10.1.2.10:8080']);
  });
});

describe('NodePort, LoadBalancer and external IPs (external policy chain)', () => {
  const lb = (policy: string, extra = '') =>
    svcYaml(`  type: LoadBalancer\n  externalTrafficPolicy: ${policy}${extra}`) +
    'status: {loadBalancer: {ingress: [{ip: 203.0.113.7}]}}\n';

  it('ETP Cluster via nodePort: every endpoint, source masqueraded', () => {
    const s = world(lb('Cluster'));
    const r = choose(s, { via: 'nodePort', client: { kind: 'external', node: 'node-c' } });
    expect(r.destination).toBe('192.168.0.3:30080');
    expect(r.endpoints.length).toBe(3);
    expect(r.sourceNat.masquerade).toBe(true);
  });

  it('ETP Local via loadBalancer: only the endpoint on the receiving node; client IP kept; health check 200', () => {
    const s = world(lb('Local'));
    const r = choose(s, { via: 'loadBalancer', client: { kind: 'external', node: 'node-b' } });
    expect(r).toMatchObject({ destination: '203.0.113.7:80', endpoints: ['10.1.1.10:8080'], sourceNat: { masquerade: false }, healthCheck: { status: 200, localReadyEndpoints: 1 } });
    expect(r.trafficPolicy).toMatchObject({ applies: 'external', value: 'Local', effective: 'Local' });
  });

  it('ETP Local, no endpoint on the receiving node: DROP, and the health check answers 503', () => {
    const s = load([NODES, podYaml('w-a', { node: 'node-a', ip: '10.1.0.10' }), lb('Local')].join('---'));
    const r = choose(s, { via: 'loadBalancer', client: { kind: 'external', node: 'node-c' } });
    expect(r).toMatchObject({ outcome: 'dropped', dropReason: 'NO_LOCAL_ENDPOINTS', healthCheck: { status: 503 } });
  });

  it('ETP Local, traffic from a pod to the LB IP is short-circuited to Cluster endpoints', () => {
    const s = load([NODES, podYaml('w-a', { node: 'node-a', ip: '10.1.0.10' }), podYaml('client', { node: 'node-c', ip: '10.1.2.99', labels: { app: 'client' } }), lb('Local')].join('---'));
    const r = choose(s, { via: 'loadBalancer', client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r).toMatchObject({ outcome: 'forwarded', endpoints: ['10.1.0.10:8080'], trafficPolicy: { applies: 'short-circuit', effective: 'Cluster' } });
  });

  it('a pod sending to another node\'s IP:nodePort is handled by that node (short-circuited to Cluster under ETP Local)', () => {
    const s = world(lb('Local'));
    const client: ServiceClient = { kind: 'pod', pod: pod(s, 'default/client') };
    const routes = resolveServiceAddress(s, client, parseIp('192.168.0.3')!, 30080, 'TCP');
    expect(routes.map((x) => x.match.via)).toEqual(['nodePort']);
    const r = routes[0]!.result;
    if (r.kind === 'error') throw new Error(r.message);
    expect(r).toMatchObject({ node: { name: 'node-c', zone: 'zone-2' }, destination: '192.168.0.3:30080', trafficPolicy: { applies: 'short-circuit' } });
    expect(r.endpoints).toHaveLength(3);
    expect(resolveServiceAddress(s, client, parseIp('10.1.0.10')!, 8080, 'TCP')).toEqual([]);
  });

  it('a pod inside loadBalancerSourceRanges reaches the LB IP; one outside is dropped', () => {
    const s = world(lb('Cluster', '\n  loadBalancerSourceRanges: [10.1.0.0/24]'));
    const inside = choose(s, { via: 'loadBalancer', client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(inside.outcome).toBe('forwarded');
    const outside = choose(s, { via: 'loadBalancer', client: { kind: 'pod', pod: pod(s, 'default/w-c') } });
    expect(outside.dropReason).toBe('LB_SOURCE_RANGE');
  });

  it('loadBalancerSourceRanges: a client outside them is dropped', () => {
    const s = world(lb('Cluster', '\n  loadBalancerSourceRanges: [198.51.100.0/24]'));
    const out = choose(s, { via: 'loadBalancer', client: { kind: 'external', node: 'node-a', ip: parseIp('192.0.2.1')! } });
    expect(out).toMatchObject({ outcome: 'dropped', dropReason: 'LB_SOURCE_RANGE' });
    const inside = choose(s, { via: 'loadBalancer', client: { kind: 'external', node: 'node-a', ip: parseIp('198.51.100.9')! } });
    expect(inside.outcome).toBe('forwarded');
  });

  it('externalIPs are served like a load-balancer IP', () => {
    const s = world(svcYaml('  externalIPs: [198.51.100.20]').replace(', nodePort: 30080', ''));
    const r = choose(s, { via: 'externalIP', client: { kind: 'external', node: 'node-a' } });
    expect(r).toMatchObject({ destination: '198.51.100.20:80', endpoints: ['10.1.0.10:8080', '10.1.1.10:8080', '10.1.2.10:8080'] });
  });

  it.each([
    ['loadBalancer on a ClusterIP Service', 'loadBalancer', svcYaml('').replace(', nodePort: 30080', ''), 'VIA_NOT_AVAILABLE'],
    ['nodePort on a ClusterIP Service', 'nodePort', svcYaml('').replace(', nodePort: 30080', ''), 'VIA_NOT_AVAILABLE'],
    ['externalIP without externalIPs', 'externalIP', svcYaml('').replace(', nodePort: 30080', ''), 'VIA_NOT_AVAILABLE'],
    ['loadBalancer before an address is assigned', 'loadBalancer', svcYaml('  type: LoadBalancer'), 'VIA_NOT_AVAILABLE'],
  ] as const)('%s is an error, not an answer', (_n, via, svc, code) => {
    const s = world(svc);
    const r = resolveServiceEndpoints(s, { service: service(s, 'default/web'), port: 80, via, client: { kind: 'external', node: 'node-a' } });
    expect(r).toMatchObject({ kind: 'error', code });
  });
});

describe('what kube-proxy reads of given EndpointSlices (endpointslicecache.go)', () => {
  const given = (body: string) =>
    load([NODES, CLIENT, svcYaml('').replace(', nodePort: 30080', ''), `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
${body}`].join('---'));

  it('the slice port of the same name gives the endpoint port; other slices\' ports do not', () => {
    const s = given(`addressType: IPv4
ports: [{name: http, port: 9000}, {name: admin, port: 9001}]
endpoints: [{addresses: [10.9.0.1], nodeName: node-a}, {addresses: [10.9.0.2], conditions: {ready: false}}]`);
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.endpointsFrom.origin).toBe('EndpointSlice');
    expect(r.endpoints).toEqual(['10.9.0.1:9000']);
  });

  it('a slice without a port of that name contributes nothing for this port', () => {
    const s = given(`addressType: IPv4
ports: [{name: web, port: 9000}]
endpoints: [{addresses: [10.9.0.1]}]`);
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r).toMatchObject({ outcome: 'rejected', candidates: [{ reason: 'PORT_NOT_IN_SLICE' }] });
  });

  it('IPv6 slices are not used for IPv4 traffic; FQDN slices never', () => {
    const s = given(`addressType: IPv6
ports: [{name: http, port: 9000}]
endpoints: [{addresses: ["fd00::1"]}]`);
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.candidates.map((c) => c.reason)).toEqual(['ADDRESS_TYPE']);
  });

  it('a nil serving condition reads as true: a terminating endpoint with serving unset is used as a fallback', () => {
    const s = given(`addressType: IPv4
ports: [{name: http, port: 9000}]
endpoints: [{addresses: [10.9.0.1], conditions: {ready: false, terminating: true}}]`);
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r).toMatchObject({ terminatingFallback: true, endpoints: ['10.9.0.1:9000'] });
  });

  it('given hints are honoured (zone hints for the client zone)', () => {
    const s = given(`addressType: IPv4
ports: [{name: http, port: 9000}]
endpoints:
  - {addresses: [10.9.0.1], zone: zone-1, hints: {forZones: [{name: zone-1}]}}
  - {addresses: [10.9.0.2], zone: zone-2, hints: {forZones: [{name: zone-2}]}}`);
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.endpoints).toEqual(['10.9.0.1:9000']);
  });
});

describe('Services kube-proxy does not proxy', () => {
  it('headless and ExternalName: not proxied, with the reason', () => {
    const s = load(`${NODES}---${PODS}---${CLIENT}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {clusterIP: None, selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: default}
spec: {type: ExternalName, externalName: db.example.com, ports: [{port: 5432}]}
`);
    const client: ServiceClient = { kind: 'pod', pod: pod(s, 'default/client') };
    expect(choose(s, { client })).toMatchObject({ outcome: 'not-proxied', dropReason: 'NOT_PROXIED', endpoints: [] });
    const ext = resolveServiceEndpoints(s, { service: service(s, 'default/ext'), port: 5432, via: 'clusterIP', client });
    expect(ext).toMatchObject({ outcome: 'not-proxied', externalName: 'db.example.com' });
  });

  it('a Service labelled service.kubernetes.io/service-proxy-name is left to another proxy', () => {
    const s = world(svcYaml('', 'web', ', labels: {service.kubernetes.io/service-proxy-name: other}').replace(', nodePort: 30080', ''));
    expect(choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } }).outcome).toBe('not-proxied');
  });
});

describe('sessionAffinity ClientIP', () => {
  it('reports stickiness for the client IP and the timeout (default 10800 s)', () => {
    const s = world(svcYaml('  sessionAffinity: ClientIP').replace(', nodePort: 30080', ''));
    const r = choose(s, { client: { kind: 'pod', pod: pod(s, 'default/client') } });
    expect(r.sessionAffinity).toMatchObject({ type: 'ClientIP', timeoutSeconds: 10800, clientIp: '10.1.0.99' });
    expect(r.endpoints.length).toBe(3);
  });
});
