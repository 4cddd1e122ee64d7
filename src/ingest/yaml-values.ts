import { FAILSAFE_SCHEMA, Type, loadAll } from 'js-yaml';
import { MAYBE_NOT_STRING, resolvePlainScalar } from './yaml-scalars.js';

/**
 * The fast path of the YAML reader: a document's plain value, without source positions.
 *
 * Reading a whole cluster dump through the `yaml` library's document model (every node with its
 * range, kept for locating fields) costs about ten times what js-yaml's direct loader costs, and
 * positions are needed only for the few fields a diagnostic or a trace points at. So documents
 * are loaded with js-yaml, and `parse-documents` finds positions later, on demand, by parsing the
 * one document concerned with the `yaml` library.
 *
 * The two libraries must give the same value (test/ingest/yaml-fast-path.property.test.ts holds
 * them to it). Both resolve plain scalars with `resolvePlainScalar` (as Kubernetes reads them);
 * js-yaml is given no scalar types of its own. Whatever else could differ is not attempted: such
 * pieces (`declines`), and any piece js-yaml rejects, return `undefined` and take the `yaml`
 * library's path, which reports problems with their positions.
 */
export function loadPlainValue(text: string): { value: unknown } | undefined {
  if (declines(text)) return undefined;
  let docs: unknown[];
  try {
    docs = loadAll(text, undefined, { schema: SCHEMA }) as unknown[];
  } catch {
    return undefined;
  }
  if (docs.length > 1) return undefined;
  return { value: docs.length === 0 ? null : docs[0] };
}

/**
 * Constructs left to the `yaml` library, found on the raw text. Each pattern is a superset of a
 * construct where the libraries were seen to differ, or that manifests do not need fast: a match
 * inside a quoted string costs only speed.
 */
const DECLINED = new RegExp(
  [
    '\\t', // tabs: their place in indentation is read alike only mostly
    '^(?:---|\\.\\.\\.)(?! *(?:#[^\\n]*)?$)', // a marker with more on its line (`--- a: 1`, `---2`, `----`)
    '^%', // directives
    '(?:^|[ \\[{,])[!&*]', // tags, anchors, aliases
    '\\?(?: |$)', // explicit keys
    '<<', // merge keys
    '(?:^|[ \\[{,])[\\[{][^\\n]*[\\]}] *:', // a flow collection as a key (not `k:{"name":"web"}:`, a plain key)
    '(?:^|[-{,\\[]) *(?:~|null|Null|NULL)? *:(?:[ ,\\]}]|$)', // a null key (`~: x`, `: x`, `[:]`, `{a: 1, :}`)
    ':[\\]},]', // `a:]` and the like inside flow collections
    '[\\[{,] *(?:~|null|Null|NULL) *[\\]},:]', // a null entry of a flow collection (`{NULL,}`)
    '[\\[{,] *,|, *[\\]}]', // an empty entry of a flow collection (`[a, ]`, `{,}`); `[]` and `{}` are fine
    '^ *[\\]}]', // a line that starts by closing a flow collection
    '["\'\\]}]#', // a comment not separated from the token before it
    '[|>][-+]?[1-9]', // block scalar indentation indicators
    '^ *- *$', // empty sequence items
    '^ *- +-(?: |$)', // compact nested sequences
  ].join('|'),
  'm',
);

/** The first content line (not blank, not a comment) is indented, or is a block scalar. */
const INDENTED_ROOT = /^(?:[ ]*(?:#.*)?\n)*(?:[ ]+[^ \n#]|[|>])/;

/** The start of a line that begins with a short plain key: its implicit key is not too long. */
const SHORT_KEY_START = /^ *(?:- +)*[A-Za-z0-9_./-]{1,253}: /;

function declines(text: string): boolean {
  if (DECLINED.test(text) || INDENTED_ROOT.test(text)) return true;
  // Line by line: quoted scalars and flow collections must close on the line they open on (on
  // continuation lines the libraries' indentation rules differ), and an implicit key must be
  // shorter than 1024 characters (the `yaml` library rejects longer ones).
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > 1000 && !SHORT_KEY_START.test(text.slice(start, start + 300))) return true;
    let quote = 0; // 0, or the char code of the open quote
    let depth = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (c === BACKSLASH && quote === DOUBLE) i++;
        else if (c === quote) quote = 0;
      } else if (c === DOUBLE || c === SINGLE) {
        quote = c;
      } else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
        depth++;
      } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
        depth--;
      }
    }
    if (quote !== 0 || depth !== 0) return true;
    start = end + 1;
  }
  return false;
}

const BACKSLASH = 0x5c;
const DOUBLE = 0x22;
const SINGLE = 0x27;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;

/** One implicit js-yaml type: every plain scalar resolved as Kubernetes reads it (`resolvePlainScalar`). */
const KUBERNETES_PLAIN = new Type('tag:kflow.dev,2026:kubernetes-plain-scalar', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && MAYBE_NOT_STRING.test(data),
  construct: (data: string) => resolvePlainScalar(data),
});

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [KUBERNETES_PLAIN] });
