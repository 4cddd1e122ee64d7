import type { CheckResult } from '../analysis/check/run-checks.js';

/** The JSON contract: `{"findings": [{code, severity, message, object, file, line, hint}, ...]}` plus extras. */
export function checkToJson(r: CheckResult): object {
  return {
    findings: r.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      object: f.object,
      file: f.file,
      line: f.line,
      column: f.column,
      path: f.path,
      hint: f.hint,
      ...(f.related ? { related: f.related } : {}),
    })),
    suppressed: r.suppressed.length,
    rules: r.rules.map((x) => x.code),
  };
}
