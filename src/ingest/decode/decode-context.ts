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

  /**
   * Strict field validation: unknown fields are rejected, as `kubectl apply` (strict) does.
   * `known` is best a Set (one lookup per field); a misspelling within edit distance 2 of a
   * known field gets a did-you-mean hint.
   */
  knownFields(m: JsonMap, path: Path, known: ReadonlySet<string> | readonly string[]): void {
    const has = isSet(known) ? (k: string) => known.has(k) : (k: string) => known.includes(k);
    for (const k in m) {
      if (!Object.prototype.hasOwnProperty.call(m, k) || has(k)) continue;
      this.error([...path, k], 'FIELD_UNKNOWN', `unknown field "${k}"`, unknownFieldHint(k, [...known], this.objectId, path));
    }
  }

  private typeError(path: Path, expected: string, value: unknown): void {
    this.error(path, 'FIELD_TYPE', `expected ${expected}, got ${typeName(value)}`);
  }
}

function isSet(known: ReadonlySet<string> | readonly string[]): known is ReadonlySet<string> {
  return !Array.isArray(known);
}

/** Absent as the API server sees it after decoding: missing or null. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Absent, null or an empty list: what `field.Required` is reported for on list fields. */
export function isAbsentOrEmpty(value: unknown): boolean {
  return isAbsent(value) || (Array.isArray(value) && value.length === 0);
}

/** The closest known field (case-insensitive edit distance ≤ 2), for a did-you-mean hint. */
export function closestField(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    if (Math.abs(c.length - lower.length) >= bestDistance) continue;
    const d = editDistance(lower, c, bestDistance);
    // A distance as large as the shorter name would "correct" anything (`ab` → `ip`).
    if (d < bestDistance && d < Math.min(lower.length, c.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function unknownFieldHint(field: string, known: readonly string[], objectId: string, path: Path): string {
  const close = closestField(field, known);
  const guess = close === undefined ? '' : close.toLowerCase() === field.toLowerCase() ? `Did you mean "${close}"? Field names are case-sensitive.` : `Did you mean "${close}"?`;
  if (known.length <= 12) return `${guess}${guess ? ' ' : ''}Known fields here: ${known.join(', ')}.`;
  if (guess) return guess;
  const kind = objectId.split('/')[0]?.toLowerCase() ?? '';
  const where = [kind, ...path.filter((p): p is string => typeof p === 'string')].join('.');
  return `\`kubectl explain ${where}\` lists the fields of this object.`;
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, so `namepsace`
 * is one edit from `namespace`); gives up early once every path reaches `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}
