/**
 * The upstream NetworkPolicy e2e cases (kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go) as data: one entry per It(...) that needs no
 * Service, over the 9-pod model of ./model.ts, with upstream's expected truth tables.
 *
 * Faithfulness notes
 * - Policies are built the way upstream's policies.go builders build them. In particular
 *   SetSpecIngressRules()/SetSpecEgressRules() append "Ingress"/"Egress" to spec.policyTypes
 *   the first time they run, so an egress-only builder call yields policyTypes [Egress] (the
 *   policy does not isolate for ingress), and a builder call with no rules yields an empty
 *   rule list plus the policy type (deny-all for that direction).
 * - Tables use the classic full model (x, y, z × a, b, c; 81 pairs). Newer upstream runs each
 *   case on a subset of these pods (e.g. "x/a", "x/b", "y/a") with the same expectation calls;
 *   where the two differ in wording (e.g. the full-model versions also set x/c or z/a
 *   explicitly) we follow the full-model version, which states the 9×9 answer.
 * - Loopback (from === to) is written as upstream writes it but upstream never compares it
 *   (ignoreLoopback = true); compare with { ignoreLoopback: true } (see ./reachability.ts).
 * - Each case lists the ports and protocols upstream deploys containers for (which decides
 *   which named ports exist); clusterObjects() builds the model with them.
 * - A step holds every NetworkPolicy in effect at that point, plus any Namespace/Pod whose
 *   labels upstream changed (the full modified object; it replaces the model's one).
 *
 * Not covered (need a Service or are not reachability truth tables):
 * - "should enforce default-deny ingress policy against LoadBalancer traffic with
 *   ExternalTrafficPolicy: Local" ([Feature:LoadBalancer], present in some versions of the
 *   file): needs a type=LoadBalancer Service (externalTrafficPolicy: Local) and probes from
 *   outside the cluster to the load-balancer IP and NodePort; no pod-to-pod truth table.
 * - network_policy_api.go ("should support creating NetworkPolicy API operations", "... with
 *   endport field"): API validation only, no traffic. Note there is no endPort reachability
 *   case upstream; endPort is pinned by the naive evaluator's unit tests instead.
 * - network_legacy.go: the older, Service-based suite (clients reach servers through
 *   per-server Services); out of scope here.
 * Upstream's probes themselves do not depend on Services for their verdict: depending on the
 * version they target the pod IP or a per-pod ClusterIP Service (s-<ns>-<pod>) whose only
 * endpoint is that pod, which policy sees as traffic to the pod IP.
 */

import {
  MODEL_POD_KEYS,
  NAMESPACE_NAME_LABEL,
  buildModel,
  mergeObjects,
  modelNamespace,
  modelPod,
  modelPodIP,
  type KubeObject,
  type LabelSelector,
  type ModelOptions,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
  type NetworkPolicyObject,
  type Protocol,
} from './model.js';
import { Reachability } from './reachability.js';

export const UPSTREAM_FILE = 'test/e2e/network/netpol/network_policy.go';

export interface E2eProbe {
  port: number;
  protocol: Protocol;
  expected: Reachability;
}

export interface E2eStep {
  description: string;
  /** All NetworkPolicies in effect, plus relabelled Namespaces/Pods (replacing the model's). */
  objects: KubeObject[];
  probes: E2eProbe[];
}

export interface E2eCase {
  /** The exact upstream It(...) text. */
  name: string;
  /** The enclosing ginkgo Context (the same It text appears under TCP, UDP and SCTP contexts). */
  context: string;
  upstream: typeof UPSTREAM_FILE;
  /** Ports and protocols upstream deploys containers for in this case. */
  ports: number[];
  protocols: Protocol[];
  steps: E2eStep[];
}

export interface SkippedE2eCase {
  name: string;
  upstream: string;
  reason: string;
}

export const skippedE2eCases: SkippedE2eCase[] = [
  {
    name: 'should enforce default-deny ingress policy against LoadBalancer traffic with ExternalTrafficPolicy: Local',
    upstream: UPSTREAM_FILE,
    reason:
      'needs a type=LoadBalancer Service with externalTrafficPolicy: Local; probes come from outside the cluster ' +
      'to the load-balancer IP and the NodePort, not pod to pod',
  },
];

/** The model cluster for a case, with a step's objects applied. */
export function clusterObjects(c: E2eCase, step: E2eStep): KubeObject[] {
  return mergeObjects(buildModel({ ports: c.ports, protocols: c.protocols }), step.objects);
}

const CTX_TCP = 'NetworkPolicy between server and client';
const CTX_UDP = 'NetworkPolicy between server and client using UDP';
const CTX_SCTP = 'NetworkPolicy between server and client using SCTP';

// ---------------------------------------------------------------------------------------
// Policy builders with upstream's policies.go semantics.

type PolicyTweak = (policy: NetworkPolicyObject) => void;

/** GenNetworkPolicyWithNameAndPodSelector / ...PodMatchLabel: tweaks first, then name and selector. */
function genPolicy(name: string, namespace: string, podSelector: LabelSelector, ...tweaks: PolicyTweak[]): NetworkPolicyObject {
  const policy: NetworkPolicyObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: { podSelector },
  };
  for (const tweak of tweaks) tweak(policy);
  return policy;
}

/** SetSpecIngressRules: the first call adds "Ingress" to policyTypes and an (empty) rule list. */
function ingressRules(...rules: NetworkPolicyIngressRule[]): PolicyTweak {
  return (policy) => {
    if (policy.spec.ingress === undefined) {
      policy.spec.ingress = [];
      policy.spec.policyTypes = [...(policy.spec.policyTypes ?? []), 'Ingress'];
    }
    policy.spec.ingress.push(...rules);
  };
}

/** SetSpecEgressRules: the first call adds "Egress" to policyTypes and an (empty) rule list. */
function egressRules(...rules: NetworkPolicyEgressRule[]): PolicyTweak {
  return (policy) => {
    if (policy.spec.egress === undefined) {
      policy.spec.egress = [];
      policy.spec.policyTypes = [...(policy.spec.policyTypes ?? []), 'Egress'];
    }
    policy.spec.egress.push(...rules);
  };
}

function labels(matchLabels: Record<string, string>): LabelSelector {
  return { matchLabels };
}

function nsNamed(namespace: string): LabelSelector {
  return { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
}

function nsNotIn(...namespaces: string[]): LabelSelector {
  return { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: namespaces }] };
}

function reach(): Reachability {
  return new Reachability(MODEL_POD_KEYS, true);
}

function hostCIDR(key: string): string {
  return `${modelPodIP(key)}/32`;
}

/** Upstream makeLargeCIDRForIP: the /4 containing the IP. */
function largeCIDRForIP(ip: string): string {
  const octets = ip.split('.').map(Number);
  const first = (octets[0] ?? 0) & 0xf0;
  return `${first}.0.0.0/4`;
}

interface CaseInput {
  name: string;
  context?: string;
  ports: number[];
  protocols: Protocol[];
  steps: E2eStep[];
}

function kase(input: CaseInput): E2eCase {
  return {
    name: input.name,
    context: input.context ?? CTX_TCP,
    upstream: UPSTREAM_FILE,
    ports: input.ports,
    protocols: input.protocols,
    steps: input.steps,
  };
}

function single(description: string, objects: KubeObject[], ...probes: E2eProbe[]): E2eStep[] {
  return [{ description, objects, probes }];
}

function tcp(port: number, expected: Reachability): E2eProbe {
  return { port, protocol: 'TCP', expected };
}

const TCP: Protocol[] = ['TCP'];

// ---------------------------------------------------------------------------------------
// Cases shared by the TCP, UDP and SCTP contexts.

function defaultDenyIngressCase(context: string, protocol: Protocol, policyName: string): E2eCase {
  return kase({
    name: "should support a 'default-deny-ingress' policy",
    context,
    ports: [80],
    protocols: [protocol],
    steps: single(
      'default-deny ingress in x',
      [genPolicy(policyName, 'x', {}, ingressRules())],
      { port: 80, protocol, expected: reach().expectPeer({}, { namespace: 'x' }, false) },
    ),
  });
}

function portsCase(context: string, protocol: Protocol, policyName: string): E2eCase {
  const expected = reach()
    .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
    .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false);
  if (protocol === 'TCP') expected.expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true);
  return kase({
    name: 'should enforce policy based on Ports',
    context,
    ports: [81],
    protocols: [protocol],
    steps: single(
      'x/a allows ingress from namespace y on port 81 only',
      [
        genPolicy(
          policyName,
          'x',
          labels({ pod: 'a' }),
          ingressRules({ from: [{ namespaceSelector: nsNamed('y') }], ports: [{ port: 81, protocol }] }),
        ),
      ],
      { port: 81, protocol, expected },
    ),
  });
}

function podInOtherNamespaceCase(context: string, protocol: Protocol): E2eCase {
  return kase({
    name: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    context,
    ports: [80],
    protocols: [protocol],
    steps: single(
      'x/a allows ingress only from y/a',
      [
        genPolicy(
          'allow-ns-y-pod-a-via-namespace-pod-selector',
          'x',
          labels({ pod: 'a' }),
          ingressRules({ from: [{ namespaceSelector: nsNamed('y'), podSelector: labels({ pod: 'a' }) }] }),
        ),
      ],
      { port: 80, protocol, expected: reach().expectAllIngress('x/a', false).expect('y/a', 'x/a', true) },
    ),
  });
}

// ---------------------------------------------------------------------------------------
// The cases, in upstream order.

function buildCases(): E2eCase[] {
  const cases: E2eCase[] = [];

  cases.push(defaultDenyIngressCase(CTX_TCP, 'TCP', 'deny-ingress'));

  cases.push(
    kase({
      name: "should support a 'default-deny-all' policy",
      ports: [80],
      protocols: TCP,
      steps: single(
        'default-deny ingress and egress in x',
        [genPolicy('deny-all', 'x', {}, ingressRules(), egressRules())],
        tcp(80, reach().expectPeer({}, { namespace: 'x' }, false).expectPeer({ namespace: 'x' }, {}, false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from pod=b in x',
        [genPolicy('x-a-allows-x-b', 'x', labels({ pod: 'a' }), ingressRules({ from: [{ podSelector: labels({ pod: 'b' }) }] }))],
        tcp(80, reach().expectAllIngress('x/a', false).expect('x/b', 'x/a', true)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy to allow ingress traffic for a target',
      ports: [80],
      protocols: TCP,
      steps: single(
        'deny all ingress in x, then allow all ingress to x/a',
        [
          genPolicy('deny-all', 'x', {}, ingressRules()),
          genPolicy(
            'allow-all-to-a',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ podSelector: {}, namespaceSelector: {} }] }),
          ),
        ],
        tcp(
          80,
          reach().expectAllIngress('x/a', true).expectAllIngress('x/b', false).expectAllIngress('x/c', false),
        ),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy to allow ingress traffic from pods in all namespaces',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from every namespace',
        [
          genPolicy(
            'allow-from-another-ns',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ namespaceSelector: { matchLabels: {} } }] }),
          ),
        ],
        tcp(80, reach()),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from namespace y',
        [
          genPolicy(
            'allow-client-a-via-ns-selector',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ namespaceSelector: nsNamed('y') }] }),
          ),
        ],
        tcp(
          80,
          reach()
            .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
            .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
        ),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on PodSelector with MatchExpressions',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from pod In (b) in x',
        [
          genPolicy(
            'x-a-allows-x-b',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } }] }),
          ),
        ],
        tcp(80, reach().expectAllIngress('x/a', false).expect('x/b', 'x/a', true)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on NamespaceSelector with MatchExpressions',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from namespaces In (y)',
        [
          genPolicy(
            'allow-ns-y-match-selector',
            'x',
            labels({ pod: 'a' }),
            ingressRules({
              from: [{ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: ['y'] }] } }],
            }),
          ),
        ],
        tcp(
          80,
          reach()
            .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
            .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
        ),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on PodSelector or NamespaceSelector',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from namespaces NotIn (x) OR from pod=b in x',
        [
          genPolicy(
            'allow-ns-y-match-selector',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ namespaceSelector: nsNotIn('x') }, { podSelector: labels({ pod: 'b' }) }] }),
          ),
        ],
        tcp(80, reach().expect('x/a', 'x/a', false).expect('x/c', 'x/a', false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on PodSelector and NamespaceSelector',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from pod=b in namespaces NotIn (x)',
        [
          genPolicy(
            'allow-ns-y-podselector-and-nsselector',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ namespaceSelector: nsNotIn('x'), podSelector: labels({ pod: 'b' }) }] }),
          ),
        ],
        tcp(80, reach().expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from pod In (b, c) in namespaces NotIn (x)',
        [
          genPolicy(
            'allow-ns-y-z-pod-b-c',
            'x',
            labels({ pod: 'a' }),
            ingressRules({
              from: [
                {
                  namespaceSelector: nsNotIn('x'),
                  podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] },
                },
              ],
            }),
          ),
        ],
        tcp(
          80,
          reach()
            .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
            .expect('y/a', 'x/a', false)
            .expect('z/a', 'x/a', false),
        ),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on any PodSelectors',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from pod=b OR pod=c in x',
        [
          genPolicy(
            'allow-ns-x-pod-b-c',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ podSelector: labels({ pod: 'b' }) }, { podSelector: labels({ pod: 'c' }) }] }),
          ),
        ],
        tcp(80, reach().expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true)),
      ),
    }),
  );

  cases.push(podInOtherNamespaceCase(CTX_TCP, 'TCP'));

  cases.push(portsCase(CTX_TCP, 'TCP', 'allow-client-a-via-ns-selector'));

  {
    const allowPort81 = genPolicy(
      'allow-client-a-via-ns-selector',
      'x',
      labels({ pod: 'a' }),
      ingressRules({ from: [{ namespaceSelector: nsNamed('y') }], ports: [{ port: 81, protocol: 'TCP' }] }),
    );
    const allowPort80 = genPolicy(
      'allow-client-a-via-ns-selector-80',
      'x',
      labels({ pod: 'a' }),
      ingressRules({ from: [{ namespaceSelector: nsNamed('y') }], ports: [{ port: 80, protocol: 'TCP' }] }),
    );
    const allow = (): Reachability =>
      reach()
        .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
        .expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true)
        .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false);
    cases.push(
      kase({
        name: 'should enforce multiple, stacked policies with overlapping podSelectors',
        ports: [80, 81],
        protocols: TCP,
        steps: [
          {
            description: 'x/a allows namespace y on port 81 only',
            objects: [allowPort81],
            probes: [tcp(81, allow()), tcp(80, reach().expectAllIngress('x/a', false))],
          },
          {
            description: 'add a second policy on x/a allowing namespace y on port 80',
            objects: [allowPort81, allowPort80],
            probes: [tcp(80, allow())],
          },
        ],
      }),
    );
  }

  cases.push(
    kase({
      name: 'should support allow-all policy',
      ports: [80, 81],
      protocols: TCP,
      steps: single(
        'allow-all ingress in x',
        [genPolicy('allow-all', 'x', { matchLabels: {} }, ingressRules({}))],
        tcp(80, reach()),
        tcp(81, reach()),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should allow ingress access on one named port',
      ports: [80, 81],
      protocols: TCP,
      steps: single(
        'all pods in x allow ingress on named port serve-81-tcp only',
        [genPolicy('allow-all', 'x', { matchLabels: {} }, ingressRules({ ports: [{ port: 'serve-81-tcp' }] }))],
        tcp(81, reach()),
        tcp(80, reach().expectPeer({}, { namespace: 'x' }, false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should allow ingress access from namespace on one named port',
      ports: [80, 81],
      protocols: TCP,
      steps: single(
        'x/a allows namespace y on named port serve-80-tcp only',
        [
          genPolicy(
            'allow-client-a-via-ns-selector-80',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ namespaceSelector: nsNamed('y') }], ports: [{ port: 'serve-80-tcp', protocol: 'TCP' }] }),
          ),
        ],
        tcp(
          80,
          reach()
            .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
            .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
        ),
        tcp(81, reach().expectAllIngress('x/a', false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should allow egress access on one named port',
      ports: [80, 81],
      protocols: TCP,
      steps: single(
        'all pods in x allow egress on named port serve-80-tcp only (policyTypes [Egress])',
        [genPolicy('allow-egress', 'x', { matchLabels: {} }, egressRules({ ports: [{ port: 'serve-80-tcp' }] }))],
        tcp(80, reach()),
        tcp(81, reach().expectPeer({ namespace: 'x' }, {}, false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce updated policy',
      ports: [81],
      protocols: TCP,
      steps: [
        {
          description: 'allow-all ingress in x',
          objects: [genPolicy('allow-all-mutate-to-deny-all', 'x', { matchLabels: {} }, ingressRules({}))],
          probes: [tcp(81, reach())],
        },
        {
          description: 'the same policy updated to ingress: [] (deny all ingress)',
          objects: [genPolicy('allow-all-mutate-to-deny-all', 'x', { matchLabels: {} }, ingressRules())],
          probes: [tcp(81, reach().expectPeer({}, { namespace: 'x' }, false))],
        },
      ],
    }),
  );

  {
    const policy = genPolicy(
      'allow-client-a-via-ns-selector',
      'x',
      labels({ pod: 'a' }),
      ingressRules({ from: [{ namespaceSelector: labels({ ns2: 'updated' }) }] }),
    );
    cases.push(
      kase({
        name: 'should allow ingress access from updated namespace',
        ports: [80],
        protocols: TCP,
        steps: [
          {
            description: 'x/a allows namespaces labelled ns2=updated; none is',
            objects: [policy],
            probes: [tcp(80, reach().expectAllIngress('x/a', false))],
          },
          {
            description: 'namespace y gets label ns2=updated',
            objects: [policy, modelNamespace('y', { ns2: 'updated' })],
            probes: [tcp(80, reach().expectAllIngress('x/a', false).expectPeer({ namespace: 'y' }, {}, true))],
          },
        ],
      }),
    );
  }

  {
    const options: ModelOptions = { ports: [80], protocols: TCP };
    const matchLabels = { pod: 'b', pod2: 'updated' };
    const policy = genPolicy(
      'allow-client-a-via-pod-selector',
      'x',
      labels({ pod: 'a' }),
      ingressRules({ from: [{ podSelector: labels(matchLabels) }] }),
    );
    cases.push(
      kase({
        name: 'should allow ingress access from updated pod',
        ports: [80],
        protocols: TCP,
        steps: [
          {
            description: 'x/a allows pods labelled pod=b,pod2=updated; none is',
            objects: [policy],
            probes: [tcp(80, reach().expectAllIngress('x/a', false))],
          },
          {
            description: 'x/b gets label pod2=updated (labels are merged)',
            objects: [policy, modelPod('x/b', options, { pod2: 'updated' })],
            probes: [tcp(80, reach().expectAllIngress('x/a', false).expect('x/b', 'x/a', true))],
          },
        ],
      }),
    );
  }

  cases.push(
    kase({
      name: 'should deny ingress from pods on other namespaces',
      ports: [80],
      protocols: TCP,
      steps: single(
        'all pods in x allow ingress from podSelector {} (their own namespace only)',
        [genPolicy('deny-empty-policy', 'x', {}, ingressRules({ from: [{ podSelector: { matchLabels: {} } }] }))],
        tcp(
          80,
          reach().expectPeer({ namespace: 'y' }, { namespace: 'x' }, false).expectPeer({ namespace: 'z' }, { namespace: 'x' }, false),
        ),
      ),
    }),
  );

  {
    const policy = genPolicy('deny-ingress-via-label-selector', 'x', labels({ target: 'isolated' }), ingressRules());
    cases.push(
      kase({
        name: 'should deny ingress access to updated pod',
        ports: [80],
        protocols: TCP,
        steps: [
          {
            description: 'deny ingress to pods labelled target=isolated; none is',
            objects: [policy],
            probes: [tcp(80, reach())],
          },
          {
            description: 'x/a gets label target=isolated (labels are merged)',
            objects: [policy, modelPod('x/a', { ports: [80], protocols: TCP }, { target: 'isolated' })],
            probes: [tcp(80, reach().expectAllIngress('x/a', false))],
          },
        ],
      }),
    );
  }

  cases.push(
    kase({
      name: 'should deny egress from pods based on PodSelector',
      ports: [80],
      protocols: TCP,
      steps: single(
        'deny all egress from x/a (policyTypes [Egress])',
        [genPolicy('deny-egress-pod-a', 'x', labels({ pod: 'a' }), egressRules())],
        tcp(80, reach().expectAllEgress('x/a', false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should deny egress from all pods in a namespace',
      ports: [80],
      protocols: TCP,
      steps: single(
        'deny all egress from x (policyTypes [Egress])',
        [genPolicy('deny-egress-ns-x', 'x', {}, egressRules())],
        tcp(80, reach().expectPeer({ namespace: 'x' }, {}, false)),
      ),
    }),
  );

  {
    const policy = genPolicy(
      'allow-client-a-via-pod-selector',
      'x',
      labels({ pod: 'a' }),
      ingressRules({ from: [{ podSelector: labels({ pod: 'b' }) }] }),
    );
    // Upstream then sets spec.egress and spec.policyTypes directly.
    policy.spec.egress = [{ ports: [{ port: 80 }] }];
    policy.spec.policyTypes = ['Egress', 'Ingress'];
    cases.push(
      kase({
        name: 'should work with Ingress, Egress specified together',
        ports: [80, 81],
        protocols: TCP,
        steps: single(
          'x/a: ingress from pod=b in x; egress to port 80 only',
          [policy],
          tcp(80, reach().expectAllIngress('x/a', false).expect('x/b', 'x/a', true)),
          tcp(
            81,
            reach().expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true),
          ),
        ),
      }),
    );
  }

  {
    const egressToYA = genPolicy(
      'allow-to-ns-y-pod-a',
      'x',
      labels({ pod: 'a' }),
      egressRules({ to: [{ namespaceSelector: nsNamed('y'), podSelector: labels({ pod: 'a' }) }] }),
    );
    const fromXA: NetworkPolicyIngressRule = { from: [{ namespaceSelector: nsNamed('x'), podSelector: labels({ pod: 'a' }) }] };
    cases.push(
      kase({
        name: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
        ports: [80],
        protocols: TCP,
        steps: single(
          'x/a egress only to y/a; y/a and y/b allow ingress only from x/a',
          [
            egressToYA,
            genPolicy('allow-from-xa-on-ya-match-selector', 'y', labels({ pod: 'a' }), ingressRules(fromXA)),
            genPolicy('allow-from-xa-on-yb-match-selector', 'y', labels({ pod: 'b' }), ingressRules(fromXA)),
          ],
          tcp(
            80,
            reach()
              .expectPeer({ namespace: 'x', pod: 'a' }, {}, false)
              .expectPeer({}, { namespace: 'y', pod: 'a' }, false)
              .expectPeer({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' }, true)
              .expectPeer({}, { namespace: 'y', pod: 'b' }, false),
          ),
        ),
      }),
    );
  }

  cases.push(
    kase({
      name: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a egress only to y/a',
        [
          genPolicy(
            'allow-to-ns-y-pod-a',
            'x',
            labels({ pod: 'a' }),
            egressRules({ to: [{ namespaceSelector: nsNamed('y'), podSelector: labels({ pod: 'a' }) }] }),
          ),
        ],
        tcp(80, reach().expectAllEgress('x/a', false).expect('x/a', 'y/a', true)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
      ports: [80],
      protocols: ['TCP', 'UDP'],
      steps: single(
        'x/a allows ingress on any TCP port',
        [genPolicy('allow-ingress-by-proto', 'x', labels({ pod: 'a' }), ingressRules({ ports: [{ protocol: 'TCP' }] }))],
        tcp(80, reach()),
        { port: 80, protocol: 'UDP', expected: reach().expectPeer({}, { namespace: 'x', pod: 'a' }, false) },
      ),
    }),
  );

  {
    const onlyPort80 = genPolicy('allow-ingress-port-80', 'x', { matchLabels: {} }, ingressRules({ ports: [{ port: 80 }] }));
    cases.push(
      kase({
        name: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
        ports: [81],
        protocols: TCP,
        steps: [
          {
            description: 'all pods in x allow ingress on port 80 only',
            objects: [onlyPort80],
            probes: [tcp(81, reach().expectPeer({}, { namespace: 'x' }, false))],
          },
          {
            description: 'add an allow-all ingress policy in x',
            objects: [onlyPort80, genPolicy('allow-ingress', 'x', { matchLabels: {} }, ingressRules({}))],
            probes: [tcp(81, reach())],
          },
        ],
      }),
    );
  }

  {
    const onlyPort80 = genPolicy('allow-egress-port-80', 'x', { matchLabels: {} }, egressRules({ ports: [{ port: 80 }] }));
    cases.push(
      kase({
        name: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
        ports: [81],
        protocols: TCP,
        steps: [
          {
            description: 'all pods in x allow egress on port 80 only',
            objects: [onlyPort80],
            probes: [tcp(81, reach().expectPeer({ namespace: 'x' }, {}, false))],
          },
          {
            description: 'add an allow-all egress policy in x',
            objects: [onlyPort80, genPolicy('allow-egress', 'x', { matchLabels: {} }, egressRules({}))],
            probes: [tcp(81, reach())],
          },
        ],
      }),
    );
  }

  cases.push(
    kase({
      name: 'should stop enforcing policies after they are deleted',
      ports: [80],
      protocols: TCP,
      steps: [
        {
          description: 'deny all ingress and egress in x',
          objects: [genPolicy('deny-all', 'x', {}, ingressRules(), egressRules())],
          probes: [tcp(80, reach().expectPeer({ namespace: 'x' }, {}, false).expectPeer({}, { namespace: 'x' }, false))],
        },
        { description: 'all policies deleted', objects: [], probes: [tcp(80, reach())] },
      ],
    }),
  );

  cases.push(
    kase({
      name: 'should allow egress access to server in CIDR block',
      ports: [80],
      protocols: TCP,
      steps: single(
        "x/a egress only to y/b's IP (ipBlock /32)",
        [
          genPolicy(
            'allow-client-a-via-cidr-egress-rule',
            'x',
            labels({ pod: 'a' }),
            egressRules({ to: [{ ipBlock: { cidr: hostCIDR('y/b') } }] }),
          ),
        ],
        tcp(80, reach().expectAllEgress('x/a', false).expect('x/a', 'y/b', true)),
      ),
    }),
  );

  const exceptPolicy = (): NetworkPolicyObject =>
    genPolicy(
      'allow-client-a-via-cidr-egress-rule',
      'x',
      labels({ pod: 'a' }),
      egressRules({ to: [{ ipBlock: { cidr: largeCIDRForIP(modelPodIP('x/b')), except: [hostCIDR('x/b')] } }] }),
    );

  cases.push(
    kase({
      name: 'should enforce except clause while egress access to server in CIDR block',
      ports: [80],
      protocols: TCP,
      steps: single(
        "x/a egress to the /4 around x/b's IP except x/b itself",
        [exceptPolicy()],
        tcp(80, reach().expect('x/a', 'x/b', false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
      ports: [80],
      protocols: TCP,
      steps: [
        {
          description: "x/a egress to the /4 around x/b's IP except x/b itself",
          objects: [exceptPolicy()],
          probes: [tcp(80, reach().expect('x/a', 'x/b', false))],
        },
        {
          description: "the same-named policy updated to allow egress only to x/b's IP (/32)",
          objects: [
            genPolicy(
              'allow-client-a-via-cidr-egress-rule',
              'x',
              labels({ pod: 'a' }),
              egressRules({ to: [{ ipBlock: { cidr: hostCIDR('x/b') } }] }),
            ),
          ],
          probes: [tcp(80, reach().expectAllEgress('x/a', false).expect('x/a', 'x/b', true))],
        },
      ],
    }),
  );

  {
    const allowEgress = genPolicy('allow-egress-for-target', 'x', labels({ pod: 'a' }), egressRules({}));
    cases.push(
      kase({
        name: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
        ports: [80],
        protocols: TCP,
        steps: [
          {
            description: 'x/a: allow all egress (policyTypes [Egress])',
            objects: [allowEgress],
            probes: [tcp(80, reach())],
          },
          {
            description: 'add: x/a denies all ingress',
            objects: [allowEgress, genPolicy('deny-ingress-via-label-selector', 'x', labels({ pod: 'a' }), ingressRules())],
            probes: [tcp(80, reach().expectAllIngress('x/a', false))],
          },
        ],
      }),
    );
  }

  cases.push(
    kase({
      name: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
      ports: [81],
      protocols: TCP,
      steps: single(
        'default-deny ingress in x; x/a allows SCTP 81 only',
        [
          genPolicy('deny-ingress', 'x', {}, ingressRules()),
          genPolicy(
            'allow-only-sctp-ingress-on-port-81',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ ports: [{ port: 81, protocol: 'SCTP' }] }),
          ),
        ],
        tcp(81, reach().expectPeer({}, { namespace: 'x' }, false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
      ports: [81],
      protocols: TCP,
      steps: single(
        'x/a allows SCTP 80 only',
        [
          genPolicy(
            'allow-only-sctp-ingress-on-port-80',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ ports: [{ port: 80, protocol: 'SCTP' }] }),
          ),
        ],
        tcp(81, reach().expectAllIngress('x/a', false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should not allow access by TCP when a policy specifies only UDP',
      ports: [81],
      protocols: TCP,
      steps: single(
        'x/a allows UDP 81 only',
        [
          genPolicy(
            'allow-only-udp-ingress-on-port-81',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ ports: [{ port: 81, protocol: 'UDP' }] }),
          ),
        ],
        tcp(81, reach().expectAllIngress('x/a', false)),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a allows ingress from kubernetes.io/metadata.name=y',
        [
          genPolicy(
            'allow-client-a-via-ns-selector-for-immutable-ns-label',
            'x',
            labels({ pod: 'a' }),
            ingressRules({ from: [{ namespaceSelector: nsNamed('y') }] }),
          ),
        ],
        tcp(
          80,
          reach()
            .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
            .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
        ),
      ),
    }),
  );

  cases.push(
    kase({
      name: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
      ports: [80],
      protocols: TCP,
      steps: single(
        'x/a egress only to namespaces whose kubernetes.io/metadata.name NotIn (y)',
        [
          genPolicy(
            'allow-ns-y-match-selector-for-immutable-ns-label',
            'x',
            labels({ pod: 'a' }),
            egressRules({ to: [{ namespaceSelector: nsNotIn('y') }] }),
          ),
        ],
        tcp(80, reach().expectPeer({ namespace: 'x', pod: 'a' }, { namespace: 'y' }, false)),
      ),
    }),
  );

  // "Netpol [LinuxOnly]" / NetworkPolicy between server and client using UDP
  cases.push(defaultDenyIngressCase(CTX_UDP, 'UDP', 'deny-all'));
  cases.push(portsCase(CTX_UDP, 'UDP', 'allow-ingress-on-port-81-ns-x'));
  cases.push(podInOtherNamespaceCase(CTX_UDP, 'UDP'));

  // "Netpol [Feature:SCTPConnectivity] [LinuxOnly]" / NetworkPolicy between server and client using SCTP
  cases.push(defaultDenyIngressCase(CTX_SCTP, 'SCTP', 'deny-all'));
  cases.push(portsCase(CTX_SCTP, 'SCTP', 'allow-ingress-on-port-81-ns-x'));
  cases.push(podInOtherNamespaceCase(CTX_SCTP, 'SCTP'));

  return cases;
}

export const e2eCases: E2eCase[] = buildCases();
