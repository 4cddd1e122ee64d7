import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelIndex } from '../../src/layers/policy/label-index.js';
import { type Labels, type SelectorOperator, canonicalSelector, selectorMatches } from '../../src/model/label-selector.js';

/**
 * The label index (identities and namespaces, answered with set operations) must select exactly
 * what labels.Selector.Matches selects (apimachinery pkg/labels/selector.go, as `selectorMatches`
 * implements it): every requirement holds; `NotIn` and `DoesNotExist` hold when the key is absent;
 * an empty selector selects everything.
 */
const KEYS = ['app', 'tier', 'team', 'kubernetes.io/metadata.name'];
const VALUES = ['a', 'b', 'c', ''];

const labels: fc.Arbitrary<Labels> = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 4 });
const requirement = fc.record({
  key: fc.constantFrom(...KEYS, 'absent'),
  operator: fc.constantFrom<SelectorOperator>('In', 'NotIn', 'Exists', 'DoesNotExist'),
  values: fc.uniqueArray(fc.constantFrom(...VALUES, 'z'), { minLength: 1, maxLength: 3 }),
});
const selector = fc
  .tuple(fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }), fc.array(requirement, { maxLength: 3 }))
  .map(([matchLabels, exprs]) => canonicalSelector(matchLabels, exprs.map((e) => (e.operator === 'In' || e.operator === 'NotIn' ? e : { key: e.key, operator: e.operator }))));

describe('LabelIndex = labels.Selector.Matches', () => {
  it('selects the same items as selectorMatches, for random labels and selectors (In, NotIn, Exists, DoesNotExist)', () => {
    fc.assert(
      fc.property(fc.array(labels, { maxLength: 40 }), fc.array(selector, { minLength: 1, maxLength: 5 }), (items, selectors) => {
        const index = new LabelIndex(items);
        for (const sel of selectors) {
          const expected = items.flatMap((l, i) => (selectorMatches(sel, l) ? [i] : []));
          expect([...index.matching(sel)], sel.key).toEqual(expected);
        }
      }),
      { seed: 20261126, numRuns: 500 },
    );
  });

  it('returns a fresh set each time (callers keep and change it)', () => {
    const index = new LabelIndex([{ app: 'a' }, {}]);
    const everything = canonicalSelector({}, []);
    const first = index.matching(everything);
    first.delete(0);
    expect([...index.matching(everything)]).toEqual([0, 1]);
  });
});
