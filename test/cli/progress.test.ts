import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { progressLine } from '../../src/cli/progress.js';
import { loadSnapshot } from '../../src/index.js';
import type { ProgressEvent } from '../../src/model/progress.js';
import { runCli } from './run-cli.js';

/**
 * Issue 5: long loads show progress on a TTY and stay quiet when piped. The library reports steps
 * to a sink; the CLI draws them on stderr only for a terminal, only once work has run a while,
 * throttled, and clears the line before any output.
 */
function fakeStderr(isTTY: boolean): { isTTY: boolean; write: (s: string) => boolean; text: () => string } {
  let text = '';
  return { isTTY, write: (s: string) => ((text += s), true), text: () => text };
}

describe('progress line (CLI)', () => {
  it('is off when stderr is not a terminal, or with KFLOW_NO_PROGRESS', () => {
    expect(progressLine({ stderr: fakeStderr(false), env: {} }).sink).toBeUndefined();
    expect(progressLine({ stderr: fakeStderr(true), env: { KFLOW_NO_PROGRESS: '1' } }).sink).toBeUndefined();
  });

  it('on a terminal: silent for short work, then one redrawn line at most every interval, cleared by finish', () => {
    let t = 0;
    const stderr = fakeStderr(true);
    const line = progressLine({ stderr, env: {} }, () => t, 400, 100);
    line.sink!({ step: 'parsing manifests', done: 1, total: 10 });
    t = 300;
    line.sink!({ step: 'parsing manifests', done: 2, total: 10 });
    expect(stderr.text()).toBe(''); // under the delay: nothing drawn
    t = 500;
    line.sink!({ step: 'parsing manifests', done: 3, total: 10 });
    t = 550;
    line.sink!({ step: 'parsing manifests', done: 4, total: 10 }); // within the interval: skipped
    t = 700;
    line.sink!({ step: 'matrix 8080/TCP', done: 0, total: 24 });
    expect(stderr.text()).toBe('\r\x1b[2Kkflow: parsing manifests 3/10 (0.5 s)\r\x1b[2Kkflow: matrix 8080/TCP 0/24 (0.7 s)');
    line.finish();
    expect(stderr.text().endsWith('\r\x1b[2K')).toBe(true);
    const cleared = stderr.text().length;
    line.finish(); // nothing drawn since: nothing to clear
    expect(stderr.text().length).toBe(cleared);
  });

  it('a terminal run prints the same results as a piped one (short work draws no progress)', async () => {
    const piped = await runCli(['matrix', 'examples/shop', '--port', '8080', '--output', 'stats']);
    let stdout = '';
    const stderr = fakeStderr(true);
    const code = await run(['matrix', 'examples/shop', '--port', '8080', '--output', 'stats'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr,
      readStdin: () => '',
      env: {},
      cwd: new URL('../..', import.meta.url).pathname,
    });
    expect(code).toBe(piped.code);
    expect(stdout).toBe(piped.stdout);
    expect(stderr.text()).toBe(piped.stderr);
  });
});

describe('progress events (library)', () => {
  it('loadSnapshot reports each source parsed, in order, then the build steps', () => {
    const events: ProgressEvent[] = [];
    const sources = ['a', 'b', 'c'].map((n) => ({ file: `${n}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n` }));
    loadSnapshot(sources, { progress: (e) => events.push(e) });
    expect(events.filter((e) => e.step === 'parsing manifests')).toEqual([0, 1, 2].map((done) => ({ step: 'parsing manifests', done, total: 3 })));
    expect(events.map((e) => e.step).filter((s) => s !== 'parsing manifests')).toEqual(['decoding and validating objects', 'expanding workloads into pods', 'allocating pod addresses']);
  });
});
