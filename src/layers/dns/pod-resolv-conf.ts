import type { PodModel } from '../../model/objects.js';
import type { Provenance } from '../../model/provenance.js';
import type { ClusterDnsSettings } from './cluster-dns-settings.js';
import { type DnsOrigin, originAt } from './dns-types.js';
import type { NodeResolvConf } from './node-resolv-conf.js';

/**
 * A pod's /etc/resolv.conf as the kubelet writes it (pkg/kubelet/network/dns/dns.go `GetPodDNS`),
 * every line with the setting it came from:
 * - dnsPolicy (API default ClusterFirst) picks the base: `ClusterFirst` (not on the host network)
 *   and `ClusterFirstWithHostNet` use the cluster DNS server(s), the search list
 *   `<ns>.svc.<domain> svc.<domain> <domain>` followed by the node's search list, and `ndots:5`;
 *   `Default` (and ClusterFirst on the host network) copies the node's resolv.conf; `None` starts empty.
 *   Without a cluster DNS address the kubelet falls back from ClusterFirst to Default.
 * - dnsConfig is appended: nameservers and searches without duplicates, options merged by name
 *   (the pod's value wins).
 * - Limits: at most 3 nameservers; search paths longer than 253 characters are dropped, at most
 *   32 are kept and the line is cut from the end to 2048 characters (MaxDNSSearchPaths,
 *   MaxDNSSearchListChars of pkg/apis/core/validation, ExpandedDNSConfig GA in 1.28).
 */

export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

export interface ResolvEntry {
  readonly value: string;
  readonly origin: DnsOrigin;
}

export interface PodResolvConf {
  /** `ns/name`. */
  readonly pod: string;
  readonly dnsPolicy: DnsPolicy;
  readonly dnsPolicyOrigin: DnsOrigin;
  /** The kubelet's podDNSType: cluster DNS, the node's settings, or none. */
  readonly mode: 'cluster' | 'host' | 'none';
  readonly nameservers: readonly ResolvEntry[];
  readonly searches: readonly ResolvEntry[];
  readonly options: readonly ResolvEntry[];
  /** The stub resolver's ndots: the last `ndots:n` option (capped at 15), else 1 (glibc's default). */
  readonly ndots: number;
  /** Why the file looks as it does, in order. */
  readonly decisions: readonly { readonly decision: string; readonly origin: DnsOrigin }[];
  /** What the kubelet warns about (events `DNSConfigForming`, `MissingClusterDNS`) or the API server rejects. */
  readonly warnings: readonly string[];
}

export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;
/** DNS1123SubdomainMaxLength: the kubelet drops longer search paths (glibc aborts on them). */
export const MAX_DNS_SEARCH_PATH_LENGTH = 253;
/** glibc RES_MAXNDOTS. */
export const MAX_NDOTS = 15;

/** Locates a field of the pod's spec (`['dnsPolicy']`, `['dnsConfig', 'searches', 0]`) in its manifest. */
export type PodSpecLocator = (path: readonly (string | number)[]) => Provenance;

export function buildPodResolvConf(pod: PodModel, settings: ClusterDnsSettings, node: NodeResolvConf, locate: PodSpecLocator, objectId: string): PodResolvConf {
  const decisions: { decision: string; origin: DnsOrigin }[] = [];
  const warnings: string[] = [];
  const at = (what: string, path: readonly (string | number)[]): DnsOrigin => originAt(what, locate(path), objectId);

  const dnsPolicy: DnsPolicy = isDnsPolicy(pod.dnsPolicy) ? pod.dnsPolicy : 'ClusterFirst';
  const dnsPolicyOrigin = pod.dnsPolicy === undefined ? at('dnsPolicy (unset: the API server defaults it to ClusterFirst)', ['dnsPolicy']) : at(`dnsPolicy ${dnsPolicy}`, ['dnsPolicy']);
  decisions.push({ decision: pod.dnsPolicy === undefined ? 'dnsPolicy is unset, so ClusterFirst (API default)' : `dnsPolicy is ${dnsPolicy}`, origin: dnsPolicyOrigin });

  let mode: 'cluster' | 'host' | 'none';
  if (dnsPolicy === 'None') mode = 'none';
  else if (dnsPolicy === 'ClusterFirstWithHostNet') mode = 'cluster';
  else if (dnsPolicy === 'ClusterFirst' && !pod.hostNetwork) mode = 'cluster';
  else mode = 'host';
  if (dnsPolicy === 'ClusterFirst' && pod.hostNetwork) {
    decisions.push({ decision: 'the pod uses the host network, so ClusterFirst falls back to the node\'s resolv.conf (use ClusterFirstWithHostNet for cluster DNS)', origin: at('hostNetwork: true', ['hostNetwork']) });
  }

  let nameservers: ResolvEntry[] = [];
  let searches: ResolvEntry[] = [];
  let options: ResolvEntry[] = [];
  const nodeEntries = (values: readonly string[]): ResolvEntry[] => values.map((value) => ({ value, origin: node.origin }));

  if (mode === 'cluster' && settings.clusterDNS.length === 0) {
    warnings.push(`MissingClusterDNS: kubelet does not have ClusterDNS IP configured and cannot create Pod using "${dnsPolicy}" policy. Falling back to "Default" policy.`);
    decisions.push({ decision: 'the kubelet has no cluster DNS address, so the pod gets the node\'s resolv.conf (MissingClusterDNS)', origin: settings.clusterDomainOrigin });
    mode = 'host';
  }
  if (mode === 'none') {
    decisions.push({ decision: 'dnsPolicy None: the kubelet starts from an empty resolv.conf; only dnsConfig counts', origin: dnsPolicyOrigin });
  } else if (mode === 'cluster') {
    nameservers = settings.clusterDNS.map((c) => ({ value: c.ip, origin: c.origin }));
    decisions.push({ decision: `nameserver: the cluster DNS address${settings.clusterDNS.length > 1 ? 'es' : ''} ${settings.clusterDNS.map((c) => c.ip).join(', ')}`, origin: settings.clusterDNS[0]!.origin });
    if (settings.clusterDomain !== '') {
      const d = settings.clusterDomain;
      searches = [`${pod.namespace}.svc.${d}`, `svc.${d}`, d].map((value) => ({ value, origin: settings.clusterDomainOrigin }));
      decisions.push({ decision: `search: ${pod.namespace}.svc.${d} svc.${d} ${d} (namespace and cluster domain ${d}), then the node's search list`, origin: settings.clusterDomainOrigin });
    } else {
      decisions.push({ decision: 'no cluster domain: the search list is the node\'s only', origin: settings.clusterDomainOrigin });
    }
    searches = omitDuplicates([...searches, ...nodeEntries(node.searches)]);
    options = [{ value: 'ndots:5', origin: originAt('kubelet default option ndots:5 for cluster DNS', { file: '<kubelet default>', line: 0, column: 0, path: '' }) }];
    decisions.push({ decision: 'options: ndots:5 (the kubelet replaces the node\'s options for cluster DNS)', origin: options[0]!.origin });
  } else {
    nameservers = nodeEntries(node.nameservers);
    searches = nodeEntries(node.searches);
    options = nodeEntries(node.options);
    decisions.push({ decision: `nameservers, search and options copied from the node's resolv.conf (${node.nameservers.join(', ') || 'no nameserver'})`, origin: node.origin });
  }

  const cfg = pod.dnsConfig;
  if (cfg) {
    if (cfg.nameservers.length > 0) {
      nameservers = omitDuplicates([...nameservers, ...cfg.nameservers.map((value, i) => ({ value, origin: at('dnsConfig.nameservers', ['dnsConfig', 'nameservers', i]) }))]);
      decisions.push({ decision: `dnsConfig adds nameserver(s) ${cfg.nameservers.join(', ')}`, origin: at('dnsConfig.nameservers', ['dnsConfig', 'nameservers']) });
    }
    if (cfg.searches.length > 0) {
      searches = omitDuplicates([...searches, ...cfg.searches.map((value, i) => ({ value, origin: at('dnsConfig.searches', ['dnsConfig', 'searches', i]) }))]);
      decisions.push({ decision: `dnsConfig adds search domain(s) ${cfg.searches.join(' ')}`, origin: at('dnsConfig.searches', ['dnsConfig', 'searches']) });
    }
    if (cfg.options.length > 0) {
      options = mergeOptions(options, cfg.options.map((o, i) => ({ name: o.name, value: o.value, origin: at(`dnsConfig.options ${o.name}`, ['dnsConfig', 'options', i]) })));
      decisions.push({ decision: `dnsConfig sets option(s) ${cfg.options.map((o) => (o.value !== undefined && o.value !== '' ? `${o.name}:${o.value}` : o.name)).join(' ')} (a pod option overrides one of the same name)`, origin: at('dnsConfig.options', ['dnsConfig', 'options']) });
    }
  }
  if (dnsPolicy === 'None' && (!cfg || cfg.nameservers.length === 0)) {
    warnings.push('dnsPolicy None needs dnsConfig with at least one nameserver; the API server rejects this pod (spec.dnsConfig: Required value)');
  }

  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    nameservers = nameservers.slice(0, MAX_DNS_NAMESERVERS);
    warnings.push(`DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.map((n) => n.value).join(' ')}`);
  }
  const fitted = fitSearchLimits(searches.map((s) => s.value));
  if (fitted.exceeded) {
    const kept = new Set<number>(fitted.keptIndexes);
    searches = searches.filter((_, i) => kept.has(i));
    warnings.push(`DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.map((s) => s.value).join(' ')}`);
  }

  return { pod: pod.key, dnsPolicy, dnsPolicyOrigin, mode, nameservers, searches, options, ndots: ndotsOf(options.map((o) => o.value)), decisions, warnings };
}

function isDnsPolicy(s: string | undefined): s is DnsPolicy {
  return s === 'ClusterFirst' || s === 'ClusterFirstWithHostNet' || s === 'Default' || s === 'None';
}

function omitDuplicates(entries: readonly ResolvEntry[]): ResolvEntry[] {
  const seen = new Set<string>();
  const out: ResolvEntry[] = [];
  for (const e of entries) {
    if (seen.has(e.value)) continue;
    seen.add(e.value);
    out.push(e);
  }
  return out;
}

/**
 * kubelet `mergeDNSOptions`: options keyed by name, the pod's value replacing an existing one.
 * The kubelet goes through a Go map, so its order is random; kflow keeps the existing options'
 * order and appends new names in the order the pod gives them.
 */
export function mergeOptions(existing: readonly ResolvEntry[], added: readonly { name: string; value: string | undefined; origin: DnsOrigin }[]): ResolvEntry[] {
  const out: ResolvEntry[] = [...existing];
  const nameOf = (v: string): string => {
    const i = v.indexOf(':');
    return i < 0 ? v : v.slice(0, i);
  };
  for (const a of added) {
    const value = a.value !== undefined && a.value !== '' ? `${a.name}:${a.value}` : a.name;
    const i = out.findIndex((e) => nameOf(e.value) === a.name);
    if (i >= 0) out[i] = { value, origin: a.origin };
    else out.push({ value, origin: a.origin });
  }
  return out;
}

/**
 * kubelet `formDNSSearchFitsLimits`: keep at most 32 paths, drop paths over 253 characters, then cut
 * whole paths from the end until the line is at most 2048 characters. Returns the kept indexes.
 */
export function fitSearchLimits(searches: readonly string[]): { keptIndexes: number[]; exceeded: boolean } {
  let exceeded = false;
  let idx = searches.map((_, i) => i);
  if (idx.length > MAX_DNS_SEARCH_PATHS) {
    idx = idx.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  const short = idx.filter((i) => searches[i]!.length <= MAX_DNS_SEARCH_PATH_LENGTH);
  if (short.length !== idx.length) exceeded = true;
  idx = short;
  const lineLength = (ix: readonly number[]): number => ix.map((i) => searches[i]!).join(' ').length;
  const total = lineLength(idx);
  if (total > MAX_DNS_SEARCH_LIST_CHARS) {
    let cut = 0;
    let cutLen = 0;
    for (let k = idx.length - 1; k >= 0; k--) {
      cutLen += searches[idx[k]!]!.length + 1;
      cut++;
      if (total - cutLen <= MAX_DNS_SEARCH_LIST_CHARS) break;
    }
    idx = idx.slice(0, idx.length - cut);
    exceeded = true;
  }
  return { keptIndexes: idx, exceeded };
}

/** glibc: the last `ndots:n` wins, capped at RES_MAXNDOTS (15); 1 without the option. */
export function ndotsOf(options: readonly string[]): number {
  let ndots = 1;
  for (const o of options) {
    if (!o.startsWith('ndots:')) continue;
    const n = parseInt(o.slice('ndots:'.length), 10);
    ndots = Number.isNaN(n) || n < 0 ? 0 : Math.min(n, MAX_NDOTS);
  }
  return ndots;
}

/** The file as the pod sees it. */
export function renderResolvConf(rc: PodResolvConf): string {
  const lines: string[] = [];
  if (rc.searches.length > 0) lines.push(`search ${rc.searches.map((s) => s.value).join(' ')}`);
  for (const n of rc.nameservers) lines.push(`nameserver ${n.value}`);
  if (rc.options.length > 0) lines.push(`options ${rc.options.map((o) => o.value).join(' ')}`);
  return lines.join('\n');
}
