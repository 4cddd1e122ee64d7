import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const TINY = 'test/fixtures/tiny';

describe('kflow matrix', () => {
  it('prints the JSON contract of DESIGN.md: every ordered pair of pods, self included', async () => {
    const r = await runCli(['matrix', TINY, '--port', '8080', '--protocol', 'TCP', '--output', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { pods: string[]; allowed: Record<string, Record<string, boolean>> };
    expect(body.pods).toHaveLength(4);
    for (const s of body.pods) {
      expect(Object.keys(body.allowed[s]!).sort()).toEqual([...body.pods].sort());
      expect(body.allowed[s]![s]).toBe(true); // a pod cannot block access to itself
    }
    await expect(r.stdout).toMatchFileSnapshot('__golden__/matrix-8080.json');
  });

  it('groups by workload for people', async () => {
    const r = await runCli(['matrix', TINY, '--port', '5432']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('__golden__/matrix-5432-by-workload.txt');
  });

  it('summarises instead of printing a table bigger than --max-groups, and refuses JSON past --max-pairs (issue 5: never flood the terminal)', async () => {
    const r = await runCli(['matrix', 'examples/shop', '--port', '8080', '--max-groups', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('9 workloads: too many for a table (more than 3). A summary instead:');
    expect(r.stdout).not.toContain('from \\ to');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/matrix-8080-summary.txt');
    const huge = await runCli(['matrix', 'examples/shop', '--port', '8080', '--output', 'json', '--max-pairs', '399']);
    expect(huge.code).toBe(2);
    expect(huge.stdout).toBe('');
    expect(huge.stderr).toContain('--output json would write 400 pod pairs per port (20 pods), more than --max-pairs 399');
    expect((await runCli(['matrix', 'examples/shop', '--port', '8080', '--output', 'json', '--max-pairs', '400'])).code).toBe(0);
    const bad = await runCli(['matrix', 'examples/shop', '--max-groups', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-groups: "0" is not a positive whole number');
  });

  it('without --port covers every port a container or policy mentions', async () => {
    const r = await runCli(['matrix', TINY, '--group-by', 'namespace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5432/TCP by namespace');
    expect(r.stdout).toContain('8080/TCP by namespace');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/matrix-all-by-namespace.txt');
  });

  it('reads standard input with -', async () => {
    const text = readFileSync(`${TINY}/cluster.yaml`, 'utf8');
    const r = await runCli(['matrix', '-', '--port', '8080', '--output', 'json'], text);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).pods).toHaveLength(4);
  });
});

describe('kflow trace', () => {
  it('explains an allowed flow with the rule and its file:line', async () => {
    const r = await runCli(['trace', TINY, '--from', 'shop/deployment/web', '--to', 'shop/db-0', '--port', '5432']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NetworkPolicy/shop/db-from-web spec.ingress[0].from[0] at test/fixtures/tiny/cluster.yaml:');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/trace-web-db.txt');
  });

  it('explains a denied flow: which policy isolates the pod and that no rule allows it', async () => {
    const r = await runCli(['trace', TINY, '--from', 'tools/deployment/probe', '--to', 'shop/db-0', '--port', 'postgres', '--output', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.verdict).toBe('deny');
    expect(body.dropReason).toBe('POLICY_DENIED');
    const ingress = body.hops.find((h: { observationPoint: string }) => h.observationPoint === 'ingress');
    expect(ingress.decision).toBe('deny');
    expect(ingress.derivedFrom.map((o: { policy: string }) => o.policy).sort()).toEqual(['NetworkPolicy/shop/db-from-web', 'NetworkPolicy/shop/default-deny']);
    await expect(r.stdout).toMatchFileSnapshot('__golden__/trace-probe-db.json');
  });

  it('--expect turns a verdict into an exit code for CI', async () => {
    const denied = ['trace', TINY, '--from', 'tools/deployment/probe', '--to', 'shop/db-0', '--port', '5432'];
    expect((await runCli([...denied, '--expect', 'deny'])).code).toBe(0);
    expect((await runCli([...denied, '--expect', 'allow'])).code).toBe(1);
  });

  it('traces to an IP outside the cluster (no policy isolates egress here)', async () => {
    const r = await runCli(['trace', TINY, '--from', 'shop/deployment/web', '--to', '203.0.113.9', '--port', '443', '--output', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).verdict).toBe('allow');
  });
});

describe('bad usage and bad input exit 2 with a message, never a stack trace', () => {
  it.each([
    ['unknown pod', ['trace', TINY, '--from', 'shop/nope', '--to', 'shop/db-0', '--port', '1'], /no pod or workload shop\/nope/],
    ['unknown namespace', ['trace', TINY, '--from', 'nons/x', '--to', 'shop/db-0', '--port', '1'], /There is no namespace "nons"/],
    ['missing --port', ['trace', TINY, '--from', 'shop/db-0', '--to', 'shop/db-0'], /--port is required/],
    ['bad port', ['matrix', TINY, '--port', '99999'], /99999 is out of range/],
    ['bad protocol', ['matrix', TINY, '--port', '80', '--protocol', 'ICMP'], /is not a protocol/],
    ['bad output', ['matrix', TINY, '--output', 'xml'], /--output: "xml" is not supported/],
    ['missing path', ['matrix', 'does/not/exist'], /INPUT_NOT_FOUND/],
    ['unknown command', ['frobnicate'], /unknown command/],
    ['unknown option', ['matrix', TINY, '--bogus'], /unknown option/],
  ])('%s', async (_name, args, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  it('reports every input error together, located', async () => {
    const bad = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/33}
    ports:
    - port: 0
    - protocol: tcp
`;
    const r = await runCli(['matrix', '-'], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin>:8:17: error CIDR_INVALID');
    expect(r.stderr).toContain('<stdin>:10:7: error PORT_INVALID');
    expect(r.stderr).toContain('<stdin>:11:7: error PROTOCOL_UNSUPPORTED');
    expect(r.stderr).toContain('3 error(s)');
  });
});

describe('kflow demo', () => {
  it('tours the bundled example cluster: matrix, an allowed trace, denied traces', async () => {
    const r = await runCli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('ALLOW');
    expect(r.stdout).toContain('DENY (POLICY_DENIED)');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/demo.txt');
  });
});
