import type { PodModel } from '../../../model/objects.js';
import { isActivePod } from '../../../model/snapshot.js';
import { type DnsModel, buildDnsModel } from '../../../layers/dns/dns-model.js';
import { countDots } from '../../../layers/dns/dns-names.js';
import { resolveName } from '../../../layers/dns/resolve-name.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { type HostnameMention, externalHostnamesOf } from './external-hostnames.js';
import { writtenPodSpec } from './pod-spec.js';

/**
 * Workloads that resolve external names under a high `ndots` (the kubelet writes `ndots:5` for
 * every ClusterFirst pod). A name with fewer dots than ndots is tried with each search domain
 * first (`<ns>.svc.<domain> svc.<domain> <domain>` plus the node's), and CoreDNS answers each of
 * those NXDOMAIN before the name is sent as is: `api.stripe.com` from namespace `shop` costs 3
 * wasted queries per address family (6 for getaddrinfo's parallel A + AAAA) on every lookup that
 * misses the application's cache.
 *
 * "External names" are the host names the workload's manifest is configured with (env values,
 * command-line URLs, ConfigMap values it reads as env; see external-hostnames.ts) that the pod's
 * lookup sends out of the cluster (CoreDNS forwards them): kflow runs the lookup through the DNS
 * layer (the pod's resolv.conf, the glibc search walk, CoreDNS's answer to each name) and counts
 * the queries answered NXDOMAIN/NODATA before the answer. Info: it costs latency and CoreDNS load,
 * it does not break anything. One finding per workload.
 */
export const dnsNdotsExternal: CheckRule = {
  code: 'DNS_NDOTS_EXTERNAL',
  severity: 'info',
  title: 'workloads resolving external names through the search list (ndots:5)',
  why: 'Each lookup of an external name first tries every search domain: extra queries and latency on every cache miss.',
  run(ctx) {
    const { snapshot } = ctx;
    let model: DnsModel | undefined;
    const out: Finding[] = [];
    const seenWorkloads = new Set<string>();
    for (const pod of snapshot.pods) {
      if (!isActivePod(pod) || pod.hostNetwork) continue;
      const owner = pod.workload ? `${pod.workload.kind}/${pod.workload.namespace}/${pod.workload.name}` : `Pod/${pod.key}`;
      if (seenWorkloads.has(owner)) continue;
      seenWorkloads.add(owner);
      model ??= buildDnsModel(snapshot);
      const mentions = externalHostnamesOf(snapshot, pod, model.settings.clusterDomain);
      if (mentions.length === 0) continue;
      const costly = mentions.flatMap((m) => wastedQueries(model!, pod, m));
      if (costly.length === 0) continue;
      const first = costly[0]!;
      const rc = first.ndots;
      const describe = (c: Costly): string => {
        const dots = countDots(c.mention.name);
        return `${c.mention.name} (${dots} dot${dots === 1 ? '' : 's'} < ndots ${c.ndots}; ${c.mention.where}) → ${c.wasted.length} NXDOMAIN quer${c.wasted.length === 1 ? 'y' : 'ies'} (${c.wasted.join(', ')}) before ${c.answeredAs}`;
      };
      const minDots = Math.max(1, Math.min(...costly.map((c) => countDots(c.mention.name))));
      const written = writtenPodSpec(snapshot, pod);
      const object = written?.object ?? owner;
      const dnsConfigPath = written ? `${written.prefix.join('.')}.dnsConfig.options` : 'spec.dnsConfig.options';
      out.push(
        findingAt(
          this,
          first.mention.at,
          object,
          `${owner} resolves ${costly.length} external name(s) under ndots:${rc}: ${costly.map(describe).join('; ')}. Every lookup that misses the application's cache pays these extra round trips to CoreDNS, per address family (twice as many for getaddrinfo's A + AAAA)`,
          `Write the names fully qualified with a trailing dot (${first.mention.name}.), or lower ndots for this workload: ${dnsConfigPath}: [{name: ndots, value: "${minDots}"}] (names with at least ${minDots} dot${minDots === 1 ? '' : 's'} are then sent as is first; Service names with fewer dots still go through the search list).`,
        ),
      );
    }
    return out;
  },
};

interface Costly {
  readonly mention: HostnameMention;
  /** The names answered NXDOMAIN/NODATA before the answer, in order. */
  readonly wasted: readonly string[];
  readonly answeredAs: string;
  readonly ndots: number;
}

function wastedQueries(model: DnsModel, pod: PodModel, mention: HostnameMention): Costly[] {
  const r = resolveName(model.snapshot, { pod, name: mention.name, type: 'A' }, { model });
  if (r.answeredBy === undefined) return [];
  if (r.answeredBy.handledBy === 'kubernetes') return []; // answered inside the cluster zone: not an external name
  const answeredAt = r.steps.findIndex((s) => s.name === r.answeredBy!.name);
  const wasted = r.steps.slice(0, answeredAt < 0 ? 0 : answeredAt).filter((s) => s.reply === 'nxdomain' || s.reply === 'nodata').map((s) => s.name);
  if (wasted.length === 0) return [];
  return [{ mention, wasted, answeredAs: r.answeredBy.name === r.steps[0]?.name ? 'the answer' : `${r.answeredBy.name} is sent`, ndots: r.resolvConf.ndots }];
}
