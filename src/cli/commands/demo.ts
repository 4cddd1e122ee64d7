import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { computeMatrix, groupMatrix } from '../../analysis/matrix.js';
import { resolveRef } from '../../analysis/resolve-ref.js';
import { tracePolicy } from '../../analysis/trace.js';
import { buildPolicyEngine } from '../../layers/policy/policy-engine.js';
import type { Protocol } from '../../net/protocol.js';
import { formatGroupedMatrix } from '../../report/matrix-text.js';
import { styleFor } from '../../report/style.js';
import { formatTrace } from '../../report/trace-text.js';
import { parseTraceTarget, traceEndToEnd } from '../../analysis/trace-flow.js';
import { formatEndToEndTrace } from '../../report/trace-flow-text.js';
import { type CliIo, EXIT_OK, UsageError } from '../io.js';
import { loadInputs } from '../load-inputs.js';

/** The bundled example cluster, found relative to this file (src/ or dist/). */
export function exampleClusterPath(): string {
  for (const rel of ['../../../examples/shop', '../../examples/shop']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new UsageError('the bundled example cluster (examples/shop) is missing', 'Reinstall kflow, or run from a clone of the repository.');
}

interface TourStep {
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The tour: flows of the example cluster worth seeing; each is traced for real. */
const TOUR: readonly TourStep[] = [
  { title: 'An allowed flow: the storefront calls the API', from: 'frontend/deployment/web', to: 'shop/deployment/api', port: 8080, protocol: 'TCP' },
  { title: 'A denied flow: the storefront tries the database directly', from: 'frontend/deployment/web', to: 'data/statefulset/postgres', port: 5432, protocol: 'TCP' },
  {
    title: 'A flow broken by a mistake: the API calls payments (the allow rule\'s podSelector says app: paymnets)',
    from: 'shop/deployment/api',
    to: 'payments/deployment/payments',
    port: 50051,
    protocol: 'TCP',
  },
];

interface UrlStep {
  readonly title: string;
  readonly from: string;
  readonly url: string;
}

/** Cross-layer traces: DNS, Service, policy on the endpoints. */
const URL_TOUR: readonly UrlStep[] = [
  { title: 'Across all four layers: the storefront calls http://api.shop:8080/ (DNS → Service → endpoints → policy)', from: 'frontend/deployment/web', url: 'http://api.shop:8080/' },
  { title: 'An outage at DNS: postgres cannot even resolve a name (default-deny egress with no DNS rule)', from: 'data/statefulset/postgres', url: 'http://api.shop:8080/' },
];

export function registerDemo(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('a short tour on the bundled example cluster (examples/shop)')
    .action(() => {
      const dir = exampleClusterPath();
      const style = styleFor(io.stdout, io.env);
      const { snapshot } = loadInputs([dir], {}, io);
      const engine = buildPolicyEngine(snapshot);
      const out = (s = ''): void => {
        io.stdout.write(`${s}\n`);
      };
      out(style.bold('kflow demo — the example cluster in examples/shop'));
      out(`${snapshot.namespaces.size} namespaces, ${snapshot.workloads.length} workloads expanded to ${snapshot.pods.length} pods, ${snapshot.networkPolicies.length} NetworkPolicies, ${engine.index.size} identities.`);
      const shown = relative(io.cwd, dir).startsWith('..') ? dir : relative(io.cwd, dir) || '.';
      out(style.dim(`Every answer below is computed from the manifests; run \`kflow matrix ${shown}\` or \`kflow trace --help\` to ask your own.`));
      out();
      out(style.bold('1. Who can reach whom on 8080/TCP (by workload)'));
      const m = computeMatrix(engine, 'TCP', 8080);
      out(formatGroupedMatrix(groupMatrix(m, 'workload', (p) => engine.index.identityOfPod(p.key)!), '8080/TCP by workload', style));
      TOUR.forEach((step, i) => {
        out();
        out(style.bold(`${i + 2}. ${step.title}`));
        out(style.dim(`   kflow trace examples/shop --from ${step.from} --to ${step.to} --port ${step.port}`));
        const from = resolveRef(snapshot, step.from, false);
        const to = resolveRef(snapshot, step.to, false);
        if (from.kind !== 'pods' || to.kind !== 'pods') {
          out(`   (skipped: ${from.kind === 'error' ? from.message : to.kind === 'error' ? to.message : 'not pods'})`);
          return;
        }
        out(formatTrace(tracePolicy(engine, from.pods.slice(0, 1), { kind: 'pods', pods: to.pods.slice(0, 1) }, step.protocol, step.port), style));
      });
      URL_TOUR.forEach((step, i) => {
        out();
        out(style.bold(`${TOUR.length + i + 2}. ${step.title}`));
        out(style.dim(`   kflow trace examples/shop --from ${step.from} --to ${step.url}`));
        const from = resolveRef(snapshot, step.from, false);
        if (from.kind !== 'pods') return;
        const t = parseTraceTarget(step.url, undefined);
        const result = traceEndToEnd({ snapshot, engine }, { kind: 'pod', pod: from.pods[0]! }, { kind: 'name', host: t.host, port: t.port ?? 80, ...(t.scheme ? { scheme: t.scheme } : {}), ...(t.path ? { path: t.path } : {}) }, 'TCP');
        out(formatEndToEndTrace(result, style));
      });
      out();
      out(style.dim('Next: `kflow check examples/shop` lists every mistake in the cluster with the fix; `kflow dns` and `kflow endpoints` answer one layer at a time.'));
      setExit(EXIT_OK);
    });
}
