import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { generateCluster } from '../../gen/generate-cluster.js';
import { type GenParams, GEN_PROFILES, GEN_PROFILE_NAMES, type GenProfileName, validateGenParams } from '../../gen/params.js';
import { renderClusterYaml, renderFile } from '../../gen/render-cluster.js';
import { type CliIo, EXIT_OK, UsageError } from '../io.js';

interface GenOptions {
  profile: string;
  seed: string;
  out?: string;
  layout: string;
  namespaces?: string;
  workloads?: string;
  pods?: string;
  policies?: string;
  force?: boolean;
}

export function registerGen(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('gen')
    .description('generate a synthetic cluster (Nodes, Namespaces, workloads, Services, NetworkPolicies) as manifests')
    .option('--profile <name>', `size: ${GEN_PROFILE_NAMES.join(', ')} (small ≈ 1k pods, medium ≈ 10k, large ≈ 100k)`, 'small')
    .option('--seed <n>', 'random seed: the same seed gives byte-identical output', '1')
    .option('--out <dir>', 'write files to this folder (default: one YAML stream on stdout)')
    .option('--layout <layout>', 'with --out: namespace (nodes.yaml + one file per namespace) or single (cluster.yaml)', 'namespace')
    .option('--namespaces <n>', "override the profile's namespace count (3 system ones included)")
    .option('--workloads <n>', "override the profile's workload count")
    .option('--pods <n>', "override the profile's pod count")
    .option('--policies <n>', "override the profile's NetworkPolicy count")
    .option('--force', 'write into a folder that is not empty (files of earlier runs are not removed)')
    .addHelpText('after', '\nExamples:\n  kflow gen --profile large --seed 1 --out /tmp/large\n  kflow gen --profile small --policies 500 | kflow matrix - --output stats')
    .action((opts: GenOptions) => {
      if (!(GEN_PROFILE_NAMES as readonly string[]).includes(opts.profile)) throw new UsageError(`--profile: "${opts.profile}" is not a profile`, `Use ${GEN_PROFILE_NAMES.join(', ')}.`);
      if (!['namespace', 'single'].includes(opts.layout)) throw new UsageError(`--layout: "${opts.layout}" is not supported`, 'Use namespace or single.');
      const base = GEN_PROFILES[opts.profile as GenProfileName];
      const params: GenParams = {
        ...base,
        seed: count(opts.seed, '--seed', 0),
        ...(opts.namespaces !== undefined ? { namespaces: count(opts.namespaces, '--namespaces', 1) } : {}),
        ...(opts.workloads !== undefined ? { workloads: count(opts.workloads, '--workloads', 1) } : {}),
        ...(opts.pods !== undefined ? { pods: count(opts.pods, '--pods', 1) } : {}),
        ...(opts.policies !== undefined ? { policies: count(opts.policies, '--policies', 0) } : {}),
      };
      const problems = validateGenParams(params);
      if (problems.length > 0) throw new UsageError(`cannot generate this cluster: ${problems.join('; ')}`, 'Adjust --namespaces, --workloads, --pods or --policies.');
      const cluster = generateCluster(params);
      const c = cluster.counts;
      const summary = `${c.namespaces} namespaces, ${c.nodes} nodes, ${c.deployments} Deployments, ${c.statefulSets} StatefulSets, ${c.daemonSets} DaemonSets, ${c.services} Services, ${c.networkPolicies} NetworkPolicies, ${c.pods} pods`;
      if (opts.out === undefined) {
        io.stdout.write(renderClusterYaml(cluster));
        return setExit(EXIT_OK);
      }
      const dir = resolve(io.cwd, opts.out);
      if (existsSync(dir)) {
        if (!statSync(dir).isDirectory()) throw new UsageError(`--out: ${opts.out} is not a folder`);
        if (readdirSync(dir).length > 0 && !opts.force) {
          throw new UsageError(`--out: ${opts.out} is not empty`, 'Use a new folder (kflow reads every manifest in it), or --force to write into it anyway.');
        }
      }
      const files = opts.layout === 'single' ? [{ path: 'cluster.yaml', text: () => renderClusterYaml(cluster) }] : cluster.files.map((f) => ({ path: f.path, text: () => renderFile(f) }));
      const progress = io.stderr.isTTY === true;
      let bytes = 0;
      files.forEach((f, i) => {
        const target = join(dir, f.path);
        mkdirSync(dirname(target), { recursive: true });
        const text = f.text();
        writeFileSync(target, text);
        bytes += Buffer.byteLength(text);
        if (progress && (i % 50 === 0 || i === files.length - 1)) io.stderr.write(`\rkflow gen: ${i + 1}/${files.length} files`);
      });
      if (progress) io.stderr.write('\n');
      io.stdout.write(`wrote ${files.length} file(s), ${(bytes / 1e6).toFixed(1)} MB, to ${opts.out}: ${summary}\n`);
      setExit(EXIT_OK);
    });
}

function count(value: string, flag: string, min: number): number {
  if (!/^[0-9]+$/.test(value)) throw new UsageError(`${flag}: "${value}" is not a whole number`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag}: ${value} is out of range`, `Give a whole number ≥ ${min}.`);
  return n;
}
