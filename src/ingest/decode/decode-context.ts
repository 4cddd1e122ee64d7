import { type Diagnostic, type Severity, diagnosticAt } from '../../model/diagnostic.js';
import type { PathSegment, Provenance } from '../../model/provenance.js';
import { typeName } from '../parse-documents.js';

export type Path = readonly PathSegment[];
export type JsonMap = Readonly<Record<string, unknown>>;

/**
 * Decoding state for one manifest object: locates fields and collects diagnostics.
 * Typed getters report wrong types as the API server's decoder would (and return undefined),
 * so one bad field never hides the others: every problem of a run is reported together.
 */
export class DecodeContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly locator: (path: Path) => Provenance,
    readonly objectId: string,
  ) {}

  loc(path: Path): Provenance {
    return this.locator(path);
  }

  report(severity: Severity, path: Path, code: string, message: string, hint?: string): void {
    const at = this.locator(path);
    const field = at.path === '' ? '' : `${at.path}: `;
    this.diagnostics.push(diagnosticAt(at, severity, code, `${field}${message}`, { object: this.objectId, ...(hint ? { hint } : {}) }));
  }

  error(path: Path, code: string, message: string, hint?: string): void {
    this.report('error', path, code, message, hint);
  }

  warn(path: Path, code: string, message: string, hint?: string): void {
    this.report('warning', path, code, message, hint);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  // ---- typed getters: `undefined`/`null` mean absent and are not errors -------------------

  map(value: unknown, path: Path): JsonMap | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.typeError(path, 'a map', value);
      return undefined;
    }
    return value as JsonMap;
  }

  list(value: unknown, path: Path): readonly unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.typeError(path, 'a list', value);
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: Path): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.typeError(path, 'a string', value);
      return undefined;
    }
    return value;
  }

  int(value: unknown, path: Path): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.typeError(path, 'an integer', value);
      return undefined;
    }
    return value;
  }

  bool(value: unknown, path: Path): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.typeError(path, 'a boolean', value);
      return undefined;
    }
    return value;
  }

  /** IntOrString: an integer or a string. */
  intOrString(value: unknown, path: Path): number | string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.typeError(path, 'an integer or a string', value);
    return undefined;
  }

  /** map[string]string, e.g. labels. Non-string values are type errors (quote `"true"`, `"1"`). */
  stringMap(value: unknown, path: Path): Record<string, string> {
    const m = this.map(value, path);
    const out: Record<string, string> = {};
    if (!m) return out;
    for (const [k, v] of Object.entries(m)) {
      if (typeof v === 'string') out[k] = v;
      else if (v === null) out[k] = '';
      else
        this.error([...path, k], 'FIELD_TYPE', `expected a string, got ${typeName(v)}`, 'Quote the value: label and annotation values are strings, e.g. "true" or "8080".');
    }
    return out;
  }

  list_of_strings(value: unknown, path: Path): string[] {
    const l = this.list(value, path) ?? [];
    const out: string[] = [];
    l.forEach((v, i) => {
      const s = this.string(v, [...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** Strict field validation: unknown fields are rejected, as `kubectl apply` (strict) does. */
  knownFields(m: JsonMap, path: Path, known: readonly string[]): void {
    for (const k of Object.keys(m)) {
      if (!known.includes(k)) {
        const close = known.find((c) => c.toLowerCase() === k.toLowerCase());
        this.error(
          [...path, k],
          'FIELD_UNKNOWN',
          `unknown field "${k}"`,
          close ? `Did you mean "${close}"? Field names are case-sensitive.` : `Known fields here: ${known.join(', ')}.`,
        );
      }
    }
  }

  private typeError(path: Path, expected: string, value: unknown): void {
    this.error(path, 'FIELD_TYPE', `expected ${expected}, got ${typeName(value)}`);
  }
}
