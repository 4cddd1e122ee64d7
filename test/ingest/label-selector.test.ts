import { describe, expect, it } from 'vitest';
import {
  fieldPathString,
  goJSONString,
  goQuote,
  validateLabelSelectorShape,
} from '../../src/ingest/validation/label-selector.js';

const r = (ch: string, n: number): string => ch.repeat(n);

// Cases from k8s.io/apimachinery v0.36 pkg/apis/meta/v1/validation/validation_test.go.

describe('ValidateLabels via matchLabels (validation_test.go TestValidateLabels)', () => {
  it.each<Record<string, string>>([
    { simple: 'bar' },
    { 'now-with-dashes': 'bar' },
    { '1-starts-with-num': 'bar' },
    { '1234': 'bar' },
    { 'simple/simple': 'bar' },
    { 'now-with-dashes/simple': 'bar' },
    { 'now-with-dashes/now-with-dashes': 'bar' },
    { 'now.with.dots/simple': 'bar' },
    { 'now-with.dashes-and.dots/simple': 'bar' },
    { '1-num.2-num/3-num': 'bar' },
    { '1234/5678': 'bar' },
    { '1.2.3.4/5678': 'bar' },
    { UpperCaseAreOK123: 'bar' },
    { goodvalue: '123_-.BaR' },
  ])('accepts %j', (labels) => expect(validateLabelSelectorShape({ matchLabels: labels })).toEqual([]));

  it.each<[Record<string, string>, string]>([
    // label-name cases
    [{ 'nospecialchars^=@': 'bar' }, 'name part must consist of'],
    [{ 'cantendwithadash-': 'bar' }, 'name part must consist of'],
    [{ 'only/one/slash': 'bar' }, 'a valid label key must consist of'],
    [{ [r('a', 254)]: 'bar' }, 'must be no more than'],
    // label-value cases
    [{ toolongvalue: r('a', 64) }, 'must be no more than'],
    [{ backslashesinvalue: 'some\\bad\\value' }, 'a valid label must be an empty string or consist of'],
    [{ nocommasallowed: 'bad,value' }, 'a valid label must be an empty string or consist of'],
    [{ strangecharsinvalue: '?#$notsogood' }, 'a valid label must be an empty string or consist of'],
  ])('rejects %j with exactly one error containing %j, at matchLabels', (labels, expected) => {
    const issues = validateLabelSelectorShape({ matchLabels: labels });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.detail).toContain(expected);
    expect(issues[0]!.path).toEqual(['matchLabels']);
    expect(issues[0]!.type).toBe('FieldValueInvalid');
  });

  it('renders the bad value the way ErrorBody does (%q)', () => {
    const [issue] = validateLabelSelectorShape({ matchLabels: { app: 'bad,value' } });
    expect(issue!.message).toMatch(/^Invalid value: "bad,value": a valid label must be an empty string or consist of/);
    const [keyIssue] = validateLabelSelectorShape({ matchLabels: { 'only/one/slash': 'x' } });
    expect(keyIssue!.message).toMatch(/^Invalid value: "only\/one\/slash": a valid label key must consist of/);
  });
});

describe('ValidateLabelSelector matchExpressions (validation_test.go TestLabelSelectorMatchExpression)', () => {
  it.each<[string, unknown, number, string | undefined]>([
    ['Valid LabelSelector', { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] }, 0, undefined],
    [
      "MatchExpression's key name isn't valid",
      { matchExpressions: [{ key: '-key', operator: 'In', values: ['value'] }] },
      1,
      'name part must consist of alphanumeric characters',
    ],
    [
      "MatchExpression's operator isn't valid",
      { matchExpressions: [{ key: 'key', operator: 'abc', values: ['value'] }] },
      1,
      'not a valid selector operator',
    ],
    [
      "MatchExpression's value name isn't valid",
      { matchExpressions: [{ key: 'key', operator: 'In', values: ['-value'] }] },
      1,
      'a valid label must be an empty string or consist of',
    ],
  ])('%s', (_name, sel, count, needle) => {
    const issues = validateLabelSelectorShape(sel);
    expect(issues).toHaveLength(count);
    if (needle !== undefined) expect(issues.some((i) => i.message.includes(needle))).toBe(true);
  });
});

describe('ValidateLabelSelectorRequirement operator/values rules', () => {
  it.each(['In', 'NotIn'])('%s requires values', (operator) => {
    expect(validateLabelSelectorShape({ matchExpressions: [{ key: 'k', operator }] })).toEqual([
      {
        path: ['matchExpressions', 0, 'values'],
        type: 'FieldValueRequired',
        detail: "must be specified when `operator` is 'In' or 'NotIn'",
        message: "Required value: must be specified when `operator` is 'In' or 'NotIn'",
      },
    ]);
    expect(validateLabelSelectorShape({ matchExpressions: [{ key: 'k', operator, values: [] }] })).toHaveLength(1);
  });

  it.each(['Exists', 'DoesNotExist'])('%s forbids values', (operator) => {
    expect(validateLabelSelectorShape({ matchExpressions: [{ key: 'k', operator }] })).toEqual([]);
    expect(validateLabelSelectorShape({ matchExpressions: [{ key: 'k', operator, values: ['v'] }] })).toEqual([
      {
        path: ['matchExpressions', 0, 'values'],
        type: 'FieldValueForbidden',
        detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      },
    ]);
  });

  it('still validates forbidden values (upstream checks them regardless)', () => {
    const issues = validateLabelSelectorShape({ matchExpressions: [{ key: 'k', operator: 'Exists', values: ['-bad'] }] });
    expect(issues.map((i) => [i.type, i.path])).toEqual([
      ['FieldValueForbidden', ['matchExpressions', 0, 'values']],
      ['FieldValueInvalid', ['matchExpressions', 0, 'values', 0]],
    ]);
  });

  it('reports an unknown operator with its JSON rendering, then the key, in upstream order', () => {
    const issues = validateLabelSelectorShape({ matchExpressions: [{ key: '-k', operator: 'in', values: ['v'] }] });
    expect(issues.map((i) => i.path)).toEqual([
      ['matchExpressions', 0, 'operator'],
      ['matchExpressions', 0, 'key'],
    ]);
    expect(issues[0]!.message).toBe('Invalid value: "in": not a valid selector operator');
    expect(issues[1]!.message.startsWith('Invalid value: "-k": name part must consist of')).toBe(true);
  });

  it('treats a missing key and operator as "" (Go zero values)', () => {
    const issues = validateLabelSelectorShape({ matchExpressions: [{}] });
    expect(issues.map((i) => i.detail)).toEqual([
      'not a valid selector operator',
      'name part must be non-empty',
      expect.stringMatching(/^name part must consist of/),
    ]);
    expect(issues[0]!.message).toBe('Invalid value: "": not a valid selector operator');
  });

  it('checks every value, each at its own index', () => {
    const issues = validateLabelSelectorShape({
      matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['ok', 'bad value', r('a', 64)] }],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['matchExpressions', 0, 'values', 1],
      ['matchExpressions', 0, 'values', 2],
    ]);
    expect(issues[1]!.detail).toBe('must be no more than 63 bytes');
  });

  it('accepts an empty selector and an absent one', () => {
    expect(validateLabelSelectorShape({})).toEqual([]);
    expect(validateLabelSelectorShape(undefined)).toEqual([]);
    expect(validateLabelSelectorShape(null)).toEqual([]);
    expect(validateLabelSelectorShape({ matchLabels: null, matchExpressions: null })).toEqual([]);
  });
});

describe('decode-level shape problems (kflow: upstream rejects these while decoding)', () => {
  it.each<[unknown, (string | number)[], string]>([
    ['app=web', [], 'FieldValueTypeInvalid'],
    [{ matchLabels: ['app'] }, ['matchLabels'], 'FieldValueTypeInvalid'],
    [{ matchLabels: { app: 3 } }, ['matchLabels', 'app'], 'FieldValueTypeInvalid'],
    [{ matchExpressions: { key: 'a' } }, ['matchExpressions'], 'FieldValueTypeInvalid'],
    [{ matchExpressions: ['a'] }, ['matchExpressions', 0], 'FieldValueTypeInvalid'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: 'x' }] }, ['matchExpressions', 0, 'values'], 'FieldValueTypeInvalid'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] }, ['matchExpressions', 0, 'values', 0], 'FieldValueTypeInvalid'],
    [{ matchLabel: { app: 'web' } }, ['matchLabel'], 'UnknownField'],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', value: 'x' }] }, ['matchExpressions', 0, 'value'], 'UnknownField'],
  ])('%j → %j', (sel, path, type) => {
    const issues = validateLabelSelectorShape(sel);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(path);
    expect(issues[0]!.type).toBe(type);
  });

  it('decodes null map values and list elements as ""', () => {
    expect(validateLabelSelectorShape({ matchLabels: { app: null } })).toEqual([]);
    expect(validateLabelSelectorShape({ matchExpressions: [{ key: 'a', operator: 'In', values: [null] }] })).toEqual([]);
  });
});

describe('Go value rendering', () => {
  it('goQuote matches strconv.Quote', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('\x00\x7f')).toBe('"\\x00\\x7f"');
    expect(goQuote('rā')).toBe('"rā"');
    expect(goQuote('\u00a0')).toBe('"\\u00a0"');
  });
  it('goJSONString matches encoding/json (HTML-safe)', () => {
    expect(goJSONString('a<b>&c')).toBe('"a\\u003cb\\u003e\\u0026c"');
    expect(goJSONString('\x01\n')).toBe('"\\u0001\\n"');
  });
  it('fieldPathString matches field.Path.String()', () => {
    expect(fieldPathString(['matchExpressions', 0, 'values', 1], 'spec.podSelector')).toBe(
      'spec.podSelector.matchExpressions[0].values[1]',
    );
    expect(fieldPathString(['matchLabels'])).toBe('matchLabels');
  });
});
