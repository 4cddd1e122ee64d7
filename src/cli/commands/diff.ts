import type { Command } from 'commander';
import { DiffTooLargeError, diffSnapshots } from '../../analysis/diff.js';
import { buildPolicyEngine } from '../../layers/policy/policy-engine.js';
import { formatDiffMarkdown, formatDiffText } from '../../report/diff-text.js';
import { styleFor } from '../../report/style.js';
import { type CliIo, EXIT_NO, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';

interface DiffArgs {
  before: string[];
  after: string[];
  output: string;
  failOnNewFlows: boolean;
  podCidr?: string;
  verbose: boolean;
}

/**
 * `kflow diff <before...> -- <after...> [options]`: options may come anywhere, including after
 * `--` (as the contract writes them), so the arguments are split by hand.
 */
export function parseDiffArgs(args: readonly string[]): DiffArgs {
  const out: DiffArgs = { before: [], after: [], output: 'text', failOnNewFlows: false, verbose: false };
  let side: 'before' | 'after' = 'before';
  let sawSeparator = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--') {
      if (sawSeparator) throw new UsageError('diff takes one -- between the before and after paths');
      sawSeparator = true;
      side = 'after';
    } else if (a === '-o' || a === '--output') out.output = value();
    else if (a.startsWith('--output=')) out.output = a.slice(9);
    else if (a === '--fail-on-new-flows') out.failOnNewFlows = true;
    else if (a === '--pod-cidr') out.podCidr = value();
    else if (a === '-v' || a === '--verbose') out.verbose = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`, 'See kflow diff --help.');
    else out[side].push(a);
  }
  if (!sawSeparator) throw new UsageError('diff needs -- between the before and after paths', 'kflow diff old/ -- new/');
  if (out.before.length === 0 || out.after.length === 0) throw new UsageError('diff needs paths on both sides of --', 'kflow diff old/ -- new/');
  if (!['text', 'json', 'markdown'].includes(out.output)) throw new UsageError(`--output: "${out.output}" is not supported`, 'Use text, json or markdown.');
  return out;
}

export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void, rawArgs: () => readonly string[]): void {
  program
    .command('diff')
    .description('what a change opens and closes: flows by workload and port, with the policy change behind each')
    .usage('<before...> -- <after...> [options]')
    .argument('[paths...]', 'before paths, --, after paths')
    .option('-o, --output <format>', 'text, json or markdown (a pull-request comment)', 'text')
    .option('--fail-on-new-flows', 'exit 1 when the change opens any flow')
    .option('--pod-cidr <cidr>', 'pod CIDR for pods without an address when Nodes give none')
    .option('-v, --verbose', 'also print info diagnostics')
    .allowUnknownOption()
    .addHelpText('after', '\nExamples:\n  kflow diff main-manifests/ -- pr-manifests/\n  kflow diff <(git show main:k8s/all.yaml) -- k8s/ --output markdown --fail-on-new-flows')
    .action(() => {
      const args = parseDiffArgs(rawArgs());
      const opts = { ...(args.podCidr ? { podCidr: args.podCidr } : {}), verbose: args.verbose };
      const before = loadInputs(args.before, opts, io).snapshot;
      const after = loadInputs(args.after, opts, io).snapshot;
      let result: ReturnType<typeof diffSnapshots>;
      try {
        result = diffSnapshots({ snapshot: before, engine: buildPolicyEngine(before) }, { snapshot: after, engine: buildPolicyEngine(after) });
      } catch (e) {
        if (!(e instanceof DiffTooLargeError)) throw e;
        throw new UsageError(e.message, 'Diff the policy change alone (the same workloads on both sides), or the namespaces concerned (their folders) rather than the whole cluster.');
      }
      if (args.output === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (args.output === 'markdown') io.stdout.write(`${formatDiffMarkdown(result)}\n`);
      else io.stdout.write(`${formatDiffText(result, styleFor(io.stdout, io.env))}\n`);
      setExit(args.failOnNewFlows && result.opened.length > 0 ? EXIT_NO : EXIT_OK);
    });
}
