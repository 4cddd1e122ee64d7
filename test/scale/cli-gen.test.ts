import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kflow-gen-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kflow gen (CLI)', () => {
  it('prints one YAML stream that kflow matrix reads back; --output stats counts its pairs', async () => {
    const gen = await runCli(['gen', '--profile', 'tiny', '--seed', '3']);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^apiVersion: v1\nkind: Node\n/);
    expect(await runCli(['gen', '--profile', 'tiny', '--seed', '3'])).toEqual(gen);
    const stats = await runCli(['matrix', '-', '--port', '8080', '--output', 'stats'], gen.stdout);
    expect(stats.code).toBe(0);
    const body = JSON.parse(stats.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({ protocol: 'TCP', port: 8080, pods: 30, totalPairs: 900 });
    expect(typeof body['allowedPairs']).toBe('number');
    expect(typeof body['identities']).toBe('number');
    // Without --port: every port in use, with the totals once.
    const all = JSON.parse((await runCli(['matrix', '-', '--output', 'stats'], gen.stdout)).stdout) as { pods: number; matrices: { port: number; allowedPairs: number }[] };
    expect(all.pods).toBe(30);
    expect(all.matrices.find((m) => m.port === 8080)?.allowedPairs).toBe(body['allowedPairs']);
    // The stats agree with the full JSON matrix.
    const json = JSON.parse((await runCli(['matrix', '-', '--port', '8080', '--output', 'json'], gen.stdout)).stdout) as { allowed: Record<string, Record<string, boolean>> };
    const allowed = Object.values(json.allowed).reduce((n, row) => n + Object.values(row).filter(Boolean).length, 0);
    expect(allowed).toBe(body['allowedPairs']);
  });

  it('writes nodes.yaml and a file per namespace with --out; refuses a folder that is not empty', async () => {
    const dir = tempDir();
    const r = await runCli(['gen', '--profile', 'tiny', '--seed', '1', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 6 file\(s\)/);
    expect(readdirSync(dir).sort()).toEqual(['namespaces', 'nodes.yaml']);
    expect(readdirSync(join(dir, 'namespaces')).sort()).toContain('kube-system.yaml');
    const again = await runCli(['gen', '--profile', 'tiny', '--out', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    const single = tempDir();
    expect((await runCli(['gen', '--profile', 'tiny', '--seed', '1', '--out', single, '--layout', 'single'])).code).toBe(0);
    const text = readFileSync(join(single, 'cluster.yaml'), 'utf8');
    expect(text).toBe((await runCli(['gen', '--profile', 'tiny', '--seed', '1'])).stdout);
    const check = await runCli(['matrix', dir, '--port', '8080', '--output', 'stats']);
    expect(check.code).toBe(0);
  });

  it.each([
    [['gen', '--profile', 'huge'], /--profile/],
    [['gen', '--seed', 'x'], /--seed/],
    [['gen', '--pods', '5'], /pods must be at least/],
    [['gen', '--layout', 'zip', '--out', 'x'], /--layout/],
  ])('%j is bad usage (exit 2)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
