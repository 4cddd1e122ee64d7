import { FAILSAFE_SCHEMA, Type, loadAll } from 'js-yaml';
import { Schema, isScalar } from 'yaml';

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
 * them to it). Scalars are where YAML versions differ, so js-yaml is given no scalar types of its
 * own: every plain scalar is resolved by the `yaml` library's YAML 1.1 tags (the same tests, in
 * the same order, the same resolvers), as its composer does. Whatever else could differ is not
 * attempted: such pieces (`declines`), and any piece js-yaml rejects, return `undefined` and take
 * the `yaml` library's path, which reports problems with their positions.
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

interface YamlScalarTag {
  readonly tag: string;
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

/** The `yaml` library's YAML 1.1 tags that plain scalars are resolved by (null, bool, int, float, timestamp), in its order. */
const PLAIN_TAGS: readonly YamlScalarTag[] = (new Schema({ schema: 'yaml-1.1' }).tags as unknown as YamlScalarTag[]).filter(
  (t) => t.default === true && t.test instanceof RegExp,
);

/** Thrown out of js-yaml to leave a piece to the `yaml` library (a resolver's problem, a timestamp). */
class Declined extends Error {}

function tagFor(plain: string): YamlScalarTag | undefined {
  for (const t of PLAIN_TAGS) if (t.test!.test(plain)) return t;
  return undefined;
}

/**
 * A resolved scalar as `Document.toJS()` gives it (it keeps values as resolved). Timestamps are
 * declined: they stay Date objects there, which as map keys print in the local time zone, and no
 * Kubernetes field takes one.
 */
function toJsValue(tag: YamlScalarTag, resolved: unknown): unknown {
  if (tag.tag === 'tag:yaml.org,2002:timestamp') throw new Declined('timestamp');
  return isScalar(resolved) ? resolved.value : resolved;
}

/** One implicit js-yaml type standing for all of the `yaml` library's plain-scalar tags. */
const YAML11_PLAIN = new Type('tag:kflow.dev,2026:yaml-1.1-plain', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && tagFor(data) !== undefined,
  construct: (data: string) => {
    const tag = tagFor(data)!;
    const resolved = tag.resolve(
      data,
      (message) => {
        throw new Declined(message);
      },
      {},
    );
    return toJsValue(tag, resolved);
  },
});

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [YAML11_PLAIN] });
