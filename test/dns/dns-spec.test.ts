import { describe, expect, it } from 'vitest';
import { ask, endpointSlice, type Manifest, modelOf, namespace, pod, service } from './fixtures.js';

/**
 * The records of the Kubernetes DNS-Based Service Discovery specification
 * (kubernetes/dns docs/specification.md, schema 1.0.1), section by section, with the spec's own
 * example names. Where the spec's examples reuse an address across sections, the fixture gives
 * distinct ones. The cluster has no coredns ConfigMap, so kflow uses kubeadm's default Corefile
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure ... }`, `forward . /etc/resolv.conf`).
 */

const fixture: Manifest[] = [
  namespace('default'),
  service({ ns: 'default', name: 'kubernetes', clusterIP: '10.3.0.1', ports: [{ name: 'https', port: 443 }] }),
  service({ ns: 'default', name: 'headless', clusterIP: 'None', ports: [{ name: 'https', port: 443 }, { name: 'http', port: 80 }] }),
  service({ ns: 'default', name: 'unnamed', clusterIP: '10.3.0.2', ports: [{ port: 9000 }] }),
  endpointSlice({
    ns: 'default',
    name: 'headless-abc',
    service: 'headless',
    ports: [{ name: 'https', port: 443 }, { name: 'http', port: 80 }],
    endpoints: [
      { addresses: ['10.3.0.100'], hostname: 'my-pet' },
      { addresses: ['10.3.0.101'], hostname: 'my-pet-2' },
      { addresses: ['10.3.0.102'] },
      { addresses: ['10.3.0.103'], hostname: 'not-ready', ready: false },
    ],
  }),
  service({ ns: 'default', name: 'empty-headless', clusterIP: 'None', ports: [{ name: 'http', port: 80 }] }),
  endpointSlice({ ns: 'default', name: 'empty-headless-abc', service: 'empty-headless', ports: [{ name: 'http', port: 80 }], endpoints: [{ addresses: ['10.3.0.110'], ready: false }] }),
  service({ ns: 'default', name: 'unready-published', clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80 }] }),
  endpointSlice({ ns: 'default', name: 'unready-published-abc', service: 'unready-published', ports: [{ name: 'http', port: 80 }], endpoints: [{ addresses: ['10.3.0.120'], ready: false }] }),
  service({ ns: 'default', name: 'foo', type: 'ExternalName', externalName: 'www.example.com' }),
  // A pod whose hostname/subdomain name a headless Service that selects it: the EndpointSlice
  // controller publishes its hostname (kflow derives the slice from the selector).
  service({ ns: 'default', name: 'pets', clusterIP: 'None', selector: { app: 'pet' }, ports: [{ name: 'http', port: 8080 }] }),
  pod({ ns: 'default', name: 'pet-a', ip: '10.3.0.130', labels: { app: 'pet' }, hostname: 'rex', subdomain: 'pets', ports: [{ name: 'http', containerPort: 8080 }] }),
  pod({ ns: 'default', name: 'pet-b', ip: '10.3.0.131', labels: { app: 'pet' }, hostname: 'fido', subdomain: 'nothing-by-that-name', ports: [{ name: 'http', containerPort: 8080 }] }),
];

describe('Kubernetes DNS specification', () => {
  const model = modelOf(fixture);
  const q = (name: string, type: Parameters<typeof ask>[2]) => ask(model, name, type);

  it('§2.1 all comparisons are case-insensitive (answers keep the query\'s case)', () => {
    expect(q('KUBERNETES.Default.SVC.cluster.local.', 'A').records).toEqual(['KUBERNETES.Default.SVC.cluster.local. A 10.3.0.1']);
  });

  it('§2.2 dns-version.<zone> TXT holds the schema version (CoreDNS serves 1.1.0)', () => {
    expect(q('dns-version.cluster.local.', 'TXT').records).toEqual(['dns-version.cluster.local. TXT "1.1.0"']);
  });

  it('§2.3.1 A record of a ClusterIP Service: <service>.<ns>.svc.<zone> → <cluster-ip>', () => {
    expect(q('kubernetes.default.svc.cluster.local.', 'A').records).toEqual(['kubernetes.default.svc.cluster.local. A 10.3.0.1']);
  });

  it('§2.3.2 SRV per named port, target the Service name; the additional section holds its A record', () => {
    const a = q('_https._tcp.kubernetes.default.svc.cluster.local.', 'SRV');
    expect(a.records).toHaveLength(1);
    expect(a.records[0]).toMatch(/^_https\._tcp\.kubernetes\.default\.svc\.cluster\.local\. SRV \d+ \d+ 443 kubernetes\.default\.svc\.cluster\.local\.$/);
    expect(a.extra).toEqual(['kubernetes.default.svc.cluster.local. A 10.3.0.1']);
  });

  it('§2.3.3 PTR of a ClusterIP: <d>.<c>.<b>.<a>.in-addr.arpa → <service>.<ns>.svc.<zone>', () => {
    expect(q('1.0.3.10.in-addr.arpa.', 'PTR').records).toEqual(['1.0.3.10.in-addr.arpa. PTR kubernetes.default.svc.cluster.local.']);
  });

  it('§2.4.1 headless: one A record per ready endpoint', () => {
    expect(q('headless.default.svc.cluster.local.', 'A').records.sort()).toEqual([
      'headless.default.svc.cluster.local. A 10.3.0.100',
      'headless.default.svc.cluster.local. A 10.3.0.101',
      'headless.default.svc.cluster.local. A 10.3.0.102',
    ]);
  });

  it('§2.4.1 headless: <hostname>.<service>.<ns>.svc.<zone> for an endpoint with a hostname', () => {
    expect(q('my-pet.headless.default.svc.cluster.local.', 'A').records).toEqual(['my-pet.headless.default.svc.cluster.local. A 10.3.0.100']);
  });

  it('§2.1 "hostname": an endpoint without one gets a system-assigned identifier (CoreDNS: the dashed address)', () => {
    expect(q('10-3-0-102.headless.default.svc.cluster.local.', 'A').records).toEqual(['10-3-0-102.headless.default.svc.cluster.local. A 10.3.0.102']);
  });

  it('§2.1 "ready": a not-ready endpoint has no records', () => {
    expect(q('not-ready.headless.default.svc.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
  });

  it('§2.4.1 no ready endpoints: NXDOMAIN', () => {
    const a = q('empty-headless.default.svc.cluster.local.', 'A');
    expect(a.rcode).toBe('NXDOMAIN');
    expect(a.reason).toContain('no ready endpoints');
  });

  it('§2.1 "ready" includes every endpoint of a Service that tolerates unready endpoints (publishNotReadyAddresses)', () => {
    expect(q('unready-published.default.svc.cluster.local.', 'A').records).toEqual(['unready-published.default.svc.cluster.local. A 10.3.0.120']);
  });

  it('§2.4.2 headless SRV: one per ready endpoint for the named port, target <hostname>.<service>.<ns>.svc.<zone>', () => {
    const a = q('_https._tcp.headless.default.svc.cluster.local.', 'SRV');
    const targets = a.records.map((r) => r.split(' ').slice(-2).join(' ')).sort();
    expect(targets).toEqual(['443 10-3-0-102.headless.default.svc.cluster.local.', '443 my-pet-2.headless.default.svc.cluster.local.', '443 my-pet.headless.default.svc.cluster.local.']);
    expect(a.extra.sort()).toEqual([
      '10-3-0-102.headless.default.svc.cluster.local. A 10.3.0.102',
      'my-pet-2.headless.default.svc.cluster.local. A 10.3.0.101',
      'my-pet.headless.default.svc.cluster.local. A 10.3.0.100',
    ]);
  });

  it('§2.4.2 N ready endpoints × M named ports (CoreDNS also answers the plain name with every port)', () => {
    expect(q('headless.default.svc.cluster.local.', 'SRV').records).toHaveLength(3 * 2);
  });

  it('§2.3.2 unnamed ports have no _<port>._<proto> SRV record (CoreDNS still lists them for the plain name)', () => {
    expect(q('_9000._tcp.unnamed.default.svc.cluster.local.', 'SRV').rcode).toBe('NXDOMAIN');
    expect(q('unnamed.default.svc.cluster.local.', 'SRV').records).toEqual(['unnamed.default.svc.cluster.local. SRV 0 100 9000 unnamed.default.svc.cluster.local.']);
  });

  it('§2.4.3 PTR of a ready endpoint → <hostname>.<service>.<ns>.svc.<zone>', () => {
    expect(q('100.0.3.10.in-addr.arpa.', 'PTR').records).toEqual(['100.0.3.10.in-addr.arpa. PTR my-pet.headless.default.svc.cluster.local.']);
  });

  it('§2.5 ExternalName: a CNAME to <extname>; an A query gets the CNAME (the target is resolved upstream)', () => {
    expect(q('foo.default.svc.cluster.local.', 'CNAME').records).toEqual(['foo.default.svc.cluster.local. CNAME www.example.com.']);
    const a = q('foo.default.svc.cluster.local.', 'A');
    expect(a.records).toEqual(['foo.default.svc.cluster.local. CNAME www.example.com.']);
    expect(a.forwardedTo).toEqual(['node-upstream']);
  });

  it('§2.6 <a>-<b>-<c>-<d>.<ns>.pod.<zone> (kubeadm default `pods insecure`)', () => {
    expect(q('10-3-0-5.default.pod.cluster.local.', 'A').records).toEqual(['10-3-0-5.default.pod.cluster.local. A 10.3.0.5']);
  });

  it('pod hostname + subdomain naming a headless Service that selects it: <hostname>.<subdomain>.<ns>.svc.<zone>', () => {
    expect(q('rex.pets.default.svc.cluster.local.', 'A').records).toEqual(['rex.pets.default.svc.cluster.local. A 10.3.0.130']);
  });

  it('a subdomain that names no Service publishes no hostname record', () => {
    expect(q('fido.nothing-by-that-name.default.svc.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
    expect(q('fido.pets.default.svc.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
  });

  it('NOERROR with no records (NODATA) for a name that exists with other types', () => {
    const a = q('kubernetes.default.svc.cluster.local.', 'AAAA');
    expect(a.rcode).toBe('NOERROR');
    expect(a.outcome).toBe('nodata');
    expect(q('kubernetes.default.svc.cluster.local.', 'CNAME').outcome).toBe('nodata');
  });

  it('a PTR for an address that is no ClusterIP or endpoint falls through (kubeadm `fallthrough in-addr.arpa`) and is forwarded', () => {
    const a = q('5.0.3.10.in-addr.arpa.', 'PTR');
    expect(a.outcome).toBe('forwarded');
    expect(a.reason).toContain('fallthrough');
  });
});
