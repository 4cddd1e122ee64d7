import type { DiffResult, FlowChange } from '../analysis/diff.js';
import { PLAIN, type Style } from './style.js';

const STATE: Record<string, string> = { none: 'denied', partial: 'partly allowed', all: 'allowed' };

function flowLine(f: FlowChange): string {
  return `${f.from} → ${f.to}  ${f.port}/${f.protocol}  (${STATE[f.before]} → ${STATE[f.after]})`;
}

export function formatDiffText(d: DiffResult, style: Style = PLAIN): string {
  const lines: string[] = [];
  lines.push(style.bold(`Changed policies (${d.changedObjects.length}):`));
  for (const c of d.changedObjects) lines.push(`  ${c.change.padEnd(8)} ${c.object}  ${style.dim(`${c.file}:${c.line}`)}`);
  if (d.changedObjects.length === 0) lines.push('  (none)');
  const section = (title: string, list: readonly FlowChange[], mark: string): void => {
    lines.push('', style.bold(`${title} (${list.length}):`));
    if (list.length === 0) lines.push('  (none)');
    for (const f of list) {
      lines.push(`  ${mark} ${flowLine(f)}`);
      lines.push(style.dim(`      cause: ${f.cause.summary}`));
    }
  };
  section('Flows opened', d.opened, style.warn('+'));
  section('Flows closed', d.closed, style.bad('-'));
  lines.push('', style.bold(`Services whose DNS answer or endpoints changed (${d.services.length}):`));
  if (d.services.length === 0) lines.push('  (none)');
  for (const s of d.services) {
    lines.push(`  ${s.change.padEnd(8)} ${s.service}`);
    if (s.dns) lines.push(style.dim(`      dns: ${s.dns.before} → ${s.dns.after}`));
    if (s.endpoints) lines.push(style.dim(`      endpoints: ${s.endpoints.before} → ${s.endpoints.after}`));
  }
  return lines.join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** A pull-request comment. */
export function formatDiffMarkdown(d: DiffResult): string {
  const rows = (list: readonly FlowChange[]) =>
    list.map((f) => `| \`${cell(f.from)}\` | \`${cell(f.to)}\` | ${f.port}/${f.protocol} | ${STATE[f.before]} → ${STATE[f.after]} | ${cell(f.cause.summary)} |`).join('\n');
  const table = (list: readonly FlowChange[]) =>
    list.length === 0 ? '_none_\n' : `| from | to | port | change | cause |\n|---|---|---|---|---|\n${rows(list)}\n`;
  return [
    `### kflow diff: ${d.opened.length} flow(s) opened, ${d.closed.length} closed`,
    '',
    d.changedObjects.length ? `Changed policies: ${d.changedObjects.map((c) => `\`${c.object}\` (${c.change})`).join(', ')}` : 'No NetworkPolicy changed.',
    '',
    `#### 🔓 Opened`,
    table(d.opened),
    `#### 🔒 Closed`,
    table(d.closed),
    `#### Services (DNS answers and endpoints)`,
    d.services.length === 0
      ? '_none_\n'
      : `| service | change | DNS | endpoints |\n|---|---|---|---|\n${d.services
          .map((s) => `| \`${cell(s.service)}\` | ${s.change} | ${s.dns ? cell(`${s.dns.before} → ${s.dns.after}`) : ''} | ${s.endpoints ? cell(`${s.endpoints.before} → ${s.endpoints.after}`) : ''} |`)
          .join('\n')}\n`,
  ].join('\n');
}
