import { objectId } from '../../../model/objects.js';
import { isActivePod } from '../../../model/snapshot.js';
import { IpSet } from '../../../net/ip-set.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';

/**
 * An ipBlock that covers pod IPs. The API reference says ipBlock is meant for cluster-external
 * IPs; whether it matches pod traffic depends on the CNI (Calico: yes; Cilium: pods are matched by
 * identity, not CIDR), and pod IPs change. A rule that relies on it is fragile either way.
 */
export const npIpBlockCoversPods: CheckRule = {
  code: 'NP_IPBLOCK_COVERS_PODS',
  severity: 'warning',
  title: 'an ipBlock that covers pod IPs',
  why: 'Pod IPs are ephemeral and CNIs disagree on whether ipBlock applies to pod traffic; the rule may open or close more than intended.',
  run(ctx) {
    const podIps = ctx.snapshot.pods.filter((p) => isActivePod(p) && !p.hostNetwork).flatMap((p) => p.ips.map((ip) => ({ ip, pod: p })));
    const podCidrs = ctx.snapshot.nodes.flatMap((n) => n.podCIDRs.map((c) => IpSet.fromCidr(c)));
    const out: Finding[] = [];
    for (const np of ctx.snapshot.networkPolicies) {
      for (const rule of [...np.ingress, ...np.egress]) {
        for (const peer of rule.peers ?? []) {
          if (!peer.ipBlock) continue;
          const set = peer.ipBlock.set;
          const covered = podIps.filter((x) => set.contains(x.ip));
          const cidrOverlap = podCidrs.some((c) => !c.intersect(set).isEmpty);
          if (covered.length === 0 && !cidrOverlap) continue;
          const sample = covered.slice(0, 3).map((x) => x.pod.key).join(', ');
          out.push(
            findingAt(
              this,
              { ...peer.source, path: `${peer.source.path}.ipBlock` },
              objectId('NetworkPolicy', np.namespace, np.name),
              covered.length > 0
                ? `ipBlock ${peer.ipBlock.cidr} covers ${covered.length} pod IP(s) (${sample}${covered.length > 3 ? ', …' : ''})`
                : `ipBlock ${peer.ipBlock.cidr} overlaps the nodes' pod CIDRs`,
              'Select pods with podSelector/namespaceSelector instead, and add the pod CIDR to `except` if the block is meant for external addresses.',
            ),
          );
        }
      }
    }
    return out;
  },
};
