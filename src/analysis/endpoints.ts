import type { Snapshot } from '../model/snapshot.js';
import type { Protocol } from '../net/protocol.js';
import { findServiceByName, type Via } from '../layers/services/find-service.js';
import { type EndpointChoice, resolveServiceEndpoints } from '../layers/services/resolve-service-endpoints.js';
import { resolveRef } from './resolve-ref.js';

export const VIAS: readonly Via[] = ['clusterIP', 'nodePort', 'loadBalancer', 'externalIP'];

export interface EndpointsQuery {
  /** The client pod, `ns/pod`: its node is where kube-proxy handles the traffic. */
  readonly from: string;
  /** `ns/name` of the Service. */
  readonly service: string;
  /** The Service's `port`. */
  readonly port: number;
  readonly via: Via;
  readonly protocol?: Protocol;
}

/** The `kflow endpoints` answer: `endpoints` first (the stable contract), then the explanation. */
export type EndpointsReport = { readonly endpoints: readonly string[]; readonly from: string } & Omit<EndpointChoice, 'kind' | 'endpoints'>;

export type EndpointsAnalysis =
  | { readonly kind: 'report'; readonly report: EndpointsReport }
  | { readonly kind: 'error'; readonly message: string; readonly hint: string; readonly flag: string };

/**
 * The endpoints the data plane balances traffic over when `from` sends to a Service. With
 * `via: clusterIP` the pod itself is the client, on its node. With nodePort, loadBalancer or
 * externalIP, a client outside the cluster reaches the node of `from`: that node's kube-proxy
 * rules and its externalTrafficPolicy decide.
 */
export function analyzeEndpoints(snapshot: Snapshot, query: EndpointsQuery): EndpointsAnalysis {
  const from = resolveRef(snapshot, query.from, false);
  if (from.kind === 'error') return { kind: 'error', flag: '--from', message: from.message, hint: from.hint };
  if (from.kind !== 'pods') return { kind: 'error', flag: '--from', message: 'must name a pod', hint: 'Use ns/pod.' };
  if (from.pods.length !== 1) {
    return { kind: 'error', flag: '--from', message: `${query.from} names ${from.pods.length} pods; the answer depends on the pod's node`, hint: `Name one pod: ${from.pods.slice(0, 5).map((p) => `${p.key} (${p.nodeName ?? 'no node'})`).join(', ')}.` };
  }
  const pod = from.pods[0]!;
  const parts = query.service.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { kind: 'error', flag: '--service', message: `cannot read "${query.service}"`, hint: 'Use ns/name, e.g. shop/api.' };
  const [ns, name] = parts as [string, string];
  const service = findServiceByName(snapshot, ns, name);
  if (!service) {
    const inNs = snapshot.services.filter((s) => s.namespace === ns).map((s) => `${s.namespace}/${s.name}`);
    const close = inNs.filter((k) => k.includes(name) || name.includes(k.split('/')[1]!));
    const hint = !snapshot.namespaces.has(ns)
      ? `There is no namespace "${ns}". Namespaces: ${[...snapshot.namespaces.keys()].join(', ')}.`
      : close.length > 0
        ? `Did you mean ${close.slice(0, 5).join(', ')}?`
        : `Services in ${ns}: ${inNs.slice(0, 8).join(', ') || '(none)'}.`;
    return { kind: 'error', flag: '--service', message: `no Service ${query.service}`, hint };
  }
  if (query.via !== 'clusterIP' && pod.nodeName === undefined) {
    return { kind: 'error', flag: '--from', message: `pod ${pod.key} has no node, so no node receives the traffic`, hint: 'Give the pod a spec.nodeName, or add Node objects to the input.' };
  }
  const client = query.via === 'clusterIP' ? { kind: 'pod' as const, pod } : { kind: 'external' as const, node: pod.nodeName! };
  const result = resolveServiceEndpoints(snapshot, { service, port: query.port, via: query.via, client, ...(query.protocol ? { protocol: query.protocol } : {}) });
  if (result.kind === 'error') {
    const flag = result.code === 'PORT_NOT_FOUND' || result.code === 'PORT_AMBIGUOUS' ? (result.code === 'PORT_AMBIGUOUS' ? '--protocol' : '--port') : '--via';
    return { kind: 'error', flag, message: result.message, hint: result.hint };
  }
  const { kind: _kind, endpoints, ...rest } = result;
  return { kind: 'report', report: { endpoints, from: pod.key, ...rest } };
}
