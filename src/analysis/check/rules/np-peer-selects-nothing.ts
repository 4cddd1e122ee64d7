import { formatSelector } from '../../../model/label-selector.js';
import { objectId } from '../../../model/objects.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { PolicyFacts } from '../policy-facts.js';

/**
 * A selector peer that matches no pod (or no namespace). Not reported when the more specific
 * NP_NAMESPACE_LABEL_UNKNOWN explains it, when the policy itself selects nothing
 * (NP_SELECTS_NOTHING), or for `namespaceSelector: {}` / `podSelector: {}` alone, which mean
 * "everything" and are never typos.
 */
export const npPeerSelectsNothing: CheckRule = {
  code: 'NP_PEER_SELECTS_NOTHING',
  severity: 'warning',
  title: 'a peer selector that matches no pod or namespace',
  why: 'The rule allows traffic from (or to) nobody, so the flow it was written for stays blocked.',
  run(ctx) {
    const facts = new PolicyFacts(ctx.snapshot, ctx.policy);
    const nsKeys = new Set<string>();
    for (const ns of ctx.snapshot.namespaces.values()) for (const k of Object.keys(ns.labels)) nsKeys.add(k);
    const out: Finding[] = [];
    for (const np of ctx.snapshot.networkPolicies) {
      if (np.podSelector.requirements.length > 0 && facts.selectedBy(np).length === 0) continue;
      for (const rule of [...np.ingress, ...np.egress]) {
        for (const peer of rule.peers ?? []) {
          if (peer.ipBlock) continue;
          const nsSel = peer.namespaceSelector;
          if (nsSel && nsSel.requirements.some((r) => (r.operator === 'In' || r.operator === 'Exists') && !nsKeys.has(r.key))) continue;
          if (facts.peerPods(np, peer).length > 0) continue;
          const namespaces = facts.peerNamespaces(np, peer);
          const what = namespaces.length === 0
            ? `namespaceSelector ${formatSelector(nsSel!)} matches no namespace`
            : `podSelector ${formatSelector(peer.podSelector!)} matches no pod in ${namespaces.length === 1 ? `namespace ${namespaces[0]}` : `the ${namespaces.length} selected namespaces`}`;
          out.push(
            findingAt(this, peer.source, objectId('NetworkPolicy', np.namespace, np.name), `peer selects nothing: ${what}`, 'Check the labels; a podSelector alone only looks in the policy\'s own namespace — add a namespaceSelector to reach pods elsewhere.'),
          );
        }
      }
    }
    return out;
  },
};
