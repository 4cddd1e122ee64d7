import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/**
 * `kflow trace` end to end on the example cluster (examples/shop, answer key in its README):
 * DNS (resolv.conf, CoreDNS answers, DNS reachability under egress policy), Service routing
 * (kube-proxy's endpoint choice), Ingress routing, and policy on the post-DNAT endpoint.
 */
const SHOP = 'examples/shop';

async function traceJson(...args: string[]) {
  const r = await runCli(['trace', SHOP, ...args, '--output', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    verdict: string;
    dropReason?: string;
    hops: { layer: string; observationPoint: string; decision: string; derivedFrom: { file: string; line: number }[]; data?: Record<string, unknown> }[];
    endpoints: { endpoint: string; pod?: string; verdict: string; seenSource: string }[];
    notes: string[];
  };
}

describe('kflow trace across the four layers', () => {
  it('an allowed URL: DNS reachable, api.shop resolves to the Service, every endpoint admitted', async () => {
    const t = await traceJson('--from', 'frontend/deployment/web', '--to', 'http://api.shop:8080/');
    expect(t.verdict).toBe('allow');
    expect(t.hops.map((h) => `${h.layer}/${h.observationPoint}/${h.decision}`)).toEqual([
      'dns/dns-policy/allow',
      'dns/dns-lookup/allow',
      'service/service/allow',
      'policy/egress/allow',
      'policy/ingress/allow',
      'delivery/delivery/allow',
    ]);
    // the search list: api.shop has 1 dot < ndots:5, so <ns>.svc.cluster.local is tried first
    expect(t.hops[1]!.data?.tried).toEqual(['api.shop.frontend.svc.cluster.local.', 'api.shop.svc.cluster.local.']);
    expect(t.endpoints).toHaveLength(3);
    for (const h of t.hops.filter((x) => x.layer !== 'delivery')) {
      expect(h.derivedFrom.length, `${h.observationPoint} has provenance`).toBeGreaterThan(0);
      for (const o of h.derivedFrom) expect(o.line).toBeGreaterThan(0);
    }
  });

  it('a DNS-blocked source stops at DNS with the policy that did it (default-deny egress, no DNS rule)', async () => {
    const t = await traceJson('--from', 'data/statefulset/postgres', '--to', 'http://api.shop:8080/');
    expect(t.verdict).toBe('deny');
    expect(t.dropReason).toBe('DNS_BLOCKED');
    expect(t.hops).toHaveLength(1);
    const policies = t.hops[0]!.derivedFrom.map((o) => `${o.file}:${o.line}`);
    expect(policies).toContain('examples/shop/data.yaml:202');
  });

  it('a Service whose selector matches no pod: no endpoints (kube-proxy rejects)', async () => {
    const t = await traceJson('--from', 'frontend/deployment/web', '--to', 'http://prometheus.monitoring:9090/');
    expect(t.verdict).toBe('deny');
    expect(t.dropReason).toBe('NO_ENDPOINTS');
  });

  it('a targetPort name no selected pod exposes: PORT_NOT_EXPOSED, with each candidate and why', async () => {
    const t = await traceJson('--from', 'shop/deployment/api', '--to', 'http://catalog.shop/');
    expect(t.verdict).toBe('deny');
    expect(t.dropReason).toBe('PORT_NOT_EXPOSED');
    const svc = t.hops.find((h) => h.layer === 'service')!;
    expect((svc.data?.candidates as { reason: string }[]).every((c) => c.reason === 'TARGET_PORT_UNRESOLVED')).toBe(true);
  });

  it('a port the Service does not have is not forwarded', async () => {
    const t = await traceJson('--from', 'shop/deployment/api', '--to', 'catalog.shop:8080');
    expect(t.dropReason).toBe('PORT_NOT_EXPOSED');
  });

  it('a name that does not exist anywhere the pod searches goes upstream and is reported as such', async () => {
    const t = await traceJson('--from', 'frontend/deployment/web', '--to', 'nope.example:443');
    expect(t.hops[1]!.data?.forwarded).toBe(true);
  });

  it('external client, NodePort with externalTrafficPolicy: Local: only the local endpoint, client IP preserved', async () => {
    const t = await traceJson('--from', 'external:198.51.100.9', '--to', '172.18.0.3:30080');
    expect(t.verdict).toBe('allow');
    expect(t.endpoints).toHaveLength(1);
    expect(t.endpoints[0]!.seenSource).toBe('external:198.51.100.9');
  });

  it('external client, NodePort with externalTrafficPolicy: Cluster: every endpoint, source SNATed to the node', async () => {
    const t = await traceJson('--from', 'external:198.51.100.9', '--to', '172.18.0.3:31080');
    expect(t.endpoints).toHaveLength(3);
    for (const e of t.endpoints) expect(e.seenSource).toContain('SNAT');
    expect(t.notes.join(' ')).toContain('an ipBlock rule for the client');
  });

  it('a route through an Ingress: client → LoadBalancer → controller → backend Service, each leg with policy', async () => {
    const t = await traceJson('--from', 'external:203.0.113.7', '--to', 'http://shop.example.com/api/orders');
    expect(t.verdict).toBe('allow');
    expect(t.hops[0]!.observationPoint).toBe('ingress-route');
    expect(t.hops[0]!.derivedFrom[0]!.file).toBe('examples/shop/shop.yaml');
    const services = t.hops.filter((h) => h.layer === 'service').map((h) => h.data?.service);
    expect(services).toEqual(['ingress-nginx/ingress-nginx-controller', 'shop/api']);
    expect(t.endpoints.every((e) => e.pod?.startsWith('shop/api-'))).toBe(true);
  });

  it('text output shows the same story, with file:line', async () => {
    const r = await runCli(['trace', SHOP, '--from', 'data/statefulset/postgres', '--to', 'http://api.shop:8080/']);
    expect(r.stdout).toContain('DENY (DNS_BLOCKED)');
    expect(r.stdout).toContain('examples/shop/data.yaml:202');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/dns-blocked.txt');
    const ok = await runCli(['trace', SHOP, '--from', 'frontend/deployment/web', '--to', 'http://api.shop:8080/']);
    await expect(ok.stdout).toMatchFileSnapshot('__golden__/url-allowed.txt');
  });
});

describe('externalTrafficPolicy and ipBlock on the client address (test/fixtures/etp)', () => {
  const ETP = 'test/fixtures/etp';
  it('Local keeps the client address: the ipBlock for the client CIDR matches', async () => {
    const r = await runCli(['trace', ETP, '--from', 'external:203.0.113.7', '--to', '172.18.0.3:30002', '--output', 'json']);
    const t = JSON.parse(r.stdout);
    expect(t.verdict).toBe('allow');
  });
  it('Cluster SNATs to the node: the ipBlock no longer matches (except on the node-local endpoint, which sees its own node)', async () => {
    const r = await runCli(['trace', ETP, '--from', 'external:203.0.113.7', '--to', '172.18.0.3:30001', '--output', 'json']);
    const t = JSON.parse(r.stdout);
    expect(t.verdict).toBe('partial');
    const byNode = t.endpoints.map((e: { verdict: string; seenSource: string }) => `${e.verdict} ${e.seenSource}`).sort();
    expect(byNode).toEqual(['allow 172.18.0.3 (SNAT by node-b)', 'deny 172.18.0.3 (SNAT by node-b)']);
    expect(t.notes.join(' ')).toContain('does not match');
  });
});
