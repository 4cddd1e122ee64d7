import type { PodModel } from '../model/objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { isActivePod } from '../model/snapshot.js';
import { type Ip, parseIp } from '../net/ip.js';

export type ResolvedRef =
  | { readonly kind: 'pods'; readonly pods: readonly PodModel[]; readonly label: string }
  | { readonly kind: 'ip'; readonly ip: Ip }
  | { readonly kind: 'error'; readonly message: string; readonly hint: string };

const WORKLOAD_ALIASES: Readonly<Record<string, string>> = {
  deployment: 'Deployment', deploy: 'Deployment', deployments: 'Deployment',
  statefulset: 'StatefulSet', sts: 'StatefulSet', statefulsets: 'StatefulSet',
  daemonset: 'DaemonSet', ds: 'DaemonSet', daemonsets: 'DaemonSet',
  replicaset: 'ReplicaSet', rs: 'ReplicaSet', replicasets: 'ReplicaSet',
  job: 'Job', jobs: 'Job', cronjob: 'CronJob', cj: 'CronJob', cronjobs: 'CronJob',
  pod: 'Pod', pods: 'Pod', po: 'Pod',
};

/**
 * Resolves a user's reference to pods: `ns/pod`, `ns/kind/name` (a workload: its running pods),
 * `ns/name` naming a workload when no pod has that name, or (when allowed) an IP address.
 */
export function resolveRef(snapshot: Snapshot, ref: string, allowIp: boolean): ResolvedRef {
  if (allowIp) {
    const ip = parseIp(ref);
    if (ip) return { kind: 'ip', ip };
  }
  const parts = ref.split('/');
  const active = (pods: readonly PodModel[]) => pods.filter(isActivePod);
  if (parts.length === 2) {
    const [ns, name] = parts as [string, string];
    const pod = snapshot.podsByKey.get(`${ns}/${name}`);
    if (pod) {
      if (!isActivePod(pod)) return { kind: 'error', message: `pod ${ref} has no IP (phase ${pod.phase ?? 'unknown'})`, hint: 'Only running pods with an address take part in traffic.' };
      return { kind: 'pods', pods: [pod], label: ref };
    }
    const owned = active(snapshot.pods.filter((p) => p.namespace === ns && p.workload?.name === name));
    if (owned.length > 0) return { kind: 'pods', pods: owned, label: `${ns}/${owned[0]!.workload!.kind.toLowerCase()}/${name}` };
    return notFound(snapshot, ns, name, ref);
  }
  if (parts.length === 3) {
    const [ns, kindText, name] = parts as [string, string, string];
    const kind = WORKLOAD_ALIASES[kindText.toLowerCase()];
    if (!kind) return { kind: 'error', message: `unknown kind "${kindText}" in ${ref}`, hint: 'Use ns/pod or ns/kind/name with kind deployment, statefulset, daemonset, replicaset, job or cronjob.' };
    if (kind === 'Pod') return resolveRef(snapshot, `${ns}/${name}`, false);
    const pods = active(snapshot.pods.filter((p) => p.namespace === ns && p.workload?.kind === kind && p.workload.name === name));
    if (pods.length > 0) return { kind: 'pods', pods, label: ref };
    const exists = snapshot.workloads.some((w) => w.kind === kind && w.namespace === ns && w.name === name);
    if (exists) return { kind: 'error', message: `${kind} ${ns}/${name} has no running pods`, hint: 'It has 0 replicas, or its pods are not in the input.' };
    return notFound(snapshot, ns, name, ref);
  }
  return { kind: 'error', message: `cannot read "${ref}"`, hint: allowIp ? 'Use ns/pod, ns/kind/name or an IP address.' : 'Use ns/pod or ns/kind/name.' };
}

function notFound(snapshot: Snapshot, ns: string, name: string, ref: string): ResolvedRef {
  const candidates = [
    ...snapshot.pods.filter((p) => p.namespace === ns).map((p) => p.key),
    ...snapshot.workloads.filter((w) => w.namespace === ns).map((w) => `${w.namespace}/${w.kind.toLowerCase()}/${w.name}`),
  ];
  const close = candidates.filter((c) => c.includes(name) || name.includes(c.split('/').pop() ?? '')).slice(0, 5);
  const hint = !snapshot.namespaces.has(ns)
    ? `There is no namespace "${ns}". Namespaces: ${[...snapshot.namespaces.keys()].join(', ')}.`
    : close.length
      ? `Did you mean ${close.join(', ')}?`
      : `Pods in ${ns}: ${candidates.slice(0, 8).join(', ') || '(none)'}.`;
  return { kind: 'error', message: `no pod or workload ${ref}`, hint };
}
