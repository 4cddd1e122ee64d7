import { selectorMatches } from '../../model/label-selector.js';
import type { NetworkPolicyModel, NetworkPolicyPeerModel, PodModel } from '../../model/objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { isActivePod } from '../../model/snapshot.js';

/** Facts about NetworkPolicies that several check rules ask; computed on demand, shared. */
export class PolicyFacts {
  private readonly podsByNs = new Map<string, PodModel[]>();

  constructor(readonly snapshot: Snapshot) {
    for (const p of snapshot.pods) {
      if (!isActivePod(p)) continue;
      const list = this.podsByNs.get(p.namespace);
      if (list) list.push(p);
      else this.podsByNs.set(p.namespace, [p]);
    }
  }

  podsIn(namespace: string): readonly PodModel[] {
    return this.podsByNs.get(namespace) ?? [];
  }

  /** Pods a policy's podSelector selects, hostNetwork pods included (callers decide). */
  selectedBy(np: NetworkPolicyModel): PodModel[] {
    return this.podsIn(np.namespace).filter((p) => selectorMatches(np.podSelector, p.labels));
  }

  /** Namespaces a peer's namespaceSelector selects (the policy's own when absent). */
  peerNamespaces(np: NetworkPolicyModel, peer: NetworkPolicyPeerModel): string[] {
    if (!peer.namespaceSelector) return [np.namespace];
    return [...this.snapshot.namespaces.values()].filter((ns) => selectorMatches(peer.namespaceSelector!, ns.labels)).map((ns) => ns.name);
  }

  /** Pods a selector peer matches (hostNetwork pods never match). */
  peerPods(np: NetworkPolicyModel, peer: NetworkPolicyPeerModel): PodModel[] {
    if (peer.ipBlock) return [];
    return this.peerNamespaces(np, peer).flatMap((ns) =>
      this.podsIn(ns).filter((p) => !p.hostNetwork && (peer.podSelector === undefined || selectorMatches(peer.podSelector, p.labels))),
    );
  }
}
