import type { DiffResult, FlowChange } from '../analysis/diff.js';
import { PLAIN, type Style } from './style.js';

const STATE: Record<string, string> = { none: 'denied', partial: 'partly allowed', all: 'allowed' };

function flowLine(f: FlowChange): string {
  return `${f.from} → ${f.to}  ${f.port}/${f.protocol}  (${STATE[f.before]} → ${STATE[f.after]})`;
}

/** Above this many flows in a section, people get them grouped by destination (JSON keeps every flow). */
export const MAX_LISTED_FLOWS = 100;
/** Destinations shown when grouped. */
const MAX_GROUPS = 20;

/** Flows with one destination, one change of state and one cause: the sources and ports vary. */
interface FlowGroup {
  readonly to: string;
  readonly before: string;
  readonly after: string;
  readonly cause: string;
  readonly sources: Set<string>;
  readonly ports: Set<string>;
  count: number;
}

/** Groups flows by destination, change and cause; the largest groups first. */
export function groupFlows(list: readonly FlowChange[]): FlowGroup[] {
  const groups = new Map<string, FlowGroup>();
  for (const f of list) {
    const key = `${f.to}\u0000${f.before}\u0000${f.after}\u0000${f.cause.summary}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { to: f.to, before: f.before, after: f.after, cause: f.cause.summary, sources: new Set(), ports: new Set(), count: 0 }));
    g.sources.add(f.from);
    g.ports.add(`${f.port}/${f.protocol}`);
    g.count++;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

function sample(items: Iterable<string>, limit = 3): string {
  const all = [...items];
  return all.length <= limit ? all.join(', ') : `${all.slice(0, limit).join(', ')}, … (${all.length})`;
}

function groupLine(g: FlowGroup): string {
  return `${g.to} ← ${g.sources.size} workload(s) (${sample(g.sources)}) on ${sample(g.ports)}: ${g.count} flow(s) ${STATE[g.before]} → ${STATE[g.after]}`;
}

export function formatDiffText(d: DiffResult, style: Style = PLAIN): string {
  const lines: string[] = [];
  lines.push(style.bold(`Changed policies (${d.changedObjects.length}):`));
  for (const c of d.changedObjects) lines.push(`  ${c.change.padEnd(8)} ${c.object}  ${style.dim(`${c.file}:${c.line}`)}`);
  if (d.changedObjects.length === 0) lines.push('  (none)');
  const section = (title: string, list: readonly FlowChange[], mark: string): void => {
    lines.push('', style.bold(`${title} (${list.length}):`));
    if (list.length === 0) lines.push('  (none)');
    if (list.length > MAX_LISTED_FLOWS) {
      // Never a flood: grouped by destination, the largest groups first.
      const groups = groupFlows(list);
      lines.push(style.dim(`  more than ${MAX_LISTED_FLOWS}: grouped by destination (--output json lists every flow)`));
      for (const g of groups.slice(0, MAX_GROUPS)) {
        lines.push(`  ${mark} ${groupLine(g)}`);
        lines.push(style.dim(`      cause: ${g.cause}`));
      }
      if (groups.length > MAX_GROUPS) lines.push(style.dim(`  … and ${groups.length - MAX_GROUPS} more destination group(s)`));
      return;
    }
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
  const grouped = (list: readonly FlowChange[]) => {
    const groups = groupFlows(list);
    const shown = groups.slice(0, MAX_GROUPS);
    const more = groups.length > MAX_GROUPS ? `\n_… and ${groups.length - MAX_GROUPS} more destination group(s); \`kflow diff --output json\` lists every flow._\n` : '';
    return `_${list.length} flows, grouped by destination:_\n\n| to | from | ports | flows | change | cause |\n|---|---|---|---|---|---|\n${shown
      .map((g) => `| \`${cell(g.to)}\` | ${cell(sample(g.sources))} | ${cell(sample(g.ports))} | ${g.count} | ${STATE[g.before]} → ${STATE[g.after]} | ${cell(g.cause)} |`)
      .join('\n')}\n${more}`;
  };
  const table = (list: readonly FlowChange[]) =>
    list.length === 0 ? '_none_\n' : list.length > MAX_LISTED_FLOWS ? grouped(list) : `| from | to | port | change | cause |\n|---|---|---|---|---|\n${rows(list)}\n`;
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
