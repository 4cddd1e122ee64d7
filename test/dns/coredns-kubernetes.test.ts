import { describe, expect, it } from 'vitest';
import type { DnsRecordType } from '../../src/layers/dns/dns-types.js';
import { parseRequest } from '../../src/layers/dns/kubernetes-plugin.js';
import { ask, corednsConfigMap, endpointSlice, type Manifest, modelOf, namespace, pod, service } from './fixtures.js';

/**
 * The CoreDNS kubernetes plugin's own test tables (coredns/coredns plugin/kubernetes/*_test.go),
 * replayed against kflow's model of the plugin. The fixtures mirror the tests' fake API
 * connection (APIConnServeTest in handler_test.go, APIConnReverseTest in reverse_test.go) as
 * manifests that go through kflow's real ingest. Deviations, where the fake holds what an API
 * server would reject, are noted at the fixture.
 */

const HTTP = [{ name: 'http', port: 80, protocol: 'TCP' }];

/** handler_test.go svcIndex + epsIndex. */
const serveFixture: Manifest[] = [
  namespace('testns'),
  namespace('unexposedns'),
  namespace('podns'),
  service({ ns: 'kube-system', name: 'kubedns', clusterIP: '10.0.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
  endpointSlice({ ns: 'kube-system', name: 'kubedns', service: 'kubedns', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }], endpoints: [{ addresses: ['172.0.0.100'] }] }),
  service({ ns: 'testns', name: 'svc1', clusterIP: '10.0.0.1', ports: HTTP }),
  endpointSlice({ ns: 'testns', name: 'svc1-slice1', service: 'svc1', ports: HTTP, endpoints: [{ addresses: ['172.0.0.1'], hostname: 'ep1a' }] }),
  // The fake gives svcempty svc1's ClusterIP; an API server would not, so it gets its own.
  service({ ns: 'testns', name: 'svcempty', clusterIP: '10.0.0.4', ports: HTTP }),
  endpointSlice({ ns: 'testns', name: 'svcempty-slice1', service: 'svcempty', ports: HTTP, endpoints: [] }),
  service({ ns: 'testns', name: 'svc6', clusterIP: '1234:abcd::1', ports: HTTP }),
  service({ ns: 'testns', name: 'hdls1', clusterIP: 'None' }),
  // The fake holds both families in one subset; EndpointSlices have one address type each.
  endpointSlice({
    ns: 'testns',
    name: 'hdls1-slice1',
    service: 'hdls1',
    ports: HTTP,
    endpoints: [{ addresses: ['172.0.0.2'] }, { addresses: ['172.0.0.3'] }, { addresses: ['172.0.0.4'], hostname: 'dup-name' }, { addresses: ['172.0.0.5'], hostname: 'dup-name' }],
  }),
  endpointSlice({ ns: 'testns', name: 'hdls1-slice2', service: 'hdls1', addressType: 'IPv6', ports: HTTP, endpoints: [{ addresses: ['5678:abcd::1'] }, { addresses: ['5678:abcd::2'] }] }),
  service({ ns: 'testns', name: 'external', type: 'ExternalName', externalName: 'ext.interwebs.test', ports: HTTP }),
  service({ ns: 'testns', name: 'external-to-service', type: 'ExternalName', externalName: 'svc1.testns.svc.cluster.local.', ports: HTTP }),
  service({ ns: 'testns', name: 'hdlsprtls', clusterIP: 'None' }),
  endpointSlice({ ns: 'testns', name: 'hdlsprtls-slice1', service: 'hdlsprtls', endpoints: [{ addresses: ['172.0.0.20'] }] }),
  service({ ns: 'unexposedns', name: 'svc1', clusterIP: '10.0.0.2', ports: HTTP }),
  service({ ns: 'testns', name: 'svc-dual-stack', clusterIPs: ['10.0.0.3', '10::3'], ports: HTTP }),
];

// TestServeDNS: k.Namespaces = {"testns"}, pods disabled; the Upstub stands for an upstream (here: forward).
const TEST_SERVE_COREFILE = `.:53 {
    kubernetes cluster.local {
        namespaces testns
    }
    forward . 192.0.2.53
}
`;

interface Case {
  readonly what: string;
  readonly qname: string;
  readonly qtype: DnsRecordType;
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly answer?: readonly string[];
  readonly extra?: readonly string[];
}

/** handler_test.go commonDnsTestCases and dnsTestCases (comments quoted from the file). */
const serveCases: readonly Case[] = [
  { what: 'A Service', qname: 'svc1.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['svc1.testns.svc.cluster.local. A 10.0.0.1'] },
  { what: 'A Service (svcempty: no endpoints, still resolves)', qname: 'svcempty.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['svcempty.testns.svc.cluster.local. A 10.0.0.4'] },
  { what: 'SRV of a Service name', qname: 'svc1.testns.svc.cluster.local.', qtype: 'SRV', rcode: 'NOERROR', answer: ['svc1.testns.svc.cluster.local. SRV 0 100 80 svc1.testns.svc.cluster.local.'], extra: ['svc1.testns.svc.cluster.local. A 10.0.0.1'] },
  { what: 'SRV of svcempty', qname: 'svcempty.testns.svc.cluster.local.', qtype: 'SRV', rcode: 'NOERROR', answer: ['svcempty.testns.svc.cluster.local. SRV 0 100 80 svcempty.testns.svc.cluster.local.'], extra: ['svcempty.testns.svc.cluster.local. A 10.0.0.4'] },
  { what: 'SRV of an IPv6 Service', qname: 'svc6.testns.svc.cluster.local.', qtype: 'SRV', rcode: 'NOERROR', answer: ['svc6.testns.svc.cluster.local. SRV 0 100 80 svc6.testns.svc.cluster.local.'], extra: ['svc6.testns.svc.cluster.local. AAAA 1234:abcd::1'] },
  { what: 'SRV Service', qname: '_http._tcp.svc1.testns.svc.cluster.local.', qtype: 'SRV', rcode: 'NOERROR', answer: ['_http._tcp.svc1.testns.svc.cluster.local. SRV 0 100 80 svc1.testns.svc.cluster.local.'], extra: ['svc1.testns.svc.cluster.local. A 10.0.0.1'] },
  { what: 'SRV Service (svcempty)', qname: '_http._tcp.svcempty.testns.svc.cluster.local.', qtype: 'SRV', rcode: 'NOERROR', answer: ['_http._tcp.svcempty.testns.svc.cluster.local. SRV 0 100 80 svcempty.testns.svc.cluster.local.'] },
  {
    what: 'A Service (Headless)',
    qname: 'hdls1.testns.svc.cluster.local.',
    qtype: 'A',
    rcode: 'NOERROR',
    answer: ['hdls1.testns.svc.cluster.local. A 172.0.0.2', 'hdls1.testns.svc.cluster.local. A 172.0.0.3', 'hdls1.testns.svc.cluster.local. A 172.0.0.4', 'hdls1.testns.svc.cluster.local. A 172.0.0.5'],
  },
  { what: 'A Service (Headless and Portless)', qname: 'hdlsprtls.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['hdlsprtls.testns.svc.cluster.local. A 172.0.0.20'] },
  { what: 'AAAA Service (with an existing A record, but no AAAA record)', qname: 'svc1.testns.svc.cluster.local.', qtype: 'AAAA', rcode: 'NOERROR', answer: [] },
  { what: 'AAAA Service (non-existing service)', qname: 'svc0.testns.svc.cluster.local.', qtype: 'AAAA', rcode: 'NXDOMAIN' },
  { what: 'A Service (non-existing service)', qname: 'svc0.testns.svc.cluster.local.', qtype: 'A', rcode: 'NXDOMAIN' },
  { what: 'A Service (non-existing namespace)', qname: 'svc0.svc-nons.svc.cluster.local.', qtype: 'A', rcode: 'NXDOMAIN' },
  { what: 'TXT Schema', qname: 'dns-version.cluster.local.', qtype: 'TXT', rcode: 'NOERROR', answer: ['dns-version.cluster.local. TXT "1.1.0"'] },
  { what: 'A TXT record does not exist but another record for the same FQDN does', qname: 'svc1.testns.svc.cluster.local.', qtype: 'TXT', rcode: 'NOERROR', answer: [] },
  { what: 'A TXT record does not exist and neither does another record for the same FQDN', qname: 'svc0.svc-nons.svc.cluster.local.', qtype: 'TXT', rcode: 'NXDOMAIN' },
  { what: 'A Service (Headless) does not exist', qname: 'bogusendpoint.hdls1.testns.svc.cluster.local.', qtype: 'A', rcode: 'NXDOMAIN' },
  { what: 'A Service does not exist', qname: 'bogusendpoint.svc0.testns.svc.cluster.local.', qtype: 'A', rcode: 'NXDOMAIN' },
  { what: 'AAAA Service', qname: 'svc6.testns.svc.cluster.local.', qtype: 'AAAA', rcode: 'NOERROR', answer: ['svc6.testns.svc.cluster.local. AAAA 1234:abcd::1'] },
  { what: 'SRV (IPv6 Service)', qname: '_http._tcp.svc6.testns.svc.cluster.local.', qtype: 'SRV', rcode: 'NOERROR', answer: ['_http._tcp.svc6.testns.svc.cluster.local. SRV 0 100 80 svc6.testns.svc.cluster.local.'], extra: ['svc6.testns.svc.cluster.local. AAAA 1234:abcd::1'] },
  { what: 'AAAA Service (Headless)', qname: 'hdls1.testns.svc.cluster.local.', qtype: 'AAAA', rcode: 'NOERROR', answer: ['hdls1.testns.svc.cluster.local. AAAA 5678:abcd::1', 'hdls1.testns.svc.cluster.local. AAAA 5678:abcd::2'] },
  { what: 'svc.cluster.local. A: NODATA', qname: 'svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: [] },
  { what: 'pod.cluster.local. A: NODATA', qname: 'pod.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: [] },
  { what: 'testns.svc.cluster.local. A: NODATA', qname: 'testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: [] },
  { what: 'Dual Stack ClusterIP Services (A)', qname: 'svc-dual-stack.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['svc-dual-stack.testns.svc.cluster.local. A 10.0.0.3'] },
  { what: 'Dual Stack ClusterIP Services (AAAA)', qname: 'svc-dual-stack.testns.svc.cluster.local.', qtype: 'AAAA', rcode: 'NOERROR', answer: ['svc-dual-stack.testns.svc.cluster.local. AAAA 10::3'] },
  {
    what: 'Dual Stack ClusterIP Services (SRV: one record, weight 50, both addresses as extra)',
    qname: 'svc-dual-stack.testns.svc.cluster.local.',
    qtype: 'SRV',
    rcode: 'NOERROR',
    answer: ['svc-dual-stack.testns.svc.cluster.local. SRV 0 50 80 svc-dual-stack.testns.svc.cluster.local.'],
    extra: ['svc-dual-stack.testns.svc.cluster.local. A 10.0.0.3', 'svc-dual-stack.testns.svc.cluster.local. AAAA 10::3'],
  },
  { what: 'A query for a subdomain of an external service should not resolve to the external service', qname: 'endpoint.external.testns.svc.cluster.local.', qtype: 'CNAME', rcode: 'NXDOMAIN' },
  { what: 'A query for a subdomain of a subdomain of an external service should not resolve to the external service', qname: 'subdomain.subdomain.external.testns.svc.cluster.local.', qtype: 'CNAME', rcode: 'NXDOMAIN' },
  {
    what: 'SRV Service (Headless): one record per endpoint name, weight 100/6',
    qname: '_http._tcp.hdls1.testns.svc.cluster.local.',
    qtype: 'SRV',
    rcode: 'NOERROR',
    answer: [
      '_http._tcp.hdls1.testns.svc.cluster.local. SRV 0 16 80 172-0-0-2.hdls1.testns.svc.cluster.local.',
      '_http._tcp.hdls1.testns.svc.cluster.local. SRV 0 16 80 172-0-0-3.hdls1.testns.svc.cluster.local.',
      '_http._tcp.hdls1.testns.svc.cluster.local. SRV 0 16 80 5678-abcd--1.hdls1.testns.svc.cluster.local.',
      '_http._tcp.hdls1.testns.svc.cluster.local. SRV 0 16 80 5678-abcd--2.hdls1.testns.svc.cluster.local.',
      '_http._tcp.hdls1.testns.svc.cluster.local. SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.',
    ],
    extra: [
      '172-0-0-2.hdls1.testns.svc.cluster.local. A 172.0.0.2',
      '172-0-0-3.hdls1.testns.svc.cluster.local. A 172.0.0.3',
      '5678-abcd--1.hdls1.testns.svc.cluster.local. AAAA 5678:abcd::1',
      '5678-abcd--2.hdls1.testns.svc.cluster.local. AAAA 5678:abcd::2',
      'dup-name.hdls1.testns.svc.cluster.local. A 172.0.0.4',
      'dup-name.hdls1.testns.svc.cluster.local. A 172.0.0.5',
    ],
  },
  { what: 'AAAA (endpoint by dashed address, no trailing dot)', qname: '5678-abcd--2.hdls1.testns.svc.cluster.local', qtype: 'AAAA', rcode: 'NOERROR', answer: ['5678-abcd--2.hdls1.testns.svc.cluster.local. AAAA 5678:abcd::2'] },
  { what: 'AAAA Endpoint', qname: '5678-abcd--1.hdls1.testns.svc.cluster.local.', qtype: 'AAAA', rcode: 'NOERROR', answer: ['5678-abcd--1.hdls1.testns.svc.cluster.local. AAAA 5678:abcd::1'] },
  { what: 'An Endpoint with no port', qname: '172-0-0-20.hdlsprtls.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['172-0-0-20.hdlsprtls.testns.svc.cluster.local. A 172.0.0.20'] },
  { what: 'An Endpoint ip', qname: '172-0-0-2.hdls1.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['172-0-0-2.hdls1.testns.svc.cluster.local. A 172.0.0.2'] },
  { what: 'A Endpoint ip', qname: '172-0-0-3.hdls1.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['172-0-0-3.hdls1.testns.svc.cluster.local. A 172.0.0.3'] },
  { what: 'An Endpoint by name', qname: 'dup-name.hdls1.testns.svc.cluster.local.', qtype: 'A', rcode: 'NOERROR', answer: ['dup-name.hdls1.testns.svc.cluster.local. A 172.0.0.4', 'dup-name.hdls1.testns.svc.cluster.local. A 172.0.0.5'] },
  { what: 'CNAME External', qname: 'external.testns.svc.cluster.local.', qtype: 'CNAME', rcode: 'NOERROR', answer: ['external.testns.svc.cluster.local. CNAME ext.interwebs.test.'] },
  {
    what: 'CNAME External To Internal Service',
    qname: 'external-to-service.testns.svc.cluster.local',
    qtype: 'A',
    rcode: 'NOERROR',
    answer: ['external-to-service.testns.svc.cluster.local. CNAME svc1.testns.svc.cluster.local.', 'svc1.testns.svc.cluster.local. A 10.0.0.1'],
  },
];

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('CoreDNS kubernetes plugin: handler_test.go TestServeDNS cases', () => {
  const model = modelOf([...serveFixture, corednsConfigMap(TEST_SERVE_COREFILE)]);
  it.each(serveCases.map((c) => [`${c.what}: ${c.qname} ${c.qtype}`, c] as const))('%s', (_, c) => {
    const a = ask(model, c.qname, c.qtype);
    expect(a.rcode).toBe(c.rcode);
    if (c.answer) expect(sorted(a.records)).toEqual(sorted(c.answer));
    if (c.extra) expect(sorted(a.extra)).toEqual(sorted(c.extra));
  });

  it('CNAME External (A): the CNAME, and the target resolved upstream — whose answer kflow cannot know (Upstub in the test)', () => {
    const a = ask(model, 'external.testns.svc.cluster.local.', 'A');
    expect(a.rcode).toBe('NOERROR');
    expect(a.records).toEqual(['external.testns.svc.cluster.local. CNAME ext.interwebs.test.']);
    expect(a.forwardedTo).toEqual(['192.0.2.53']);
  });

  it('a name in an unexposed namespace (k.Namespaces = {testns}) is NXDOMAIN even though the Service exists', () => {
    const a = ask(model, 'svc1.unexposedns.svc.cluster.local.', 'A');
    expect(a.rcode).toBe('NXDOMAIN');
    expect(a.reason).toContain('not exposed');
  });
});

describe('CoreDNS kubernetes plugin: handler_test.go TestServeNamespaceDNS (no namespaces option: all exposed)', () => {
  const model = modelOf([...serveFixture, corednsConfigMap('.:53 {\n    kubernetes cluster.local\n}\n')]);
  it.each([
    ['A Service for an "exposed" namespace that "does exist"', 'svc1.testns.svc.cluster.local.', 'NOERROR', ['svc1.testns.svc.cluster.local. A 10.0.0.1']],
    ['A service for an "exposed" namespace that "doesn\'t exist"', 'svc1.nsnoexist.svc.cluster.local.', 'NXDOMAIN', []],
  ] as const)('%s', (_, qname, rcode, answer) => {
    const a = ask(model, qname, 'A');
    expect(a.rcode).toBe(rcode);
    expect(a.records).toEqual(answer);
  });
});

const podFixture: Manifest[] = [namespace('podns'), namespace('svcns'), pod({ ns: 'podns', name: 'foo', ip: '10.240.0.1', labels: { 'app.kubernetes.io/name': 'foo', bar: 'baz' } })];
const podCorefile = (mode: string) => `.:53 {\n    kubernetes cluster.local {\n        pods ${mode}\n    }\n}\n`;

describe('CoreDNS kubernetes plugin: `pods` modes (handler_pod_*_test.go)', () => {
  const insecure = modelOf([...podFixture, corednsConfigMap(podCorefile('insecure'))]);
  it.each([
    ['10-240-0-1.podns.pod.cluster.local.', 'A', 'NOERROR', ['10-240-0-1.podns.pod.cluster.local. A 10.240.0.1']],
    ['172-0-0-2.podns.pod.cluster.local.', 'A', 'NOERROR', ['172-0-0-2.podns.pod.cluster.local. A 172.0.0.2']],
    ['blah.podns.pod.cluster.local.', 'A', 'NXDOMAIN', []],
    ['blah.podns.pod.cluster.local.', 'AAAA', 'NXDOMAIN', []],
    ['blah.pod-nons.pod.cluster.local.', 'A', 'NXDOMAIN', []],
    ['podns.pod.cluster.local.', 'A', 'NOERROR', []],
  ] as const)('podModeInsecureCases: %s %s → %s', (qname, qtype, rcode, answer) => {
    const a = ask(insecure, qname, qtype);
    expect(a.rcode).toBe(rcode);
    expect(a.records).toEqual(answer);
  });

  const verified = modelOf([...podFixture, corednsConfigMap(podCorefile('verified'))]);
  it.each([
    ['10-240-0-1.podns.pod.cluster.local.', 'NOERROR', ['10-240-0-1.podns.pod.cluster.local. A 10.240.0.1']],
    ['podns.pod.cluster.local.', 'NOERROR', []],
    ['svcns.svc.cluster.local.', 'NOERROR', []],
    ['pod-nons.pod.cluster.local.', 'NXDOMAIN', []],
    ['172-0-0-2.podns.pod.cluster.local.', 'NXDOMAIN', []],
  ] as const)('podModeVerifiedCases: %s A → %s', (qname, rcode, answer) => {
    const a = ask(verified, qname, 'A');
    expect(a.rcode).toBe(rcode);
    expect(a.records).toEqual(answer);
  });

  const disabled = modelOf([...podFixture, corednsConfigMap(podCorefile('disabled'))]);
  const unset = modelOf([...podFixture, corednsConfigMap('.:53 {\n    kubernetes cluster.local\n}\n')]);
  it.each(['10-240-0-1.podns.pod.cluster.local.', '172-0-0-2.podns.pod.cluster.local.'])('podModeDisabledCases: %s A → NXDOMAIN (also when `pods` is not set: disabled is the default)', (qname) => {
    expect(ask(disabled, qname, 'A').rcode).toBe('NXDOMAIN');
    expect(ask(unset, qname, 'A').rcode).toBe('NXDOMAIN');
  });
});

describe('CoreDNS kubernetes plugin: reverse_test.go TestReverse', () => {
  const fixture: Manifest[] = [
    namespace('testns'),
    service({ ns: 'testns', name: 'svc1', clusterIP: '192.168.1.100', ports: HTTP }),
    endpointSlice({ ns: 'testns', name: 'svc1-slice1', service: 'svc1', ports: HTTP, endpoints: [{ addresses: ['10.0.0.100'], hostname: 'ep1a' }, { addresses: ['10.0.0.99'], hostname: 'double-ep' }] }),
    endpointSlice({
      ns: 'testns',
      name: 'svc1-slice2',
      service: 'svc1',
      addressType: 'IPv6',
      ports: HTTP,
      endpoints: [{ addresses: ['1234:abcd::1'], hostname: 'ep1b' }, { addresses: ['fd00:77:30::a'], hostname: 'ip6svc1ex' }, { addresses: ['fd00:77:30::2:9ba6'], hostname: 'ip6svc1in' }],
    }),
    // "duplicate endpointslice address": EndpointSlice skew.
    endpointSlice({ ns: 'testns', name: 'svc1-ccccc', service: 'svc1', ports: HTTP, endpoints: [{ addresses: ['10.0.0.100'], hostname: 'ep1a' }] }),
    // The fake has endpoints for svc2 without a Service; kflow needs one to hang them on.
    service({ ns: 'testns', name: 'svc2', clusterIP: 'None', ports: HTTP }),
    endpointSlice({ ns: 'testns', name: 'svc2-slice1', service: 'svc2', ports: HTTP, endpoints: [{ addresses: ['10.0.0.99'], hostname: 'double-ep' }] }),
    corednsConfigMap(
      '.:53 {\n    kubernetes cluster.local 0.10.in-addr.arpa 168.192.in-addr.arpa 0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa 0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa\n}\n',
    ),
  ];
  const model = modelOf(fixture);
  it.each([
    ['100.0.0.10.in-addr.arpa.', 'PTR', 'NOERROR', ['100.0.0.10.in-addr.arpa. PTR ep1a.svc1.testns.svc.cluster.local.']],
    ['100.1.168.192.in-addr.arpa.', 'PTR', 'NOERROR', ['100.1.168.192.in-addr.arpa. PTR svc1.testns.svc.cluster.local.']],
    ['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa.', 'PTR', 'NOERROR', ['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa. PTR ep1b.svc1.testns.svc.cluster.local.']],
    ['a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.', 'PTR', 'NOERROR', ['a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. PTR ip6svc1ex.svc1.testns.svc.cluster.local.']],
    ['6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa.', 'PTR', 'NOERROR', ['6.a.b.9.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.0.0.7.7.0.0.0.0.d.f.ip6.arpa. PTR ip6svc1in.svc1.testns.svc.cluster.local.']],
    ['101.0.0.10.in-addr.arpa.', 'PTR', 'NXDOMAIN', []],
    ['example.org.cluster.local.', 'PTR', 'NXDOMAIN', []],
    ['svc1.testns.svc.cluster.local.', 'PTR', 'NOERROR', []],
    ['svc1.testns.svc.0.10.in-addr.arpa.', 'A', 'NXDOMAIN', []],
    ['100.0.0.10.cluster.local.', 'PTR', 'NXDOMAIN', []],
    ['99.0.0.10.in-addr.arpa.', 'PTR', 'NOERROR', ['99.0.0.10.in-addr.arpa. PTR double-ep.svc1.testns.svc.cluster.local.', '99.0.0.10.in-addr.arpa. PTR double-ep.svc2.testns.svc.cluster.local.']],
  ] as const)('%s %s → %s', (qname, qtype, rcode, answer) => {
    const a = ask(model, qname, qtype);
    expect(a.rcode).toBe(rcode);
    expect(sorted(a.records)).toEqual(sorted(answer));
  });
});

describe('CoreDNS kubernetes plugin: parse_test.go TestParseRequest / TestParseInvalidRequest', () => {
  const zone = 'inter.webs.tests.';
  const str = (r: { port: string; protocol: string; endpoint: string; service: string; namespace: string; podOrSvc: string }) =>
    `${r.port}.${r.protocol}.${r.endpoint}..${r.service}.${r.namespace}.${r.podOrSvc}`;
  it.each([
    ['valid SRV request', '_http._tcp.webs.mynamespace.svc.inter.webs.tests.', 'http.tcp...webs.mynamespace.svc'],
    ['A request of endpoint', '1-2-3-4.webs.mynamespace.svc.inter.webs.tests.', '..1-2-3-4..webs.mynamespace.svc'],
    ['bare zone', 'inter.webs.tests.', '......'],
    ['bare svc type', 'svc.inter.webs.tests.', '......'],
    ['bare pod type', 'pod.inter.webs.tests.', '......'],
    ['SRV request with empty segments', '..webs.mynamespace.svc.inter.webs.tests.', '....webs.mynamespace.svc'],
  ])('%s: %s', (_, query, expected) => {
    const r = parseRequest(query, zone);
    expect(r.ok).toBe(true);
    if (r.ok) expect(str(r.request)).toBe(expected);
  });
  it.each([
    ['Request must be for pod or svc subdomain', 'webs.mynamespace.pood.inter.webs.tests.'],
    ['Too long', 'too.long.for.what.I.am.trying.to.pod.inter.webs.tests.'],
    ['Zonal shape without the zonal option', 'us-west-2a.pin._zone.webs.mynamespace.svc.inter.webs.tests.'],
  ])('invalid: %s (%s)', (_, query) => {
    expect(parseRequest(query, zone).ok).toBe(false);
  });
});
