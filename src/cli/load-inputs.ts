import { loadSnapshot } from '../ingest/load-snapshot.js';
import { DEFAULT_ADDRESSING } from '../ingest/expand/allocate-pod-ips.js';
import type { LoadResult } from '../model/snapshot.js';
import { parseCidr } from '../net/ip.js';
import { formatDiagnostic, summarizeDiagnostics } from '../report/diagnostics-text.js';
import { styleFor } from '../report/style.js';
import { type CliIo, InputError, UsageError } from './io.js';
import { readInputs } from './read-inputs.js';

export interface InputOptions {
  readonly podCidr?: string;
  readonly verbose?: boolean;
}

/**
 * Reads and loads the inputs, prints problems to stderr (errors and warnings; info with
 * --verbose, counted otherwise) and stops with exit 2 when any is an error.
 */
export function loadInputs(paths: readonly string[], opts: InputOptions, io: CliIo): LoadResult {
  if (paths.length === 0) throw new UsageError('no input given', 'Name manifest files or folders, or - to read standard input.');
  if (opts.podCidr !== undefined && !parseCidr(opts.podCidr)) throw new UsageError(`--pod-cidr: "${opts.podCidr}" is not a CIDR`, 'For example --pod-cidr 10.244.0.0/16.');
  const read = readInputs(paths, io.readStdin, io.cwd);
  const loaded =
    read.diagnostics.some((d) => d.severity === 'error')
      ? undefined
      : loadSnapshot(read.sources, { addressing: { ...DEFAULT_ADDRESSING, ...(opts.podCidr ? { defaultPodCidr: opts.podCidr } : {}) }, ...(io.progress ? { progress: io.progress } : {}) });
  const diagnostics = [...read.diagnostics, ...(loaded?.diagnostics ?? [])];
  const style = styleFor(io.stderr, io.env);
  const shown = diagnostics.filter((d) => opts.verbose || d.severity !== 'info');
  for (const d of shown) io.stderr.write(`${formatDiagnostic(d, style)}\n`);
  const hiddenInfo = diagnostics.length - shown.length;
  if (hiddenInfo > 0 && shown.length > 0) io.stderr.write(`(${hiddenInfo} info message(s) hidden; --verbose shows them)\n`);
  if (!loaded || diagnostics.some((d) => d.severity === 'error')) {
    io.stderr.write(`kflow: input has problems: ${summarizeDiagnostics(diagnostics)}\n`);
    throw new InputError();
  }
  if (loaded.snapshot.objects.length === 0) throw new UsageError('the input holds no Kubernetes objects', 'Check the paths; folders are searched for .yaml, .yml and .json files.');
  return loaded;
}
