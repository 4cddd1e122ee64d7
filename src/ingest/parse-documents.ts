import { type Document, type Node, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { type Diagnostic, diagnosticAt } from '../model/diagnostic.js';
import { type PathSegment, type Provenance, formatPath } from '../model/provenance.js';
import type { SourceText } from './source-text.js';
import { YAML_OPTIONS } from './yaml-scalars.js';
import { loadPlainValue } from './yaml-values.js';

/** One object found in a source: its plain value and a locator for its fields. */
export interface ParsedObject {
  readonly file: string;
  readonly value: unknown;
  /** Provenance of a field path inside this object (nearest existing ancestor when absent). */
  locate(path: readonly PathSegment[]): Provenance;
}

/**
 * Parses multi-document YAML (JSON is YAML too) into objects, flattening `kind: List`
 * (as `kubectl get -o yaml` prints). Documents are read as YAML 1.1 syntax, with plain scalars
 * meaning what Kubernetes' decoder (sigs.k8s.io/yaml over go-yaml v2) makes of them
 * (`yaml-scalars.ts`): `yes`/`on` are booleans there, `1:30` and `2024-01-01` strings.
 *
 * The stream is first split on `---` lines, as kubectl's YAMLReader does, and each piece is
 * parsed on its own: a broken document (an unclosed quote runs to the end of its piece) costs
 * only itself, never the documents after it.
 *
 * Most pieces take the fast path (`yaml-values.ts`): their value is loaded directly and the
 * positions of their fields are found only when asked for, by parsing that piece again with
 * positions. The rest (and any piece the fast path rejects) is parsed with positions at once.
 */
export function parseDocuments(source: SourceText): { objects: ParsedObject[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const objects: ParsedObject[] = [];
  let lines: number[] | undefined;
  const position = (offset: number): { line: number; column: number } => {
    lines ??= lineStarts(source.text);
    const i = lineIndex(lines, offset);
    return { line: i + 1, column: offset - lines[i]! + 1 };
  };
  const at = (offset: number): Provenance => ({ file: source.file, ...position(offset), path: '' });
  for (const piece of splitYamlStream(source.text)) {
    const fast = loadPlainValue(piece.text);
    if (fast) {
      const { value } = fast;
      if (value === null || value === undefined) continue;
      // Positions on demand: the piece is parsed with positions the first time a field is located.
      const offsetOf = (path: readonly PathSegment[]): number => {
        const root = documentWithPositions(piece);
        return piece.offset + (root ? nodeOffset(root, path) : 0);
      };
      addObjects(source.file, value, (prefix) => (path) => lazyProvenance(source.file, path, () => position(offsetOf(prefix.length === 0 ? path : [...prefix, ...path]))), objects, diagnostics);
      continue;
    }
    const docs = parseAllDocuments(piece.text, YAML_OPTIONS);
    const docList = Array.isArray(docs) ? docs : [];
    const base = piece.offset;
    for (const doc of docList) {
      if (doc.errors.length > 0) {
        for (const err of doc.errors) {
          const unclosed = err.code === 'MISSING_CHAR' && /quote/.test(err.message) ? unclosedQuoteStart(doc, err.pos[0]) : undefined;
          const message = unclosed === undefined ? firstLine(err.message) : `${firstLine(err.message)}: the quoted value that starts here is never closed`;
          diagnostics.push(
            diagnosticAt(at(base + (unclosed ?? err.pos[0])), 'error', 'YAML_SYNTAX', message, {
              hint: 'Fix the YAML syntax; the whole document was skipped.',
            }),
          );
        }
        continue;
      }
      for (const w of doc.warnings) diagnostics.push(diagnosticAt(at(base + w.pos[0]), 'warning', 'YAML_WARNING', firstLine(w.message)));
      const root = doc.contents;
      if (root === null) continue; // empty document, e.g. a trailing `---`
      const badKey = MAYBE_COMPLEX_KEY.test(piece.text) ? findNonScalarKey(doc) : undefined;
      if (badKey) {
        diagnostics.push(
          diagnosticAt(at(base + badKey.offset), 'error', 'YAML_KEY_INVALID', `invalid map key: a key must be a string, number or boolean, not ${badKey.what}`, {
            hint: 'Kubernetes objects are JSON: write the key as a plain string. The whole document was skipped.',
          }),
        );
        continue;
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch (e) {
        diagnostics.push(diagnosticAt(at(base + (root.range?.[0] ?? 0)), 'error', 'YAML_SYNTAX', e instanceof Error ? firstLine(e.message) : String(e)));
        continue;
      }
      if (value === null || value === undefined) continue;
      addObjects(
        source.file,
        value,
        (prefix) => (path) => ({ file: source.file, ...position(base + nodeOffset(root, prefix.length === 0 ? path : [...prefix, ...path])), path: formatPath(path) }),
        objects,
        diagnostics,
      );
    }
  }
  return { objects, diagnostics };
}


/** One document's value as objects: itself, or the items of a `kind: List`. */
function addObjects(
  file: string,
  value: unknown,
  locateIn: (prefix: readonly PathSegment[]) => (path: readonly PathSegment[]) => Provenance,
  objects: ParsedObject[],
  diagnostics: Diagnostic[],
): void {
  if (!isListKind(value)) {
    objects.push({ file, value, locate: locateIn([]) });
    return;
  }
  const items = (value as { items?: unknown }).items;
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) {
    diagnostics.push(diagnosticAt(locateIn([])(['items']), 'error', 'FIELD_TYPE', `items: expected a list, got ${typeName(items)}`));
    return;
  }
  items.forEach((item, i) => objects.push({ file, value: item, locate: locateIn(['items', i]) }));
}

/**
 * A provenance whose line and column are worked out when first read (they are own enumerable
 * getters, so spreading or serialising the object reads them too).
 */
function lazyProvenance(file: string, path: readonly PathSegment[], find: () => { line: number; column: number }): Provenance {
  let found: { line: number; column: number } | undefined;
  return {
    file,
    path: formatPath(path),
    get line() {
      return (found ??= find()).line;
    },
    get column() {
      return (found ??= find()).column;
    },
  };
}

/**
 * The root node of a fast-path piece, parsed with positions. The last few are kept: fields are
 * located in bursts (one object's diagnostics, one policy's rules), and keeping them all would
 * hold the whole cluster's syntax trees.
 */
function documentWithPositions(piece: StreamPiece): Node | undefined {
  const hit = recentDocuments.get(piece);
  if (hit !== undefined) {
    recentDocuments.delete(piece);
    recentDocuments.set(piece, hit);
    return hit ?? undefined;
  }
  const doc = parseAllDocuments(piece.text, YAML_OPTIONS);
  const root = (Array.isArray(doc) ? doc.find((d) => d.contents !== null)?.contents : undefined) ?? null;
  recentDocuments.set(piece, root);
  if (recentDocuments.size > RECENT_DOCUMENTS) recentDocuments.delete(recentDocuments.keys().next().value!);
  return root ?? undefined;
}

const RECENT_DOCUMENTS = 32;
const recentDocuments = new Map<StreamPiece, Node | null>();

/** A piece of a YAML stream and where it starts in the whole text. */
export interface StreamPiece {
  readonly text: string;
  readonly offset: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[\s#]|$)/gm;
/** A line with content: not blank, not a comment, not a directive. */
const CONTENT_LINE = /^[ \t]*[^\s#%]/m;

/**
 * Splits a YAML stream into documents the way kubectl's YAMLReader (apimachinery
 * pkg/util/yaml) does: on lines that start with `---` followed by nothing, a space or a
 * comment. One linear pass. Kept with the next document: `%YAML` directives and comments
 * before its `---` (a piece is only cut once it has content), and `--- content` lines
 * (YAML allows content after the marker). `...` (document end) closes the current piece.
 */
export function splitYamlStream(text: string): StreamPiece[] {
  const pieces: StreamPiece[] = [];
  let start = 0;
  let scanFrom = 0;
  let markerHasContent = false;
  const push = (from: number, to: number): void => {
    if (to > from) pieces.push({ text: text.slice(from, to), offset: from });
  };
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    const markerAt = m.index;
    const nl = text.indexOf('\n', markerAt);
    const lineEnd = nl < 0 ? text.length : nl + 1;
    if (m[0] === '...') {
      push(start, lineEnd);
      start = lineEnd;
      markerHasContent = false;
    } else {
      const rest = text.slice(markerAt + 3, lineEnd).trim();
      const restIsContent = rest !== '' && !rest.startsWith('#');
      if (markerHasContent || CONTENT_LINE.test(text.slice(scanFrom, markerAt))) {
        push(start, markerAt);
        // `---` alone (or with a comment) is only a separator; `--- {a: 1}` starts the next document.
        start = restIsContent ? markerAt : lineEnd;
      }
      markerHasContent = restIsContent;
    }
    scanFrom = lineEnd;
    MARKER.lastIndex = lineEnd;
  }
  push(start, text.length);
  return pieces;
}

/** Offsets at which lines start (0 first). */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function lineIndex(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where the unclosed quoted scalar reported at `errorOffset` opens: the last quoted scalar starting before it. */
function unclosedQuoteStart(doc: Document.Parsed, errorOffset: number): number | undefined {
  let best: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const start = node.range?.[0];
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && start !== undefined && start <= errorOffset && (best === undefined || start > best)) best = start;
    },
  });
  return best;
}

/** Cheap pre-check: a collection or null key needs `?`, `[`/`{` before `:`, an alias (`*`), or a bare `:`. */
const MAYBE_COMPLEX_KEY = /[?*]|[\]}][ \t]*:|^[ \t-]*:/m;

/**
 * A map key that is not a scalar (a list or map, or null) — go-yaml/sigs.k8s.io/yaml cannot turn
 * it into a JSON key, so kubectl rejects the document ("invalid map key").
 */
export function findNonScalarKey(doc: Document.Parsed): { offset: number; what: string } | undefined {
  // An explicit stack rather than yaml's visit(): this runs over whole cluster dumps.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        let key: unknown = pair.key;
        if (isAlias(key)) key = key.resolve(doc);
        if (!(isScalar(key) && key.value !== null)) {
          const what = isSeq(key) ? 'a list' : isMap(key) ? 'a map' : 'null';
          const range = (isNode(pair.key) ? pair.key.range : undefined) ?? (isNode(pair.value) ? pair.value.range : undefined);
          return { offset: range?.[0] ?? 0, what };
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return undefined;
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
