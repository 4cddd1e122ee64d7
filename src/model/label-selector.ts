/** Label selectors in canonical form: equal selectors written differently get equal keys. */
export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  /** Sorted, de-duplicated. Empty for Exists/DoesNotExist. */
  readonly values: readonly string[];
}

/** A parsed metav1.LabelSelector. No requirements selects everything. */
export interface LabelSelector {
  readonly requirements: readonly SelectorRequirement[];
  /** Canonical key: used to share cached answers between equal selectors. */
  readonly key: string;
}

/** Builds the canonical selector: matchLabels become `In [v]`, requirements sorted by key. */
export function canonicalSelector(
  matchLabels: Readonly<Record<string, string>>,
  matchExpressions: readonly { key: string; operator: SelectorOperator; values?: readonly string[] }[],
): LabelSelector {
  const reqs: SelectorRequirement[] = [];
  for (const [key, value] of Object.entries(matchLabels)) reqs.push({ key, operator: 'In', values: [value] });
  for (const e of matchExpressions) {
    const values = e.operator === 'In' || e.operator === 'NotIn' ? [...new Set(e.values ?? [])].sort() : [];
    reqs.push({ key: e.key, operator: e.operator, values });
  }
  reqs.sort((a, b) => a.key.localeCompare(b.key) || a.operator.localeCompare(b.operator) || a.values.join(',').localeCompare(b.values.join(',')));
  const dedup = reqs.filter((r, i) => i === 0 || selectorRequirementKey(r) !== selectorRequirementKey(reqs[i - 1]!));
  return { requirements: dedup, key: dedup.map(selectorRequirementKey).join(';') };
}

function selectorRequirementKey(r: SelectorRequirement): string {
  return `${r.key} ${r.operator} (${r.values.join(',')})`;
}

export const EVERYTHING: LabelSelector = { requirements: [], key: '' };

/** labels.Selector.Matches: every requirement holds. NotIn and DoesNotExist hold when the key is absent. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** kubectl-style rendering: `app=web,tier in (a,b),!debug`; `{}` for everything. */
export function formatSelector(selector: LabelSelector): string {
  if (selector.requirements.length === 0) return '{} (everything)';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}

export function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([k, v]) => `${k}=${v}`).join(',');
}
