import { LineCounter, type Node, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { type Diagnostic, diagnosticAt } from '../model/diagnostic.js';
import { type PathSegment, type Provenance, formatPath } from '../model/provenance.js';
import type { SourceText } from './source-text.js';

/** One object found in a source: its plain value and a locator for its fields. */
export interface ParsedObject {
  readonly file: string;
  readonly value: unknown;
  /** Provenance of a field path inside this object (nearest existing ancestor when absent). */
  locate(path: readonly PathSegment[]): Provenance;
}

/**
 * Parses multi-document YAML (JSON is YAML too) into objects, flattening `kind: List`
 * (as `kubectl get -o yaml` prints). Documents are read as YAML 1.1, as Kubernetes' YAML
 * decoder (sigs.k8s.io/yaml over go-yaml v2) reads them: `yes`/`on` are booleans there.
 */
export function parseDocuments(source: SourceText): { objects: ParsedObject[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const objects: ParsedObject[] = [];
  const docs = parseAllDocuments(source.text, { lineCounter, version: '1.1', uniqueKeys: true, prettyErrors: false });
  const docList = Array.isArray(docs) ? docs : [];
  const position = (offset: number): { line: number; column: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const doc of docList) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const { line, column } = position(err.pos[0]);
        diagnostics.push(
          diagnosticAt({ file: source.file, line, column, path: '' }, 'error', 'YAML_SYNTAX', firstLine(err.message), {
            hint: 'Fix the YAML syntax; the whole document was skipped.',
          }),
        );
      }
      continue;
    }
    for (const w of doc.warnings) {
      const { line, column } = position(w.pos[0]);
      diagnostics.push(diagnosticAt({ file: source.file, line, column, path: '' }, 'warning', 'YAML_WARNING', firstLine(w.message)));
    }
    const root = doc.contents;
    if (root === null) continue; // empty document, e.g. a trailing `---`
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      const { line, column } = position(root.range?.[0] ?? 0);
      diagnostics.push(
        diagnosticAt({ file: source.file, line, column, path: '' }, 'error', 'YAML_SYNTAX', e instanceof Error ? firstLine(e.message) : String(e)),
      );
      continue;
    }
    if (value === null || value === undefined) continue;
    const locateIn = (base: readonly PathSegment[]) => (path: readonly PathSegment[]): Provenance => {
      const full = [...base, ...path];
      const offset = nodeOffset(root, full);
      const { line, column } = position(offset);
      return { file: source.file, line, column, path: formatPath(path) };
    };
    if (isListKind(value)) {
      const items = (value as { items?: unknown }).items;
      if (items === undefined || items === null) continue;
      if (!Array.isArray(items)) {
        const loc = locateIn([])(['items']);
        diagnostics.push(diagnosticAt(loc, 'error', 'FIELD_TYPE', `items: expected a list, got ${typeName(items)}`));
        continue;
      }
      items.forEach((item, i) => objects.push({ file: source.file, value: item, locate: locateIn(['items', i]) }));
    } else {
      objects.push({ file: source.file, value, locate: locateIn([]) });
    }
  }
  return { objects, diagnostics };
}

/** `kind: List` or any `*List` kind (`PodList`, ...) with items. */
function isListKind(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' && (kind === 'List' || (kind.endsWith('List') && 'items' in value));
}

/** Offset of the deepest node along `path`; for a map entry, its key (where editors point). */
function nodeOffset(root: Node, path: readonly PathSegment[]): number {
  let node: unknown = root;
  let offset = (root.range?.[0] ?? 0) as number;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      if (keyRange) offset = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return offset;
      const range = (item as Node).range;
      if (range) offset = range[0];
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a map';
    case 'string':
      return `a string (${JSON.stringify(value)})`;
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    default:
      return typeof value;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
