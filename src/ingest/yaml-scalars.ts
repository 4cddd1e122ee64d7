import type { CollectionTag, ScalarTag, Tags } from 'yaml';

/**
 * What a plain (unquoted) YAML scalar means to Kubernetes. Manifests reach the API as JSON made by
 * sigs.k8s.io/yaml, which decodes YAML with go-yaml v2 into untyped values and converts those to
 * JSON; so the meaning of `yes`, `0777` or `1:30` is go-yaml v2's `resolve` (resolve.go) for an
 * untyped target (decode.go), not any YAML specification's:
 * - `y Y yes Yes YES true True TRUE on On ON` are true, `n N no No NO false False FALSE off Off
 *   OFF` false, `~ null Null NULL` and the empty scalar null, `.inf`, `-.inf`, `.nan` (and case
 *   variants) the special floats;
 * - a scalar starting with `.` is a float when Go's ParseFloat reads it (`.5`), else a string;
 * - a scalar starting with a digit, `+` or `-`: a timestamp (`2001-12-14`) stays the string it is
 *   (untyped targets get the text, "for backward compatibility"); else, underscores removed, an
 *   integer in Go's base-prefix syntax (`0x1F`, `0o17`, `0b101`, `0777` octal, signed), an unsigned
 *   one past int64, or a float matching `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
 *   that does not overflow; base-60 (`1:30`) is deliberately not supported: a string;
 * - anything else is a string.
 * Both YAML readers (the fast path and the `yaml` library) resolve plain scalars with this.
 */
export function resolvePlainScalar(text: string): null | boolean | number | string {
  const special = SPECIAL.get(text);
  if (special !== undefined) return special.value;
  const first = text.charCodeAt(0);
  if (first === DOT) {
    // Go's ParseFloat on text that starts with a dot: digits, then an optional exponent.
    if (!/^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text)) return text;
    const v = Number(text);
    return Number.isFinite(v) ? v : text;
  }
  if (!(first === PLUS || first === MINUS || (first >= ZERO && first <= NINE))) return text;
  if (TIMESTAMP_START.test(text)) return text; // a timestamp or not, it stays text or falls through below as text
  const plain = text.replace(/_/g, '');
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (GO_YAML_FLOAT.test(plain)) {
    const v = Number(plain);
    if (Number.isFinite(v)) return v;
  }
  return text;
}

const DOT = 0x2e;
const PLUS = 0x2b;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * go-yaml v2 tries a timestamp first for text that starts with four digits and `-`; whether it
 * parses or not, such text never becomes a number (it has a `-` after digits), so it is text.
 */
const TIMESTAMP_START = /^[0-9]{4}-/;

/** yamlStyleFloat in go-yaml v2's resolve.go. */
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64), then strconv.ParseUint(s, 0, 64): the value, or undefined. */
function goParseInt(s: string): number | undefined {
  const m = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0[oO]([0-7]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(s);
  if (!m) return undefined;
  const [, sign, hex, bin, oct, legacyOct, dec] = m;
  const magnitude =
    hex !== undefined ? BigInt(`0x${hex}`) : bin !== undefined ? BigInt(`0b${bin}`) : oct !== undefined ? BigInt(`0o${oct}`) : legacyOct !== undefined ? (legacyOct === '' ? 0n : BigInt(`0o${legacyOct}`)) : BigInt(dec!);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return Number(value);
  // ParseUint takes no sign.
  if (sign === '' && value <= UINT64_MAX) return Number(value);
  return undefined;
}

const SPECIAL = new Map<string, { value: null | boolean | number }>();
for (const [value, words] of [
  [true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, ['', '~', 'null', 'Null', 'NULL']],
  [Number.NaN, ['.nan', '.NaN', '.NAN']],
  [Number.POSITIVE_INFINITY, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [Number.NEGATIVE_INFINITY, ['-.inf', '-.Inf', '-.INF']],
] as const) {
  for (const w of words) SPECIAL.set(w, { value });
}

/** Text that may resolve to something other than a string (go-yaml v2's hint table: the first character). */
export const MAYBE_NOT_STRING = /^(?:$|[-+.0-9~nNyYtTfFoO])/;

const KUBERNETES_PLAIN_TAG: ScalarTag = {
  tag: 'tag:kflow.dev,2026:kubernetes-plain-scalar',
  default: true,
  test: MAYBE_NOT_STRING,
  resolve: (text: string) => resolvePlainScalar(text),
};

/** The `yaml` library's YAML 1.1 scalar tags that Kubernetes reads otherwise (replaced by `resolvePlainScalar`). */
const REPLACED = new Set(['tag:yaml.org,2002:null', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

/**
 * Options for the `yaml` library: YAML 1.1 syntax, duplicate keys rejected, and plain scalars
 * resolved as Kubernetes does. Explicit tags (`!!int`, `!!binary`, ...) keep the library's own
 * meaning.
 */
export const YAML_OPTIONS = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: false,
  logLevel: 'silent',
  // The replaced tags stay for explicit use (`!!int 5`) but no longer resolve plain scalars.
  customTags: (tags: Tags): Tags => [
    KUBERNETES_PLAIN_TAG,
    ...tags.map((t) => (typeof t === 'object' && t.default === true && REPLACED.has(t.tag) ? ({ ...t, default: false } as ScalarTag | CollectionTag) : t)),
  ],
} as const;
