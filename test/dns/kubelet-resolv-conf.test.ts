import { describe, expect, it } from 'vitest';
import type { ClusterDnsSettings } from '../../src/layers/dns/cluster-dns-settings.js';
import { podSpecLocator } from '../../src/layers/dns/dns-model.js';
import { defaultOrigin } from '../../src/layers/dns/dns-types.js';
import { type NodeResolvConf, parseResolvConf } from '../../src/layers/dns/node-resolv-conf.js';
import { buildPodResolvConf, fitSearchLimits, mergeOptions, ndotsOf, renderResolvConf } from '../../src/layers/dns/pod-resolv-conf.js';
import { type PodSpec, pod, snapshotOf } from './fixtures.js';

/**
 * The kubelet's resolv.conf construction, against the cases of
 * kubernetes/kubernetes pkg/kubelet/network/dns/dns_test.go (test and case names quoted).
 * Limits are those of ExpandedDNSConfig (GA in 1.28, the only behaviour since): 32 search paths,
 * 2048 characters; the legacy 6-path/256-character cases are not replayed.
 */

const origin = defaultOrigin('test');
const settings = (clusterDNS: string[], clusterDomain: string): ClusterDnsSettings => ({
  clusterDNS: clusterDNS.map((ip) => ({ ip, origin })),
  clusterDomain,
  clusterDomainOrigin: origin,
  source: 'kubelet-config',
  dnsService: undefined,
  diagnostics: [],
});
const node = (nameservers: string[], searches: string[], options: string[] = []): NodeResolvConf => ({ nameservers, searches, options, origin });

function resolvConfOf(p: Omit<PodSpec, 'name' | 'ns'> & { ns?: string }, s: ClusterDnsSettings, n: NodeResolvConf) {
  const snapshot = snapshotOf([pod({ name: 'test-pod', ns: p.ns ?? 'testNS'.toLowerCase(), ip: '10.244.0.9', ...p })]);
  const model = snapshot.pods[0]!;
  const { locate, object } = podSpecLocator(snapshot, model);
  return buildPodResolvConf(model, s, n, locate, object);
}
const values = (xs: readonly { value: string }[]) => xs.map((x) => x.value);

describe('TestParseResolvConf', () => {
  it.each([
    ['', [], [], [], false],
    [' ', [], [], [], false],
    ['\n', [], [], [], false],
    ['\t\n\t', [], [], [], false],
    ['#comment\n', [], [], [], false],
    [' #comment\n', [], [], [], false],
    ['#comment\n#comment', [], [], [], false],
    ['#comment\nnameserver', [], [], [], true],
    ['#comment\nnameserver\nsearch', [], [], [], true],
    ['#comment\nnameserver 1.2.3.4\nsearch', ['1.2.3.4'], [], [], false],
    ['nameserver 1.2.3.4', ['1.2.3.4'], [], [], false],
    [' nameserver 1.2.3.4', ['1.2.3.4'], [], [], false],
    ['\tnameserver 1.2.3.4', ['1.2.3.4'], [], [], false],
    ['nameserver\t1.2.3.4', ['1.2.3.4'], [], [], false],
    ['nameserver \t 1.2.3.4', ['1.2.3.4'], [], [], false],
    ['nameserver 1.2.3.4\nnameserver 5.6.7.8', ['1.2.3.4', '5.6.7.8'], [], [], false],
    ['nameserver 1.2.3.4 #comment', ['1.2.3.4'], [], [], false],
    ['search ', [], [], [], false],
    ['search foo', [], ['foo'], [], false],
    ['search foo bar', [], ['foo', 'bar'], [], false],
    ['search foo. bar', [], ['foo', 'bar'], [], false],
    ['search foo bar bat\n', [], ['foo', 'bar', 'bat'], [], false],
    ['search foo\nsearch bar', [], ['bar'], [], false],
    ['nameserver 1.2.3.4\nsearch foo bar', ['1.2.3.4'], ['foo', 'bar'], [], false],
    ['nameserver 1.2.3.4\nsearch foo\nnameserver 5.6.7.8\nsearch bar', ['1.2.3.4', '5.6.7.8'], ['bar'], [], false],
    ['#comment\nnameserver 1.2.3.4\n#comment\nsearch foo\ncomment', ['1.2.3.4'], ['foo'], [], false],
    ['options ', [], [], [], false],
    ['options ndots:5 attempts:2', [], [], ['ndots:5', 'attempts:2'], false],
    ['options ndots:1\noptions ndots:5 attempts:3', [], [], ['ndots:5', 'attempts:3'], false],
    ['nameserver 1.2.3.4\nsearch foo\nnameserver 5.6.7.8\nsearch bar\noptions ndots:5 attempts:4', ['1.2.3.4', '5.6.7.8'], ['bar'], ['ndots:5', 'attempts:4'], false],
  ] as const)('%j', (data, nameservers, searches, options, isErr) => {
    const r = parseResolvConf(data);
    if (isErr) {
      expect(r.errors.length).toBeGreaterThan(0);
      return;
    }
    expect(r.errors).toEqual([]);
    expect(r.nameservers).toEqual(nameservers);
    expect(r.searches).toEqual(searches);
    expect(r.options).toEqual(options);
  });
});

describe('TestFormDNSSearchFitsLimits', () => {
  // 2048 = 128 + 127 * 15 + 15
  const list2048 = [`${'A'.repeat(128)}`, ...Array.from({ length: 15 }, () => 'A'.repeat(127))];
  const paths = (n: number) => ['testNS.svc.TEST', 'svc.TEST', 'TEST', ...Array.from({ length: n - 3 }, (_, i) => String(i + 4))];
  it.each([
    ['valid: 3 search paths', ['testNS.svc.TEST', 'svc.TEST', 'TEST'], ['testNS.svc.TEST', 'svc.TEST', 'TEST'], false],
    ['valid: 5 search paths', ['testNS.svc.TEST', 'svc.TEST', 'TEST', 'AAA', 'BBB'], ['testNS.svc.TEST', 'svc.TEST', 'TEST', 'AAA', 'BBB'], false],
    ['invalid: longer than 256 characters in search path list', ['testNS.svc.TEST', 'svc.TEST', 'TEST', 'AAA', 'B'.repeat(256), 'BBB'], ['testNS.svc.TEST', 'svc.TEST', 'TEST', 'AAA', 'BBB'], true],
    ['valid ExpandedDNSConfig: 2048 characters in search path list', list2048, list2048, false],
    ['invalid ExpandedDNSConfig: 2050 characters in search path list', [...list2048, 'B'], list2048, true],
    ['invalid ExpandedDNSConfig: 256 characters search path', ['testNS.svc.TEST', 'svc.TEST', 'TEST', 'AAA', 'B'.repeat(256), 'BBB'], ['testNS.svc.TEST', 'svc.TEST', 'TEST', 'AAA', 'BBB'], true],
    ['valid ExpandedDNSConfig: 32 search paths', paths(32), paths(32), false],
    ['invalid ExpandedDNSConfig: 33 search paths', paths(33), paths(32), true],
  ])('%s', (_, hostNames, resultSearch, event) => {
    const r = fitSearchLimits(hostNames);
    expect(r.keptIndexes.map((i) => hostNames[i])).toEqual(resultSearch);
    expect(r.exceeded).toBe(event);
  });

  it('a pod over the limits gets the DNSConfigForming warning with the applied search line', () => {
    const rc = resolvConfOf({ dnsPolicy: 'None', dnsConfig: { nameservers: ['203.0.113.1'], searches: ['AAA', 'B'.repeat(256), 'BBB'] } }, settings([], ''), node([], []));
    expect(values(rc.searches)).toEqual(['AAA', 'BBB']);
    expect(rc.warnings).toContain('DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: AAA BBB');
  });
});

describe('TestFormDNSNameserversFitsLimits', () => {
  it.each([
    ['valid: 1 nameserver', ['127.0.0.1'], ['127.0.0.1'], false],
    ['valid: 3 nameservers', ['127.0.0.1', '10.0.0.10', '8.8.8.8'], ['127.0.0.1', '10.0.0.10', '8.8.8.8'], false],
    ['invalid: 4 nameservers, trimmed to 3', ['127.0.0.1', '10.0.0.10', '8.8.8.8', '1.2.3.4'], ['127.0.0.1', '10.0.0.10', '8.8.8.8'], true],
  ])('%s', (_, nameservers, expected, event) => {
    const rc = resolvConfOf({ dnsPolicy: 'None', dnsConfig: { nameservers } }, settings([], ''), node([], []));
    expect(values(rc.nameservers)).toEqual(expected);
    expect(rc.warnings.some((w) => w.startsWith('DNSConfigForming: Nameserver limits were exceeded'))).toBe(event);
  });
});

describe('TestMergeDNSOptions', () => {
  const e = (values: string[]) => values.map((value) => ({ value, origin }));
  const o = (name: string, value?: string) => ({ name, value, origin });
  it.each([
    ['Empty dnsConfigOptions', ['ndots:5', 'debug'], [], ['ndots:5', 'debug']],
    ['No duplicated entries', ['ndots:5', 'debug'], [o('single-request'), o('attempts', '3')], ['ndots:5', 'debug', 'single-request', 'attempts:3']],
    ['Overwrite duplicated entries', ['ndots:5', 'debug'], [o('ndots', '3'), o('debug'), o('single-request'), o('attempts', '3')], ['ndots:3', 'debug', 'single-request', 'attempts:3']],
  ])('%s', (_, existing, added, expected) => {
    // Upstream compares as sets (Go map order); kflow also keeps a stable order.
    expect(values(mergeOptions(e(existing), added))).toEqual(expected);
  });
});

describe('TestGetPodDNSType', () => {
  const s = settings(['203.0.113.1'], 'TEST');
  it.each([
    ['valid DNSClusterFirst without hostnetwork', 'ClusterFirst', false, 'cluster'],
    ['valid DNSClusterFirstWithHostNet with hostnetwork', 'ClusterFirstWithHostNet', true, 'cluster'],
    ['valid DNSClusterFirstWithHostNet without hostnetwork', 'ClusterFirstWithHostNet', false, 'cluster'],
    ['valid DNSDefault without hostnetwork', 'Default', false, 'host'],
    ['valid DNSDefault with hostnetwork', 'Default', true, 'host'],
    ['DNSClusterFirst with hostnetwork, fallback to DNSDefault', 'ClusterFirst', true, 'host'],
    ['valid DNSNone', 'None', false, 'none'],
  ] as const)('%s', (_, dnsPolicy, hostNetwork, mode) => {
    const rc = resolvConfOf({ dnsPolicy, hostNetwork, dnsConfig: dnsPolicy === 'None' ? { nameservers: ['1.1.1.1'] } : undefined }, s, node(['8.8.8.8'], []));
    expect(rc.mode).toBe(mode);
  });
});

describe('TestGetPodDNS (with a resolver config file)', () => {
  const s = settings(['203.0.113.1'], 'kubernetes.io');
  const n = node(['8.8.8.8'], ['host.domain']);
  it('ClusterFirstWithHostNet on the host network: cluster nameserver only, cluster domains prepended to the host search list', () => {
    const rc = resolvConfOf({ dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true }, s, n);
    expect(values(rc.nameservers)).toEqual(['203.0.113.1']);
    expect(values(rc.searches)).toEqual(['testns.svc.kubernetes.io', 'svc.kubernetes.io', 'kubernetes.io', 'host.domain']);
  });
  it('ClusterFirst on the host network falls back to the host settings', () => {
    const rc = resolvConfOf({ dnsPolicy: 'ClusterFirst', hostNetwork: true }, s, n);
    expect(values(rc.nameservers)).toEqual(['8.8.8.8']);
    expect(values(rc.searches)).toEqual(['host.domain']);
  });
  it('ClusterFirst off the host network: cluster nameserver, cluster search paths first', () => {
    const rc = resolvConfOf({ dnsPolicy: 'ClusterFirst' }, s, n);
    expect(values(rc.nameservers)).toEqual(['203.0.113.1']);
    expect(values(rc.searches)[0]).toBe('testns.svc.kubernetes.io');
    expect(values(rc.options)).toEqual(['ndots:5']);
  });
  it('Default: the host settings', () => {
    const rc = resolvConfOf({ dnsPolicy: 'Default' }, s, n);
    expect(values(rc.nameservers)).toEqual(['8.8.8.8']);
    expect(values(rc.searches)).toEqual(['host.domain']);
  });
  it('no clusterDNS (MissingClusterDNS): ClusterFirst falls back to Default, with the kubelet\'s event', () => {
    const rc = resolvConfOf({ dnsPolicy: 'ClusterFirst' }, settings([], 'kubernetes.io'), n);
    expect(rc.mode).toBe('host');
    expect(values(rc.nameservers)).toEqual(['8.8.8.8']);
    expect(rc.warnings[0]).toMatch(/^MissingClusterDNS: kubelet does not have ClusterDNS IP configured/);
  });
  it('an unset dnsPolicy is ClusterFirst (API default)', () => {
    const rc = resolvConfOf({}, s, n);
    expect(rc.dnsPolicy).toBe('ClusterFirst');
    expect(rc.mode).toBe('cluster');
  });
});

describe('TestGetPodDNSCustom', () => {
  const s = settings(['10.0.0.10'], 'kubernetes.io');
  const n = node(['8.8.8.8'], ['host.domain']);
  const dnsConfig = { nameservers: ['10.0.0.11'], searches: ['my.domain'], options: [{ name: 'ndots', value: '3' }, { name: 'debug' }] };
  it.each([
    ['DNSNone without DNSConfig should have empty DNS settings', { dnsPolicy: 'None' }, [], [], []],
    [
      'DNSNone with DNSConfig should have a merged DNS settings',
      { dnsPolicy: 'None', dnsConfig: { nameservers: ['203.0.113.1'], searches: ['my.domain', 'second.domain'], options: [{ name: 'ndots', value: '3' }, { name: 'debug' }] } },
      ['203.0.113.1'],
      ['my.domain', 'second.domain'],
      ['ndots:3', 'debug'],
    ],
    [
      'DNSClusterFirst with DNSConfig should have a merged DNS settings',
      { dnsPolicy: 'ClusterFirst', dnsConfig },
      ['10.0.0.10', '10.0.0.11'],
      ['testns.svc.kubernetes.io', 'svc.kubernetes.io', 'kubernetes.io', 'host.domain', 'my.domain'],
      ['ndots:3', 'debug'],
    ],
    [
      'DNSClusterFirstWithHostNet with DNSConfig should have a merged DNS settings',
      { dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true, dnsConfig },
      ['10.0.0.10', '10.0.0.11'],
      ['testns.svc.kubernetes.io', 'svc.kubernetes.io', 'kubernetes.io', 'host.domain', 'my.domain'],
      ['ndots:3', 'debug'],
    ],
    ['DNSDefault with DNSConfig should have a merged DNS settings', { dnsPolicy: 'Default', dnsConfig }, ['8.8.8.8', '10.0.0.11'], ['host.domain', 'my.domain'], ['ndots:3', 'debug']],
  ] as const)('%s', (_, spec, nameservers, searches, options) => {
    const rc = resolvConfOf(spec as Omit<PodSpec, 'name' | 'ns'>, s, n);
    expect(values(rc.nameservers)).toEqual(nameservers);
    expect(values(rc.searches)).toEqual(searches);
    expect(values(rc.options)).toEqual(options);
  });

  it('DNSNone without nameservers is a pod the API server rejects: said as a warning', () => {
    const rc = resolvConfOf({ dnsPolicy: 'None' }, s, n);
    expect(rc.warnings.join('\n')).toContain('dnsPolicy None needs dnsConfig with at least one nameserver');
  });
});

describe('provenance of each resolv.conf line', () => {
  it('dnsConfig entries point at their manifest lines; the cluster entries at the kubelet settings', () => {
    const rc = resolvConfOf({ dnsPolicy: 'ClusterFirst', dnsConfig: { searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }] } }, settings(['10.96.0.10'], 'cluster.local'), node(['node-upstream'], []));
    expect(rc.searches.at(-1)!.origin).toMatchObject({ object: 'Pod/testns/test-pod', path: 'spec.dnsConfig.searches[0]' });
    expect(rc.options[0]!.origin.path).toBe('spec.dnsConfig.options[0]');
    expect(rc.nameservers[0]!.origin).toBe(origin);
    expect(renderResolvConf(rc)).toBe('search testns.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:2');
  });
});

describe('ndots as glibc reads it', () => {
  it.each([
    [[], 1],
    [['ndots:5'], 5],
    [['ndots:2', 'ndots:3'], 3],
    [['ndots:30'], 15],
    [['ndots:x'], 0],
  ] as const)('%j → %d', (options, n) => expect(ndotsOf(options)).toBe(n));
});
