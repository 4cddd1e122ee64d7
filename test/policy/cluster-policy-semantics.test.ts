import { describe, expect, it } from 'vitest';
import { cnp, inRule, outRule } from './cluster-conformance-world.js';
import { IMPLEMENTATIONS } from './implementations.js';

/**
 * ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy semantics from the
 * network-policy-api documentation (apis/v1alpha2 field docs, site-src/api-overview.md), one table
 * run against every implementation of the shared suite (naive oracle, per-connection evaluator,
 * bitset matrix), like network-policy-semantics.test.ts does for NetworkPolicy.
 *
 *   ns "shop" (team=retail): shop/web (app=web; http 8080/TCP, stats 9090/UDP), shop/api (app=api)
 *   ns "data" (team=data):   data/db (app=db; postgres 5432/TCP, on node-1), data/cache
 *   ns "sys":                sys/agent (hostNetwork on node-1, 192.168.0.1)
 *   Node node-1 (role=infra, 192.168.0.1), node-2 (192.168.0.2)
 */

const all = { namespaces: {} };
const nsNamed = (name: string): object => ({ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const pods = (ns: string, app: string): object => ({ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: { matchLabels: { app } } } });
const tcp = (n: number): object => ({ tcp: { destinationPort: { number: n } } });

function pod(key: string, labels: Record<string, string>, ip: string, extra: { ports?: object[]; hostNetwork?: boolean; nodeName?: string } = {}): object {
  const [namespace, name] = key.split('/');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { nodeName: extra.nodeName ?? 'node-2', ...(extra.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'main', image: 'x', ports: extra.ports ?? [] }] },
    status: { podIP: ip },
  };
}

const base: object[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'retail' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'data', labels: { team: 'data' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sys' } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { role: 'infra' } }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }] } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2', labels: {} }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.2' }] } },
  pod('shop/web', { app: 'web' }, '10.1.0.1', { ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'stats', containerPort: 9090, protocol: 'UDP' }] }),
  pod('shop/api', { app: 'api' }, '10.1.0.2'),
  pod('data/db', { app: 'db' }, '10.2.0.3', { ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }], nodeName: 'node-1' }),
  pod('data/cache', { app: 'cache' }, '10.2.0.4'),
  pod('sys/agent', { app: 'agent' }, '192.168.0.1', { hostNetwork: true, nodeName: 'node-1' }),
];

function np(namespace: string, name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** data/db isolated for ingress, allowing only shop/api on 5432. */
const dbOnlyFromApi = np('data', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'retail' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }] });

function anp(name: string, priority: number, subject: object, rules: { ingress?: object[]; egress?: object[] }): object {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec: { priority, subject, ...rules } };
}

function banp(subject: object, rules: { ingress?: object[]; egress?: object[] }): object {
  return { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject, ...rules } };
}

describe.each(IMPLEMENTATIONS)('cluster policy semantics — $name', ({ allowed }) => {
  describe('tiers', () => {
    // api-overview.md, Tiers: the Admin tier "a developer CANNOT override"; Deny: "No further
    // ClusterNetworkPolicy or NetworkPolicy rules will be processed".
    it('an Admin Deny wins over a NetworkPolicy allow', () => {
      const objects = [...base, dbOnlyFromApi, cnp('no-db', 'Admin', 5, nsNamed('data'), { ingress: [inRule('deny-shop', 'Deny', [nsNamed('shop')])] })];
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(false);
    });

    // Accept: "No further ingress ClusterNetworkPolicy or NetworkPolicy rules will be processed".
    it('an Admin Accept wins over NetworkPolicy isolation', () => {
      const objects = [...base, dbOnlyFromApi, cnp('web-to-db', 'Admin', 5, nsNamed('data'), { ingress: [inRule('from-web', 'Accept', [pods('shop', 'web')])] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/cache', 'data/db', 5432, 'TCP')).toBe(false);
    });

    // Egress Accept: "No further egress ClusterNetworkPolicy or NetworkPolicy rules will be
    // processed but any ingress rules at the destination do apply".
    it('an egress Accept does not bypass ingress policy at the destination', () => {
      const objects = [...base, dbOnlyFromApi, cnp('shop-out', 'Admin', 5, nsNamed('shop'), { egress: [outRule('to-data', 'Accept', [nsNamed('data')])] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/cache', 5432, 'TCP')).toBe(true);
    });

    // Pass: "Skips all further ClusterNetworkPolicy rules in the current tier ... and passes
    // evaluation to the next tier"; NetworkPolicy "always makes a final decision for selected pods".
    it('Pass hands the decision to NetworkPolicy when one selects the pod', () => {
      const objects = [
        ...base,
        dbOnlyFromApi,
        cnp('delegate', 'Admin', 5, nsNamed('data'), { ingress: [inRule('pass-shop', 'Pass', [nsNamed('shop')]), inRule('deny-rest', 'Deny', [all])] }),
        cnp('baseline', 'Baseline', 5, nsNamed('data'), { ingress: [inRule('deny-all', 'Deny', [all])] }),
      ];
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(true); // NetworkPolicy allows
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false); // NetworkPolicy isolates
      expect(allowed(objects, 'data/cache', 'data/db', 5432, 'TCP')).toBe(false); // Admin deny-rest
    });

    it('Pass with no NetworkPolicy goes to the Baseline tier, and past it to the default allow', () => {
      const admin = cnp('delegate', 'Admin', 5, nsNamed('data'), { ingress: [inRule('pass-shop', 'Pass', [nsNamed('shop')])] });
      const baseline = cnp('baseline', 'Baseline', 5, nsNamed('data'), { ingress: [inRule('deny-web', 'Deny', [pods('shop', 'web')])] });
      expect(allowed([...base, admin, baseline], 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed([...base, admin, baseline], 'shop/api', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed([...base, admin], 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
    });

    // Baseline "can be overridden by the v1.NetworkPolicy".
    it('the Baseline tier never decides for a pod a NetworkPolicy selects', () => {
      const objects = [...base, dbOnlyFromApi, cnp('baseline', 'Baseline', 5, nsNamed('data'), { ingress: [inRule('allow-all', 'Accept', [all])] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/cache', 5432, 'TCP')).toBe(true);
    });

    // v1alpha2 blog post: "Supporting Pass action in ClusterNetworkPolicy with tier=Baseline to allow
    // skipping all further rules in the Baseline tier" — then the default allows.
    it('a Baseline Pass skips the rest of the Baseline tier', () => {
      const objects = [
        ...base,
        cnp('a-first', 'Baseline', 5, nsNamed('data'), { ingress: [inRule('pass-web', 'Pass', [pods('shop', 'web')])] }),
        cnp('b-second', 'Baseline', 6, nsNamed('data'), { ingress: [inRule('deny-all', 'Deny', [all])] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(false);
    });
  });

  describe('priorities and rule order', () => {
    // ClusterNetworkPolicySpec.priority: "Policies with lower priority values have higher precedence".
    it('lower priority values are evaluated first, whatever the input order', () => {
      const objects = [
        ...base,
        cnp('late', 'Admin', 20, nsNamed('data'), { ingress: [inRule('allow', 'Accept', [all])] }),
        cnp('early', 'Admin', 10, nsNamed('data'), { ingress: [inRule('deny', 'Deny', [all])] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
    });

    // Ingress: "a rule that appears at the top of the ingress rules would take the highest precedence".
    it('the first matching rule of a policy decides', () => {
      const rules = [inRule('allow-web', 'Accept', [pods('shop', 'web')]), inRule('deny-shop', 'Deny', [nsNamed('shop')])];
      const objects = [...base, cnp('p', 'Admin', 10, nsNamed('data'), { ingress: rules })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(false);
      const swapped = [...base, cnp('p', 'Admin', 10, nsNamed('data'), { ingress: [rules[1]!, rules[0]!] })];
      expect(allowed(swapped, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
    });

    // Same priority: undefined upstream; kflow evaluates by Kind/name (docs/cni-profiles.md).
    it('same-priority ties are broken by Kind/name, deterministically', () => {
      const objects = [
        ...base,
        cnp('b-deny', 'Admin', 10, nsNamed('data'), { ingress: [inRule('deny', 'Deny', [all])] }),
        cnp('a-allow', 'Admin', 10, nsNamed('data'), { ingress: [inRule('allow', 'Accept', [all])] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
    });
  });

  describe('subjects and peers', () => {
    // "Note that host-networked pods are not included in subject selection" / "in this type of peer".
    it('hostNetwork pods are never subjects, nor matched by namespaces/pods peers', () => {
      const denyAll = cnp('deny-all', 'Admin', 1, { namespaces: {} }, { ingress: [inRule('deny', 'Deny', [all])], egress: [outRule('deny', 'Deny', [all])] });
      expect(allowed([...base, denyAll], 'sys/agent', 'shop/api', 80, 'TCP')).toBe(true); // not a subject; not a peer of shop/api's ingress
      expect(allowed([...base, denyAll], 'shop/web', 'sys/agent', 80, 'TCP')).toBe(true);
      expect(allowed([...base, denyAll], 'shop/web', 'shop/api', 80, 'TCP')).toBe(false);
    });

    // NamespacedPod.namespaceSelector (v1alpha2, optional): "if empty, it selects all Namespaces".
    it('a pods subject without namespaceSelector covers every namespace', () => {
      const objects = [...base, cnp('dbs', 'Admin', 1, { pods: { podSelector: { matchLabels: { app: 'db' } } } }, { ingress: [inRule('deny', 'Deny', [all])] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/cache', 5432, 'TCP')).toBe(true);
    });

    // Networks: "cluster-internal traffic will be checked against the rule as well".
    it('networks match pod IPs, and node addresses (hostNetwork pods)', () => {
      const objects = [...base, cnp('cidr', 'Admin', 1, nsNamed('shop'), { egress: [outRule('deny-10-2', 'Deny', [{ networks: ['10.2.0.0/16'] }]), outRule('deny-nodes', 'Deny', [{ networks: ['192.168.0.0/24'] }])] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'shop/api', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'sys/agent', 22, 'TCP')).toBe(false);
    });

    // Nodes: "matching on the IPs present in the node.Status.Addresses field of the node".
    it('nodes peers match the addresses of the selected Nodes', () => {
      const objects = [...base, cnp('infra', 'Admin', 1, nsNamed('shop'), { egress: [outRule('deny-infra', 'Deny', [{ nodes: { matchLabels: { role: 'infra' } } }])] })];
      expect(allowed(objects, 'shop/web', 'sys/agent', 10250, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
    });

    // DomainName peers name destinations outside the cluster; a pod is never one.
    it('domainNames never match a pod', () => {
      const objects = [
        ...base,
        cnp('dns-allow', 'Admin', 1, nsNamed('shop'), { egress: [outRule('allow-names', 'Accept', [{ domainNames: ['*.data.svc.cluster.local', 'db.data'] }]), outRule('deny-rest', 'Deny', [all])] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
    });

    // api-overview.md: "A Pod connecting to its own Pod IP is not subject to CNP."
    it('a pod always reaches itself', () => {
      const objects = [...base, cnp('deny-all', 'Admin', 1, nsNamed('shop'), { ingress: [inRule('deny', 'Deny', [all])], egress: [outRule('deny', 'Deny', [all])] })];
      expect(allowed(objects, 'shop/web', 'shop/web', 8080, 'TCP')).toBe(true);
    });
  });

  describe('ports', () => {
    // DestinationNamedPort "selects a destination port on a pod based on the ContainerPort name".
    it("a named port matches the destination container port of that name in that port's protocol", () => {
      const objects = [...base, cnp('named', 'Admin', 1, nsNamed('shop'), { ingress: [inRule('deny-stats', 'Deny', [all], [{ destinationNamedPort: 'stats' }])] })];
      expect(allowed(objects, 'data/db', 'shop/web', 9090, 'UDP')).toBe(false);
      expect(allowed(objects, 'data/db', 'shop/web', 9090, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/db', 'shop/api', 9090, 'UDP')).toBe(true); // api has no port named stats
    });

    // PortRange: "an inclusive range of ports from the assigned Start value to End value".
    it('ranges are inclusive; protocols must match', () => {
      const objects = [...base, cnp('range', 'Admin', 1, nsNamed('data'), { ingress: [inRule('deny', 'Deny', [all], [{ tcp: { destinationPort: { range: { start: 5000, end: 5432 } } } }, tcp(80)])] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/db', 5000, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/db', 5433, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'UDP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'data/db', 80, 'TCP')).toBe(false);
    });
  });

  describe('v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
    it('map onto the Admin and Baseline tiers (Allow = Accept)', () => {
      const objects = [
        ...base,
        dbOnlyFromApi,
        anp('admin', 10, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, { ingress: [{ name: 'allow-web', action: 'Allow', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } }], ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }] }] }),
        banp({ namespaces: {} }, { ingress: [{ name: 'deny-shop', action: 'Deny', from: [{ namespaces: { matchLabels: { team: 'retail' } } }] }] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true); // ANP Allow over NP isolation
      expect(allowed(objects, 'shop/api', 'data/cache', 5432, 'TCP')).toBe(false); // BANP (cache not isolated)
      expect(allowed(objects, 'data/db', 'data/cache', 5432, 'TCP')).toBe(true);
    });

    // kflow: a BANP has no priority; it is evaluated after every Baseline ClusterNetworkPolicy.
    it('a BaselineAdminNetworkPolicy comes after every Baseline ClusterNetworkPolicy', () => {
      const objects = [
        ...base,
        banp({ namespaces: {} }, { ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: {} }] }] }),
        cnp('baseline-1000', 'Baseline', 1000, nsNamed('data'), { ingress: [inRule('allow-web', 'Accept', [pods('shop', 'web')])] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/cache', 1, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/api', 'data/cache', 1, 'TCP')).toBe(false);
    });
  });
});
