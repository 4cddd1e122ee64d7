import type { Command } from 'commander';
import { checkQueryName, dnsResolutionJson, parseDnsType } from '../../analysis/dns-lookup.js';
import { resolveRef } from '../../analysis/resolve-ref.js';
import { buildDnsModel } from '../../layers/dns/dns-model.js';
import { defaultOrigin } from '../../layers/dns/dns-types.js';
import { DEFAULT_NODE_RESOLV_CONF, type NodeResolvConf } from '../../layers/dns/node-resolv-conf.js';
import { resolveName } from '../../layers/dns/resolve-name.js';
import { parseIp } from '../../net/ip.js';
import { formatDiagnostic } from '../../report/diagnostics-text.js';
import { formatDnsResolution } from '../../report/dns-text.js';
import { styleFor } from '../../report/style.js';
import { type CliIo, EXIT_NO, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';

interface DnsCliOptions {
  from: string;
  name: string;
  type: string;
  output: string;
  expect?: string;
  stubResolver: string;
  assumeUpstream: string;
  nodeNameserver?: string[];
  nodeSearch?: string[];
  podCidr?: string;
  verbose?: boolean;
}

export function registerDns(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('dns')
    .description('look a name up from a pod: its resolv.conf, every name its resolver sends, and what CoreDNS answers')
    .argument('<paths...>', 'manifest files or folders (recursive), - for stdin')
    .requiredOption('--from <ref>', 'the pod asking: ns/pod (or ns/kind/name: its first pod)')
    .requiredOption('--name <name>', 'the name to look up; with --type PTR also an IP address')
    .option('--type <type>', 'A, AAAA, SRV, PTR, CNAME or TXT', 'A')
    .option('-o, --output <format>', 'text or json', 'text')
    .option('--expect <rcode>', 'exit 1 unless the rcode is this (NOERROR or NXDOMAIN): for CI')
    .option('--stub-resolver <flavor>', "the pod's resolver library: glibc or musl (Alpine)", 'glibc')
    .option('--assume-upstream <reply>', 'what a name forwarded outside the cluster gets: answer (the search stops) or nxdomain (it goes on)', 'answer')
    .option('--node-nameserver <ip...>', "the node's resolv.conf nameservers (default: one unnamed upstream)")
    .option('--node-search <domain...>', "the node's resolv.conf search domains (default: none)")
    .option('--pod-cidr <cidr>', 'pod CIDR for pods without an address when Nodes give none', '10.244.0.0/16')
    .option('-v, --verbose', 'also print info diagnostics')
    .addHelpText(
      'after',
      '\nExamples:\n  kflow dns examples/shop --from frontend/deployment/web --name api.shop\n  kflow dns examples/shop --from shop/deployment/api --name _postgres._tcp.postgres.data.svc.cluster.local --type SRV\n  kflow dns examples/shop --from shop/deployment/api --name 10.96.20.10 --type PTR --output json',
    )
    .action((paths: string[], opts: DnsCliOptions) => {
      if (!['text', 'json'].includes(opts.output)) throw new UsageError(`--output: "${opts.output}" is not supported`, 'Use text or json.');
      const type = parseDnsType(opts.type);
      if (!type) throw new UsageError(`--type: "${opts.type}" is not a query type kflow answers`, 'Use A, AAAA, SRV, PTR, CNAME or TXT.');
      if (type !== 'PTR' && parseIp(opts.name.replace(/\.$/, ''))) {
        throw new UsageError(`--name ${opts.name} is an IP address: a ${type} lookup of an address sends no DNS query`, `For the name behind an address use --type PTR (kflow dns ... --name ${opts.name} --type PTR).`);
      }
      const nameProblem = checkQueryName(opts.name, type);
      if (nameProblem) throw new UsageError(`--name: ${nameProblem}`, 'Give a DNS name such as api.shop or api.shop.svc.cluster.local.');
      const expect = opts.expect?.toUpperCase();
      if (expect !== undefined && expect !== 'NOERROR' && expect !== 'NXDOMAIN') throw new UsageError(`--expect: "${opts.expect}" is not an rcode`, 'Use NOERROR or NXDOMAIN.');
      if (opts.stubResolver !== 'glibc' && opts.stubResolver !== 'musl') throw new UsageError(`--stub-resolver: "${opts.stubResolver}" is not supported`, 'Use glibc or musl.');
      if (opts.assumeUpstream !== 'answer' && opts.assumeUpstream !== 'nxdomain') throw new UsageError(`--assume-upstream: "${opts.assumeUpstream}" is not supported`, 'Use answer or nxdomain.');
      for (const ns of opts.nodeNameserver ?? []) {
        if (!parseIp(ns)) throw new UsageError(`--node-nameserver: "${ns}" is not an IP address`, 'For example --node-nameserver 172.18.0.1.');
      }
      const nodeResolvConf: NodeResolvConf | undefined =
        opts.nodeNameserver || opts.nodeSearch
          ? {
              nameservers: opts.nodeNameserver ?? DEFAULT_NODE_RESOLV_CONF.nameservers,
              searches: (opts.nodeSearch ?? []).map((s) => s.replace(/\.$/, '')),
              options: [],
              origin: defaultOrigin('node resolv.conf (given with --node-nameserver/--node-search)'),
            }
          : undefined;

      const { snapshot } = loadInputs(paths, opts, io);
      const from = resolveRef(snapshot, opts.from, false);
      if (from.kind === 'error') throw new UsageError(`--from: ${from.message}`, from.hint);
      if (from.kind !== 'pods') throw new UsageError('--from must name a pod');
      const pod = from.pods[0]!;
      const model = buildDnsModel(snapshot, {
        stubResolver: opts.stubResolver,
        assumeUpstream: opts.assumeUpstream,
        ...(nodeResolvConf ? { nodeResolvConf } : {}),
      });
      const errStyle = styleFor(io.stderr, io.env);
      for (const d of model.diagnostics) if (opts.verbose || d.severity !== 'info') io.stderr.write(`${formatDiagnostic(d, errStyle)}\n`);
      const result = resolveName(snapshot, { pod, name: opts.name, type }, { model });
      if (opts.output === 'json') io.stdout.write(`${JSON.stringify(dnsResolutionJson(result, model), null, 2)}\n`);
      else {
        const style = styleFor(io.stdout, io.env);
        const note = from.pods.length > 1 ? `(${from.label}: ${from.pods.length} pods, showing ${pod.key}; they share one resolv.conf unless their specs differ)\n` : '';
        io.stdout.write(`${note}${formatDnsResolution(result, style)}\n`);
      }
      setExit(expect !== undefined && expect !== result.rcode ? EXIT_NO : EXIT_OK);
    });
}
