import type { GroupedMatrix } from '../analysis/matrix.js';
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
