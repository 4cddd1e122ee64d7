import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { styleFor } from '../report/style.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerDiff } from './commands/diff.js';
import { registerDns } from './commands/dns.js';
import { registerEndpoints } from './commands/endpoints.js';
import { registerGen } from './commands/gen.js';
import { registerMatrix } from './commands/matrix.js';
import { registerTrace } from './commands/trace.js';
import { type CliIo, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './io.js';
import { progressLine } from './progress.js';

export const VERSION = '0.1.0';

/** Runs the CLI; returns the exit code. The only place exit codes are decided. */
export async function run(argv: readonly string[], ttyIo: CliIo): Promise<number> {
  // Progress for people at a terminal; any output clears its line first.
  const line = progressLine(ttyIo);
  const io: CliIo = {
    ...ttyIo,
    stdout: { isTTY: ttyIo.stdout.isTTY, write: (s: string) => (line.finish(), ttyIo.stdout.write(s)) },
    stderr: { isTTY: ttyIo.stderr.isTTY, write: (s: string) => (line.finish(), ttyIo.stderr.write(s)) },
    ...(line.sink ? { progress: line.sink } : {}),
  };
  let exitCode = EXIT_OK;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command();
  program
    .name('kflow')
    .description('How traffic really flows through a Kubernetes cluster, and why.')
    .version(VERSION, '--version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  registerMatrix(program, io, setExit);
  registerTrace(program, io, setExit);
  registerEndpoints(program, io, setExit);
  registerCheck(program, io, setExit, VERSION);
  registerDiff(program, io, setExit, () => (argv[0] === 'diff' ? argv.slice(1) : []));
  registerDns(program, io, setExit);
  registerDemo(program, io, setExit);
  registerGen(program, io, setExit);
  program.addHelpText('after', '\nExit codes: 0 success, 1 the analysis says no (e.g. --expect not met), 2 bad usage or bad input.');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (e instanceof InputError) return EXIT_USAGE;
    if (e instanceof UsageError) {
      const style = styleFor(io.stderr, io.env);
      io.stderr.write(`kflow: ${style.bad('error')}: ${e.message}\n`);
      if (e.hint) io.stderr.write(`    ${style.dim('hint:')} ${e.hint}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** Entry point for bin/kflow.js. Unexpected errors are kflow bugs: say so, with the stack. */
export async function main(): Promise<void> {
  // `kflow matrix ... | head`: a closed pipe ends the output quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readFileSync(0, 'utf8'),
    env: process.env,
    cwd: process.cwd(),
  };
  try {
    process.exitCode = await run(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(`kflow: internal error (a bug in kflow, please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  }
}
