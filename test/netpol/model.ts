/**
 * The upstream Kubernetes NetworkPolicy e2e "model" cluster, as plain Kubernetes objects.
 *
 * Facts taken from kubernetes/kubernetes test/e2e/network/netpol/:
 * - model.go: namespaces x, y, z; pods a, b, c in each (the classic 9-pod model; newer
 *   upstream runs only a subset of these pods per case, with the same expectations);
 *   every pod carries the single label `pod: <name>`; one container per (port, protocol),
 *   named `cont-<port>-<protocol lowercased>` with one container port named
 *   `serve-<port>-<protocol lowercased>` (e.g. `serve-80-tcp`, `serve-81-sctp`).
 * - kubemanager.go: namespaces are created with no labels of their own ("we just need the
 *   default kubernetes.io/metadata.name label", which the API server sets). (Older model.go
 *   versions also set `ns: <name>`; no current case selects on it, so it is omitted.)
 * - Each case chooses its ports and protocols (e.g. ports [80, 81], protocols [TCP]); the
 *   default here is the union used across all cases: ports 80, 81 × TCP, UDP, SCTP.
 *
 * Pod IPs and node names are ours (upstream gets them from the cluster):
 *   <ns>/<pod> = 10.0.0.<10·(ns index + 1) + pod index + 1>, i.e. x/a=10.0.0.11, x/b=10.0.0.12,
 *   …, y/a=10.0.0.21, …, z/c=10.0.0.33; pods a, b, c run on node-1, node-2, node-3.
 * All of them lie in one /4 (0.0.0.0/4), which the ipBlock-except cases rely on (upstream's
 * makeLargeCIDRForIP takes the /4 around x/b's IP and expects it to contain every pod).
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: Array<'Ingress' | 'Egress'>;
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface Container {
  name: string;
  image: string;
  ports?: ContainerPort[];
}

export interface NamespaceObject {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: ObjectMeta;
}

export interface PodObject {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta & { namespace: string };
  spec: { nodeName?: string; hostNetwork?: boolean; containers: Container[] };
  status?: { phase?: string; podIP?: string; podIPs?: Array<{ ip: string }>; hostIP?: string };
}

export interface NetworkPolicyObject {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: ObjectMeta & { namespace: string };
  spec: NetworkPolicySpec;
}

export type KubeObject = NamespaceObject | PodObject | NetworkPolicyObject;

export const MODEL_NAMESPACES = ['x', 'y', 'z'] as const;
export const MODEL_POD_NAMES = ['a', 'b', 'c'] as const;
export const MODEL_PORTS: readonly number[] = [80, 81];
export const MODEL_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** "x/a", "x/b", …, "z/c" — the order upstream's truth tables print in. */
export const MODEL_POD_KEYS: readonly string[] = MODEL_NAMESPACES.flatMap((ns) =>
  MODEL_POD_NAMES.map((pod) => `${ns}/${pod}`),
);

/** The label key the API server sets on every Namespace (immutable, = the namespace name). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const AGNHOST_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost';

/** Deterministic pod IP for a model pod key such as "x/a" (10.0.0.11). */
export function modelPodIP(key: string): string {
  const [ns, pod] = splitKey(key);
  const nsIndex = (MODEL_NAMESPACES as readonly string[]).indexOf(ns);
  const podIndex = (MODEL_POD_NAMES as readonly string[]).indexOf(pod);
  if (nsIndex < 0 || podIndex < 0) throw new Error(`not a model pod: ${key}`);
  return `10.0.0.${10 * (nsIndex + 1) + podIndex + 1}`;
}

/** Node a model pod is scheduled on: pods a, b, c run on node-1, node-2, node-3. */
export function modelNodeName(key: string): string {
  const [, pod] = splitKey(key);
  return `node-${(MODEL_POD_NAMES as readonly string[]).indexOf(pod) + 1}`;
}

/** Upstream Container.Name(): cont-<port>-<protocol lowercased>. */
export function containerName(port: number, protocol: Protocol): string {
  return `cont-${port}-${protocol.toLowerCase()}`;
}

/** Upstream Container.PortName(): serve-<port>-<protocol lowercased>. */
export function containerPortName(port: number, protocol: Protocol): string {
  return `serve-${port}-${protocol.toLowerCase()}`;
}

export function modelNamespace(name: string, extraLabels: Record<string, string> = {}): NamespaceObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [NAMESPACE_NAME_LABEL]: name, ...extraLabels } },
  };
}

export interface ModelOptions {
  ports?: readonly number[];
  protocols?: readonly Protocol[];
}

export function modelPod(key: string, options: ModelOptions = {}, extraLabels: Record<string, string> = {}): PodObject {
  const [ns, pod] = splitKey(key);
  const ports = options.ports ?? MODEL_PORTS;
  const protocols = options.protocols ?? MODEL_PROTOCOLS;
  const containers: Container[] = [];
  // Same nesting as upstream NewModel: ports outer, protocols inner.
  for (const port of ports) {
    for (const protocol of protocols) {
      containers.push({
        name: containerName(port, protocol),
        image: AGNHOST_IMAGE,
        ports: [{ containerPort: port, name: containerPortName(port, protocol), protocol }],
      });
    }
  }
  const ip = modelPodIP(key);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace: ns, labels: { pod, ...extraLabels } },
    spec: { nodeName: modelNodeName(key), containers },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  };
}

/** The whole model cluster: Namespaces x, y, z and Pods a, b, c in each. */
export function buildModel(options: ModelOptions = {}): KubeObject[] {
  return [
    ...MODEL_NAMESPACES.map((ns) => modelNamespace(ns)),
    ...MODEL_POD_KEYS.map((key) => modelPod(key, options)),
  ];
}

/** Identity of an object for overriding: kind/namespace/name. */
export function objectKey(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * Base objects with `overrides` applied: an override replaces the base object of the same
 * kind/namespace/name (e.g. a relabelled Pod), anything else is appended.
 */
export function mergeObjects(base: readonly KubeObject[], overrides: readonly KubeObject[]): KubeObject[] {
  const byKey = new Map<string, KubeObject>();
  for (const object of base) byKey.set(objectKey(object), object);
  for (const object of overrides) byKey.set(objectKey(object), object);
  return [...byKey.values()];
}

function splitKey(key: string): [string, string] {
  const parts = key.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`expected ns/pod, got ${key}`);
  return [parts[0], parts[1]];
}
