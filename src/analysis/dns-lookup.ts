import type { DnsModel } from '../layers/dns/dns-model.js';
import { type DnsRecordType, isDnsRecordType } from '../layers/dns/dns-types.js';
import { renderResolvConf } from '../layers/dns/pod-resolv-conf.js';
import type { DnsResolution } from '../layers/dns/resolve-name.js';
import { parseIp } from '../net/ip.js';

/**
 * The `kflow dns --output json` contract (DESIGN.md): `tried`, `rcode` and `answers` first — the
 * stable fields — then everything that explains them.
 */
export function dnsResolutionJson(r: DnsResolution, model: DnsModel): Record<string, unknown> {
  return {
    tried: r.tried,
    rcode: r.rcode,
    answers: r.answers,
    additionals: r.additionals,
    status: r.status,
    forwarded: r.forwarded,
    ...(r.forwardedTo ? { forwardedTo: r.forwardedTo } : {}),
    pod: r.pod,
    name: r.name,
    type: r.type,
    ...(r.answeredBy ? { answeredBy: r.answeredBy } : {}),
    reason: r.reason,
    lookup: r.lookup,
    searchRule: r.searchRule,
    stubResolver: r.stubResolver,
    resolvConf: { text: renderResolvConf(r.resolvConf), ...r.resolvConf },
    steps: r.steps,
    cluster: {
      clusterDNS: model.settings.clusterDNS.map((c) => c.ip),
      clusterDomain: model.settings.clusterDomain,
      settingsFrom: model.settings.source,
      corefile: model.coredns.source,
      ...(model.coredns.object ? { corefileObject: model.coredns.object } : {}),
    },
    diagnostics: model.diagnostics,
  };
}

/** A query type as the user writes it (case-insensitive). */
export function parseDnsType(text: string): DnsRecordType | undefined {
  const upper = text.toUpperCase();
  return isDnsRecordType(upper) ? upper : undefined;
}

/** A name a DNS query can carry (labels of 1–63 characters, 253 in all); IPs are accepted for PTR. */
export function checkQueryName(name: string, type: DnsRecordType): string | undefined {
  if (type === 'PTR' && parseIp(name.replace(/\.$/, ''))) return undefined;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare === '') return 'the name is empty';
  if (bare.length > 253) return `the name is ${bare.length} characters long; DNS names have at most 253`;
  const bad = bare.split('.').find((l) => l.length === 0 || l.length > 63);
  if (bad !== undefined) return bad.length === 0 ? 'the name has an empty label (two dots in a row)' : `label "${bad.slice(0, 20)}…" is longer than 63 characters`;
  return undefined;
}
