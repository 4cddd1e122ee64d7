import type { Command } from 'commander';
import { resolveRef } from '../../analysis/resolve-ref.js';
import { type TraceTarget, tracePolicy } from '../../analysis/trace.js';
import { type TraceSource, type TraceTargetSpec, parseTraceTarget, traceEndToEnd } from '../../analysis/trace-flow.js';
import { formatEndToEndTrace } from '../../report/trace-flow-text.js';
import { parseIp } from '../../net/ip.js';
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
  entryNode?: string;
}

export function registerTrace(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('trace')
    .description('follow one flow hop by hop: which policies select each side and which rule decided')
    .argument('<paths...>', 'manifest files or folders (recursive), - for stdin')
    .requiredOption('--from <ref>', 'source: ns/pod, ns/kind/name (a workload: all its pods), or external:IP (a client outside the cluster)')
    .requiredOption('--to <target>', 'destination: ns/pod, ns/kind/name, an IP, host:port, a DNS name, or a URL (http://api.shop:8080/path)')
    .option('--entry-node <node>', 'for an external client: the node its traffic enters at (default: the addressed node, or one the load balancer would pick)')
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
      const port = opts.port === undefined ? undefined : parsePortOrName(opts.port);
      const addressLike = /:\/\/|:\d+$/.test(opts.to);
      if (port === undefined && !addressLike) throw new UsageError('--port is required', 'Give the destination port, e.g. --port 8080 or --port http (or write host:port or a URL).');
      const protocol = parseProtocol(opts.protocol);
      const profile = parseCni(opts.cni);
      const { snapshot } = loadInputs(paths, opts, io);
      const engine = buildPolicyEngine(snapshot, { profile, ...(io.progress ? { progress: io.progress } : {}) });
      // Source: pods, or a client outside the cluster.
      let source: TraceSource;
      let sourcePods: readonly import('../../model/objects.js').PodModel[] = [];
      if (opts.from.startsWith('external:')) {
        const ip = parseIp(opts.from.slice('external:'.length));
        if (!ip) throw new UsageError(`--from: "${opts.from}" is not external:<IP>`, 'For example --from external:203.0.113.7');
        source = { kind: 'external', ip };
      } else {
        const from = resolveRef(snapshot, opts.from, false);
        if (from.kind === 'error') throw new UsageError(`--from: ${from.message}`, from.hint);
        if (from.kind !== 'pods') throw new UsageError('--from must name pods');
        sourcePods = from.pods;
        source = { kind: 'pod', pod: from.pods[0]! };
      }
      // Destination: pods (policy only, every pair), or an address/name/URL (all four layers).
      const parsed = parseTraceTarget(opts.to, typeof port === 'number' ? port : undefined);
      const podRef = !/[:]/.test(opts.to) && opts.to.split('/').length >= 2 ? resolveRef(snapshot, opts.to, false) : undefined;
      if (podRef && podRef.kind === 'pods' && source.kind === 'pod') {
        const target: TraceTarget = { kind: 'pods', pods: podRef.pods };
        if (port === undefined) throw new UsageError('--port is required', 'Give the destination port, e.g. --port 8080 or --port http.');
        const result = tracePolicy(engine, sourcePods, target, protocol, port);
        if (result.flows.length === 0) {
          throw new UsageError(`--port ${port}: no destination pod exposes a port named "${port}"`, "Use a port number, or a name from the destination pod's containers[].ports[].name.");
        }
        if (opts.output === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else io.stdout.write(`${formatTrace(result, styleFor(io.stdout, io.env))}\n`);
        setExit(opts.expect !== undefined && opts.expect !== result.verdict ? EXIT_NO : EXIT_OK);
        return;
      }
      if (podRef && podRef.kind === 'error' && opts.to.split('/').length >= 2 && !opts.to.includes('.')) throw new UsageError(`--to: ${podRef.message}`, podRef.hint);
      const targetPort = parsed.port ?? (typeof port === 'number' ? port : undefined);
      if (targetPort === undefined) throw new UsageError(`--to ${opts.to}: which port?`, 'Give --port, or write host:port or a URL.');
      let target: TraceTargetSpec;
      const ip = parseIp(parsed.host);
      if (podRef && podRef.kind === 'pods') target = { kind: 'pods', pods: podRef.pods, port: targetPort };
      else if (ip) target = { kind: 'ip', ip, port: targetPort };
      else target = { kind: 'name', host: parsed.host, port: targetPort, ...(parsed.scheme ? { scheme: parsed.scheme } : {}), ...(parsed.path ? { path: parsed.path } : {}) };
      const result = traceEndToEnd({ snapshot, engine, ...(opts.entryNode ? { entryNode: opts.entryNode } : {}) }, source, target, protocol);
      const body = sourcePods.length > 1 ? { ...result, notes: [...result.notes, `--from names ${sourcePods.length} pods; traced from ${sourcePods[0]!.key}.`] } : result;
      if (opts.output === 'json') io.stdout.write(`${JSON.stringify({ profile: profile.name, ...body }, null, 2)}\n`);
      else io.stdout.write(`${formatEndToEndTrace(body, styleFor(io.stdout, io.env))}\n`);
      setExit(opts.expect !== undefined && opts.expect !== result.verdict ? EXIT_NO : EXIT_OK);
    });
}
