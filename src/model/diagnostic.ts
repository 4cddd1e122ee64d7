import type { Provenance } from './provenance.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem with the user's input, as a value. Codes are stable: scripts and docs rely on them.
 * Exceptions are reserved for kflow's own bugs.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The object, as `Kind/namespace/name`, when known. */
  readonly object?: string;
  /** The field path inside the object. */
  readonly path: string;
  readonly hint?: string;
}

export function diagnosticAt(
  at: Provenance,
  severity: Severity,
  code: string,
  message: string,
  extra: { hint?: string; object?: string } = {},
): Diagnostic {
  return {
    severity,
    code,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    path: at.path,
    ...(extra.object !== undefined ? { object: extra.object } : {}),
    ...(extra.hint !== undefined ? { hint: extra.hint } : {}),
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, line, column, then severity. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code),
  );
}
