import type { LabelSelector, Labels } from '../../model/label-selector.js';
import { Bitset } from '../../net/bitset.js';

/**
 * Items (identities, namespaces) indexed by label key and key=value, so that a label selector is
 * answered with a few set operations instead of a test per item. Same answers as
 * `selectorMatches` (labels.Selector.Matches): every requirement holds; NotIn and DoesNotExist
 * hold when the key is absent. Lists, not sets, per key and value: memory stays linear in the
 * labels even when most values are unique (pod names, hashes).
 */
export class LabelIndex {
  private readonly byKey = new Map<string, { holders: number[]; byValue: Map<string, number[]> }>();

  constructor(items: readonly Labels[]) {
    items.forEach((labels, i) => {
      for (const [key, value] of Object.entries(labels)) {
        let entry = this.byKey.get(key);
        if (!entry) this.byKey.set(key, (entry = { holders: [], byValue: new Map() }));
        entry.holders.push(i);
        const list = entry.byValue.get(value);
        if (list) list.push(i);
        else entry.byValue.set(value, [i]);
      }
    });
    this.size = items.length;
  }

  readonly size: number;

  /** The items the selector matches (a new set: the caller may keep or change it). */
  matching(selector: LabelSelector): Bitset {
    const result = Bitset.full(this.size);
    for (const r of selector.requirements) {
      const entry = this.byKey.get(r.key);
      switch (r.operator) {
        case 'In': {
          const any = new Bitset(this.size);
          for (const v of r.values) for (const i of entry?.byValue.get(v) ?? []) any.add(i);
          result.andInPlace(any);
          break;
        }
        case 'NotIn':
          for (const v of r.values) for (const i of entry?.byValue.get(v) ?? []) result.delete(i);
          break;
        case 'Exists':
          result.andInPlace(Bitset.of(this.size, entry?.holders ?? []));
          break;
        case 'DoesNotExist':
          for (const i of entry?.holders ?? []) result.delete(i);
          break;
      }
    }
    return result;
  }
}
