/**
 * metav1.LabelSelector validation on the raw (decoded-from-YAML) object, as the API server does it.
 *
 * Facts from k8s.io/apimachinery pkg/apis/meta/v1/validation/validation.go (v0.36):
 * - ValidateLabelSelector: ValidateLabels(matchLabels, path.matchLabels), then each
 *   ValidateLabelSelectorRequirement(matchExpressions[i]).
 * - ValidateLabels reports every key and value error at `matchLabels` itself (no per-key path).
 * - ValidateLabelSelectorRequirement, in this order:
 *     In/NotIn with no values        → Required  values  "must be specified when `operator` is 'In' or 'NotIn'"
 *     Exists/DoesNotExist with values → Forbidden values  "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
 *     any other operator             → Invalid   operator "not a valid selector operator"
 *     then ValidateLabelName(key) at `key`, then IsValidLabelValue for each value at `values[j]`
 *     (values are checked even when they are forbidden).
 *
 * Messages are field.Error.ErrorBody() strings, i.e. what the API server puts in a StatusCause:
 * `Invalid value: "-key": name part must consist of ...`, `Required value: must be specified ...`.
 *
 * Two kinds of issue are kflow's own, because upstream rejects them while decoding, before validation:
 * a value of the wrong JSON type (`FieldValueTypeInvalid`, "must be of type ...") and a field that
 * LabelSelector does not have (`UnknownField`, as strict field validation reports it). A JSON null
 * decodes to the zero value (an absent list, an empty string), exactly as Go's decoder does.
 */
import { isQualifiedName, isValidLabelValue } from './names.js';

export type FieldPath = (string | number)[];

export type SelectorIssueType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueForbidden'
  | 'FieldValueTypeInvalid'
  | 'UnknownField';

export interface SelectorIssue {
  /** Relative to the selector: ['matchExpressions', 0, 'values'], ['matchLabels'], ... */
  path: FieldPath;
  /** The upstream ErrorBody(): `<Type string>[: <value>][: <detail>]`. */
  message: string;
  type: SelectorIssueType;
  /** The detail part alone (upstream's message string), '' when there is none. */
  detail: string;
}

const OPERATORS_NEEDING_VALUES = new Set(['In', 'NotIn']);
const OPERATORS_FORBIDDING_VALUES = new Set(['Exists', 'DoesNotExist']);
const SELECTOR_FIELDS = new Set(['matchLabels', 'matchExpressions']);
const REQUIREMENT_FIELDS = new Set(['key', 'operator', 'values']);

export function validateLabelSelectorShape(sel: unknown): SelectorIssue[] {
  const out: SelectorIssue[] = [];
  if (sel === undefined || sel === null) return out;
  if (!isPlainObject(sel)) {
    out.push(typeInvalid([], sel, 'object'));
    return out;
  }
  for (const k of Object.keys(sel)) if (!SELECTOR_FIELDS.has(k)) out.push(unknownField([k], k));

  const matchLabels = sel['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isPlainObject(matchLabels)) {
      out.push(typeInvalid(['matchLabels'], matchLabels, 'object'));
    } else {
      for (const [key, raw] of Object.entries(matchLabels)) {
        const value = raw === null ? '' : raw;
        for (const msg of isQualifiedName(key)) out.push(invalid(['matchLabels'], goQuote(key), msg));
        if (typeof value !== 'string') {
          out.push(typeInvalid(['matchLabels', key], value, 'string'));
          continue;
        }
        for (const msg of isValidLabelValue(value)) out.push(invalid(['matchLabels'], goQuote(value), msg));
      }
    }
  }

  const exprs = sel['matchExpressions'];
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs)) {
      out.push(typeInvalid(['matchExpressions'], exprs, 'array'));
    } else {
      exprs.forEach((expr: unknown, i) => validateRequirement(expr, ['matchExpressions', i], out));
    }
  }
  return out;
}

function validateRequirement(raw: unknown, at: FieldPath, out: SelectorIssue[]): void {
  // A null list element decodes to the zero LabelSelectorRequirement.
  const expr: Record<string, unknown> = raw === null ? {} : (raw as Record<string, unknown>);
  if (!isPlainObject(expr)) {
    out.push(typeInvalid(at, raw, 'object'));
    return;
  }
  for (const k of Object.keys(expr)) if (!REQUIREMENT_FIELDS.has(k)) out.push(unknownField([...at, k], k));

  const key = stringField(expr, 'key', at, out);
  const operator = stringField(expr, 'operator', at, out);

  let values: unknown[] = [];
  const rawValues = expr['values'];
  let valuesTypeOk = true;
  if (rawValues !== undefined && rawValues !== null) {
    if (Array.isArray(rawValues)) values = rawValues;
    else {
      out.push(typeInvalid([...at, 'values'], rawValues, 'array'));
      valuesTypeOk = false;
    }
  }

  if (operator !== undefined) {
    if (OPERATORS_NEEDING_VALUES.has(operator)) {
      if (values.length === 0 && valuesTypeOk) {
        out.push(required([...at, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (OPERATORS_FORBIDDING_VALUES.has(operator)) {
      if (values.length > 0) {
        out.push(forbidden([...at, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      // LabelSelectorOperator is a named string type: ErrorBody renders it with json.Marshal.
      out.push(invalid([...at, 'operator'], goJSONString(operator), 'not a valid selector operator'));
    }
  }

  if (key !== undefined) {
    for (const msg of isQualifiedName(key)) out.push(invalid([...at, 'key'], goQuote(key), msg));
  }

  values.forEach((v, j) => {
    const value = v === null ? '' : v;
    if (typeof value !== 'string') {
      out.push(typeInvalid([...at, 'values', j], value, 'string'));
      return;
    }
    for (const msg of isValidLabelValue(value)) out.push(invalid([...at, 'values', j], goQuote(value), msg));
  });
}

/** Reads a string field; absent or null is "" (Go's zero value). A wrong type is reported and yields undefined. */
function stringField(obj: Record<string, unknown>, name: string, at: FieldPath, out: SelectorIssue[]): string | undefined {
  const v = obj[name];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  out.push(typeInvalid([...at, name], v, 'string'));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Issue builders: the message is field.Error.ErrorBody().

function invalid(path: FieldPath, renderedValue: string, detail: string): SelectorIssue {
  return { path, type: 'FieldValueInvalid', detail, message: `Invalid value: ${renderedValue}: ${detail}` };
}

function required(path: FieldPath, detail: string): SelectorIssue {
  return { path, type: 'FieldValueRequired', detail, message: detail ? `Required value: ${detail}` : 'Required value' };
}

function forbidden(path: FieldPath, detail: string): SelectorIssue {
  return { path, type: 'FieldValueForbidden', detail, message: detail ? `Forbidden: ${detail}` : 'Forbidden' };
}

function typeInvalid(path: FieldPath, value: unknown, expected: 'object' | 'array' | 'string'): SelectorIssue {
  const detail = `must be of type ${expected}`;
  return { path, type: 'FieldValueTypeInvalid', detail, message: `Invalid value: ${renderJSON(value)}: ${detail}` };
}

function unknownField(path: FieldPath, name: string): SelectorIssue {
  const detail = `unknown field ${goQuote(name)}`;
  return { path, type: 'UnknownField', detail, message: detail };
}

function renderJSON(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Go value rendering.

const PRINTABLE_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's strconv.Quote (what `%q` prints for a string BadValue). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === ' ' || PRINTABLE_RE.test(ch)) out += ch;
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** Go's encoding/json string encoding (HTML-safe): what ErrorBody prints for a named string type. */
export function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${hex(cp, 4)}`;
    else out += ch;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** field.Path.String(): `matchExpressions[0].values[1]`, optionally under a root such as `spec.podSelector`. */
export function fieldPathString(path: FieldPath, root = ''): string {
  let out = root;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
