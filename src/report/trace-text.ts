import type { FlowTrace, Hop, TraceResult } from '../analysis/trace.js';
import { formatLocation } from '../model/provenance.js';
import type { RuleOrigin } from '../layers/policy/policy-ir.js';
import { PLAIN, type Style } from './style.js';

/**
 * A trace, hop by hop, each decision with the manifest lines behind it. Pod pairs that were
 * decided the same way (same verdict, same reasons, same rules) are shown once.
 */
export function formatTrace(t: TraceResult, style: Style = PLAIN): string {
  const lines: string[] = [];
  const groups = new Map<string, FlowTrace[]>();
  for (const f of t.flows) {
    const key = JSON.stringify([f.verdict, f.hops.map((h) => [h.observationPoint, h.decision, h.reason, h.derivedFrom])]);
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  for (const flows of groups.values()) {
    const f = flows[0]!;
    lines.push(style.bold(`${f.from} → ${f.to}  ${f.port}/${f.protocol}`));
    if (flows.length > 1) {
      const others = flows.slice(1, 4).map((o) => `${o.from} → ${o.to}`);
      lines.push(style.dim(`  (and ${flows.length - 1} more pod pair(s) decided the same way: ${others.join(', ')}${flows.length > 4 ? ', …' : ''})`));
    }
    for (const h of f.hops) lines.push(...formatHop(h, style));
    lines.push(`  ${verdictText(f.verdict, style)}${f.dropReason ? ` (${f.dropReason})` : ''}`);
    lines.push('');
  }
  if (t.flows.length > 1) {
    const allows = t.flows.filter((f) => f.verdict === 'allow').length;
    lines.push(`verdict: ${verdictText(t.verdict, style)}${t.dropReason ? ` (${t.dropReason})` : ''} — ${allows} of ${t.flows.length} pod pairs allowed`);
  } else if (t.flows.length === 0) {
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
  for (const o of h.derivedFrom) out.push(style.dim(`             ↳ ${originText(o)}`));
  for (const n of h.nearMisses ?? []) {
    out.push(`             ${style.warn('near miss:')} ${n.origin.policy} ${n.origin.path} at ${formatLocation(n.origin)} would allow it, but ${n.explanation}`);
  }
  if (h.tierChain && h.tierChain.length > 1) {
    out.push(style.dim(`             chain: ${h.tierChain.map((s) => `[${s.tier}] ${s.outcome}`).join(' -> ')}`));
  }
  return out;
}

function originText(o: RuleOrigin): string {
  return `${o.policy} ${o.path} at ${formatLocation(o)}`;
}
