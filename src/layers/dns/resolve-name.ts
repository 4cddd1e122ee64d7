import type { PodModel } from '../../model/objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { parseIp } from '../../net/ip.js';
import { type ServerAnswer, answerQuery } from './coredns-server.js';
import { countDots, labelsOf, reverseNameOf, toFqdn } from './dns-names.js';
import { type DnsModel, type DnsOptions, buildDnsModel, isClusterDnsAddress, podResolvConf } from './dns-model.js';
import type { DnsOrigin, DnsRecord, DnsRecordType, ServerRcode } from './dns-types.js';
import { NODE_UPSTREAM_NAMESERVER } from './node-resolv-conf.js';
import type { PodResolvConf } from './pod-resolv-conf.js';
import { type StubReply, runStubSearch } from './stub-resolver.js';

/**
 * A name looked up from a pod, end to end: the pod's resolv.conf (kubelet), the names its stub
 * resolver sends in order (glibc or musl search rules), and what the nameserver — CoreDNS, for
 * the cluster DNS address — answers each one (kubernetes plugin, fallthrough, forward).
 *
 * Semantics of what kflow cannot see: a name CoreDNS forwards upstream (or any name sent to a
 * nameserver that is not the cluster's) gets a reply that is not in the manifests. Such a query
 * is reported with `forwarded: true`, `rcode: "NOERROR"` and no answers: kflow assumes the
 * upstream answers it and the search stops there (with `assumeUpstream: "nxdomain"` the search
 * goes on instead). One exception: a single-label name (`api.`) forwarded upstream asks for a
 * top-level domain as a host, which no public DNS answers; kflow takes it as NXDOMAIN. SERVFAIL and REFUSED (only from a Corefile that handles no such name) are
 * reported as `rcode: "NXDOMAIN"` — the name did not resolve — with `status` saying which.
 */

export interface DnsQuery {
  /** The pod asking, or its `ns/name`. */
  readonly pod: PodModel | string;
  /** A name, or (with type PTR) an IP address or a reverse name. */
  readonly name: string;
  readonly type: DnsRecordType;
}

export interface DnsQueryStep {
  /** The FQDN sent. */
  readonly name: string;
  readonly nameserver: string;
  /** `cluster-dns`: the nameserver reaches CoreDNS; `external`: any other (reply unknown). */
  readonly server: 'cluster-dns' | 'external';
  readonly reply: StubReply;
  readonly rcode: ServerRcode | 'unknown';
  readonly answers: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
  readonly handledBy: 'kubernetes' | 'forward' | 'none' | 'external';
  readonly zone: string | undefined;
  readonly forwardedTo: readonly string[] | undefined;
  readonly reason: string;
  readonly derivedFrom: readonly DnsOrigin[];
}

export type DnsStatus = 'answered' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'forwarded' | 'no-nameserver';

export interface DnsResolution {
  /** `ns/name` of the pod. */
  readonly pod: string;
  readonly name: string;
  readonly type: DnsRecordType;
  /** The names the pod's stub resolver sends, in order, up to the first answered one. */
  readonly tried: readonly string[];
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  readonly answers: readonly DnsRecord[];
  /** SRV targets' addresses (the additional section). */
  readonly additionals: readonly DnsRecord[];
  readonly status: DnsStatus;
  /** The answer (or part of it: a CNAME target) came from outside the cluster and is unknown to kflow. */
  readonly forwarded: boolean;
  readonly forwardedTo?: readonly string[];
  /** The step that ended the lookup with an answer. */
  readonly answeredBy?: { readonly name: string; readonly nameserver: string; readonly server: 'cluster-dns' | 'external'; readonly handledBy: string; readonly zone: string | undefined };
  /** Why the result is what it is (for NXDOMAIN: why each name failed). */
  readonly reason: string;
  readonly steps: readonly DnsQueryStep[];
  /** `search`: res_search over the search list; `reverse`: an address looked up by PTR (gethostbyaddr: one absolute query). */
  readonly lookup: 'search' | 'reverse';
  /** Why the names were tried in this order (ndots, trailing dot, reverse lookup). */
  readonly searchRule: string;
  readonly stubResolver: 'glibc' | 'musl';
  readonly resolvConf: PodResolvConf;
}

/** Looks a name up from a pod. Pass `model` (from buildDnsModel) to answer many queries over one snapshot. */
export function resolveName(snapshot: Snapshot, query: DnsQuery, options: DnsOptions & { readonly model?: DnsModel } = {}): DnsResolution {
  const model = options.model ?? buildDnsModel(snapshot, options);
  const pod = typeof query.pod === 'string' ? model.snapshot.podsByKey.get(query.pod) : query.pod;
  if (!pod) throw new Error(`resolveName: no pod ${String(query.pod)}`);
  const resolvConf = podResolvConf(model, pod);
  const reverseIp = query.type === 'PTR' ? parseIp(query.name.replace(/\.$/, '')) : undefined;
  const searchRule = describeSearchRule(query.name, reverseIp !== undefined, resolvConf, model.stubResolver);
  const base = { pod: pod.key, name: query.name, type: query.type, stubResolver: model.stubResolver, resolvConf, searchRule };

  const nameserver = resolvConf.nameservers[0]?.value;
  if (nameserver === undefined) {
    return {
      ...base,
      tried: [],
      rcode: 'NXDOMAIN',
      answers: [],
      additionals: [],
      status: 'no-nameserver',
      forwarded: false,
      reason: 'the pod\'s resolv.conf has no nameserver: the stub resolver falls back to 127.0.0.1, where nothing in the pod listens',
      steps: [],
      lookup: 'search',
    };
  }
  const toCluster = isClusterDnsAddress(model, nameserver);

  const ask = (fqdn: string): { reply: StubReply; result: DnsQueryStep } => {
    if (!toCluster) {
      const upstreamNote = nameserver === NODE_UPSTREAM_NAMESERVER ? 'the node\'s upstream nameserver' : `${nameserver}, which is not the cluster DNS`;
      return {
        reply: 'unknown',
        result: {
          name: fqdn,
          nameserver,
          server: 'external',
          reply: 'unknown',
          rcode: 'unknown',
          answers: [],
          additionals: [],
          handledBy: 'external',
          zone: undefined,
          forwardedTo: [nameserver],
          reason: `sent to ${upstreamNote}: its answer is not in the manifests`,
          derivedFrom: [resolvConf.nameservers[0]!.origin],
        },
      };
    }
    const a = answerQuery(model.server, fqdn, query.type);
    if (a.outcome === 'forwarded' && labelsOf(fqdn).length === 1) {
      // A single label sent upstream asks the root for a top-level domain as a host name; none answers.
      const step = stepOf(fqdn, nameserver, a, 'nxdomain');
      return { reply: 'nxdomain', result: { ...step, rcode: 'NXDOMAIN', reason: `${a.reason}; a single-label name is a top-level domain, which has no address records, so kflow takes the upstream's answer as NXDOMAIN` } };
    }
    const reply = replyOf(a);
    return { reply, result: stepOf(fqdn, nameserver, a, reply) };
  };

  // PTR for an address: gethostbyaddr sends the reverse name once, absolute, no search list.
  const ip = reverseIp;
  const lookup: 'search' | 'reverse' = ip ? 'reverse' : 'search';
  const search = ip
    ? runStubSearch(reverseNameOf(ip), { ndots: 0, searches: [], flavor: model.stubResolver, noTldQuery: false, assumeUnknown: model.assumeUpstream }, ask)
    : runStubSearch(query.name, {
        ndots: resolvConf.ndots,
        searches: resolvConf.searches.map((s) => s.value),
        flavor: model.stubResolver,
        noTldQuery: resolvConf.options.some((o) => o.value === 'no-tld-query'),
        assumeUnknown: model.assumeUpstream,
      }, ask);

  const steps = search.queries.map((q) => q.result);
  const tried = steps.map((s) => s.name);
  if (search.answeredAt !== undefined) {
    const s = steps[search.answeredAt]!;
    const forwarded = s.reply === 'unknown' || (s.forwardedTo !== undefined && s.forwardedTo.length > 0);
    return {
      ...base,
      tried,
      rcode: 'NOERROR',
      answers: s.answers,
      additionals: s.additionals,
      status: s.reply === 'unknown' ? 'forwarded' : 'answered',
      forwarded,
      ...(forwarded && s.forwardedTo ? { forwardedTo: s.forwardedTo } : {}),
      answeredBy: { name: s.name, nameserver: s.nameserver, server: s.server, handledBy: s.handledBy, zone: s.zone },
      reason: s.reason,
      steps,
      lookup,
    };
  }
  const status: DnsStatus = search.final === 'nodata' ? 'nodata' : search.final === 'servfail' ? 'servfail' : search.final === 'refused' ? 'refused' : 'nxdomain';
  const first = steps[0];
  const nodataStep = steps.find((s) => s.reply === 'nodata');
  return {
    ...base,
    tried,
    rcode: status === 'nodata' ? 'NOERROR' : 'NXDOMAIN',
    answers: [],
    additionals: [],
    status,
    forwarded: false,
    reason:
      status === 'nodata' && nodataStep
        ? `${nodataStep.name} exists but has no ${query.type} record: ${nodataStep.reason}`
        : `none of the ${steps.length} name(s) tried resolved${first ? ` (${first.name}: ${first.reason})` : ''}`,
    steps,
    lookup,
  };
}

function replyOf(a: ServerAnswer): StubReply {
  switch (a.outcome) {
    case 'answer':
      return 'answer';
    case 'nodata':
      return 'nodata';
    case 'nxdomain':
      return 'nxdomain';
    case 'forwarded':
      return 'unknown';
    case 'servfail':
      return 'servfail';
    case 'refused':
      return 'refused';
  }
}

function stepOf(name: string, nameserver: string, a: ServerAnswer, reply: StubReply): DnsQueryStep {
  return {
    name,
    nameserver,
    server: 'cluster-dns',
    reply,
    rcode: a.outcome === 'forwarded' ? 'unknown' : a.rcode,
    answers: a.answers,
    additionals: a.additionals,
    handledBy: a.handledBy,
    zone: a.zone,
    forwardedTo: a.forwardedTo,
    reason: a.reason,
    derivedFrom: a.derivedFrom,
  };
}

/** The reverse name for an address or a name as given (PTR queries accept both). */
export function ptrQueryName(nameOrIp: string): string {
  const ip = parseIp(nameOrIp.replace(/\.$/, ''));
  return ip ? reverseNameOf(ip) : toFqdn(nameOrIp);
}

function describeSearchRule(name: string, reverse: boolean, rc: PodResolvConf, flavor: 'glibc' | 'musl'): string {
  if (reverse) return 'an address: the reverse name is sent once, absolute (gethostbyaddr does not use the search list)';
  if (name.endsWith('.')) return 'a trailing dot makes the name absolute: it is sent once, as is';
  const dots = countDots(name);
  const n = `${dots} dot${dots === 1 ? '' : 's'}`;
  const domains = rc.searches.length;
  if (domains === 0) return `${n}, no search domains: the name is sent as is`;
  if (dots >= rc.ndots) {
    return flavor === 'musl'
      ? `${n} ≥ ndots ${rc.ndots}: musl sends it as is only`
      : `${n} ≥ ndots ${rc.ndots}: sent as is first, then with each of the ${domains} search domains`;
  }
  return `${n} < ndots ${rc.ndots}: each of the ${domains} search domains first, then the name as is`;
}

/** The addresses a lookup ended with (A and AAAA records, after any CNAME): what a connection would use. */
export function answerAddresses(r: DnsResolution): string[] {
  return r.answers.filter((a) => a.type === 'A' || a.type === 'AAAA').map((a) => a.data);
}
