import type { Command } from 'commander';
import { VIAS, analyzeEndpoints } from '../../analysis/endpoints.js';
import type { Via } from '../../layers/services/find-service.js';
import { formatEndpoints } from '../../report/endpoints-text.js';
import { styleFor } from '../../report/style.js';
import { type CliIo, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';
import { parsePort, parseProtocol } from '../options.js';

interface EndpointsOptions {
  from: string;
  service: string;
  port?: string;
  via: string;
  protocol?: string;
  output: string;
  podCidr?: string;
  verbose?: boolean;
}

export function registerEndpoints(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('endpoints')
    .description("which endpoints kube-proxy balances a Service's traffic over, from one pod's node, and why each candidate is kept or dropped")
    .argument('<paths...>', 'manifest files or folders (recursive), - for stdin')
    .requiredOption('--from <pod>', 'the client pod, ns/pod: its node handles the traffic (for nodePort, loadBalancer, externalIP: an outside client reaches that node)')
    .requiredOption('--service <ref>', 'the Service, ns/name')
    .option('--port <port>', "the Service's port (not the targetPort or nodePort)")
    .option('--via <path>', 'clusterIP, nodePort, loadBalancer or externalIP', 'clusterIP')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP, when the Service has the port for two protocols')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--pod-cidr <cidr>', 'pod CIDR for pods without an address when Nodes give none', '10.244.0.0/16')
    .option('-v, --verbose', 'also print info diagnostics')
    .addHelpText(
      'after',
      '\nExamples:\n  kflow endpoints examples/shop --from frontend/<web pod> --service shop/api --port 8080\n  kflow endpoints examples/shop --from ingress-nginx/<controller pod> --service ingress-nginx/ingress-nginx-controller --port 443 --via loadBalancer --output json',
    )
    .action((paths: string[], opts: EndpointsOptions) => {
      if (!['text', 'json'].includes(opts.output)) throw new UsageError(`--output: "${opts.output}" is not supported`, 'Use text or json.');
      if (!(VIAS as readonly string[]).includes(opts.via)) throw new UsageError(`--via: "${opts.via}" is not a way into a Service`, `Use ${VIAS.join(', ')}.`);
      if (opts.port === undefined) throw new UsageError('--port is required', "Give the Service's port, e.g. --port 80.");
      const port = parsePort(opts.port)!;
      const protocol = opts.protocol === undefined ? undefined : parseProtocol(opts.protocol);
      const { snapshot } = loadInputs(paths, opts, io);
      const result = analyzeEndpoints(snapshot, { from: opts.from, service: opts.service, port, via: opts.via as Via, ...(protocol ? { protocol } : {}) });
      if (result.kind === 'error') throw new UsageError(`${result.flag}: ${result.message}`, result.hint);
      if (opts.output === 'json') io.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
      else io.stdout.write(`${formatEndpoints(result.report, styleFor(io.stdout, io.env))}\n`);
      setExit(EXIT_OK);
    });
}
