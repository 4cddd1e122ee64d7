import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/index.js';
import { iptablesNatCountPerNode, readKubeProxyConfig } from '../../src/analysis/check/rules/kproxy-iptables-scale.js';
import {
  FIXED_NAT_CHAINS,
  FIXED_NAT_RULES,
  type IptablesProxierSettings,
  type IptablesServicePort,
  iptablesNatCount,
  servicePortNatCount,
} from '../../src/analysis/check/rules/iptables-rule-count.js';

/**
 * kube-proxy's nat table, counted by hand from pkg/proxy/iptables/proxier.go syncProxyRules and
 * writeServiceToEndpointRules (each case spells the rules out).
 */
const kubeadm: IptablesProxierSettings = { masqueradeAll: false, localDetector: true, nodePortTailRules: 1 };

/** A ClusterIP port with `n` ready endpoints, Cluster policies, no affinity. */
const clusterIp = (n: number, over: Partial<IptablesServicePort> = {}): IptablesServicePort => ({
  endpoints: n,
  hasEndpoints: n > 0,
  clusterEndpoints: n,
  localEndpoints: 0,
  reachableEndpoints: n,
  usesClusterEndpoints: true,
  usesLocalEndpoints: false,
  internalPolicyLocal: false,
  externalPolicyLocal: false,
  externallyAccessible: false,
  externalIPs: 0,
  loadBalancerVIPs: 0,
  loadBalancerSourceRanges: 0,
  sourceRangesContainNodeIP: false,
  hasNodePort: false,
  sessionAffinityClientIP: false,
  ...over,
});

describe('servicePortNatCount: one Service port on one node', () => {
  it.each([
    {
      name: 'ClusterIP, 3 endpoints: KUBE-SERVICES 1 + masquerade 1 + KUBE-SVC 3 + 3 KUBE-SEP × 2',
      port: clusterIp(3),
      rules: 1 + 1 + 3 + 6,
      chains: 1 + 3,
    },
    {
      name: 'ClusterIP with ClientIP affinity: KUBE-SVC gets a recent --rcheck rule per endpoint',
      port: clusterIp(3, { sessionAffinityClientIP: true }),
      rules: 1 + 1 + 6 + 6,
      chains: 4,
    },
    {
      name: 'no usable endpoint anywhere: nothing in nat (REJECT lives in filter)',
      port: clusterIp(0, { endpoints: 2 }),
      rules: 0,
      chains: 0,
    },
    {
      name: 'NodePort, Cluster, 2 endpoints: + KUBE-NODEPORTS 1 + KUBE-EXT (masquerade, jump)',
      port: clusterIp(2, { externallyAccessible: true, hasNodePort: true }),
      rules: 1 + 1 + 1 + 2 + 2 + 4,
      chains: 1 + 1 + 2,
    },
    {
      name: 'LoadBalancer, Local, 3 endpoints, 1 on this node: KUBE-SERVICES 2 (VIP, LB IP), nodeport 1, masq 1, KUBE-EXT 4, KUBE-SVC 3, KUBE-SVL 1, 3 KUBE-SEP',
      port: clusterIp(3, { externallyAccessible: true, externalPolicyLocal: true, usesLocalEndpoints: true, localEndpoints: 1, loadBalancerVIPs: 1, hasNodePort: true }),
      rules: 2 + 1 + 1 + 4 + 3 + 1 + 6,
      chains: 1 + 1 + 1 + 3,
    },
    {
      name: 'LoadBalancer, Local, no endpoint on this node: KUBE-EXT without the final jump, no KUBE-SVL',
      port: clusterIp(3, { externallyAccessible: true, externalPolicyLocal: true, usesLocalEndpoints: true, localEndpoints: 0, loadBalancerVIPs: 1, hasNodePort: true }),
      rules: 2 + 1 + 1 + 3 + 3 + 6,
      chains: 1 + 1 + 3,
    },
    {
      name: 'loadBalancerSourceRanges (2, not containing the node): KUBE-FW with 2 + 1 rules',
      port: clusterIp(1, { externallyAccessible: true, loadBalancerVIPs: 1, loadBalancerSourceRanges: 2, hasNodePort: true }),
      rules: 2 + 1 + 1 + 2 + 3 + 1 + 2,
      chains: 1 + 1 + 1 + 1,
    },
    {
      name: 'internalTrafficPolicy Local without a local endpoint: no ClusterIP capture (DROP in filter), no masquerade',
      port: clusterIp(2, { internalPolicyLocal: true, usesClusterEndpoints: false, usesLocalEndpoints: true, clusterEndpoints: 0, localEndpoints: 0, reachableEndpoints: 0 }),
      rules: 0,
      chains: 0,
    },
    {
      name: 'two external IPs: one KUBE-SERVICES rule each, and a KUBE-EXT chain',
      port: clusterIp(1, { externallyAccessible: true, externalIPs: 2 }),
      rules: 3 + 1 + 2 + 1 + 2,
      chains: 1 + 1 + 1,
    },
  ])('$name', ({ port, rules, chains }) => {
    const c = servicePortNatCount(port, kubeadm);
    expect(c.rules).toBe(rules);
    expect(c.chains).toBe(chains);
  });

  it('without a local-traffic detector or masqueradeAll the ClusterIP masquerade rule is not written', () => {
    expect(servicePortNatCount(clusterIp(3), { masqueradeAll: false, localDetector: false, nodePortTailRules: 1 }).rules).toBe(1 + 3 + 6);
  });
});

describe('iptablesNatCount: the whole table', () => {
  it('adds the fixed chains and rules and the KUBE-NODEPORTS tail rule', () => {
    const c = iptablesNatCount([clusterIp(3), clusterIp(2)], kubeadm);
    expect(c.rules).toBe(FIXED_NAT_RULES + 1 + 11 + 8);
    expect(c.chains).toBe(FIXED_NAT_CHAINS + 4 + 3);
    expect(c.kubeServicesRules).toBe(1 + 2);
    expect(c.endpointChains).toBe(5);
    expect(c.totalEndpoints).toBe(5);
    expect(c.largeClusterMode).toBe(false);
  });

  it('large-cluster mode above 1000 endpoints (largeClusterEndpointsThreshold), counting every endpoint', () => {
    expect(iptablesNatCount([clusterIp(1000)], kubeadm).largeClusterMode).toBe(false);
    expect(iptablesNatCount([clusterIp(600), clusterIp(0, { endpoints: 401 })], kubeadm).largeClusterMode).toBe(true);
  });
});

describe('examples/shop, counted through the Services layer', () => {
  const dir = 'examples/shop';
  const { snapshot } = loadSnapshot(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: `${dir}/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') })));
  it('reads kube-proxy\'s mode and settings from kube-system/kube-proxy config.conf', () => {
    const cfg = readKubeProxyConfig(snapshot)!;
    expect(cfg.mode).toBe('iptables');
    expect(cfg.settings).toEqual({ masqueradeAll: false, localDetector: true, nodePortTailRules: 1 });
    expect(`${cfg.modeAt.file}:${cfg.modeAt.line}`).toBe('examples/shop/kube-system.yaml:146');
  });
  it('133 nat rules in 50 chains on every node', () => {
    // kube-dns 3 ports × 2 endpoints: 3 × 8; ingress-nginx LB (Local, one local endpoint per node) 2 × 18;
    // ingress-nginx internal NodePort 2 × 14; web, api 11 each; payments 8; postgres-primary, redis 5 each;
    // catalog and prometheus have no endpoints (0); postgres is headless (not proxied); + 5 fixed.
    const counts = iptablesNatCountPerNode(snapshot, readKubeProxyConfig(snapshot)!.settings);
    expect(counts.map((c) => c.node)).toEqual(['node-a', 'node-b', 'node-c']);
    for (const c of counts) {
      expect(c.services).toBe(10);
      expect(c.ports).toBe(14);
      expect(c.count).toEqual({ rules: 133, chains: 50, kubeServicesRules: 15, endpointChains: 28, totalEndpoints: 28, largeClusterMode: false });
    }
  });
});
