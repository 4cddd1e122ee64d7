import { expect } from 'vitest';
import { loadSnapshot } from '../../src/ingest/load-snapshot.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { answerQuery } from '../../src/layers/dns/coredns-server.js';
import { type DnsModel, type DnsOptions, buildDnsModel } from '../../src/layers/dns/dns-model.js';
import type { DnsRecordType } from '../../src/layers/dns/dns-types.js';

/** Small builders for manifests the DNS tests feed through the real ingest path. */

export type Manifest = Record<string, unknown>;

export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export interface ServiceSpec {
  ns: string;
  name: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { name?: string; port: number; protocol?: string }[];
  type?: string;
  externalName?: string;
  selector?: Record<string, string>;
  publishNotReadyAddresses?: boolean;
}

export function service(s: ServiceSpec): Manifest {
  const spec: Record<string, unknown> = {};
  if (s.type) spec.type = s.type;
  if (s.clusterIP !== undefined) spec.clusterIP = s.clusterIP;
  if (s.clusterIPs) {
    spec.clusterIPs = s.clusterIPs;
    spec.clusterIP = s.clusterIPs[0];
    if (s.clusterIPs.length > 1) {
      spec.ipFamilyPolicy = 'RequireDualStack';
      spec.ipFamilies = s.clusterIPs.map((ip) => (ip.includes(':') ? 'IPv6' : 'IPv4'));
    }
  }
  if (s.externalName) spec.externalName = s.externalName;
  if (s.selector) spec.selector = s.selector;
  if (s.publishNotReadyAddresses) spec.publishNotReadyAddresses = true;
  if (s.ports) spec.ports = s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP' }));
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: s.name, namespace: s.ns }, spec };
}

export interface SliceSpec {
  ns: string;
  name: string;
  service: string;
  addressType?: 'IPv4' | 'IPv6';
  ports?: { name?: string; port: number; protocol?: string }[];
  endpoints: { addresses: string[]; hostname?: string; ready?: boolean; pod?: string }[];
}

export function endpointSlice(s: SliceSpec): Manifest {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: s.name, namespace: s.ns, labels: { 'kubernetes.io/service-name': s.service } },
    addressType: s.addressType ?? (s.endpoints[0]?.addresses[0]?.includes(':') ? 'IPv6' : 'IPv4'),
    ports: (s.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: s.endpoints.map((e) => ({
      addresses: e.addresses,
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.ready !== undefined ? { conditions: { ready: e.ready } } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', namespace: s.ns, name: e.pod } } : {}),
    })),
  };
}

export interface PodSpec {
  ns: string;
  name: string;
  ip?: string;
  labels?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  dnsPolicy?: string;
  dnsConfig?: Record<string, unknown>;
  phase?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

export function pod(p: PodSpec): Manifest {
  const spec: Record<string, unknown> = {
    containers: [{ name: 'c', image: 'busybox', ...(p.ports ? { ports: p.ports } : {}) }],
  };
  if (p.hostname) spec.hostname = p.hostname;
  if (p.subdomain) spec.subdomain = p.subdomain;
  if (p.hostNetwork) spec.hostNetwork = true;
  if (p.dnsPolicy) spec.dnsPolicy = p.dnsPolicy;
  if (p.dnsConfig) spec.dnsConfig = p.dnsConfig;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.ns, ...(p.labels ? { labels: p.labels } : {}) },
    spec,
    status: { phase: p.phase ?? 'Running', ...(p.ip ? { podIP: p.ip, podIPs: [{ ip: p.ip }] } : {}) },
  };
}

/** The kube-system/coredns ConfigMap with this Corefile. */
export function corednsConfigMap(corefile: string): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: corefile } };
}

/** The kubeadm kubelet ConfigMap with clusterDNS and clusterDomain. */
export function kubeletConfigMap(clusterDNS: string[], clusterDomain: string): Manifest {
  const text = ['apiVersion: kubelet.config.k8s.io/v1beta1', 'kind: KubeletConfiguration', 'clusterDNS:', ...clusterDNS.map((ip) => `- ${ip}`), `clusterDomain: ${clusterDomain}`, ''].join('\n');
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubelet-config', namespace: 'kube-system' }, data: { kubelet: text } };
}

/** Loads manifests (as one JSON List) and fails the test on any ingest error. */
export function snapshotOf(objects: readonly Manifest[], file = 'dns-fixture.json'): Snapshot {
  const { snapshot, diagnostics } = loadSnapshot([{ file, text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return snapshot;
}

export function modelOf(objects: readonly Manifest[], options: DnsOptions = {}): DnsModel {
  return buildDnsModel(snapshotOf(objects), options);
}

/** One query straight to CoreDNS (no stub resolver): rcode/outcome and answers as `name type data` strings. */
export function ask(model: DnsModel, qname: string, qtype: DnsRecordType) {
  const a = answerQuery(model.server, qname, qtype);
  return {
    ...a,
    records: a.answers.map((r) => `${r.name} ${r.type} ${r.data}`),
    extra: a.additionals.map((r) => `${r.name} ${r.type} ${r.data}`),
  };
}
