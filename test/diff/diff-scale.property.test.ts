import { describe, expect, it } from 'vitest';
import { DiffTooLargeError, diffSnapshots } from '../../src/analysis/diff.js';
import { generateCluster } from '../../src/gen/generate-cluster.js';
import { GEN_PROFILES } from '../../src/gen/params.js';
import { Prng } from '../../src/gen/prng.js';
import { renderClusterFiles } from '../../src/gen/render-cluster.js';
import { buildPolicyEngine, loadSnapshot } from '../../src/index.js';
import { MAX_LISTED_FLOWS, formatDiffMarkdown, formatDiffText, groupFlows } from '../../src/report/diff-text.js';

/**
 * `kflow diff` for a policy-only change compares only the flows of workloads a changed policy
 * selects (the others cannot change). On generated clusters under random policy edits (added,
 * deleted, opened namespaces, egress denies), the result must equal comparing every pair of
 * workloads, the reference.
 */
type Source = { file: string; text: string };

const np = (namespace: string, name: string, spec: object): Source => ({
  file: `change-${namespace}-${name}.yaml`,
  text: JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec }),
});

describe('diff of a policy-only change = every workload pair compared', () => {
  it('on 12 generated clusters, random policy changes', () => {
    let changes = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const files: Source[] = renderClusterFiles(generateCluster({ ...GEN_PROFILES.tiny, seed, podsPerNode: 6 })).map((f) => ({ file: f.path, text: f.text }));
      const before = loadSnapshot(files).snapshot;
      const rng = new Prng(seed);
      const namespaces = [...before.namespaces.keys()];
      const ns = rng.pick(namespaces);
      const victim = before.networkPolicies.length > 0 ? rng.pick(before.networkPolicies) : undefined;
      // Drop one policy (its whole file's other objects stay: rewrite the file without it), add others.
      const kept = files.map((f) => (victim && f.text.includes(`name: ${victim.name}\n`) && f.text.includes(`namespace: ${victim.namespace}\n`) ? { ...f, text: f.text.split(/^---$/m).filter((d) => !(d.includes('kind: NetworkPolicy') && d.includes(`name: ${victim.name}\n`))).join('---') } : f));
      const added = [
        np(ns, 'open-all', { podSelector: {}, ingress: [{}] }),
        np(rng.pick(namespaces), 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
        np(rng.pick(namespaces), 'from-ns', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }] }),
      ];
      const after = loadSnapshot([...kept, ...added]).snapshot;
      const sides = [
        { snapshot: before, engine: buildPolicyEngine(before) },
        { snapshot: after, engine: buildPolicyEngine(after) },
      ] as const;
      const fast = diffSnapshots(sides[0], sides[1]);
      const reference = diffSnapshots(sides[0], sides[1], { compareAllPairs: true });
      expect(fast.opened, `seed ${seed}`).toEqual(reference.opened);
      expect(fast.closed, `seed ${seed}`).toEqual(reference.closed);
      changes += fast.opened.length + fast.closed.length;
    }
    expect(changes).toBeGreaterThan(50);
  });

  it('when pods differ too, compares every pair up to a limit, then refuses with an error value (no crash)', () => {
    const files: Source[] = renderClusterFiles(generateCluster({ ...GEN_PROFILES.tiny, seed: 2 })).map((f) => ({ file: f.path, text: f.text }));
    const before = loadSnapshot(files).snapshot;
    // A relabelled template: new pods on the after side.
    const relabelled = files.map((f, i) => (i === files.findIndex((g) => g.text.includes('kind: Deployment')) ? { ...f, text: f.text.replace(/(template:\n\s+metadata:\n\s+labels:\n)/, '$1        relabelled: "yes"\n') } : f));
    const after = loadSnapshot(relabelled).snapshot;
    expect(after.pods.map((p) => p.key)).not.toEqual(before.pods.map((p) => p.key));
    const sides = [
      { snapshot: before, engine: buildPolicyEngine(before) },
      { snapshot: after, engine: buildPolicyEngine(after) },
    ] as const;
    expect(() => diffSnapshots(sides[0], sides[1])).not.toThrow();
    expect(() => diffSnapshots(sides[0], sides[1], { allPairsLimit: 3 })).toThrow(DiffTooLargeError);
  });
});

describe('diff output for people never floods', () => {
  const flows = Array.from({ length: 150 }, (_, i) => ({
    from: `ns-${i % 50}/client`,
    to: i < 120 ? 'shop/api' : `ns-${i}/db`,
    port: 8000 + (i % 3),
    protocol: 'TCP' as const,
    before: 'none' as const,
    after: 'all' as const,
    cause: { summary: 'NetworkPolicy/shop/open added', objects: [], rulesBefore: [], rulesAfter: [] },
  }));
  const result = { opened: flows, closed: [], services: [], changedObjects: [], ports: [] };

  it(`more than ${MAX_LISTED_FLOWS} flows: grouped by destination, largest first, counts adding up`, () => {
    const groups = groupFlows(flows);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(150);
    expect(groups[0]).toMatchObject({ to: 'shop/api', count: 120 });
    expect(groups[0]!.sources.size).toBe(50);
    expect([...groups[0]!.ports].sort()).toEqual(['8000/TCP', '8001/TCP', '8002/TCP']);
    const text = formatDiffText(result);
    expect(text).toContain('Flows opened (150):');
    expect(text).toContain('shop/api ← 50 workload(s) (ns-0/client, ns-1/client, ns-2/client, … (50)) on 8000/TCP, 8001/TCP, 8002/TCP: 120 flow(s) denied → allowed');
    expect(text).toContain('… and 11 more destination group(s)');
    expect(text.split('\n').length).toBeLessThan(60);
    const md = formatDiffMarkdown(result);
    expect(md).toContain('_150 flows, grouped by destination:_');
    expect(md.split('\n').length).toBeLessThan(40);
  });
});

describe('diff: what makes a change "policy-only"', () => {
  const pod = (key: string, labels: Record<string, string>, ip: string, extra: { nodeName?: string; hostNetwork?: boolean } = {}) => {
    const [namespace, name] = key.split('/');
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: { nodeName: extra.nodeName ?? 'node-2', ...(extra.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'main', image: 'x', ports: [{ containerPort: 10250 }] }] },
      status: { podIP: ip },
    };
  };
  const cluster = (nodeRole: string, webLabels: Record<string, string>) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sys' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { role: nodeRole } }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }] } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2', labels: {} }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.2' }] } },
    pod('shop/web', webLabels, '10.1.0.1'),
    pod('sys/agent', { app: 'agent' }, '192.168.0.1', { hostNetwork: true, nodeName: 'node-1' }),
    {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'infra' },
      spec: { tier: 'Admin', priority: 1, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }, egress: [{ name: 'deny-infra', action: 'Deny', to: [{ nodes: { matchLabels: { role: 'infra' } } }] }] },
    },
  ];
  const side = (objects: object[]) => {
    const { snapshot } = loadSnapshot([{ file: 'c.yaml', text: objects.map((o) => JSON.stringify(o)).join('\n---\n') }]);
    return { snapshot, engine: buildPolicyEngine(snapshot) };
  };

  it('a relabelled Node (a `nodes` peer sees it) is not policy-only: the flow it opens is reported (review finding)', () => {
    const r = diffSnapshots(side(cluster('infra', { app: 'web' })), side(cluster('other', { app: 'web' })));
    expect(r.opened.map((c) => `${c.from} -> ${c.to} ${c.port}/${c.protocol}`)).toEqual(['shop/web -> sys/agent 10250/TCP']);
  });

  it('labels written in another order are the same pods: still policy-only, even past the all-pairs limit', () => {
    const before = side(cluster('infra', { app: 'web', tier: 'front' }));
    const after = side(cluster('infra', { tier: 'front', app: 'web' }));
    expect(() => diffSnapshots(before, after, { allPairsLimit: 1 })).not.toThrow();
  });
});
