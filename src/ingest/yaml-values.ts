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
 * The two libraries must give the same value. Scalars are where YAML versions differ, so js-yaml
 * is given no scalar types of its own: every plain scalar is resolved by the `yaml` library's
 * YAML 1.1 tags (the same tests, in the same order, the same resolvers, the same conversion to
 * JSON values), as its composer does. Anything else that could differ is not attempted here:
 * documents with tags, anchors, aliases, merge keys, complex or null keys, directives or tabs
 * return `undefined` (see `FAST_PATH_EXCLUDES`), as do documents js-yaml rejects, and take the
 * `yaml` library's path, which reports problems with their positions.
 */
export function loadPlainValue(text: string): { value: unknown } | undefined {
  if (FAST_PATH_EXCLUDES.test(text)) return undefined;
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
 * What the fast path leaves to the `yaml` library, checked on the raw text (a superset: a match
 * inside a quoted string only costs speed): tags `!`, anchors `&`, aliases `*`, explicit keys `?`,
 * directives `%`, merge keys `<<`, keys that are null (`~:`, `null:`, an empty key `: x`) or a
 * flow collection (`]:` `}:`), a line that starts by closing a flow collection (the `yaml`
 * library warns when it is not indented enough), and tabs (whose place in indentation the
 * libraries treat alike only mostly).
 */
const FAST_PATH_EXCLUDES = /[!&*?%\t]|<<|^[ ]*[\]}]|[\]}][ ]*:|(?:^|[-{,[])[ ]*(?:~|null|Null|NULL)?[ ]*:(?:[ ]|$)/m;

interface YamlScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

/** The `yaml` library's YAML 1.1 tags that plain scalars are resolved by (null, bool, int, float, timestamp). */
const PLAIN_TAGS: readonly YamlScalarTag[] = (new Schema({ schema: 'yaml-1.1' }).tags as unknown as YamlScalarTag[]).filter(
  (t) => t.default === true && t.test instanceof RegExp,
);

/** Thrown out of js-yaml when a tag's resolver reports a problem: the `yaml` path then reports it. */
class ResolveFailed extends Error {}

function tagFor(plain: string): YamlScalarTag | undefined {
  for (const t of PLAIN_TAGS) if (t.test!.test(plain)) return t;
  return undefined;
}

/** A resolved scalar as `Document.toJS()` gives it: a Date as its ISO string, a bigint as a number. */
function toJsonValue(resolved: unknown): unknown {
  const v = isScalar(resolved) ? resolved.value : resolved;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON(key: string): unknown }).toJSON('');
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** One implicit js-yaml type standing for all of the `yaml` library's plain-scalar tags. */
const YAML11_PLAIN = new Type('tag:kflow.dev,2026:yaml-1.1-plain', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && tagFor(data) !== undefined,
  construct: (data: string) =>
    toJsonValue(
      tagFor(data)!.resolve(
        data,
        (message) => {
          throw new ResolveFailed(message);
        },
        {},
      ),
    ),
});

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [YAML11_PLAIN] });
