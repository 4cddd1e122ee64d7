import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Provenance } from '../../../model/provenance.js';
import type { NodeModel } from '../../../model/objects.js';
import type { ConfigMapModel, EndpointSliceModel, ServicePortModel } from '../../../model/service-objects.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { parseCidr } from '../../../net/ip.js';
import type { AddressType } from '../../../layers/services/derive-endpoint-slices.js';
import { categorizeEndpoints, usesClusterEndpoints, usesLocalEndpoints } from '../../../layers/services/categorize-endpoints.js';
import { collectProxyEndpoints } from '../../../layers/services/proxy-endpoints.js';
import { serviceEndpointSlices } from '../../../layers/services/service-endpoint-slices.js';
import { SERVICE_PROXY_NAME_LABEL, type ServicePortTraits, servicePortTraits } from '../../../layers/services/service-port-traits.js';
import { ZONE_LABEL } from '../../../layers/services/topology-aware-hints.js';
import { type CheckRule, findingAt } from '../finding.js';
import { type IptablesNatCount, type IptablesProxierSettings, type IptablesServicePort, LARGE_CLUSTER_ENDPOINTS_THRESHOLD, iptablesNatCount } from './iptables-rule-count.js';

/** More Services than this and iptables mode's per-packet latency is a known problem (Amazon EKS best practices, "Running kube-proxy in nftables mode"). */
export const MANY_SERVICES_THRESHOLD = 1000;

/** kube-proxy's mode and the settings that change its rule count, from a KubeProxyConfiguration. */
export interface KubeProxyConfig {
  readonly mode: string;
  readonly modeAt: Provenance;
  readonly configMap: string;
  readonly settings: IptablesProxierSettings;
}

/**
 * kube-proxy in iptables mode on a cluster large enough for it to hurt. The mode comes from the
 * kubeadm ConfigMap `kube-system/kube-proxy` (a data key holding a KubeProxyConfiguration,
 * `config.conf`): `mode: iptables`, or empty/absent (the default on Linux). Without that ConfigMap
 * kflow does not know the data plane (it may be nftables, IPVS or an eBPF replacement) and stays
 * silent; so it does when every Node is labelled `kubernetes.io/os: windows`.
 *
 * kflow counts the nat rules kube-proxy would write on each node (iptables-rule-count.ts, after
 * proxier.go syncProxyRules) and fires when kube-proxy would run in its own "large cluster mode"
 * (more than largeClusterEndpointsThreshold = 1000 endpoints over all Service ports) or the cluster
 * has more than 1000 Services (where Amazon's EKS guide reports iptables-mode latency problems).
 * Info: a performance recommendation, not a fault.
 */
export const kproxyIptablesScale: CheckRule = {
  code: 'KPROXY_IPTABLES_SCALE',
  severity: 'info',
  title: 'kube-proxy in iptables mode at a scale where iptables degrades',
  why: 'Every new connection walks KUBE-SERVICES rule by rule, and every Service or endpoint change rewrites the whole ruleset.',
  run(ctx) {
    const { snapshot } = ctx;
    const config = readKubeProxyConfig(snapshot);
    if (!config || (config.mode !== '' && config.mode !== 'iptables')) return [];
    if (snapshot.nodes.length > 0 && snapshot.nodes.every((n) => n.labels['kubernetes.io/os'] === 'windows')) return [];
    const worst = worstNode(snapshot, config.settings);
    if (!worst) return [];
    const { count, node, services, ports } = worst;
    if (!count.largeClusterMode && services <= MANY_SERVICES_THRESHOLD) return [];
    const why = count.largeClusterMode
      ? `${count.totalEndpoints} endpoints is over kube-proxy's own largeClusterEndpointsThreshold (${LARGE_CLUSTER_ENDPOINTS_THRESHOLD}), where it switches to "large cluster mode" to keep iptables-restore fast enough`
      : `over ${MANY_SERVICES_THRESHOLD} Services, where iptables mode's per-packet latency is a known problem`;
    return [
      findingAt(
        this,
        config.modeAt,
        config.configMap,
        `kube-proxy runs in iptables mode (${config.mode === '' ? 'mode unset: iptables is the default' : 'mode: iptables'}) with ${services} Service(s) (${ports} port(s)) and ${count.totalEndpoints} endpoints: it writes ${count.rules} nat rules in ${count.chains} chains on ${node ?? 'each node'} (${count.endpointChains} KUBE-SEP chains), and KUBE-SERVICES holds ${count.kubeServicesRules} rules that the first packet of every new connection walks in order; ${why}`,
          'Switch kube-proxy to nftables mode (mode: nftables; GA in Kubernetes 1.33, needs a 5.13+ kernel): Services are dispatched through verdict maps, not a linear chain, and updates are incremental (KEP-3866). Or run an eBPF data plane that replaces kube-proxy (Service lookup in a hash map).',
      ),
    ];
  },
};

export interface NodeNatCount {
  readonly count: IptablesNatCount;
  /** undefined when the count is the same on every node (no port depends on the node) or the input has no Nodes. */
  readonly node: string | undefined;
  readonly family: AddressType;
  readonly services: number;
  readonly ports: number;
}

/** The node where kube-proxy writes the most rules (the counts differ only through Local traffic policies). */
function worstNode(snapshot: Snapshot, settings: IptablesProxierSettings): NodeNatCount | undefined {
  let best: NodeNatCount | undefined;
  for (const c of iptablesNatCountPerNode(snapshot, settings)) if (!best || c.count.rules > best.count.rules) best = c;
  return best;
}

/** kube-proxy's nat table size on every Node of the input (per IP family), from the Services and their endpoints. */
export function iptablesNatCountPerNode(snapshot: Snapshot, settings: IptablesProxierSettings): NodeNatCount[] {
  const out: NodeNatCount[] = [];
  const proxied = snapshot.services.filter((s) => s.type !== 'ExternalName' && !s.headless && s.clusterIPs.length > 0 && !s.labels[SERVICE_PROXY_NAME_LABEL]);
  if (proxied.length === 0) return out;
  const families = [...new Set(proxied.flatMap((s) => s.clusterIPs.map((ip): AddressType => (ip.family === 4 ? 'IPv4' : 'IPv6'))))];
  const nodes: readonly (NodeModel | undefined)[] = snapshot.nodes.length > 0 ? snapshot.nodes : [undefined];
  for (const family of families) {
    const services = proxied.filter((s) => s.clusterIPs.some((ip) => (ip.family === 4) === (family === 'IPv4')));
    const ports = services.reduce((n, s) => n + s.ports.length, 0);
    // A port's rules differ between nodes only through Local policies, topology hints or source
    // ranges holding the node IP: count the others once.
    const shared: IptablesServicePort[] = [];
    const perNode: { slices: readonly EndpointSliceModel[]; sp: ServicePortModel; traits: ServicePortTraits }[] = [];
    for (const svc of services) {
      const slices = serviceEndpointSlices(snapshot, svc).slices;
      for (const sp of svc.ports) {
        const traits = servicePortTraits(svc, sp, family);
        const proxy = collectProxyEndpoints(slices, sp, family, undefined);
        const hinted = proxy.endpoints.some((e) => (e.zoneHints?.length ?? 0) > 0 || (e.nodeHints?.length ?? 0) > 0);
        if (usesLocalEndpoints(traits) || hinted || traits.loadBalancerSourceRanges.length > 0) perNode.push({ slices, sp, traits });
        else shared.push(portFacts(slices, sp, traits, family, undefined));
      }
    }
    for (const node of perNode.length > 0 ? nodes : nodes.slice(0, 1)) {
      const facts = [...shared, ...perNode.map((p) => portFacts(p.slices, p.sp, p.traits, family, node))];
      out.push({ count: iptablesNatCount(facts, settings), node: perNode.length > 0 || nodes.length === 1 ? node?.name : undefined, family, services: services.length, ports });
    }
  }
  return out;
}

/** What syncProxyRules reads of one Service port on one node (undefined: a node with no local endpoint and no zone). */
function portFacts(slices: readonly EndpointSliceModel[], sp: ServicePortModel, traits: ServicePortTraits, family: AddressType, node: NodeModel | undefined): IptablesServicePort {
  const nodeName = node?.name;
  const nodeIps = node?.internalIPs ?? [];
  const proxy = collectProxyEndpoints(slices, sp, family, nodeName);
  const cat = categorizeEndpoints(proxy.endpoints, traits, nodeName ?? '', node?.labels[ZONE_LABEL] ?? '');
  return {
    endpoints: proxy.endpoints.length,
    hasEndpoints: cat.hasAnyEndpoints,
    clusterEndpoints: cat.clusterEndpoints?.length ?? 0,
    localEndpoints: cat.localEndpoints?.length ?? 0,
    reachableEndpoints: cat.allReachableEndpoints.length,
    usesClusterEndpoints: usesClusterEndpoints(traits),
    usesLocalEndpoints: usesLocalEndpoints(traits),
    internalPolicyLocal: traits.internalPolicyLocal,
    externalPolicyLocal: traits.externalPolicyLocal && traits.externallyAccessible,
    externallyAccessible: traits.externallyAccessible,
    externalIPs: traits.externalIPs.length,
    loadBalancerVIPs: traits.loadBalancerVIPs.length,
    loadBalancerSourceRanges: traits.loadBalancerSourceRanges.length,
    sourceRangesContainNodeIP: traits.loadBalancerSourceRanges.some((r) => {
      const c = parseCidr(r);
      return c !== undefined && nodeIps.some((ip) => ip.family === c.family && c.first.value <= ip.value && ip.value <= c.last.value);
    }),
    hasNodePort: sp.nodePort !== undefined,
    sessionAffinityClientIP: traits.sessionAffinity === 'ClientIP',
  };
}

/**
 * The KubeProxyConfiguration of `kube-system/kube-proxy` (kubeadm writes it under `config.conf`;
 * any key holding `kind: KubeProxyConfiguration` is read).
 */
export function readKubeProxyConfig(snapshot: Snapshot): KubeProxyConfig | undefined {
  const cm = snapshot.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'kube-proxy');
  if (!cm) return undefined;
  const keys = ['config.conf', ...Object.keys(cm.data).filter((k) => k !== 'config.conf')];
  for (const key of keys) {
    const text = cm.data[key];
    if (text === undefined) continue;
    const parsed = parseKubeProxyConfiguration(cm, key, text);
    if (parsed) return parsed;
  }
  return undefined;
}

function parseKubeProxyConfiguration(cm: ConfigMapModel, key: string, text: string): KubeProxyConfig | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const str = (node: unknown): string | undefined => {
    if (!isScalar(node)) return undefined;
    const v: unknown = node.value;
    return typeof v === 'string' ? v : undefined;
  };
  if (str(root.get('kind', true)) !== 'KubeProxyConfiguration') return undefined;
  const keyAt = cm.dataSources[key] ?? cm.source;
  const at = (offset: number | undefined, path: string): Provenance => {
    if (offset === undefined) return keyAt;
    const pos = lc.linePos(offset);
    // A `|` block scalar: content line k is at the key's line + k (as the DNS layer reads kubelet-config).
    return { file: keyAt.file, line: keyAt.line + pos.line, column: keyAt.column + 1 + pos.col, path: `${keyAt.path}:${path}` };
  };
  const modeNode = root.get('mode', true);
  const mode = str(modeNode) ?? '';
  const iptables = root.get('iptables', true);
  const masqueradeAll = isMap(iptables) && isScalar(iptables.get('masqueradeAll', true)) && (iptables.get('masqueradeAll', true) as { value: unknown }).value === true;
  const detectLocalMode = str(root.get('detectLocalMode', true)) ?? '';
  const clusterCIDR = str(root.get('clusterCIDR', true)) ?? '';
  const detectLocal = isMap(root.get('detectLocal', true)) ? root.get('detectLocal', true) : undefined;
  const bridge = isMap(detectLocal) ? (str(detectLocal.get('bridgeInterface', true)) ?? '') : '';
  const prefix = isMap(detectLocal) ? (str(detectLocal.get('interfaceNamePrefix', true)) ?? '') : '';
  const localDetector =
    detectLocalMode === '' || detectLocalMode === 'ClusterCIDR'
      ? clusterCIDR !== ''
      : detectLocalMode === 'NodeCIDR' || (detectLocalMode === 'BridgeInterface' && bridge !== '') || (detectLocalMode === 'InterfaceNamePrefix' && prefix !== '');
  const npa = root.get('nodePortAddresses', true);
  const nodePortTailRules = isSeq(npa) && npa.items.length > 0 ? npa.items.length : 1;
  return {
    mode,
    modeAt: isScalar(modeNode) ? at(modeNode.range?.[0], 'mode') : keyAt,
    configMap: `ConfigMap/${cm.namespace}/${cm.name}`,
    settings: { masqueradeAll, localDetector, nodePortTailRules },
  };
}
