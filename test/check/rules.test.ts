import { describe, expect, it } from 'vitest';
import { CHECK_RULES } from '../../src/analysis/check/catalog.js';
import {
  anp,
  banp,
  check,
  cnp,
  codes,
  deploy,
  deployWith,
  dnsStack,
  gateway,
  gatewayClass,
  httpRoute,
  ingress,
  ingressClass,
  kubeProxyConfigMap,
  netpol,
  node,
  ns,
  nsNamed,
  pod,
  service,
  threeNodes,
} from './check-harness.js';

/**
 * Every rule of the catalogue, with cases that must fire and cases that must not. Semantics per
 * the networking.k8s.io/v1 NetworkPolicy API reference.
 */
const app = ns('app') + deploy('app', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]) + deploy('app', 'db', { app: 'db' }, [{ name: 'pg', containerPort: 5432 }]);
const denyAll = netpol('app', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const allowDns = netpol('app', 'allow-dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] }],
});

// Services, Ingresses, DNS and kube-proxy (semantics: docs/semantics/services.md, docs/semantics/dns.md, and each rule's page).
const webSvc = (targetPort: number | string = 'http', selector: Record<string, string> = { app: 'web' }): string => service('app', 'web', selector, [{ name: 'http', port: 80, targetPort }]);
const dnsPods = (ports: { name?: string; containerPort: number; protocol?: string }[]): string => ns('kube-system') + deploy('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, ports);
const kubeDns = (port: { name?: string; port: number; targetPort?: number | string; protocol?: string }): string => service('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, [port], { clusterIP: '10.96.0.10' });
const localSvc = (type: 'NodePort' | 'LoadBalancer', etp: 'Local' | 'Cluster' = 'Local'): string =>
  service('app', 'edge', { app: 'edge' }, [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }], { type, externalTrafficPolicy: etp });
const edgePod = (nodeName: string): string => pod('app', `edge-${nodeName}`, { app: 'edge' }, nodeName, [{ name: 'http', containerPort: 8080 }]);
const controllerLabels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
const edge =
  ns('ingress-nginx') +
  deploy('ingress-nginx', 'ingress-nginx-controller', controllerLabels, [{ name: 'http', containerPort: 80 }]) +
  ingressClass('nginx', 'k8s.io/ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' });
const webIngress = (port: number | string = 80): string => ingress('app', 'shop', 'nginx', [{ service: 'web', port }]);
const appIngressDeny = netpol('app', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] });
const fromController = (port: number | string) =>
  netpol('app', 'from-controller', {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: controllerLabels } }], ports: [{ port }] }],
  });
const apiClient = (env: object[], podSpec: object = {}): string => ns('shop') + deployWith('shop', 'checkout', { app: 'checkout' }, { env }, podSpec);
const big = (replicas: number): string => ns('big') + deployWith('big', 'fleet', { app: 'fleet' }, { ports: [{ name: 'http', containerPort: 8080 }] }, {}, replicas) + service('big', 'fleet', { app: 'fleet' }, [{ port: 80, targetPort: 'http' }]);

// Cluster-scoped policies: kubernetes-sigs/network-policy-api apis/v1alpha2 ClusterNetworkPolicy (and the
// v1alpha1 kinds mapped onto its tiers). Tiers apply Admin → NetworkPolicy → Baseline → default allow; inside a
// tier policies by priority (lower first), a policy's rules in order, the first match decides (Pass included:
// it "skips all further rules in this tier"); "v1.NetworkPolicy always makes a final decision for selected
// pods"; same-priority order is undefined (`priority` field doc). docs/cluster-network-policies.md.
const tenants = app + ns('mon') + deploy('mon', 'prom', { app: 'prom' });
const everyNs = { namespaces: {} };
const inApp = nsNamed('app');
const fromMon = nsNamed('mon');
const passMon = (priority = 10) => cnp('pass-mon', 'Admin', priority, { subject: inApp, ingress: [{ name: 'pass-mon', action: 'Pass', from: [fromMon] }] });
const appDenyBoth = netpol('app', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const tcp = (start: number, end?: number) => ({ tcp: { destinationPort: end === undefined ? { number: start } : { range: { start, end } } } });
const admin = (name: string, priority: number, ingress: object[], subject: object = inApp) => cnp(name, 'Admin', priority, { subject, ingress });
const adminEgress = (name: string, priority: number, egress: object[], subject: object = inApp) => cnp(name, 'Admin', priority, { subject, egress });
const baseline = (name: string, priority: number, ingress: object[], subject: object = inApp) => cnp(name, 'Baseline', priority, { subject, ingress });

interface Case {
  name: string;
  yaml: string;
  fires: boolean;
}

const cases: Record<string, Case[]> = {
  NP_DNS_BLOCKED: [
    { name: 'default-deny egress without a DNS rule', yaml: dnsStack + app + denyAll, fires: true },
    { name: 'default-deny egress with a DNS rule to kube-dns', yaml: dnsStack + app + denyAll + allowDns, fires: false },
    { name: 'a DNS rule on the wrong port (TCP only: lookups go over UDP first)', yaml: dnsStack + app + denyAll + netpol('app', 'dns-tcp', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53 }] }] }), fires: true },
    { name: 'no egress isolation at all', yaml: dnsStack + app + netpol('app', 'ing', { podSelector: {}, policyTypes: ['Ingress'] }), fires: false },
    { name: 'CoreDNS ingress locked to another namespace', yaml: dnsStack + app + netpol('kube-system', 'dns-in', { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }] }) + denyAll + allowDns, fires: true },
  ],
  NP_SELECTS_NOTHING: [
    { name: 'a typo in the podSelector', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [{}] }), fires: true },
    { name: 'a selector that matches', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] }), fires: false },
    { name: 'podSelector {} in an empty namespace is intent, not a typo', yaml: ns('empty') + netpol('empty', 'p', { podSelector: {} }), fires: false },
  ],
  NP_PEER_SELECTS_NOTHING: [
    { name: 'a podSelector peer with a typo', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'wbe' } } }] }] }), fires: true },
    { name: 'a podSelector alone looks only in the policy namespace', yaml: app + ns('other') + deploy('other', 'client', { role: 'client' }) + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }] }] }), fires: true },
    { name: 'namespaceSelector {} selects every namespace (never flagged)', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }), fires: false },
    { name: 'a matching peer', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }), fires: false },
  ],
  NP_NAMESPACE_LABEL_UNKNOWN: [
    { name: 'name: <ns> instead of kubernetes.io/metadata.name', yaml: app + netpol('app', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'app' } } }] }] }), fires: true },
    { name: 'kubernetes.io/metadata.name, set on every namespace by the API server', yaml: app + netpol('app', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'app' } } }] }] }), fires: false },
    { name: 'DoesNotExist on an unknown key is satisfiable', yaml: app + netpol('app', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'name', operator: 'DoesNotExist' }] } }] }] }), fires: false },
  ],
  NP_NAMED_PORT_UNRESOLVED: [
    { name: 'ingress named port no selected pod exposes', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'metrics' }] }] }), fires: true },
    { name: 'named port with the wrong protocol', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'pg', protocol: 'UDP' }] }] }), fires: true },
    { name: 'egress named port the peer pods expose', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'web' } }, egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 'pg' }] }] }), fires: false },
    { name: 'ingress named port the selected pods expose', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'pg' }] }] }), fires: false },
  ],
  NP_RULE_SHADOWED: [
    { name: 'a rule inside an allow-all of the same pods', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}, { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] }), fires: true },
    { name: 'a narrower port range inside a wider one, another policy', yaml: app + netpol('app', 'a', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 5000, endPort: 6000 }] }] }) + netpol('app', 'b', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] }), fires: true },
    { name: 'two rules that each allow something the other does not', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }, { from: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }] }), fires: false },
    { name: 'an ipBlock is not covered by pod selectors', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }, { from: [{ ipBlock: { cidr: '192.0.2.0/24' } }] }] }), fires: false },
  ],
  NP_IPBLOCK_COVERS_PODS: [
    { name: 'a /8 that covers the pod CIDR', yaml: app + netpol('app', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }), fires: true },
    { name: 'the pod CIDR carved out with except', yaml: app + netpol('app', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.244.0.0/16'] } }] }] }), fires: false },
    { name: 'an external block', yaml: app + netpol('app', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] }), fires: false },
  ],
  NP_NO_DEFAULT_DENY: [
    { name: 'a namespace with pods and only allow policies', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] }), fires: true },
    { name: 'a namespace with a default-deny ingress', yaml: app + denyAll, fires: false },
    { name: 'a namespace with no pods', yaml: ns('empty'), fires: false },
  ],
  POD_NOT_ISOLATED: [
    { name: 'a workload the namespace policies forgot', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] }), fires: true },
    { name: 'every pod covered by a default-deny', yaml: app + denyAll, fires: false },
    { name: 'a namespace without policies', yaml: app, fires: false },
  ],
  SVC_NO_ENDPOINTS: [
    { name: 'a typo in the selector value', yaml: app + webSvc('http', { app: 'wbe' }), fires: true },
    { name: 'a selector key from an older chart (app vs app.kubernetes.io/name)', yaml: ns('mon') + deploy('mon', 'prom', { 'app.kubernetes.io/name': 'prometheus' }, [{ name: 'web', containerPort: 9090 }]) + service('mon', 'prom', { app: 'prometheus' }, [{ port: 9090, targetPort: 'web' }]), fires: true },
    { name: 'a selector that matches', yaml: app + webSvc(), fires: false },
    { name: 'no selector: endpoints managed by hand', yaml: app + service('app', 'external-db', undefined, [{ port: 5432 }]), fires: false },
    { name: 'ExternalName Service', yaml: app + service('app', 'ext', undefined, [], { type: 'ExternalName', externalName: 'db.example.com' }), fires: false },
    { name: 'the StatefulSet pod-name label the controller adds', yaml: ns('data') + `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: pg, namespace: data}\nspec:\n  serviceName: pg\n  replicas: 2\n  selector: {matchLabels: {app: pg}}\n  template:\n    metadata: {labels: {app: pg}}\n    spec: {containers: [{name: c, image: x, ports: [{name: pg, containerPort: 5432}]}]}\n---\n` + service('data', 'pg-primary', { app: 'pg', 'statefulset.kubernetes.io/pod-name': 'pg-0' }, [{ port: 5432, targetPort: 'pg' }]), fires: false },
  ],
  SVC_TARGETPORT_UNRESOLVED: [
    { name: 'a named targetPort no selected pod exposes (http-api vs http)', yaml: app + webSvc('http-api'), fires: true },
    { name: 'a numeric targetPort no container declares, while they declare others (info)', yaml: app + webSvc(8000), fires: true },
    { name: 'a named targetPort the pods expose', yaml: app + webSvc('http'), fires: false },
    { name: 'a numeric targetPort the pods declare', yaml: app + webSvc(8080), fires: false },
    { name: 'a numeric targetPort on pods that declare no ports (Kubernetes needs no declaration)', yaml: ns('app') + deploy('app', 'web', { app: 'web' }) + webSvc(8080), fires: false },
    { name: 'a name that exists with another protocol is SVC_PROTOCOL_MISMATCH', yaml: dnsPods([{ name: 'dns', containerPort: 53 }]) + kubeDns({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }), fires: false },
  ],
  SVC_PROTOCOL_MISMATCH: [
    { name: 'Service UDP 53 → container port "dns", TCP only', yaml: dnsPods([{ name: 'dns', containerPort: 53 }]) + kubeDns({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }), fires: true },
    { name: 'Service UDP 53 → targetPort 53, which the containers declare only as TCP', yaml: dnsPods([{ name: 'dns-tcp', containerPort: 53 }]) + kubeDns({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }), fires: true },
    { name: 'CoreDNS as kubeadm deploys it (UDP and TCP, each named)', yaml: dnsStack, fires: false },
    { name: 'a named targetPort of the same protocol', yaml: dnsPods([{ name: 'dns', containerPort: 53, protocol: 'UDP' }]) + kubeDns({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }), fires: false },
  ],
  SVC_ETP_LOCAL_NO_LOCAL_ENDPOINTS: [
    { name: 'NodePort, Local, endpoints on one node of three', yaml: ns('app') + threeNodes + edgePod('node-a') + localSvc('NodePort'), fires: true },
    { name: 'LoadBalancer, Local, endpoints on one node of three (info: the health check steers LB traffic)', yaml: ns('app') + threeNodes + edgePod('node-a') + localSvc('LoadBalancer'), fires: true },
    { name: 'NodePort, Local, an endpoint on every node', yaml: ns('app') + threeNodes + edgePod('node-a') + edgePod('node-b') + edgePod('node-c') + localSvc('NodePort'), fires: false },
    { name: 'NodePort, Cluster policy', yaml: ns('app') + threeNodes + edgePod('node-a') + localSvc('NodePort', 'Cluster'), fires: false },
    { name: 'no Nodes in the input: nothing to say', yaml: ns('app') + deploy('app', 'edge', { app: 'edge' }, [{ name: 'http', containerPort: 8080 }]) + localSvc('NodePort'), fires: false },
  ],
  INGRESS_BACKEND_MISSING: [
    { name: 'an Ingress backend Service that does not exist', yaml: app + webSvc() + ingress('app', 'shop', undefined, [{ service: 'wbe', port: 80 }]), fires: true },
    { name: 'an Ingress port number that is the targetPort, not the Service port', yaml: app + webSvc() + webIngress(8080), fires: true },
    { name: 'an Ingress port name the Service does not have', yaml: app + webSvc() + webIngress('https'), fires: true },
    { name: 'an HTTPRoute backendRef port not on the Service', yaml: app + webSvc() + httpRoute('app', 'r', { name: 'gw', namespace: 'app' }, [{ name: 'web', port: 8080 }]), fires: true },
    { name: 'an Ingress backend by Service port number', yaml: app + webSvc() + webIngress(80), fires: false },
    { name: 'an Ingress backend by Service port name', yaml: app + webSvc() + webIngress('http'), fires: false },
    { name: 'an HTTPRoute backendRef on the Service port', yaml: app + webSvc() + httpRoute('app', 'r', { name: 'gw', namespace: 'app' }, [{ name: 'web', port: 80 }]), fires: false },
  ],
  INGRESS_BACKEND_BLOCKED: [
    { name: 'backend namespace denies ingress and nothing admits the controller', yaml: app + webSvc() + edge + webIngress() + appIngressDeny, fires: true },
    { name: 'the allow names the Service port 80, but policy sees the target port 8080 (after DNAT)', yaml: app + webSvc() + edge + webIngress() + appIngressDeny + fromController(80), fires: true },
    { name: 'the controller is isolated for egress without a rule to the backend', yaml: app + webSvc() + edge + webIngress() + netpol('ingress-nginx', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] }), fires: true },
    { name: 'a Gateway proxy (gateway-name label) blocked by the backend namespace', yaml: app + webSvc() + gatewayClass('eg', 'example.com/gateway') + gateway('app', 'gw', 'eg') + deploy('app', 'gw-proxy', { 'gateway.networking.k8s.io/gateway-name': 'gw' }) + httpRoute('app', 'r', { name: 'gw', namespace: 'app' }, [{ name: 'web', port: 80 }]) + appIngressDeny, fires: true },
    { name: 'the backend admits the controller on the target port', yaml: app + webSvc() + edge + webIngress() + appIngressDeny + fromController(8080), fires: false },
    { name: 'the backend admits the controller on the named port', yaml: app + webSvc() + edge + webIngress() + appIngressDeny + fromController('http'), fires: false },
    { name: 'no policies at all', yaml: app + webSvc() + edge + webIngress(), fires: false },
    { name: 'a controller kflow cannot find (a cloud load balancer): silent', yaml: app + webSvc() + ingressClass('alb', 'ingress.k8s.aws/alb') + ingress('app', 'shop', 'alb', [{ service: 'web', port: 80 }]) + appIngressDeny, fires: false },
  ],
  DNS_NDOTS_EXTERNAL: [
    { name: 'a URL to an external API under ndots:5', yaml: dnsStack + apiClient([{ name: 'STRIPE_URL', value: 'https://api.stripe.com/v1' }]), fires: true },
    { name: 'a *_HOST value naming an external host', yaml: dnsStack + apiClient([{ name: 'DATABASE_HOST', value: 'db.eu-west-1.example.com:5432' }]), fires: true },
    { name: 'the same with dnsConfig ndots:2', yaml: dnsStack + apiClient([{ name: 'STRIPE_URL', value: 'https://api.stripe.com/v1' }], { dnsConfig: { options: [{ name: 'ndots', value: '2' }] } }), fires: false },
    { name: 'the name written with a trailing dot', yaml: dnsStack + apiClient([{ name: 'STRIPE_URL', value: 'https://api.stripe.com./v1' }]), fires: false },
    { name: 'cluster names only', yaml: dnsStack + apiClient([{ name: 'CATALOG_URL', value: 'http://catalog.shop.svc.cluster.local' }, { name: 'REDIS_ADDR', value: 'redis.data:6379' }]), fires: false },
    { name: 'file paths and plain values are not host names', yaml: dnsStack + apiClient([{ name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' }, { name: 'CONFIG', value: 'settings.io' }]), fires: false },
  ],
  KPROXY_IPTABLES_SCALE: [
    { name: 'iptables mode (mode unset) with 1001 endpoints: kube-proxy large-cluster mode', yaml: kubeProxyConfigMap('') + big(1001), fires: true },
    { name: 'iptables mode with 1000 endpoints (at the threshold, not over)', yaml: kubeProxyConfigMap('iptables') + big(1000), fires: false },
    { name: 'nftables mode with 1001 endpoints', yaml: kubeProxyConfigMap('nftables') + big(1001), fires: false },
    { name: 'no kube-proxy ConfigMap: the data plane is unknown', yaml: big(1001), fires: false },
    { name: 'iptables mode in a small cluster', yaml: kubeProxyConfigMap('iptables') + app + webSvc(), fires: false },
  ],
  CNP_PRIORITY_OVERLAP: [
    { name: 'Admin prio 5: one policy Accepts mon → app, another Denies every namespace → app', yaml: tenants + admin('a', 5, [{ action: 'Accept', from: [fromMon] }]) + admin('b', 5, [{ action: 'Deny', from: [everyNs] }]), fires: true },
    { name: 'same priority, disjoint subjects', yaml: tenants + admin('a', 5, [{ action: 'Accept', from: [fromMon] }]) + admin('b', 5, [{ action: 'Deny', from: [everyNs] }], fromMon), fires: false },
    { name: 'same priority, same traffic, same action', yaml: tenants + admin('a', 5, [{ action: 'Deny', from: [fromMon] }]) + admin('b', 5, [{ action: 'Deny', from: [everyNs] }]), fires: false },
    { name: 'different priorities (the order is defined)', yaml: tenants + admin('a', 5, [{ action: 'Accept', from: [fromMon] }]) + admin('b', 6, [{ action: 'Deny', from: [everyNs] }]), fires: false },
    {
      name: 'first match inside each policy: both Accept mon; only b Denies the rest',
      yaml: tenants + admin('a', 5, [{ action: 'Accept', from: [fromMon] }]) + admin('b', 5, [{ action: 'Accept', from: [fromMon] }, { action: 'Deny', from: [everyNs] }]),
      fires: false,
    },
    { name: 'same peers, disjoint ports', yaml: tenants + admin('a', 5, [{ action: 'Accept', from: [fromMon], protocols: [tcp(80)] }]) + admin('b', 5, [{ action: 'Deny', from: [fromMon], protocols: [tcp(443)] }]), fires: false },
    {
      name: 'the overlap is decided by a lower priority first',
      yaml: tenants + admin('first', 1, [{ action: 'Deny', from: [fromMon] }]) + admin('a', 5, [{ action: 'Accept', from: [fromMon] }]) + admin('b', 5, [{ action: 'Deny', from: [fromMon] }]),
      fires: false,
    },
    { name: 'Baseline Accept vs Deny for pods no NetworkPolicy selects', yaml: tenants + baseline('a', 5, [{ action: 'Accept', from: [fromMon] }]) + baseline('b', 5, [{ action: 'Deny', from: [everyNs] }]), fires: true },
    { name: 'Baseline Pass vs Accept: both end in an allow', yaml: tenants + baseline('a', 5, [{ action: 'Pass', from: [fromMon] }]) + baseline('b', 5, [{ action: 'Accept', from: [everyNs] }]), fires: false },
    { name: 'Baseline tie for pods a NetworkPolicy isolates (never reached)', yaml: tenants + appIngressDeny + baseline('a', 5, [{ action: 'Accept', from: [fromMon] }]) + baseline('b', 5, [{ action: 'Deny', from: [everyNs] }]), fires: false },
  ],
  CNP_RULE_SHADOWED: [
    { name: 'an earlier rule of the same policy matches all it does', yaml: tenants + admin('p', 10, [{ action: 'Deny', from: [everyNs] }, { name: 'late', action: 'Accept', from: [fromMon] }]), fires: true },
    { name: 'a lower-priority policy decides all it matches', yaml: tenants + admin('first', 10, [{ action: 'Deny', from: [everyNs] }]) + admin('second', 20, [{ action: 'Accept', from: [fromMon] }]), fires: true },
    { name: 'a same-priority policy (order undefined: CNP_PRIORITY_OVERLAP instead)', yaml: tenants + admin('a', 10, [{ action: 'Deny', from: [everyNs] }]) + admin('b', 10, [{ action: 'Accept', from: [fromMon] }]), fires: false },
    { name: 'the earlier rule covers port 80 only', yaml: tenants + admin('p', 10, [{ action: 'Deny', from: [everyNs], protocols: [tcp(80)] }, { action: 'Accept', from: [fromMon] }]), fires: false },
    {
      name: 'ports as intervals: 1-1000 and 1001-65535 cover 8080',
      yaml: tenants + admin('p', 10, [{ action: 'Deny', from: [everyNs], protocols: [tcp(1, 1000)] }, { action: 'Pass', from: [everyNs], protocols: [tcp(1001, 65535)] }, { action: 'Accept', from: [fromMon], protocols: [tcp(8080)] }]),
      fires: true,
    },
    {
      name: 'ports as intervals: 1-1000 and 1002-65535 leave 1001 open',
      yaml: tenants + admin('p', 10, [{ action: 'Deny', from: [everyNs], protocols: [tcp(1, 1000)] }, { action: 'Deny', from: [everyNs], protocols: [tcp(1002, 65535)] }, { action: 'Accept', from: [fromMon], protocols: [tcp(1000, 1001)] }]),
      fires: false,
    },
    { name: 'networks as IP sets: Deny 10.0.0.0/8, then Accept 10.1.0.0/16', yaml: tenants + adminEgress('p', 10, [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }, { action: 'Accept', to: [{ networks: ['10.1.0.0/16'] }] }]), fires: true },
    { name: 'networks as IP sets: Deny 10.0.0.0/16, then Accept 10.0.0.0/8', yaml: tenants + adminEgress('p', 10, [{ action: 'Deny', to: [{ networks: ['10.0.0.0/16'] }] }, { action: 'Accept', to: [{ networks: ['10.0.0.0/8'] }] }]), fires: false },
    { name: 'domainNames after a Deny of 0.0.0.0/0 (an IPv4-only cluster)', yaml: tenants + adminEgress('p', 10, [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }, { action: 'Accept', to: [{ domainNames: ['*.example.com'] }] }]), fires: true },
    { name: 'domainNames after a Deny of 10.0.0.0/8 (names resolve elsewhere)', yaml: tenants + adminEgress('p', 10, [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }, { action: 'Accept', to: [{ domainNames: ['*.example.com'] }] }]), fires: false },
    {
      name: 'a named port covers its number on every subject pod that declares it',
      yaml: tenants + admin('p', 10, [{ action: 'Accept', from: [everyNs], protocols: [{ destinationNamedPort: 'http' }] }, { action: 'Deny', from: [everyNs], protocols: [tcp(8080)] }], { pods: { namespaceSelector: inApp.namespaces, podSelector: { matchLabels: { app: 'web' } } } }),
      fires: true,
    },
    {
      name: 'a named port does not cover pods without it (db has no "http")',
      yaml: tenants + admin('p', 10, [{ action: 'Accept', from: [everyNs], protocols: [{ destinationNamedPort: 'http' }] }, { action: 'Deny', from: [everyNs], protocols: [tcp(8080)] }]),
      fires: false,
    },
    { name: 'a Baseline rule after an Admin Deny of all it matches', yaml: tenants + admin('lock', 10, [{ action: 'Deny', from: [everyNs] }]) + baseline('base', 10, [{ action: 'Accept', from: [fromMon] }]), fires: true },
    { name: 'a Baseline rule after an Admin Pass (Pass hands the traffic on)', yaml: tenants + admin('hand-on', 10, [{ action: 'Pass', from: [everyNs] }]) + baseline('base', 10, [{ action: 'Deny', from: [fromMon] }]), fires: false },
    { name: 'a Baseline rule for pods NetworkPolicies isolate (CNP_BASELINE_OVERRIDDEN instead)', yaml: tenants + appIngressDeny + baseline('base', 10, [{ action: 'Deny', from: [everyNs] }, { action: 'Accept', from: [fromMon] }]), fires: false },
    { name: 'a rule that matches nothing is not shadowed', yaml: tenants + admin('p', 10, [{ action: 'Deny', from: [everyNs] }, { action: 'Accept', from: [nsNamed('nope')] }]), fires: false },
  ],
  CNP_PASS_NOTHING_BELOW: [
    { name: 'Pass to pods no NetworkPolicy selects, no Baseline: default allow', yaml: tenants + passMon(), fires: true },
    { name: 'a NetworkPolicy isolates the pods for ingress: it decides', yaml: tenants + passMon() + appIngressDeny, fires: false },
    { name: 'a Baseline rule matches the passed traffic', yaml: tenants + passMon() + baseline('base', 10, [{ action: 'Deny', from: [everyNs] }]), fires: false },
    { name: 'the Baseline rules are for the other direction', yaml: tenants + passMon() + cnp('base', 'Baseline', 10, { subject: inApp, egress: [{ action: 'Deny', to: [everyNs] }] }), fires: true },
    { name: 'an egress Pass where NetworkPolicies isolate ingress only', yaml: tenants + appIngressDeny + adminEgress('pass-out', 10, [{ action: 'Pass', to: [fromMon] }]), fires: true },
    { name: 'the Pass is shadowed by an earlier Deny (CNP_RULE_SHADOWED instead)', yaml: tenants + admin('p', 10, [{ action: 'Deny', from: [everyNs] }, { action: 'Pass', from: [fromMon] }]), fires: false },
    { name: 'some subject pods have NetworkPolicies (the Pass means something there)', yaml: tenants + appIngressDeny + admin('p', 10, [{ action: 'Pass', from: [fromMon] }], everyNs), fires: false },
    { name: 'AdminNetworkPolicy (v1alpha1) Pass, nothing below', yaml: tenants + anp('pass-mon', 10, { subject: inApp, ingress: [{ action: 'Pass', from: [fromMon] }] }), fires: true },
  ],
  CNP_BASELINE_OVERRIDDEN: [
    { name: 'a Baseline default deny where every namespace has a default-deny NetworkPolicy', yaml: tenants + appDenyBoth + cnp('base', 'Baseline', 10, { subject: inApp, ingress: [{ action: 'Deny', from: [everyNs] }], egress: [{ action: 'Deny', to: [everyNs] }] }), fires: true },
    { name: 'BaselineAdminNetworkPolicy (v1alpha1) ingress rules, pods isolated for ingress', yaml: tenants + appIngressDeny + banp({ subject: inApp, ingress: [{ action: 'Deny', from: [everyNs] }] }), fires: true },
    { name: 'Baseline egress rules; the NetworkPolicies isolate ingress only', yaml: tenants + appIngressDeny + cnp('base', 'Baseline', 10, { subject: inApp, egress: [{ action: 'Deny', to: [everyNs] }] }), fires: false },
    { name: 'one namespace of the subject has no NetworkPolicy', yaml: tenants + appDenyBoth + baseline('base', 10, [{ action: 'Deny', from: [everyNs] }], everyNs), fires: false },
    { name: 'the NetworkPolicy selects some pods only (db is not isolated)', yaml: tenants + netpol('app', 'web-only', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] }) + baseline('base', 10, [{ action: 'Deny', from: [everyNs] }]), fires: false },
    { name: 'the subject selects no pod', yaml: tenants + ns('empty') + baseline('base', 10, [{ action: 'Deny', from: [everyNs] }], nsNamed('empty')), fires: false },
  ],
  HOSTNETWORK_BYPASSES_POLICY: [
    { name: 'a policy selecting a hostNetwork pod', yaml: ns('mon') + deploy('mon', 'agent', { app: 'agent' }, [], '      hostNetwork: true\n') + netpol('mon', 'p', { podSelector: { matchLabels: { app: 'agent' } }, ingress: [] }), fires: true },
    { name: 'a policy selecting pod-network pods only', yaml: app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'web' } } }), fires: false },
  ],
};

describe('check rules: cases that must fire and cases that must not', () => {
  it('every rule of the catalogue has cases here', () => {
    for (const rule of CHECK_RULES) {
      const list = cases[rule.code] ?? [];
      expect(list.some((c) => c.fires), `${rule.code} has a firing case`).toBe(true);
      expect(list.some((c) => !c.fires), `${rule.code} has a quiet case`).toBe(true);
    }
  });
  for (const [code, list] of Object.entries(cases)) {
    describe(code, () => {
      it.each(list)('$name → fires: $fires', ({ yaml, fires }) => {
        expect(codes(check(yaml)).includes(code)).toBe(fires);
      });
    });
  }
});

describe('suppression and selection', () => {
  const yaml = app + netpol('app', 'p', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [{}] });
  it('--disable drops a rule', () => {
    expect(codes(check(yaml, ['NP_SELECTS_NOTHING']))).not.toContain('NP_SELECTS_NOTHING');
  });
  it('the kflow.dev/ignore annotation silences a finding on that object, and is counted', () => {
    const annotated = yaml.replace('metadata: {name: p, namespace: app}', 'metadata: {name: p, namespace: app, annotations: {kflow.dev/ignore: NP_SELECTS_NOTHING}}');
    const r = check(annotated);
    expect(codes(r)).not.toContain('NP_SELECTS_NOTHING');
    expect(r.suppressed.map((f) => f.code)).toContain('NP_SELECTS_NOTHING');
  });
  it('points at the line of the selector and suggests the label that exists', () => {
    const f = check(yaml).findings.find((x) => x.code === 'NP_SELECTS_NOTHING')!;
    expect(f.hint).toContain('app=web');
    expect(f.object).toBe('NetworkPolicy/app/p');
    expect(f.line).toBeGreaterThan(0);
  });
});

describe('rule documentation', () => {
  it('every rule has a page in docs/rules/<CODE>.md', async () => {
    const { existsSync } = await import('node:fs');
    for (const rule of CHECK_RULES) expect(existsSync(`docs/rules/${rule.code}.md`), rule.code).toBe(true);
  });
});

describe('Service, Ingress, DNS and kube-proxy rules: severity, location and wording', () => {
  const one = (yaml: string, code: string) => {
    const list = check(yaml).findings.filter((f) => f.code === code);
    expect(list, code).toHaveLength(1);
    return list[0]!;
  };
  const notReadyPod = `apiVersion: v1\nkind: Pod\nmetadata: {name: w, namespace: app, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: 10.244.0.9, conditions: [{type: Ready, status: "False"}]}\n---\n`;

  it('SVC_NO_ENDPOINTS: a typo is a warning on the selector key, with the nearest label', () => {
    const f = one(app + webSvc('http', { app: 'wbe' }), 'SVC_NO_ENDPOINTS');
    expect(f.severity).toBe('warning');
    expect(f.path).toBe('spec.selector.app');
    expect(f.hint).toContain('app=web');
  });
  it('SVC_NO_ENDPOINTS: the pods run in another namespace (a Service selects its own namespace only)', () => {
    const f = one(app + ns('edge') + deploy('edge', 'x', { app: 'x' }) + service('edge', 'web', { app: 'web' }, [{ port: 80 }]), 'SVC_NO_ENDPOINTS');
    expect(f.severity).toBe('warning');
    expect(f.hint).toContain('run in app');
  });
  it('SVC_NO_ENDPOINTS: pods that are not ready are info, said differently', () => {
    const f = one(ns('app') + notReadyPod + service('app', 'web', { app: 'web' }, [{ port: 80 }]), 'SVC_NO_ENDPOINTS');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('none is ready');
  });
  it('SVC_NO_ENDPOINTS: a namespace without pods in the input is info (perhaps deployed elsewhere)', () => {
    expect(one(ns('app') + webSvc(), 'SVC_NO_ENDPOINTS').severity).toBe('info');
  });
  it('SVC_TARGETPORT_UNRESOLVED: named → error on the targetPort with the name to use; numeric → info saying traffic still flows', () => {
    const named = one(app + webSvc('http-api'), 'SVC_TARGETPORT_UNRESOLVED');
    expect(named.severity).toBe('error');
    expect(named.path).toBe('spec.ports[0].targetPort');
    expect(named.hint).toContain('targetPort: http (8080)');
    const numeric = one(app + webSvc(8000), 'SVC_TARGETPORT_UNRESOLVED');
    expect(numeric.severity).toBe('info');
    expect(numeric.message).toContain('forwards to 8000 anyway');
  });
  it('SVC_TARGETPORT_UNRESOLVED: a name only some selected pods expose is a warning', () => {
    const yaml = app + deploy('app', 'web-canary', { app: 'web', track: 'canary' }, [{ name: 'web', containerPort: 8080 }]) + webSvc('http');
    expect(one(yaml, 'SVC_TARGETPORT_UNRESOLVED').severity).toBe('warning');
  });
  it('SVC_PROTOCOL_MISMATCH: a named port → error (no endpoints); a numeric one → warning', () => {
    expect(one(dnsPods([{ name: 'dns', containerPort: 53 }]) + kubeDns({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }), 'SVC_PROTOCOL_MISMATCH').severity).toBe('error');
    expect(one(dnsPods([{ name: 'dns-tcp', containerPort: 53 }]) + kubeDns({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }), 'SVC_PROTOCOL_MISMATCH').severity).toBe('warning');
  });
  it('SVC_ETP_LOCAL_NO_LOCAL_ENDPOINTS: names the nodes; NodePort → warning, LoadBalancer with a healthy node → info', () => {
    const np = one(ns('app') + threeNodes + edgePod('node-a') + localSvc('NodePort'), 'SVC_ETP_LOCAL_NO_LOCAL_ENDPOINTS');
    expect(np.severity).toBe('warning');
    expect(np.message).toContain('node-b, node-c');
    expect(np.message).toContain('30080');
    const lb = one(ns('app') + threeNodes + edgePod('node-a') + localSvc('LoadBalancer'), 'SVC_ETP_LOCAL_NO_LOCAL_ENDPOINTS');
    expect(lb.severity).toBe('info');
    expect(lb.message).toContain('health check');
  });
  it('INGRESS_BACKEND_MISSING: a targetPort used as the backend port is explained', () => {
    const f = one(app + webSvc() + webIngress(8080), 'INGRESS_BACKEND_MISSING');
    expect(f.path).toBe('spec.rules[0].http.paths[0].backend.service.port.number');
    expect(f.hint).toContain('port.number: 80');
  });
  it('INGRESS_BACKEND_BLOCKED: an allow on the Service port is shown the target port it needed', () => {
    const f = one(app + webSvc() + edge + webIngress() + appIngressDeny + fromController(80), 'INGRESS_BACKEND_BLOCKED');
    expect(f.severity).toBe('error');
    expect(f.object).toBe('Ingress/app/shop');
    expect(f.message).toContain("backend pods' ingress");
    expect(f.hint).toContain('TCP 8080');
    expect(f.hint).toContain('not the Service port 80');
    expect(f.related?.map((r) => r.message).join(' ')).toContain('NetworkPolicy/app/deny-in');
  });
  it('DNS_NDOTS_EXTERNAL: counts the NXDOMAIN queries of the search walk (3 cluster search domains)', () => {
    const f = one(dnsStack + apiClient([{ name: 'STRIPE_URL', value: 'https://api.stripe.com/v1' }]), 'DNS_NDOTS_EXTERNAL');
    expect(f.severity).toBe('info');
    expect(f.object).toBe('Deployment/shop/checkout');
    expect(f.message).toContain('api.stripe.com (2 dots < ndots 5');
    expect(f.message).toContain('3 NXDOMAIN queries (api.stripe.com.shop.svc.cluster.local., api.stripe.com.svc.cluster.local., api.stripe.com.cluster.local.)');
    expect(f.hint).toContain('api.stripe.com.');
    expect(f.hint).toContain('value: "2"');
  });
  it('KPROXY_IPTABLES_SCALE: quotes kube-proxy\'s own rule count (1 port, 1001 endpoints: 5 fixed + 1 + 1 + 1001 + 2 × 1001 rules)', () => {
    const f = one(kubeProxyConfigMap('') + big(1001), 'KPROXY_IPTABLES_SCALE');
    expect(f.severity).toBe('info');
    expect(f.object).toBe('ConfigMap/kube-system/kube-proxy');
    expect(f.message).toContain('3010 nat rules in 1006 chains');
    expect(f.message).toContain('largeClusterEndpointsThreshold');
    expect(f.hint).toContain('nftables');
  });
  it('a Node list does not change kube-proxy\'s ClusterIP count (Cluster policy: every endpoint is reachable from every node)', () => {
    const roomy = node('node-a', '172.18.0.2', '10.244.0.0/22') + node('node-b', '172.18.0.3', '10.244.4.0/22') + node('node-c', '172.18.0.4', '10.244.8.0/22');
    const f = one(kubeProxyConfigMap('') + roomy + big(1001), 'KPROXY_IPTABLES_SCALE');
    expect(f.message).toContain('3010 nat rules');
  });
  it('KPROXY_IPTABLES_SCALE: a cluster of Windows nodes only is skipped (no iptables)', () => {
    const windows = node('win-a', '172.18.0.9', '10.244.8.0/21', { 'kubernetes.io/os': 'windows' });
    expect(codes(check(kubeProxyConfigMap('') + windows + big(1001)))).not.toContain('KPROXY_IPTABLES_SCALE');
  });
});
