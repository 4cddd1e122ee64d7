import type { Command } from 'commander';
import { groupMatrix, computeMatrix, matrixToJson, type GroupBy } from '../../analysis/matrix.js';
import { computeMatrixStatsForPorts, matrixStats } from '../../analysis/matrix-stats.js';
import { countGroups, summarizeMatrix } from '../../analysis/matrix-summary.js';
import { portsInUse } from '../../analysis/ports-in-use.js';
import { buildPolicyEngine } from '../../layers/policy/policy-engine.js';
import { CNI_OPTION_DESCRIPTION, parseCni } from '../cni-option.js';
import { formatGroupedMatrix, formatMatrixSummary } from '../../report/matrix-text.js';
import { styleFor } from '../../report/style.js';
import { type CliIo, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';
import { parsePort, parseProtocol } from '../options.js';

interface MatrixOptions {
  port?: string;
  maxGroups: string;
  maxPairs: string;
  protocol?: string;
  groupBy: GroupBy;
  output: 'text' | 'json' | 'stats';
  podCidr?: string;
  verbose?: boolean;
  cni?: string;
}

export function registerMatrix(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('matrix')
    .description('reachability between every pair of pods, from NetworkPolicy and cluster policies (AdminNetworkPolicy, ClusterNetworkPolicy)')
    .argument('<paths...>', 'manifest files or folders (recursive), - for stdin')
    .option('--port <port>', 'destination port (default: every port a container or policy mentions)')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP (with --port)', 'TCP')
    .option('--group-by <group>', 'text output: workload, pod or namespace', 'workload')
    .option('--max-groups <n>', 'text output: above this many groups, a summary instead of a table', '40')
    .option('--max-pairs <n>', 'json output: refuse matrices with more ordered pod pairs than this', '25000000')
    .option('-o, --output <format>', 'text, json, or stats (pair counts without the pod × pod matrix: for big clusters)', 'text')
    .option('--pod-cidr <cidr>', 'pod CIDR for pods without an address when Nodes give none', '10.244.0.0/16')
    .option('--cni <profile>', CNI_OPTION_DESCRIPTION, 'generic')
    .option('-v, --verbose', 'also print info diagnostics')
    .addHelpText('after', '\nExamples:\n  kflow matrix examples/shop --port 8080\n  kflow matrix manifests/ --port 80 --protocol TCP --output json')
    .action((paths: string[], opts: MatrixOptions) => {
      if (!['text', 'json', 'stats'].includes(opts.output)) throw new UsageError(`--output: "${opts.output}" is not supported`, 'Use text, json or stats.');
      if (!['workload', 'pod', 'namespace'].includes(opts.groupBy)) throw new UsageError(`--group-by: "${opts.groupBy}" is not supported`, 'Use workload, pod or namespace.');
      const maxGroups = Number(opts.maxGroups);
      if (!Number.isInteger(maxGroups) || maxGroups < 1) throw new UsageError(`--max-groups: "${opts.maxGroups}" is not a positive whole number`, 'For example --max-groups 100.');
      const maxPairs = Number(opts.maxPairs);
      if (!Number.isInteger(maxPairs) || maxPairs < 1) throw new UsageError(`--max-pairs: "${opts.maxPairs}" is not a positive whole number`, 'For example --max-pairs 100000000.');
      const port = parsePort(opts.port);
      const protocol = parseProtocol(opts.protocol);
      const profile = parseCni(opts.cni);
      const { snapshot } = loadInputs(paths, opts, io);
      const engine = buildPolicyEngine(snapshot, { profile, ...(io.progress ? { progress: io.progress } : {}) });
      const targets = port !== undefined ? [{ protocol, port }] : portsInUse(snapshot);
      if (opts.output === 'stats') {
        // {"pods", "identities", "allowedPairs", ...} per (protocol, port), counted from identities.
        const stats = computeMatrixStatsForPorts(engine, targets, io.progress);
        const body =
          port !== undefined
            ? stats[0]!
            : { pods: engine.index.identities.reduce((n, i) => n + i.pods.length, 0), identities: engine.index.size, networkPolicies: snapshot.networkPolicies.length, matrices: stats };
        io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return setExit(EXIT_OK);
      }
      if (opts.output === 'json') {
        // Every ordered pod pair, written out: refuse what no file or pipe could hold.
        const pods = engine.index.identities.reduce((n, i) => n + i.pods.length, 0);
        if (pods * pods > maxPairs) {
          throw new UsageError(
            `--output json would write ${(pods * pods).toLocaleString('en-US')} pod pairs per port (${pods.toLocaleString('en-US')} pods), more than --max-pairs ${maxPairs.toLocaleString('en-US')}`,
            'Use --output stats (pair counts, any size), the text summary, a narrower input, or raise --max-pairs.',
          );
        }
        const matrices = targets.map((t, i) => {
          io.progress?.({ step: `matrix ${t.port}/${t.protocol}`, done: i, total: targets.length });
          return computeMatrix(engine, t.protocol, t.port);
        });
        const body =
          port !== undefined
            ? { protocol, port, ...matrixToJson(matrices[0]!) }
            : { matrices: matrices.map((m) => ({ protocol: m.protocol, port: m.port, ...matrixToJson(m) })) };
        io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return setExit(EXIT_OK);
      }
      const style = styleFor(io.stdout, io.env);
      const idOf = (p: { key: string }) => engine.index.identityOfPod(p.key)!;
      const pods = snapshot.pods.length;
      const clusterPolicies = snapshot.clusterNetworkPolicies.length ? `, ${snapshot.clusterNetworkPolicies.length} cluster policies` : '';
      const profileNote = profile.name === 'generic' ? '' : ` (--cni ${profile.name}: ${profile.title})`;
      io.stdout.write(`${snapshot.namespaces.size} namespaces, ${pods} pods, ${engine.index.size} identities, ${snapshot.networkPolicies.length} NetworkPolicies${clusterPolicies}${profileNote}\n\n`);
      if (targets.length === 0) io.stdout.write('No ports in use: no container declares a port and no policy names one. Use --port.\n');
      for (const [i, t] of targets.entries()) {
        io.progress?.({ step: `matrix ${t.port}/${t.protocol}`, done: i, total: targets.length });
        const m = computeMatrix(engine, t.protocol, t.port);
        const title = `${t.port}/${t.protocol} by ${opts.groupBy}`;
        if (countGroups(m.pods, opts.groupBy) > maxGroups) {
          // Never a table the terminal cannot hold: totals and the largest groups instead.
          const summary = summarizeMatrix(m, opts.groupBy, idOf, matrixStats(m, idOf).allowedPairs);
          io.stdout.write(`${formatMatrixSummary(summary, title, maxGroups, style)}\n\n`);
          continue;
        }
        const g = groupMatrix(m, opts.groupBy, idOf);
        io.stdout.write(`${formatGroupedMatrix(g, title, style)}\n\n`);
      }
      setExit(EXIT_OK);
    });
}
