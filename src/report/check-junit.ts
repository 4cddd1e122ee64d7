import type { CheckResult } from '../analysis/check/run-checks.js';
import { formatLocation } from '../model/provenance.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one testsuite, one testcase per rule; each finding at or above the threshold is a failure. */
export function checkToJunit(r: CheckResult, failOn: (severity: string) => boolean): string {
  const cases = r.rules.map((rule) => {
    const hits = r.findings.filter((f) => f.code === rule.code);
    const failing = hits.filter((f) => failOn(f.severity));
    const body = failing
      .map((f) => `      <failure type="${esc(f.code)}" message="${esc(f.message)}">${esc(`${formatLocation(f)} ${f.object}\n${f.message}\nhint: ${f.hint}`)}</failure>`)
      .join('\n');
    const out = hits.filter((f) => !failOn(f.severity)).map((f) => `${formatLocation(f)}: ${f.severity}: ${f.message}`).join('\n');
    return `    <testcase classname="kflow.check" name="${esc(rule.code)}">${body ? `\n${body}\n    ` : ''}${out ? `<system-out>${esc(out)}</system-out>` : ''}</testcase>`;
  });
  const failures = r.rules.filter((rule) => r.findings.some((f) => f.code === rule.code && failOn(f.severity))).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kflow check" tests="${r.rules.length}" failures="${failures}">\n  <testsuite name="kflow check" tests="${r.rules.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
