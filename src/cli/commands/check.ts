import type { Command } from 'commander';
import { CHECK_RULES } from '../../analysis/check/catalog.js';
import { failsAt, runChecks } from '../../analysis/check/run-checks.js';
import { buildPolicyEngine } from '../../layers/policy/policy-engine.js';
import type { Severity } from '../../model/diagnostic.js';
import { SEVERITY_RANK } from '../../analysis/check/finding.js';
import { checkToJson } from '../../report/check-json.js';
import { checkToJunit } from '../../report/check-junit.js';
import { checkToMarkdown } from '../../report/check-markdown.js';
import { checkToSarif } from '../../report/check-sarif.js';
import { formatCheckText } from '../../report/check-text.js';
import { styleFor } from '../../report/style.js';
import { type CliIo, EXIT_NO, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';

interface CheckOptions {
  output: string;
  failOn: string;
  disable: string[];
  podCidr?: string;
  verbose?: boolean;
}

const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'];

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void, version: string): void {
  program
    .command('check')
    .description('lint the cluster\'s networking across layers: mistakes, with file:line and the fix')
    .argument('<paths...>', 'manifest files or folders (recursive), - for stdin')
    .option('-o, --output <format>', FORMATS.join(', '), 'text')
    .option('--fail-on <severity>', 'exit 1 when a finding is at least this severe: error, warning or info', 'error')
    .option('--disable <code>', 'do not run this rule (repeatable, or comma-separated)', (v: string, acc: string[]) => [...acc, ...v.split(',').map((s) => s.trim()).filter(Boolean)], [] as string[])
    .option('--pod-cidr <cidr>', 'pod CIDR for pods without an address when Nodes give none', '10.244.0.0/16')
    .option('-v, --verbose', 'also print info diagnostics')
    .addHelpText('after', `\nRules: ${CHECK_RULES.map((r) => r.code).join(', ')}.\nSilence a finding on one object with the annotation kflow.dev/ignore: CODE[,CODE].\n\nExamples:\n  kflow check examples/shop\n  kflow check manifests/ --output sarif > kflow.sarif\n  kflow check manifests/ --fail-on warning --disable NP_NO_DEFAULT_DENY`)
    .action((paths: string[], opts: CheckOptions) => {
      if (!FORMATS.includes(opts.output)) throw new UsageError(`--output: "${opts.output}" is not supported`, `Use ${FORMATS.join(', ')}.`);
      if (!(opts.failOn in SEVERITY_RANK)) throw new UsageError(`--fail-on: "${opts.failOn}" is not a severity`, 'Use error, warning or info.');
      const known = new Set(CHECK_RULES.map((r) => r.code));
      const unknown = opts.disable.filter((c) => !known.has(c));
      if (unknown.length) throw new UsageError(`--disable: unknown rule ${unknown.join(', ')}`, `Rules: ${[...known].join(', ')}.`);
      const { snapshot } = loadInputs(paths, opts, io);
      const result = runChecks(snapshot, buildPolicyEngine(snapshot, io.progress ? { progress: io.progress } : {}), { disable: opts.disable });
      const threshold = opts.failOn as Severity;
      switch (opts.output) {
        case 'json':
          io.stdout.write(`${JSON.stringify(checkToJson(result), null, 2)}\n`);
          break;
        case 'sarif':
          io.stdout.write(`${JSON.stringify(checkToSarif(result, version), null, 2)}\n`);
          break;
        case 'junit':
          io.stdout.write(checkToJunit(result, (s) => SEVERITY_RANK[s as Severity] >= SEVERITY_RANK[threshold]));
          break;
        case 'markdown':
          io.stdout.write(checkToMarkdown(result));
          break;
        default:
          io.stdout.write(`${formatCheckText(result, styleFor(io.stdout, io.env))}\n`);
      }
      setExit(failsAt(result.findings, threshold) ? EXIT_NO : EXIT_OK);
    });
}
