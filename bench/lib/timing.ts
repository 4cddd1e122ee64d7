/** Wall and CPU time of one step (CPU = user + system of this process: more than wall when GC threads help, less when the machine is busy). */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export function timed<T>(fn: () => T): { value: T; time: Timing } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, time: { wallMs, cpuMs: (c.user + c.system) / 1000 } };
}

export function addTimings(...ts: readonly Timing[]): Timing {
  return { wallMs: ts.reduce((n, t) => n + t.wallMs, 0), cpuMs: ts.reduce((n, t) => n + t.cpuMs, 0) };
}

export function subtractTiming(a: Timing, b: Timing): Timing {
  return { wallMs: Math.max(0, a.wallMs - b.wallMs), cpuMs: Math.max(0, a.cpuMs - b.cpuMs) };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function heapUsedMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
