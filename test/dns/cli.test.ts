import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const SHOP = 'examples/shop';

describe('kflow dns', () => {
  it('text: resolv.conf with its sources, each name sent, the answer with its manifest line', async () => {
    const r = await runCli(['dns', SHOP, '--from', 'frontend/deployment/web', '--name', 'api.shop']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✓ 2. api.shop.svc.cluster.local.  NOERROR');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/dns-web-api-shop.txt');
  });

  it('json: the DESIGN.md contract {tried, rcode, answers[{name,type,data}]} plus explanations', async () => {
    const r = await runCli(['dns', SHOP, '--from', 'shop/deployment/api', '--name', '_postgres._tcp.postgres.data.svc.cluster.local', '--type', 'SRV', '--output', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { tried: string[]; rcode: string; answers: { name: string; type: string; data: string }[] };
    expect(Object.keys(body).slice(0, 3)).toEqual(['tried', 'rcode', 'answers']);
    expect(body.tried).toEqual(['_postgres._tcp.postgres.data.svc.cluster.local.']);
    expect(body.rcode).toBe('NOERROR');
    expect(body.answers.map((a) => `${a.name} ${a.type} ${a.data}`)).toEqual([
      '_postgres._tcp.postgres.data.svc.cluster.local. SRV 0 33 5432 postgres-0.postgres.data.svc.cluster.local.',
      '_postgres._tcp.postgres.data.svc.cluster.local. SRV 0 33 5432 postgres-1.postgres.data.svc.cluster.local.',
      '_postgres._tcp.postgres.data.svc.cluster.local. SRV 0 33 5432 postgres-2.postgres.data.svc.cluster.local.',
    ]);
    await expect(r.stdout).toMatchFileSnapshot('__golden__/dns-api-postgres-srv.json');
  });

  it('PTR accepts an address or an in-addr.arpa name', async () => {
    for (const name of ['10.96.20.10', '10.20.96.10.in-addr.arpa']) {
      const r = await runCli(['dns', SHOP, '--from', 'shop/deployment/api', '--name', name, '--type', 'ptr', '-o', 'json']);
      expect(r.code).toBe(0);
      const body = JSON.parse(r.stdout);
      expect(body.tried).toEqual(['10.20.96.10.in-addr.arpa.']);
      expect(body.answers).toMatchObject([{ name: '10.20.96.10.in-addr.arpa.', type: 'PTR', data: 'api.shop.svc.cluster.local.' }]);
    }
  });

  it('NXDOMAIN explains each name; --expect NOERROR makes it exit 1', async () => {
    const r = await runCli(['dns', SHOP, '--from', 'shop/deployment/api', '--name', 'catalgo', '--expect', 'NOERROR']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rcode: NXDOMAIN');
    expect(r.stdout).toContain('no Service "catalgo" in namespace "shop"');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/dns-api-nxdomain.txt');
  });

  it('a forwarded name says so, with the node upstream given by --node-nameserver', async () => {
    const r = await runCli(['dns', SHOP, '--from', 'payments/deployment/payments', '--name', 'api.stripe.com', '--node-nameserver', '172.18.0.1', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tried: ['api.stripe.com.'], rcode: 'NOERROR', answers: [], status: 'forwarded', forwarded: true, forwardedTo: ['172.18.0.1'] });
  });

  it.each([
    [['--name', 'api', '--type', 'MX'], '--type: "MX" is not a query type', 'Use A, AAAA, SRV, PTR, CNAME or TXT.'],
    [['--name', '10.96.20.10'], 'is an IP address', '--type PTR'],
    [['--name', 'a..b'], 'empty label', 'Give a DNS name'],
    [['--name', 'api', '--stub-resolver', 'bionic'], '--stub-resolver', 'glibc or musl'],
    [['--name', 'api', '--expect', 'maybe'], '--expect', 'NOERROR or NXDOMAIN'],
  ])('usage error %j → exit 2 with a hint', async (extra, message, hint) => {
    const r = await runCli(['dns', SHOP, '--from', 'shop/deployment/api', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
  });

  it('an unknown --from pod → exit 2 with candidates', async () => {
    const r = await runCli(['dns', SHOP, '--from', 'shop/nope', '--name', 'api']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no pod or workload shop/nope');
  });
});
