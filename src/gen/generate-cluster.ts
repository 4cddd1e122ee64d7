import type { JsonObject } from './json.js';
import { type GenParams, type PolicyShape, POLICY_SHAPES, SYSTEM_PODS, nodeCount, systemWorkloadCount, validateGenParams } from './params.js';
import { Prng } from './prng.js';
import {
  APP_METRICS_PORT,
  BACKEND_APPS,
  DATA_STORES,
  FRONTEND_APPS,
  GRPC_PORT,
  HTTP_PORT,
  METRICS_PORT,
  NODE_NETWORK_BASE,
  POD_NETWORK_BASE,
  PRIVATE_RANGES,
  PRODUCTS,
  type PortSpec,
  type Role,
  STATSD_PORT,
  ipv4Text,
} from './vocabulary.js';

/** One manifest file of a generated cluster: a path relative to the output folder, and its objects. */
export interface GeneratedFile {
  readonly path: string;
  readonly objects: readonly JsonObject[];
}

export interface GeneratedCounts {
  readonly namespaces: number;
  readonly nodes: number;
  readonly deployments: number;
  readonly statefulSets: number;
  readonly daemonSets: number;
  readonly services: number;
  readonly networkPolicies: number;
  /** Pods the workloads will run once expanded. */
  readonly pods: number;
}

export interface GeneratedCluster {
  readonly params: GenParams;
  /** `nodes.yaml`, then `namespaces/<name>.yaml` for each namespace (its Namespace, workloads, Services, policies). */
  readonly files: readonly GeneratedFile[];
  readonly counts: GeneratedCounts;
}

interface NamespacePlan {
  readonly name: string;
  readonly team: string;
  readonly env: string;
  readonly product: string;
  readonly labels: Record<string, string>;
  readonly workloads: WorkloadPlan[];
  readonly system: boolean;
}

interface WorkloadPlan {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: NamespacePlan;
  readonly name: string;
  readonly role: Role | 'system';
  readonly podLabels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly ports: readonly PortSpec[];
  replicas: number;
  readonly hostNetwork: boolean;
  readonly image: string;
}

/**
 * A synthetic cluster as a user would keep it in Git: Nodes with podCIDRs, Namespaces, Deployments,
 * StatefulSets (and a hostNetwork DaemonSet), Services and NetworkPolicies. Pure and
 * deterministic: the same parameters (seed included) give the same objects, in the same order.
 * Each part draws from its own stream, so changing the policy count leaves the workloads alone.
 */
export function generateCluster(params: GenParams): GeneratedCluster {
  const problems = validateGenParams(params);
  if (problems.length > 0) throw new RangeError(`invalid generator parameters: ${problems.join('; ')}`);
  const root = new Prng(params.seed);
  const nodes = planNodes(params);
  const namespaces = planNamespaces(params, root.fork('namespaces'));
  const workloads = planWorkloads(params, namespaces, root.fork('workloads'));
  planReplicas(params, workloads, nodes.length, root.fork('replicas'));
  const policies = planPolicies(params, namespaces, nodes.length, root.fork('policies'));

  const files: GeneratedFile[] = [{ path: 'nodes.yaml', objects: nodes }];
  let services = 0;
  for (const ns of namespaces) {
    const objects: JsonObject[] = [namespaceObject(ns)];
    for (const w of ns.workloads) {
      objects.push(workloadObject(w));
      const svc = serviceObject(w);
      if (svc) {
        objects.push(svc);
        services++;
      }
    }
    objects.push(...(policies.get(ns.name) ?? []));
    files.push({ path: `namespaces/${ns.name}.yaml`, objects });
  }
  const all = namespaces.flatMap((n) => n.workloads);
  return {
    params,
    files,
    counts: {
      namespaces: namespaces.length,
      nodes: nodes.length,
      deployments: all.filter((w) => w.kind === 'Deployment').length,
      statefulSets: all.filter((w) => w.kind === 'StatefulSet').length,
      daemonSets: all.filter((w) => w.kind === 'DaemonSet').length,
      services,
      networkPolicies: [...policies.values()].reduce((n, l) => n + l.length, 0),
      pods: all.reduce((n, w) => n + (w.kind === 'DaemonSet' ? nodes.length : w.replicas), 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Nodes

function planNodes(p: GenParams): JsonObject[] {
  const n = nodeCount(p);
  const width = Math.max(3, String(n).length);
  const zones = ['a', 'b', 'c'];
  const out: JsonObject[] = [];
  for (let i = 0; i < n; i++) {
    const name = `node-${String(i + 1).padStart(width, '0')}`;
    const podCidr = `${ipv4Text(POD_NETWORK_BASE + i * 256)}/24`;
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': `zone-${zones[i % zones.length]}`,
        },
      },
      spec: { podCIDR: podCidr, podCIDRs: [podCidr] },
      status: {
        addresses: [
          { type: 'InternalIP', address: ipv4Text(NODE_NETWORK_BASE + 10 + i) },
          { type: 'Hostname', address: name },
        ],
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Namespaces

function planNamespaces(p: GenParams, rng: Prng): NamespacePlan[] {
  const width = Math.max(2, String(p.teams).length);
  const teams = Array.from({ length: p.teams }, (_, i) => `team-${String(i + 1).padStart(width, '0')}`);
  const envWeights = p.envs.map((e, i) => [e, 1 / (i + 1)] as const);
  const sys = (name: string, labels: Record<string, string>): NamespacePlan => ({ name, team: 'platform', env: 'prod', product: 'platform', labels, workloads: [], system: true });
  const out: NamespacePlan[] = [
    sys('kube-system', {}),
    sys('monitoring', { purpose: 'monitoring', team: 'platform' }),
    sys('ingress-nginx', { purpose: 'ingress', team: 'platform', 'app.kubernetes.io/name': 'ingress-nginx' }),
  ];
  const taken = new Set(out.map((n) => n.name));
  // Each team owns a few products; a product's namespaces belong to one team.
  const owner = new Map<string, string>();
  const appNamespaces = p.namespaces - out.length;
  for (let i = 0; i < appNamespaces; i++) {
    const product = rng.pick(PRODUCTS);
    const env = rng.weighted(envWeights);
    let team = owner.get(product);
    if (team === undefined || rng.chance(0.3)) team = rng.pick(teams);
    owner.set(product, team);
    let name = `${product}-${env}`;
    for (let k = 2; taken.has(name); k++) name = `${product}-${env}-${k}`;
    taken.add(name);
    const labels: Record<string, string> = { team, env };
    if (rng.chance(0.3)) labels['istio-injection'] = 'enabled';
    out.push({ name, team, env, product, labels, workloads: [], system: false });
  }
  return out;
}

function namespaceObject(ns: NamespacePlan): JsonObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, ...(Object.keys(ns.labels).length ? { labels: { ...ns.labels } } : {}) } };
}

// ---------------------------------------------------------------------------------------------
// Workloads

function planWorkloads(p: GenParams, namespaces: readonly NamespacePlan[], rng: Prng): WorkloadPlan[] {
  const [kubeSystem, monitoring, ingress] = namespaces as [NamespacePlan, NamespacePlan, NamespacePlan];
  kubeSystem.workloads.push({
    kind: 'Deployment',
    namespace: kubeSystem,
    name: 'coredns',
    role: 'system',
    podLabels: { 'k8s-app': 'kube-dns' },
    selector: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', containerPort: 53, protocol: 'UDP', servicePort: 53 },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP', servicePort: 53 },
      { name: 'metrics', containerPort: 9153, protocol: 'TCP', servicePort: 9153 },
    ],
    replicas: 2,
    hostNetwork: false,
    image: 'registry.k8s.io/coredns/coredns:v1.11.3',
  });
  monitoring.workloads.push({
    kind: 'StatefulSet',
    namespace: monitoring,
    name: 'prometheus',
    role: 'system',
    podLabels: { app: 'prometheus', 'app.kubernetes.io/name': 'prometheus' },
    selector: { app: 'prometheus' },
    ports: [{ name: 'web', containerPort: 9090, protocol: 'TCP', servicePort: 9090 }],
    replicas: 1,
    hostNetwork: false,
    image: 'quay.io/prometheus/prometheus:v2.54.1',
  });
  if (p.hostNetworkDaemonSet) {
    monitoring.workloads.push({
      kind: 'DaemonSet',
      namespace: monitoring,
      name: 'node-exporter',
      role: 'system',
      podLabels: { app: 'node-exporter', 'app.kubernetes.io/name': 'node-exporter' },
      selector: { app: 'node-exporter' },
      ports: [METRICS_PORT],
      replicas: 0,
      hostNetwork: true,
      image: 'quay.io/prometheus/node-exporter:v1.8.2',
    });
  }
  ingress.workloads.push({
    kind: 'Deployment',
    namespace: ingress,
    name: 'ingress-nginx-controller',
    role: 'system',
    podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    ports: [
      { name: 'http', containerPort: 80, protocol: 'TCP', servicePort: 80 },
      { name: 'https', containerPort: 443, protocol: 'TCP', servicePort: 443 },
    ],
    replicas: 2,
    hostNetwork: false,
    image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2',
  });

  // Application workloads: one per namespace, the rest spread with a skew (some namespaces are busy).
  const apps = namespaces.filter((n) => !n.system);
  const total = p.workloads - systemWorkloadCount(p);
  const perNs = apportion(total, apps.map(() => Math.exp(0.8 * rng.normal())), 1);
  // StatefulSets take slots other than each namespace's first (which stays a Deployment).
  const slots: [number, number][] = [];
  perNs.forEach((k, i) => {
    for (let j = 1; j < k; j++) slots.push([i, j]);
  });
  const stsCount = Math.min(slots.length, Math.round(total * p.statefulSetShare));
  const stsSlots = new Set(rng.sample(slots, stsCount).map(([i, j]) => `${i}/${j}`));
  apps.forEach((ns, i) => {
    const used = new Set<string>();
    const unique = (base: string): string => {
      let name = base;
      for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
      used.add(name);
      return name;
    };
    for (let j = 0; j < perNs[i]!; j++) {
      const sts = stsSlots.has(`${i}/${j}`);
      if (sts) {
        const store = rng.pick(DATA_STORES);
        const name = unique(store.name);
        ns.workloads.push(appWorkload(ns, 'StatefulSet', name, 'data', [...store.ports], `docker.io/library/${store.name}:latest`, rng));
        continue;
      }
      const role: Role = j === 0 ? (rng.chance(0.6) ? 'frontend' : 'backend') : rng.chance(0.2) ? 'frontend' : 'backend';
      const name = unique(rng.pick(role === 'frontend' ? FRONTEND_APPS : BACKEND_APPS));
      const ports: PortSpec[] = [HTTP_PORT];
      if (role === 'backend' && rng.chance(0.5)) ports.push(GRPC_PORT);
      ports.push(APP_METRICS_PORT);
      if (role === 'backend' && rng.chance(0.05)) ports.push(STATSD_PORT);
      ns.workloads.push(appWorkload(ns, 'Deployment', name, role, ports, `registry.example.com/${ns.product}/${name}:1.${rng.int(0, 40)}.${rng.int(0, 9)}`, rng));
    }
  });
  return namespaces.flatMap((n) => n.workloads);
}

function appWorkload(ns: NamespacePlan, kind: 'Deployment' | 'StatefulSet', name: string, role: Role, ports: PortSpec[], image: string, rng: Prng): WorkloadPlan {
  const podLabels: Record<string, string> = {
    app: name,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': ns.product,
    tier: role,
    team: ns.team,
    env: ns.env,
  };
  if (kind === 'Deployment' && rng.chance(0.2)) podLabels['version'] = rng.pick(['v1', 'v2', 'canary']);
  return { kind, namespace: ns, name, role, podLabels, selector: { app: name }, ports, replicas: 1, hostNetwork: false, image };
}

/** Replicas: StatefulSets 1–5; Deployments share the remaining pods, log-normally (a few big ones). */
function planReplicas(p: GenParams, workloads: readonly WorkloadPlan[], nodes: number, rng: Prng): void {
  const apps = workloads.filter((w) => w.role !== 'system');
  const sts = apps.filter((w) => w.kind === 'StatefulSet');
  const deployments = apps.filter((w) => w.kind === 'Deployment');
  const appPods = p.pods - SYSTEM_PODS - (p.hostNetworkDaemonSet ? nodes : 0);
  for (const w of sts) w.replicas = rng.pick([1, 1, 2, 3, 3, 3, 5]);
  let stsPods = sts.reduce((n, w) => n + w.replicas, 0);
  // Too few pods for these StatefulSets: shrink the biggest ones (validation guarantees 1 each fits).
  const bySize = [...sts].sort((a, b) => b.replicas - a.replicas);
  while (appPods - stsPods < deployments.length) {
    const w = bySize.find((x) => x.replicas > 1);
    if (!w) break;
    w.replicas--;
    stsPods--;
    bySize.sort((a, b) => b.replicas - a.replicas);
  }
  const budget = appPods - stsPods;
  if (deployments.length === 0) {
    // Every application workload is a StatefulSet: give the leftover pods to them.
    const extra = apportion(budget, sts.map(() => 1), 0);
    sts.forEach((w, i) => (w.replicas += extra[i]!));
    return;
  }
  const shares = apportion(budget, deployments.map(() => Math.exp(p.replicaSkew * rng.normal())), 1);
  deployments.forEach((w, i) => (w.replicas = shares[i]!));
}

/** Splits `total` into integers ≥ `min`, proportional to `weights` (largest remainder). */
function apportion(total: number, weights: readonly number[], min: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const rest = total - min * n;
  if (rest < 0) throw new Error(`internal: cannot split ${total} into ${n} parts of at least ${min}`);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (rest * w) / sum);
  const out = exact.map((x) => min + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]![1]]! += 1;
  return out;
}

function workloadObject(w: WorkloadPlan): JsonObject {
  const container: JsonObject = {
    name: w.name,
    image: w.image,
    ports: w.ports.map((pt) => ({
      name: pt.name,
      containerPort: pt.containerPort,
      ...(w.hostNetwork ? { hostPort: pt.containerPort } : {}),
      protocol: pt.protocol,
    })),
  };
  const template: JsonObject = {
    metadata: { labels: { ...w.podLabels } },
    spec: { ...(w.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}), containers: [container] },
  };
  const metadata: JsonObject = { name: w.name, namespace: w.namespace.name, labels: { ...w.selector } };
  const selector = { matchLabels: { ...w.selector } };
  switch (w.kind) {
    case 'Deployment':
      return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: w.replicas, selector, template } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: { serviceName: w.name, replicas: w.replicas, selector, template } };
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector, template } };
  }
}

/** A ClusterIP Service per Deployment (ports by name), a headless one per StatefulSet. */
function serviceObject(w: WorkloadPlan): JsonObject | undefined {
  if (w.kind === 'DaemonSet') return undefined;
  const name = w.name === 'coredns' ? 'kube-dns' : w.name;
  const spec: JsonObject = {
    ...(w.kind === 'StatefulSet' ? { clusterIP: 'None' } : {}),
    ...(name === 'kube-dns' ? { clusterIP: '10.96.0.10' } : {}),
    ...(name === 'ingress-nginx-controller' ? { type: 'LoadBalancer' } : {}),
    selector: { ...w.selector },
    ports: w.ports.map((pt) => ({ name: pt.name, port: pt.servicePort, targetPort: pt.name, protocol: pt.protocol })),
  };
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: w.namespace.name, labels: { ...w.selector } }, spec };
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicies

const DNS_PEER: JsonObject = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};
const DNS_PORTS: JsonObject[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

function policy(ns: string, name: string, podSelector: JsonObject, spec: JsonObject): JsonObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec: { podSelector, ...spec } };
}

function planPolicies(p: GenParams, namespaces: readonly NamespacePlan[], nodes: number, rng: Prng): Map<string, JsonObject[]> {
  const apps = namespaces.filter((n) => !n.system);
  const names = new Map<string, Set<string>>();
  const uniqueName = (ns: string, base: string): string => {
    let set = names.get(ns);
    if (!set) names.set(ns, (set = new Set()));
    let name = base;
    for (let k = 2; set.has(name); k++) name = `${base}-${k}`;
    set.add(name);
    return name;
  };

  // Namespace baselines, in namespace order; when they alone exceed the budget, a random subset.
  const baseline: { ns: string; make: () => JsonObject }[] = [];
  for (const ns of apps) {
    const b = p.baseline;
    const add = (base: string, build: (name: string) => JsonObject): void => {
      baseline.push({ ns: ns.name, make: () => build(uniqueName(ns.name, base)) });
    };
    if (rng.chance(b.defaultDeny)) {
      if (rng.chance(b.denyEgress)) {
        add('default-deny-all', (n) => policy(ns.name, n, {}, { policyTypes: ['Ingress', 'Egress'] }));
        add('allow-dns', (n) => policy(ns.name, n, {}, { policyTypes: ['Egress'], egress: [{ to: [DNS_PEER], ports: DNS_PORTS }] }));
      } else {
        add('default-deny-ingress', (n) => policy(ns.name, n, {}, { policyTypes: ['Ingress'] }));
      }
    }
    if (rng.chance(b.allowSameNamespace)) add('allow-same-namespace', (n) => policy(ns.name, n, {}, { ingress: [{ from: [{ podSelector: {} }] }] }));
    if (rng.chance(b.allowMonitoring)) {
      add('allow-monitoring', (n) =>
        policy(ns.name, n, {}, {
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 'metrics' }] }],
        }),
      );
    }
    if (ns.workloads.some((w) => w.role === 'frontend') && rng.chance(b.allowIngressController)) {
      add('allow-ingress-controller', (n) =>
        policy(ns.name, n, { matchLabels: { tier: 'frontend' } }, {
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
              ports: [{ protocol: 'TCP', port: 'http' }],
            },
          ],
        }),
      );
    }
  }
  let chosen = baseline;
  if (baseline.length > p.policies) {
    const keep = new Set(rng.sample(baseline.map((_, i) => i), p.policies));
    chosen = baseline.filter((_, i) => keep.has(i));
  }
  const out = new Map<string, JsonObject[]>();
  const push = (ns: string, o: JsonObject): void => {
    const list = out.get(ns);
    if (list) list.push(o);
    else out.set(ns, [o]);
  };
  for (const b of chosen) push(b.ns, b.make());

  // Per-workload policies for the rest of the budget.
  const targets = apps.flatMap((n) => n.workloads);
  const teams = [...new Set(apps.map((n) => n.team))].sort();
  const shapes = POLICY_SHAPES.map((s) => [s, p.shapes[s]] as const).filter(([, w]) => w > 0);
  const ctx: ShapeContext = { p, apps, teams, nodes, rng };
  for (let i = chosen.length; i < p.policies; i++) {
    const w = rng.pick(targets);
    const shape = rng.weighted(shapes);
    const built = buildShape(shape, w, ctx);
    push(w.namespace.name, policy(w.namespace.name, uniqueName(w.namespace.name, `${w.name}-${built.suffix}`), { matchLabels: { app: w.name } }, built.spec));
  }
  return out;
}

interface ShapeContext {
  readonly p: GenParams;
  readonly apps: readonly NamespacePlan[];
  readonly teams: readonly string[];
  readonly nodes: number;
  readonly rng: Prng;
}

/** Other workloads of the namespace (callers or dependencies), 1–3 of them; data stores last as callers. */
function neighbours(w: WorkloadPlan, rng: Prng, prefer?: Role): WorkloadPlan[] {
  const others = w.namespace.workloads.filter((x) => x !== w);
  const preferred = prefer ? others.filter((x) => x.role === prefer) : [];
  const pool = preferred.length > 0 ? preferred : others;
  return rng.sample(pool, rng.int(1, 3));
}

function mainPort(w: WorkloadPlan): PortSpec {
  return w.ports[0]!;
}

function buildShape(shape: PolicyShape, w: WorkloadPlan, c: ShapeContext): { suffix: string; spec: JsonObject } {
  const { rng } = c;
  const port = mainPort(w);
  const numericPort: JsonObject = { protocol: port.protocol, port: port.containerPort };
  const ingress = (from: JsonObject[], ports: JsonObject[], explicitTypes = rng.chance(0.8)): JsonObject => ({
    ...(explicitTypes ? { policyTypes: ['Ingress'] } : {}),
    ingress: [{ from, ports }],
  });
  switch (shape) {
    case 'podSelector': {
      const callers = neighbours(w, rng, w.role === 'data' ? 'backend' : w.role === 'backend' ? 'frontend' : undefined);
      const apps = callers.length > 0 ? callers.map((x) => x.name) : ['client'];
      // Now and then a selector that matches nothing (a renamed app): realistic, and cheap to keep.
      if (rng.chance(0.05)) apps[0] = `${apps[0]}-legacy`;
      return { suffix: 'allow-callers', spec: ingress(apps.map((a) => ({ podSelector: { matchLabels: { app: a } } })), [numericPort]) };
    }
    case 'expressions': {
      const callers = neighbours(w, rng).map((x) => x.name).sort();
      const from: JsonObject =
        callers.length > 0 && rng.chance(0.6)
          ? { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: callers }, { key: 'env', operator: 'NotIn', values: ['dev'] }] } }
          : { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'frontend'] }, { key: 'team', operator: 'Exists' }] } };
      return { suffix: 'allow-selected', spec: ingress([from], [{ port: port.name, protocol: port.protocol }]) };
    }
    case 'namespaceSelector': {
      const from: JsonObject = rng.chance(0.6)
        ? { namespaceSelector: { matchLabels: { team: w.namespace.team } } }
        : { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: [w.namespace.env] }, { key: 'team', operator: 'In', values: [...new Set([w.namespace.team, rng.pick(c.teams)])].sort() }] } };
      return { suffix: 'allow-team', spec: ingress([from], [numericPort]) };
    }
    case 'combined': {
      const otherNs = rng.pick(c.apps);
      const otherWl = rng.pick(otherNs.workloads);
      return {
        suffix: 'allow-cross-team',
        spec: ingress(
          [
            { namespaceSelector: { matchLabels: { team: rng.pick(c.teams) } }, podSelector: { matchLabels: { tier: 'frontend' } } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': otherNs.name } }, podSelector: { matchLabels: { app: otherWl.name } } },
          ],
          [numericPort],
        ),
      };
    }
    case 'ipBlock': {
      const variant = rng.int(0, 2);
      if (variant === 0) {
        return {
          suffix: 'allow-internet-egress',
          spec: { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES] } }], ports: [{ protocol: 'TCP', port: 443 }] }] },
        };
      }
      if (variant === 1) {
        return {
          suffix: 'deny-metadata-egress',
          spec: { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }] },
        };
      }
      const third = rng.int(0, 254);
      return {
        suffix: 'allow-office',
        spec: ingress([{ ipBlock: { cidr: '192.168.0.0/16', except: [`192.168.${third}.0/24`] } }], [numericPort]),
      };
    }
    case 'ipBlockPodCidr': {
      // A slice of the pod network (16 nodes' /24s) minus one node's: an old peering rule.
      const node = rng.int(0, c.nodes - 1);
      const slice = POD_NETWORK_BASE + (node & ~15) * 256;
      return {
        suffix: 'allow-peered-range',
        spec: ingress([{ ipBlock: { cidr: `${ipv4Text(slice)}/20`, except: [`${ipv4Text(POD_NETWORK_BASE + node * 256)}/24`] } }], [numericPort]),
      };
    }
    case 'namedPort': {
      const names = [...new Set(w.ports.filter((pt) => pt.protocol === 'TCP').map((pt) => pt.name))].slice(0, 2);
      if (rng.chance(0.1)) names.push('grpc-web'); // a name no container exposes
      return {
        suffix: 'allow-named-ports',
        spec: ingress([{ namespaceSelector: { matchLabels: { team: w.namespace.team } } }], names.map((n) => ({ port: n }))),
      };
    }
    case 'portRange': {
      if (rng.chance(0.5)) {
        return {
          suffix: 'allow-port-range',
          spec: ingress([{ podSelector: { matchLabels: { tier: 'frontend' } } }], [{ protocol: 'TCP', port: 8000, endPort: 8999 }]),
        };
      }
      return {
        suffix: 'egress-data-ports',
        spec: {
          policyTypes: ['Egress'],
          egress: [
            { to: [{ podSelector: { matchLabels: { tier: 'data' } } }], ports: [{ protocol: 'TCP', port: 9000, endPort: 9999 }, { protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }] },
            { to: [DNS_PEER], ports: DNS_PORTS },
          ],
        },
      };
    }
    case 'egressWithDns': {
      const deps = neighbours(w, rng, w.role === 'frontend' ? 'backend' : 'data');
      const rules: JsonObject[] = deps.map((d) => ({ to: [{ podSelector: { matchLabels: { app: d.name } } }], ports: [{ protocol: mainPort(d).protocol, port: mainPort(d).containerPort }] }));
      const dnsPeer: JsonObject = rng.chance(0.5) ? DNS_PEER : { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } };
      rules.push({ to: [dnsPeer], ports: DNS_PORTS });
      return { suffix: 'egress', spec: { policyTypes: ['Egress'], egress: rules } };
    }
  }
}
