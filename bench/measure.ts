/**
 * One measurement, run in its own process by bench/run.ts (so each peak RSS is its own):
 *
 *   measure.ts e2e --dir D [--ports all|8080/TCP,...] [--traces N] [--check]
 *       read the manifests under D as the CLI does, loadSnapshot, buildPolicyEngine, matrix stats
 *       for each port (default: every port in use); then N single traces.
 *   measure.ts phases --dir D [--port 8080/TCP]
 *       the same work split into phases (YAML parse, decode, expand, IPAM, ..., matrix parts).
 *   measure.ts incremental --dir D [--rounds N] [--no-rebuild]
 *       policy changes applied to the loaded cluster (ClusterModel.apply), and one rebuild.
 *   measure.ts naive --params JSON [--port 8080/TCP] [--sample N] [--full]
 *       the engine against the naive oracle (bench/naive) on one port: the whole matrix, and/or a
 *       random sample of pods (every ordered pair among them) extrapolated to the whole cluster.
 *
 * Prints one JSON object on stdout; progress goes to stderr.
 */
import { computeMatrix } from '../src/analysis/matrix.js';
import { computeMatrixStats, matrixStats, portClassKey } from '../src/analysis/matrix-stats.js';
import { portsInUse } from '../src/analysis/ports-in-use.js';
import { tracePolicy } from '../src/analysis/trace.js';
import { runChecks } from '../src/analysis/check/run-checks.js';
import { type ChangeSet, ClusterModel } from '../src/analysis/incremental.js';
import { readInputs } from '../src/cli/read-inputs.js';
import { generateCluster } from '../src/gen/generate-cluster.js';
import type { GenParams } from '../src/gen/params.js';
import { Prng } from '../src/gen/prng.js';
import { renderClusterFiles } from '../src/gen/render-cluster.js';
import { decodeObjects } from '../src/ingest/decode/decode-objects.js';
import { DEFAULT_ADDRESSING, allocatePodIps } from '../src/ingest/expand/allocate-pod-ips.js';
import { expandWorkloads } from '../src/ingest/expand/expand-workloads.js';
import { loadSnapshot } from '../src/ingest/load-snapshot.js';
import { type ParsedObject, parseDocuments } from '../src/ingest/parse-documents.js';
import type { SourceText } from '../src/ingest/source-text.js';
import { compileNetworkPolicies } from '../src/layers/policy/compile-network-policy.js';
import { computeReachability } from '../src/layers/policy/compute-reachability.js';
import { IdentityIndex } from '../src/layers/policy/identities.js';
import { type PolicyEngine, buildPolicyEngine } from '../src/layers/policy/policy-engine.js';
import type { PodModel } from '../src/model/objects.js';
import { isActivePod } from '../src/model/snapshot.js';
import type { Protocol } from '../src/net/protocol.js';
import { naiveObjects } from './lib/naive-input.js';
import type { E2eResult, IncrementalResult, IncrementalSample, NaiveResult, PhaseResult, PhasesResult, PortResult, TraceResult, TraceStats } from './lib/results.js';
import { type Timing, heapUsedMb, peakRssMb, percentile, subtractTiming, timed } from './lib/timing.js';

const addTiming = (a: Timing, b: Timing): Timing => ({ wallMs: a.wallMs + b.wallMs, cpuMs: a.cpuMs + b.cpuMs });
import { naiveMatrix } from './naive/naive-evaluator.js';

const MB = 1024 * 1024;
const baselineRssMb = process.memoryUsage().rss / MB;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function log(msg: string): void {
  process.stderr.write(`    ${msg}\n`);
}

function parsePortArg(text: string): { protocol: Protocol; port: number } {
  const [port, protocol = 'TCP'] = text.split('/');
  return { port: Number(port), protocol: protocol.toUpperCase() as Protocol };
}

function fmt(t: Timing): string {
  return `${(t.wallMs / 1000).toFixed(2)} s (cpu ${(t.cpuMs / 1000).toFixed(2)} s)`;
}

function identityOf(engine: PolicyEngine): (p: PodModel) => number {
  return (p) => engine.index.identityOfPod(p.key)!;
}

// ---------------------------------------------------------------------------------------------

function e2e(): E2eResult {
  const dir = arg('dir')!;
  const portsArg = arg('ports') ?? 'all';
  const traceCount = Number(arg('traces') ?? 0);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const read = timed(() => readInputs([dir], () => ''));
  log(`read ${read.value.sources.length} files: ${fmt(read.time)}`);
  const load = timed(() => loadSnapshot(read.value.sources));
  const errors = load.value.diagnostics.filter((d) => d.severity === 'error').length;
  log(`loadSnapshot: ${fmt(load.time)}, ${load.value.snapshot.pods.length} pods, ${errors} errors`);
  const snapshot = load.value.snapshot;
  const engine = timed(() => buildPolicyEngine(snapshot));
  log(`buildPolicyEngine: ${fmt(engine.time)}, ${engine.value.index.size} identities`);
  const targets = timed(() => (portsArg === 'all' ? portsInUse(snapshot) : portsArg.split(',').map(parsePortArg)));
  const ports: PortResult[] = [];
  // Ports in one equivalence class (every rule's port condition alike) share one computation.
  const classes = new Map<string, ReturnType<typeof computeMatrixStats>>();
  for (const t of targets.value) {
    const s = timed(() => {
      const key = portClassKey(engine.value, t.protocol, t.port);
      let v = classes.get(key);
      if (!v) classes.set(key, (v = computeMatrixStats(engine.value, t.protocol, t.port)));
      return v;
    });
    ports.push({ protocol: t.protocol, port: t.port, time: s.time, allowedPairs: s.value.allowedPairs, totalPairs: s.value.totalPairs, exceptions: s.value.exceptions });
    log(`matrix stats ${t.port}/${t.protocol}: ${fmt(s.time)}`);
  }
  const c = process.cpuUsage(c0);
  const total: Timing = { wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
  const peak = peakRssMb();
  const retained = heapUsedMb();
  log(`end to end: ${fmt(total)}, peak RSS ${peak.toFixed(0)} MB`);

  let traces: TraceResult | undefined;
  if (traceCount > 0) {
    // Random pod pairs, half of them inside one namespace (more of those are allowed); the port is
    // the destination's first container port. Denied traces also look for near misses.
    const rng = new Prng(7);
    const pods = snapshot.pods.filter((p) => isActivePod(p) && !p.hostNetwork && p.ports.length > 0);
    const byNamespace = new Map<string, PodModel[]>();
    for (const p of pods) byNamespace.set(p.namespace, [...(byNamespace.get(p.namespace) ?? []), p]);
    const times: Record<'allow' | 'deny', number[]> = { allow: [], deny: [] };
    const cpu: number[] = [];
    let first = 0;
    for (let i = 0; i < traceCount; i++) {
      const src = rng.pick(pods);
      const dst = i % 2 === 0 ? rng.pick(byNamespace.get(src.namespace)!) : rng.pick(pods);
      const port = dst.ports[0]!;
      const t = timed(() => tracePolicy(engine.value, [src], { kind: 'pods', pods: [dst] }, port.protocol, port.containerPort));
      if (i === 0) first = t.time.wallMs;
      else {
        times[t.value.verdict === 'allow' ? 'allow' : 'deny'].push(t.time.wallMs);
        cpu.push(t.time.cpuMs);
      }
    }
    const summary = (list: number[]): TraceStats => {
      const sorted = [...list].sort((a, b) => a - b);
      return { count: sorted.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted[sorted.length - 1] ?? Number.NaN };
    };
    traces = { firstMs: first, all: summary([...times.allow, ...times.deny]), allow: summary(times.allow), deny: summary(times.deny), cpu: summary(cpu) };
    log(`traces: first ${first.toFixed(2)} ms; ${JSON.stringify(traces.all)}`);
  }
  // `kflow check`'s work after the same load: every rule, findings sorted (positions read).
  let check: E2eResult['check'];
  if (process.argv.includes('--check')) {
    const c = timed(() => runChecks(snapshot, engine.value));
    check = { time: c.time, rules: c.value.rules.length, findings: c.value.findings.length };
    log(`check: ${fmt(c.time)}, ${check.findings} findings`);
  }
  return {
    baselineRssMb,
    files: read.value.sources.length,
    bytes: read.value.sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0),
    errors,
    pods: snapshot.pods.filter(isActivePod).length,
    identities: engine.value.index.size,
    networkPolicies: snapshot.networkPolicies.length,
    read: read.time,
    load: load.time,
    engine: engine.time,
    portsInUse: targets.time,
    ports,
    total,
    peakRssMb: peak,
    retainedHeapMb: retained,
    ...(traces ? { traces } : {}),
    ...(check ? { check } : {}),
  };
}

// ---------------------------------------------------------------------------------------------

function phases(): PhasesResult {
  const dir = arg('dir')!;
  const { protocol, port } = parsePortArg(arg('port') ?? '8080/TCP');
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const read = timed(() => readInputs([dir], () => ''));
  const sources = read.value.sources;
  const out: PhaseResult[] = [{ phase: 'read files', time: read.time }];
  {
    const parse = timed(() => {
      const parsed: ParsedObject[] = [];
      for (const s of sources) parsed.push(...parseDocuments(s).objects);
      return parsed;
    });
    log(`parse: ${fmt(parse.time)}`);
    const decode = timed(() => decodeObjects(parse.value));
    log(`decode: ${fmt(decode.time)}`);
    const d = decode.value;
    const expand = timed(() => expandWorkloads(d.workloads, d.pods, d.nodes));
    log(`expand: ${fmt(expand.time)}`);
    const ipam = timed(() => allocatePodIps(expand.value, d.nodes, DEFAULT_ADDRESSING).pods.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
    log(`ipam: ${fmt(ipam.time)}`);
    out.push(
      { phase: 'YAML parse (parseDocuments)', time: parse.time },
      { phase: 'decode + validate (decodeObjects)', time: decode.time },
      { phase: 'expand workloads into pods (expandWorkloads)', time: expand.time },
      { phase: 'IPAM: place pods, allocate IPs, sort (allocatePodIps)', time: ipam.time },
    );
  }
  gc();
  // The rest of loadSnapshot is the cold whole (measured by the e2e run) minus these steps (run.ts).
  const snapshot = loadSnapshot(sources).snapshot;
  // Engine parts, each cold, before buildPolicyEngine (the rule index is the rest of the e2e run's engine time).
  const compile = timed(() => compileNetworkPolicies(snapshot.networkPolicies));
  const index = timed(() => new IdentityIndex(snapshot, compile.value));
  log(`compile: ${fmt(compile.time)}; identities: ${fmt(index.time)}`);
  out.push({ phase: 'compile NetworkPolicies to IR', time: compile.time }, { phase: 'identities (IdentityIndex)', time: index.time });
  const engine = buildPolicyEngine(snapshot);
  // The matrix split over every port in use, each port class once, as the e2e run computes it: the
  // first reachability of a class is timed as it comes (the first ports also fill the selector
  // caches); the exceptions are computeMatrix minus a second, warm reachability.
  let reach: Timing = { wallMs: 0, cpuMs: 0 };
  let exceptions: Timing = { wallMs: 0, cpuMs: 0 };
  let counting: Timing = { wallMs: 0, cpuMs: 0 };
  let exceptionPairs = 0;
  const seen = new Set<string>();
  for (const t of portsInUse(snapshot)) {
    const key = portClassKey(engine, t.protocol, t.port);
    if (seen.has(key)) continue;
    seen.add(key);
    const first = timed(() => computeReachability(engine, t.protocol, t.port));
    const again = timed(() => computeReachability(engine, t.protocol, t.port));
    const matrix = timed(() => computeMatrix(engine, t.protocol, t.port));
    const count = timed(() => matrixStats(matrix.value, identityOf(engine)));
    reach = addTiming(reach, first.time);
    exceptions = addTiming(exceptions, subtractTiming(matrix.time, again.time));
    counting = addTiming(counting, count.time);
    if (t.port === port && t.protocol === protocol) exceptionPairs = matrix.value.exceptionPairs;
  }
  log(`matrix split over ${seen.size} port classes: reachability ${fmt(reach)}, exceptions ${fmt(exceptions)}, counting ${fmt(counting)}`);
  out.push(
    { phase: 'identity reachability (computeReachability)', time: reach },
    { phase: 'node-local exceptions (rest of computeMatrix)', time: exceptions, note: `${exceptionPairs} exception pairs on ${port}/${protocol} (hostNetwork pod → pod on its node)` },
    { phase: 'counting pairs (matrixStats)', time: counting },
  );
  return { phases: out, matrixPort: `${port}/${protocol}`, portClasses: seen.size, exceptions: exceptionPairs, identities: engine.index.size, peakRssMb: peakRssMb() };
}

// ---------------------------------------------------------------------------------------------

function naive(): NaiveResult {
  const params = JSON.parse(arg('params')!) as GenParams;
  const { protocol, port } = parsePortArg(arg('port') ?? '8080/TCP');
  const sample = Number(arg('sample') ?? 0);
  const full = process.argv.includes('--full');
  const cluster = generateCluster(params);
  const { snapshot } = loadSnapshot(renderClusterFiles(cluster).map((f) => ({ file: f.path, text: f.text })));
  const pods = snapshot.pods.filter(isActivePod);
  const n = pods.length;
  // The engine, from the loaded snapshot: build it and count the matrix; then every pair one by one.
  const engineStats = timed(() => {
    const engine = buildPolicyEngine(snapshot);
    return { engine, stats: computeMatrixStats(engine, protocol, port) };
  });
  const engine = engineStats.value.engine;
  const m = computeMatrix(engine, protocol, port);
  const countPairs = (list: readonly PodModel[]): number => {
    let allowed = 0;
    for (const s of list) for (const d of list) if (m.isAllowed(s, d)) allowed++;
    return allowed;
  };
  log(`engine: build + stats ${fmt(engineStats.time)}`);
  let naiveFull: NaiveResult['naiveFull'];
  if (full) {
    const objects = naiveObjects(cluster, snapshot);
    const t = timed(() => naiveMatrix(objects, port, protocol));
    let allowed = 0;
    for (const row of t.value.values()) for (const v of row.values()) if (v) allowed++;
    const pairs = timed(() => countPairs(m.pods));
    log(`naive, whole matrix: ${fmt(t.time)}; allowed ${allowed} (engine ${engineStats.value.stats.allowedPairs}); engine pair by pair ${fmt(pairs.time)}`);
    naiveFull = { time: t.time, allowedPairs: allowed, agrees: allowed === engineStats.value.stats.allowedPairs && allowed === pairs.value, enginePairByPair: pairs.time };
  }
  let naiveSample: NaiveResult['naiveSample'];
  if (sample > 0) {
    const rng = new Prng(11);
    const chosen = rng.sample(pods, Math.min(sample, n));
    const keys = new Set(chosen.map((p) => p.key));
    const objects = naiveObjects(cluster, snapshot, keys);
    const t = timed(() => naiveMatrix(objects, port, protocol));
    const enginePairs = timed(() => countPairs(chosen));
    let mismatches = 0;
    for (const s of chosen) for (const d of chosen) if (t.value.get(s.key)?.get(d.key) !== m.isAllowed(s, d)) mismatches++;
    const pairs = chosen.length ** 2;
    const perPairUs = (t.time.wallMs * 1000) / pairs;
    log(`naive, ${chosen.length} sampled pods (${pairs} pairs): ${fmt(t.time)}, ${perPairUs.toFixed(2)} µs/pair, ${mismatches} mismatches`);
    naiveSample = {
      pods: chosen.length,
      pairs,
      time: t.time,
      perPairUs,
      extrapolatedMs: (perPairUs * n * n) / 1000,
      extrapolatedCpuMs: (t.time.cpuMs / pairs) * n * n,
      enginePairByPairUs: (enginePairs.time.wallMs * 1000) / pairs,
      mismatches,
    };
  }
  return {
    pods: n,
    policies: snapshot.networkPolicies.length,
    identities: engine.index.size,
    engineStats: engineStats.time,
    allowedPairs: engineStats.value.stats.allowedPairs,
    ...(naiveFull ? { naiveFull } : {}),
    ...(naiveSample ? { naiveSample } : {}),
    peakRssMb: peakRssMb(),
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Policy changes applied to a loaded cluster (ClusterModel.apply): edit a policy (one more peer),
 * add a default deny to a namespace, delete a policy, put it back; each applied with the changed
 * verdicts computed on every port in use, and again on one port. Then one change that is not a
 * policy (a Deployment's pod labels), which rebuilds.
 */
function incremental(): IncrementalResult {
  const dir = arg('dir')!;
  const rounds = Number(arg('rounds') ?? 4);
  const { snapshot } = loadSnapshot(readInputs([dir], () => '').sources);
  const init = timed(() => new ClusterModel(snapshot));
  const model = init.value;
  log(`ClusterModel: ${fmt(init.time)}`);
  const rng = new Prng(5);
  const policies = snapshot.objects.filter((o) => o.kind === 'NetworkPolicy' && o.name.includes('-allow-'));
  const text = (body: unknown): SourceText[] => [{ file: 'change.yaml', text: JSON.stringify(body) }];
  const samples: IncrementalSample[] = [];
  const run = (label: string, change: ChangeSet, onePort: boolean): void => {
    const t = timed(() => model.apply(change, onePort ? [{ protocol: 'TCP', port: 8080 }] : undefined));
    const changedPairs = t.value.changes.reduce((n, c) => n + c.pairs, 0);
    samples.push({ change: label, ports: onePort ? '8080/TCP' : 'all', strategy: t.value.strategy, time: t.time, changedPairs });
    log(`${label} (${onePort ? '8080/TCP' : 'every port'}): ${t.value.strategy}, ${fmt(t.time)}, ${changedPairs} pod pairs changed`);
  };
  for (let i = 0; i < rounds; i++) {
    const onePort = i % 2 === 1;
    const np = rng.pick(policies);
    const body = np.body as { metadata: { name: string; namespace: string }; spec: { ingress?: { from?: unknown[] }[] } };
    const edited = structuredClone(body);
    const rule = edited.spec.ingress?.[0];
    if (rule) rule.from = [...(rule.from ?? []), { podSelector: { matchLabels: { app: 'bench-client' } } }];
    run('edit a policy (one more peer)', { upsert: text(edited) }, onePort);
    const ns = body.metadata.namespace;
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `bench-deny-${i}`, namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    run('add a default deny to a namespace', { upsert: text(deny) }, onePort);
    run('delete a policy', { delete: [`NetworkPolicy/${ns}/${body.metadata.name}`] }, onePort);
    run('put the policy back', { upsert: text(body) }, onePort);
    // A change that flips many verdicts: every pod of the namespace opened to all ingress, and closed again.
    const open = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `bench-open-${i}`, namespace: ns }, spec: { podSelector: {}, ingress: [{}] } };
    run('allow all ingress to a namespace', { upsert: text(open) }, onePort);
    run('delete that policy', { delete: [`NetworkPolicy/${ns}/bench-open-${i}`] }, onePort);
  }
  const workload = snapshot.objects.find((o) => o.kind === 'Deployment' && o.namespace !== 'kube-system');
  if (workload && !process.argv.includes('--no-rebuild')) {
    const relabelled = structuredClone(workload.body) as { spec: { template: { metadata: { labels: Record<string, string> } } } };
    relabelled.spec.template.metadata.labels['bench'] = 'relabelled';
    run('relabel a Deployment\'s pods (not a policy: rebuild)', { upsert: text(relabelled) }, true);
  }
  return { init: init.time, samples, peakRssMb: peakRssMb() };
}

const mode = process.argv[2];
const result =
  mode === 'e2e' ? e2e() : mode === 'phases' ? phases() : mode === 'naive' ? naive() : mode === 'incremental' ? incremental() : undefined;
if (result === undefined) {
  process.stderr.write('usage: measure.ts e2e|phases|naive|incremental ...\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
