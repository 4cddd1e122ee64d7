import type { NodeModel, OwnerRef, PodModel, WorkloadModel, WorkloadRef } from '../../model/objects.js';
import { fnv1a, safeSuffix } from './deterministic-names.js';

/**
 * Links given pods to their top-level workloads, and expands workloads that have no pods in the
 * input into the pods their controllers would create: replicas of a Deployment/ReplicaSet
 * (`<deploy>-<template-hash>-<suffix>`), StatefulSet ordinals (`<name>-<i>`), one DaemonSet pod per
 * Node (or one if no Node is given), a Job's parallelism, one run of a CronJob. Names and labels
 * follow the controllers'; the random parts are replaced by deterministic ones.
 */
export function expandWorkloads(
  workloads: readonly WorkloadModel[],
  givenPods: readonly PodModel[],
  nodes: readonly NodeModel[],
): PodModel[] {
  const byKindName = new Map<string, WorkloadModel>();
  const byUid = new Map<string, WorkloadModel>();
  for (const w of workloads) {
    byKindName.set(`${w.kind}/${w.namespace}/${w.name}`, w);
    if (w.uid) byUid.set(w.uid, w);
  }
  const resolveOwner = (namespace: string, ref: OwnerRef): WorkloadModel | undefined =>
    (ref.uid ? byUid.get(ref.uid) : undefined) ?? byKindName.get(`${ref.kind}/${namespace}/${ref.name}`);

  /** Walks controller references up to the top-level workload; infers unseen parents by name. */
  const topLevel = (namespace: string, refs: readonly OwnerRef[]): WorkloadRef | undefined => {
    const ref = refs.find((r) => r.controller) ?? refs[0];
    if (!ref) return undefined;
    const owner = resolveOwner(namespace, ref);
    if (owner) return topLevel(namespace, owner.ownerReferences) ?? { kind: owner.kind, namespace, name: owner.name };
    // The owner is not in the input: ReplicaSet `<deploy>-<hash>` and Job `<cronjob>-<time>` name their parent.
    const parentKind = ref.kind === 'ReplicaSet' ? 'Deployment' : ref.kind === 'Job' ? 'CronJob' : undefined;
    const dash = ref.name.lastIndexOf('-');
    if (parentKind && dash > 0) {
      const parent = byKindName.get(`${parentKind}/${namespace}/${ref.name.slice(0, dash)}`);
      if (parent) return { kind: parent.kind, namespace, name: parent.name };
    }
    return { kind: ref.kind, namespace, name: ref.name };
  };

  // A workload is represented in the input when any given pod or given child workload belongs to it.
  const represented = new Set<string>();
  const mark = (ns: string, refs: readonly OwnerRef[]): void => {
    for (const ref of refs) {
      const owner = resolveOwner(ns, ref);
      const key = owner ? `${owner.kind}/${ns}/${owner.name}` : `${ref.kind}/${ns}/${ref.name}`;
      represented.add(key);
      if (owner) mark(ns, owner.ownerReferences);
      else {
        const dash = ref.name.lastIndexOf('-');
        const parentKind = ref.kind === 'ReplicaSet' ? 'Deployment' : ref.kind === 'Job' ? 'CronJob' : undefined;
        if (parentKind && dash > 0) represented.add(`${parentKind}/${ns}/${ref.name.slice(0, dash)}`);
      }
    }
  };
  for (const p of givenPods) mark(p.namespace, p.ownerReferences);
  for (const w of workloads) if (w.ownerReferences.length > 0) {
    // A child workload (ReplicaSet of a Deployment) stands for its parent, even with no pods.
    for (const ref of w.ownerReferences) {
      const owner = resolveOwner(w.namespace, ref);
      if (owner) represented.add(`${owner.kind}/${w.namespace}/${owner.name}`);
    }
  }

  const out: PodModel[] = givenPods.map((p) => ({ ...p, workload: topLevel(p.namespace, p.ownerReferences) }));
  const taken = new Set(out.map((p) => p.key));
  const sortedNodes = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  for (const w of workloads) {
    if (represented.has(`${w.kind}/${w.namespace}/${w.name}`)) continue;
    const top = topLevel(w.namespace, w.ownerReferences) ?? { kind: w.kind, namespace: w.namespace, name: w.name };
    for (const pod of podsFor(w, sortedNodes)) {
      let name = pod.name;
      for (let n = 1; taken.has(`${w.namespace}/${name}`); n++) name = `${pod.name}-${n}`;
      taken.add(`${w.namespace}/${name}`);
      out.push({ ...pod, name, key: `${w.namespace}/${name}`, workload: top });
    }
  }
  return out;
}

interface PodSeed {
  name: string;
  labels: Record<string, string>;
  nodeName: string | undefined;
  hostname: string | undefined;
  subdomain: string | undefined;
}

function podsFor(w: WorkloadModel, nodes: readonly NodeModel[]): PodModel[] {
  const t = w.template;
  const templateHash = safeSuffix(`${w.namespace}/${w.name}/${JSON.stringify(t.labels)}/${JSON.stringify(t.ports.map((p) => [p.name, p.containerPort, p.protocol]))}`, 10);
  const revision = `${w.name}-${safeSuffix(`rev/${w.namespace}/${w.name}`, 10)}`;
  const uid = uidFor(`${w.kind}/${w.namespace}/${w.name}`);
  const seeds: PodSeed[] = [];
  const base = { nodeName: t.nodeName, hostname: t.hostname, subdomain: t.subdomain };
  switch (w.kind) {
    case 'Deployment':
      for (let i = 0; i < w.replicas; i++)
        seeds.push({ ...base, name: `${w.name}-${templateHash}-${safeSuffix(`${w.name}/${i}`, 5)}`, labels: { ...t.labels, 'pod-template-hash': templateHash } });
      break;
    case 'ReplicaSet':
      for (let i = 0; i < w.replicas; i++) seeds.push({ ...base, name: `${w.name}-${safeSuffix(`${w.name}/${i}`, 5)}`, labels: { ...t.labels } });
      break;
    case 'StatefulSet':
      for (let i = 0; i < w.replicas; i++) {
        const name = `${w.name}-${i}`;
        seeds.push({
          ...base,
          name,
          // StatefulSet pods get hostname = pod name and subdomain = spec.serviceName.
          hostname: name,
          subdomain: w.serviceName || undefined,
          labels: {
            ...t.labels,
            'controller-revision-hash': revision,
            'statefulset.kubernetes.io/pod-name': name,
            'apps.kubernetes.io/pod-index': String(i),
          },
        });
      }
      break;
    case 'DaemonSet': {
      const targets = nodes.length > 0 ? nodes.map((n) => n.name) : [t.nodeName];
      for (const nodeName of targets)
        seeds.push({
          ...base,
          nodeName,
          name: `${w.name}-${safeSuffix(`${w.name}/${nodeName ?? ''}`, 5)}`,
          labels: { ...t.labels, 'controller-revision-hash': safeSuffix(`ds/${w.name}`, 10), 'pod-template-generation': '1' },
        });
      break;
    }
    case 'Job':
    case 'CronJob': {
      const jobName = w.kind === 'CronJob' ? `${w.name}-${29000000 + (fnv1a(w.name) % 1000000)}` : w.name;
      const jobUid = uidFor(`Job/${w.namespace}/${jobName}`);
      for (let i = 0; i < w.replicas; i++)
        seeds.push({
          ...base,
          name: `${jobName}-${safeSuffix(`${jobName}/${i}`, 5)}`,
          labels: {
            ...t.labels,
            'batch.kubernetes.io/controller-uid': jobUid,
            'batch.kubernetes.io/job-name': jobName,
            'controller-uid': jobUid,
            'job-name': jobName,
          },
        });
      break;
    }
  }
  return seeds.map((s) => ({
    key: `${w.namespace}/${s.name}`,
    namespace: w.namespace,
    name: s.name,
    labels: s.labels,
    annotations: t.annotations,
    uid: undefined,
    nodeName: s.nodeName,
    hostNetwork: t.hostNetwork,
    ips: [],
    ports: t.ports,
    hostname: s.hostname,
    subdomain: s.subdomain,
    dnsPolicy: t.dnsPolicy,
    dnsConfig: t.dnsConfig,
    phase: 'Running',
    ownerReferences: [ownerOf(w, templateHash, uid)],
    workload: undefined,
    source: w.source,
    synthesized: true,
    ipAllocated: false,
  }));
}

function ownerOf(w: WorkloadModel, templateHash: string, uid: string): OwnerRef {
  if (w.kind === 'Deployment') return { kind: 'ReplicaSet', name: `${w.name}-${templateHash}`, uid: undefined, controller: true };
  if (w.kind === 'CronJob') return { kind: 'Job', name: w.name, uid: undefined, controller: true };
  return { kind: w.kind, name: w.name, uid, controller: true };
}

function uidFor(seed: string): string {
  const h = (s: string) => fnv1a(s).toString(16).padStart(8, '0');
  const a = h(seed);
  const b = h(`${seed}/1`);
  const c = h(`${seed}/2`);
  const d = h(`${seed}/3`);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
