import type { GeneratedCounts } from '../../src/gen/generate-cluster.js';
import type { GenParams, GenProfileName } from '../../src/gen/params.js';
import type { ProfileSummary } from './cpu-profile.js';
import type { MachineInfo } from './machine.js';
import type { E2eResult, IncrementalResult, IncrementalSample, NaiveResult, PhasesResult, TraceStats } from './results.js';
import { type Timing, addTimings, subtractTiming } from './timing.js';

export interface ClusterInfo {
  readonly label: string;
  readonly dir: string;
  readonly params: GenParams;
  readonly counts: GeneratedCounts;
  readonly files: number;
  readonly bytes: number;
  readonly genMs: number;
  readonly renderMs: number;
}

export interface GrowthCell {
  readonly size: GenProfileName;
  readonly params: GenParams;
  readonly bytes: number;
  readonly result: E2eResult;
  readonly note?: string;
}

export interface BenchReport {
  readonly quick: boolean;
  readonly command: string;
  readonly date: string;
  readonly machineStart: MachineInfo;
  readonly machineEnd: MachineInfo;
  readonly benchMinutes: number;
  readonly e2eProfile: GenProfileName;
  readonly clusters: readonly ClusterInfo[];
  readonly e2e: E2eResult;
  readonly phases: PhasesResult;
  readonly naive: readonly { profile: GenProfileName; result: NaiveResult }[];
  readonly incremental: IncrementalResult;
  readonly rebuild: { readonly profile: GenProfileName; readonly result: IncrementalResult };
  readonly growth: readonly GrowthCell[];
  readonly profile?: { summary: ProfileSummary; wallMs: number; file: string };
}

const TARGETS = { e2eMs: 10_000, e2eRssMb: 2048, matrixMs: 2_000, traceMs: 10, incrementalMs: 100 };

function sec(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 100_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function wallCpu(t: Timing): string {
  return `${sec(t.wallMs)} (${sec(t.cpuMs)})`;
}

function mb(n: number): string {
  return n >= 1024 ? `${(n / 1024).toFixed(2)} GB` : `${n.toFixed(0)} MB`;
}

function yamlMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function met(ok: boolean, okOnCpu?: boolean): string {
  if (ok) return '**met**';
  return okOnCpu ? '**not met** on wall time (met on CPU time: the machine was busy)' : '**not met**';
}

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = head.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function policyOnly(r: IncrementalResult, ports: string): IncrementalSample[] {
  return r.samples.filter((x) => x.strategy === 'policy-only' && x.ports === ports);
}

function incrementalRow(r: IncrementalResult): string[] {
  const all = policyOnly(r, 'all');
  const one = policyOnly(r, '8080/TCP');
  const worst = Math.max(...all.map((x) => x.time.wallMs));
  const small = all.filter((x) => x.changedPairs < 1_000_000);
  const large = all.filter((x) => x.changedPairs >= 1_000_000);
  const fallbacks = r.samples.filter((x) => x.strategy !== 'policy-only').length;
  return [
    'one incremental policy change (`ClusterModel.apply`, changed verdicts on every port in use)',
    '< 100 ms',
    `median ${sec(median(all.map((x) => x.time.wallMs)))}, max ${sec(worst)} over ${all.length} changes ` +
      `(max ${sec(Math.max(...small.map((x) => x.time.wallMs)))} for the ${small.length} that flip under 1M pod pairs; ` +
      `max ${sec(Math.max(...large.map((x) => x.time.wallMs)))} for the ${large.length} that flip up to ${n(Math.max(...large.map((x) => x.changedPairs)))}); ` +
      `on one port: median ${sec(median(one.map((x) => x.time.wallMs)))}, max ${sec(Math.max(...one.map((x) => x.time.wallMs)))}` +
      (fallbacks ? `; ${fallbacks} of the policy changes fell back to a rebuild` : ''),
    met(worst < TARGETS.incrementalMs, Math.max(...all.map((x) => x.time.cpuMs)) < TARGETS.incrementalMs),
  ];
}

export function renderReport(r: BenchReport): string {
  const m = r.machineStart;
  const e = r.e2e;
  const large = r.clusters.find((c) => c.label.startsWith(r.e2eProfile))!;
  const matrixAll = addTimings(...e.ports.map((p) => p.time));
  const perPort = e.ports.map((p) => p.time.wallMs);
  const meanPort = perPort.reduce((a, b) => a + b, 0) / Math.max(1, perPort.length);
  const maxPort = Math.max(...perPort);
  const traces = e.traces;
  const out: string[] = [];
  const p = (s = ''): void => {
    out.push(s);
  };

  p('# kflow benchmarks');
  p();
  p(`> Regenerated by \`npm run bench\` (bench/run.ts): do not edit by hand. \`npm run bench -- --quick\` runs a subset`);
  p('> (the medium profile instead of large) into `.bench-tmp/BENCHMARKS.quick.md`; `-- --cpu-prof` adds the hot-spot section.');
  p();
  p(`- **Command**: \`${r.command}\`${r.quick ? ' (quick subset)' : ''}, ${r.benchMinutes.toFixed(1)} min in all`);
  p(`- **Date**: ${r.date}`);
  p(`- **Machine**: ${m.cpuModel}, \`nproc\` = ${m.nproc}, ${m.memoryGb.toFixed(0)} GB RAM, ${m.os}`);
  p(`- **Node**: ${m.node} (\`node --expose-gc --import tsx\`: TypeScript compiled on load)`);
  p(
    `- **Load average** (1/5/15 min) at start: ${m.loadAverage.map((x) => x.toFixed(1)).join(' / ')}; at end: ${r.machineEnd.loadAverage.map((x) => x.toFixed(1)).join(' / ')}. ` +
      'The machine may be shared: where wall time is well above CPU time, the process was waiting for a core.',
  );
  p();
  p(
    'Clusters come from `kflow gen` (src/gen, seed 1), written to `.bench-tmp/bench/` and read back from disk as `kflow matrix <dir>` reads them. ' +
      'Each measurement runs in its own Node process. Times are wall clock (`performance.now()`) with CPU time (`process.cpuUsage()`, user + system) in parentheses; ' +
      'CPU can exceed wall because V8 collects garbage on helper threads. Peak RSS is `process.resourceUsage().maxRSS` of the measuring process, ' +
      `which includes Node, tsx and the loaded modules (${mb(e.baselineRssMb)} before any work).`,
  );
  p();

  // ---------------------------------------------------------------------------------------------
  p('## Targets (issue 5)');
  p();
  const e2eLabel = `${r.e2eProfile}: ${n(e.pods)} pods, ${n(e.networkPolicies)} NetworkPolicies, ${n(e.identities)} identities`;
  p(
    table(
      ['what', 'target', 'measured', ''],
      [
        [`end to end, ${e2eLabel}: read ${yamlMb(e.bytes)} of YAML, snapshot, engine, matrix stats for all ${e.ports.length} ports in use`, '< 10 s', wallCpu(e.total), met(e.total.wallMs < TARGETS.e2eMs, e.total.cpuMs < TARGETS.e2eMs)],
        ['end to end, peak RSS', '< 2 GB', mb(e.peakRssMb), met(e.peakRssMb < TARGETS.e2eRssMb)],
        [
          'matrix step, one (protocol, port), after load (`computeMatrixStats`)',
          '< 2 s',
          `${sec(meanPort)} mean, ${sec(maxPort)} max over ${e.ports.length} ports (all ports: ${wallCpu(matrixAll)})`,
          met(maxPort < TARGETS.matrixMs, Math.max(...e.ports.map((x) => x.time.cpuMs)) < TARGETS.matrixMs),
        ],
        traces
          ? [
              'one trace after load (`tracePolicy`, one pod pair)',
              '< 10 ms',
              `median ${sec(traces.all.medianMs)}, p95 ${sec(traces.all.p95Ms)}, max ${sec(traces.all.maxMs)} (CPU: median ${sec(traces.cpu.medianMs)}, p95 ${sec(traces.cpu.p95Ms)}); ${traces.all.count} traces; the first, cold: ${sec(traces.firstMs)}`,
              met(traces.all.p95Ms < TARGETS.traceMs, traces.cpu.p95Ms < TARGETS.traceMs),
            ]
          : ['one trace after load', '< 10 ms', 'not measured', ''],
        incrementalRow(r.incremental),
      ],
    ),
  );
  p();
  if (r.e2eProfile !== 'large') p(`_Quick run: the end-to-end rows are for the **${r.e2eProfile}** profile, not large; the targets are for large._\n`);

  // ---------------------------------------------------------------------------------------------
  p(`## Where the time goes (${r.e2eProfile}, end to end)`);
  p();
  const ph = new Map(r.phases.phases.map((x) => [x.phase, x]));
  const get = (name: string): Timing => ph.get(name)?.time ?? { wallMs: Number.NaN, cpuMs: Number.NaN };
  const parse = get('YAML parse (parseDocuments)');
  const decode = get('decode + validate (decodeObjects)');
  const expand = get('expand workloads into pods (expandWorkloads)');
  const ipam = get('IPAM: place pods, allocate IPs, sort (allocatePodIps)');
  const compile = get('compile NetworkPolicies to IR');
  const identities = get('identities (IdentityIndex)');
  const reach = get('identity reachability (computeReachability)');
  const exceptions = get('node-local exceptions (rest of computeMatrix)');
  const counting = get('counting pairs (matrixStats)');
  const share = (t: Timing): string => pct(t.wallMs / e.total.wallMs);
  const k = e.ports.length;
  const classes = r.phases.portClasses;
  // The split comes from a separate process that does more work per class (reachability twice),
  // so its parts are scaled to the end-to-end run's matrix total.
  const portSum = addTimings(reach, exceptions, counting);
  const matrixShare = (t: Timing): Timing => ({ wallMs: (matrixAll.wallMs * t.wallMs) / portSum.wallMs, cpuMs: (matrixAll.cpuMs * t.cpuMs) / portSum.cpuMs });
  const rows: [string, Timing][] = [
    ['read the files (`readInputs`)', e.read],
    ['YAML parse (`parseDocuments`: js-yaml, positions found on demand)', parse],
    ['decode + validate (`decodeObjects`)', decode],
    ['expand workloads into pods (`expandWorkloads`)', expand],
    ['IPAM: place pods on nodes, allocate pod IPs (`allocatePodIps`)', ipam],
    ['rest of `loadSnapshot` (namespaces, Service IPs, diagnostics): the difference', subtractTiming(e.load, addTimings(parse, decode, expand, ipam))],
    ['compile NetworkPolicies to the IR', compile],
    ['identities (`IdentityIndex`)', identities],
    ['rule index (rest of `buildPolicyEngine`): the difference', subtractTiming(e.engine, addTimings(compile, identities))],
    [`matrix stats, all ${k} ports (${classes} port classes): identity reachability (\`computeReachability\`) ≈`, matrixShare(reach)],
    [`matrix stats, all ${k} ports: node-local exceptions (rest of \`computeMatrix\`) ≈`, matrixShare(exceptions)],
    [`matrix stats, all ${k} ports: counting pairs (\`matrixStats\`) ≈`, matrixShare(counting)],
  ];
  p(
    table(
      ['phase', 'wall (CPU)', 'share of end to end'],
      [...rows.map(([name, t]) => [name, wallCpu(t), share(t)]), ['**end to end**', `**${wallCpu(e.total)}**`, '100%']],
      ['l', 'r', 'r'],
    ),
  );
  p();
  p(
    `How the rows are measured: \`read\`, \`loadSnapshot\`, \`buildPolicyEngine\` and each port's \`computeMatrixStats\` are timed in the end-to-end run (${wallCpu(e.load)} load, ${wallCpu(e.engine)} engine, ${wallCpu(matrixAll)} matrix). ` +
      'The finer rows come from a second, equally cold process calling the same internal steps one by one; "the difference" rows are whole minus parts, so they carry the noise of both. ' +
      `The matrix rows come from timing each of the ${classes} port classes once in that second process: reachability as it first comes (the first ports also fill the selector caches), ${wallCpu(reach)}; exceptions as \`computeMatrix\` minus a second, warm reachability, ${wallCpu(exceptions)}; counting, ${wallCpu(counting)}; ` +
      'that process does more work per class (and collects more garbage), so the three are scaled to the end-to-end matrix total (≈). ' +
      `Node-local exceptions: ${r.phases.exceptions.toLocaleString('en-US')} pod pairs on ${r.phases.matrixPort} (a hostNetwork pod and a pod on its node) whose verdict differs from their identities'.`,
  );
  p();

  // ---------------------------------------------------------------------------------------------
  p(`## Matrix stats per port (${r.e2eProfile})`);
  p();
  p(
    table(
      ['port', 'wall (CPU)', 'allowed ordered pod pairs', 'of all pairs', 'node-local exceptions'],
      e.ports.map((x) => [`${x.port}/${x.protocol}`, wallCpu(x.time), n(x.allowedPairs), pct(x.allowedPairs / x.totalPairs), n(x.exceptions)]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
  );
  p();
  p('The first port also pays for cold code (JIT) and the selector caches the later ports reuse.');
  p();

  // ---------------------------------------------------------------------------------------------
  if (traces) {
    p(`## One trace (${r.e2eProfile}, after load)`);
    p();
    p(
      `\`tracePolicy(engine, [src], {pods: [dst]}, protocol, port)\` on random pod pairs (half of them inside one namespace), the port being the destination's first container port. ` +
        `A denied trace also searches for near misses. The first trace of the process took ${sec(traces.firstMs)} (cold code).`,
    );
    p();
    const row = (label: string, s: TraceStats): string[] => [label, String(s.count), sec(s.medianMs), sec(s.p95Ms), sec(s.maxMs)];
    p(table(['verdict', 'traces', 'median', 'p95', 'max'], [row('allow', traces.allow), row('deny', traces.deny), row('all', traces.all), row('all, CPU time', traces.cpu)], ['l', 'r', 'r', 'r', 'r']));
    p();
  }

  // ---------------------------------------------------------------------------------------------
  if (e.check) {
    p(`## kflow check (${r.e2eProfile}, after load)`);
    p();
    p(
      `\`runChecks\` with all ${e.check.rules} rules on the loaded cluster (what \`kflow check\` does after loading): ${wallCpu(e.check.time)}, ${n(e.check.findings)} findings. ` +
        'Not part of the end-to-end figure; it is here so that a rule that scans pods × policies shows up.',
    );
    p();
  }

  // ---------------------------------------------------------------------------------------------
  p(`## Incremental changes (${r.e2eProfile})`);
  p();
  p(
    `\`ClusterModel.apply\` on the loaded cluster (\`new ClusterModel(snapshot)\`: ${wallCpu(r.incremental.init)}): edit a policy (one more peer), add a default deny to its namespace, ` +
      'delete the policy, put it back, then open the namespace to all ingress (`podSelector: {}`, `ingress: [{}]`) and delete that again — a change that flips millions of pod pairs; ' +
      'four rounds on random policies, the changed verdicts computed on every port in use (rounds 1 and 3) or on 8080/TCP only (rounds 2 and 4).',
  );
  p();
  p(
    table(
      ['change', 'ports', 'strategy', 'wall (CPU)', 'pod pairs whose verdict changed'],
      [...r.incremental.samples, ...r.rebuild.result.samples.map((x) => ({ ...x, change: `${x.change}, on ${r.rebuild.profile}` }))].map((x) => [x.change, x.ports, x.strategy, wallCpu(x.time), n(x.changedPairs)]),
      ['l', 'l', 'l', 'r', 'r'],
    ),
  );
  p();
  p(
    'Where the time of a change goes: the derived engine (rule lists of the identities the changed policies select, proportional to the change), then per port the rows of those identities before and after. ' +
      'A change that opens a namespace to all ingress changes the rows of every identity in it for almost every source: sources not isolated for egress flip by set operations, but each port still walks the sources isolated for egress one by one against their egress rows (computed per port), ' +
      'which is why such a change costs about 5–8 ms per port, and over 100 ms on all 24 ports, while edits that flip few pairs stay well under it.',
  );
  p();
  p(
    `A change to anything but NetworkPolicies rebuilds the snapshot and the engine and compares every pair of identity parts; it is measured on ${r.rebuild.profile} only ` +
      `(after \`new ClusterModel\`: ${wallCpu(r.rebuild.result.init)}), because on large it takes far longer than the rest of this run.`,
  );
  p();

  // ---------------------------------------------------------------------------------------------
  p('## The engine against the naive oracle (one port, 8080/TCP)');
  p();
  p(
    '`bench/naive/naive-evaluator.ts` answers pod pair by pod pair by walking every policy (no index). Both sides start from the loaded snapshot. ' +
      'Engine = `buildPolicyEngine` + `computeMatrixStats` (identities, bitsets, counted pairs). Naive = `naiveMatrix` over every ordered pod pair; ' +
      'where marked *sampled*, it ran on every ordered pair among a random sample of pods (a pair\'s verdict does not depend on the other pods) and the time per pair is extrapolated to all pairs. ' +
      'Every sampled pair was also checked against the engine.',
  );
  p();
  const naiveRows = r.naive.map(({ profile, result: x }) => {
    const full = x.naiveFull;
    const s = x.naiveSample;
    const naiveMs = full ? full.time.wallMs : (s?.extrapolatedMs ?? Number.NaN);
    const how = full
      ? `${sec(full.time.wallMs)} measured${s ? `; sampled ${n(s.pods)} pods would say ${sec(s.extrapolatedMs)}` : ''}`
      : s
        ? `${sec(s.extrapolatedMs)} *sampled*: ${n(s.pods)} pods, ${n(s.pairs)} pairs in ${sec(s.time.wallMs)}, ${s.perPairUs.toFixed(1)} µs/pair × ${n(x.pods)}²`
        : '–';
    const agree = [full ? (full.agrees ? 'whole matrix: same allowed-pair count' : '**whole matrix differs**') : '', s ? `${n(s.pairs)} sampled pairs: ${s.mismatches} mismatches` : '']
      .filter(Boolean)
      .join('; ');
    const naiveCpuMs = full ? full.time.cpuMs : (s?.extrapolatedCpuMs ?? Number.NaN);
    const ratio = (a: number, b: number): string => `${Math.round(a / b).toLocaleString('en-US')}×`;
    return [profile, n(x.pods), n(x.policies), n(x.identities), how, wallCpu(x.engineStats), `${ratio(naiveMs, x.engineStats.wallMs)} (${ratio(naiveCpuMs, x.engineStats.cpuMs)})`, agree];
  });
  p(table(['profile', 'pods', 'policies', 'identities', 'naive', 'engine', 'speed-up, wall (CPU)', 'agreement'], naiveRows, ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'l']));
  p();
  const pairwise = r.naive
    .map(({ profile, result: x }) => {
      const us = x.naiveFull ? (x.naiveFull.enginePairByPair.wallMs * 1000) / x.pods ** 2 : x.naiveSample?.enginePairByPairUs;
      return us === undefined ? '' : `${profile}: ${us.toFixed(2)} µs/pair (${sec((us * x.pods ** 2) / 1000)} for all ${n(x.pods ** 2)} pairs)`;
    })
    .filter(Boolean);
  p(`For reference, asking the engine's \`PodMatrix.isAllowed\` pair by pair (what \`--output json\` does): ${pairwise.join('; ')}.`);
  p();

  // ---------------------------------------------------------------------------------------------
  p('## Growth');
  p();
  p(
    'Pods and namespaces/workloads from the small, medium and large profiles; the NetworkPolicy count varied. Same seed, so for one size the workloads are identical across policy counts. ' +
      'Load = `readInputs` + `loadSnapshot`; matrix = `computeMatrixStats` on 8080/TCP only (the end-to-end run does every port).',
  );
  p();
  p(
    table(
      ['pods', 'NetworkPolicies', 'YAML', 'identities', 'load', 'engine', 'matrix 8080/TCP', 'peak RSS', 'note'],
      r.growth.map((g) => {
        const x = g.result;
        const port = x.ports.find((q) => q.port === 8080 && q.protocol === 'TCP');
        return [n(x.pods), n(x.networkPolicies), yamlMb(g.bytes), n(x.identities), wallCpu(addTimings(x.read, x.load)), wallCpu(x.engine), port ? wallCpu(port.time) : '–', mb(x.peakRssMb), g.note ?? ''];
      }),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  p();
  p(
    `(The ${r.e2eProfile} row with its default policy count is the end-to-end run; its peak RSS covers all ${k} ports.) ` +
      'Identities split by address wherever an ipBlock cuts through the pod network: the last row is the same cluster with that one policy shape (about 0.5% of the policies) left out.',
  );
  p();

  // ---------------------------------------------------------------------------------------------
  p('## Generated clusters');
  p();
  p(
    `\`kflow gen --profile <name> --seed 1\`. Namespaces include kube-system (CoreDNS), monitoring (Prometheus, a hostNetwork node-exporter DaemonSet) and ingress-nginx. ` +
      'Nodes get a /24 podCIDR each (≤ 110 pods per node). Policies: per-namespace baselines (default deny, allow DNS, same namespace, monitoring, ingress controller) ' +
      'and per-workload shapes (pod selectors, matchExpressions, namespace selectors, combined peers, ipBlock with except, named ports, endPort ranges, egress with DNS rules).',
  );
  p();
  p(
    table(
      ['profile', 'namespaces', 'nodes', 'Deployments', 'StatefulSets', 'DaemonSets', 'Services', 'NetworkPolicies', 'pods', 'files', 'YAML', 'generate + render'],
      r.clusters.map((c) => {
        const x = c.counts;
        return [c.label.replace(/-s\d+$/, ''), n(x.namespaces), n(x.nodes), n(x.deployments), n(x.statefulSets), n(x.daemonSets), n(x.services), n(x.networkPolicies), n(x.pods), n(c.files), yamlMb(c.bytes), sec(c.genMs + c.renderMs)];
      }),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  p();

  // ---------------------------------------------------------------------------------------------
  if (r.profile) {
    const s = r.profile.summary;
    p(`## Hot spots (${r.e2eProfile} end to end under \`node --cpu-prof\`)`);
    p();
    p(
      `A separate run (${sec(r.profile.wallMs)} under the profiler; ${sec(s.totalMs)} of samples). Self time, by function and by file. Profile: \`${r.profile.file}\` ` +
        '(open it in Chrome DevTools or speedscope). `__name` is a helper tsx (esbuild keepNames) wraps around functions created at run time: it costs the compiled CLI nothing, ' +
        'but it marks closures created in hot loops.',
    );
    p();
    p(table(['self', 'share', 'function', 'where'], s.functions.map((f) => [sec(f.selfMs), pct(f.share), `\`${f.name}\``, f.location ? `\`${f.location}\`` : '']), ['r', 'r', 'l', 'l']));
    p();
    p(table(['self', 'share', 'file'], s.files.slice(0, 12).map((f) => [sec(f.selfMs), pct(f.share), `\`${f.name}\``]), ['r', 'r', 'l']));
    p();
  }
  return `${out.join('\n')}\n`;
}
