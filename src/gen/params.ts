/**
 * What a generated cluster looks like: sizes, label vocabularies and the policy mix. Profiles
 * are named parameter sets; every count is met exactly (namespaces, workloads, pods, policies).
 */

/** Per-workload NetworkPolicy shapes (namespace baselines are governed by `baseline`). */
export type PolicyShape =
  /** ingress from pods of named apps in the namespace (matchLabels), on a numeric port */
  | 'podSelector'
  /** ingress from pods picked by matchExpressions (In, NotIn, Exists) */
  | 'expressions'
  /** ingress from every pod of namespaces picked by labels (team, env) */
  | 'namespaceSelector'
  /** ingress from pods picked by namespaceSelector and podSelector in one peer (another team's frontends) */
  | 'combined'
  /** ipBlock with except, outside the pod network: egress to the internet, ingress from the VPC */
  | 'ipBlock'
  /** ipBlock with except over part of the pod network (splits identities by address) */
  | 'ipBlockPodCidr'
  /** ports by container port name (http, grpc, metrics) */
  | 'namedPort'
  /** port ranges with endPort */
  | 'portRange'
  /** egress to dependencies plus the DNS rule (kube-dns on 53/UDP and 53/TCP) */
  | 'egressWithDns';

export const POLICY_SHAPES: readonly PolicyShape[] = [
  'podSelector',
  'expressions',
  'namespaceSelector',
  'combined',
  'ipBlock',
  'ipBlockPodCidr',
  'namedPort',
  'portRange',
  'egressWithDns',
];

export interface BaselineMix {
  /** Share of application namespaces with a default-deny policy (podSelector: {}). */
  readonly defaultDeny: number;
  /** Of those, the share whose default deny covers egress too (they also get allow-dns). */
  readonly denyEgress: number;
  /** Share of namespaces allowing ingress from their own namespace. */
  readonly allowSameNamespace: number;
  /** Share of namespaces letting the monitoring namespace scrape the `metrics` port. */
  readonly allowMonitoring: number;
  /** Share of namespaces with frontends letting the ingress controller in. */
  readonly allowIngressController: number;
}

export interface GenParams {
  readonly seed: number;
  /** Namespaces, the three system ones (kube-system, monitoring, ingress-nginx) included. */
  readonly namespaces: number;
  /** Deployments, StatefulSets and DaemonSets, the system ones included. */
  readonly workloads: number;
  /** Pods the workloads run in total (DaemonSet pods included). */
  readonly pods: number;
  readonly policies: number;
  /** Share of application workloads that are StatefulSets (data stores, 1–5 replicas). */
  readonly statefulSetShare: number;
  /** Spread of Deployment sizes (σ of a log-normal): 0 = all alike. */
  readonly replicaSkew: number;
  /** Size of the team vocabulary (label `team` on namespaces and pods). */
  readonly teams: number;
  readonly envs: readonly string[];
  /** Pods per node when placing them; Nodes get a /24 podCIDR each (kubelet max-pods is 110). */
  readonly podsPerNode: number;
  /** A hostNetwork node-exporter DaemonSet in monitoring (one pod per Node). */
  readonly hostNetworkDaemonSet: boolean;
  readonly baseline: BaselineMix;
  /** Relative weights of the per-workload policy shapes. */
  readonly shapes: Readonly<Record<PolicyShape, number>>;
}

export type GenProfileName = 'tiny' | 'small' | 'medium' | 'large';

export const GEN_PROFILE_NAMES: readonly GenProfileName[] = ['tiny', 'small', 'medium', 'large'];

const DEFAULT_BASELINE: BaselineMix = { defaultDeny: 0.7, denyEgress: 0.4, allowSameNamespace: 0.35, allowMonitoring: 0.5, allowIngressController: 0.6 };

const DEFAULT_SHAPES: Readonly<Record<PolicyShape, number>> = {
  podSelector: 30,
  expressions: 10,
  namespaceSelector: 12,
  combined: 10,
  ipBlock: 8,
  ipBlockPodCidr: 1,
  namedPort: 12,
  portRange: 5,
  egressWithDns: 12,
};

const BASE: Omit<GenParams, 'namespaces' | 'workloads' | 'pods' | 'policies' | 'teams'> = {
  seed: 1,
  statefulSetShare: 0.1,
  replicaSkew: 1,
  envs: ['prod', 'staging', 'dev'],
  podsPerNode: 100,
  hostNetworkDaemonSet: true,
  baseline: DEFAULT_BASELINE,
  shapes: DEFAULT_SHAPES,
};

/** small ≈ 1k pods, medium ≈ 10k, large ≈ 100k (5k workloads, 2k namespaces, 10k NetworkPolicies). */
export const GEN_PROFILES: Readonly<Record<GenProfileName, GenParams>> = {
  tiny: { ...BASE, namespaces: 5, workloads: 10, pods: 30, policies: 12, teams: 2, podsPerNode: 10 },
  small: { ...BASE, namespaces: 20, workloads: 50, pods: 1_000, policies: 100, teams: 4 },
  medium: { ...BASE, namespaces: 200, workloads: 500, pods: 10_000, policies: 1_000, teams: 25 },
  large: { ...BASE, namespaces: 2_000, workloads: 5_000, pods: 100_000, policies: 10_000, teams: 250 },
};

export const SYSTEM_NAMESPACES = 3;

/** System workloads: coredns, prometheus, the ingress controller, and node-exporter when enabled. */
export function systemWorkloadCount(p: Pick<GenParams, 'hostNetworkDaemonSet'>): number {
  return p.hostNetworkDaemonSet ? 4 : 3;
}

/** Pods the system workloads run other than node-exporter: coredns 2, prometheus 1, ingress 2. */
export const SYSTEM_PODS = 5;

export function nodeCount(p: Pick<GenParams, 'pods' | 'podsPerNode'>): number {
  return Math.max(1, Math.ceil(p.pods / p.podsPerNode));
}

/** Why these parameters cannot be generated (empty when they can). */
export function validateGenParams(p: GenParams): string[] {
  const errs: string[] = [];
  const int = (name: string, v: number, min: number): void => {
    if (!Number.isSafeInteger(v) || v < min) errs.push(`${name} must be an integer ≥ ${min} (got ${v})`);
  };
  int('seed', p.seed, 0);
  int('namespaces', p.namespaces, SYSTEM_NAMESPACES + 1);
  int('policies', p.policies, 0);
  int('teams', p.teams, 1);
  int('podsPerNode', p.podsPerNode, 1);
  if (p.podsPerNode > 109) errs.push(`podsPerNode must be at most 109 (kubelet max-pods is 110; got ${p.podsPerNode})`);
  const appNamespaces = p.namespaces - SYSTEM_NAMESPACES;
  const appWorkloads = p.workloads - systemWorkloadCount(p);
  if (!Number.isSafeInteger(p.workloads) || appWorkloads < appNamespaces) {
    errs.push(`workloads must be at least ${appNamespaces + systemWorkloadCount(p)} (one per application namespace plus the system ones; got ${p.workloads})`);
  }
  const daemonPods = p.hostNetworkDaemonSet ? nodeCount(p) : 0;
  const minPods = appWorkloads + SYSTEM_PODS + daemonPods;
  if (!Number.isSafeInteger(p.pods) || p.pods < minPods) errs.push(`pods must be at least ${minPods} (one per workload, the system pods and one node-exporter per node; got ${p.pods})`);
  if (nodeCount(p) > 32_768) errs.push(`too many nodes (${nodeCount(p)}): the generated pod network 10.128.0.0/9 holds 32768 /24s`);
  if (!(p.statefulSetShare >= 0 && p.statefulSetShare <= 1)) errs.push('statefulSetShare must be between 0 and 1');
  if (!(p.replicaSkew >= 0)) errs.push('replicaSkew must be ≥ 0');
  if (p.envs.length === 0) errs.push('envs must not be empty');
  for (const e of p.envs) if (!/^[a-z]([a-z0-9-]{0,13}[a-z0-9])?$/.test(e)) errs.push(`env "${e}" must be a short DNS label`);
  for (const [k, v] of Object.entries(p.baseline)) if (!(v >= 0 && v <= 1)) errs.push(`baseline.${k} must be between 0 and 1`);
  const weights = Object.values(p.shapes);
  if (weights.some((w) => !(w >= 0)) || weights.every((w) => w === 0)) errs.push('shape weights must be ≥ 0, and not all 0');
  return errs;
}
