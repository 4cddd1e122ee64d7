import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { type Diagnostic, diagnosticAt } from '../../model/diagnostic.js';
import type { Provenance } from '../../model/provenance.js';
import type { ConfigMapModel, ServiceModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { formatIp, parseIp } from '../../net/ip.js';
import { type DnsOrigin, defaultOrigin, originAt } from './dns-types.js';

/**
 * The kubelet's DNS settings: the cluster DNS server(s) (`--cluster-dns`, KubeletConfiguration
 * `clusterDNS`) and the cluster domain (`clusterDomain`), which every ClusterFirst pod's resolv.conf
 * is built from (pkg/kubelet/network/dns/dns.go). Read from the kubeadm ConfigMap
 * `kube-system/kubelet-config` when given; otherwise the kube-dns Service's ClusterIP and
 * `cluster.local` (the kubeadm defaults).
 */
export interface ClusterDnsSettings {
  /** Cluster DNS server addresses, in order; empty when the kubelet has none (ClusterFirst then falls back to Default). */
  readonly clusterDNS: readonly { readonly ip: string; readonly origin: DnsOrigin }[];
  readonly clusterDomain: string;
  readonly clusterDomainOrigin: DnsOrigin;
  readonly source: 'kubelet-config' | 'kube-dns-service' | 'none';
  /** The Service behind the cluster DNS address (kube-system/kube-dns), when found. */
  readonly dnsService: ServiceModel | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The kubeadm kubelet ConfigMap: `kubelet-config` (kubeadm ≥ 1.24) or `kubelet-config-1.NN`. */
export function findKubeletConfigMap(snapshot: Snapshot): ConfigMapModel | undefined {
  const cms = snapshot.configMaps.filter((c) => c.namespace === 'kube-system' && typeof c.data.kubelet === 'string');
  return cms.find((c) => c.name === 'kubelet-config') ?? cms.filter((c) => /^kubelet-config-1\.[0-9]+$/.test(c.name)).sort((a, b) => b.name.localeCompare(a.name, 'en', { numeric: true }))[0];
}

/** The Service that fronts cluster DNS: the one owning `ip` when given, else kube-system/kube-dns. */
export function findDnsService(snapshot: Snapshot, ip: string | undefined): ServiceModel | undefined {
  if (ip !== undefined) {
    const owner = snapshot.services.find((s) => s.clusterIPs.some((c) => formatIp(c) === ip));
    if (owner) return owner;
  }
  const ks = snapshot.services.filter((s) => s.namespace === 'kube-system');
  return ks.find((s) => s.name === 'kube-dns') ?? ks.find((s) => s.labels['k8s-app'] === 'kube-dns');
}

export function readClusterDnsSettings(snapshot: Snapshot): ClusterDnsSettings {
  const diagnostics: Diagnostic[] = [];
  const cm = findKubeletConfigMap(snapshot);
  if (cm) {
    const object = `ConfigMap/${cm.namespace}/${cm.name}`;
    const keyAt = cm.dataSources.kubelet ?? cm.source;
    const parsed = readKubeletConfiguration(cm.data.kubelet ?? '', keyAt);
    for (const p of parsed.problems) diagnostics.push(diagnosticAt(p.at, 'warning', 'DNS_KUBELET_CONFIG_INVALID', `kubelet configuration: ${p.message}`, { object }));
    const clusterDNS = parsed.clusterDNS.map((e) => ({ ip: e.ip, origin: originAt('kubelet clusterDNS', e.at, object) }));
    if (clusterDNS.length === 0) {
      diagnostics.push(
        diagnosticAt(keyAt, 'warning', 'DNS_NO_CLUSTER_DNS', 'kubelet configuration has no clusterDNS: ClusterFirst pods fall back to the node\'s resolv.conf (dnsPolicy Default)', {
          object,
          hint: 'kubeadm sets clusterDNS to the 10th address of the Service CIDR (the kube-dns Service).',
        }),
      );
    }
    const clusterDomain = parsed.clusterDomain?.value ?? '';
    const clusterDomainOrigin = parsed.clusterDomain ? originAt('kubelet clusterDomain', parsed.clusterDomain.at, object) : originAt('kubelet clusterDomain (unset: no cluster search domains)', keyAt, object);
    return {
      clusterDNS,
      clusterDomain,
      clusterDomainOrigin,
      source: 'kubelet-config',
      dnsService: findDnsService(snapshot, clusterDNS[0]?.ip),
      diagnostics,
    };
  }
  const svc = findDnsService(snapshot, undefined);
  const kubeadmDomain = readKubeadmDnsDomain(snapshot);
  const clusterDomain = kubeadmDomain?.value ?? DEFAULT_CLUSTER_DOMAIN;
  const clusterDomainOrigin = kubeadmDomain ? originAt('kubeadm ClusterConfiguration networking.dnsDomain', kubeadmDomain.at, kubeadmDomain.object) : defaultOrigin('default cluster domain cluster.local (no kubelet-config ConfigMap given)');
  if (svc && svc.clusterIPs.length > 0) {
    return {
      clusterDNS: [{ ip: formatIp(svc.clusterIPs[0]!), origin: originAt('kube-dns Service ClusterIP (no kubelet-config ConfigMap given)', svc.source, `Service/${svc.namespace}/${svc.name}`) }],
      clusterDomain,
      clusterDomainOrigin,
      source: 'kube-dns-service',
      dnsService: svc,
      diagnostics,
    };
  }
  return { clusterDNS: [], clusterDomain, clusterDomainOrigin, source: 'none', dnsService: svc, diagnostics };
}

interface Located<T> {
  readonly value: T;
  readonly at: Provenance;
}

/** Reads clusterDNS and clusterDomain from KubeletConfiguration YAML embedded in a ConfigMap value. */
export function readKubeletConfiguration(
  text: string,
  keyAt: Provenance,
): { clusterDNS: { ip: string; at: Provenance }[]; clusterDomain: Located<string> | undefined; problems: { message: string; at: Provenance }[] } {
  const problems: { message: string; at: Provenance }[] = [];
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const at = (offset: number | undefined, path: string): Provenance => {
    if (offset === undefined) return keyAt;
    const pos = lc.linePos(offset);
    // A `|` block scalar: content line k is at the key's line + k (indentation assumed key + 2).
    return { file: keyAt.file, line: keyAt.line + pos.line, column: keyAt.column + 1 + pos.col, path: `${keyAt.path}:${path}` };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push({ message: e.message.split('\n')[0] ?? 'YAML error', at: at(e.pos[0], '') });
    return { clusterDNS: [], clusterDomain: undefined, problems };
  }
  const root = doc.contents;
  if (!isMap(root)) return { clusterDNS: [], clusterDomain: undefined, problems };
  const clusterDNS: { ip: string; at: Provenance }[] = [];
  const dnsNode = root.get('clusterDNS', true);
  if (isSeq(dnsNode)) {
    dnsNode.items.forEach((item, i) => {
      const value = isScalar(item) ? String(item.value) : '';
      const ip = parseIp(value);
      const where = at(isScalar(item) ? item.range?.[0] : dnsNode.range?.[0], `clusterDNS[${i}]`);
      if (!ip) problems.push({ message: `clusterDNS[${i}]: "${value}" is not an IP address`, at: where });
      else clusterDNS.push({ ip: formatIp(ip), at: where });
    });
  } else if (dnsNode !== undefined && dnsNode !== null) {
    problems.push({ message: 'clusterDNS must be a list of IP addresses', at: at(isScalar(dnsNode) ? dnsNode.range?.[0] : undefined, 'clusterDNS') });
  }
  const domainNode = root.get('clusterDomain', true);
  let clusterDomain: Located<string> | undefined;
  const domainValue: unknown = isScalar(domainNode) ? domainNode.value : undefined;
  if (isScalar(domainNode) && typeof domainValue === 'string' && domainValue !== '') {
    clusterDomain = { value: domainValue.replace(/\.$/, ''), at: at(domainNode.range?.[0], 'clusterDomain') };
  }
  return { clusterDNS, clusterDomain, problems };
}

/** kubeadm ClusterConfiguration `networking.dnsDomain` (kube-system/kubeadm-config), when given. */
function readKubeadmDnsDomain(snapshot: Snapshot): (Located<string> & { object: string }) | undefined {
  const cm = snapshot.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'kubeadm-config');
  const text = cm?.data.ClusterConfiguration;
  if (!cm || text === undefined) return undefined;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const networking = doc.contents.get('networking', true);
  if (!isMap(networking)) return undefined;
  const node = networking.get('dnsDomain', true);
  const value: unknown = isScalar(node) ? node.value : undefined;
  if (!isScalar(node) || typeof value !== 'string' || value === '') return undefined;
  const keyAt = cm.dataSources.ClusterConfiguration ?? cm.source;
  const pos = lc.linePos(node.range?.[0] ?? 0);
  return {
    value: value.replace(/\.$/, ''),
    at: { file: keyAt.file, line: keyAt.line + pos.line, column: keyAt.column + 1 + pos.col, path: `${keyAt.path}:networking.dnsDomain` },
    object: `ConfigMap/${cm.namespace}/${cm.name}`,
  };
}
