import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem, type as osType, release } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly nproc: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  readonly loadAverage: readonly number[];
}

/** The machine as BENCHMARKS.md reports it (CPU model from /proc/cpuinfo where there is one). */
export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpuModel,
    nproc: availableParallelism(),
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${osType()} ${release()}`,
    loadAverage: loadavg(),
  };
}
