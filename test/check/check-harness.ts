import { buildPolicyEngine, loadSnapshot } from '../../src/index.js';
import { type CheckResult, runChecks } from '../../src/analysis/check/run-checks.js';

/** Loads YAML documents and runs the check catalogue (input errors fail the test). */
export function check(yaml: string, disable: string[] = []): CheckResult {
  const { snapshot, diagnostics } = loadSnapshot([{ file: 'test.yaml', text: yaml }]);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`invalid test input: ${errors.map((d) => `${d.line}: ${d.code} ${d.message}`).join('; ')}`);
  return runChecks(snapshot, buildPolicyEngine(snapshot), { disable });
}

export function codes(r: CheckResult): string[] {
  return r.findings.map((f) => f.code);
}

export const ns = (name: string, labels: Record<string, string> = {}): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n---\n`;

export const deploy = (namespace: string, name: string, labels: Record<string, string>, ports: { name?: string; containerPort: number; protocol?: string }[] = [], extra = ''): string =>
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: 1
  selector: {matchLabels: ${JSON.stringify(labels)}}
  template:
    metadata: {labels: ${JSON.stringify(labels)}}
    spec:
${extra}      containers: [{name: c, image: x, ports: ${JSON.stringify(ports)}}]
---
`;

export const netpol = (namespace: string, name: string, spec: object): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n---\n`;

export const dnsStack =
  ns('kube-system') +
  deploy('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }]) +
  `apiVersion: v1\nkind: Service\nmetadata: {name: kube-dns, namespace: kube-system}\nspec:\n  clusterIP: 10.96.0.10\n  selector: {k8s-app: kube-dns}\n  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53}]\n---\n`;

/** A Deployment with one container given in full (env, args, ports), and PodSpec fields beside it. */
export const deployWith = (namespace: string, name: string, labels: Record<string, string>, container: object, podSpec: object = {}, replicas = 1): string =>
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: ${JSON.stringify(labels)}}
  template:
    metadata: {labels: ${JSON.stringify(labels)}}
    spec: ${JSON.stringify({ ...podSpec, containers: [{ name: 'c', image: 'x', ...container }] })}
---
`;

/** A Pod pinned to a node (spec.nodeName), for placement-sensitive cases. */
export const pod = (namespace: string, name: string, labels: Record<string, string>, nodeName: string, ports: { name?: string; containerPort: number; protocol?: string }[] = []): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)}}\nspec: ${JSON.stringify({ nodeName, containers: [{ name: 'c', image: 'x', ports }] })}\n---\n`;

/** A Node with an InternalIP and a pod CIDR. */
export const node = (name: string, ip: string, podCIDR: string, labels: Record<string, string> = {}): string =>
  `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: ${JSON.stringify({ 'kubernetes.io/hostname': name, ...labels })}}\nspec: {podCIDR: ${podCIDR}}\nstatus: {addresses: [{type: InternalIP, address: ${ip}}]}\n---\n`;

export const threeNodes = node('node-a', '172.18.0.2', '10.244.0.0/24') + node('node-b', '172.18.0.3', '10.244.1.0/24') + node('node-c', '172.18.0.4', '10.244.2.0/24');

export interface ServicePortSpec {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  nodePort?: number;
}

/** A Service; `selector` undefined for a Service without one; `spec` adds fields (type, externalTrafficPolicy, ...). */
export const service = (namespace: string, name: string, selector: Record<string, string> | undefined, ports: ServicePortSpec[], spec: object = {}): string =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify({ ...(selector ? { selector } : {}), ports, ...spec })}\n---\n`;

export const ingressClass = (name: string, controller: string, labels: Record<string, string> = {}, isDefault = false): string =>
  `apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: ${JSON.stringify({ name, labels, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) })}\nspec: {controller: ${controller}}\n---\n`;

/** An Ingress with one rule per backend (`port` a number or a port name). */
export const ingress = (namespace: string, name: string, className: string | undefined, backends: { service: string; port: number | string; path?: string }[]): string =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify({
    ...(className ? { ingressClassName: className } : {}),
    rules: [
      {
        host: 'shop.example.com',
        http: {
          paths: backends.map((b) => ({ path: b.path ?? '/', pathType: 'Prefix', backend: { service: { name: b.service, port: typeof b.port === 'number' ? { number: b.port } : { name: b.port } } } })),
        },
      },
    ],
  })}\n---\n`;

export const gatewayClass = (name: string, controllerName: string): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: ${name}}\nspec: {controllerName: ${controllerName}}\n---\n`;

export const gateway = (namespace: string, name: string, className: string): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {gatewayClassName: ${className}, listeners: [{name: http, port: 80, protocol: HTTP}]}\n---\n`;

export const httpRoute = (namespace: string, name: string, parent: { name: string; namespace: string }, backends: { name: string; port?: number; namespace?: string }[]): string =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify({ parentRefs: [parent], rules: [{ backendRefs: backends }] })}\n---\n`;

/** kubeadm's kube-proxy ConfigMap with a KubeProxyConfiguration (`mode` '' = the default, iptables). */
export const kubeProxyConfigMap = (mode: string, extra = ''): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-proxy, namespace: kube-system}\ndata:\n  config.conf: |-\n    apiVersion: kubeproxy.config.k8s.io/v1alpha1\n    kind: KubeProxyConfiguration\n    clusterCIDR: 10.244.0.0/16\n    mode: "${mode}"\n${extra}---\n`;

/** A ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2); `spec` holds subject, ingress, egress. */
export const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, spec: object): string =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec: ${JSON.stringify({ tier, priority, ...spec })}\n---\n`;

/** An AdminNetworkPolicy (v1alpha1: actions Allow/Deny/Pass, `ports`). */
export const anp = (name: string, priority: number, spec: object): string =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec: ${JSON.stringify({ priority, ...spec })}\n---\n`;

/** The BaselineAdminNetworkPolicy (v1alpha1 singleton `default`). */
export const banp = (spec: object): string =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: ${JSON.stringify(spec)}\n---\n`;

/** A cluster-policy subject or peer: the namespace named `name` (by kubernetes.io/metadata.name). */
export const nsNamed = (name: string): { namespaces: { matchLabels: Record<string, string> } } => ({ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
