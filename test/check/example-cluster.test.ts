import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/**
 * `kflow check examples/shop` against the answer key in examples/shop/README.md: every deliberate
 * mistake is found with the code the README names, and nothing else is reported as a warning or an
 * error. Info findings are allowed only where the README allows them (kube-system, which has no
 * default-deny by design: NP_NO_DEFAULT_DENY / POD_NOT_ISOLATED).
 */
interface JsonFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  object: string;
  file: string;
  line: number;
  message: string;
}

interface ExpectedFinding {
  code: string;
  object: string;
  file: string;
  objectLine: number;
  fieldLine: number;
}

/** The README's "Expected `kflow check` findings" table: `| # | Code | Object | File:line (object / field) |`. */
function answerKey(): ExpectedFinding[] {
  const readme = readFileSync('examples/shop/README.md', 'utf8');
  const section = readme.split('### Expected `kflow check` findings')[1]?.split('\n## ')[0] ?? '';
  const rows: ExpectedFinding[] = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*\d+\s*\|\s*`([A-Z_]+)`\s*\|\s*([^|\s]+)\s*\|\s*([\w.-]+):(\d+)\s*\/\s*(\d+)\s*\|/.exec(line);
    if (m) rows.push({ code: m[1]!, object: m[2]!, file: `examples/shop/${m[3]!}`, objectLine: Number(m[4]), fieldLine: Number(m[5]) });
  }
  return rows;
}

const ALLOWED_INFO = new Set(['NP_NO_DEFAULT_DENY', 'POD_NOT_ISOLATED']);

describe('kflow check examples/shop: the README answer key', async () => {
  const key = answerKey();
  const r = await runCli(['check', 'examples/shop', '--output', 'json']);
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  const serious = findings.filter((f) => f.severity !== 'info');

  it('the answer key is read (seven deliberate mistakes)', () => {
    expect(key).toHaveLength(7);
  });

  it('reports exactly the expected (code, object) pairs as warnings or errors', () => {
    const got = serious.map((f) => `${f.code} ${f.object}`).sort();
    const want = key.map((k) => `${k.code} ${k.object}`).sort();
    expect(got).toEqual(want);
  });

  it.each(key)('$code on $object is reported in $file', (k) => {
    const f = serious.find((x) => x.code === k.code && x.object === k.object);
    expect(f?.file).toBe(k.file);
    expect(f?.line).toBeGreaterThanOrEqual(k.objectLine);
  });

  it('the Service findings point at the faulty field (README file:line of the field)', () => {
    for (const code of ['SVC_TARGETPORT_UNRESOLVED', 'SVC_NO_ENDPOINTS']) {
      const k = key.find((x) => x.code === code)!;
      const f = serious.find((x) => x.code === code)!;
      expect(`${f.file}:${f.line}`, code).toBe(`${k.file}:${k.fieldLine}`);
    }
  });

  it('info findings only where the README allows them: kube-system', () => {
    for (const f of findings.filter((x) => x.severity === 'info')) {
      expect(ALLOWED_INFO.has(f.code), `${f.code} ${f.object}`).toBe(true);
      expect(f.object.startsWith('Namespace/kube-system') || f.object.includes('/kube-system/'), `${f.code} ${f.object}`).toBe(true);
    }
  });

  it('names the fix: the port the catalog pods expose, the label the prometheus pods carry', () => {
    const tp = findings.find((f) => f.code === 'SVC_TARGETPORT_UNRESOLVED') as JsonFinding & { hint: string };
    expect(tp.hint).toContain('targetPort: http (8080)');
    const ne = findings.find((f) => f.code === 'SVC_NO_ENDPOINTS') as JsonFinding & { hint: string };
    expect(ne.hint).toContain('app.kubernetes.io/name=prometheus');
  });
});
