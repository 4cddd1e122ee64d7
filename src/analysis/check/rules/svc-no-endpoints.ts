import type { PodModel } from '../../../model/objects.js';
import type { ServiceModel } from '../../../model/service-objects.js';
import { type Snapshot, podsInNamespace } from '../../../model/snapshot.js';
import { formatIp } from '../../../net/ip.js';
import { selectServicePods } from '../../../layers/services/derive-endpoint-slices.js';
import { isPodReady, podExclusion } from '../../../layers/services/pod-endpoint-conditions.js';
import { serviceEndpointSlices } from '../../../layers/services/service-endpoint-slices.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { nearestLabels } from './np-selects-nothing.js';
import { describePods, hasPodSelector, locateServiceField, serviceObjectId } from './service-facts.js';

/**
 * A Service whose selector matches no pod of its namespace (a label typo, or a selector left over
 * from an older chart): the EndpointSlice controller writes no endpoints, so connections to the
 * ClusterIP are rejected (kube-proxy REJECT, "has no endpoints") and Ingresses in front of it
 * return 503. Services without a selector (endpoints managed by hand) and ExternalName Services
 * are not checked, nor are Services whose EndpointSlices/Endpoints in the input list endpoints.
 *
 * Severity: warning when the namespace has pods and none matches (a typo); info when the
 * namespace has no pods at all in the input (perhaps deployed from elsewhere), and info when the
 * selector matches pods that are simply not serving yet (not ready, no IP, or finished).
 */
export const svcNoEndpoints: CheckRule = {
  code: 'SVC_NO_ENDPOINTS',
  severity: 'warning',
  title: 'a Service whose selector matches no pod',
  why: 'The Service has no endpoints: connections to it are refused and Ingresses in front of it answer 503.',
  run(ctx) {
    const out: Finding[] = [];
    for (const svc of ctx.snapshot.services) {
      if (!hasPodSelector(svc)) continue;
      const recorded = serviceEndpointSlices(ctx.snapshot, svc);
      if ((recorded.origin === 'EndpointSlice' || recorded.origin === 'Endpoints') && recorded.slices.some((s) => s.endpoints.length > 0)) continue;
      const selected = selectServicePods(ctx.snapshot, svc);
      const finding = selected.length === 0 ? noPodSelected(this, ctx.snapshot, svc) : noneServing(this, ctx.snapshot, svc, selected);
      if (finding) out.push(finding);
    }
    return out;
  },
};

function address(svc: ServiceModel): string {
  const ip = svc.clusterIPs[0];
  const port = svc.ports[0];
  if (svc.headless || !ip) return `${svc.name}.${svc.namespace}`;
  return port ? `${formatIp(ip)}:${port.port}` : formatIp(ip);
}

function noPodSelected(rule: CheckRule, snapshot: Snapshot, svc: ServiceModel): Finding {
  const selector = svc.selector ?? {};
  const entries = Object.entries(selector);
  const formatted = entries.map(([k, v]) => `${k}=${v}`).join(',');
  const nsPods = podsInNamespace(snapshot, svc.namespace);
  const id = serviceObjectId(svc);
  if (nsPods.length === 0) {
    return findingAt(
      { code: rule.code, severity: 'info' },
      locateServiceField(snapshot, svc, ['spec', 'selector']),
      id,
      `spec.selector ${formatted} matches no pod: namespace ${svc.namespace} has no pods in the input, so the Service has no endpoints`,
      `If the workload is deployed from other manifests, pass them too; otherwise its pods must carry ${formatted}.`,
    );
  }
  // The requirements no pod of the namespace satisfies on its own: the likely typos.
  const failing = entries.filter(([k, v]) => !nsPods.some((p) => p.labels[k] === v));
  const [key, value] = failing[0] ?? entries[0]!;
  const at = locateServiceField(snapshot, svc, ['spec', 'selector', key]);
  const labels = nsPods.map((p) => p.labels);
  let hint: string;
  const near = nearestLabels(labels, [{ key, operator: 'In', values: [value] }]);
  const sameValue = [...new Set(nsPods.flatMap((p) => Object.entries(p.labels).filter(([k, v]) => v === value && k !== key).map(([k, v]) => `${k}=${v}`)))];
  const sameKey = [...new Set(nsPods.flatMap((p) => (p.labels[key] !== undefined ? [`${key}=${p.labels[key]}`] : [])))];
  const elsewhere = [...new Set(snapshot.pods.filter((p) => p.namespace !== svc.namespace && entries.every(([k, v]) => p.labels[k] === v)).map((p) => p.namespace))];
  if (elsewhere.length > 0) {
    hint = `Pods with ${formatted} run in ${elsewhere.slice(0, 3).join(', ')}, but a Service selects pods of its own namespace only: create the Service in that namespace (clients in ${svc.namespace} can use <name>.<namespace>).`;
  } else if (failing.length === 0) {
    hint = `Each of ${formatted} matches some pod in ${svc.namespace}, but no pod has all of them; check that one workload's template carries every label.`;
  } else if (near) {
    hint = `Did you mean ${near}? Pods in ${svc.namespace} have that label.`;
  } else if (sameValue.length > 0) {
    const noKey = nsPods.every((p) => p.labels[key] === undefined);
    hint = `Did you mean ${sameValue.join(' or ')}? Pods in ${svc.namespace} carry the value "${value}" under that key${noKey ? ` and have no "${key}" label` : ''}.`;
  } else if (sameKey.length > 0) {
    hint = `Pods in ${svc.namespace} have ${sameKey.slice(0, 5).join(', ')}; none has ${key}=${value}.`;
  } else {
    hint = `No pod in ${svc.namespace} has the label ${key}; compare with the pods' labels (kubectl get pods -n ${svc.namespace} --show-labels).`;
  }
  const what = failing.length === 0 || entries.length === 1 ? `spec.selector ${formatted}` : `spec.selector ${formatted} (${failing.map(([k, v]) => `${k}=${v}`).join(', ')} on no pod)`;
  return findingAt(
    rule,
    at,
    id,
    `${what} matches no pod in namespace ${svc.namespace}: the Service has no endpoints, so connections to ${address(svc)} are refused`,
    hint,
  );
}

/** The selector matches pods, but none is an endpoint that takes traffic. */
function noneServing(rule: CheckRule, snapshot: Snapshot, svc: ServiceModel, selected: readonly PodModel[]): Finding | undefined {
  const candidates = selected.filter((p) => podExclusion(p) === undefined);
  if (candidates.length > 0 && svc.publishNotReadyAddresses) return undefined; // every candidate is published ready
  const ready = candidates.filter((p) => isPodReady(p).ready && p.deletionTimestamp === undefined);
  if (ready.length > 0) return undefined;
  const terminating = candidates.filter((p) => p.deletionTimestamp !== undefined);
  if (terminating.length > 0 && terminating.length === candidates.length) return undefined; // serving-terminating fallback: a rollout in progress
  const states: string[] = [];
  const terminal = selected.filter((p) => podExclusion(p) === 'POD_TERMINAL').length;
  const noIp = selected.filter((p) => podExclusion(p) === 'POD_NO_IP').length;
  const notReady = candidates.length - terminating.length;
  if (notReady > 0) states.push(`${notReady} not ready`);
  if (noIp > 0) states.push(`${noIp} without an IP (not scheduled or not started)`);
  if (terminal > 0) states.push(`${terminal} finished (Succeeded/Failed)`);
  return findingAt(
    { code: rule.code, severity: 'info' },
    locateServiceField(snapshot, svc, ['spec', 'selector']),
    serviceObjectId(svc),
    `spec.selector matches ${selected.length} pod(s) of ${describePods(selected)}, but none is ready (${states.join(', ')}): the Service has no ready endpoints yet`,
    'Not a selector problem: the pods must pass their readiness probe (kubectl describe pod) before the Service sends them traffic.',
  );
}
