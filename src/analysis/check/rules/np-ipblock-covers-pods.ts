import { objectId } from '../../../model/objects.js';
import { isActivePod } from '../../../model/snapshot.js';
import { IpSet, unionAll } from '../../../net/ip-set.js';
import { SortedByIp } from '../../../net/sorted-by-ip.js';
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
    // Pod IPs sorted once: each ipBlock finds the ones it covers by binary search per interval.
    const podIps = new SortedByIp(ctx.snapshot.pods.filter((p) => isActivePod(p) && !p.hostNetwork).flatMap((p) => p.ips.map((ip) => ({ ip, pod: p }))));
    const podCidrs = unionAll(ctx.snapshot.nodes.flatMap((n) => n.podCIDRs.map((c) => IpSet.fromCidr(c))));
    const out: Finding[] = [];
    for (const np of ctx.snapshot.networkPolicies) {
      for (const rule of [...np.ingress, ...np.egress]) {
        for (const peer of rule.peers ?? []) {
          if (!peer.ipBlock) continue;
          const set = peer.ipBlock.set;
          // How many pod IPs, and the first three by IP (for the message): binary searches, no scan.
          const count = podIps.countIn(set);
          const cidrOverlap = !podCidrs.intersect(set).isEmpty;
          if (count === 0 && !cidrOverlap) continue;
          const sample = podIps.firstIn(set, 3).map((x) => x.pod.key).join(', ');
          out.push(
            findingAt(
              this,
              { ...peer.source, path: `${peer.source.path}.ipBlock` },
              objectId('NetworkPolicy', np.namespace, np.name),
              count > 0
                ? `ipBlock ${peer.ipBlock.cidr} covers ${count} pod IP(s) (${sample}${count > 3 ? ', …' : ''})`
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
