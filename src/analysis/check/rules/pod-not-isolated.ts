import { selectorMatches } from '../../../model/label-selector.js';
import { objectId } from '../../../model/objects.js';
import type { PodModel } from '../../../model/objects.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { PolicyFacts } from '../policy-facts.js';

/**
 * Pods that no NetworkPolicy selects for ingress, in a namespace where policies exist: the other
 * pods are isolated, these accept everything — usually a workload the policies forgot.
 * Reported once per workload.
 */
export const podNotIsolated: CheckRule = {
  code: 'POD_NOT_ISOLATED',
  severity: 'warning',
  title: 'pods selected by no policy in a namespace that uses policies',
  why: 'These pods accept traffic from anywhere while their neighbours are locked down.',
  run(ctx) {
    const facts = new PolicyFacts(ctx.snapshot, ctx.policy);
    const out: Finding[] = [];
    const namespaces = new Set(ctx.snapshot.networkPolicies.map((np) => np.namespace));
    for (const ns of namespaces) {
      const policies = ctx.snapshot.networkPolicies.filter((np) => np.namespace === ns && np.policyTypes.includes('Ingress'));
      const loose = facts.podsIn(ns).filter((p) => !p.hostNetwork && !policies.some((np) => selectorMatches(np.podSelector, p.labels)));
      const byWorkload = new Map<string, PodModel[]>();
      for (const p of loose) {
        const key = p.workload ? `${p.workload.kind}/${p.namespace}/${p.workload.name}` : objectId('Pod', p.namespace, p.name);
        const list = byWorkload.get(key);
        if (list) list.push(p);
        else byWorkload.set(key, [p]);
      }
      for (const [key, pods] of byWorkload) {
        out.push(
          findingAt(
            this,
            pods[0]!.source,
            key,
            `${pods.length} pod(s) of ${key} are selected by no NetworkPolicy for ingress, while ${ns} uses policies`,
            `Cover them with a policy (or a default-deny with podSelector: {} in ${ns}).`,
          ),
        );
      }
    }
    return out;
  },
};
