import type { ProgressSink } from '../model/progress.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly readStdin: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Where long work reports progress (set by `run` for a terminal; absent otherwise). */
  readonly progress?: ProgressSink;
}

/** Bad usage or bad input: exit 2, with a message and a hint, never a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Input already reported as diagnostics: exit 2. */
export class InputError extends Error {}

export const EXIT_OK = 0;
export const EXIT_NO = 1;
export const EXIT_USAGE = 2;
