import type { CheckResult } from '../analysis/check/run-checks.js';

const ICON: Record<string, string> = { error: '🔴', warning: '🟡', info: '🔵' };
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown report fit for a pull-request comment. */
export function checkToMarkdown(r: CheckResult): string {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  const head = `### kflow check: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info\n`;
  if (r.findings.length === 0) return `${head}\nNo findings (${r.rules.length} rules run).\n`;
  const rows = r.findings.map((f) => `| ${ICON[f.severity] ?? ''} ${f.severity} | \`${f.code}\` | \`${cell(f.object)}\` | \`${cell(`${f.file}:${f.line}`)}\` | ${cell(f.message)} | ${cell(f.hint)} |`);
  return `${head}\n| severity | code | object | where | finding | fix |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n${r.suppressed.length ? `\n_${r.suppressed.length} finding(s) suppressed by \`kflow.dev/ignore\`._\n` : ''}`;
}
