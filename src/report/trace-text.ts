import type { FlowTrace, Hop, TraceResult } from '../analysis/trace.js';
import { formatLocation } from '../model/provenance.js';
import type { TierStep } from '../layers/policy/evaluate-connection.js';
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
    lines.push(`verdict: ${verdictText(t.verdict, style)}${t.dropReason ? ` (${t.dropReason})` : ''} — ${allows} of ${t.flows.length} pod pairs allowed${profileNote(t)}`);
  } else if (t.flows.length === 0) {
    lines.push('no flow to trace (no source pod, or the named port is not exposed by the destination)');
  } else {
    lines.push(`verdict: ${verdictText(t.verdict, style)}${t.dropReason ? ` (${t.dropReason})` : ''}${profileNote(t)}`);
  }
  return lines.join('\n');
}

/** The profile is named when it is not the Kubernetes API's own semantics. */
function profileNote(t: TraceResult): string {
  return t.profile === undefined || t.profile === 'generic' ? '' : ` under the ${t.profile} profile (--cni ${t.profile})`;
}

function verdictText(v: 'allow' | 'deny' | 'partial', style: Style): string {
  return v === 'allow' ? style.ok('ALLOW') : v === 'deny' ? style.bad('DENY') : style.warn('PARTIAL');
}

/** One policy/delivery hop; shared with the end-to-end trace renderer. */
export function formatHop(h: Hop, style: Style): string[] {
  const mark = h.decision === 'allow' ? style.ok('✓') : style.bad('✗');
  const out = [`  ${mark} ${h.observationPoint.padEnd(8)} ${h.detail}`];
  for (const o of h.derivedFrom) out.push(style.dim(`             ↳ ${originText(o)}`));
  for (const n of h.nearMisses ?? []) {
    out.push(`             ${style.warn('near miss:')} ${n.origin.policy} ${n.origin.path} at ${formatLocation(n.origin)} would allow it, but ${n.explanation}`);
  }
  if (h.tierChain && (h.tierChain.length > 1 || h.tierChain[0]?.tier !== 'NetworkPolicy')) {
    const chain = h.tierChain.map(stepText);
    const last = h.tierChain[h.tierChain.length - 1]!;
    if (h.decision === 'allow' && (last.outcome === 'no-match' || last.outcome === 'pass')) chain.push('[default] Allow');
    out.push(style.dim(`             chain: ${chain.join(' -> ')}`));
    const width = Math.max(...h.tierChain.map((s) => stepText(s).length));
    for (const s of h.tierChain) {
      const label = stepText(s).padEnd(width);
      if (s.rules.length === 0) out.push(style.dim(`               ${label} ${emptyStepText(s, h)}`));
      else for (const o of s.rules) out.push(style.dim(`               ${label} ${originText(o)}`));
    }
  }
  for (const d of h.profileDecisions ?? []) {
    out.push(`             ${style.warn(`profile ${d.profile}:`)} ${d.decision}`);
    out.push(style.dim(`               source: ${d.source}`));
  }
  return out;
}

/** `[Admin prio 10] Pass`, `[NetworkPolicy] Allow`, `[Baseline] no rule`. */
export function stepText(s: TierStep): string {
  const tier = s.priority !== undefined && s.tier !== 'NetworkPolicy' ? `${s.tier} prio ${s.priority}` : s.tier;
  const outcome = s.outcome === 'no-match' ? 'no rule' : (s.action ?? s.outcome.charAt(0).toUpperCase() + s.outcome.slice(1));
  return `[${tier}] ${outcome}`;
}

function emptyStepText(s: TierStep, h: Hop): string {
  const subject = h.observationPoint === 'egress' ? h.from : h.to;
  if (s.tier === 'NetworkPolicy') return s.outcome === 'allow' ? 'ingress from the pod\'s own node' : `no NetworkPolicy selects ${subject} for ${h.observationPoint}`;
  return `no ${s.tier}-tier rule selecting ${subject} matches`;
}

function originText(o: RuleOrigin): string {
  return `${o.policy} ${o.path}${o.ruleName ? ` "${o.ruleName}"` : ''} at ${formatLocation(o)}`;
}
