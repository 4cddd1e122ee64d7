import { selectorMatches } from '../../../model/label-selector.js';
import type { PodModel } from '../../../model/objects.js';
import { isActivePod } from '../../../model/snapshot.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { evaluateConnection } from '../../../layers/policy/evaluate-connection.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';

/** The cluster DNS server pods: the endpoints of kube-system/kube-dns (CoreDNS's Service name). */
export function clusterDnsPods(snapshot: Snapshot): PodModel[] {
  const svc = snapshot.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
  const selector = svc?.selector ?? { 'k8s-app': 'kube-dns' };
  return snapshot.pods.filter((p) => p.namespace === 'kube-system' && isActivePod(p) && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
}

/** Pods that ask cluster DNS: dnsPolicy ClusterFirst (the default) off hostNetwork, or ClusterFirstWithHostNet. */
function usesClusterDns(p: PodModel): boolean {
  const policy = p.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirstWithHostNet') return true;
  return policy === 'ClusterFirst' && !p.hostNetwork;
}

/**
 * Pods isolated for egress that cannot reach any cluster DNS pod on 53/UDP (egress at the pod and
 * ingress at CoreDNS, evaluated on the DNS pods' IPs as the data plane sees them after DNAT).
 * The most common NetworkPolicy outage: a default-deny egress without a DNS rule.
 */
export const npDnsBlocked: CheckRule = {
  code: 'NP_DNS_BLOCKED',
  severity: 'error',
  title: 'pods isolated for egress with no way to reach cluster DNS',
  why: 'Every name lookup times out: the pods cannot resolve Services or external names.',
  run(ctx) {
    const dns = clusterDnsPods(ctx.snapshot);
    if (dns.length === 0) return [];
    const engine = ctx.policy;
    const out: Finding[] = [];
    const isolatedEgress = engine.isolated('egress');
    const verdictByIdentity = new Map<number, boolean>();
    const blocked = new Map<string, PodModel[]>();
    for (const pod of ctx.snapshot.pods) {
      if (!isActivePod(pod) || !usesClusterDns(pod) || pod.hostNetwork) continue;
      const id = engine.index.identityOfPod(pod.key);
      if (id === undefined || !isolatedEgress.has(id)) continue;
      let ok = verdictByIdentity.get(id);
      if (ok === undefined) {
        ok = dns.some((d) => evaluateConnection(engine, { kind: 'pod', pod }, { kind: 'pod', pod: d }, 'UDP', 53).allowed);
        verdictByIdentity.set(id, ok);
      }
      if (ok) continue;
      const key = pod.workload ? `${pod.workload.kind}/${pod.namespace}/${pod.workload.name}` : `Pod/${pod.key}`;
      const list = blocked.get(key);
      if (list) list.push(pod);
      else blocked.set(key, [pod]);
    }
    // One finding per policy that isolates them (usually the namespace's default-deny), naming the workloads.
    const byLocation = new Map<string, { pods: PodModel[]; workloads: string[] }>();
    for (const [key, pods] of blocked) {
      const pod = pods[0]!;
      const policies = ctx.snapshot.networkPolicies.filter((np) => np.namespace === pod.namespace && selectorMatches(np.podSelector, pod.labels) && np.policyTypes.includes('Egress'));
      const loc = policies.length ? `NetworkPolicy/${policies[0]!.namespace}/${policies[0]!.name}` : key;
      const entry = byLocation.get(loc) ?? { pods: [], workloads: [] };
      entry.pods.push(...pods);
      entry.workloads.push(key);
      byLocation.set(loc, entry);
    }
    for (const [object, { pods, workloads }] of byLocation) {
      const pod = pods[0]!;
      const v = evaluateConnection(engine, { kind: 'pod', pod }, { kind: 'pod', pod: dns[0]! }, 'UDP', 53);
      const side = !v.egress.allowed ? v.egress : v.ingress;
      const related = side.isolatedBy.map((o) => ({ ...o, message: `${side.direction === 'egress' ? 'isolates the pods for egress' : 'isolates CoreDNS for ingress'}: ${o.policy}` }));
      const np = ctx.snapshot.networkPolicies.find((n) => `NetworkPolicy/${n.namespace}/${n.name}` === object);
      out.push(
        findingAt(
          this,
          np ? np.podSelectorSource : pod.source,
          object,
          `${pods.length} pod(s) of ${workloads.join(', ')} cannot reach cluster DNS (kube-system/kube-dns, 53/UDP): ${side.direction === 'egress' ? 'their egress' : "CoreDNS's ingress"} allows no such traffic`,
          side.direction === 'egress'
            ? `Allow egress to namespace kube-system, pods k8s-app=kube-dns, ports 53/UDP and 53/TCP (namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}).`
            : `Allow ingress to CoreDNS on 53/UDP and 53/TCP from ${pod.namespace}.`,
          related,
        ),
      );
    }
    return out;
  },
};
