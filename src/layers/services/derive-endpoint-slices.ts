import { safeSuffix } from '../../ingest/expand/deterministic-names.js';
import { selectorMatches } from '../../model/label-selector.js';
import type { PodModel } from '../../model/objects.js';
import type { Provenance } from '../../model/provenance.js';
import type { EndpointModel, EndpointPortModel, EndpointSliceModel, ServiceModel } from '../../model/service-objects.js';
import { type Snapshot, podsInNamespace } from '../../model/snapshot.js';
import { formatIp } from '../../net/ip.js';
import { canonicalSelector } from '../../model/label-selector.js';
import { findManifestObject } from './field-origin.js';
import { type PodEndpointConditions, type PodExclusion, podEndpointConditions, podExclusion, shouldSetHostname } from './pod-endpoint-conditions.js';
import { type TargetPortResolution, resolveTargetPort } from './resolve-target-port.js';
import { type NodeZoneCapacity, ZONE_LABEL, assignProportionalZoneHints, readNodeZoneCapacity } from './topology-aware-hints.js';
import { type HintsMode, assignTrafficDistributionHints, hintsModeFor, withHints } from './traffic-distribution-hints.js';

export type AddressType = 'IPv4' | 'IPv6';

/** The controller's default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';

/** What the EndpointSlice controller made of one pod the Service's selector matches. */
export interface PodEndpointDecision {
  readonly pod: string;
  readonly source: Provenance;
  /** The pod is an endpoint (in at least one address type). */
  readonly included: boolean;
  readonly exclusion?: { readonly code: PodExclusion; readonly message: string };
  readonly conditions?: PodEndpointConditions;
  /** One per Service port: where its targetPort lands on this pod. */
  readonly ports: readonly { readonly servicePort: string; readonly resolution: TargetPortResolution }[];
  readonly nodeName: string | undefined;
  readonly zone: string | undefined;
  readonly hostname: string | undefined;
}

export interface HintsDecision {
  readonly mode: HintsMode;
  readonly addressType: AddressType;
  readonly applied: boolean;
  readonly reason: string;
}

export interface DerivedEndpointSlices {
  readonly slices: readonly EndpointSliceModel[];
  /** Every pod in the Service's namespace that its selector matches, in pod-key order. */
  readonly pods: readonly PodEndpointDecision[];
  readonly addressTypes: readonly AddressType[];
  readonly hints: readonly HintsDecision[];
}

/**
 * The Service's address types (getAddressTypesForService): the families of its ClusterIPs, or
 * for a headless Service `spec.ipFamilies` as written, else IPv4 (what the API server defaults
 * a headless Service to on a single-stack IPv4 cluster).
 */
export function serviceAddressTypes(snapshot: Snapshot, service: ServiceModel): AddressType[] {
  const fromIps = [...new Set(service.clusterIPs.map((ip): AddressType => (ip.family === 4 ? 'IPv4' : 'IPv6')))];
  if (fromIps.length > 0) return fromIps;
  const spec = findManifestObject(snapshot, 'Service', service.namespace, service.name)?.body.spec;
  const families = typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>).ipFamilies : undefined;
  const written = Array.isArray(families) ? families.filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6') : [];
  return written.length > 0 ? [...new Set(written)] : ['IPv4'];
}

/** Pods in the Service's namespace that its selector matches (a nil selector matches nothing). */
export function selectServicePods(snapshot: Snapshot, service: ServiceModel): PodModel[] {
  if (service.selector === undefined) return [];
  const selector = canonicalSelector(service.selector, []);
  return podsInNamespace(snapshot, service.namespace).filter((p) => selectorMatches(selector, p.labels));
}

/**
 * The EndpointSlice controller's Reconcile for a Service with a selector
 * (k8s.io/endpointslice reconciler.go): per address type, every selected pod that
 * ShouldPodBeInEndpoints becomes an endpoint — addresses of that family, conditions from
 * readiness and deletion, nodeName, zone from its Node's topology.kubernetes.io/zone, hostname
 * when its subdomain names the Service — grouped into slices by the set of ports it resolves
 * (so a pod that lacks a named targetPort lands in a slice without that port), at most 100 per
 * slice; a placeholder slice when there is none. A pod whose Node does not exist is skipped
 * unless publishNotReadyAddresses (kflow applies this only when the input has Nodes at all).
 * Hints follow the topology annotation or spec.trafficDistribution.
 */
export function deriveEndpointSlices(snapshot: Snapshot, service: ServiceModel): DerivedEndpointSlices {
  const addressTypes = serviceAddressTypes(snapshot, service);
  const nodesByName = new Map(snapshot.nodes.map((n) => [n.name, n]));
  const decisions: PodEndpointDecision[] = [];
  const byType = new Map<AddressType, Map<string, { ports: EndpointPortModel[]; endpoints: EndpointModel[] }>>();
  for (const t of addressTypes) byType.set(t, new Map());

  for (const pod of selectServicePods(snapshot, service)) {
    const node = pod.nodeName !== undefined ? nodesByName.get(pod.nodeName) : undefined;
    const zone = node?.labels[ZONE_LABEL] || undefined;
    const ports = service.ports.map((sp) => ({ servicePort: sp.name ?? String(sp.port), resolution: resolveTargetPort(pod, sp) }));
    const hostname = shouldSetHostname(pod, service) ? pod.hostname : undefined;
    const base = { pod: pod.key, source: pod.source, ports, nodeName: pod.nodeName, zone, hostname };
    const exclusion = podExclusion(pod);
    if (exclusion) {
      const message = exclusion === 'POD_TERMINAL' ? `pod is ${pod.phase} (terminal): never an endpoint` : 'pod has no IP yet: not an endpoint';
      decisions.push({ ...base, included: false, exclusion: { code: exclusion, message } });
      continue;
    }
    if (snapshot.nodes.length > 0 && node === undefined && !service.publishNotReadyAddresses) {
      const message = `node ${pod.nodeName ?? '(none)'} of the pod is not in the input: the controller skips the pod (it would publish it only with publishNotReadyAddresses)`;
      decisions.push({ ...base, included: false, exclusion: { code: 'NODE_NOT_FOUND', message } });
      continue;
    }
    const conditions = podEndpointConditions(pod, service);
    const endpointPorts: EndpointPortModel[] = [];
    service.ports.forEach((sp, i) => {
      const r = ports[i]!.resolution;
      if (r.kind === 'unresolved') return;
      endpointPorts.push({ name: sp.name ?? '', port: r.port, protocol: sp.protocol, appProtocol: sp.appProtocol });
    });
    const portKey = JSON.stringify([...endpointPorts].sort((a, b) => a.name.localeCompare(b.name) || a.protocol.localeCompare(b.protocol)).map((p) => [p.name, p.port, p.protocol, p.appProtocol ?? '']));
    let included = false;
    for (const addressType of addressTypes) {
      const addresses = pod.ips.filter((ip) => (ip.family === 4) === (addressType === 'IPv4')).map(formatIp);
      if (addresses.length === 0) continue;
      included = true;
      const groups = byType.get(addressType)!;
      let group = groups.get(portKey);
      if (!group) groups.set(portKey, (group = { ports: endpointPorts, endpoints: [] }));
      group.endpoints.push({
        addresses,
        conditions: { ...conditions },
        hostname,
        nodeName: pod.nodeName,
        zone,
        hintsForZones: undefined,
        hintsForNodes: undefined,
        targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
        source: pod.source,
      });
    }
    decisions.push({ ...base, included, conditions, ...(included ? {} : { exclusion: { code: 'POD_NO_IP', message: `pod has no ${addressTypes.join('/')} address` } }) });
  }

  const mode = hintsModeFor(service);
  const capacity: NodeZoneCapacity[] | undefined = mode.kind === 'auto' ? readNodeZoneCapacity(snapshot) : undefined;
  const slices: EndpointSliceModel[] = [];
  const hints: HintsDecision[] = [];
  for (const addressType of addressTypes) {
    const groups = [...byType.get(addressType)!.values()];
    // Hints are computed over all of the Service's endpoints of one address type.
    const all = groups.flatMap((g) => g.endpoints);
    let hinted: EndpointModel[];
    let decision: HintsDecision;
    if (mode.kind === 'auto') {
      const r = assignProportionalZoneHints(all, capacity!);
      hinted = r.endpoints;
      decision = { mode, addressType, applied: r.applied, reason: `${mode.annotation}: ${mode.value} — ${r.reason}` };
    } else if (mode.kind === 'trafficDistribution') {
      hinted = assignTrafficDistributionHints(all, mode.sameNode);
      decision = { mode, addressType, applied: true, reason: `spec.trafficDistribution: ${mode.value} — each ready endpoint hinted for its own zone${mode.sameNode ? ' and node' : ''}` };
    } else {
      hinted = all.map((e) => withHints(e, undefined, undefined));
      decision = { mode, addressType, applied: false, reason: mode.reason };
    }
    hints.push(decision);
    let k = 0;
    for (const g of groups) {
      const endpoints = hinted.slice(k, k + g.endpoints.length);
      k += g.endpoints.length;
      for (let i = 0; i < endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
        slices.push(makeSlice(service, addressType, g.ports, endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE), slices.length));
      }
    }
    if (groups.length === 0) slices.push(makeSlice(service, addressType, [], [], slices.length)); // the placeholder slice
  }
  return { slices, pods: decisions, addressTypes, hints };
}

function makeSlice(service: ServiceModel, addressType: AddressType, ports: readonly EndpointPortModel[], endpoints: readonly EndpointModel[], index: number): EndpointSliceModel {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.labels)) {
    if (k !== 'kubernetes.io/service-name' && k !== 'endpointslice.kubernetes.io/managed-by' && k !== 'service.kubernetes.io/headless') labels[k] = v;
  }
  if (service.headless) labels['service.kubernetes.io/headless'] = '';
  labels['kubernetes.io/service-name'] = service.name;
  labels['endpointslice.kubernetes.io/managed-by'] = ENDPOINTSLICE_CONTROLLER;
  return {
    namespace: service.namespace,
    name: `${service.name}-${safeSuffix(`${service.namespace}/${service.name}/${addressType}/${index}`, 5)}`,
    serviceName: service.name,
    managedBy: ENDPOINTSLICE_CONTROLLER,
    addressType,
    ports,
    endpoints,
    labels,
    source: service.source,
    synthesized: true,
  };
}
