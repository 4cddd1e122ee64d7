import { describe, expect, it } from 'vitest';
import { type LoadOptions, type PodModel, formatIp, loadSnapshot } from '../../src/index.js';

/**
 * Workload expansion and addressing: the pods the controllers would create (names and labels as
 * the Deployment/ReplicaSet, StatefulSet, DaemonSet and Job controllers make them, random parts
 * replaced by deterministic ones), and the addresses they would get (host-local IPAM from each
 * Node's spec.podCIDR).
 */

/** Characters of apimachinery rand.SafeEncodeString (no vowels, no 0/1/3): pod name suffixes and template hashes. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

function load(docs: readonly string[], options?: LoadOptions) {
  return loadSnapshot([{ file: 'cluster.yaml', text: docs.join('---\n') }], options);
}

function loadClean(docs: readonly string[], options?: LoadOptions) {
  const r = load(docs, options);
  expect(r.diagnostics).toEqual([]);
  return r;
}

const ip = (p: PodModel | undefined): string => (p ? p.ips.map(formatIp).join(',') : '<no pod>');

const podTemplate = (labels: string, extraSpec = ''): string =>
  `  template:\n    metadata:\n      labels: ${labels}\n    spec:\n${extraSpec}      containers:\n      - name: c\n        ports:\n        - {name: http, containerPort: 8080}\n`;

function deployment(name: string, opts: { replicas?: number | null; namespace?: string; uid?: string; hostNetwork?: boolean } = {}): string {
  const replicas = opts.replicas === undefined ? 3 : opts.replicas;
  return (
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n` +
    (opts.namespace ? `  namespace: ${opts.namespace}\n` : '') +
    (opts.uid ? `  uid: ${opts.uid}\n` : '') +
    'spec:\n' +
    (replicas === null ? '' : `  replicas: ${replicas}\n`) +
    `  selector:\n    matchLabels: {app: ${name}}\n` +
    podTemplate(`{app: ${name}}`, opts.hostNetwork ? '      hostNetwork: true\n' : '')
  );
}

function node(name: string, podCIDR: string | undefined, internalIP?: string): string {
  return (
    `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n` +
    (podCIDR ? `spec:\n  podCIDR: ${podCIDR}\n` : '') +
    (internalIP ? `status:\n  addresses:\n  - {type: InternalIP, address: ${internalIP}}\n  - {type: Hostname, address: ${name}}\n` : '')
  );
}

describe('Deployment → ReplicaSet → pods', () => {
  it('runs `replicas` pods named <deployment>-<pod-template-hash>-<5 chars>, labelled with the hash', () => {
    const { snapshot } = loadClean([deployment('web', { namespace: 'shop' })]);
    const pods = snapshot.pods;
    expect(pods).toHaveLength(3);
    const hash = pods[0]!.labels['pod-template-hash'];
    expect(hash).toMatch(new RegExp(`^${SAFE}+$`));
    for (const p of pods) {
      expect(p.name).toMatch(new RegExp(`^web-${hash}-${SAFE}{5}$`));
      expect(p.namespace).toBe('shop');
      expect(p.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.workload).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web' });
      // Owned by the ReplicaSet <deployment>-<hash>, as the deployment controller names it.
      expect(p.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: `web-${hash}`, controller: true })]);
      expect(p.synthesized).toBe(true);
      expect(p.ports.map((x) => [x.name, x.containerPort, x.protocol])).toEqual([['http', 8080, 'TCP']]);
    }
    expect(new Set(pods.map((p) => p.name)).size).toBe(3);
  });

  it('is deterministic: the same input gives the same names and addresses on every run', () => {
    const docs = [node('node-a', '10.244.1.0/24'), deployment('web'), deployment('api', { replicas: 2 })];
    const run = () => loadClean(docs).snapshot.pods.map((p) => `${p.key} ${p.nodeName} ${ip(p)} ${JSON.stringify(p.labels)}`);
    expect(run()).toEqual(run());
  });

  it('names do not depend on the order of the documents', () => {
    const a = loadClean([deployment('web'), deployment('api')]).snapshot.pods.map((p) => p.key);
    const b = loadClean([deployment('api'), deployment('web')]).snapshot.pods.map((p) => p.key);
    expect(a).toEqual(b);
  });

  it('a different template gives a different pod-template-hash', () => {
    const one = loadClean([deployment('web', { replicas: 1 })]).snapshot.pods[0]!;
    const changed = deployment('web', { replicas: 1 }).replace('containerPort: 8080', 'containerPort: 9090');
    const two = loadClean([changed]).snapshot.pods[0]!;
    expect(one.labels['pod-template-hash']).not.toBe(two.labels['pod-template-hash']);
  });

  it('replicas: 0 runs no pod; absent replicas defaults to 1', () => {
    expect(loadClean([deployment('web', { replicas: 0 })]).snapshot.pods).toEqual([]);
    expect(loadClean([deployment('web', { replicas: null })]).snapshot.pods).toHaveLength(1);
  });
});

describe('StatefulSet', () => {
  const sts = (serviceName?: string) =>
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: data\nspec:\n  replicas: 3\n' +
    (serviceName ? `  serviceName: ${serviceName}\n` : '') +
    '  selector:\n    matchLabels: {app: db}\n' +
    podTemplate('{app: db}');

  it('runs <name>-0..n-1 with the pod-name label, hostname = pod name and subdomain = serviceName', () => {
    const { snapshot } = loadClean([sts('db-headless')]);
    expect(snapshot.pods.map((p) => p.key)).toEqual(['data/db-0', 'data/db-1', 'data/db-2']);
    snapshot.pods.forEach((p, i) => {
      expect(p.labels).toMatchObject({ app: 'db', 'statefulset.kubernetes.io/pod-name': `db-${i}`, 'apps.kubernetes.io/pod-index': String(i) });
      expect(p.labels['controller-revision-hash']).toMatch(/^db-/);
      expect(p.hostname).toBe(`db-${i}`);
      expect(p.subdomain).toBe('db-headless');
      expect(p.workload).toEqual({ kind: 'StatefulSet', namespace: 'data', name: 'db' });
    });
  });

  it('has no subdomain without serviceName', () => {
    const { snapshot } = loadClean([sts()]);
    expect(snapshot.pods.map((p) => [p.hostname, p.subdomain])).toEqual([
      ['db-0', undefined],
      ['db-1', undefined],
      ['db-2', undefined],
    ]);
  });
});

describe('DaemonSet', () => {
  const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: kube-system\nspec:\n  selector:\n    matchLabels: {app: agent}\n' + podTemplate('{app: agent}');

  it('runs one pod per Node, on that Node', () => {
    const { snapshot } = loadClean([node('node-b', '10.244.2.0/24'), node('node-a', '10.244.1.0/24'), ds]);
    const pods = snapshot.pods;
    expect(pods.map((p) => p.nodeName).sort()).toEqual(['node-a', 'node-b']);
    for (const p of pods) {
      expect(p.name).toMatch(new RegExp(`^agent-${SAFE}{5}$`));
      expect(p.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
      expect(p.workload).toEqual({ kind: 'DaemonSet', namespace: 'kube-system', name: 'agent' });
    }
    // Each on its own node's pod CIDR.
    expect(ip(pods.find((p) => p.nodeName === 'node-a'))).toBe('10.244.1.2');
    expect(ip(pods.find((p) => p.nodeName === 'node-b'))).toBe('10.244.2.2');
  });

  it('runs one pod when no Node is given', () => {
    const { snapshot } = loadClean([ds]);
    expect(snapshot.pods).toHaveLength(1);
    expect(snapshot.pods[0]!.ips).toHaveLength(1);
  });
});

describe('Job and CronJob', () => {
  const job = (name: string, spec: string) =>
    `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n${spec}  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c}]\n`;

  it.each([
    ['no parallelism: one pod', '', 1],
    ['parallelism 4', '  parallelism: 4\n', 4],
    ['parallelism 3, completions 2: capped by completions', '  parallelism: 3\n  completions: 2\n', 2],
    ['parallelism 0: none', '  parallelism: 0\n', 0],
  ])('%s', (_name, spec, count) => {
    const { snapshot } = loadClean([job('migrate', spec)]);
    expect(snapshot.pods).toHaveLength(count);
    for (const p of snapshot.pods) {
      expect(p.name).toMatch(new RegExp(`^migrate-${SAFE}{5}$`));
      expect(p.labels).toMatchObject({ 'job-name': 'migrate', 'batch.kubernetes.io/job-name': 'migrate' });
      expect(p.labels['controller-uid']).toBe(p.labels['batch.kubernetes.io/controller-uid']);
      expect(p.workload).toEqual({ kind: 'Job', namespace: 'default', name: 'migrate' });
    }
  });

  it('a CronJob runs one Job with one pod, named <cronjob>-<scheduled time>-<5 chars>', () => {
    const cron =
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: report\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels: {app: report}\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c}]\n';
    const { snapshot } = loadClean([cron]);
    expect(snapshot.pods).toHaveLength(1);
    const p = snapshot.pods[0]!;
    const jobName = p.labels['job-name'];
    expect(jobName).toMatch(/^report-[0-9]+$/);
    expect(p.name).toMatch(new RegExp(`^${jobName}-${SAFE}{5}$`));
    expect(p.labels.app).toBe('report');
    expect(p.workload).toEqual({ kind: 'CronJob', namespace: 'default', name: 'report' });
  });
});

describe('given pods and their owners', () => {
  const rs = (withOwnerUid: boolean) =>
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-5d8f9c7b6\n  uid: rs-uid\n  ownerReferences:\n' +
    `  - {apiVersion: apps/v1, kind: Deployment, name: web, ${withOwnerUid ? 'uid: deploy-uid, ' : ''}controller: true}\n` +
    'spec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web, pod-template-hash: 5d8f9c7b6}\n' +
    podTemplate('{app: web, pod-template-hash: 5d8f9c7b6}');

  const pod = (name: string, podIP: string, ownerUid: boolean) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels: {app: web, pod-template-hash: 5d8f9c7b6}\n  ownerReferences:\n` +
    `  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f9c7b6, ${ownerUid ? 'uid: rs-uid, ' : ''}controller: true, blockOwnerDeletion: true}\n` +
    `spec:\n  nodeName: node-a\n  containers: [{name: c}]\nstatus:\n  phase: Running\n  podIP: ${podIP}\n  podIPs:\n  - ip: ${podIP}\n`;

  it('keeps the IPs of given pods and does not add pods for their Deployment (owner chain through the ReplicaSet by uid)', () => {
    const { snapshot } = loadClean([
      node('node-a', '10.244.1.0/24'),
      deployment('web', { uid: 'deploy-uid' }),
      rs(true),
      pod('web-5d8f9c7b6-x7k2p', '10.244.1.17', true),
      pod('web-5d8f9c7b6-q9w4z', '10.244.1.18', true),
    ]);
    expect(snapshot.pods.map((p) => [p.key, ip(p), p.synthesized, p.ipAllocated])).toEqual([
      ['default/web-5d8f9c7b6-q9w4z', '10.244.1.18', false, false],
      ['default/web-5d8f9c7b6-x7k2p', '10.244.1.17', false, false],
    ]);
    for (const p of snapshot.pods) expect(p.workload).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
  });

  it('finds the Deployment of a given pod whose ReplicaSet is not in the input (by the <deployment>-<hash> name)', () => {
    const { snapshot } = loadClean([deployment('web'), pod('web-5d8f9c7b6-x7k2p', '10.244.1.17', false)]);
    expect(snapshot.pods.map((p) => [p.key, ip(p)])).toEqual([['default/web-5d8f9c7b6-x7k2p', '10.244.1.17']]);
    expect(snapshot.pods[0]!.workload).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
  });

  it('a ReplicaSet owned by a Deployment in the input stands for it: its replicas, named after it, once', () => {
    for (const byUid of [true, false]) {
      const { snapshot } = loadClean([deployment('web', byUid ? { uid: 'deploy-uid' } : {}), rs(byUid)]);
      expect(snapshot.pods).toHaveLength(3);
      for (const p of snapshot.pods) {
        expect(p.name).toMatch(new RegExp(`^web-5d8f9c7b6-${SAFE}{5}$`));
        expect(p.labels).toEqual({ app: 'web', 'pod-template-hash': '5d8f9c7b6' });
        expect(p.workload).toEqual({ kind: 'Deployment', namespace: 'default', name: 'web' });
      }
    }
  });

  it('a given pod without status gets an address; one with status but no IP (Pending) does not', () => {
    const bare = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers: [{name: c}]\n';
    const pending = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pending\nspec:\n  containers: [{name: c}]\nstatus:\n  phase: Pending\n';
    const { snapshot } = loadClean([bare, pending]);
    expect(ip(snapshot.podsByKey.get('default/bare'))).toBe('10.244.0.2');
    expect(snapshot.podsByKey.get('default/bare')!.ipAllocated).toBe(true);
    expect(snapshot.podsByKey.get('default/pending')!.ips).toEqual([]);
  });
});

describe('pod addresses', () => {
  it('allocates from each Node’s podCIDR, round-robin over Nodes sorted by name, skipping network and gateway addresses', () => {
    // Nodes given out of order: placement goes by name (node-a first).
    const { snapshot } = loadClean([node('node-b', '10.244.2.0/24'), node('node-a', '10.244.1.0/24'), deployment('web', { replicas: 4 })]);
    const byNode = (n: string) => snapshot.pods.filter((p) => p.nodeName === n).map(ip).sort();
    expect(byNode('node-a')).toEqual(['10.244.1.2', '10.244.1.3']);
    expect(byNode('node-b')).toEqual(['10.244.2.2', '10.244.2.3']);
  });

  it('never hands out an IP a given pod already has', () => {
    const given = (name: string, podIP: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: node-a\n  containers: [{name: c}]\nstatus:\n  phase: Running\n  podIP: ${podIP}\n`;
    const { snapshot } = loadClean([node('node-a', '10.244.1.0/24'), given('pod-x', '10.244.1.2'), given('pod-y', '10.244.1.4'), deployment('web', { replicas: 3 })]);
    const allocated = snapshot.pods.filter((p) => p.synthesized).map(ip).sort();
    expect(allocated).toEqual(['10.244.1.3', '10.244.1.5', '10.244.1.6']);
    expect(ip(snapshot.podsByKey.get('default/pod-x'))).toBe('10.244.1.2');
    expect(ip(snapshot.podsByKey.get('default/pod-y'))).toBe('10.244.1.4');
  });

  it('uses the default pod CIDR (10.244.0.0/16) when no Node is given, or the one passed in options', () => {
    const d = loadClean([deployment('web', { replicas: 2 })]).snapshot.pods.map(ip).sort();
    expect(d).toEqual(['10.244.0.2', '10.244.0.3']);
    const custom = loadClean([deployment('web', { replicas: 2 })], { addressing: { defaultPodCidr: '192.168.0.0/24', defaultNodeCidr: '172.18.0.0/16' } });
    expect(custom.snapshot.pods.map(ip).sort()).toEqual(['192.168.0.2', '192.168.0.3']);
  });

  it('gives hostNetwork pods their node’s InternalIP, without taking pod-CIDR addresses', () => {
    const { snapshot } = loadClean([
      node('node-a', '10.244.1.0/24', '172.18.0.2'),
      node('node-b', '10.244.2.0/24', '172.18.0.3'),
      deployment('edge', { replicas: 2, hostNetwork: true }),
      deployment('web', { replicas: 2 }),
    ]);
    const edge = snapshot.pods.filter((p) => p.workload?.name === 'edge');
    expect(edge.map((p) => `${p.nodeName} ${ip(p)}`).sort()).toEqual(['node-a 172.18.0.2', 'node-b 172.18.0.3']);
    expect(edge.every((p) => p.hostNetwork)).toBe(true);
    const web = snapshot.pods.filter((p) => p.workload?.name === 'web');
    // Round-robin continues across workloads; each node's pod CIDR starts at .2.
    expect(web.map(ip).sort()).toEqual(['10.244.1.2', '10.244.2.2']);
  });

  it('gives a hostNetwork pod on a Node without InternalIP a stable synthesized node address', () => {
    const hostPod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: h\nspec:\n  hostNetwork: true\n  nodeName: node-x\n  containers: [{name: c}]\n';
    const { snapshot } = loadClean([hostPod]);
    expect(ip(snapshot.pods[0])).toBe('172.18.0.2');
  });

  it('reports POD_CIDR_EXHAUSTED once when a Node’s podCIDR runs out; the pods that got no IP stay IP-less', () => {
    // A /30 has 4 addresses: network, gateway, one pod, broadcast.
    const { snapshot, diagnostics } = load([node('tiny', '10.0.0.0/30'), deployment('web', { replicas: 3 })]);
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'POD_CIDR_EXHAUSTED']]);
    expect(diagnostics[0]!.message).toMatch(/^no pod IP left for default\/web-/);
    expect(diagnostics[0]!.hint).toMatch(/podCIDR/);
    expect(snapshot.pods.map(ip).sort()).toEqual(['', '', '10.0.0.2']);
    expect(snapshot.pods.every((p) => p.nodeName === 'tiny')).toBe(true);
  });
});

describe('namespaces', () => {
  it('a namespace that objects live in but that is not given exists, labelled kubernetes.io/metadata.name', () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: payments\nspec:\n  podSelector: {}\n';
    const { snapshot } = loadClean([deployment('web', { namespace: 'shop', replicas: 1 }), np]);
    expect([...snapshot.namespaces.keys()]).toEqual(['payments', 'shop']);
    for (const [name, ns] of snapshot.namespaces) {
      expect(ns.labels).toEqual({ 'kubernetes.io/metadata.name': name });
      expect(ns.synthesized).toBe(true);
    }
  });

  it('a given Namespace keeps its labels and gets kubernetes.io/metadata.name = its name, overriding any other value', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: checkout\n    kubernetes.io/metadata.name: something-else\n';
    const { snapshot } = loadClean([ns, deployment('web', { namespace: 'shop', replicas: 1 })]);
    const shop = snapshot.namespaces.get('shop');
    expect(shop?.labels).toEqual({ team: 'checkout', 'kubernetes.io/metadata.name': 'shop' });
    expect(shop?.synthesized).toBe(false);
    expect(shop?.source).toMatchObject({ file: 'cluster.yaml', line: 1, column: 1 });
  });

  it('objects without a namespace are in `default`', () => {
    const { snapshot } = loadClean([deployment('web', { replicas: 1 })]);
    expect([...snapshot.namespaces.keys()]).toEqual(['default']);
    expect(snapshot.pods[0]!.namespace).toBe('default');
  });
});
