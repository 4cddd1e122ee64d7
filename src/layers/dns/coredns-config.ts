import { type Diagnostic, diagnosticAt } from '../../model/diagnostic.js';
import type { Provenance } from '../../model/provenance.js';
import type { ConfigMapModel } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { parseCidr } from '../../net/ip.js';
import { type CorefileDirective, type CorefileToken, parseCorefile } from './corefile-parse.js';
import { canonicalName, isReverseName, reverseNameOf } from './dns-names.js';
import { type DnsOrigin, defaultOrigin } from './dns-types.js';

/**
 * What CoreDNS is configured to do, read from the `coredns` ConfigMap's Corefile (or the kubeadm
 * default when none is given): its server blocks (zones and port), and in each the two plugins
 * that decide cluster answers — `kubernetes` (plugin/kubernetes/setup.go) and `forward`
 * (plugin/forward/setup.go). Plugins that could change answers but are not modelled are reported.
 */

export type PodsMode = 'disabled' | 'insecure' | 'verified';

export interface KubernetesPluginConfig {
  /** Zones it is authoritative for, lower-case FQDNs (`cluster.local.`, `in-addr.arpa.`). */
  readonly zones: readonly string[];
  /** The first non-reverse zone: the one PTR answers are built in. */
  readonly primaryZone: string;
  readonly podsMode: PodsMode;
  /** Zones whose NXDOMAIN answers pass on to the next plugin; undefined: no fallthrough. */
  readonly fallthrough: readonly string[] | undefined;
  /** `namespaces`: only these are exposed; empty: all. */
  readonly namespaces: readonly string[];
  readonly endpointPodNames: boolean;
  readonly ignoreEmptyService: boolean;
  readonly noEndpoints: boolean;
  readonly ttl: number;
  readonly origin: DnsOrigin;
  readonly podsOrigin: DnsOrigin;
}

export interface ForwardPluginConfig {
  readonly from: string;
  /** Upstreams as written (`/etc/resolv.conf`, `8.8.8.8`, `tls://9.9.9.9`). */
  readonly to: readonly string[];
  readonly except: readonly string[];
  readonly origin: DnsOrigin;
}

export interface CoreDnsServerBlock {
  readonly zones: readonly string[];
  readonly port: number;
  /** `dns` (plain), `tls`, `https`, `grpc`, `quic`. Pods reach only plain DNS on port 53. */
  readonly transport: string;
  readonly kubernetes: KubernetesPluginConfig | undefined;
  readonly forwards: readonly ForwardPluginConfig[];
  readonly origin: DnsOrigin;
}

export interface CoreDnsConfig {
  /** `corefile`: read from a ConfigMap; `kubeadm-default`: no ConfigMap given. */
  readonly source: 'corefile' | 'kubeadm-default';
  /** `ConfigMap/ns/name` it came from. */
  readonly object: string | undefined;
  readonly serverBlocks: readonly CoreDnsServerBlock[];
  readonly diagnostics: readonly Diagnostic[];
  readonly origin: DnsOrigin;
}

/** kubeadm's default Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go), for a cluster domain. */
export function kubeadmDefaultCorefile(clusterDomain: string): string {
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '       lameduck 5s',
    '    }',
    '    ready',
    `    kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {`,
    '       pods insecure',
    '       fallthrough in-addr.arpa ip6.arpa',
    '       ttl 30',
    '    }',
    '    prometheus :9153',
    '    forward . /etc/resolv.conf {',
    '       max_concurrent 1000',
    '    }',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}

/** The ConfigMap holding the Corefile: kube-system/coredns, else any kube-system ConfigMap with a `Corefile` key. */
export function findCorefileConfigMap(snapshot: Snapshot): ConfigMapModel | undefined {
  const withCorefile = snapshot.configMaps.filter((c) => c.namespace === 'kube-system' && typeof c.data.Corefile === 'string');
  return withCorefile.find((c) => c.name === 'coredns') ?? withCorefile[0];
}

/** Plugins that never change an answer's content. */
const NEUTRAL_PLUGINS = new Set([
  'errors', 'health', 'ready', 'prometheus', 'cache', 'loop', 'reload', 'loadbalance', 'log', 'debug', 'bind', 'bufsize',
  'metadata', 'trace', 'pprof', 'root', 'nsid', 'timeouts', 'cancel', 'dnstap', 'local', 'tls', 'minimal', 'header',
  'any', 'chaos', 'whoami', 'multisocket', 'on', 'proxyproto', 'dnssec', 'sign', 'transfer', 'shed', 'geoip',
]);
/** Plugins that can answer or rewrite queries; kflow does not model them. */
const UNMODELLED_PLUGINS = new Set([
  'rewrite', 'template', 'hosts', 'file', 'auto', 'secondary', 'etcd', 'autopath', 'k8s_external', 'dns64', 'acl',
  'view', 'grpc', 'erratic', 'route53', 'azure', 'clouddns', 'nomad', 'tsig',
]);

export interface CorefileInput {
  readonly text: string;
  /** Where line 1 of the text is, minus one line (a `|` block scalar's key line). */
  readonly at: Provenance;
  readonly object: string | undefined;
  readonly source: 'corefile' | 'kubeadm-default';
}

/** Reads the cluster's CoreDNS configuration from the snapshot (kubeadm default when absent). */
export function readCoreDnsConfig(snapshot: Snapshot, clusterDomain: string): CoreDnsConfig {
  const cm = findCorefileConfigMap(snapshot);
  if (!cm) {
    return interpretCorefile({
      text: kubeadmDefaultCorefile(clusterDomain),
      at: { file: '<kubeadm default Corefile>', line: 0, column: 1, path: '' },
      object: undefined,
      source: 'kubeadm-default',
    });
  }
  const at = cm.dataSources.Corefile ?? cm.source;
  return interpretCorefile({ text: cm.data.Corefile ?? '', at, object: `ConfigMap/${cm.namespace}/${cm.name}`, source: 'corefile' });
}

/** Interprets Corefile text; every problem becomes a Diagnostic at its manifest line. */
export function interpretCorefile(input: CorefileInput): CoreDnsConfig {
  const diagnostics: Diagnostic[] = [];
  const isDefault = input.source === 'kubeadm-default';
  // A `|` block scalar: content line k is at the key's line + k; its indentation is assumed to be
  // the key's plus two (the usual style), which only affects the reported column.
  const locate = (t: { line: number; column: number }): Provenance =>
    isDefault
      ? { file: input.at.file, line: 0, column: 0, path: `${input.at.path}` }
      : { file: input.at.file, line: input.at.line + t.line, column: input.at.column + 1 + t.column, path: input.at.path };
  const originOf = (what: string, t: CorefileToken): DnsOrigin =>
    isDefault
      ? defaultOrigin(`${what} (kubeadm default Corefile line ${t.line})`)
      : { what, ...(input.object ? { object: input.object } : {}), ...locate(t) };
  const report = (t: { line: number; column: number }, severity: 'error' | 'warning' | 'info', code: string, message: string, hint?: string): void => {
    diagnostics.push(diagnosticAt(locate(t), severity, code, `Corefile: ${message}`, { ...(input.object ? { object: input.object } : {}), ...(hint ? { hint } : {}) }));
  };

  const parsed = parseCorefile(input.text);
  for (const p of parsed.problems) report(p, 'error', 'DNS_COREFILE_SYNTAX', p.message, 'CoreDNS refuses to load a Corefile with syntax errors (reload keeps the previous one).');

  const serverBlocks: CoreDnsServerBlock[] = [];
  for (const sb of parsed.serverBlocks) {
    const zones: string[] = [];
    let port = 53;
    let transport = 'dns';
    for (const key of sb.keys) {
      if (key.text.startsWith('(') || key.text === 'import') {
        report(key, 'warning', 'DNS_COREFILE_UNMODELLED', 'snippets and import are not supported by kflow; this block is ignored');
        continue;
      }
      const k = parseServerKey(key.text);
      if (!k) {
        report(key, 'error', 'DNS_COREFILE_INVALID', `server block key "${key.text}" is not a zone`, 'Keys look like `.:53`, `cluster.local:53` or `dns://example.org`.');
        continue;
      }
      zones.push(...k.zones);
      port = k.port;
      transport = k.transport;
    }
    if (zones.length === 0) continue; // a snippet, or keys that are all invalid (reported above)
    let kubernetes: KubernetesPluginConfig | undefined;
    const forwards: ForwardPluginConfig[] = [];
    for (const d of sb.directives) {
      const name = d.name.text;
      if (name === 'kubernetes') {
        if (kubernetes) {
          report(d.name, 'error', 'DNS_COREFILE_INVALID', 'the kubernetes plugin can only be used once per server block');
          continue;
        }
        kubernetes = interpretKubernetes(d, zones, report, originOf);
      } else if (name === 'forward') {
        const f = interpretForward(d, report, originOf);
        if (f) forwards.push(f);
      } else if (name === 'import') {
        report(d.name, 'warning', 'DNS_COREFILE_UNMODELLED', 'import is not supported by kflow; the imported directives are ignored');
      } else if (UNMODELLED_PLUGINS.has(name)) {
        report(d.name, 'warning', 'DNS_COREFILE_UNMODELLED', `plugin "${name}" can change answers and is not modelled by kflow`, 'kflow models the kubernetes and forward plugins; answers this plugin would give are not shown.');
      } else if (!NEUTRAL_PLUGINS.has(name)) {
        report(d.name, 'warning', 'DNS_COREFILE_UNKNOWN_PLUGIN', `unknown plugin "${name}"`, 'CoreDNS refuses to start with a directive it does not know (unless it is an external plugin compiled in).');
      }
    }
    const first = sb.keys[0] ?? sb.directives[0]?.name ?? { line: 1, column: 1, text: '' };
    serverBlocks.push({ zones, port, transport, kubernetes, forwards, origin: originOf('server block', first) });
  }
  if (serverBlocks.length === 0) report({ line: 1, column: 1 }, 'error', 'DNS_COREFILE_INVALID', 'no server block', 'A Corefile needs at least one server block, e.g. `.:53 { ... }`.');
  const origin = isDefault ? defaultOrigin('kubeadm default Corefile (no coredns ConfigMap given)') : { what: 'Corefile', ...(input.object ? { object: input.object } : {}), ...input.at };
  return { source: input.source, object: input.object, serverBlocks, diagnostics, origin };
}

type Report = (t: { line: number; column: number }, severity: 'error' | 'warning' | 'info', code: string, message: string, hint?: string) => void;
type OriginOf = (what: string, t: CorefileToken) => DnsOrigin;

function interpretKubernetes(d: CorefileDirective, blockZones: readonly string[], report: Report, originOf: OriginOf): KubernetesPluginConfig {
  const zones: string[] = [];
  if (d.args.length === 0) zones.push(...blockZones);
  for (const a of d.args) {
    const z = zoneNames(a.text);
    if (z) zones.push(...z);
    else report(a, 'warning', 'DNS_COREFILE_INVALID', `"${a.text}" is not a zone; CoreDNS ignores it`);
  }
  const primaryZone = zones.find((z) => !isReverseName(z));
  if (primaryZone === undefined) report(d.name, 'error', 'DNS_COREFILE_INVALID', 'kubernetes: non-reverse zone name must be used', 'List the cluster domain, e.g. `kubernetes cluster.local in-addr.arpa ip6.arpa`.');
  let podsMode: PodsMode = 'disabled';
  let podsOrigin = { ...originOf('kubernetes plugin default `pods disabled`', d.name) };
  let fallthrough: string[] | undefined;
  const namespaces: string[] = [];
  let endpointPodNames = false;
  let ignoreEmptyService = false;
  let noEndpoints = false;
  let ttl = 5;
  for (const s of d.block ?? []) {
    const args = s.args.map((a) => a.text);
    switch (s.name.text) {
      case 'pods':
        if (args.length === 1 && (args[0] === 'disabled' || args[0] === 'insecure' || args[0] === 'verified')) {
          podsMode = args[0];
          podsOrigin = originOf(`kubernetes plugin \`pods ${args[0]}\``, s.name);
        } else {
          report(s.name, 'error', 'DNS_COREFILE_INVALID', `kubernetes: wrong value for pods: ${args.join(' ') || '(none)'}, must be one of: disabled, verified, insecure`);
        }
        break;
      case 'fallthrough':
        fallthrough = args.length === 0 ? ['.'] : args.flatMap((a) => zoneNames(a) ?? []);
        break;
      case 'namespaces':
        if (args.length === 0) report(s.name, 'error', 'DNS_COREFILE_INVALID', 'kubernetes: namespaces needs at least one namespace');
        namespaces.push(...args);
        break;
      case 'endpoint_pod_names':
        endpointPodNames = true;
        break;
      case 'ignore':
        if (args[0] === 'empty_service') ignoreEmptyService = true;
        else report(s.name, 'error', 'DNS_COREFILE_INVALID', `kubernetes: unable to parse ignore value: '${args[0] ?? ''}'`);
        break;
      case 'noendpoints':
        noEndpoints = true;
        break;
      case 'ttl': {
        const n = Number(args[0]);
        if (!Number.isInteger(n) || n < 0 || n > 3600) report(s.name, 'error', 'DNS_COREFILE_INVALID', `kubernetes: ttl must be in range [0, 3600]: ${args[0] ?? ''}`);
        else ttl = n;
        break;
      }
      case 'labels':
      case 'namespace_labels':
      case 'multicluster':
      case 'zonal':
        report(s.name, 'warning', 'DNS_COREFILE_UNMODELLED', `kubernetes: option "${s.name.text}" is not modelled by kflow; answers assume it is absent`);
        break;
      case 'endpoint':
      case 'tls':
      case 'kubeconfig':
      case 'apiserver_qps':
      case 'apiserver_burst':
      case 'apiserver_max_inflight':
      case 'startup_timeout':
        break; // how CoreDNS reaches the API server: no effect on answers
      default:
        report(s.name, 'error', 'DNS_COREFILE_INVALID', `kubernetes: unknown property "${s.name.text}"`);
    }
  }
  return {
    zones,
    primaryZone: primaryZone ?? zones[0] ?? '.',
    podsMode,
    fallthrough,
    namespaces,
    endpointPodNames,
    ignoreEmptyService,
    noEndpoints,
    ttl,
    origin: originOf('kubernetes plugin', d.name),
    podsOrigin,
  };
}

function interpretForward(d: CorefileDirective, report: Report, originOf: OriginOf): ForwardPluginConfig | undefined {
  const [fromTok, ...toToks] = d.args;
  if (!fromTok || toToks.length === 0) {
    report(d.name, 'error', 'DNS_COREFILE_INVALID', 'forward: needs FROM and at least one TO', 'For example `forward . /etc/resolv.conf`.');
    return undefined;
  }
  const from = zoneNames(fromTok.text)?.[0];
  if (!from) {
    report(fromTok, 'error', 'DNS_COREFILE_INVALID', `forward: "${fromTok.text}" is not a domain`);
    return undefined;
  }
  const except: string[] = [];
  for (const s of d.block ?? []) {
    if (s.name.text === 'except') except.push(...s.args.flatMap((a) => zoneNames(a.text) ?? []));
  }
  return { from, to: toToks.map((t) => t.text), except, origin: originOf('forward plugin', d.name) };
}

/** `[scheme://]zone[:port]` → normalized zones (a CIDR expands to its reverse zones), port, transport. */
export function parseServerKey(key: string): { zones: string[]; port: number; transport: string } | undefined {
  let rest = key;
  let transport = 'dns';
  const scheme = /^([a-z0-9]+):\/\//.exec(rest);
  if (scheme) {
    transport = scheme[1]!;
    rest = rest.slice(scheme[0].length);
  }
  let port = transport === 'tls' ? 853 : transport === 'https' ? 443 : transport === 'grpc' ? 443 : 53;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && /^[0-9]+$/.test(rest.slice(colon + 1)) && !rest.includes('/')) {
    port = Number(rest.slice(colon + 1));
    rest = rest.slice(0, colon);
  } else if (colon >= 0 && rest.includes('/') && /^[0-9]+$/.test(rest.slice(colon + 1)) && rest.indexOf('/') < colon) {
    port = Number(rest.slice(colon + 1));
    rest = rest.slice(0, colon);
  }
  if (rest === '') rest = '.';
  const zones = zoneNames(rest);
  return zones ? { zones, port, transport } : undefined;
}

/** A zone as written → lower-case FQDN(s); a CIDR becomes the reverse zones it covers. */
export function zoneNames(text: string): string[] | undefined {
  if (text.includes('/')) {
    const c = parseCidr(text);
    if (!c) return undefined;
    return reverseZonesOf(c.family, c.first.value, c.prefix);
  }
  if (text === '.' || text === '') return ['.'];
  if (!/^[A-Za-z0-9_*.-]+\.?$/.test(text) || text.includes('..')) return undefined;
  return [canonicalName(text)];
}

function reverseZonesOf(family: 4 | 6, first: number | bigint, prefix: number): string[] {
  const step = family === 4 ? 8 : 4;
  const rounded = Math.ceil(prefix / step) * step;
  const count = 2 ** Math.min(rounded - prefix, 8);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const name =
      family === 4
        ? reverseNameOf({ family: 4, value: (first as number) + i * 2 ** (32 - rounded) })
        : reverseNameOf({ family: 6, value: (first as bigint) + BigInt(i) * 2n ** BigInt(128 - rounded) });
    // Keep only the labels covering the prefix.
    const labels = name.split('.');
    const keepFromEnd = (family === 4 ? rounded / 8 : rounded / 4) + 2; // + in-addr/ip6 + arpa
    out.push(`${labels.slice(labels.length - 1 - keepFromEnd, labels.length - 1).join('.')}.`);
  }
  return out;
}
