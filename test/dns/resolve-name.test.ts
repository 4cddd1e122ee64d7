import { describe, expect, it } from 'vitest';
import { buildDnsModel } from '../../src/layers/dns/dns-model.js';
import { answerAddresses, resolveName } from '../../src/layers/dns/resolve-name.js';
import { type Manifest, endpointSlice, kubeletConfigMap, modelOf, namespace, pod, service, snapshotOf } from './fixtures.js';

/** End-to-end lookups: resolv.conf → stub resolver → CoreDNS, and what kflow says when it cannot know. */

const base: Manifest[] = [
  namespace('app'),
  service({ ns: 'kube-system', name: 'kube-dns', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
  endpointSlice({ ns: 'kube-system', name: 'kube-dns-1', service: 'kube-dns', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }], endpoints: [{ addresses: ['10.244.0.2'], pod: 'coredns-0' }] }),
  kubeletConfigMap(['10.96.0.10'], 'cluster.local'),
  service({ ns: 'app', name: 'db', clusterIP: '10.96.1.1', ports: [{ name: 'pg', port: 5432 }] }),
  service({ ns: 'app', name: 'payments-api', type: 'ExternalName', externalName: 'api.stripe.com' }),
  service({ ns: 'app', name: 'db-alias', type: 'ExternalName', externalName: 'db.app.svc.cluster.local' }),
  pod({ ns: 'app', name: 'client', ip: '10.244.1.5' }),
  pod({ ns: 'app', name: 'host', ip: '172.18.0.3', hostNetwork: true }),
  pod({ ns: 'app', name: 'host-cluster', ip: '172.18.0.3', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
  pod({ ns: 'app', name: 'none', ip: '10.244.1.6', dnsPolicy: 'None', dnsConfig: { searches: ['app.svc.cluster.local'] } }),
];

describe('resolveName', () => {
  const model = modelOf(base);
  const lookup = (podKey: string, name: string, type: 'A' | 'AAAA' | 'CNAME' = 'A') => resolveName(model.snapshot, { pod: podKey, name, type }, { model });

  it('an ExternalName to an outside host: answered with the CNAME, marked forwarded (the target\'s address is upstream\'s)', () => {
    const r = lookup('app/client', 'payments-api');
    expect(r.tried).toEqual(['payments-api.app.svc.cluster.local.']);
    expect(r).toMatchObject({ rcode: 'NOERROR', status: 'answered', forwarded: true, forwardedTo: ['node-upstream'] });
    expect(r.answers.map((a) => `${a.type} ${a.data}`)).toEqual(['CNAME api.stripe.com.']);
    expect(answerAddresses(r)).toEqual([]);
  });

  it('an ExternalName to a cluster name: CNAME then the Service\'s address, no forwarding', () => {
    const r = lookup('app/client', 'db-alias');
    expect(r.answers.map((a) => `${a.name} ${a.type} ${a.data}`)).toEqual(['db-alias.app.svc.cluster.local. CNAME db.app.svc.cluster.local.', 'db.app.svc.cluster.local. A 10.96.1.1']);
    expect(r.forwarded).toBe(false);
    expect(answerAddresses(r)).toEqual(['10.96.1.1']);
  });

  it('a hostNetwork pod with ClusterFirst uses the node\'s resolver: no cluster names, answer unknown', () => {
    const r = lookup('app/host', 'db.app.svc.cluster.local');
    expect(r.resolvConf.mode).toBe('host');
    expect(r.steps[0]).toMatchObject({ server: 'external', nameserver: 'node-upstream', reply: 'unknown' });
    expect(r.status).toBe('forwarded');
  });

  it('ClusterFirstWithHostNet gives a hostNetwork pod the cluster DNS', () => {
    const r = lookup('app/host-cluster', 'db');
    expect(r.tried).toEqual(['db.app.svc.cluster.local.']);
    expect(answerAddresses(r)).toEqual(['10.96.1.1']);
  });

  it('dnsPolicy None without a nameserver: nothing is sent', () => {
    const r = lookup('app/none', 'db');
    expect(r).toMatchObject({ tried: [], status: 'no-nameserver', rcode: 'NXDOMAIN' });
  });

  it('a query straight to a CoreDNS pod address also reaches CoreDNS', () => {
    expect(model.clusterDnsAddresses.has('10.244.0.2')).toBe(true);
  });

  it('musl stops at NODATA where glibc goes on', () => {
    const musl = buildDnsModel(model.snapshot, { stubResolver: 'musl' });
    const m = resolveName(musl.snapshot, { pod: 'app/client', name: 'db', type: 'AAAA' }, { model: musl });
    expect(m.tried).toEqual(['db.app.svc.cluster.local.']);
    expect(m).toMatchObject({ rcode: 'NOERROR', status: 'nodata' });
    const g = lookup('app/client', 'db', 'AAAA');
    expect(g.tried).toEqual(['db.app.svc.cluster.local.', 'db.svc.cluster.local.', 'db.cluster.local.', 'db.']);
    expect(g.status).toBe('nodata');
  });

  it('--assume-upstream nxdomain: the walk goes past forwarded names (node search domains included)', () => {
    const m = buildDnsModel(model.snapshot, {
      assumeUpstream: 'nxdomain',
      nodeResolvConf: { nameservers: ['172.18.0.1'], searches: ['corp.example'], options: [], origin: { what: 'test', file: '<test>', line: 0, column: 0, path: '' } },
    });
    const r = resolveName(m.snapshot, { pod: 'app/client', name: 'www.example.com', type: 'A' }, { model: m });
    expect(r.tried).toEqual([
      'www.example.com.app.svc.cluster.local.',
      'www.example.com.svc.cluster.local.',
      'www.example.com.cluster.local.',
      'www.example.com.corp.example.',
      'www.example.com.',
    ]);
    expect(r.steps[3]).toMatchObject({ reply: 'unknown', forwardedTo: ['172.18.0.1'] });
    expect(r.rcode).toBe('NXDOMAIN');
  });

  it('no kubelet configuration and no kube-dns Service: ClusterFirst falls back to the node\'s resolver', () => {
    const snapshot = snapshotOf([namespace('app'), pod({ ns: 'app', name: 'client', ip: '10.244.1.5' })]);
    const m = buildDnsModel(snapshot);
    expect(m.settings.source).toBe('none');
    const r = resolveName(snapshot, { pod: 'app/client', name: 'db', type: 'A' }, { model: m });
    expect(r.resolvConf.warnings[0]).toMatch(/^MissingClusterDNS/);
    expect(r.steps[0]!.server).toBe('external');
  });

  it('no kubelet configuration: the kube-dns Service\'s ClusterIP and cluster.local, said so', () => {
    const m = modelOf(base.filter((o) => (o.metadata as { name: string }).name !== 'kubelet-config'));
    expect(m.settings).toMatchObject({ source: 'kube-dns-service', clusterDomain: 'cluster.local' });
    expect(m.settings.clusterDNS.map((c) => c.ip)).toEqual(['10.96.0.10']);
    expect(m.settings.clusterDNS[0]!.origin.object).toBe('Service/kube-system/kube-dns');
  });

  it('the kubelet\'s clusterDNS that no Service has: a warning', () => {
    const m = modelOf([...base.filter((o) => (o.metadata as { name: string }).name !== 'kubelet-config'), kubeletConfigMap(['10.96.0.99'], 'cluster.local')]);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['DNS_CLUSTER_DNS_NO_SERVICE']);
  });
});
