import { describe, expect, it } from 'vitest';
import { resolvePlainScalar } from '../../src/ingest/yaml-scalars.js';
import { loadSnapshot } from '../../src/index.js';

/**
 * Plain scalars as Kubernetes reads them: sigs.k8s.io/yaml decodes manifests with go-yaml v2 into
 * untyped values (vendor/sigs.k8s.io/yaml/yaml.go, yamlToJSON), so the meaning of a plain scalar
 * is go-yaml v2's resolve() (resolve.go: resolveMap, the first-character hint table, ParseInt with
 * base 0 on the text without underscores, ParseUint, yamlStyleFloat + ParseFloat) and, for
 * timestamps, decode.go's rule that an untyped target gets the text.
 */
const CASES: readonly [string, unknown, string][] = [
  ['yes', true, 'resolveMap: y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON are true'],
  ['Y', true, 'resolveMap'],
  ['On', true, 'resolveMap'],
  ['off', false, 'resolveMap: n|N|no|No|NO|false|False|FALSE|off|Off|OFF are false'],
  ['N', false, 'resolveMap'],
  ['tRUE', 'tRUE', 'not in resolveMap: a string'],
  ['~', null, 'resolveMap: "", ~, null, Null, NULL are null'],
  ['', null, 'resolveMap: the empty scalar'],
  ['Null', null, 'resolveMap'],
  ['.inf', Number.POSITIVE_INFINITY, 'resolveMap'],
  ['+.Inf', Number.POSITIVE_INFINITY, 'resolveMap'],
  ['-.INF', Number.NEGATIVE_INFINITY, 'resolveMap'],
  ['.nan', Number.NaN, 'resolveMap'],
  ['.Nan', '.Nan', "hint '.': ParseFloat fails: a string"],
  ['.5', 0.5, "hint '.': ParseFloat"],
  ['.5e3', 500, "hint '.': ParseFloat"],
  ['.', '.', "hint '.': ParseFloat(\".\") fails: a string (managedFields' `.: {}` key)"],
  ['._', '._', "hint '.': a string"],
  ['0777', 511, 'ParseInt base 0: a leading 0 is octal'],
  ['08', 8, 'ParseInt fails (8 is not octal), yamlStyleFloat matches: the float 8'],
  ['0o17', 15, 'ParseInt base 0: 0o prefix'],
  ['0x1F', 31, 'ParseInt base 0: hex'],
  ['-0x1F', -31, 'ParseInt base 0: signed hex'],
  ['0b101', 5, 'ParseInt base 0: binary'],
  ['-0b101', -5, 'ParseInt base 0: signed binary'],
  ['1_000', 1000, 'underscores removed before parsing'],
  ['1__0', 10, 'underscores removed before parsing'],
  ['+5', 5, 'ParseInt takes a sign'],
  ['-0', 0, 'ParseInt: the integer 0 (JSON has no -0 integer)'],
  ['0', 0, 'ParseInt'],
  ['9223372036854775807', 9223372036854775807, 'int64 max'],
  ['18446744073709551615', 18446744073709551615, 'ParseUint past int64'],
  ['-9223372036854775809', -9223372036854775809, 'below int64: ParseUint takes no sign, yamlStyleFloat matches: a float'],
  ['1.', 1, 'yamlStyleFloat: digits and a dot'],
  ['1e3', 1000, 'yamlStyleFloat with exponent'],
  ['1E+3', 1000, 'yamlStyleFloat with exponent'],
  ['+.5', 0.5, 'yamlStyleFloat: a sign then a dot'],
  ['685_230.15', 685230.15, 'underscores removed, then yamlStyleFloat'],
  ['1e400', '1e400', 'ParseFloat overflows (ErrRange): a string'],
  ['0x1p3', '0x1p3', 'hex floats fail ParseInt and yamlStyleFloat: a string'],
  ['1:30', '1:30', 'base 60 is purposefully unsupported (resolve.go comment): a string'],
  ['190:20:30.15', '190:20:30.15', 'base 60 floats too'],
  ['2001-12-14', '2001-12-14', 'a timestamp decoded untyped keeps its text (decode.go)'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00', 'a timestamp keeps its text'],
  ['2001-13-45', '2001-13-45', 'not a timestamp, not a number: a string'],
  ['-', '-', "hint 'S' with nothing after: a string"],
  ['1.2.3', '1.2.3', 'not a number: a string'],
  ['_1', '_1', "no hint for '_': a string"],
  ['web', 'web', 'no hint: a string'],
];

describe('plain scalars as Kubernetes reads them (go-yaml v2 resolve for untyped targets)', () => {
  it.each(CASES)('%s → %o (%s)', (text, value) => {
    expect(resolvePlainScalar(text)).toStrictEqual(value);
  });

  it('an annotation `released: 2024-01-01` or `window: 1:30` is a string, as kubectl apply accepts it (was a type error under YAML 1.1)', () => {
    for (const file of ['a.yaml', 'a.json']) {
      const text =
        file === 'a.yaml'
          ? 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations:\n    released: 2024-01-01\n    window: 1:30\n'
          : '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "annotations": {"released": "2024-01-01", "window": "1:30"}}}';
      const { snapshot, diagnostics } = loadSnapshot([{ file, text }]);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(snapshot.namespaces.get('shop')).toBeDefined();
    }
  });
});
