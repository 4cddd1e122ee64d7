import { describe, expect, it } from 'vitest';
import { resolveServiceEndpoints } from '../../src/layers/services/resolve-service-endpoints.js';
import { serviceEndpointsForDns } from '../../src/layers/services/service-endpoints.js';
import { findServiceByAddress } from '../../src/layers/services/find-service.js';
import { parseIp } from '../../src/net/ip.js';
import { loadShop, pod, service } from './load.js';

/**
 * The example cluster's Services against the answer key in examples/shop/README.md
 * ("Addressing" table: Service → Endpoints). Pod IPs are kflow's deterministic allocation; the
 * key fixes the counts, ports, and which pods.
 */
const shop = loadShop();
const podIp = (prefix: string) => shop.pods.filter((p) => p.key.startsWith(prefix)).map((p) => p.ips.map((ip) => ip.value)[0]);
const web = pod(shop, 'frontend/web-');

function clusterIpEndpoints(key: string, port: number, protocol?: 'TCP' | 'UDP') {
  const r = resolveServiceEndpoints(shop, { service: service(shop, key), port, via: 'clusterIP', client: { kind: 'pod', pod: web }, ...(protocol ? { protocol } : {}) });
  if (r.kind === 'error') throw new Error(r.message);
  return r;
}

describe('examples/shop Services (README "Addressing" answer key)', () => {
  it.each([
    ['kube-system/kube-dns', 53, 'UDP', 'kube-system/coredns-', 2, 53],
    ['kube-system/kube-dns', 53, 'TCP', 'kube-system/coredns-', 2, 53],
    ['kube-system/kube-dns', 9153, undefined, 'kube-system/coredns-', 2, 9153],
    ['frontend/web', 80, undefined, 'frontend/web-', 3, 8080],
    ['shop/api', 8080, undefined, 'shop/api-', 3, 8080],
    ['payments/payments', 50051, undefined, 'payments/payments-', 2, 50051],
    ['data/redis', 6379, undefined, 'data/redis-', 1, 6379],
    ['data/postgres-primary', 5432, undefined, 'data/postgres-0', 1, 5432],
    ['ingress-nginx/ingress-nginx-controller', 80, undefined, 'ingress-nginx/ingress-nginx-controller-', 3, 80],
    ['ingress-nginx/ingress-nginx-controller-internal', 443, undefined, 'ingress-nginx/ingress-nginx-controller-', 3, 443],
  ] as const)('%s port %s/%s → %s × %s on port %s', (key, port, protocol, podPrefix, count, targetPort) => {
    const r = clusterIpEndpoints(key, port, protocol);
    expect(r.outcome).toBe('forwarded');
    expect(r.endpoints).toHaveLength(count);
    for (const e of r.endpoints) expect(e.endsWith(`:${targetPort}`)).toBe(true);
    const ips = new Set(podIp(podPrefix));
    for (const c of r.candidates.filter((x) => x.kept)) expect(ips.has(parseIp(c.address!)!.value as number)).toBe(true);
  });

  it('shop/catalog has none (mistake 4): targetPort http-api resolves on neither catalog pod', () => {
    const r = clusterIpEndpoints('shop/catalog', 80);
    expect(r).toMatchObject({ outcome: 'rejected', dropReason: 'NO_ENDPOINTS', destination: '10.96.20.20:80', endpoints: [] });
    expect(r.candidates.map((c) => c.reason)).toEqual(['TARGET_PORT_UNRESOLVED', 'TARGET_PORT_UNRESOLVED']);
    expect(r.candidates[0]!.derivedFrom[0]).toMatchObject({ object: 'Service/shop/catalog', path: 'spec.ports[0].targetPort', file: 'examples/shop/shop.yaml', line: 132 });
  });

  it('monitoring/prometheus has none (mistake 5): the selector matches no pod', () => {
    const r = clusterIpEndpoints('monitoring/prometheus', 9090);
    expect(r).toMatchObject({ outcome: 'rejected', dropReason: 'NO_ENDPOINTS', candidates: [] });
    expect(r.notes.join(' ')).toContain('spec.selector app=prometheus matches no pod in namespace monitoring');
  });

  it('data/postgres is headless: kube-proxy ignores it; DNS publishes postgres-0, -1, -2 with hostnames', () => {
    expect(clusterIpEndpoints('data/postgres', 5432).outcome).toBe('not-proxied');
    const dns = serviceEndpointsForDns(shop, service(shop, 'data/postgres'));
    expect(dns.endpoints.map((e) => [e.hostname, e.pod, e.ports.map((p) => p.port)])).toEqual([
      ['postgres-0', 'data/postgres-0', [5432]],
      ['postgres-1', 'data/postgres-1', [5432]],
      ['postgres-2', 'data/postgres-2', [5432]],
    ]);
  });

  it('postgres-primary publishes no hostname (the pods\' subdomain is postgres, not postgres-primary)', () => {
    expect(serviceEndpointsForDns(shop, service(shop, 'data/postgres-primary')).endpoints.map((e) => e.hostname)).toEqual([undefined]);
  });

  it.each([['node-a'], ['node-b'], ['node-c']])(
    'ingress-nginx-controller through the LB (ETP Local) arriving at %s: only the controller pod on that node',
    (node) => {
      for (const port of [80, 443]) {
        const r = resolveServiceEndpoints(shop, { service: service(shop, 'ingress-nginx/ingress-nginx-controller'), port, via: 'loadBalancer', client: { kind: 'external', node } });
        if (r.kind === 'error') throw new Error(r.message);
        expect(r.destination).toBe(`203.0.113.10:${port}`);
        expect(r.endpoints).toHaveLength(1);
        expect(r.candidates.find((c) => c.kept)?.nodeName).toBe(node);
        expect(r.healthCheck?.status).toBe(200);
        expect(r.sourceNat.masquerade).toBe(false);
      }
    },
  );

  it.each([['node-a'], ['node-b'], ['node-c']])('ingress-nginx-controller through nodePort 30443 arriving at %s: also only the local pod', (node) => {
    const r = resolveServiceEndpoints(shop, { service: service(shop, 'ingress-nginx/ingress-nginx-controller'), port: 443, via: 'nodePort', client: { kind: 'external', node } });
    if (r.kind === 'error') throw new Error(r.message);
    expect(r.destination?.endsWith(':30443')).toBe(true);
    expect(r.endpoints).toHaveLength(1);
  });

  it.each([['node-a'], ['node-b'], ['node-c']])('ingress-nginx-controller-internal (ETP Cluster) via nodePort 31080 at %s: all 3, source SNATed to the node', (node) => {
    const r = resolveServiceEndpoints(shop, { service: service(shop, 'ingress-nginx/ingress-nginx-controller-internal'), port: 80, via: 'nodePort', client: { kind: 'external', node } });
    if (r.kind === 'error') throw new Error(r.message);
    expect(r.destination?.endsWith(':31080')).toBe(true);
    expect(r.endpoints).toHaveLength(3);
    expect(r.sourceNat.masquerade).toBe(true);
  });

  it('kube-dns port 53 names two protocols: the caller must pick one', () => {
    const r = resolveServiceEndpoints(shop, { service: service(shop, 'kube-system/kube-dns'), port: 53, via: 'clusterIP', client: { kind: 'pod', pod: web } });
    expect(r).toMatchObject({ kind: 'error', code: 'PORT_AMBIGUOUS' });
  });

  it('Service lookup by address: ClusterIP, LB IP and node IP + nodePort', () => {
    const by = (ip: string, port: number) => findServiceByAddress(shop, parseIp(ip)!, port, 'TCP').map((m) => [`${m.service.namespace}/${m.service.name}`, m.via, m.node]);
    expect(by('10.96.20.10', 8080)).toEqual([['shop/api', 'clusterIP', undefined]]);
    expect(by('203.0.113.10', 443)).toEqual([['ingress-nginx/ingress-nginx-controller', 'loadBalancer', undefined]]);
    expect(by('172.18.0.3', 31080)).toEqual([['ingress-nginx/ingress-nginx-controller-internal', 'nodePort', 'node-b']]);
    expect(by('10.96.20.10', 80)).toEqual([]);
  });
});
