/**
 * `npm run bench` — kflow at scale, written to BENCHMARKS.md.
 *
 *   npm run bench                 the full run (large profile end to end, growth up to 100k pods)
 *   npm run bench -- --quick      a fast subset (medium instead of large); writes .bench-tmp/BENCHMARKS.quick.md
 *   npm run bench -- --cpu-prof   also profile the end-to-end run (node --cpu-prof) and list the hot spots
 *
 * Clusters come from the generator (src/gen, seed 1), written under .bench-tmp/bench/ and read
 * back from disk as the CLI reads them. Each measurement runs in a fresh process (bench/measure.ts)
 * so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCluster } from '../src/gen/generate-cluster.js';
import { type GenParams, GEN_PROFILES, type GenProfileName } from '../src/gen/params.js';
import { renderFile } from '../src/gen/render-cluster.js';
import { summarizeCpuProfile } from './lib/cpu-profile.js';
import { machineInfo } from './lib/machine.js';
import { type BenchReport, type ClusterInfo, type GrowthCell, renderReport } from './lib/report.js';
import type { E2eResult, IncrementalResult, NaiveResult, PhasesResult } from './lib/results.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const cpuProf = args.includes('--cpu-prof');
const SEED = 1;
const tmp = join(repo, '.bench-tmp', 'bench');

function say(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

function writeCluster(label: string, params: GenParams): ClusterInfo {
  const dir = join(tmp, label);
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const cluster = generateCluster(params);
  const genMs = performance.now() - t0;
  let bytes = 0;
  const t1 = performance.now();
  for (const f of cluster.files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    const text = renderFile(f);
    bytes += Buffer.byteLength(text);
    writeFileSync(target, text);
  }
  return { label, dir, params, counts: cluster.counts, files: cluster.files.length, bytes, genMs, renderMs: performance.now() - t1 };
}

function child<T>(mode: string, childArgs: readonly string[], profileDir?: string): T {
  const nodeArgs = ['--expose-gc', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', 'tsx', join('bench', 'measure.ts'), mode, ...childArgs];
  const r = spawnSync(process.execPath, nodeArgs, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/measure.ts ${mode} ${childArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

function main(): void {
  const started = new Date();
  const machineStart = machineInfo();
  const t0 = performance.now();
  mkdirSync(tmp, { recursive: true });
  const e2eProfile: GenProfileName = quick ? 'medium' : 'large';
  const sizes: GenProfileName[] = quick ? ['small', 'medium'] : ['small', 'medium', 'large'];

  say(`kflow bench${quick ? ' (quick)' : ''}: generating ${sizes.join(', ')} (seed ${SEED}) under ${tmp}`);
  const clusters = new Map<GenProfileName, ClusterInfo>();
  for (const name of sizes) clusters.set(name, writeCluster(`${name}-s${SEED}`, { ...GEN_PROFILES[name], seed: SEED }));
  const main = clusters.get(e2eProfile)!;

  say(`\n[1/6] ${e2eProfile}: end to end (read, load, engine, matrix stats for every port in use), then 200 traces`);
  const e2e = child<E2eResult>('e2e', ['--dir', main.dir, '--traces', '200', '--check']);
  say(`\n[2/6] ${e2eProfile}: phases`);
  const phases = child<PhasesResult>('phases', ['--dir', main.dir, '--port', '8080/TCP']);

  say(`\n[3/6] ${e2eProfile}: incremental policy changes (ClusterModel.apply)`);
  const incremental = child<IncrementalResult>('incremental', ['--dir', main.dir, '--rounds', '4', '--no-rebuild']);
  // A change that is not a policy rebuilds everything; on large that takes far too long for a bench run (see the report).
  const rebuildProfile: GenProfileName = 'medium';
  say(`  ${rebuildProfile}: one change that rebuilds`);
  const rebuild = child<IncrementalResult>('incremental', ['--dir', clusters.get(rebuildProfile)!.dir, '--rounds', '0']);

  say('\n[4/6] engine vs the naive oracle (8080/TCP)');
  const naive: { profile: GenProfileName; result: NaiveResult }[] = [];
  naive.push({ profile: 'small', result: child<NaiveResult>('naive', ['--params', JSON.stringify({ ...GEN_PROFILES.small, seed: SEED }), '--sample', '300', ...(quick ? [] : ['--full'])]) });
  if (!quick) naive.push({ profile: 'medium', result: child<NaiveResult>('naive', ['--params', JSON.stringify({ ...GEN_PROFILES.medium, seed: SEED }), '--sample', '400']) });

  say('\n[5/6] growth (pods × policies; matrix on 8080/TCP)');
  const growth: GrowthCell[] = [];
  const policyCounts = quick ? [100, 1_000] : [100, 1_000, 10_000];
  for (const size of sizes) {
    for (const policies of policyCounts) {
      const params: GenParams = { ...GEN_PROFILES[size], seed: SEED, policies };
      const reuse = size === e2eProfile && policies === GEN_PROFILES[size].policies;
      say(`  ${GEN_PROFILES[size].pods} pods × ${policies} policies${reuse ? ' (the end-to-end run)' : ''}`);
      if (reuse) {
        growth.push({ size, params, bytes: main.bytes, result: e2e });
        continue;
      }
      const c = writeCluster(`growth-${size}-${policies}`, params);
      const result = child<E2eResult>('e2e', ['--dir', c.dir, '--ports', '8080/TCP']);
      growth.push({ size, params, bytes: c.bytes, result });
      rmSync(c.dir, { recursive: true, force: true });
    }
  }

  {
    // The same cluster without ipBlocks over the pod network: how much of the identity count they make.
    const base = GEN_PROFILES[e2eProfile];
    const params: GenParams = { ...base, seed: SEED, shapes: { ...base.shapes, ipBlockPodCidr: 0 } };
    say(`  ${base.pods} pods × ${base.policies} policies, no ipBlock over pod CIDRs`);
    const c = writeCluster(`growth-${e2eProfile}-no-pod-cidr-ipblocks`, params);
    const result = child<E2eResult>('e2e', ['--dir', c.dir, '--ports', '8080/TCP']);
    growth.push({ size: e2eProfile, params, bytes: c.bytes, result, note: 'no ipBlock over pod CIDRs (shape weight 0)' });
    rmSync(c.dir, { recursive: true, force: true });
  }

  let profile: BenchReport['profile'];
  if (cpuProf) {
    say(`\n[6/6] ${e2eProfile}: end to end under --cpu-prof`);
    const dir = join(tmp, 'cpu-prof');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const result = child<E2eResult>('e2e', ['--dir', main.dir], dir);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file) profile = { summary: summarizeCpuProfile(join(dir, file), repo, 25), wallMs: result.total.wallMs, file: join('.bench-tmp', 'bench', 'cpu-prof', file) };
  } else say('\n[6/6] CPU profile skipped (add --cpu-prof)');

  const report: BenchReport = {
    quick,
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    date: started.toISOString(),
    machineStart,
    machineEnd: machineInfo(),
    benchMinutes: (performance.now() - t0) / 60_000,
    e2eProfile,
    clusters: sizes.map((s) => clusters.get(s)!),
    e2e,
    phases,
    naive,
    incremental,
    rebuild: { profile: rebuildProfile, result: rebuild },
    growth,
    ...(profile ? { profile } : {}),
  };
  const out = quick ? join(repo, '.bench-tmp', 'BENCHMARKS.quick.md') : join(repo, 'BENCHMARKS.md');
  writeFileSync(out, renderReport(report));
  say(`\nwrote ${out} (${report.benchMinutes.toFixed(1)} min)`);
}

main();
