import type { PodModel } from '../../../model/objects.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { parseIp } from '../../../net/ip.js';
import { type ConnectionVerdict, type Endpoint, evaluateConnection } from '../../../layers/policy/evaluate-connection.js';
import type { PolicyEngine } from '../../../layers/policy/policy-engine.js';
import type { RuleOrigin } from '../../../layers/policy/policy-ir.js';
import type { Protocol } from '../../../net/protocol.js';
import { findServiceByName } from '../../../layers/services/find-service.js';
import { collectProxyEndpoints } from '../../../layers/services/proxy-endpoints.js';
import { serviceEndpointSlices } from '../../../layers/services/service-endpoint-slices.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { type RouteBackend, backendServicePort, locateRouteField, routeBackends } from './ingress-backend-missing.js';
import { type RouteController, formatLabels, gatewayController, ingressController } from './ingress-controllers.js';
import { describePods } from './service-facts.js';

/**
 * The ingress controller (or Gateway proxy) cannot reach a backend because of policy. The
 * controller's pods are found from the IngressClass's controller or the Gateway (heuristics in
 * ingress-controllers.ts). ingress-nginx, Envoy-based gateways and most others proxy to the
 * endpoint IPs themselves; even through the ClusterIP, policy sees the connection after DNAT. So
 * kflow evaluates, with the policy engine, the connection from each controller pod to each ready
 * endpoint of the backend Service port on the endpoint's port (the resolved targetPort): egress at
 * the controller and ingress at the endpoint pod.
 *
 * Severity: error when no controller pod can reach any endpoint (every request to that path
 * fails with 502/504); warning when only some pairs are denied (requests fail depending on which
 * controller replica and which endpoint they land on). Backends that do not exist or have no
 * endpoints are other rules' (INGRESS_BACKEND_MISSING, SVC_NO_ENDPOINTS, SVC_TARGETPORT_UNRESOLVED).
 */
export const ingressBackendBlocked: CheckRule = {
  code: 'INGRESS_BACKEND_BLOCKED',
  severity: 'error',
  title: 'an ingress controller that policy blocks from a backend',
  why: 'The controller accepts the request but cannot open a connection to the backend pods: clients get 502/504.',
  run(ctx) {
    const { snapshot, policy } = ctx;
    const out: Finding[] = [];
    const controllers = new Map<string, RouteController[]>();
    const controllersOf = (route: string): RouteController[] => {
      let list = controllers.get(route);
      if (list) return list;
      const [kind, namespace, name] = route.split('/') as [string, string, string];
      list = [];
      if (kind === 'Ingress') {
        const ing = snapshot.ingresses.find((i) => i.namespace === namespace && i.name === name);
        const c = ing ? ingressController(snapshot, ing) : undefined;
        if (c) list.push(c);
      } else {
        const hr = snapshot.httpRoutes.find((r) => r.namespace === namespace && r.name === name);
        for (const parent of hr?.parentRefs ?? []) {
          const gw = snapshot.gateways.find((g) => g.namespace === parent.namespace && g.name === parent.name);
          const c = gw ? gatewayController(snapshot, gw) : undefined;
          if (c && !list.some((x) => x.name === c.name)) list.push(c);
        }
      }
      controllers.set(route, list);
      return list;
    };
    const seen = new Set<string>();
    for (const rb of routeBackends(snapshot)) {
      const b = rb.backend;
      const key = `${rb.route}|${b.namespace}/${b.serviceName}|${String(b.port)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const svc = findServiceByName(snapshot, b.namespace, b.serviceName);
      if (!svc || svc.type === 'ExternalName' || b.port === undefined) continue;
      const sp = backendServicePort(svc, b.port);
      if (!sp) continue;
      const family = svc.clusterIPs[0]?.family === 6 ? 'IPv6' : 'IPv4';
      const endpoints = collectProxyEndpoints(serviceEndpointSlices(snapshot, svc).slices, sp, family, undefined).endpoints.filter((e) => e.ready);
      if (endpoints.length === 0) continue;
      for (const controller of controllersOf(rb.route)) {
        const result = evaluateBackend(policy, controller, endpoints.map((e) => ({ ip: e.ip, port: e.port, pod: e.pod !== undefined ? snapshot.podsByKey.get(e.pod) : undefined })), sp.protocol);
        if (result.denied.length === 0) continue;
        const endpointPods = endpoints.flatMap((e) => (e.pod !== undefined && snapshot.podsByKey.get(e.pod) ? [snapshot.podsByKey.get(e.pod)!] : []));
        out.push(blockedFinding(this, snapshot, rb, controller, result, { name: `${b.namespace}/${b.serviceName}:${sp.port}`, port: sp.port }, sp.protocol, endpointPods));
      }
    }
    return out;
  },
};

interface PairVerdict {
  readonly controller: PodModel;
  readonly endpoint: { readonly ip: string; readonly port: number; readonly pod: PodModel | undefined };
  readonly verdict: ConnectionVerdict;
}

interface BackendResult {
  readonly pairs: number;
  readonly denied: readonly PairVerdict[];
}

function evaluateBackend(
  policy: PolicyEngine,
  controller: RouteController,
  endpoints: readonly { ip: string; port: number; pod: PodModel | undefined }[],
  protocol: Protocol,
): BackendResult {
  // Pods of one identity are decided alike: evaluate one controller pod per identity, one endpoint per identity and port.
  const byIdentity = <T>(items: readonly T[], key: (t: T) => string): T[] => {
    const m = new Map<string, T>();
    for (const t of items) if (!m.has(key(t))) m.set(key(t), t);
    return [...m.values()];
  };
  const idOf = (p: PodModel): string => String(policy.index.identityOfPod(p.key) ?? p.key);
  const ctrls = byIdentity(controller.pods, idOf);
  const eps = byIdentity(endpoints, (e) => `${e.pod ? idOf(e.pod) : e.ip}|${e.port}`);
  const denied: PairVerdict[] = [];
  let pairs = 0;
  for (const c of ctrls) {
    for (const e of eps) {
      if (e.pod && e.pod.key === c.key) continue;
      const ip = parseIp(e.ip);
      const dst: Endpoint | undefined = e.pod ? { kind: 'pod', pod: e.pod } : ip ? { kind: 'external', ip } : undefined;
      if (!dst) continue;
      pairs++;
      const verdict = evaluateConnection(policy, { kind: 'pod', pod: c }, dst, protocol, e.port);
      if (!verdict.allowed) denied.push({ controller: c, endpoint: e, verdict });
    }
  }
  return { pairs, denied };
}

function blockedFinding(
  rule: CheckRule,
  snapshot: Snapshot,
  rb: RouteBackend,
  controller: RouteController,
  result: BackendResult,
  service: { readonly name: string; readonly port: number },
  protocol: string,
  endpointPods: readonly PodModel[],
): Finding {
  const backend = service.name;
  const all = result.denied.length === result.pairs;
  const egressDenied = result.denied.filter((d) => !d.verdict.egress.allowed);
  const ingressDenied = result.denied.filter((d) => d.verdict.egress.allowed && !d.verdict.ingress.allowed);
  const ports = [...new Set(result.denied.map((d) => d.endpoint.port))].sort((a, b) => a - b);
  const portText = `${protocol} ${ports.join(', ')}`;
  const ctrlNs = [...new Set(controller.pods.map((p) => p.namespace))].join(', ');
  const reasons: string[] = [];
  const related: (RuleOrigin & { message: string })[] = [];
  const seenOrigin = new Set<string>();
  const relate = (o: RuleOrigin, message: string): void => {
    const k = `${o.policy}|${o.path}`;
    if (seenOrigin.has(k)) return;
    seenOrigin.add(k);
    related.push({ ...o, message });
  };
  if (egressDenied.length > 0) {
    const iso = egressDenied[0]!.verdict.egress.isolatedBy;
    reasons.push(`denied at the controller's egress (${iso.map((o) => o.policy).join(', ') || 'isolated'}; no rule allows ${portText} to the backend pods)`);
    for (const d of egressDenied) for (const o of d.verdict.egress.isolatedBy) relate(o, `isolates the controller for egress: ${o.policy}`);
    for (const d of egressDenied) for (const o of d.verdict.egress.decidedBy) relate(o, `decides the controller's egress: ${o.policy}`);
  }
  if (ingressDenied.length > 0) {
    const iso = ingressDenied[0]!.verdict.ingress.isolatedBy;
    reasons.push(`denied at the backend pods' ingress (${iso.map((o) => o.policy).join(', ') || 'isolated'}; no rule admits the controller on ${portText})`);
    for (const d of ingressDenied) for (const o of d.verdict.ingress.isolatedBy) relate(o, `isolates the backend pods for ingress: ${o.policy}`);
    for (const d of ingressDenied) for (const o of d.verdict.ingress.decidedBy) relate(o, `decides the backend's ingress: ${o.policy}`);
  }
  const backendDesc = endpointPods.length > 0 ? `the pods of ${describePods(endpointPods)}` : 'the endpoints';
  const ctrlLabels = formatLabels(controller.labels) || 'the controller pods';
  const afterDnat = ports.every((p) => p === service.port) ? '' : ` (policies see the endpoint port after DNAT, not the Service port ${service.port})`;
  const hints: string[] = [];
  if (egressDenied.length > 0) {
    hints.push(`Allow egress from the controller pods (namespace ${ctrlNs}, ${ctrlLabels}) to ${backendDesc} on ${portText}${afterDnat}.`);
  }
  if (ingressDenied.length > 0) {
    hints.push(`Allow ingress to ${backendDesc} from namespaceSelector kubernetes.io/metadata.name=${ctrlNs} with podSelector ${ctrlLabels} on ${portText}${afterDnat}.`);
  }
  const message = all
    ? `the ingress controller of ${controller.name}, ${describePods(controller.pods)}, cannot reach backend ${backend}: ${reasons.join('; ')}`
    : `the ingress controller of ${controller.name} cannot reach backend ${backend} for ${result.denied.length} of ${result.pairs} (controller, endpoint) pairs: ${reasons.join('; ')}`;
  return findingAt(
    all ? rule : { code: rule.code, severity: 'warning' },
    locateRouteField(snapshot, rb, []),
    rb.route,
    message,
    `${hints.join(' ')} (Controller pods found by ${controller.how}.)`,
    related,
  );
}
