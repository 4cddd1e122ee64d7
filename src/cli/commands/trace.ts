import type { Command } from 'commander';
import { resolveRef } from '../../analysis/resolve-ref.js';
import { type TraceTarget, tracePolicy } from '../../analysis/trace.js';
import { buildPolicyEngine } from '../../layers/policy/policy-engine.js';
import { CNI_OPTION_DESCRIPTION, parseCni } from '../cni-option.js';
import { styleFor } from '../../report/style.js';
import { formatTrace } from '../../report/trace-text.js';
import { type CliIo, EXIT_NO, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';
import { parsePortOrName, parseProtocol } from '../options.js';

interface TraceOptions {
  from: string;
  to: string;
  port?: string;
  protocol?: string;
  output: 'text' | 'json';
  expect?: string;
  podCidr?: string;
  verbose?: boolean;
  cni?: string;
}

export function registerTrace(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('trace')
    .description('follow one flow hop by hop: which policies select each side and which rule decided')
    .argument('<paths...>', 'manifest files or folders (recursive), - for stdin')
    .requiredOption('--from <ref>', 'source: ns/pod or ns/kind/name (a workload: all its pods)')
    .requiredOption('--to <ref>', 'destination: ns/pod, ns/kind/name, or an IP address')
    .option('--port <port>', 'destination port number, or a container port name of the destination')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP', 'TCP')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--expect <verdict>', 'exit 1 unless the verdict is this (allow or deny): for CI')
    .option('--pod-cidr <cidr>', 'pod CIDR for pods without an address when Nodes give none', '10.244.0.0/16')
    .option('--cni <profile>', CNI_OPTION_DESCRIPTION, 'generic')
    .option('-v, --verbose', 'also print info diagnostics')
    .addHelpText('after', '\nExamples:\n  kflow trace examples/shop --from frontend/deployment/web --to api/deployment/api --port 8080\n  kflow trace dump.yaml --from shop/web-0 --to 10.0.3.7 --port 443 --output json --expect allow')
    .action((paths: string[], opts: TraceOptions) => {
      if (!['text', 'json'].includes(opts.output)) throw new UsageError(`--output: "${opts.output}" is not supported`, 'Use text or json.');
      if (opts.expect !== undefined && !['allow', 'deny'].includes(opts.expect)) throw new UsageError(`--expect: "${opts.expect}" is not a verdict`, 'Use allow or deny.');
      if (opts.port === undefined) throw new UsageError('--port is required', 'Give the destination port, e.g. --port 8080 or --port http.');
      const port = parsePortOrName(opts.port);
      const protocol = parseProtocol(opts.protocol);
      const profile = parseCni(opts.cni);
      const { snapshot } = loadInputs(paths, opts, io);
      const from = resolveRef(snapshot, opts.from, false);
      if (from.kind === 'error') throw new UsageError(`--from: ${from.message}`, from.hint);
      if (from.kind !== 'pods') throw new UsageError('--from must name pods');
      const to = resolveRef(snapshot, opts.to, true);
      if (to.kind === 'error') throw new UsageError(`--to: ${to.message}`, to.hint);
      const target: TraceTarget = to.kind === 'ip' ? { kind: 'ip', ip: to.ip } : { kind: 'pods', pods: to.pods };
      const engine = buildPolicyEngine(snapshot, { profile });
      const result = tracePolicy(engine, from.pods, target, protocol, port);
      if (result.flows.length === 0) {
        throw new UsageError(`--port ${port}: no destination pod exposes a port named "${port}"`, 'Use a port number, or a name from the destination pod\'s containers[].ports[].name.');
      }
      if (opts.output === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout.write(`${formatTrace(result, styleFor(io.stdout, io.env))}\n`);
      setExit(opts.expect !== undefined && opts.expect !== result.verdict ? EXIT_NO : EXIT_OK);
    });
}
