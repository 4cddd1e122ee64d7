import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const SHOP = 'examples/shop';
// Pod names are kflow's deterministic expansion of the example's workloads.
const WEB = 'frontend/web-rdzjnk2w77-8rbrb'; // node-a
const CONTROLLER_B = 'ingress-nginx/ingress-nginx-controller-f9bw5csbxl-9xtm8'; // node-b

describe('kflow endpoints', () => {
  it('prints the JSON contract of DESIGN.md: {"endpoints": ["ip:port", ...], ...}', async () => {
    const r = await runCli(['endpoints', SHOP, '--from', WEB, '--service', 'shop/api', '--port', '8080', '--via', 'clusterIP', '--output', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { endpoints: string[]; outcome: string; candidates: unknown[] };
    expect(Object.keys(body)[0]).toBe('endpoints');
    expect(body.endpoints).toHaveLength(3);
    for (const e of body.endpoints) expect(e).toMatch(/^10\.244\.\d+\.\d+:8080$/);
    expect(body.outcome).toBe('forwarded');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/endpoints-api.json');
  });

  it('explains ETP Local through the load balancer, for people', async () => {
    const r = await runCli(['endpoints', SHOP, '--from', CONTROLLER_B, '--service', 'ingress-nginx/ingress-nginx-controller', '--port', '443', '--via', 'loadBalancer']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('externalTrafficPolicy Local: only endpoints on node node-b');
    expect(r.stdout).toContain('NOT_LOCAL');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/endpoints-ingress-lb.txt');
  });

  it('shows why a Service has no endpoints, with the faulty field\'s file:line (mistake 4)', async () => {
    const r = await runCli(['endpoints', SHOP, '--from', WEB, '--service', 'shop/catalog', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Service/shop/catalog spec.ports[0].targetPort at examples/shop/shop.yaml:132:');
    expect(r.stdout).toContain('REJECTED (NO_ENDPOINTS)');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/endpoints-catalog.txt');
  });

  it('JSON for a dropped flow has an empty list and the reason', async () => {
    const r = await runCli(['endpoints', SHOP, '--from', WEB, '--service', 'monitoring/prometheus', '--port', '9090', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ endpoints: [], outcome: 'rejected', dropReason: 'NO_ENDPOINTS' });
  });
});

describe('kflow endpoints: bad usage exits 2 with a hint', () => {
  it.each([
    ['unknown Service', ['--service', 'shop/nope', '--port', '80'], /no Service shop\/nope/, /Services in shop|Did you mean/],
    ['unknown namespace', ['--service', 'nons/api', '--port', '80'], /no Service nons\/api/, /There is no namespace "nons"/],
    ['port not on the Service', ['--service', 'shop/api', '--port', '80'], /Service shop\/api has no port 80/, /Its ports: 8080\/TCP \(http\)/],
    ['--via loadBalancer on a ClusterIP Service', ['--service', 'shop/api', '--port', '8080', '--via', 'loadBalancer'], /is type ClusterIP, not LoadBalancer/, /--via clusterIP/],
    ['--via nodePort on a ClusterIP Service', ['--service', 'shop/api', '--port', '8080', '--via', 'nodePort'], /has no nodePort/, /use --via clusterIP/],
    ['--via externalIP without externalIPs', ['--service', 'shop/api', '--port', '8080', '--via', 'externalIP'], /has no spec.externalIPs/, /--via clusterIP/],
    ['an unknown --via', ['--service', 'shop/api', '--port', '8080', '--via', 'ingress'], /--via: "ingress" is not a way into a Service/, /clusterIP, nodePort, loadBalancer, externalIP/],
    ['port 53 for two protocols', ['--service', 'kube-system/kube-dns', '--port', '53'], /has port 53 for UDP and TCP/, /--protocol/],
    ['missing --port', ['--service', 'shop/api'], /--port is required/, /Service's port/],
  ])('%s', async (_name, args, message, hint) => {
    const r = await runCli(['endpoints', SHOP, '--from', WEB, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stdout).toBe('');
  });

  it('--from naming a workload of several pods asks for one pod', async () => {
    const r = await runCli(['endpoints', SHOP, '--from', 'shop/deployment/api', '--service', 'shop/api', '--port', '8080']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/names 3 pods/);
  });

  it('--protocol picks one of two ports with the same number', async () => {
    const r = await runCli(['endpoints', SHOP, '--from', WEB, '--service', 'kube-system/kube-dns', '--port', '53', '--protocol', 'udp', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).endpoints).toHaveLength(2);
  });
});
