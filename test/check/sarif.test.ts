import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';

/** ajv-draft-04 is CommonJS with a default export; under NodeNext the class sits on `.default`. */
type AjvValidate = ((data: unknown) => boolean) & { errors?: unknown };
type AjvCtor = new (opts: Record<string, unknown>) => { compile(schema: object): AjvValidate; validate(schema: object, data: unknown): boolean };
const Ajv = ((ajvDraft04 as unknown as { default?: unknown }).default ?? ajvDraft04) as AjvCtor;
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/**
 * The SARIF 2.1.0 output validates against the OASIS schema (the copy Microsoft's SARIF SDK ships,
 * sarif-2.1.0-rtm.5.json), and carries rule metadata GitHub code scanning displays.
 */
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

describe('kflow check --output sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with every rule described', async () => {
    const r = await runCli(['check', 'examples/shop', '--output', 'sarif']);
    expect(r.code).toBe(1); // the example has error findings
    const log = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.length).toBeGreaterThan(5);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toContain(`docs/rules/${rule.id}.md`);
    }
    expect(run.results.length).toBeGreaterThan(0);
    for (const res of run.results) expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('a schema violation is caught (the validator is live)', () => {
    const ajv = new Ajv({ strict: false, unicodeRegExp: false });
    expect(ajv.validate(schema, { version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
});

describe('kflow check other formats', () => {
  it('json follows the contract', async () => {
    const r = await runCli(['check', 'examples/shop', '--output', 'json']);
    const body = JSON.parse(r.stdout);
    for (const f of body.findings) {
      for (const k of ['code', 'severity', 'message', 'object', 'file', 'line', 'hint']) expect(f).toHaveProperty(k);
      expect(['error', 'warning', 'info']).toContain(f.severity);
    }
  });
  it('--fail-on decides the exit code', async () => {
    expect((await runCli(['check', 'examples/shop', '--fail-on', 'error'])).code).toBe(1);
    expect((await runCli(['check', 'test/fixtures/tiny', '--fail-on', 'error'])).code).toBe(0);
    expect((await runCli(['check', 'test/fixtures/tiny', '--fail-on', 'info'])).code).toBe(1);
  });
  it('junit and markdown render', async () => {
    const j = await runCli(['check', 'examples/shop', '--output', 'junit']);
    expect(j.stdout).toMatch(/^<\?xml/);
    expect(j.stdout).toContain('<testcase classname="kflow.check" name="NP_DNS_BLOCKED">');
    const m = await runCli(['check', 'examples/shop', '--output', 'markdown']);
    expect(m.stdout).toContain('| severity | code |');
  });
  it('unknown --disable code is a usage error', async () => {
    const r = await runCli(['check', 'examples/shop', '--disable', 'NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule NOPE');
  });
});
