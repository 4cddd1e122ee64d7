import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** `kflow trace` and `kflow matrix` over ClusterNetworkPolicies, and the `--cni` profiles. */

const TENANTS = 'test/fixtures/cluster-policies';
const SHOP = ['examples/shop', 'examples/shop-cluster-policies'];

interface JsonHop {
  observationPoint: string;
  decision: string;
  decidingTier?: string;
  derivedFrom: { policy: string; path: string; ruleName?: string; line: number }[];
  tierChain?: { tier: string; outcome: string; priority?: number; action?: string; rules: { policy: string; file: string; line: number }[] }[];
  profileDecisions?: { profile: string; question: string; differsFromGeneric: boolean }[];
}

describe('kflow trace: the tier chain', () => {
  it('shows [Admin prio 10] Pass -> [NetworkPolicy] no rule -> [Baseline prio 20] Deny, each step with its file:line', async () => {
    const r = await runCli(['trace', TENANTS, '--from', 'team-b/api', '--to', 'team-a/web', '--port', '8080']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chain: [Admin prio 10] Pass -> [NetworkPolicy] no rule -> [Baseline prio 20] Deny');
    expect(r.stdout).toMatch(/\[Admin prio 10\] Pass +ClusterNetworkPolicy\/delegate-tenant-traffic spec\.ingress\[1\]\.from\[0\] "pass-tenants" at test\/fixtures\/cluster-policies\/tenants\.yaml:\d+:\d+/);
    await expect(r.stdout).toMatchFileSnapshot('__golden__/trace-tier-chain.txt');
  });

  it('keeps the JSON contract and adds the chain: tier, outcome, priority, action and the rules of each step', async () => {
    const r = await runCli(['trace', TENANTS, '--from', 'team-b/api', '--to', 'team-a/web', '--port', '8080', '--output', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { verdict: string; dropReason: string; profile: string; hops: JsonHop[] };
    expect(body).toMatchObject({ verdict: 'deny', dropReason: 'POLICY_DENIED', profile: 'generic' });
    const ingress = body.hops.find((h) => h.observationPoint === 'ingress')!;
    expect(ingress.decidingTier).toBe('Baseline');
    expect(ingress.derivedFrom).toEqual([expect.objectContaining({ policy: 'ClusterNetworkPolicy/tenant-isolation', path: 'spec.ingress[0].from[0]', ruleName: 'deny-other-tenants' })]);
    expect(ingress.tierChain!.map((s) => [s.tier, s.outcome, s.priority, s.action])).toEqual([
      ['Admin', 'pass', 10, 'Pass'],
      ['NetworkPolicy', 'no-match', undefined, undefined],
      ['Baseline', 'deny', 20, 'Deny'],
    ]);
    expect(ingress.tierChain![0]!.rules[0]).toMatchObject({ policy: 'ClusterNetworkPolicy/delegate-tenant-traffic', file: 'test/fixtures/cluster-policies/tenants.yaml' });
    await expect(r.stdout).toMatchFileSnapshot('__golden__/trace-tier-chain.json');
  });

  it('on the example cluster: Admin Pass hands Prometheus to kube-system\'s own NetworkPolicy', async () => {
    const r = await runCli(['trace', ...SHOP, '--from', 'monitoring/deployment/prometheus', '--to', 'kube-system/deployment/coredns', '--port', '8080']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chain: [Admin prio 10] Pass -> [NetworkPolicy] Deny');
    expect(r.stdout).toContain('"pass-prometheus-to-namespace-policies" at examples/shop-cluster-policies/10-protect-kube-system.yaml:');
    await expect(r.stdout).toMatchFileSnapshot('__golden__/trace-shop-admin-pass.txt');
  });

  it('on the example cluster: the Baseline decides CoreDNS egress, which no NetworkPolicy selects', async () => {
    const r = await runCli(['trace', ...SHOP, '--from', 'kube-system/deployment/coredns', '--to', '8.8.8.8', '--port', '443', '--expect', 'deny']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('denied by the Baseline-tier rule "deny-everything-else" of ClusterNetworkPolicy/kube-system-egress (priority 100)');
  });
});

describe('--cni: CNI semantic profiles', () => {
  // examples/shop README mistake 7 (ipBlock 10.0.0.0/8 covers pod IPs): allowed under the API's
  // semantics, not under Cilium's (CIDR selectors do not match in-cluster endpoints).
  const flow = ['trace', 'examples/shop', '--from', 'payments/deployment/payments', '--to', 'ingress-nginx/deployment/ingress-nginx-controller', '--port', '443'];

  it('the same flow gets different, documented verdicts under two profiles', async () => {
    const generic = await runCli([...flow, '--expect', 'allow']);
    expect(generic.code).toBe(0);
    const cilium = await runCli([...flow, '--cni', 'cilium', '--expect', 'deny']);
    expect(cilium.code).toBe(0);
    expect(cilium.stdout).toContain('profile cilium: ipBlock 10.0.0.0/8 does not select');
    expect(cilium.stdout).toContain('source: cilium/cilium Documentation/security/policy/layer3.rst');
    expect(cilium.stdout).toContain('under the cilium profile (--cni cilium)');
    const json = JSON.parse((await runCli([...flow, '--cni', 'cilium', '--output', 'json'])).stdout) as { profile: string; hops: JsonHop[] };
    expect(json.profile).toBe('cilium');
    expect(json.hops[0]!.profileDecisions).toEqual([expect.objectContaining({ profile: 'cilium', question: 'cidr-selects-pods', differsFromGeneric: true })]);
  });

  it('matrix follows the profile', async () => {
    const rows = async (cni: string): Promise<Record<string, Record<string, boolean>>> =>
      (JSON.parse((await runCli(['matrix', 'examples/shop', '--port', '443', '--output', 'json', '--cni', cni])).stdout) as { allowed: Record<string, Record<string, boolean>> }).allowed;
    const [generic, cilium] = [await rows('generic'), await rows('cilium')];
    const payments = Object.keys(generic).find((k) => k.startsWith('payments/'))!;
    const controller = Object.keys(generic).find((k) => k.startsWith('ingress-nginx/'))!;
    expect(generic[payments]![controller]).toBe(true);
    expect(cilium[payments]![controller]).toBe(false);
    const text = await runCli(['matrix', ...SHOP, '--port', '53', '--protocol', 'UDP', '--cni', 'cilium']);
    expect(text.stdout).toContain('4 cluster policies (--cni cilium: Cilium (default agent options))');
  });

  it('an unknown profile is bad usage (exit 2) with the list of profiles', async () => {
    const r = await runCli([...flow, '--cni', 'flannel']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cni: "flannel" is not a known profile');
    expect(r.stderr).toContain('generic, calico, cilium, ovn-kubernetes, antrea');
  });
});

describe('bad cluster policies are input errors (exit 2), located', () => {
  it('reports the CRD validation errors with file:line and hint', async () => {
    const bad = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: bad}
spec:
  tier: Admin
  priority: 5000
  subject: {namespaces: {}}
  ingress:
  - action: Allow
    from:
    - namespaces: {}
      pods: {podSelector: {}}
`;
    const r = await runCli(['matrix', '-'], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin>:6:3: error CNP_PRIORITY_INVALID');
    expect(r.stderr).toContain('<stdin>:9:5: error CNP_ACTION_INVALID');
    expect(r.stderr).toContain('<stdin>:11:7: error CNP_PEER_INVALID');
    expect(r.stderr).toContain('"Accept"');
  });
});
