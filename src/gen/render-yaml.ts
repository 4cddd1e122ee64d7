import type { Json, JsonObject } from './json.js';

/**
 * Renders manifests as block-style multi-document YAML, the way people write them. Strings are
 * plain when no YAML 1.1 or 1.2 reader could take them for anything else (Kubernetes reads
 * YAML 1.1, where `on`, `y` and `12:30` are not strings), double-quoted otherwise.
 */
export function renderYamlDocuments(objects: readonly JsonObject[]): string {
  const out: string[] = [];
  objects.forEach((o, i) => {
    if (i > 0) out.push('---\n');
    renderMap(o, 0, out);
  });
  return out.join('');
}

/** Starts with a letter (so never a number, date or sexagesimal); `:` only inside (never `: `). */
const PLAIN = /^[A-Za-z_](?:[A-Za-z0-9_./:-]*[A-Za-z0-9_./-])?$/;
const DOTTED_QUAD = /^[0-9]{1,3}(\.[0-9]{1,3}){3}(\/[0-9]{1,2})?$/;
/** YAML 1.1 booleans and nulls (case-insensitively, covering the capitalised forms). */
const RESERVED = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', 'nan', 'inf']);

export function scalarText(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal: cannot render ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if ((PLAIN.test(value) && !RESERVED.has(value.toLowerCase())) || DOTTED_QUAD.test(value)) return value;
  return JSON.stringify(value);
}

function isScalar(v: Json): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function isEmpty(v: Json): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && !Object.values(v).some((x) => x !== undefined);
}

function emptyText(v: Json): string {
  return Array.isArray(v) ? '[]' : '{}';
}

function renderMap(o: JsonObject, indent: number, out: string[], firstLinePrefix?: string): void {
  let first = true;
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined) continue;
    const lead = first && firstLinePrefix !== undefined ? firstLinePrefix : pad;
    first = false;
    const k = scalarText(key);
    if (isScalar(value)) out.push(`${lead}${k}: ${scalarText(value)}\n`);
    else if (isEmpty(value)) out.push(`${lead}${k}: ${emptyText(value)}\n`);
    else if (Array.isArray(value)) {
      out.push(`${lead}${k}:\n`);
      renderList(value as readonly Json[], indent, out);
    } else {
      out.push(`${lead}${k}:\n`);
      renderMap(value as JsonObject, indent + 2, out);
    }
  }
  if (first) out.push(`${firstLinePrefix ?? pad}{}\n`);
}

/** Lists are written at their key's indentation (`- ` items), as kubectl and most people do. */
function renderList(items: readonly Json[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (isScalar(item)) out.push(`${pad}- ${scalarText(item)}\n`);
    else if (isEmpty(item)) out.push(`${pad}- ${emptyText(item)}\n`);
    else if (Array.isArray(item)) {
      out.push(`${pad}-\n`);
      renderList(item as readonly Json[], indent + 2, out);
    } else renderMap(item as JsonObject, indent + 2, out, `${pad}- `);
  }
}
