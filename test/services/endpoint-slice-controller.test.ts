import { describe, expect, it } from 'vitest';
import { serviceEndpointSlices } from '../../src/layers/services/service-endpoint-slices.js';
import { serviceEndpointsForDns } from '../../src/layers/services/service-endpoints.js';
import { parseCpuMillis } from '../../src/layers/services/topology-aware-hints.js';
import { NODES, load, podYaml, service } from './load.js';

/** The Service `default/web` selecting app=web; `spec` lines are added under spec. */
const SVC = (spec = '', ports = '[{name: http, port: 80, targetPort: http}]', annotations: Record<string, string> = {}) => `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default, annotations: ${JSON.stringify(annotations)}}
spec:
  selector: {app: web}
  ports: ${ports}
${spec}
`;

const derive = (yaml: string) => {
  const snapshot = load(yaml);
  return serviceEndpointSlices(snapshot, service(snapshot, 'default/web'));
};
const endpointsOf = (r: ReturnType<typeof derive>) =>
  r.slices.flatMap((s) => s.endpoints.map((e) => ({ address: e.addresses[0], ports: s.ports.map((p) => `${p.name}:${p.port}/${p.protocol}`), ...e.conditions, nodeName: e.nodeName, zone: e.zone, hostname: e.hostname })));

describe('EndpointSlice controller: which pods become endpoints (endpointutil.ShouldPodBeInEndpoints, podToEndpoint)', () => {
  it.each([
    ['a running pod with an IP is ready', { phase: 'Running' }, { ready: true, serving: true, terminating: false }],
    ['a pod with Ready condition False is not ready, not serving', { ready: false }, { ready: false, serving: false, terminating: false }],
    ['a pod with Ready condition True is ready', { ready: true }, { ready: true, serving: true, terminating: false }],
    ['a terminating ready pod: ready false, serving true, terminating true', { ready: true, deleting: true }, { ready: false, serving: true, terminating: true }],
    ['a Pending pod (no Ready condition) is not ready', { phase: 'Pending' }, { ready: false, serving: false, terminating: false }],
  ] as const)('%s', (_n, o, conditions) => {
    const r = derive(NODES + '---' + podYaml('w1', o) + '---' + SVC());
    expect(r.origin).toBe('derived');
    expect(endpointsOf(r)).toMatchObject([{ address: '10.1.0.10', ...conditions }]);
  });

  it.each([['Succeeded'], ['Failed']])('a pod in phase %s is never an endpoint (terminal)', (phase) => {
    const r = derive(NODES + '---' + podYaml('w1', { phase }) + '---' + SVC());
    expect(endpointsOf(r)).toEqual([]);
    expect(r.derivation?.pods[0]).toMatchObject({ included: false, exclusion: { code: 'POD_TERMINAL' } });
  });

  it('publishNotReadyAddresses: a not-ready pod is published ready (serving stays false)', () => {
    const r = derive(NODES + '---' + podYaml('w1', { ready: false }) + '---' + SVC('  publishNotReadyAddresses: true'));
    expect(endpointsOf(r)).toMatchObject([{ ready: true, serving: false }]);
  });

  it('publishNotReadyAddresses also publishes a terminating pod as ready', () => {
    const r = derive(NODES + '---' + podYaml('w1', { ready: true, deleting: true }) + '---' + SVC('  publishNotReadyAddresses: true'));
    expect(endpointsOf(r)).toMatchObject([{ ready: true, serving: true, terminating: true }]);
  });

  it("nodeName and zone come from the pod's node (topology.kubernetes.io/zone)", () => {
    const r = derive(NODES + '---' + podYaml('w1', { node: 'node-c', ip: '10.1.2.10' }) + '---' + SVC());
    expect(endpointsOf(r)).toMatchObject([{ nodeName: 'node-c', zone: 'zone-2' }]);
  });

  it("a pod whose node does not exist is skipped (reconciler: Node not found), unless publishNotReadyAddresses", () => {
    const skipped = derive(NODES + '---' + podYaml('w1', { node: 'node-x' }) + '---' + SVC());
    expect(endpointsOf(skipped)).toEqual([]);
    expect(skipped.derivation?.pods[0]?.exclusion?.code).toBe('NODE_NOT_FOUND');
    const published = derive(NODES + '---' + podYaml('w1', { node: 'node-x' }) + '---' + SVC('  publishNotReadyAddresses: true'));
    expect(endpointsOf(published)).toMatchObject([{ nodeName: 'node-x', zone: undefined }]);
  });

  it('hostname is set only when the pod\'s subdomain names the Service (ShouldSetHostname)', () => {
    const r = derive(
      NODES + '---' + podYaml('w1', { hostname: 'one', subdomain: 'web' }) + '---' + podYaml('w2', { ip: '10.1.0.11', hostname: 'two', subdomain: 'other' }) + '---' + SVC(),
    );
    const byAddr = Object.fromEntries(endpointsOf(r).map((e) => [e.address, e.hostname]));
    expect(byAddr).toEqual({ '10.1.0.10': 'one', '10.1.0.11': undefined });
  });

  it('a StatefulSet pod gets hostname = pod name on its governing (headless) Service', () => {
    const snapshot = load(`${NODES}---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432, targetPort: pg}]}
`);
    const dns = serviceEndpointsForDns(snapshot, service(snapshot, 'default/db'));
    expect(dns.endpoints.map((e) => [e.hostname, e.ports])).toEqual([
      ['db-0', [{ name: 'pg', port: 5432, protocol: 'TCP' }]],
      ['db-1', [{ name: 'pg', port: 5432, protocol: 'TCP' }]],
    ]);
  });
});

describe('EndpointSlice controller: ports (getEndpointPorts, FindPort)', () => {
  it('a named targetPort is resolved per pod: pods that name it differently get their own number', () => {
    const r = derive(NODES + '---' + podYaml('w1') + '---' + podYaml('w2', { ip: '10.1.0.11', ports: '[{name: http, containerPort: 9090}]' }) + '---' + SVC());
    expect(endpointsOf(r).map((e) => [e.address, e.ports])).toEqual([
      ['10.1.0.10', ['http:8080/TCP']],
      ['10.1.0.11', ['http:9090/TCP']],
    ]);
    expect(r.slices.length).toBe(2); // one slice per distinct port set
  });

  it('a pod that lacks the named targetPort contributes no endpoint port (it lands in a slice without that port)', () => {
    const r = derive(
      NODES + '---' + podYaml('w1') + '---' + podYaml('w2', { ip: '10.1.0.11', ports: '[{name: web, containerPort: 8080}]' }) + '---' + SVC('', '[{name: http, port: 80, targetPort: http}, {name: raw, port: 81, targetPort: 8081}]'),
    );
    expect(Object.fromEntries(endpointsOf(r).map((e) => [e.address, e.ports]))).toEqual({
      '10.1.0.10': ['http:8080/TCP', 'raw:8081/TCP'],
      '10.1.0.11': ['raw:8081/TCP'],
    });
    expect(r.derivation?.pods[1]?.ports[0]?.resolution).toMatchObject({ kind: 'unresolved', name: 'http' });
  });

  it('the named port must match the Service port protocol too', () => {
    const r = derive(NODES + '---' + podYaml('w1', { ports: '[{name: dns, containerPort: 53, protocol: UDP}]' }) + '---' + SVC('', '[{name: dns, port: 53, protocol: TCP, targetPort: dns}]'));
    expect(endpointsOf(r)).toMatchObject([{ address: '10.1.0.10', ports: [] }]);
    expect(r.derivation?.pods[0]?.ports[0]?.resolution).toMatchObject({ kind: 'unresolved' });
  });

  it('a numeric targetPort is used as is, exposed or not', () => {
    const r = derive(NODES + '---' + podYaml('w1') + '---' + SVC('', '[{port: 80, targetPort: 9999}]'));
    expect(endpointsOf(r)).toMatchObject([{ ports: [':9999/TCP'] }]);
  });

  it('at most 100 endpoints per slice (--max-endpoints-per-slice)', () => {
    const pods = Array.from({ length: 150 }, (_, i) => podYaml(`w${i}`, { ip: `10.1.${Math.floor(i / 200)}.${(i % 200) + 10}` })).join('---');
    const r = derive(NODES + '---' + pods + '---' + SVC());
    expect(r.slices.map((s) => s.endpoints.length)).toEqual([100, 50]);
  });

  it('no selected pod: one placeholder slice with no ports and no endpoints', () => {
    const r = derive(NODES + '---' + SVC());
    expect(r.slices).toMatchObject([{ ports: [], endpoints: [], labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } }]);
  });

  it('dual-stack: one slice per address type of the Service, each with the pod IPs of that family', () => {
    const snapshot = load(`${NODES}---
apiVersion: v1
kind: Pod
metadata: {name: w1, namespace: default, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIPs: [{ip: 10.1.0.10}, {ip: "fd00::10"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {clusterIPs: [10.96.0.50, "fd00:96::50"], selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`);
    const r = serviceEndpointSlices(snapshot, service(snapshot, 'default/web'));
    expect(r.slices.map((s) => [s.addressType, s.endpoints.map((e) => e.addresses)])).toEqual([
      ['IPv4', [['10.1.0.10']]],
      ['IPv6', [['fd00::10']]],
    ]);
  });
});

describe('which EndpointSlices describe a Service', () => {
  it('given EndpointSlices win over the selector (several per Service)', () => {
    const r = derive(`${NODES}---${podYaml('w1')}---${SVC()}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-a, namespace: default, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [10.9.0.1]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-b, namespace: default, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [{addresses: [10.9.0.2]}]
`);
    expect(r.origin).toBe('EndpointSlice');
    expect(r.slices.map((s) => s.name)).toEqual(['web-a', 'web-b']);
  });

  it('a slice without the kubernetes.io/service-name label belongs to no Service', () => {
    const r = derive(`${NODES}---${podYaml('w1')}---${SVC()}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-a, namespace: default}
addressType: IPv4
endpoints: [{addresses: [10.9.0.1]}]
`);
    expect(r.origin).toBe('derived');
  });

  it('legacy Endpoints are mirrored when no slice exists: addresses ready, notReadyAddresses not', () => {
    const snapshot = load(`${NODES}---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: default}
spec: {ports: [{name: pg, port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext, namespace: default}
subsets:
  - addresses: [{ip: 192.0.2.10, hostname: db1, nodeName: node-a}]
    notReadyAddresses: [{ip: 192.0.2.11}]
    ports: [{name: pg, port: 5432}]
`);
    const r = serviceEndpointSlices(snapshot, service(snapshot, 'default/ext'));
    expect(r.origin).toBe('Endpoints');
    expect(r.slices[0]).toMatchObject({ addressType: 'IPv4', ports: [{ name: 'pg', port: 5432 }], managedBy: 'endpointslicemirroring-controller.k8s.io' });
    expect(r.slices[0]!.endpoints.map((e) => [e.addresses[0], e.conditions.ready, e.hostname, e.nodeName])).toEqual([
      ['192.0.2.10', true, 'db1', 'node-a'],
      ['192.0.2.11', false, undefined, undefined],
    ]);
  });

  it('no selector and nothing given: no endpoints; ExternalName: none either', () => {
    const snapshot = load(`
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: default}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: default}
spec: {type: ExternalName, externalName: db.example.com}
`);
    expect(serviceEndpointSlices(snapshot, service(snapshot, 'default/manual')).origin).toBe('none');
    expect(serviceEndpointSlices(snapshot, service(snapshot, 'default/ext'))).toMatchObject({ origin: 'none', slices: [] });
  });
});

describe('hints the controller writes (trafficdist, topologycache)', () => {
  const three = NODES + '---' + podYaml('w1') + '---' + podYaml('w2', { node: 'node-b', ip: '10.1.1.10' }) + '---' + podYaml('w3', { node: 'node-c', ip: '10.1.2.10', ready: false }) + '---';
  const hints = (r: ReturnType<typeof derive>) => Object.fromEntries(r.slices.flatMap((s) => s.endpoints.map((e) => [e.addresses[0], [e.hintsForZones, e.hintsForNodes]])));

  it('trafficDistribution PreferClose: each ready endpoint is hinted for its own zone; not-ready ones get none', () => {
    const r = derive(three + SVC('  trafficDistribution: PreferClose'));
    expect(hints(r)).toEqual({ '10.1.0.10': [['zone-1'], undefined], '10.1.1.10': [['zone-1'], undefined], '10.1.2.10': [undefined, undefined] });
  });

  it('trafficDistribution PreferSameNode: zone and node hints', () => {
    const r = derive(three + SVC('  trafficDistribution: PreferSameNode'));
    expect(hints(r)['10.1.0.10']).toEqual([['zone-1'], ['node-a']]);
  });

  it('the topology-mode annotation Auto takes precedence over trafficDistribution', () => {
    const r = derive(three + SVC('  trafficDistribution: PreferClose', undefined, { 'service.kubernetes.io/topology-mode': 'Auto' }));
    // 2 ready endpoints, 2 zones of ready nodes (zone-1: 8 CPU, zone-2: 4): minimum allocation for zone-2 is 1 > its 0 ready endpoints after zone-1's minimum 2.
    expect(r.derivation?.hints[0]).toMatchObject({ mode: { kind: 'auto' }, applied: false });
    expect(r.derivation?.hints[0]?.reason).toContain('overload threshold');
  });

  it('Auto: proportional hints, endpoints move from an over-served zone to an under-served one', () => {
    const pods = [podYaml('w1'), podYaml('w2', { ip: '10.1.0.11' }), podYaml('w3', { node: 'node-b', ip: '10.1.1.10' }), podYaml('w4', { node: 'node-b', ip: '10.1.1.11' }), podYaml('w5', { node: 'node-c', ip: '10.1.2.10' }), podYaml('w6', { node: 'node-a', ip: '10.1.0.12' })];
    const r = derive(NODES + '---' + pods.join('---') + '---' + SVC('', undefined, { 'service.kubernetes.io/topology-mode': 'Auto' }));
    // zone-1 has 2/3 of the CPU (desired 4 of 6 endpoints) but 5 endpoints; zone-2 desired 2, has 1: one zone-1 endpoint is re-hinted for zone-2.
    const all = r.slices.flatMap((s) => s.endpoints);
    expect(all.filter((e) => e.hintsForZones?.[0] === 'zone-2').length).toBe(2);
    expect(all.filter((e) => e.hintsForZones?.[0] === 'zone-1').length).toBe(4);
    expect(r.derivation?.hints[0]?.applied).toBe(true);
  });

  it('Auto without allocatable CPU on the Nodes: no hints (insufficient node info)', () => {
    const nodes = NODES.replaceAll(', allocatable: {cpu: "4"}', '');
    const r = derive(nodes + '---' + podYaml('w1') + '---' + podYaml('w2', { node: 'node-c', ip: '10.1.2.10' }) + '---' + SVC('', undefined, { 'service.kubernetes.io/topology-aware-hints': 'auto' }));
    expect(r.derivation?.hints[0]).toMatchObject({ applied: false });
    expect(r.derivation?.hints[0]?.reason).toContain('Insufficient Node information');
    expect(Object.values(hints(r))).toEqual([[undefined, undefined], [undefined, undefined]]);
  });

  it('CPU quantities', () => {
    expect([parseCpuMillis('4'), parseCpuMillis('3800m'), parseCpuMillis('2.5'), parseCpuMillis('x')]).toEqual([4000, 3800, 2500, undefined]);
  });
});
