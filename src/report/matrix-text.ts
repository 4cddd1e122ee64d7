import type { GroupedMatrix } from '../analysis/matrix.js';
import type { MatrixSummary } from '../analysis/matrix-summary.js';
import { PLAIN, type Style } from './style.js';

/**
 * A readable reachability table: rows are sources, columns destinations (numbered, so long names
 * fit), `✓` every pod pair allowed, `✗` none, `n/m` some.
 */
export function formatGroupedMatrix(g: GroupedMatrix, title: string, style: Style = PLAIN): string {
  const lines: string[] = [style.bold(title)];
  if (g.groups.length === 0) return `${lines[0]}\n  (no pods)`;
  const cell = (c: { allowed: number; total: number }): { text: string; styled: string } => {
    if (c.allowed === c.total) return { text: '✓', styled: style.ok('✓') };
    if (c.allowed === 0) return { text: '✗', styled: style.bad('✗') };
    const t = `${c.allowed}/${c.total}`;
    return { text: t, styled: style.warn(t) };
  };
  const texts = g.cells.map((row) => row.map(cell));
  const colWidth = g.groups.map((_, j) => Math.max(String(j + 1).length, ...texts.map((row) => row[j]!.text.length)));
  const nameWidth = Math.max(...g.groups.map((n, i) => `${i + 1} ${n}`.length), 'from \\ to'.length);
  const header = `${'from \\ to'.padEnd(nameWidth)}  ${g.groups.map((_, j) => String(j + 1).padStart(colWidth[j]!)).join(' ')}`;
  lines.push(style.dim(header));
  g.groups.forEach((name, i) => {
    const cells = texts[i]!.map((c, j) => ' '.repeat(colWidth[j]! - c.text.length) + c.styled).join(' ');
    lines.push(`${`${i + 1} ${name}`.padEnd(nameWidth)}  ${cells}`);
  });
  lines.push(style.dim('✓ all pod pairs allowed   ✗ none   n/m some (allowed/total)'));
  return lines.join('\n');
}

/** A matrix too big for a table, for people: totals, the largest groups, and how to see more. */
export function formatMatrixSummary(s: MatrixSummary, title: string, maxGroups: number, style: Style = PLAIN): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(a === 0 || a === b ? 0 : 1)}%`);
  const noun = s.by === 'pod' ? 'pods' : s.by === 'namespace' ? 'namespaces' : 'workloads';
  const lines = [
    style.bold(title),
    `${n(s.groups)} ${noun}: too many for a table (more than ${maxGroups}). A summary instead:`,
    `  allowed: ${n(s.allowedPairs)} of ${n(s.totalPairs)} ordered pairs of distinct pods (${pct(s.allowedPairs, s.totalPairs)})`,
    `  the ${s.largest.length} largest ${noun}, with the pod pairs allowed into and out of them:`,
  ];
  const nameWidth = Math.max(...s.largest.map((g) => g.name.length));
  const podsWidth = Math.max(...s.largest.map((g) => n(g.pods).length));
  for (const g of s.largest) {
    lines.push(
      `    ${g.name.padEnd(nameWidth)}  ${n(g.pods).padStart(podsWidth)} pod${g.pods === 1 ? ' ' : 's'}   in ${n(g.inAllowed)} of ${n(g.inTotal)} (${pct(g.inAllowed, g.inTotal)})   out ${n(g.outAllowed)} of ${n(g.outTotal)} (${pct(g.outAllowed, g.outTotal)})`,
    );
  }
  const coarser = s.by === 'pod' ? ' --group-by workload or namespace,' : s.by === 'workload' ? ' --group-by namespace,' : '';
  lines.push(style.dim(`  For a table:${coarser} fewer inputs (one namespace's folder), or --max-groups ${s.groups}. For programs: --output stats or json.`));
  return lines.join('\n');
}
