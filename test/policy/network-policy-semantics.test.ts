import { describe, it, expect } from 'vitest';

/**
 * NetworkPolicy semantics from the networking.k8s.io/v1 API reference, one table of cases run
 * against every implementation: the naive oracle, the engine's per-connection evaluator (used by
 * trace) and the engine's identity bitset matrix (used by matrix).
 */
import { naiveMatrix } from '../../bench/naive/naive-evaluator.js';
import { IMPLEMENTATIONS } from './implementations.js';

// A small cluster, independent of the e2e model.
//   ns "shop" (team=retail): shop/web (app=web, tier=front, 10.1.0.1, fd00::1; ports http/8080 TCP, stats/9090 UDP)
//                            shop/api (app=api, 10.1.0.2; ports http/8080 UDP, grpc/9000 TCP)
//   ns "data":               data/db (app=db, env=prod, 10.2.0.3)
//                            data/cache (no labels, 10.2.0.4)
//   ns "sys":                sys/agent (hostNetwork, on node-1, node IP 192.168.0.1)
//   shop/pending has no IP.

function ns(name: string, labels: Record<string, string> = {}): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

interface PodOptions {
  labels?: Record<string, string>;
  ips?: string[];
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  hostNetwork?: boolean;
  nodeName?: string;
}

function pod(key: string, options: PodOptions = {}): object {
  const [namespace, name] = key.split('/');
  const ips = options.ips ?? [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: options.labels ?? {} },
    spec: {
      nodeName: options.nodeName ?? 'node-2',
      ...(options.hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: 'main', image: 'example', ports: options.ports ?? [] }],
    },
    status: ips.length > 0 ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {},
  };
}

function policy(namespace: string, name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

const base: object[] = [
  ns('shop', { team: 'retail' }),
  ns('data'),
  ns('sys'),
  pod('shop/web', {
    labels: { app: 'web', tier: 'front' },
    ips: ['10.1.0.1', 'fd00::1'],
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'stats', containerPort: 9090, protocol: 'UDP' },
    ],
  }),
  pod('shop/api', {
    labels: { app: 'api' },
    ips: ['10.1.0.2'],
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'UDP' },
      { name: 'grpc', containerPort: 9000 },
    ],
  }),
  pod('data/db', { labels: { app: 'db', env: 'prod' }, ips: ['10.2.0.3'] }),
  pod('data/cache', { ips: ['10.2.0.4'] }),
  pod('sys/agent', { labels: { app: 'agent' }, ips: ['192.168.0.1'], hostNetwork: true, nodeName: 'node-1' }),
  { ...(pod('shop/pending', { labels: { app: 'web' } }) as Record<string, unknown>), status: { phase: 'Pending' } },
];

/** Ingress to data/db allowed only from peers matching `from`. */
function dbIngressFrom(from: object[]): object[] {
  return [...base, policy('data', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from }] })];
}

describe.each(IMPLEMENTATIONS)('$name', ({ allowed }) => {
  describe('label selectors', () => {
    // API reference, LabelSelector: "matchLabels ... and matchExpressions ... are ANDed";
    // LabelSelectorRequirement operators In, NotIn, Exists, DoesNotExist.
    it('In requires the key with one of the values', () => {
      const objects = dbIngressFrom([
        { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'x'] }] } },
      ]);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'data/cache', 'data/db', 5432, 'TCP')).toBe(false); // lacks the key
    });

    it('NotIn matches objects that lack the key', () => {
      const objects = dbIngressFrom([
        { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } },
      ]);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/cache', 'data/db', 5432, 'TCP')).toBe(true); // no "app" label
    });

    it('Exists and DoesNotExist look only at the key (DoesNotExist matches objects lacking it)', () => {
      const exists = dbIngressFrom([{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } }]);
      expect(allowed(exists, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(exists, 'shop/api', 'data/db', 5432, 'TCP')).toBe(false);
      const absent = dbIngressFrom([
        { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } },
      ]);
      expect(allowed(absent, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      expect(allowed(absent, 'shop/api', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(absent, 'data/cache', 'data/db', 5432, 'TCP')).toBe(true);
    });

    it('matchLabels and matchExpressions are ANDed', () => {
      const objects = dbIngressFrom([
        {
          namespaceSelector: {},
          podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] },
        },
      ]);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
    });

    it('namespaceSelector matches kubernetes.io/metadata.name, which the API server always sets', () => {
      const objects = dbIngressFrom([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }]);
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/cache', 'data/db', 5432, 'TCP')).toBe(false);
    });
  });

  describe('peers', () => {
    // NetworkPolicyPeer: podSelector alone selects pods in the policy's namespace; namespaceSelector
    // alone selects all pods in the selected namespaces; both = those pods in those namespaces.
    it('podSelector alone selects pods in the policy namespace only', () => {
      const objects = dbIngressFrom([{ podSelector: {} }]);
      expect(allowed(objects, 'data/cache', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
    });

    it('namespaceSelector and podSelector in one peer are ANDed; separate peers are ORed', () => {
      const and = dbIngressFrom([{ namespaceSelector: { matchLabels: { team: 'retail' } }, podSelector: { matchLabels: { app: 'api' } } }]);
      expect(allowed(and, 'shop/api', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(and, 'shop/web', 'data/db', 5432, 'TCP')).toBe(false);
      const or = dbIngressFrom([{ namespaceSelector: { matchLabels: { team: 'retail' } } }, { podSelector: { matchLabels: { app: 'nope' } } }]);
      expect(allowed(or, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(or, 'data/cache', 'data/db', 5432, 'TCP')).toBe(false);
    });

    it('an empty from list (or a rule without from) allows every source', () => {
      const objects = [...base, policy('data', 'open', { podSelector: {}, ingress: [{ from: [] }] })];
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
    });
  });

  describe('ipBlock', () => {
    // IPBlock: "cidr ... except ... CIDRs that should not be included within this rule".
    it('cidr minus except, against the pod IP', () => {
      const objects = dbIngressFrom([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.2/32'] } }]);
      expect(allowed(objects, 'shop/web', 'data/db', 5432, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/api', 'data/db', 5432, 'TCP')).toBe(false);
    });

    it('IPv6 blocks match IPv6 addresses only', () => {
      const egress = [
        ...base,
        policy('data', 'to-v6', {
          podSelector: { matchLabels: { app: 'db' } },
          policyTypes: ['Egress'],
          egress: [{ to: [{ ipBlock: { cidr: 'fd00::/64', except: ['fd00::2/128'] } }] }],
        }),
      ];
      // shop/web is dual-stack but its primary IP is IPv4, so traffic to it is IPv4.
      expect(allowed(egress, 'data/db', 'shop/web', 8080, 'TCP')).toBe(false);
      const v6web = base.map((o) =>
        (o as { metadata: { name: string } }).metadata.name === 'web'
          ? pod('shop/web', { labels: { app: 'web' }, ips: ['fd00::1', '10.1.0.1'] })
          : o,
      );
      const egress6 = [...v6web, ...egress.slice(base.length)];
      expect(allowed(egress6, 'data/db', 'shop/web', 8080, 'TCP')).toBe(true);
    });
  });

  describe('ports', () => {
    // NetworkPolicyPort: protocol defaults to TCP; a missing port matches every port of the protocol;
    // a named port is looked up on the destination pod, and name and protocol must both match.
    it('a named port must match name AND protocol on the destination pod', () => {
      const objects = [
        ...base,
        policy('shop', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'http', protocol: 'UDP' }] }] }),
      ];
      // shop/web's "http" is TCP 8080: a UDP rule for "http" opens nothing there, in either protocol.
      expect(allowed(objects, 'data/db', 'shop/web', 8080, 'UDP')).toBe(false);
      expect(allowed(objects, 'data/db', 'shop/web', 8080, 'TCP')).toBe(false);
      // shop/api's "http" is UDP 8080: the same rule opens it.
      expect(allowed(objects, 'data/db', 'shop/api', 8080, 'UDP')).toBe(true);
    });

    it('a named port in an egress rule resolves against the destination, not the source', () => {
      const objects = [
        ...base,
        policy('data', 'egress-named', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'grpc' }] }] }),
      ];
      expect(allowed(objects, 'data/db', 'shop/api', 9000, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/db', 'shop/web', 9000, 'TCP')).toBe(false);
    });

    it('protocol defaults to TCP; a port-less entry matches every port of its protocol', () => {
      const objects = [...base, policy('shop', 'udp-only', { podSelector: {}, ingress: [{ ports: [{ protocol: 'UDP' }] }] })];
      expect(allowed(objects, 'data/db', 'shop/web', 1234, 'UDP')).toBe(true);
      expect(allowed(objects, 'data/db', 'shop/web', 1234, 'TCP')).toBe(false);
      const tcp = [...base, policy('shop', 'p80', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] })];
      expect(allowed(tcp, 'data/db', 'shop/web', 80, 'TCP')).toBe(true);
      expect(allowed(tcp, 'data/db', 'shop/web', 80, 'SCTP')).toBe(false);
    });

    it('endPort makes an inclusive range', () => {
      const objects = [...base, policy('shop', 'range', { podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8080 }] }] })];
      expect(allowed(objects, 'data/db', 'shop/web', 7999, 'TCP')).toBe(false);
      expect(allowed(objects, 'data/db', 'shop/web', 8000, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/db', 'shop/web', 8080, 'TCP')).toBe(true);
      expect(allowed(objects, 'data/db', 'shop/web', 8081, 'TCP')).toBe(false);
    });
  });

  describe('isolation and policyTypes', () => {
    // NetworkPolicySpec.policyTypes: unset = Ingress, plus Egress when the policy has egress rules
    // (API server defaulting: len(spec.egress) != 0).
    it('egress: [] without policyTypes does not isolate for egress, but does isolate for ingress', () => {
      const objects = [...base, policy('data', 'p', { podSelector: { matchLabels: { app: 'db' } }, egress: [] })];
      expect(allowed(objects, 'data/db', 'shop/web', 80, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'data/db', 80, 'TCP')).toBe(false);
    });

    it('egress rules without policyTypes isolate for egress too', () => {
      const objects = [
        ...base,
        policy('data', 'p', { podSelector: { matchLabels: { app: 'db' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }),
      ];
      expect(allowed(objects, 'data/db', 'shop/web', 80, 'TCP')).toBe(false);
      expect(allowed(objects, 'data/db', 'shop/web', 53, 'UDP')).toBe(true);
    });

    it('allowed traffic is the union of the rules of all policies selecting the pod', () => {
      const objects = [
        ...base,
        policy('data', 'a', { podSelector: {}, ingress: [{ ports: [{ port: 1 }] }] }),
        policy('data', 'b', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 2 }] }] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 1, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'data/db', 2, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'data/db', 3, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'data/cache', 2, 'TCP')).toBe(false);
    });

    it('needs egress at the source AND ingress at the destination; a pod always reaches itself', () => {
      const objects = [
        ...base,
        policy('shop', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      ];
      expect(allowed(objects, 'shop/web', 'data/db', 80, 'TCP')).toBe(false);
      expect(allowed(objects, 'data/db', 'shop/web', 80, 'TCP')).toBe(false);
      expect(allowed(objects, 'shop/web', 'shop/web', 80, 'TCP')).toBe(true);
    });
  });

  describe('hostNetwork pods', () => {
    it('are never isolated', () => {
      const objects = [...base, policy('sys', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })];
      expect(allowed(objects, 'sys/agent', 'shop/web', 80, 'TCP')).toBe(true);
      expect(allowed(objects, 'shop/web', 'sys/agent', 80, 'TCP')).toBe(true);
    });

    it('are not matched by pod/namespace selectors but ipBlock matches their node IP', () => {
      const selectors = dbIngressFrom([{ namespaceSelector: {} }]);
      expect(allowed(selectors, 'sys/agent', 'data/db', 80, 'TCP')).toBe(false);
      expect(allowed(selectors, 'shop/web', 'data/db', 80, 'TCP')).toBe(true);
      const block = dbIngressFrom([{ ipBlock: { cidr: '192.168.0.0/16' } }]);
      expect(allowed(block, 'sys/agent', 'data/db', 80, 'TCP')).toBe(true);
    });

    it("ingress from the destination's own node is allowed (API reference: 'OR if the traffic source is the pod's local node')", () => {
      const onNode1 = base.map((o) =>
        (o as { metadata: { name: string } }).metadata.name === 'db'
          ? pod('data/db', { labels: { app: 'db' }, ips: ['10.2.0.3'], nodeName: 'node-1' })
          : o,
      );
      const objects = [...onNode1, policy('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })];
      expect(allowed(objects, 'sys/agent', 'data/db', 80, 'TCP')).toBe(true);
      expect(allowed(objects, 'sys/agent', 'data/cache', 80, 'TCP')).toBe(false); // cache is on node-2
    });
  });
});

describe('naive oracle: matrix', () => {
  it('covers every pod with an IP, sorted, self included', () => {
    const matrix = naiveMatrix(base, 80, 'TCP');
    expect([...matrix.keys()]).toEqual(['data/cache', 'data/db', 'shop/api', 'shop/web', 'sys/agent']);
    for (const row of matrix.values()) expect([...row.values()].every(Boolean)).toBe(true);
  });
});
