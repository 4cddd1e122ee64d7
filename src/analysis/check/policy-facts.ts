import { selectorMatches } from '../../model/label-selector.js';
import type { NetworkPolicyModel, NetworkPolicyPeerModel, PodModel } from '../../model/objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { isActivePod } from '../../model/snapshot.js';
import { compilePeer } from '../../layers/policy/compile-network-policy.js';
import type { PolicyEngine } from '../../layers/policy/policy-engine.js';

/** Facts about NetworkPolicies that several check rules ask; computed on demand, shared. */
export class PolicyFacts {
  private readonly podsByNs = new Map<string, PodModel[]>();
  private readonly peerPodsCache = new Map<string, PodModel[]>();

  /** With the policy engine, peers are answered from its identity index (its selector caches). */
  constructor(
    readonly snapshot: Snapshot,
    private readonly engine?: PolicyEngine,
  ) {
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
  peerNamespaces(np: NetworkPolicyModel, peer: NetworkPolicyPeerModel): readonly string[] {
    if (!peer.namespaceSelector) return [np.namespace];
    const selection = compilePeer(peer, np.namespace);
    if (this.engine && selection.kind === 'pods') return this.engine.index.namespacesOf(selection);
    return [...this.snapshot.namespaces.values()].filter((ns) => selectorMatches(peer.namespaceSelector!, ns.labels)).map((ns) => ns.name);
  }

  /** Pods a selector peer matches (hostNetwork pods never match); the same array for equal selections. */
  peerPods(np: NetworkPolicyModel, peer: NetworkPolicyPeerModel): readonly PodModel[] {
    const selection = compilePeer(peer, np.namespace);
    if (selection.kind !== 'pods') return [];
    const key = `${selection.namespaces.kind === 'name' ? `n:${selection.namespaces.name}` : `s:${selection.namespaces.selector.key}`}|${selection.pods.key}`;
    let pods = this.peerPodsCache.get(key);
    if (pods) return pods;
    if (this.engine) {
      const index = this.engine.index;
      pods = [];
      for (const id of index.selectPods(selection)) pods.push(...index.identities[id]!.pods);
    } else {
      pods = this.peerNamespaces(np, peer).flatMap((ns) => this.podsIn(ns).filter((p) => !p.hostNetwork && selectorMatches(selection.pods, p.labels)));
    }
    this.peerPodsCache.set(key, pods);
    return pods;
  }
}
