import { type DnsOrigin, defaultOrigin } from './dns-types.js';

/**
 * The node's own resolv.conf (the file the kubelet's `resolvConf` setting names): the base of every
 * `dnsPolicy: Default` pod's resolv.conf, the host part of a ClusterFirst pod's search list, and
 * where CoreDNS's `forward . /etc/resolv.conf` sends what it does not answer (CoreDNS pods run
 * with dnsPolicy Default). Manifests do not say what it holds, so kflow assumes one upstream
 * nameserver and no search domains unless told otherwise.
 */
export interface NodeResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
  readonly origin: DnsOrigin;
}

/** Stands for the node's upstream nameserver, whose address manifests do not give. */
export const NODE_UPSTREAM_NAMESERVER = 'node-upstream';

export const DEFAULT_NODE_RESOLV_CONF: NodeResolvConf = {
  nameservers: [NODE_UPSTREAM_NAMESERVER],
  searches: [],
  options: [],
  origin: defaultOrigin('node resolv.conf (assumed: one upstream nameserver, no search domains)'),
};

/**
 * Parses resolv.conf text as the kubelet does (pkg/kubelet/network/dns/dns.go `parseResolvConf`):
 * `nameserver` lines accumulate, the last `search` line wins (trailing dots trimmed), the last
 * `options` line wins; `#` lines are comments. A `nameserver` line without an address is an error.
 */
export function parseResolvConf(text: string): { nameservers: string[]; searches: string[]; options: string[]; errors: string[] } {
  const nameservers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  const errors: string[] = [];
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/).filter((f) => f !== '');
    if (fields.length === 0) continue;
    if (fields[0] === 'nameserver') {
      if (fields.length >= 2) nameservers.push(fields[1]!);
      else errors.push('nameserver list is empty');
    }
    if (fields[0] === 'search') searches = fields.slice(1).map((s) => s.replace(/\.$/, ''));
    if (fields[0] === 'options') options = fields.slice(1);
  }
  return { nameservers, searches, options, errors };
}

/** A node resolv.conf from text (e.g. a file the user points kflow at). */
export function nodeResolvConfFromText(text: string, origin: DnsOrigin): NodeResolvConf & { errors: string[] } {
  const p = parseResolvConf(text);
  return { nameservers: p.nameservers, searches: p.searches, options: p.options, origin, errors: p.errors };
}
