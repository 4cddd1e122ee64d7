import type { ServiceModel } from '../../model/service-objects.js';
import { formatIp, parseIp } from '../../net/ip.js';
import type { ClusterZoneData } from './cluster-zone.js';
import type { KubernetesPluginConfig } from './coredns-config.js';
import type { DnsEndpointAddress } from './dns-endpoints.js';
import { canonicalName, dashedAddress, ipFromReverseName, isInZone, isReverseName, joinName, labelsBelowZone, namesEqual, toFqdn } from './dns-names.js';
import { type DnsOrigin, type DnsRecord, type DnsRecordType, originAt } from './dns-types.js';

/**
 * The CoreDNS `kubernetes` plugin's answer to one query in one of its zones
 * (plugin/kubernetes/handler.go, kubernetes.go, parse.go, reverse.go, and the record builders of
 * plugin/backend_lookup.go), which implements the Kubernetes DNS-Based Service Discovery
 * specification (kubernetes/dns docs/specification.md):
 * - `<svc>.<ns>.svc.<zone>`: a ClusterIP Service's ClusterIPs (§2.3.1); a headless Service's ready
 *   endpoint addresses (§2.4.1; none: NXDOMAIN); an ExternalName Service's CNAME (§2.5).
 * - `<hostname>.<svc>.<ns>.svc.<zone>`: the endpoints with that hostname (§2.4.1); an endpoint
 *   without one is named by its dashed address (`10-244-1-5`).
 * - `_<port>._<proto>.<svc>.<ns>.svc.<zone>` SRV: per named port, target the Service name
 *   (ClusterIP, §2.3.2) or each endpoint's name (headless, §2.4.2).
 * - `<a>-<b>-<c>-<d>.<ns>.pod.<zone>`: per the `pods` option (§2.6): disabled → NXDOMAIN,
 *   insecure → the address in the name, verified → only if a pod in that namespace has it.
 * - PTR `<d>.<c>.<b>.<a>.in-addr.arpa`: a ClusterIP's Service (§2.3.3), else each endpoint with the
 *   address (§2.4.3).
 * - A name that exists with other types gets NOERROR and no records (NODATA): AAAA of an IPv4-only
 *   Service, SRV of a Service without ports, CNAME of a ClusterIP Service, `svc.<zone>`, `<ns>.svc.<zone>`.
 */

export interface PluginAnswer {
  /** `fallthrough`: NXDOMAIN in a zone listed by the `fallthrough` option; the next plugin decides. */
  readonly outcome: 'answer' | 'nodata' | 'nxdomain' | 'fallthrough';
  readonly answers: readonly DnsRecord[];
  /** Additional section (SRV targets' addresses). */
  readonly additionals: readonly DnsRecord[];
  readonly reason: string;
  readonly derivedFrom: readonly DnsOrigin[];
  /** CNAME targets CoreDNS resolved through its own upstream (the answer kflow cannot know). */
  readonly upstreamLookups: readonly UpstreamResult[];
}

/** How the plugin resolves a CNAME target outside its zone (CoreDNS `Upstream.Lookup`: the whole server again). */
export type UpstreamLookup = (name: string, type: DnsRecordType) => { readonly answers: readonly DnsRecord[]; readonly forwarded: boolean; readonly forwardedTo: readonly string[] | undefined };

export interface UpstreamResult {
  readonly name: string;
  readonly type: DnsRecordType;
  readonly answers: readonly DnsRecord[];
  readonly forwarded: boolean;
  readonly forwardedTo: readonly string[] | undefined;
}

/** One `msg.Service` the backend returns: an address or a name, with a port and an owner name. */
interface Entry {
  readonly host: string;
  readonly port: number;
  /** The name the entry lives at (SRV target / PTR data); an FQDN. */
  readonly domain: string;
  readonly origins: readonly DnsOrigin[];
}

type Lookup = { readonly ok: true; readonly entries: readonly Entry[]; readonly reason: string } | { readonly ok: false; readonly reason: string; readonly origins: readonly DnsOrigin[] };

interface RecordRequest {
  readonly port: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly service: string;
  readonly namespace: string;
  readonly podOrSvc: '' | 'svc' | 'pod';
}

const MAX_CNAME_CHAIN = 10;
/** The schema version CoreDNS reports at dns-version.<zone> (plugin/kubernetes DNSSchemaVersion). */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** Sentinel port of a Service or EndpointSlice without ports: addresses, but no SRV record. */
const NO_PORT = -1;

export interface KubernetesPluginContext {
  readonly config: KubernetesPluginConfig;
  readonly data: ClusterZoneData;
  /** Addresses of CoreDNS's own Service (`ns.dns.<zone>`). */
  readonly nameserverAddresses: readonly string[];
  readonly upstream: UpstreamLookup;
}

/** The zone of the plugin that serves `qname` (longest match), keeping the query's case. */
export function pluginZoneFor(config: KubernetesPluginConfig, qname: string): string | undefined {
  let best: string | undefined;
  for (const z of config.zones) if (isInZone(qname, z) && (best === undefined || z.length > best.length)) best = z;
  if (best === undefined) return undefined;
  const q = toFqdn(qname);
  return best === '.' ? '.' : q.slice(q.length - best.length);
}

export function answerKubernetesQuery(ctx: KubernetesPluginContext, qname: string, qtype: DnsRecordType): PluginAnswer {
  const zone = pluginZoneFor(ctx.config, qname);
  if (zone === undefined) throw new Error(`answerKubernetesQuery: ${qname} is not in the plugin's zones`);
  const name = toFqdn(qname);
  const base = { additionals: [] as DnsRecord[], upstreamLookups: [] as UpstreamResult[] };
  const pluginOrigin = ctx.config.origin;

  let records: DnsRecord[] = [];
  let failure: { reason: string; origins: readonly DnsOrigin[] } | undefined;
  let reason = '';
  let origins: DnsOrigin[] = [pluginOrigin];

  const take = (l: Lookup): readonly Entry[] | undefined => {
    if (!l.ok) {
      failure = { reason: l.reason, origins: l.origins };
      return undefined;
    }
    reason = l.reason;
    for (const e of l.entries) origins.push(...e.origins);
    return l.entries;
  };

  switch (qtype) {
    case 'A':
    case 'AAAA': {
      const r = addressRecords(ctx, zone, name, qtype, 0, base.upstreamLookups);
      if (!r.ok) failure = r;
      else {
        records = r.records;
        reason = r.reason;
        origins = [pluginOrigin, ...r.origins];
      }
      break;
    }
    case 'CNAME': {
      const entries = take(services(ctx, zone, name, qtype));
      const first = entries?.[0];
      if (first && parseIp(first.host) === undefined) records = [{ name, type: 'CNAME', data: toFqdn(first.host), derivedFrom: first.origins }];
      else if (entries) reason = entries.length === 0 ? reason : `${reason}; the name holds addresses, not a CNAME`;
      break;
    }
    case 'TXT': {
      const labels = labelsBelowZone(name, zone);
      if (labels.length === 1 && labels[0]!.toLowerCase() === 'dns-version') {
        records = [{ name, type: 'TXT', data: `"${DNS_SCHEMA_VERSION}"` }];
        reason = 'the DNS schema version (specification §2.2)';
        break;
      }
      const l = records_(ctx, zone, name);
      if (l.ok && l.entries.length > 0) reason = `${l.reason}; it has no TXT record`;
      else failure = l.ok ? { reason: 'only dns-version has a TXT record', origins: [] } : l;
      break;
    }
    case 'PTR': {
      const l = reverse(ctx, name);
      const entries = take(l);
      if (entries) {
        const seen = new Set<string>();
        for (const e of entries) {
          if (parseIp(e.host) !== undefined || seen.has(canonicalName(e.host))) continue;
          seen.add(canonicalName(e.host));
          records.push({ name, type: 'PTR', data: toFqdn(e.host), derivedFrom: e.origins });
        }
      }
      break;
    }
    case 'SRV': {
      const entries = take(services(ctx, zone, name, qtype));
      if (entries) {
        const srv = srvRecords(name, entries.filter((e) => parseIp(e.host) !== undefined));
        records = srv.records;
        base.additionals.push(...srv.additionals);
      }
      break;
    }
  }

  if (failure) {
    const through = ctx.config.fallthrough !== undefined && ctx.config.fallthrough.some((z) => isInZone(name, z));
    return {
      outcome: through ? 'fallthrough' : 'nxdomain',
      answers: [],
      ...base,
      reason: through ? `${failure.reason}; \`fallthrough\` passes the query on` : failure.reason,
      derivedFrom: [pluginOrigin, ...failure.origins],
    };
  }
  if (records.length === 0) {
    return { outcome: 'nodata', answers: [], ...base, reason: reason === '' ? 'the name exists but has no record of this type' : `${reason}; no ${qtype} record`, derivedFrom: dedupeOrigins(origins) };
  }
  return { outcome: 'answer', answers: records, ...base, reason, derivedFrom: dedupeOrigins(origins) };
}

/** plugin.A / plugin.AAAA with CNAME chasing (inside the zone directly, outside it through the upstream). */
function addressRecords(
  ctx: KubernetesPluginContext,
  zone: string,
  name: string,
  qtype: 'A' | 'AAAA',
  chain: number,
  upstreamLookups: UpstreamResult[],
): { ok: true; records: DnsRecord[]; reason: string; origins: DnsOrigin[] } | { ok: false; reason: string; origins: readonly DnsOrigin[] } {
  // The zone apex: CoreDNS looks for `apex.dns.<zone>`, finds nothing, and answers NODATA.
  const l = services(ctx, zone, name, qtype);
  if (!l.ok) return l;
  const records: DnsRecord[] = [];
  const origins: DnsOrigin[] = [];
  const seen = new Set<string>();
  let reason = l.reason;
  for (const e of l.entries) {
    const ip = parseIp(e.host);
    if (ip === undefined) {
      // An ExternalName: CNAME, then the target's addresses.
      if (namesEqual(e.host, name) || chain > MAX_CNAME_CHAIN) continue;
      const cname: DnsRecord = { name, type: 'CNAME', data: toFqdn(e.host), derivedFrom: e.origins };
      origins.push(...e.origins);
      if (isInZone(e.host, zone)) {
        const next = addressRecords(ctx, zone, toFqdn(e.host), qtype, chain + 1, upstreamLookups);
        if (next.ok && next.records.length > 0) {
          records.push(cname, ...next.records);
          origins.push(...next.origins);
          reason = `${reason}; ${next.reason}`;
        } else {
          reason = `${reason}; the CNAME target ${toFqdn(e.host)} has no ${qtype} record, so CoreDNS drops the CNAME`;
        }
        continue;
      }
      const up = ctx.upstream(toFqdn(e.host), qtype);
      upstreamLookups.push({ name: toFqdn(e.host), type: qtype, answers: up.answers, forwarded: up.forwarded, forwardedTo: up.forwardedTo });
      records.push(cname, ...up.answers);
      reason = up.forwarded ? `${reason}; CoreDNS resolves ${toFqdn(e.host)} through its upstream (answer unknown to kflow)` : reason;
      continue;
    }
    if ((qtype === 'A') !== (ip.family === 4)) continue;
    const text = formatIp(ip);
    if (seen.has(text)) continue;
    seen.add(text);
    records.push({ name, type: qtype, data: text, derivedFrom: e.origins });
    origins.push(...e.origins);
  }
  return { ok: true, records, reason, origins };
}

/** plugin.SRV: weights split 100 over the entries (CoreDNS counts them before dropping duplicates), additionals for targets. */
function srvRecords(name: string, entries: readonly Entry[]): { records: DnsRecord[]; additionals: DnsRecord[] } {
  const records: DnsRecord[] = [];
  const additionals: DnsRecord[] = [];
  const total = entries.length * 100;
  const seenSrv = new Set<string>();
  const seenAddr = new Set<string>();
  for (const e of entries) {
    if (e.port === NO_PORT) continue;
    const weight = Math.max(1, Math.floor((100 / total) * 100));
    const target = toFqdn(e.domain);
    const srvKey = `${canonicalName(target)} ${e.port}`;
    if (!seenSrv.has(srvKey)) {
      seenSrv.add(srvKey);
      records.push({ name, type: 'SRV', data: `0 ${weight} ${e.port} ${target}`, derivedFrom: e.origins });
    }
    const ip = parseIp(e.host)!;
    const addrKey = `${canonicalName(target)} ${e.host}`;
    if (!seenAddr.has(addrKey)) {
      seenAddr.add(addrKey);
      additionals.push({ name: target, type: ip.family === 4 ? 'A' : 'AAAA', data: formatIp(ip), derivedFrom: e.origins });
    }
  }
  return { records, additionals };
}

/** Kubernetes.Services: the backend entries for a name (TXT, NS aside), with SRV dropping CNAMEs. */
function services(ctx: KubernetesPluginContext, zone: string, name: string, qtype: DnsRecordType): Lookup {
  if (namesEqual(name, `ns.dns.${zone}`)) {
    const entries = ctx.nameserverAddresses.map((host) => ({ host, port: 0, domain: name, origins: [ctx.config.origin] }));
    return { ok: true, entries, reason: 'the cluster DNS Service\'s own address (ns.dns.<zone>)' };
  }
  const l = records_(ctx, zone, name);
  if (!l.ok || qtype !== 'SRV') return l;
  return { ...l, entries: l.entries.filter((e) => parseIp(e.host) !== undefined) };
}

/** Kubernetes.Records. */
function records_(ctx: KubernetesPluginContext, zone: string, name: string): Lookup {
  const parsed = parseRequest(name, zone);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, origins: [] };
  const r = parsed.request;
  if (r.podOrSvc === '') return { ok: true, entries: [], reason: `${name} is a structural name of zone ${zone}` };
  if (isReverseName(name)) return { ok: false, reason: `${name} is in a reverse zone: only PTR queries are answered there`, origins: [] };
  const exposed = namespaceExposed(ctx, r.namespace);
  if (!exposed.ok) return { ok: false, reason: exposed.reason, origins: exposed.origins };
  if (r.podOrSvc === 'pod') return findPods(ctx, r, zone, name);
  return findServices(ctx, r, zone);
}

function namespaceExposed(ctx: KubernetesPluginContext, namespace: string): { ok: true } | { ok: false; reason: string; origins: readonly DnsOrigin[] } {
  const listed = ctx.config.namespaces;
  if (listed.length > 0 && !listed.some((n) => n.toLowerCase() === namespace.toLowerCase())) {
    return { ok: false, reason: `namespace "${namespace}" is not exposed (the kubernetes plugin's \`namespaces\` lists ${listed.join(', ')})`, origins: [ctx.config.origin] };
  }
  if (!ctx.data.hasNamespace(namespace)) return { ok: false, reason: `namespace "${namespace}" does not exist`, origins: [] };
  return { ok: true };
}

/** parse.go parseRequest (multicluster and zonal names off). */
export function parseRequest(name: string, zone: string): { ok: true; request: RecordRequest } | { ok: false; reason: string } {
  const segs = labelsBelowZone(name, zone);
  const empty: RecordRequest = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  const lower = segs.map((s) => s.toLowerCase());
  if (segs.length === 0 || (segs.length === 1 && (lower[0] === 'svc' || lower[0] === 'pod'))) return { ok: true, request: empty };
  let last = segs.length - 1;
  const kind = lower[last]!;
  if (kind !== 'svc' && kind !== 'pod') {
    return { ok: false, reason: `${toFqdn(name)} is not a Service or pod name: names in zone ${zone} end in .svc.${zone} or .pod.${zone}` };
  }
  const r = { ...empty, podOrSvc: kind as 'svc' | 'pod' };
  if (--last < 0) return { ok: true, request: r };
  r.namespace = segs[last]!;
  if (--last < 0) return { ok: true, request: r };
  r.service = segs[last]!;
  if (--last < 0) return { ok: true, request: r };
  if (last === 0) r.endpoint = segs[0]!;
  else if (last === 1) {
    r.protocol = stripUnderscore(segs[1]!);
    r.port = stripUnderscore(segs[0]!);
  } else {
    return { ok: false, reason: `${toFqdn(name)} has too many labels for a Kubernetes name (at most _port._proto.service.namespace.svc or hostname.service.namespace.svc)` };
  }
  return { ok: true, request: r };
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

function findPods(ctx: KubernetesPluginContext, r: RecordRequest, zone: string, name: string): Lookup {
  const cfg = ctx.config;
  if (cfg.podsMode === 'disabled') return { ok: false, reason: 'pod records are off (`pods disabled`, the kubernetes plugin default)', origins: [cfg.podsOrigin] };
  const podname = r.service;
  if (podname === '') return { ok: true, entries: [], reason: `${r.namespace}.pod.${zone} holds no record itself` };
  const ipText = (podname.split('-').length - 1 === 3 && !podname.includes('--')) ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
  const domain = joinName([podname, r.namespace, 'pod'], zone);
  if (cfg.podsMode === 'insecure') {
    const ip = parseIp(ipText);
    if (!ip) return { ok: false, reason: `"${podname}" is not a dashed IP address`, origins: [cfg.podsOrigin] };
    return { ok: true, entries: [{ host: formatIp(ip), port: 0, domain, origins: [cfg.podsOrigin] }], reason: `\`pods insecure\`: the address in the name, ${formatIp(ip)}, without checking for a pod` };
  }
  // verified: a pod in that namespace whose status.podIP is the address (string comparison, as CoreDNS does).
  const matches = ctx.data.podsByIp(ipText).filter((p) => p.namespace.toLowerCase() === r.namespace.toLowerCase());
  if (matches.length === 0) return { ok: false, reason: `\`pods verified\`: no pod in namespace ${r.namespace} has IP ${ipText}`, origins: [cfg.podsOrigin] };
  return {
    ok: true,
    entries: matches.map((p) => ({ host: ipText, port: 0, domain, origins: [cfg.podsOrigin, originAt(`pod ${p.key}`, p.source, `Pod/${p.key}`)] })),
    reason: `\`pods verified\`: pod ${matches.map((p) => p.key).join(', ')} has IP ${ipText}`,
  };
}

function endpointHostname(e: DnsEndpointAddress, endpointPodNames: boolean): string {
  if (e.hostname) return e.hostname;
  if (endpointPodNames && e.podName && e.podName.length < 64) return e.podName;
  return dashedAddress(e.address);
}

function portsOrSentinel<P extends { name: string | undefined; port: number; protocol: string }>(ports: readonly P[]): { name: string; port: number; protocol: string }[] {
  return ports.length === 0 ? [{ name: '', port: NO_PORT, protocol: '' }] : ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
}

function matchPortAndProtocol(r: RecordRequest, name: string, protocol: string): boolean {
  return (r.port === '' || r.port.toLowerCase() === name.toLowerCase()) && (r.protocol === '' || r.protocol.toLowerCase() === protocol.toLowerCase());
}

function serviceOrigin(s: ServiceModel, what: string): DnsOrigin {
  return originAt(what, s.source, `Service/${s.namespace}/${s.name}`);
}

/** kubernetes.go findServices. */
function findServices(ctx: KubernetesPluginContext, r: RecordRequest, zone: string): Lookup {
  if (r.service === '') return { ok: true, entries: [], reason: `${r.namespace}.svc.${zone} holds no record itself` };
  const candidates = ctx.data.services(r.service, r.namespace);
  if (candidates.length === 0) return { ok: false, reason: `no Service "${r.service}" in namespace "${r.namespace}"`, origins: [] };
  const entries: Entry[] = [];
  let found = false;
  const reasons: string[] = [];
  const failures: string[] = [];
  const failureOrigins: DnsOrigin[] = [];
  for (const svc of candidates) {
    const id = `${svc.namespace}/${svc.name}`;
    const svcDomain = joinName([svc.name, svc.namespace, 'svc'], zone);
    const eps = ctx.config.noEndpoints ? [] : ctx.data.endpoints(svc);
    if (ctx.config.ignoreEmptyService && svc.type !== 'ExternalName' && !svc.headless && eps.length === 0) {
      failures.push(`Service ${id} has no ready endpoints and the plugin has \`ignore empty_service\``);
      failureOrigins.push(serviceOrigin(svc, 'Service'), ctx.config.origin);
      continue;
    }
    if (svc.type === 'ExternalName') {
      if (r.endpoint !== '' || r.port !== '' || r.protocol !== '') {
        failures.push(`ExternalName Service ${id} has no endpoint or port names below it`);
        failureOrigins.push(serviceOrigin(svc, 'ExternalName Service'));
        continue;
      }
      const target = svc.externalName;
      if (target === undefined || parseIp(target.replace(/\.$/, '')) !== undefined) {
        failures.push(`ExternalName Service ${id} has ${target === undefined ? 'no externalName' : `an IP address (${target}) as externalName, which CoreDNS does not serve`}`);
        failureOrigins.push(serviceOrigin(svc, 'ExternalName Service'));
        continue;
      }
      found = true;
      entries.push({ host: target, port: 0, domain: svcDomain, origins: [serviceOrigin(svc, `ExternalName ${target}`)] });
      reasons.push(`ExternalName Service ${id}: CNAME to ${toFqdn(target)}`);
      continue;
    }
    if (svc.headless || r.endpoint !== '') {
      let matched = 0;
      for (const e of eps) {
        const host = endpointHostname(e, ctx.config.endpointPodNames);
        if (r.endpoint !== '' && r.endpoint.toLowerCase() !== host.toLowerCase()) continue;
        for (const p of portsOrSentinel(e.ports)) {
          if (!matchPortAndProtocol(r, p.name, p.protocol)) continue;
          found = true;
          matched++;
          entries.push({ host: e.address, port: p.port, domain: joinName([host, svc.name, svc.namespace, 'svc'], zone), origins: [serviceOrigin(svc, svc.headless ? 'headless Service' : 'Service'), e.origin] });
        }
      }
      if (matched > 0) {
        const what = r.endpoint !== '' ? `endpoint "${r.endpoint}" of Service ${id}` : `headless Service ${id}: its ready endpoints`;
        reasons.push(what);
      } else {
        const why =
          eps.length === 0
            ? `${svc.headless ? 'headless ' : ''}Service ${id} has no ready endpoints${ctx.config.noEndpoints ? ' (the plugin has `noendpoints`)' : ''}`
            : r.endpoint !== ''
              ? `Service ${id} has no ready endpoint named "${r.endpoint}" (endpoints: ${[...new Set(eps.map((e) => endpointHostname(e, ctx.config.endpointPodNames)))].slice(0, 5).join(', ')})`
              : `Service ${id} has no port named "${r.port}" with protocol "${r.protocol}"`;
        failures.push(why);
        failureOrigins.push(serviceOrigin(svc, svc.headless ? 'headless Service' : 'Service'));
      }
      continue;
    }
    // A ClusterIP Service (also NodePort and LoadBalancer).
    let matched = false;
    for (const p of portsOrSentinel(svc.ports)) {
      if (!matchPortAndProtocol(r, p.name, p.protocol)) continue;
      matched = true;
      found = true;
      for (const ip of svc.clusterIPs) entries.push({ host: formatIp(ip), port: p.port, domain: svcDomain, origins: [serviceOrigin(svc, `ClusterIP ${formatIp(ip)}`)] });
    }
    if (matched) reasons.push(`Service ${id} has ClusterIP ${svc.clusterIPs.map(formatIp).join(', ') || '(none)'}`);
    else {
      const named = svc.ports.map((p) => `${p.name ?? '(unnamed)'}/${p.protocol}`).join(', ');
      failures.push(`Service ${id} has no port named "${r.port}"${r.protocol ? ` with protocol "${r.protocol}"` : ''} (ports: ${named})`);
      failureOrigins.push(serviceOrigin(svc, 'Service ports'));
    }
  }
  if (!found) return { ok: false, reason: failures.join('; '), origins: failureOrigins };
  return { ok: true, entries, reason: reasons.join('; ') };
}

/** reverse.go: a ClusterIP's Service, else every endpoint with the address. */
function reverse(ctx: KubernetesPluginContext, name: string): Lookup {
  const ip = ipFromReverseName(name);
  if (ip === undefined) {
    const zone = pluginZoneFor(ctx.config, name)!;
    const l = records_(ctx, zone, name);
    if (!l.ok) return l;
    return { ok: true, entries: [], reason: l.reason };
  }
  const text = formatIp(ip);
  const primary = ctx.config.primaryZone;
  const exposedNs = (ns: string) => ctx.config.namespaces.length === 0 || ctx.config.namespaces.some((n) => n.toLowerCase() === ns.toLowerCase());
  const svc = ctx.data.servicesByClusterIp(text).find((s) => exposedNs(s.namespace));
  if (svc) {
    const domain = joinName([svc.name, svc.namespace, 'svc'], primary);
    return { ok: true, entries: [{ host: domain, port: 0, domain, origins: [serviceOrigin(svc, `ClusterIP ${text}`)] }], reason: `${text} is the ClusterIP of Service ${svc.namespace}/${svc.name}` };
  }
  const entries: Entry[] = [];
  for (const { service, endpoint } of ctx.data.endpointsByAddress(text)) {
    if (!exposedNs(service.namespace)) continue;
    const host = endpointHostname(endpoint, ctx.config.endpointPodNames);
    const domain = joinName([host, service.name, service.namespace, 'svc'], primary);
    entries.push({ host: domain, port: 0, domain, origins: [serviceOrigin(service, 'Service'), endpoint.origin] });
  }
  if (entries.length === 0) return { ok: false, reason: `${text} is neither a ClusterIP nor a ready endpoint of any Service`, origins: [] };
  return { ok: true, entries, reason: `${text} is an endpoint of ${[...new Set(ctx.data.endpointsByAddress(text).map((x) => `Service ${x.service.namespace}/${x.service.name}`))].join(', ')}` };
}

function dedupeOrigins(origins: readonly DnsOrigin[]): DnsOrigin[] {
  const seen = new Set<string>();
  const out: DnsOrigin[] = [];
  for (const o of origins) {
    const k = `${o.what}|${o.object ?? ''}|${o.file}|${o.line}|${o.column}|${o.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(o);
  }
  return out;
}
