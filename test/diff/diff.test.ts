import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/analysis/diff.js';
import { buildPolicyEngine, loadSnapshot } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';

const EXAMPLE = 'examples/shop';

function exampleSources(edit: (file: string, text: string) => string = (_f, t) => t) {
  return readdirSync(EXAMPLE)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(EXAMPLE, f), text: edit(f, readFileSync(join(EXAMPLE, f), 'utf8')) }));
}

function diff(edit: (file: string, text: string) => string) {
  const a = loadSnapshot(exampleSources()).snapshot;
  const b = loadSnapshot(exampleSources(edit)).snapshot;
  return diffSnapshots({ snapshot: a, engine: buildPolicyEngine(a) }, { snapshot: b, engine: buildPolicyEngine(b) });
}

const flows = (list: readonly { from: string; to: string; port: number; protocol: string }[]) => list.map((f) => `${f.from} -> ${f.to} ${f.port}/${f.protocol}`);

describe('kflow diff on the example cluster', () => {
  it('no change, no flows', () => {
    const d = diff((_f, t) => t);
    expect(d.opened).toEqual([]);
    expect(d.closed).toEqual([]);
    expect(d.changedObjects).toEqual([]);
  });

  it('fixing the payments selector typo opens exactly api → payments on the gRPC port, and names the policy', () => {
    const d = diff((f, t) => (f === 'payments.yaml' ? t.replace('app: paymnets', 'app: payments') : t));
    expect(flows(d.opened)).toEqual(['shop/api -> payments/payments 50051/TCP']);
    expect(d.closed).toEqual([]);
    expect(d.opened[0]!.cause.objects.map((o) => `${o.object} ${o.change}`)).toEqual(['NetworkPolicy/payments/allow-from-api modified']);
    expect(d.opened[0]!.cause.rulesAfter.map((r) => r.policy)).toContain('NetworkPolicy/payments/allow-from-api');
  });

  it('deleting the web egress policy closes exactly what it allowed (frontend stays default-deny)', () => {
    const d = diff((f, t) =>
      f === 'frontend.yaml'
        ? t
            .split(/^---$/m)
            .filter((doc) => !/name: web-egress/.test(doc))
            .join('---')
        : t,
    );
    expect(d.changedObjects.map((c) => `${c.object} ${c.change}`)).toEqual(['NetworkPolicy/frontend/web-egress removed']);
    expect(d.opened).toEqual([]);
    expect(flows(d.closed)).toEqual(['frontend/web -> shop/api 8080/TCP']);
  });
});

describe('kflow diff CLI', () => {
  it('options may follow the -- (the contract writes them there); --fail-on-new-flows gates', async () => {
    const r = await runCli(['diff', EXAMPLE, '--', EXAMPLE, '--output', 'json', '--fail-on-new-flows']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ opened: [], closed: [] });
  });
  it('needs the -- separator', async () => {
    const r = await runCli(['diff', EXAMPLE, EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('diff needs --');
  });
});
