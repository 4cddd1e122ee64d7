import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { anp, check, cnp, deploy, netpol, ns, nsNamed } from './check-harness.js';

/**
 * The cluster-policy rules (CNP_*) beyond fire/quiet (rules.test.ts): what the findings say, where
 * they point, and what they show on the example cluster with its cluster policies. Semantics:
 * kubernetes-sigs/network-policy-api apis/v1alpha2 (tiers Admin → NetworkPolicy → Baseline →
 * default allow; priorities lower first; first match wins inside a policy; same priority undefined).
 */

interface JsonFinding {
  code: string;
  severity: string;
  object: string;
  file: string;
  line: number;
  path: string;
  message: string;
  hint: string;
}

const one = (yaml: string, code: string) => {
  const list = check(yaml).findings.filter((f) => f.code === code);
  expect(list, code).toHaveLength(1);
  return list[0]!;
};

const cluster = ns('app') + deploy('app', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]) + deploy('app', 'db', { app: 'db' }) + ns('mon') + deploy('mon', 'prom', { app: 'prom' });
const inApp = nsNamed('app');
const fromMon = nsNamed('mon');
const everyNs = { namespaces: {} };

describe('kflow check examples/shop examples/shop-cluster-policies', async () => {
  const json = async (...paths: string[]) => (JSON.parse((await runCli(['check', ...paths, '--output', 'json'])).stdout) as { findings: JsonFinding[] }).findings;
  const alone = await json('examples/shop');
  const combined = await json('examples/shop', 'examples/shop-cluster-policies');

  it('finds the Baseline default deny every tenant namespace overrides (docs/cluster-network-policies.md), and no other CNP finding', () => {
    const cnpFindings = combined.filter((f) => f.code.startsWith('CNP_'));
    expect(cnpFindings.map((f) => `${f.code} ${f.object} ${f.file}:${f.line} ${f.path}`)).toEqual([
      'CNP_BASELINE_OVERRIDDEN ClusterNetworkPolicy/tenant-default-deny examples/shop-cluster-policies/90-tenant-default-deny.yaml:11 spec.subject',
    ]);
    const f = cnpFindings[0]!;
    expect(f.severity).toBe('info');
    expect(f.message).toContain('never applies for ingress and egress');
    expect(f.message).toContain('(14 pod(s) in data, frontend, payments, shop)');
    expect(f.message).toContain('spec.ingress[0] "deny-from-every-pod", spec.egress[0] "deny-to-every-pod" decide nothing today');
  });

  it('the cluster policies change no other finding', () => {
    const key = (f: JsonFinding) => `${f.code} ${f.object} ${f.file}:${f.line}`;
    expect(combined.filter((f) => !f.code.startsWith('CNP_')).map(key)).toEqual(alone.map(key));
  });

  it('the Pass of protect-kube-system is not flagged: kube-system/coredns has a NetworkPolicy for ingress', () => {
    expect(combined.some((f) => f.code === 'CNP_PASS_NOTHING_BELOW')).toBe(false);
  });
});

describe('CNP_PRIORITY_OVERLAP: wording and location', () => {
  const yaml =
    cluster +
    cnp('allow-mon', 'Admin', 5, { subject: inApp, ingress: [{ name: 'mon', action: 'Accept', from: [fromMon], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] }] }) +
    cnp('lock-app', 'Admin', 5, { subject: inApp, ingress: [{ name: 'deny-all', action: 'Deny', from: [everyNs] }] });

  it('is reported once per pair, on the later policy\'s spec.priority, with both rules related', () => {
    const f = one(yaml, 'CNP_PRIORITY_OVERLAP');
    expect(f.severity).toBe('warning');
    expect(f.object).toBe('ClusterNetworkPolicy/lock-app');
    expect(f.path).toBe('spec.priority');
    expect(f.related?.map((r) => r.message)).toEqual(['ClusterNetworkPolicy/allow-mon spec.ingress[0] "mon" (Accept)', 'ClusterNetworkPolicy/lock-app spec.ingress[0] "deny-all" (Deny)']);
  });

  it('names one connection both decide, replayed in both orders', () => {
    const f = one(yaml, 'CNP_PRIORITY_OVERLAP');
    expect(f.message).toMatch(/ingress to app\/(db|web)-\S+ from mon\/prom-\S+ on 8080\/TCP matches ClusterNetworkPolicy\/allow-mon spec\.ingress\[0\] "mon" \(Accept\) and ClusterNetworkPolicy\/lock-app spec\.ingress\[0\] "deny-all" \(Deny\)/);
    expect(f.message).toContain('with ClusterNetworkPolicy/allow-mon first (kflow\'s order) it is allowed, with ClusterNetworkPolicy/lock-app first denied');
    expect(f.hint).toContain('lower priority number');
  });

  it('Accept vs Pass in the Admin tier: same verdict today, said so', () => {
    const passing = cluster + cnp('a-accept', 'Admin', 5, { subject: inApp, ingress: [{ action: 'Accept', from: [fromMon] }] }) + cnp('b-pass', 'Admin', 5, { subject: inApp, ingress: [{ action: 'Pass', from: [fromMon] }] });
    const f = one(passing, 'CNP_PRIORITY_OVERLAP');
    expect(f.message).toContain('either order allows it today, but the rule that decides differs');
  });

  it('the load-time tie note is info (hidden without -v), so the CLI says it once', async () => {
    const r = await runCli(['check', '-'], yaml);
    expect(r.stdout).toContain('CNP_PRIORITY_OVERLAP');
    expect(r.stderr).not.toContain('CNP_PRIORITY_TIE');
    const verbose = await runCli(['check', '-', '-v'], yaml);
    expect(verbose.stderr).toContain('info CNP_PRIORITY_TIE');
  });
});

describe('CNP_RULE_SHADOWED: wording and location', () => {
  it('points at the shadowed rule and names the rule that decides first, with its location', () => {
    const yaml = cluster + cnp('first', 'Admin', 10, { subject: inApp, ingress: [{ name: 'deny-all', action: 'Deny', from: [everyNs] }] }) + cnp('second', 'Admin', 20, { subject: inApp, ingress: [{ name: 'allow-mon', action: 'Accept', from: [fromMon] }] });
    const f = one(yaml, 'CNP_RULE_SHADOWED');
    expect(f.severity).toBe('warning');
    expect(f.object).toBe('ClusterNetworkPolicy/second');
    expect(f.path).toBe('spec.ingress[0]');
    expect(f.message).toContain('spec.ingress[0] "allow-mon" (Accept) of ClusterNetworkPolicy/second can never decide anything');
    expect(f.message).toContain('decided first by ClusterNetworkPolicy/first spec.ingress[0] "deny-all" (Admin prio 10, Deny)');
    expect(f.related?.map((r) => `${r.path} ${r.message}`)).toEqual(['spec.ingress[0] decided first by ClusterNetworkPolicy/first spec.ingress[0] "deny-all" (Admin prio 10, Deny)']);
  });

  it('a Baseline rule some of whose pods NetworkPolicies isolate, the rest decided by the Admin tier: says both', () => {
    const yaml =
      cluster +
      netpol('app', 'web-in', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] }) +
      cnp('lock', 'Admin', 10, { subject: inApp, ingress: [{ action: 'Deny', from: [fromMon] }] }) +
      cnp('base', 'Baseline', 10, { subject: inApp, ingress: [{ name: 'allow-mon', action: 'Accept', from: [fromMon] }] });
    const f = one(yaml, 'CNP_RULE_SHADOWED');
    expect(f.message).toContain('decided first by ClusterNetworkPolicy/lock spec.ingress[0] (Admin prio 10, Deny)');
    expect(f.message).toContain('its other 1 pod(s) are isolated by NetworkPolicies for ingress');
    expect(check(yaml).findings.some((x) => x.code === 'CNP_BASELINE_OVERRIDDEN')).toBe(false);
  });
});

describe('CNP_PASS_NOTHING_BELOW: wording', () => {
  it('says the Pass acts as Accept, names the pods, and the fix in the policy\'s own vocabulary', () => {
    const f = one(cluster + anp('pass-mon', 10, { subject: inApp, ingress: [{ name: 'pass-mon', action: 'Pass', from: [fromMon] }] }), 'CNP_PASS_NOTHING_BELOW');
    expect(f.severity).toBe('warning');
    expect(f.object).toBe('AdminNetworkPolicy/pass-mon');
    expect(f.path).toBe('spec.ingress[0]');
    expect(f.message).toMatch(/passes ingress traffic to 2 pod\(s\) \(app\/db-\S+, app\/web-\S+\) that no NetworkPolicy selects for ingress and no Baseline-tier rule matches/);
    expect(f.message).toContain('exactly as if the rule said Allow');
    expect(f.hint).toContain('add NetworkPolicies in app that select these pods for ingress');
    expect(f.hint).toContain('write Allow');
  });
});

describe('CNP_BASELINE_OVERRIDDEN: wording', () => {
  it('one finding per policy, naming the overridden directions and the NetworkPolicies that isolate', () => {
    const yaml =
      cluster +
      netpol('app', 'deny-in', { podSelector: {}, policyTypes: ['Ingress'] }) +
      cnp('base', 'Baseline', 10, { subject: inApp, ingress: [{ name: 'deny-in', action: 'Deny', from: [everyNs] }], egress: [{ name: 'deny-out', action: 'Deny', to: [everyNs] }] });
    const f = one(yaml, 'CNP_BASELINE_OVERRIDDEN');
    expect(f.severity).toBe('info');
    expect(f.path).toBe('spec.subject');
    expect(f.message).toContain('Baseline-tier ClusterNetworkPolicy/base never applies for ingress:');
    expect(f.message).toContain('spec.ingress[0] "deny-in" decides nothing today');
    expect(f.message).not.toContain('deny-out');
    expect(f.related?.map((r) => r.message)).toEqual(['NetworkPolicy/app/deny-in isolates the pods in app for ingress']);
  });
});
