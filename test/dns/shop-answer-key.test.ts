import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/ingest/load-snapshot.js';
import { buildDnsModel, podResolvConf } from '../../src/layers/dns/dns-model.js';
import type { DnsRecordType } from '../../src/layers/dns/dns-types.js';
import { nameserverTargets } from '../../src/layers/dns/nameserver-targets.js';
import { renderResolvConf } from '../../src/layers/dns/pod-resolv-conf.js';
import { resolveName } from '../../src/layers/dns/resolve-name.js';
import { formatIp } from '../../src/net/ip.js';

/** examples/shop/README.md, "DNS answers (answer key for `kflow dns`)", row by row. */

const DIR = 'examples/shop';
const sources = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: `${DIR}/${f}`, text: readFileSync(`${DIR}/${f}`, 'utf8') }));
const { snapshot, diagnostics } = loadSnapshot(sources);
const model = buildDnsModel(snapshot);
const firstPod = (ns: string, app: string) => snapshot.pods.find((p) => p.namespace === ns && p.workload?.name === app)!;
const ipOf = (key: string) => formatIp(snapshot.podsByKey.get(key)!.ips[0]!);

describe('examples/shop DNS answer key', () => {
  it('loads without errors, and the DNS configuration has no warnings', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model.diagnostics).toEqual([]);
    expect(model.settings.source).toBe('kubelet-config');
    expect(model.coredns.source).toBe('corefile');
  });

  it('pod search list <ns>.svc.cluster.local svc.cluster.local cluster.local, nameserver 10.96.0.10, ndots 5 (payments: 2)', () => {
    expect(renderResolvConf(podResolvConf(model, firstPod('frontend', 'web')))).toBe('search frontend.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5');
    const payments = podResolvConf(model, firstPod('payments', 'payments'));
    expect(payments.ndots).toBe(2);
    expect(payments.options.map((o) => o.value)).toEqual(['ndots:2']);
    expect(payments.options[0]!.origin).toMatchObject({ file: 'examples/shop/payments.yaml', line: 27 });
  });

  const rows: [string, string, string, DnsRecordType, string[], () => string[]][] = [
    ['frontend/web pod', 'frontend/web', 'api.shop', 'A', ['api.shop.frontend.svc.cluster.local.', 'api.shop.svc.cluster.local.'], () => ['10.96.20.10']],
    [
      'shop/api pod',
      'shop/api',
      'redis.data.svc.cluster.local',
      'A',
      ['redis.data.svc.cluster.local.shop.svc.cluster.local.', 'redis.data.svc.cluster.local.svc.cluster.local.', 'redis.data.svc.cluster.local.cluster.local.', 'redis.data.svc.cluster.local.'],
      () => ['10.96.40.20'],
    ],
    ['payments pod (ndots 2)', 'payments/payments', 'postgres-primary.data.svc.cluster.local', 'A', ['postgres-primary.data.svc.cluster.local.'], () => ['10.96.40.11']],
    ['payments pod', 'payments/payments', 'catalog.shop.svc.cluster.local', 'A', ['catalog.shop.svc.cluster.local.'], () => ['10.96.20.20']],
    ['payments pod', 'payments/payments', 'prometheus.monitoring.svc.cluster.local', 'A', ['prometheus.monitoring.svc.cluster.local.'], () => ['10.96.50.10']],
    ['payments pod', 'payments/payments', 'postgres.data.svc.cluster.local', 'A', ['postgres.data.svc.cluster.local.'], () => [ipOf('data/postgres-0'), ipOf('data/postgres-1'), ipOf('data/postgres-2')].sort()],
    ['any pod (5 dots)', 'shop/api', 'postgres-0.postgres.data.svc.cluster.local', 'A', ['postgres-0.postgres.data.svc.cluster.local.'], () => [ipOf('data/postgres-0')]],
    ['payments pod', 'payments/payments', 'kube-dns.kube-system.svc.cluster.local', 'A', ['kube-dns.kube-system.svc.cluster.local.'], () => ['10.96.0.10']],
    ['any pod', 'monitoring/prometheus', '10.20.96.10.in-addr.arpa', 'PTR', ['10.20.96.10.in-addr.arpa.'], () => ['api.shop.svc.cluster.local.']],
  ];
  it.each(rows)('%s: %s → %s %s', (_, from, name, type, tried, answer) => {
    const [ns, app] = from.split('/') as [string, string];
    const r = resolveName(snapshot, { pod: firstPod(ns, app), name, type }, { model });
    expect(r.tried).toEqual(tried);
    expect(r.rcode).toBe('NOERROR');
    expect(r.status).toBe('answered');
    expect(r.answers.map((a) => a.data).sort()).toEqual(answer());
  });

  it('any pod in data: the lookup itself resolves; its nameserver is the kube-dns Service on 53/UDP and 53/TCP, which data\'s egress policy blocks (trace: DNS_BLOCKED)', () => {
    const redis = firstPod('data', 'redis');
    const targets = nameserverTargets(model, podResolvConf(model, redis));
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ nameserver: '10.96.0.10', primary: true, clusterDns: true, ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] });
    expect(`${targets[0]!.service!.namespace}/${targets[0]!.service!.name}`).toBe('kube-system/kube-dns');
  });

  it('the PTR answer key row also works from an address', () => {
    const r = resolveName(snapshot, { pod: firstPod('shop', 'api'), name: '10.96.20.10', type: 'PTR' }, { model });
    expect(r.tried).toEqual(['10.20.96.10.in-addr.arpa.']);
    expect(r.answers.map((a) => a.data)).toEqual(['api.shop.svc.cluster.local.']);
  });

  it('AAAA for an IPv4-only Service: NOERROR with no records, after the whole search list', () => {
    const r = resolveName(snapshot, { pod: firstPod('shop', 'api'), name: 'api', type: 'AAAA' }, { model });
    expect(r.rcode).toBe('NOERROR');
    expect(r.status).toBe('nodata');
    expect(r.answers).toEqual([]);
    expect(r.tried).toEqual(['api.shop.svc.cluster.local.', 'api.svc.cluster.local.', 'api.cluster.local.', 'api.']);
  });

  it('a Service name that does not exist: NXDOMAIN, with why each name failed', () => {
    const r = resolveName(snapshot, { pod: firstPod('shop', 'api'), name: 'cataloge.shop.svc.cluster.local.', type: 'A' }, { model });
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.tried).toEqual(['cataloge.shop.svc.cluster.local.']);
    expect(r.reason).toContain('no Service "cataloge" in namespace "shop"');
  });

  it('an external name from a ndots-5 pod: three cluster search domains, then forwarded upstream (answer unknown)', () => {
    const r = resolveName(snapshot, { pod: firstPod('payments', 'payments'), name: 'api.stripe.com', type: 'A' }, { model });
    // payments has ndots 2: 2 dots, so as is first.
    expect(r.tried).toEqual(['api.stripe.com.']);
    expect(r).toMatchObject({ rcode: 'NOERROR', status: 'forwarded', forwarded: true, forwardedTo: ['node-upstream'], answers: [] });
    const web = resolveName(snapshot, { pod: firstPod('frontend', 'web'), name: 'api.stripe.com', type: 'A' }, { model });
    expect(web.tried).toEqual(['api.stripe.com.frontend.svc.cluster.local.', 'api.stripe.com.svc.cluster.local.', 'api.stripe.com.cluster.local.', 'api.stripe.com.']);
  });
});
