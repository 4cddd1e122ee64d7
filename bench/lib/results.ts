import type { Timing } from './timing.js';

/** What bench/measure.ts prints, per mode. */
export interface PortResult {
  readonly protocol: string;
  readonly port: number;
  readonly time: Timing;
  readonly allowedPairs: number;
  readonly totalPairs: number;
  readonly exceptions: number;
}

export interface TraceStats {
  readonly count: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface TraceResult {
  /** The first trace of the process (cold code). */
  readonly firstMs: number;
  readonly all: TraceStats;
  readonly allow: TraceStats;
  readonly deny: TraceStats;
  /** CPU time of the same traces (all verdicts). */
  readonly cpu: TraceStats;
}

export interface E2eResult {
  readonly baselineRssMb: number;
  readonly files: number;
  readonly bytes: number;
  readonly errors: number;
  readonly pods: number;
  readonly identities: number;
  readonly networkPolicies: number;
  readonly read: Timing;
  readonly load: Timing;
  readonly engine: Timing;
  readonly portsInUse: Timing;
  readonly ports: readonly PortResult[];
  readonly total: Timing;
  readonly peakRssMb: number;
  readonly retainedHeapMb: number;
  readonly traces?: TraceResult;
  /** runChecks after the load (kflow check's work), when asked. */
  readonly check?: { readonly time: Timing; readonly rules: number; readonly findings: number };
}

export interface PhaseResult {
  readonly phase: string;
  readonly time: Timing;
  readonly note?: string;
}

export interface PhasesResult {
  readonly phases: readonly PhaseResult[];
  readonly matrixPort: string;
  /** Port equivalence classes the matrix split was measured over (each once). */
  readonly portClasses: number;
  readonly exceptions: number;
  readonly identities: number;
  readonly peakRssMb: number;
}

export interface NaiveResult {
  readonly pods: number;
  readonly policies: number;
  readonly identities: number;
  /** buildPolicyEngine + computeMatrixStats for the port, from the loaded snapshot. */
  readonly engineStats: Timing;
  readonly allowedPairs: number;
  /** The oracle on every ordered pair; `enginePairByPair`: PodMatrix.isAllowed on every pair. */
  readonly naiveFull?: { readonly time: Timing; readonly allowedPairs: number; readonly agrees: boolean; readonly enginePairByPair: Timing };
  readonly naiveSample?: {
    readonly pods: number;
    readonly pairs: number;
    readonly time: Timing;
    readonly perPairUs: number;
    readonly extrapolatedMs: number;
    readonly extrapolatedCpuMs: number;
    /** PodMatrix.isAllowed per pair over the same sample, µs. */
    readonly enginePairByPairUs: number;
    readonly mismatches: number;
  };
  readonly peakRssMb: number;
}

export interface IncrementalSample {
  readonly change: string;
  /** Ports whose changed verdicts were computed: `all` (every port in use) or one. */
  readonly ports: string;
  readonly strategy: string;
  readonly time: Timing;
  readonly changedPairs: number;
}

export interface IncrementalResult {
  /** new ClusterModel(snapshot): the engine build it starts from. */
  readonly init: Timing;
  readonly samples: readonly IncrementalSample[];
  readonly peakRssMb: number;
}
