import { objectId } from '../../../model/objects.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';

/**
 * A namespaceSelector requiring a label key that no namespace has. The classic: `name: data`
 * where namespaces carry only `kubernetes.io/metadata.name` (set by the API server on every one).
 */
export const npNamespaceLabelUnknown: CheckRule = {
  code: 'NP_NAMESPACE_LABEL_UNKNOWN',
  severity: 'warning',
  title: 'a namespaceSelector on a label no namespace has',
  why: 'The peer matches no namespace, so the rule allows nothing from (or to) where it was meant to.',
  run(ctx) {
    const keys = new Set<string>();
    for (const ns of ctx.snapshot.namespaces.values()) for (const k of Object.keys(ns.labels)) keys.add(k);
    const out: Finding[] = [];
    for (const np of ctx.snapshot.networkPolicies) {
      for (const rule of [...np.ingress, ...np.egress]) {
        for (const peer of rule.peers ?? []) {
          const sel = peer.namespaceSelector;
          if (!sel) continue;
          const missing = sel.requirements.filter((r) => (r.operator === 'In' || r.operator === 'Exists') && !keys.has(r.key));
          for (const r of missing) {
            const value = r.values[0];
            const isNsName = value !== undefined && ctx.snapshot.namespaces.has(value);
            out.push(
              findingAt(
                this,
                { ...peer.source, path: `${peer.source.path}.namespaceSelector` },
                objectId('NetworkPolicy', np.namespace, np.name),
                `namespaceSelector requires label "${r.key}", which no namespace has`,
                isNsName
                  ? `Select the namespace by name with the label every namespace has: kubernetes.io/metadata.name: ${value}`
                  : `Label the namespaces (kubectl label namespace <ns> ${r.key}=${value ?? '<value>'}), or select by kubernetes.io/metadata.name.`,
              ),
            );
          }
        }
      }
    }
    return out;
  },
};
