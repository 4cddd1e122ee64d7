import type { Severity } from '../../model/diagnostic.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { PolicyEngine } from '../../layers/policy/policy-engine.js';
import { CHECK_RULES } from './catalog.js';
import { type CheckRule, type Finding, SEVERITY_RANK } from './finding.js';

/** The annotation that silences findings on an object: `kflow.dev/ignore: CODE[,CODE...]` (or `*`). */
export const IGNORE_ANNOTATION = 'kflow.dev/ignore';

export interface CheckOptions {
  /** Codes not to run. */
  readonly disable?: readonly string[];
  readonly rules?: readonly CheckRule[];
}

export interface CheckResult {
  readonly findings: readonly Finding[];
  /** Findings silenced by an annotation, kept so reports can count them. */
  readonly suppressed: readonly Finding[];
  readonly rules: readonly CheckRule[];
}

/** Runs the catalogue; applies --disable and per-object ignore annotations; stable order. */
export function runChecks(snapshot: Snapshot, policy: PolicyEngine, options: CheckOptions = {}): CheckResult {
  const disabled = new Set(options.disable ?? []);
  const rules = (options.rules ?? CHECK_RULES).filter((r) => !disabled.has(r.code));
  const ignores = new Map<string, Set<string>>();
  for (const o of snapshot.objects) {
    const meta = o.body.metadata as { annotations?: Record<string, unknown> } | undefined;
    const value = meta?.annotations?.[IGNORE_ANNOTATION];
    if (typeof value !== 'string') continue;
    const id = o.namespace === undefined ? `${o.kind}/${o.name}` : `${o.kind}/${o.namespace}/${o.name}`;
    ignores.set(id, new Set(value.split(',').map((c) => c.trim()).filter(Boolean)));
  }
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const rule of rules) {
    for (const f of rule.run({ snapshot, policy })) {
      const ignored = ignores.get(f.object);
      if (ignored && (ignored.has(f.code) || ignored.has('*'))) suppressed.push(f);
      else findings.push(f);
    }
  }
  const order = new Map(rules.map((r, i) => [r.code, i]));
  findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.file.localeCompare(b.file) || a.line - b.line || (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
  return { findings, suppressed, rules };
}

/** Does any finding reach the --fail-on threshold? */
export function failsAt(findings: readonly Finding[], threshold: Severity): boolean {
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
