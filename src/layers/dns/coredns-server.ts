import type { ClusterZoneData } from './cluster-zone.js';
import type { CoreDnsConfig, CoreDnsServerBlock, ForwardPluginConfig } from './coredns-config.js';
import { isInZone, toFqdn } from './dns-names.js';
import type { DnsOrigin, DnsRecord, DnsRecordType, ServerRcode } from './dns-types.js';
import { type PluginAnswer, answerKubernetesQuery, pluginZoneFor } from './kubernetes-plugin.js';
import type { NodeResolvConf } from './node-resolv-conf.js';

/**
 * CoreDNS answering one query (core/dnsserver): the query goes to the server block on port 53
 * whose zone is the longest match (none: REFUSED); inside it plugins run in plugin.cfg order, so
 * `kubernetes` (for names in its zones) comes before `forward`. The kubernetes plugin's NXDOMAIN
 * is final unless `fallthrough` covers the name. `forward FROM TO...` takes names under FROM
 * (minus `except`) and sends them upstream: kflow cannot know the upstream's answer and says so
 * (`outcome: forwarded`). A query no plugin handles gets SERVFAIL.
 */

export interface ServerAnswer {
  readonly rcode: ServerRcode;
  /** `forwarded`: sent upstream, answer unknown to kflow. */
  readonly outcome: 'answer' | 'nodata' | 'nxdomain' | 'forwarded' | 'servfail' | 'refused';
  readonly answers: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
  readonly handledBy: 'kubernetes' | 'forward' | 'none';
  /** The zone that answered: the kubernetes plugin's zone, or the forward plugin's FROM. */
  readonly zone: string | undefined;
  /** Upstream nameservers, when forwarded (also when a CNAME target was). */
  readonly forwardedTo: readonly string[] | undefined;
  readonly reason: string;
  readonly derivedFrom: readonly DnsOrigin[];
}

export interface CoreDnsServer {
  readonly config: CoreDnsConfig;
  readonly data: ClusterZoneData;
  /** Addresses of CoreDNS's own Service (answers for `ns.dns.<zone>`). */
  readonly nameserverAddresses: readonly string[];
  /** CoreDNS pods use dnsPolicy Default: `/etc/resolv.conf` in a Corefile is the node's. */
  readonly nodeResolvConf: NodeResolvConf;
}

const MAX_UPSTREAM_DEPTH = 8;

/** The server block a query on port 53 reaches (longest zone match among plain-DNS blocks). */
export function serverBlockFor(config: CoreDnsConfig, qname: string): { block: CoreDnsServerBlock; zone: string } | undefined {
  let best: { block: CoreDnsServerBlock; zone: string } | undefined;
  for (const block of config.serverBlocks) {
    if (block.port !== 53 || block.transport !== 'dns') continue;
    for (const z of block.zones) {
      if (isInZone(qname, z) && (!best || z.length > best.zone.length)) best = { block, zone: z };
    }
  }
  return best;
}

export function answerQuery(server: CoreDnsServer, qname: string, qtype: DnsRecordType, depth = 0): ServerAnswer {
  const name = toFqdn(qname);
  const routed = serverBlockFor(server.config, name);
  if (!routed) {
    return {
      rcode: 'REFUSED',
      outcome: 'refused',
      answers: [],
      additionals: [],
      handledBy: 'none',
      zone: undefined,
      forwardedTo: undefined,
      reason: `no server block on port 53 serves ${name} (zones: ${server.config.serverBlocks.flatMap((b) => b.zones).join(' ') || 'none'})`,
      derivedFrom: [server.config.origin],
    };
  }
  const { block } = routed;
  let passed: PluginAnswer | undefined;
  if (block.kubernetes && pluginZoneFor(block.kubernetes, name) !== undefined) {
    const k = answerKubernetesQuery(
      {
        config: block.kubernetes,
        data: server.data,
        nameserverAddresses: server.nameserverAddresses,
        upstream: (target, type) => {
          if (depth >= MAX_UPSTREAM_DEPTH) return { answers: [], forwarded: false, forwardedTo: undefined };
          const a = answerQuery(server, target, type, depth + 1);
          return { answers: a.answers, forwarded: a.outcome === 'forwarded' || a.forwardedTo !== undefined, forwardedTo: a.forwardedTo };
        },
      },
      name,
      qtype,
    );
    const zone = pluginZoneFor(block.kubernetes, name);
    if (k.outcome !== 'fallthrough') {
      const upstreamForwarded = k.upstreamLookups.find((u) => u.forwarded);
      return {
        rcode: k.outcome === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR',
        outcome: k.outcome,
        answers: k.answers,
        additionals: k.additionals,
        handledBy: 'kubernetes',
        zone,
        forwardedTo: upstreamForwarded?.forwardedTo,
        reason: k.reason,
        derivedFrom: k.derivedFrom,
      };
    }
    passed = k;
  }
  const fwd = block.forwards.find((f) => forwardMatches(f, name));
  if (fwd) {
    const to = resolveForwardTargets(server, fwd);
    return {
      rcode: 'NOERROR',
      outcome: 'forwarded',
      answers: [],
      additionals: [],
      handledBy: 'forward',
      zone: fwd.from,
      forwardedTo: to,
      reason: `${passed ? `${passed.reason}; ` : ''}forwarded to ${to.join(', ')} (forward ${fwd.from} ${fwd.to.join(' ')}): the upstream's answer is not in the manifests`,
      derivedFrom: [...(passed?.derivedFrom ?? []), fwd.origin],
    };
  }
  return {
    rcode: 'SERVFAIL',
    outcome: 'servfail',
    answers: [],
    additionals: [],
    handledBy: 'none',
    zone: routed.zone,
    forwardedTo: undefined,
    reason: `${passed ? `${passed.reason}; ` : ''}no plugin of the server block for ${routed.zone} handles ${name} (no matching forward): CoreDNS answers SERVFAIL`,
    derivedFrom: [...(passed?.derivedFrom ?? []), block.origin],
  };
}

function forwardMatches(f: ForwardPluginConfig, name: string): boolean {
  if (!isInZone(name, f.from)) return false;
  if (toFqdn(name).toLowerCase() === f.from) return true;
  return !f.except.some((e) => isInZone(name, e));
}

/** `/etc/resolv.conf` (or any file) stands for the CoreDNS pod's resolv.conf: the node's nameservers. */
function resolveForwardTargets(server: CoreDnsServer, f: ForwardPluginConfig): string[] {
  return f.to.flatMap((t) => (t.startsWith('/') ? server.nodeResolvConf.nameservers : [t]));
}
