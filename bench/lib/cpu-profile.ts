import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly name: string;
  readonly location: string;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly HotSpot[];
  readonly files: readonly HotSpot[];
}

/** Self time by function and by source file, from a V8 .cpuprofile (node --cpu-prof). */
export function summarizeCpuProfile(path: string, repoRoot: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fns = new Map<string, { name: string; location: string; us: number }>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const file = shortUrl(frame.url, repoRoot);
    // Code compiled on load by tsx may sit on one line: a line number then says nothing.
    const location = file ? (frame.lineNumber > 0 ? `${file}:${frame.lineNumber + 1}` : file) : '';
    const name = frame.functionName || (file ? '(anonymous)' : frame.url || '(native)');
    const key = `${name}@${location}`;
    const f = fns.get(key) ?? { name, location, us: 0 };
    f.us += us;
    fns.set(key, f);
    const fileKey = file || name;
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
  }
  const hot = (list: { name: string; location: string; us: number }[]): HotSpot[] =>
    list
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, location: f.location, selfMs: f.us / 1000, share: total > 0 ? f.us / total : 0 }));
  return {
    totalMs: total / 1000,
    functions: hot([...fns.values()]),
    files: hot([...files].map(([file, us]) => ({ name: file, location: '', us }))),
  };
}

function shortUrl(url: string, repoRoot: string): string {
  if (!url) return '';
  let path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (path.startsWith(repoRoot)) path = path.slice(repoRoot.length).replace(/^\//, '');
  return path.replace(/^node_modules\//, '');
}
