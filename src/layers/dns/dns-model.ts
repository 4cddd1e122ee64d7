import { type Diagnostic, diagnosticAt } from '../../model/diagnostic.js';
import type { ManifestObject, PodModel } from '../../model/objects.js';
import { objectId } from '../../model/objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { formatIp, parseIp } from '../../net/ip.js';
import { type ClusterDnsSettings, readClusterDnsSettings } from './cluster-dns-settings.js';
import { type ClusterZoneData, buildClusterZoneData } from './cluster-zone.js';
import { type CoreDnsConfig, readCoreDnsConfig } from './coredns-config.js';
import { type CoreDnsServer, serverBlockFor } from './coredns-server.js';
import { type DnsEndpointSource, snapshotEndpointSource } from './dns-endpoints.js';
import { isInZone, toFqdn } from './dns-names.js';
import { type NodeResolvConf, DEFAULT_NODE_RESOLV_CONF } from './node-resolv-conf.js';
import { type PodResolvConf, type PodSpecLocator, buildPodResolvConf } from './pod-resolv-conf.js';
import type { StubResolverFlavor } from './stub-resolver.js';

/**
 * Everything DNS questions about one snapshot need, built once: the kubelet's cluster DNS
 * settings, CoreDNS's configuration, the cluster zone data, and which addresses reach CoreDNS.
 */
export interface DnsOptions {
  /** The node's resolv.conf (default: one upstream nameserver, no search domains). */
  readonly nodeResolvConf?: NodeResolvConf;
  /** The pod's stub resolver: glibc (default) or musl (Alpine). */
  readonly stubResolver?: StubResolverFlavor;
  /**
   * A name forwarded outside the cluster (or sent to a nameserver that is not the cluster's) has
   * a reply kflow cannot know. `answer` (default): the search stops there, as it would if the
   * upstream answers; `nxdomain`: the search goes on, showing every name the pod could send.
   */
  readonly assumeUpstream?: 'answer' | 'nxdomain';
  /** Where Service endpoints come from (default: the Services layer). */
  readonly endpointSource?: DnsEndpointSource;
}

export interface DnsModel {
  readonly snapshot: Snapshot;
  readonly settings: ClusterDnsSettings;
  readonly coredns: CoreDnsConfig;
  readonly server: CoreDnsServer;
  readonly data: ClusterZoneData;
  readonly nodeResolvConf: NodeResolvConf;
  readonly stubResolver: StubResolverFlavor;
  readonly assumeUpstream: 'answer' | 'nxdomain';
  /** Addresses whose DNS traffic reaches CoreDNS: the cluster DNS address(es), the DNS Service's ClusterIPs and endpoints. */
  readonly clusterDnsAddresses: ReadonlySet<string>;
  /** Problems with the DNS configuration (Corefile, kubelet configuration, mismatches), with file:line. */
  readonly diagnostics: readonly Diagnostic[];
}

export function buildDnsModel(snapshot: Snapshot, options: DnsOptions = {}): DnsModel {
  const settings = readClusterDnsSettings(snapshot);
  const coredns = readCoreDnsConfig(snapshot, settings.clusterDomain || 'cluster.local');
  const data = buildClusterZoneData(snapshot, options.endpointSource ?? snapshotEndpointSource(snapshot));
  const nodeResolvConf = options.nodeResolvConf ?? DEFAULT_NODE_RESOLV_CONF;
  const dnsService = settings.dnsService;
  const nameserverAddresses = dnsService ? dnsService.clusterIPs.map(formatIp) : settings.clusterDNS.map((c) => c.ip);
  const clusterDnsAddresses = new Set<string>(settings.clusterDNS.map((c) => c.ip));
  if (dnsService) {
    for (const ip of dnsService.clusterIPs) clusterDnsAddresses.add(formatIp(ip));
    for (const e of data.endpoints(dnsService)) clusterDnsAddresses.add(e.address);
  }
  const server: CoreDnsServer = { config: coredns, data, nameserverAddresses, nodeResolvConf };
  const diagnostics: Diagnostic[] = [...settings.diagnostics, ...coredns.diagnostics];

  // Cross-checks between what pods are told and what CoreDNS serves.
  if (settings.clusterDomain !== '') {
    const probe = toFqdn(`kubernetes.default.svc.${settings.clusterDomain}`);
    const routed = serverBlockFor(coredns, probe);
    const served = routed?.block.kubernetes?.zones.some((z) => isInZone(probe, z)) ?? false;
    if (!served) {
      const o = settings.clusterDomainOrigin;
      diagnostics.push(
        diagnosticAt(o, 'warning', 'DNS_CLUSTER_DOMAIN_NOT_SERVED', `pods search ${settings.clusterDomain}, but no CoreDNS kubernetes plugin on port 53 serves that zone: Service names will not resolve`, {
          ...(o.object !== undefined ? { object: o.object } : {}),
          hint: `Make the kubelet's clusterDomain and the Corefile's \`kubernetes\` zones agree (${coredns.serverBlocks.flatMap((b) => b.kubernetes?.zones ?? []).join(' ') || 'no kubernetes plugin'}).`,
        }),
      );
    }
  }
  for (const c of settings.clusterDNS) {
    const ip = parseIp(c.ip);
    if (ip && !snapshot.services.some((s) => s.clusterIPs.some((x) => formatIp(x) === c.ip)) && snapshot.services.length > 0) {
      diagnostics.push(
        diagnosticAt(c.origin, 'warning', 'DNS_CLUSTER_DNS_NO_SERVICE', `pods send DNS to ${c.ip}, but no Service has that ClusterIP`, {
          ...(c.origin.object !== undefined ? { object: c.origin.object } : {}),
          hint: 'The kubelet\'s clusterDNS must be the ClusterIP of the kube-dns Service.',
        }),
      );
    }
  }
  return {
    snapshot,
    settings,
    coredns,
    server,
    data,
    nodeResolvConf,
    stubResolver: options.stubResolver ?? 'glibc',
    assumeUpstream: options.assumeUpstream ?? 'answer',
    clusterDnsAddresses,
    diagnostics,
  };
}

/** The pod's resolv.conf, as the kubelet writes it, with provenance. */
export function podResolvConf(model: DnsModel, pod: PodModel): PodResolvConf {
  const { locate, object } = podSpecLocator(model.snapshot, pod);
  return buildPodResolvConf(pod, model.settings, model.nodeResolvConf, locate, object);
}

/** Locates fields of the pod's spec in the manifest it came from (the Pod, or its workload's template). */
export function podSpecLocator(snapshot: Snapshot, pod: PodModel): { locate: PodSpecLocator; object: string } {
  let manifest: ManifestObject | undefined;
  let prefix: (string | number)[] = ['spec'];
  let object = `Pod/${pod.key}`;
  if (!pod.synthesized) {
    manifest = snapshot.objects.find((o) => o.kind === 'Pod' && o.namespace === pod.namespace && o.name === pod.name);
  } else if (pod.workload) {
    const w = pod.workload;
    manifest = snapshot.objects.find((o) => o.kind === w.kind && o.namespace === w.namespace && o.name === w.name);
    prefix = w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
    object = objectId(w.kind, w.namespace, w.name);
  }
  const fallback = pod.source;
  return {
    object,
    locate: (path) => (manifest ? manifest.locate([...prefix, ...path]) : fallback),
  };
}

/** Whether DNS sent to this nameserver reaches the cluster's CoreDNS. */
export function isClusterDnsAddress(model: DnsModel, nameserver: string): boolean {
  const ip = parseIp(nameserver);
  return ip !== undefined && model.clusterDnsAddresses.has(formatIp(ip));
}
