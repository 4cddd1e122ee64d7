import type { DnsOrigin, DnsRecord } from '../layers/dns/dns-types.js';
import { renderResolvConf } from '../layers/dns/pod-resolv-conf.js';
import type { DnsQueryStep, DnsResolution } from '../layers/dns/resolve-name.js';
import { PLAIN, type Style } from './style.js';

/**
 * A lookup for people: the pod's resolv.conf and why it says what it says, each name sent with
 * the reply and its reason, the answer with the manifest lines behind it.
 */
export function formatDnsResolution(r: DnsResolution, style: Style = PLAIN): string {
  const lines: string[] = [];
  lines.push(style.bold(`${r.pod} → ${r.name} ${r.type}`));
  const rc = r.resolvConf;
  lines.push(`  resolv.conf (dnsPolicy ${rc.dnsPolicy}${rc.mode === 'cluster' ? '' : rc.mode === 'host' ? ', node settings' : ', none'}):`);
  const text = renderResolvConf(rc);
  for (const l of (text === '' ? '(empty)' : text).split('\n')) lines.push(`    ${l}`);
  for (const d of rc.decisions) lines.push(style.dim(`    ↳ ${d.decision}${where(d.origin)}`));
  for (const w of rc.warnings) lines.push(`    ${style.warn('warning:')} ${w}`);
  lines.push(`  ${r.searchRule}${r.stubResolver === 'musl' ? ' (musl)' : ''}`);
  if (r.steps.length === 0) lines.push(`  ${style.bad('✗')} no query sent`);
  r.steps.forEach((s, i) => lines.push(...formatStep(s, i, style)));
  lines.push('');
  if (r.answers.length > 0) {
    lines.push('  answer:');
    for (const a of r.answers) lines.push(...formatRecord(a, style));
    if (r.additionals.length > 0) {
      lines.push('  additional:');
      for (const a of r.additionals) lines.push(`    ${a.name} ${a.type} ${a.data}`);
    }
  }
  const status = r.status === 'answered' ? style.ok(r.rcode) : r.status === 'forwarded' ? style.warn(`${r.rcode} (forwarded)`) : style.bad(r.status === 'nodata' ? 'NOERROR, no records' : r.rcode);
  lines.push(`rcode: ${status}${r.status === 'servfail' || r.status === 'refused' ? ` (${r.status.toUpperCase()})` : ''} — ${r.reason}`);
  if (r.forwarded) lines.push(style.dim(`  (forwarded to ${(r.forwardedTo ?? []).join(', ') || 'upstream'}: kflow cannot know the upstream's answer)`));
  return lines.join('\n');
}

function formatStep(s: DnsQueryStep, i: number, style: Style): string[] {
  const mark = s.reply === 'answer' ? style.ok('✓') : s.reply === 'unknown' ? style.warn('→') : style.bad('✗');
  const what = s.reply === 'unknown' ? 'forwarded' : s.reply === 'nodata' ? 'NOERROR, no records' : s.rcode;
  const out = [`  ${mark} ${i + 1}. ${s.name}  ${what}  ${s.reason}`];
  const notable = s.derivedFrom.filter((o) => o.line > 0 && o.what !== 'kubernetes plugin');
  for (const o of notable.slice(0, 3)) out.push(style.dim(`       ↳ ${o.what}${where(o)}`));
  return out;
}

function formatRecord(a: DnsRecord, style: Style): string[] {
  const out = [`    ${a.name} ${a.type} ${a.data}`];
  for (const o of (a.derivedFrom ?? []).filter((x) => x.line > 0).slice(0, 2)) out.push(style.dim(`      ↳ ${o.what}${where(o)}`));
  return out;
}

function where(o: DnsOrigin): string {
  const obj = o.object ? ` ${o.object}` : '';
  if (o.line <= 0) return o.file.startsWith('<') ? '' : ` (${o.file})`;
  return `:${obj} at ${o.file}:${o.line}:${o.column}`;
}
