import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/analysis/diff.js';
import { buildPolicyEngine, loadSnapshot } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';

const EXAMPLE = 'examples/shop';

function exampleSources(edit: (file: string, text: string) => string = (_f, t) => t) {
  return readdirSync(EXAMPLE)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(EXAMPLE, f), text: edit(f, readFileSync(join(EXAMPLE, f), 'utf8')) }));
}

function diff(edit: (file: string, text: string) => string) {
  const a = loadSnapshot(exampleSources()).snapshot;
  const b = loadSnapshot(exampleSources(edit)).snapshot;
  return diffSnapshots({ snapshot: a, engine: buildPolicyEngine(a) }, { snapshot: b, engine: buildPolicyEngine(b) });
}

const flows = (list: readonly { from: string; to: string; port: number; protocol: string }[]) => list.map((f) => `${f.from} -> ${f.to} ${f.port}/${f.protocol}`);

describe('kflow diff on the example cluster', () => {
  it('no change, no flows', () => {
    const d = diff((_f, t) => t);
    expect(d.opened).toEqual([]);
    expect(d.closed).toEqual([]);
    expect(d.changedObjects).toEqual([]);
  });

  it('fixing the payments selector typo opens exactly api → payments on the gRPC port, and names the policy', () => {
    const d = diff((f, t) => (f === 'payments.yaml' ? t.replace('app: paymnets', 'app: payments') : t));
    expect(flows(d.opened)).toEqual(['shop/api -> payments/payments 50051/TCP']);
    expect(d.closed).toEqual([]);
    expect(d.opened[0]!.cause.objects.map((o) => `${o.object} ${o.change}`)).toEqual(['NetworkPolicy/payments/allow-from-api modified']);
    expect(d.opened[0]!.cause.rulesAfter.map((r) => r.policy)).toContain('NetworkPolicy/payments/allow-from-api');
  });

  it('deleting the web egress policy closes exactly what it allowed (frontend stays default-deny)', () => {
    const d = diff((f, t) =>
      f === 'frontend.yaml'
        ? t
            .split(/^---$/m)
            .filter((doc) => !/name: web-egress/.test(doc))
            .join('---')
        : t,
    );
    expect(d.changedObjects.map((c) => `${c.object} ${c.change}`)).toEqual(['NetworkPolicy/frontend/web-egress removed']);
    expect(d.opened).toEqual([]);
    expect(flows(d.closed)).toEqual(['frontend/web -> shop/api 8080/TCP']);
  });
});

/**
 * Cluster-scoped policies (examples/shop-cluster-policies with the shop): object changes name the
 * ClusterNetworkPolicy, and flows change exactly where the tiers say (network-policy-api: Admin
 * rules decide before NetworkPolicies, Pass hands over to them, priorities lower first).
 */
const CLUSTER_POLICIES = 'examples/shop-cluster-policies';
type Source = { file: string; text: string };

function clusterSources(edit: (file: string, text: string) => string = (_f, t) => t, extra: Source[] = []): Source[] {
  const policies = readdirSync(CLUSTER_POLICIES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(CLUSTER_POLICIES, f), text: edit(f, readFileSync(join(CLUSTER_POLICIES, f), 'utf8')) }));
  return [...exampleSources(), ...policies, ...extra];
}

function diffSources(before: Source[], after: Source[]) {
  const load = (sources: Source[]) => {
    const { snapshot, diagnostics } = loadSnapshot(sources);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return snapshot;
  };
  const a = load(before);
  const b = load(after);
  return diffSnapshots({ snapshot: a, engine: buildPolicyEngine(a) }, { snapshot: b, engine: buildPolicyEngine(b) });
}

const causes = (list: readonly { cause: { objects: readonly { object: string; change: string }[] } }[]) => list.map((f) => f.cause.objects.map((o) => `${o.object} ${o.change}`).join('; '));

const adminPolicy = (name: string, priority: number, subject: string, rule: string): Source => ({
  file: `${name}.yaml`,
  text: `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  tier: Admin\n  priority: ${priority}\n  subject:\n${subject}  ingress:\n${rule}`,
});
const storefront = '    namespaces:\n      matchLabels:\n        team: storefront\n';
const kubeSystem = '    namespaces:\n      matchLabels:\n        kubernetes.io/metadata.name: kube-system\n';
const denyMonitoring = '    - name: deny-monitoring\n      action: Deny\n      from:\n        - namespaces:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n';
const acceptPrometheus8080 =
  '    - name: accept-prometheus\n      action: Accept\n      from:\n        - pods:\n            namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: monitoring\n            podSelector:\n              matchLabels:\n                app.kubernetes.io/name: prometheus\n      protocols:\n        - tcp:\n            destinationPort:\n              number: 8080\n';

describe('kflow diff with cluster-scoped policies', () => {
  it('no change, no flows and no changed objects (cluster policies compared by content)', () => {
    const d = diffSources(clusterSources(), clusterSources());
    expect(d.changedObjects).toEqual([]);
    expect(d.opened).toEqual([]);
    expect(d.closed).toEqual([]);
  });

  it('adding an Admin Deny closes exactly the scrapes it denies (Admin decides before the namespaces\' NetworkPolicies), and names it', () => {
    const d = diffSources(clusterSources(), clusterSources(undefined, [adminPolicy('no-scrape-storefront', 30, storefront, denyMonitoring)]));
    expect(d.changedObjects.map((c) => `${c.object} ${c.change}`)).toEqual(['ClusterNetworkPolicy/no-scrape-storefront added']);
    expect(d.opened).toEqual([]);
    // Prometheus scrapes frontend/web (9113) and shop's api and catalog (9090); storefront = frontend + shop.
    expect(flows(d.closed)).toEqual(['monitoring/prometheus -> frontend/web 9113/TCP', 'monitoring/prometheus -> shop/api 9090/TCP', 'monitoring/prometheus -> shop/catalog 9090/TCP']);
    expect(causes(d.closed)).toEqual(Array(3).fill('ClusterNetworkPolicy/no-scrape-storefront added'));
    for (const f of d.closed) {
      expect(f.cause.summary).toBe('ClusterNetworkPolicy/no-scrape-storefront added');
      expect(f.cause.rulesAfter).toContainEqual(expect.objectContaining({ policy: 'ClusterNetworkPolicy/no-scrape-storefront', path: 'spec.ingress[0].from[0]', ruleName: 'deny-monitoring' }));
      expect(f.cause.rulesBefore.some((r) => r.policy.startsWith('ClusterNetworkPolicy/'))).toBe(false);
    }
  });

  it('lowering a priority below protect-kube-system\'s Pass opens exactly prometheus → coredns on 8080 (priority: lower first)', () => {
    // At 30 the Accept comes after protect-kube-system (10), whose Pass hands Prometheus to kube-system's
    // NetworkPolicy (metrics only): denied. At 5 the Accept decides first.
    const d = diffSources(clusterSources(undefined, [adminPolicy('scrape-kube-system', 30, kubeSystem, acceptPrometheus8080)]), clusterSources(undefined, [adminPolicy('scrape-kube-system', 5, kubeSystem, acceptPrometheus8080)]));
    expect(d.changedObjects.map((c) => `${c.object} ${c.change}`)).toEqual(['ClusterNetworkPolicy/scrape-kube-system modified']);
    expect(flows(d.opened)).toEqual(['monitoring/prometheus -> kube-system/coredns 8080/TCP']);
    expect(d.closed).toEqual([]);
    expect(causes(d.opened)).toEqual(['ClusterNetworkPolicy/scrape-kube-system modified']);
    expect(d.opened[0]!.cause.rulesAfter).toContainEqual(expect.objectContaining({ policy: 'ClusterNetworkPolicy/scrape-kube-system', ruleName: 'accept-prometheus' }));
    expect(d.opened[0]!.cause.rulesBefore.map((r) => r.policy)).toContain('NetworkPolicy/kube-system/coredns');
  });

  it('turning the Pass into a Deny closes the one scrape it passed, naming the modified policy', () => {
    const d = diffSources(clusterSources(), clusterSources((f, t) => (f === '10-protect-kube-system.yaml' ? t.replace('action: Pass', 'action: Deny') : t)));
    expect(d.changedObjects.map((c) => `${c.object} ${c.change}`)).toEqual(['ClusterNetworkPolicy/protect-kube-system modified']);
    expect(d.opened).toEqual([]);
    expect(flows(d.closed)).toEqual(['monitoring/prometheus -> kube-system/coredns 9153/TCP']);
    expect(causes(d.closed)).toEqual(['ClusterNetworkPolicy/protect-kube-system modified']);
  });

  it('removing the overridden Baseline changes no flow (CNP_BASELINE_OVERRIDDEN: it decides nothing today)', () => {
    const d = diffSources(clusterSources(), clusterSources((f, t) => (f === '90-tenant-default-deny.yaml' ? '' : t)));
    expect(d.changedObjects.map((c) => `${c.object} ${c.change}`)).toEqual(['ClusterNetworkPolicy/tenant-default-deny removed']);
    expect(d.opened).toEqual([]);
    expect(d.closed).toEqual([]);
  });
});

describe('kflow diff: DNS answers and Service endpoints', () => {
  it('no change, no Service changes', () => {
    expect(diff((_f, t) => t).services).toEqual([]);
  });

  it('fixing catalog\'s targetPort gives it endpoints (no flow changes: policy already allowed the pods)', () => {
    const d = diff((f, t) => (f === 'shop.yaml' ? t.replace('targetPort: http-api', 'targetPort: http') : t));
    expect(d.services.map((s) => `${s.service} ${s.change}`)).toEqual(['shop/catalog modified']);
    // The EndpointSlice controller still lists the pods, with no port for the unresolved name.
    expect(d.services[0]!.endpoints!.before).toBe('2× shop/catalog on no port');
    expect(d.services[0]!.endpoints!.after).toMatch(/^2× shop\/catalog on http=\d+\/TCP$/);
    expect(d.services[0]!.dns).toBeUndefined();
  });

  it('a new ClusterIP is a DNS change; a scaled Deployment is an endpoint change', () => {
    const d = diff((f, t) => (f === 'shop.yaml' ? t.replace('clusterIP: 10.96.20.10', 'clusterIP: 10.96.20.11') : f === 'frontend.yaml' ? t.replace(/replicas: 3/, 'replicas: 2') : t));
    const byName = new Map(d.services.map((s) => [s.service, s]));
    expect(byName.get('shop/api')!.dns).toEqual({ before: 'A 10.96.20.10', after: 'A 10.96.20.11' });
    expect(byName.get('frontend/web')!.endpoints!.before).toContain('3× frontend/web');
    expect(byName.get('frontend/web')!.endpoints!.after).toContain('2× frontend/web');
  });
});

describe('kflow diff CLI', () => {
  it('options may follow the -- (the contract writes them there); --fail-on-new-flows gates', async () => {
    const r = await runCli(['diff', EXAMPLE, '--', EXAMPLE, '--output', 'json', '--fail-on-new-flows']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ opened: [], closed: [] });
  });
  it('needs the -- separator', async () => {
    const r = await runCli(['diff', EXAMPLE, EXAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('diff needs --');
  });
});
