import type { CheckResult } from '../analysis/check/run-checks.js';
import { formatLocation } from '../model/provenance.js';
import { PLAIN, type Style } from './style.js';

/** Findings as a compiler prints them: `file:line:col: severity CODE: message`, hint below. */
export function formatCheckText(r: CheckResult, style: Style = PLAIN): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    const sev = f.severity === 'error' ? style.bad('error') : f.severity === 'warning' ? style.warn('warning') : style.dim('info');
    lines.push(`${formatLocation(f)}: ${sev} ${style.bold(f.code)}: ${f.message} ${style.dim(`[${f.object}]`)}`);
    lines.push(`    ${style.dim('hint:')} ${f.hint}`);
    for (const rel of f.related ?? []) lines.push(style.dim(`    see: ${formatLocation(rel)} ${rel.message}`));
  }
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const summary = `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info — ${r.rules.length} rules run${r.suppressed.length ? `, ${r.suppressed.length} finding(s) suppressed by kflow.dev/ignore` : ''}`;
  if (lines.length === 0) return `No findings. ${summary}`;
  return `${lines.join('\n')}\n\n${summary}`;
}
