import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/ingest/load-snapshot.js';
import { parseCorefile } from '../../src/layers/dns/corefile-parse.js';
import { interpretCorefile, kubeadmDefaultCorefile, parseServerKey } from '../../src/layers/dns/coredns-config.js';
import { buildDnsModel } from '../../src/layers/dns/dns-model.js';
import { resolveName } from '../../src/layers/dns/resolve-name.js';
import { ask, corednsConfigMap, endpointSlice, kubeletConfigMap, type Manifest, modelOf, namespace, pod, service } from './fixtures.js';

/**
 * Reading the Corefile: server blocks and zones (core/dnsserver), the kubernetes plugin's options
 * (plugin/kubernetes/setup.go, README), forward (plugin/forward/README), and problems reported as
 * diagnostics at their manifest lines.
 */

const at = { file: 'cm.yaml', line: 10, column: 3, path: 'data.Corefile' };
const read = (text: string) => interpretCorefile({ text, at, object: 'ConfigMap/kube-system/coredns', source: 'corefile' });

describe('Corefile syntax', () => {
  it('server blocks, directives, sub-blocks, comments and quotes', () => {
    const p = parseCorefile('# comment\n.:53 {\n    errors # trailing\n    kubernetes cluster.local {\n       pods "insecure"\n    }\n}\n');
    expect(p.problems).toEqual([]);
    expect(p.serverBlocks).toHaveLength(1);
    const [errors, k8s] = p.serverBlocks[0]!.directives;
    expect(errors!.name.text).toBe('errors');
    expect(k8s!.args.map((a) => a.text)).toEqual(['cluster.local']);
    expect(k8s!.block![0]!.args[0]!.text).toBe('insecure');
    expect(k8s!.block![0]!.name).toMatchObject({ line: 5, column: 8 });
  });

  it('an unclosed block is a syntax error at the line that opened it', () => {
    const c = read('.:53 {\n    kubernetes cluster.local {\n        pods insecure\n}\n');
    expect(c.diagnostics.map((d) => [d.code, d.line])).toEqual([['DNS_COREFILE_SYNTAX', 11]]);
  });

  it.each([
    ['.:53', ['.'], 53, 'dns'],
    ['.', ['.'], 53, 'dns'],
    ['cluster.local:53', ['cluster.local.'], 53, 'dns'],
    ['dns://example.org:1053', ['example.org.'], 1053, 'dns'],
    ['tls://.:853', ['.'], 853, 'tls'],
    ['10.0.0.0/24', ['0.0.10.in-addr.arpa.'], 53, 'dns'],
    ['10.0.0.0/23', ['0.0.10.in-addr.arpa.', '1.0.10.in-addr.arpa.'], 53, 'dns'],
  ] as const)('server key %s', (key, zones, port, transport) => {
    expect(parseServerKey(key)).toEqual({ zones, port, transport });
  });
});

describe('Corefile interpretation', () => {
  it('kubeadm default: one block for ., the kubernetes plugin with pods insecure and reverse fallthrough, forward to /etc/resolv.conf', () => {
    const c = read(kubeadmDefaultCorefile('cluster.local'));
    expect(c.diagnostics).toEqual([]);
    const b = c.serverBlocks[0]!;
    expect(b).toMatchObject({ zones: ['.'], port: 53, transport: 'dns' });
    expect(b.kubernetes).toMatchObject({
      zones: ['cluster.local.', 'in-addr.arpa.', 'ip6.arpa.'],
      primaryZone: 'cluster.local.',
      podsMode: 'insecure',
      fallthrough: ['in-addr.arpa.', 'ip6.arpa.'],
      ttl: 30,
    });
    expect(b.forwards).toMatchObject([{ from: '.', to: ['/etc/resolv.conf'], except: [] }]);
  });

  it('kubernetes without zones takes the server block\'s; pods defaults to disabled', () => {
    const c = read('cluster.local:53 {\n    kubernetes\n}\n');
    expect(c.serverBlocks[0]!.kubernetes).toMatchObject({ zones: ['cluster.local.'], podsMode: 'disabled', fallthrough: undefined });
  });

  it.each([
    ['pods bogus', 'DNS_COREFILE_INVALID', 'error', 'wrong value for pods: bogus'],
    ['ttl 9999', 'DNS_COREFILE_INVALID', 'error', 'ttl must be in range'],
    ['ignore nothing', 'DNS_COREFILE_INVALID', 'error', "unable to parse ignore value: 'nothing'"],
    ['labels app=x', 'DNS_COREFILE_UNMODELLED', 'warning', 'not modelled'],
    ['bogus_option', 'DNS_COREFILE_INVALID', 'error', 'unknown property "bogus_option"'],
  ] as const)('kubernetes option `%s` → %s at its line', (line, code, severity, message) => {
    const c = read(`.:53 {\n    kubernetes cluster.local {\n        ${line}\n    }\n}\n`);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]).toMatchObject({ code, severity, file: 'cm.yaml', line: 13, column: 13, object: 'ConfigMap/kube-system/coredns' });
    expect(c.diagnostics[0]!.message).toContain(message);
  });

  it('plugins that change answers are reported as not modelled; unknown ones as unknown; neutral ones silently', () => {
    const c = read('.:53 {\n    errors\n    cache 30\n    rewrite name foo bar\n    hosts /etc/hosts\n    frobnicate\n    kubernetes cluster.local\n}\n');
    expect(c.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['DNS_COREFILE_UNMODELLED', 14],
      ['DNS_COREFILE_UNMODELLED', 15],
      ['DNS_COREFILE_UNKNOWN_PLUGIN', 16],
    ]);
  });

  it('kubernetes twice in a block, and kubernetes with only reverse zones, are errors', () => {
    expect(read('.:53 {\n    kubernetes cluster.local\n    kubernetes foo.local\n}\n').diagnostics[0]).toMatchObject({ code: 'DNS_COREFILE_INVALID', line: 13 });
    expect(read('.:53 {\n    kubernetes in-addr.arpa\n}\n').diagnostics[0]!.message).toContain('non-reverse zone name must be used');
  });

  it('a Corefile problem is located in the ConfigMap manifest (block scalar: key line + Corefile line)', () => {
    const yaml = [
      'apiVersion: v1', // 1
      'kind: ConfigMap',
      'metadata:',
      '  name: coredns',
      '  namespace: kube-system', // 5
      'data:',
      '  Corefile: |', // 7
      '    .:53 {',
      '        kubernetes cluster.local {',
      '           pods sometimes', // 10
      '        }',
      '    }',
      '',
    ].join('\n');
    const { snapshot } = loadSnapshot([{ file: 'coredns.yaml', text: yaml }]);
    const model = buildDnsModel(snapshot);
    expect(model.diagnostics.find((d) => d.code === 'DNS_COREFILE_INVALID')).toMatchObject({ file: 'coredns.yaml', line: 10, column: 12 });
  });
});

const cluster: Manifest[] = [
  namespace('shop'),
  service({ ns: 'kube-system', name: 'kube-dns', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }),
  service({ ns: 'shop', name: 'api', clusterIP: '10.96.20.10', ports: [{ name: 'http', port: 8080 }] }),
  service({ ns: 'shop', name: 'lonely', clusterIP: '10.96.20.11', ports: [{ name: 'http', port: 8080 }] }),
  endpointSlice({ ns: 'shop', name: 'api-1', service: 'api', ports: [{ name: 'http', port: 8080 }], endpoints: [{ addresses: ['10.244.0.5'], pod: 'api-0' }] }),
  endpointSlice({ ns: 'shop', name: 'lonely-1', service: 'lonely', ports: [{ name: 'http', port: 8080 }], endpoints: [] }),
  pod({ ns: 'shop', name: 'client', ip: '10.244.0.9' }),
  kubeletConfigMap(['10.96.0.10'], 'cluster.local'),
];
const resolve = (objects: Manifest[], name: string, type: 'A' | 'AAAA' = 'A') => {
  const model = modelOf(objects);
  return { model, r: resolveName(model.snapshot, { pod: 'shop/client', name, type }, { model }) };
};

describe('CoreDNS routing and plugin chain', () => {
  it('clusterDomain not served by CoreDNS: a warning at the kubelet setting, and Service names go upstream', () => {
    const { model, r } = resolve([...cluster, corednsConfigMap('.:53 {\n    kubernetes example.internal\n    forward . 8.8.8.8\n}\n')], 'api');
    expect(model.diagnostics.map((d) => d.code)).toContain('DNS_CLUSTER_DOMAIN_NOT_SERVED');
    expect(r.status).toBe('forwarded');
    expect(r.steps[0]).toMatchObject({ handledBy: 'forward', forwardedTo: ['8.8.8.8'] });
  });

  it('server blocks: the longest zone wins; names outside every block are REFUSED', () => {
    const objects = [...cluster, corednsConfigMap('cluster.local:53 {\n    kubernetes cluster.local\n}\nexample.org:53 {\n    forward . 192.0.2.1\n}\n')];
    const model = modelOf(objects);
    expect(ask(model, 'api.shop.svc.cluster.local.', 'A').records).toEqual(['api.shop.svc.cluster.local. A 10.96.20.10']);
    expect(ask(model, 'www.example.org.', 'A')).toMatchObject({ outcome: 'forwarded', forwardedTo: ['192.0.2.1'] });
    expect(ask(model, 'www.example.com.', 'A')).toMatchObject({ outcome: 'refused', rcode: 'REFUSED' });
  });

  it('no forward: names outside the cluster zone get SERVFAIL, reported as rcode NXDOMAIN with status servfail', () => {
    const { r } = resolve([...cluster, corednsConfigMap('.:53 {\n    kubernetes cluster.local\n}\n')], 'example.com');
    expect(r).toMatchObject({ rcode: 'NXDOMAIN', status: 'servfail' });
    expect(r.tried).toHaveLength(4);
  });

  it('forward except: excluded names are not forwarded', () => {
    const model = modelOf([...cluster, corednsConfigMap('.:53 {\n    kubernetes cluster.local\n    forward . 8.8.8.8 {\n        except corp.example\n    }\n}\n')]);
    expect(ask(model, 'db.corp.example.', 'A').outcome).toBe('servfail');
    expect(ask(model, 'www.example.com.', 'A').outcome).toBe('forwarded');
  });

  it('without fallthrough the kubernetes plugin\'s NXDOMAIN is final; with it, forward gets the name', () => {
    const final = modelOf([...cluster, corednsConfigMap('.:53 {\n    kubernetes cluster.local\n    forward . 8.8.8.8\n}\n')]);
    expect(ask(final, 'nope.shop.svc.cluster.local.', 'A').outcome).toBe('nxdomain');
    const through = modelOf([...cluster, corednsConfigMap('.:53 {\n    kubernetes cluster.local {\n        fallthrough\n    }\n    forward . 8.8.8.8\n}\n')]);
    expect(ask(through, 'nope.shop.svc.cluster.local.', 'A').outcome).toBe('forwarded');
  });

  it('ignore empty_service: a ClusterIP Service without ready endpoints is NXDOMAIN, so the search goes on', () => {
    const objects = [...cluster, corednsConfigMap('.:53 {\n    kubernetes cluster.local {\n        ignore empty_service\n    }\n    forward . 8.8.8.8\n}\n')];
    const model = modelOf(objects);
    expect(ask(model, 'lonely.shop.svc.cluster.local.', 'A').outcome).toBe('nxdomain');
    expect(ask(model, 'api.shop.svc.cluster.local.', 'A').outcome).toBe('answer');
  });

  it('endpoint_pod_names: endpoints without a hostname are named by their pod', () => {
    const model = modelOf([...cluster, service({ ns: 'shop', name: 'h', clusterIP: 'None', ports: [{ name: 'http', port: 8080 }] }),
      endpointSlice({ ns: 'shop', name: 'h-1', service: 'h', ports: [{ name: 'http', port: 8080 }], endpoints: [{ addresses: ['10.244.0.6'], pod: 'h-pod' }] }),
      corednsConfigMap('.:53 {\n    kubernetes cluster.local {\n        endpoint_pod_names\n    }\n}\n')]);
    expect(ask(model, 'h-pod.h.shop.svc.cluster.local.', 'A').records).toEqual(['h-pod.h.shop.svc.cluster.local. A 10.244.0.6']);
    expect(ask(model, '6.0.244.10.in-addr.arpa.', 'PTR').outcome).toBe('servfail'); // in-addr.arpa is not a zone of this plugin, and there is no forward
  });

  it('a nameserver that is not the cluster DNS: every query goes there and its answers are unknown', () => {
    const model = modelOf([...cluster, pod({ ns: 'shop', name: 'custom', ip: '10.244.0.10', dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['shop.svc.cluster.local'] } })]);
    const r = resolveName(model.snapshot, { pod: 'shop/custom', name: 'api', type: 'A' }, { model });
    expect(r.steps[0]).toMatchObject({ server: 'external', nameserver: '1.1.1.1', reply: 'unknown' });
    expect(r.status).toBe('forwarded');
  });
});
