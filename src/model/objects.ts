import type { Cidr, Ip } from '../net/ip.js';
import type { IpSet } from '../net/ip-set.js';
import type { Protocol } from '../net/protocol.js';
import type { LabelSelector, Labels } from './label-selector.js';
import type { PathSegment, Provenance } from './provenance.js';

/**
 * The model: what the user's manifests say, decoded and validated, each piece with its provenance.
 * Field names follow the Kubernetes API.
 */

/** An ingested manifest object as written, with a way to locate any of its fields. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly source: Provenance;
  /** Provenance of a field inside the object (nearest existing ancestor when absent). */
  locate(path: readonly PathSegment[]): Provenance;
}

/** `Kind/namespace/name` or `Kind/name` for cluster-scoped objects. */
export function objectId(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

export interface NamespaceModel {
  readonly name: string;
  readonly labels: Labels;
  readonly source: Provenance;
  /** True when referenced but not given: it exists with the labels the API server sets. */
  readonly synthesized: boolean;
}

export interface NodeAddress {
  readonly type: string;
  readonly address: string;
}

export interface NodeModel {
  readonly name: string;
  readonly labels: Labels;
  readonly podCIDRs: readonly Cidr[];
  readonly addresses: readonly NodeAddress[];
  /** InternalIP addresses, parsed (the address traffic from the node appears from). */
  readonly internalIPs: readonly Ip[];
  readonly source: Provenance;
  /** Where `spec.podCIDRs` (or `spec.podCIDR`) is written, when it is. */
  readonly podCIDRSource?: Provenance;
  readonly synthesized: boolean;
}

export interface ContainerPortModel {
  readonly container: string;
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly source: Provenance;
}

export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly controller: boolean;
}

export interface PodDnsConfig {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly { name: string; value?: string }[];
}

/** What a pod template says about networking; shared by Pods and workload templates. */
export interface PodTemplateModel {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly hostNetwork: boolean;
  readonly ports: readonly ContainerPortModel[];
  readonly nodeName: string | undefined;
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  readonly dnsPolicy: string | undefined;
  readonly dnsConfig: PodDnsConfig | undefined;
  readonly source: Provenance;
}

export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface PodModel {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly uid: string | undefined;
  readonly nodeName: string | undefined;
  readonly hostNetwork: boolean;
  /** Pod IPs, primary first; empty when the pod has none (not scheduled yet). */
  readonly ips: readonly Ip[];
  readonly ports: readonly ContainerPortModel[];
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  readonly dnsPolicy: string | undefined;
  readonly dnsConfig: PodDnsConfig | undefined;
  readonly phase: string | undefined;
  readonly ownerReferences: readonly OwnerRef[];
  /** The top-level workload that owns it (the Deployment for a ReplicaSet's pod). */
  readonly workload: WorkloadRef | undefined;
  /** The manifest of the pod, or of the workload template it was expanded from. */
  readonly source: Provenance;
  /** True when kflow expanded it from a workload template. */
  readonly synthesized: boolean;
  /** True when kflow allocated its IP. */
  readonly ipAllocated: boolean;
  /** `status.conditions[type=Ready]` as given (`True` → true); undefined when the manifest has no Ready condition. */
  readonly ready?: boolean;
  /** `metadata.deletionTimestamp` as given: the pod is terminating. */
  readonly deletionTimestamp?: string;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

export interface WorkloadModel {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly labels: Labels;
  /** Pods it runs: replicas, parallelism, or 1 (CronJob: one representative run). */
  readonly replicas: number;
  readonly selector: LabelSelector | undefined;
  readonly template: PodTemplateModel;
  /** StatefulSet spec.serviceName: the governing (headless) Service. */
  readonly serviceName: string | undefined;
  readonly ownerReferences: readonly OwnerRef[];
  readonly source: Provenance;
}

/** networking.k8s.io/v1 NetworkPolicyPort. `port` absent: every port of the protocol. */
export interface NetworkPolicyPortModel {
  readonly protocol: Protocol;
  readonly port: number | string | undefined;
  readonly endPort: number | undefined;
  readonly source: Provenance;
}

export interface IpBlockModel {
  readonly cidr: string;
  readonly except: readonly string[];
  /** cidr minus except. */
  readonly set: IpSet;
}

/** networking.k8s.io/v1 NetworkPolicyPeer. Absent selectors are `undefined`, empty ones select all. */
export interface NetworkPolicyPeerModel {
  readonly podSelector: LabelSelector | undefined;
  readonly namespaceSelector: LabelSelector | undefined;
  readonly ipBlock: IpBlockModel | undefined;
  readonly source: Provenance;
}

export interface NetworkPolicyRuleModel {
  /** `undefined` or empty: every peer. */
  readonly peers: readonly NetworkPolicyPeerModel[] | undefined;
  /** `undefined` or empty: every port. */
  readonly ports: readonly NetworkPolicyPortModel[] | undefined;
  readonly source: Provenance;
}

export type PolicyType = 'Ingress' | 'Egress';

export interface NetworkPolicyModel {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** After defaulting (Ingress always; Egress when egress rules exist), unless given. */
  readonly policyTypes: readonly PolicyType[];
  readonly policyTypesDefaulted: boolean;
  readonly ingress: readonly NetworkPolicyRuleModel[];
  readonly egress: readonly NetworkPolicyRuleModel[];
  readonly annotations: Labels;
  readonly source: Provenance;
  /** Where `spec.podSelector` is (or the spec, when absent). */
  readonly podSelectorSource: Provenance;
}
