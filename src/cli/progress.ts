import type { ProgressEvent, ProgressSink } from '../model/progress.js';
import type { CliIo } from './io.js';

/**
 * Progress on stderr, one line redrawn in place, for people at a terminal: nothing at all when
 * stderr is not a TTY (pipes, CI logs, tests) or when KFLOW_NO_PROGRESS is set; nothing for work
 * that ends within `delayMs` (small inputs stay as quiet as before); at most one redraw every
 * `intervalMs`. `finish()` clears the line before results are printed.
 */
export interface ProgressLine {
  readonly sink: ProgressSink | undefined;
  finish(): void;
}

export function progressLine(io: Pick<CliIo, 'stderr' | 'env'>, now: () => number = () => performance.now(), delayMs = 400, intervalMs = 100): ProgressLine {
  if (io.stderr.isTTY !== true || io.env.KFLOW_NO_PROGRESS !== undefined) return { sink: undefined, finish: () => undefined };
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const sink = (e: ProgressEvent): void => {
    const t = now();
    if (t - start < delayMs || t - last < intervalMs) return;
    last = t;
    drawn = true;
    const count = e.total !== undefined ? ` ${e.done ?? 0}/${e.total}` : '';
    io.stderr.write(`\r\x1b[2Kkflow: ${e.step}${count} (${((t - start) / 1000).toFixed(1)} s)`);
  };
  return {
    sink,
    finish: () => {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
