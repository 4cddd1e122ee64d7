import type { AnyHop, EndToEndTrace, TraceOrigin } from '../analysis/trace-flow.js';
import { formatLocation } from '../model/provenance.js';
import type { RuleOrigin } from '../layers/policy/policy-ir.js';
import { PLAIN, type Style } from './style.js';
import { formatHop } from './trace-text.js';

function originText(o: TraceOrigin | RuleOrigin): string {
  const object = 'policy' in o ? o.policy : o.object;
  const what = 'what' in o && o.what ? ` (${o.what})` : '';
  return `${object ? `${object} ` : ''}${o.path}${what} at ${formatLocation(o)}`;
}

function hopLines(h: AnyHop, style: Style): string[] {
  const mark = h.decision === 'allow' ? style.ok('✓') : style.bad('✗');
  const point = h.observationPoint.padEnd(13);
  const out = [`  ${mark} ${point} ${h.detail}`];
  const origins: readonly (TraceOrigin | RuleOrigin)[] = h.derivedFrom;
  for (const o of origins.slice(0, 6)) out.push(style.dim(`                  ↳ ${originText(o)}`));
  if (origins.length > 6) out.push(style.dim(`                  ↳ … ${origins.length - 6} more`));
  if ('nearMisses' in h) for (const n of h.nearMisses ?? []) out.push(`                  ${style.warn('near miss:')} ${n.origin.policy} ${n.origin.path} at ${formatLocation(n.origin)} would allow it, but ${n.explanation}`);
  if ('data' in h && h.layer === 'service' && Array.isArray(h.data?.candidates)) {
    for (const c of h.data.candidates as { endpoint?: string; pod?: string; kept: boolean; reason: string }[]) {
      out.push(style.dim(`                  ${c.kept ? '+' : '-'} ${c.endpoint ?? '(no port)'} ${c.pod ?? ''} ${c.reason}`));
    }
  }
  return out;
}

/** An end-to-end trace: the shared path (DNS, route, Service), then each endpoint's policy verdict. */
export function formatEndToEndTrace(t: EndToEndTrace, style: Style = PLAIN): string {
  const lines: string[] = [style.bold(`${t.from} → ${t.to}  ${t.port}/${t.protocol}`)];
  for (const h of t.path) lines.push(...hopLines(h, style));
  const byVerdict = new Map<string, typeof t.endpoints>();
  for (const e of t.endpoints) {
    const key = JSON.stringify(e.hops.map((h) => [h.observationPoint, h.decision, h.reason, h.derivedFrom]));
    byVerdict.set(key, [...(byVerdict.get(key) ?? []), e]);
  }
  for (const group of byVerdict.values()) {
    const e = group[0]!;
    const others = group.length > 1 ? style.dim(` (and ${group.length - 1} more endpoint(s) decided the same way)`) : '';
    lines.push(`  ${style.bold('endpoint')} ${e.endpoint}${e.pod ? ` (${e.pod})` : ''}, source seen as ${e.seenSource}${others}`);
    for (const h of e.hops) lines.push(...formatHop(h, style).map((l) => `    ${l}`));
  }
  for (const n of t.notes) lines.push(style.dim(`  note: ${n}`));
  const verdict = t.verdict === 'allow' ? style.ok('ALLOW') : t.verdict === 'deny' ? style.bad('DENY') : style.warn('PARTIAL');
  const counts = t.endpoints.length > 1 ? ` — ${t.endpoints.filter((e) => e.verdict === 'allow').length} of ${t.endpoints.length} endpoints reachable` : '';
  lines.push('', `verdict: ${verdict}${t.dropReason ? ` (${t.dropReason})` : ''}${counts}`);
  return lines.join('\n');
}
