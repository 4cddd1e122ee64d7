import type { Hop, TraceResult } from '../analysis/trace.js';
import { formatLocation } from '../model/provenance.js';
import type { RuleOrigin } from '../layers/policy/policy-ir.js';
import { PLAIN, type Style } from './style.js';

/** A trace, hop by hop, each decision with the manifest lines behind it. */
export function formatTrace(t: TraceResult, style: Style = PLAIN): string {
  const lines: string[] = [];
  const flows = t.flows.length > 0 ? t.flows : [];
  const showAll = flows.length <= 4;
  const shown = showAll ? flows : [flows.find((f) => f.verdict === 'deny') ?? flows[0]!, ...flows.filter((f) => f.verdict === 'allow').slice(0, 1)];
  for (const f of shown) {
    lines.push(style.bold(`${f.from} → ${f.to}  ${f.port}/${f.protocol}`));
    for (const h of f.hops) lines.push(...formatHop(h, style));
    lines.push(`  ${verdictText(f.verdict, style)}${f.dropReason ? ` (${f.dropReason})` : ''}`);
    lines.push('');
  }
  if (!showAll) lines.push(style.dim(`(${flows.length} pod pairs traced; ${flows.filter((f) => f.verdict === 'allow').length} allowed — showing ${shown.length}; use --output json for all)`), '');
  if (flows.length > 1) {
    const allows = flows.filter((f) => f.verdict === 'allow').length;
    lines.push(`verdict: ${verdictText(t.verdict, style)} — ${allows} of ${flows.length} pod pairs allowed`);
  } else if (flows.length === 0) {
    lines.push('no flow to trace (no source pod, or the named port is not exposed by the destination)');
  } else {
    lines.push(`verdict: ${verdictText(t.verdict, style)}${t.dropReason ? ` (${t.dropReason})` : ''}`);
  }
  return lines.join('\n');
}

function verdictText(v: 'allow' | 'deny' | 'partial', style: Style): string {
  return v === 'allow' ? style.ok('ALLOW') : v === 'deny' ? style.bad('DENY') : style.warn('PARTIAL');
}

function formatHop(h: Hop, style: Style): string[] {
  const mark = h.decision === 'allow' ? style.ok('✓') : style.bad('✗');
  const out = [`  ${mark} ${h.observationPoint.padEnd(8)} ${h.detail}`];
  const origins = h.derivedFrom.length ? h.derivedFrom : [];
  for (const o of origins) out.push(style.dim(`             ↳ ${originText(o)}`));
  if (h.decision === 'deny' && h.reason === 'no-rule-matched' && h.isolatedBy) {
    out.push(style.dim('             (selected pods are isolated: only traffic some rule allows gets through)'));
  }
  return out;
}

function originText(o: RuleOrigin): string {
  return `${o.policy} ${o.path} at ${formatLocation(o)}`;
}
