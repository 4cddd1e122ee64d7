import { type LabelSelector, type SelectorOperator, canonicalSelector } from '../../model/label-selector.js';
import { validateLabelSelectorShape } from '../validation/label-selector.js';
import type { DecodeContext, Path } from './decode-context.js';

/**
 * A metav1.LabelSelector, validated as ValidateLabelSelector does and put in canonical form.
 * Returns undefined when absent (null) or invalid (the error is reported).
 */
export function decodeLabelSelector(ctx: DecodeContext, value: unknown, path: Path): LabelSelector | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  const problems = validateLabelSelectorShape(m);
  for (const p of problems) ctx.error([...path, ...p.path], 'SELECTOR_INVALID', p.message, 'See https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors');
  if (problems.length > 0) return undefined;
  const matchLabels = (m.matchLabels ?? {}) as Record<string, string>;
  const exprs = ((m.matchExpressions ?? []) as { key: string; operator: SelectorOperator; values?: string[] }[]).map((e) => ({
    key: e.key,
    operator: e.operator,
    values: e.values ?? [],
  }));
  return canonicalSelector(matchLabels, exprs);
}
