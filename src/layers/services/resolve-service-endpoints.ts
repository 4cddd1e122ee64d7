import type { PodModel } from '../../model/objects.js';
import type { ServiceModel, ServicePortModel, ServiceType } from '../../model/service-objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { type Ip, formatIp, parseCidr } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';
import { type CategorizedEndpoints, type TopologyMode, categorizeEndpoints } from './categorize-endpoints.js';
import type { AddressType, HintsDecision } from './derive-endpoint-slices.js';
import { type FieldOrigin, locateObjectField, originOf, podOrigin } from './field-origin.js';
import { type Via, findServicePort } from './find-service.js';
import { type IgnoredEndpointReason, type ProxyEndpoint, collectProxyEndpoints } from './proxy-endpoints.js';
import { type EndpointsOrigin, serviceEndpointSlices } from './service-endpoint-slices.js';
import { SERVICE_PROXY_NAME_LABEL, type ServicePortTraits, servicePortTraits } from './service-port-traits.js';
import { ZONE_LABEL } from './topology-aware-hints.js';
import { DEPRECATED_TOPOLOGY_HINTS_ANNOTATION, TOPOLOGY_MODE_ANNOTATION } from './traffic-distribution-hints.js';

/** Who sends the traffic. kube-proxy on `node` (the pod's node, for a pod) handles it. */
export type ServiceClient =
  | { readonly kind: 'pod'; readonly pod: PodModel }
  /** A process in the node's own network namespace (hostNetwork, kubelet, an SSH session). */
  | { readonly kind: 'node'; readonly node: string }
  /** A client outside the cluster whose traffic arrives at `node`; `ip` when known. */
  | { readonly kind: 'external'; readonly node: string; readonly ip?: Ip };

export interface ServiceEndpointsRequest {
  readonly service: ServiceModel;
  /** The Service's `port` (for every `via`, including nodePort: the port whose nodePort is used). */
  readonly port: number;
  /** Needed only when two Service ports share the number (53/UDP and 53/TCP). */
  readonly protocol?: Protocol;
  readonly via: Via;
  readonly client: ServiceClient;
  /** Which VIP, external IP or LB IP (default: the first of the family). */
  readonly destination?: Ip;
}

export type ResolveErrorCode = 'PORT_NOT_FOUND' | 'PORT_AMBIGUOUS' | 'VIA_NOT_AVAILABLE' | 'DESTINATION_NOT_FOUND';

export interface ServiceEndpointsError {
  readonly kind: 'error';
  readonly code: ResolveErrorCode;
  readonly message: string;
  readonly hint: string;
}

/** What happens to the traffic at the node (the iptables proxier's verdict). */
export type ServiceOutcome = 'forwarded' | 'rejected' | 'dropped' | 'not-proxied';
/** Why nothing was forwarded (shares trace's dropReason vocabulary). */
export type ServiceDropReason = 'NO_ENDPOINTS' | 'NO_LOCAL_ENDPOINTS' | 'LB_SOURCE_RANGE' | 'NOT_PROXIED';

export type CandidateReason =
  | 'SELECTED'
  | 'SELECTED_TERMINATING_FALLBACK'
  | 'NOT_READY'
  | 'TERMINATING'
  | 'NOT_LOCAL'
  | 'TOPOLOGY_OTHER_ZONE'
  | 'TOPOLOGY_OTHER_NODE'
  | 'NO_ENDPOINTS_USABLE'
  | IgnoredEndpointReason
  | 'TARGET_PORT_UNRESOLVED'
  | 'POD_TERMINAL'
  | 'POD_NO_IP'
  | 'NODE_NOT_FOUND';

/** One endpoint kube-proxy could have sent the traffic to, and what it decided. */
export interface CandidateEndpoint {
  /** `ip:port` when the endpoint has a port for this Service port. */
  readonly endpoint: string | undefined;
  readonly address: string | undefined;
  readonly port: number | undefined;
  readonly pod: string | undefined;
  readonly nodeName: string | undefined;
  readonly zone: string | undefined;
  readonly local: boolean | undefined;
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean } | undefined;
  readonly hints: { readonly forZones?: readonly string[]; readonly forNodes?: readonly string[] } | undefined;
  readonly kept: boolean;
  readonly reason: CandidateReason;
  readonly detail: string;
  readonly derivedFrom: readonly FieldOrigin[];
}

export interface EndpointChoice {
  readonly kind: 'choice';
  readonly service: string;
  readonly serviceType: ServiceType;
  readonly via: Via;
  readonly servicePort: {
    readonly name: string | undefined;
    readonly port: number;
    readonly protocol: Protocol;
    readonly targetPort: number | string;
    readonly nodePort: number | undefined;
    readonly origin: FieldOrigin;
  };
  /** The address the traffic was sent to: `clusterIP:port`, `nodeIP:nodePort`, `lbIP:port`, `externalIP:port`. */
  readonly destination: string | undefined;
  readonly addressType: AddressType;
  readonly client: { readonly kind: ServiceClient['kind']; readonly name: string; readonly ip: string | undefined };
  /** The node whose kube-proxy rules handle the traffic, and its zone. */
  readonly node: { readonly name: string | undefined; readonly zone: string | undefined };
  readonly outcome: ServiceOutcome;
  readonly dropReason?: ServiceDropReason;
  /** The set the data plane balances this traffic over (`ip:port`, sorted). */
  readonly endpoints: readonly string[];
  readonly trafficPolicy: {
    /** internal (ClusterIP), external (NodePort/LB/externalIP), or external traffic from inside the node short-circuited to Cluster. */
    readonly applies: 'internal' | 'external' | 'short-circuit';
    readonly field: 'internalTrafficPolicy' | 'externalTrafficPolicy';
    readonly value: 'Cluster' | 'Local';
    readonly effective: 'Cluster' | 'Local';
    readonly reason: string;
    readonly origin: FieldOrigin;
  };
  readonly topology: {
    readonly mode: TopologyMode;
    readonly reason: string;
    /** How hints were set on slices kflow derived (per address type). */
    readonly hints: readonly HintsDecision[];
  };
  /** No ready endpoint was usable, so serving-but-terminating ones were used. */
  readonly terminatingFallback: boolean;
  readonly endpointsFrom: { readonly origin: EndpointsOrigin; readonly reason: string; readonly slices: readonly string[] };
  readonly candidates: readonly CandidateEndpoint[];
  readonly sessionAffinity?: {
    readonly type: 'ClientIP';
    readonly timeoutSeconds: number;
    readonly clientIp: string | undefined;
    readonly effect: string;
    readonly origin: FieldOrigin;
  };
  readonly healthCheck?: {
    readonly nodePort: number | undefined;
    readonly node: string | undefined;
    readonly localReadyEndpoints: number;
    readonly status: 200 | 503;
    readonly effect: string;
  };
  readonly sourceNat: { readonly masquerade: boolean; readonly reason: string };
  readonly externalName?: string;
  /** The fields and objects that decided the outcome. */
  readonly derivedFrom: readonly FieldOrigin[];
  readonly notes: readonly string[];
}

export type ServiceEndpointsResult = EndpointChoice | ServiceEndpointsError;

interface Context {
  readonly snapshot: Snapshot;
  readonly service: ServiceModel;
  readonly servicePort: ServicePortModel;
  readonly portIndex: number;
  readonly id: string;
}

function field(ctx: Context, path: (string | number)[]): FieldOrigin {
  return locateObjectField(ctx.snapshot, 'Service', ctx.service.namespace, ctx.service.name, path, ctx.service.source);
}

function clientNode(client: ServiceClient): string | undefined {
  return client.kind === 'pod' ? client.pod.nodeName : client.node;
}

function nodeFamily(snapshot: Snapshot, node: string | undefined): { ip: Ip | undefined; addressType: AddressType } {
  const ip = snapshot.nodes.find((n) => n.name === node)?.internalIPs[0];
  return { ip, addressType: ip?.family === 6 ? 'IPv6' : 'IPv4' };
}

function hostPort(ip: Ip | string, port: number): string {
  const text = typeof ip === 'string' ? ip : formatIp(ip);
  return text.includes(':') ? `[${text}]:${port}` : `${text}:${port}`;
}

function inRanges(ip: Ip, ranges: readonly string[]): boolean {
  return ranges.some((r) => {
    const c = parseCidr(r);
    return c !== undefined && c.family === ip.family && c.first.value <= ip.value && ip.value <= c.last.value;
  });
}

/**
 * The endpoints kube-proxy (iptables mode) sends one kind of traffic to, with every candidate
 * kept or dropped and why: the Service's EndpointSlices (given, mirrored or derived) → kube-proxy's
 * per-port endpoint list → CategorizeEndpoints on the handling node → the chain this traffic
 * takes (pkg/proxy/iptables/proxier.go syncProxyRules): ClusterIP traffic uses the internal
 * policy chain; NodePort, load-balancer and external-IP traffic from outside uses the external
 * policy chain; such traffic from a pod or from the node itself is short-circuited to the Cluster
 * chain. No usable endpoint anywhere: REJECT; endpoints elsewhere but none local under a Local
 * policy: DROP.
 */
export function resolveServiceEndpoints(snapshot: Snapshot, request: ServiceEndpointsRequest): ServiceEndpointsResult {
  const { service, via, client } = request;
  const id = `${service.namespace}/${service.name}`;
  const found = findServicePort(service, request.port, request.protocol);
  if (found.kind === 'none') {
    const ports = service.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'none';
    return { kind: 'error', code: 'PORT_NOT_FOUND', message: `Service ${id} has no port ${request.port}${request.protocol ? `/${request.protocol}` : ''}`, hint: `Its ports: ${ports}. Give the Service's port, not the targetPort or nodePort.` };
  }
  if (found.kind === 'ambiguous') {
    return { kind: 'error', code: 'PORT_AMBIGUOUS', message: `Service ${id} has port ${request.port} for ${found.ports.map((p) => p.protocol).join(' and ')}`, hint: 'Name the protocol (--protocol UDP or TCP).' };
  }
  const servicePort = found.port;
  const ctx: Context = { snapshot, service, servicePort, portIndex: service.ports.indexOf(servicePort), id };
  const portOrigin = originOf(`Service/${id}`, servicePort.source);
  // NodePort rules match destinations local to a node: traffic to another node's IP is handled there.
  const addressedNode =
    via === 'nodePort' && request.destination ? snapshot.nodes.find((n) => n.internalIPs.some((ip) => ip.family === request.destination!.family && ip.value === request.destination!.value)) : undefined;
  const nodeName = addressedNode?.name ?? clientNode(client);
  const node = snapshot.nodes.find((n) => n.name === nodeName);
  const zone = node?.labels[ZONE_LABEL] ?? '';

  // Which address, and so which IP family (one kube-proxy per family).
  let destinationIp: Ip | undefined;
  let destPort = servicePort.port;
  let addressType: AddressType = 'IPv4';
  const notes: string[] = [];
  const notProxied = (reason: string, extra: Partial<EndpointChoice> = {}): EndpointChoice =>
    baseChoice(ctx, request, portOrigin, { name: nodeName, zone: zone || undefined }, undefined, addressType, { outcome: 'not-proxied', dropReason: 'NOT_PROXIED', notes: [reason, ...notes], ...extra });

  if (service.type === 'ExternalName') {
    return notProxied(`ExternalName Service: DNS answers a CNAME to ${service.externalName ?? '(unset)'}; kube-proxy programs nothing`, {
      externalName: service.externalName,
      derivedFrom: [field(ctx, ['spec', 'externalName'])],
    });
  }
  if (service.labels[SERVICE_PROXY_NAME_LABEL]) {
    return notProxied(`label ${SERVICE_PROXY_NAME_LABEL}=${service.labels[SERVICE_PROXY_NAME_LABEL]}: kube-proxy ignores this Service (another proxy implements it)`, {
      derivedFrom: [field(ctx, ['metadata', 'labels', SERVICE_PROXY_NAME_LABEL])],
    });
  }
  switch (via) {
    case 'clusterIP': {
      if (service.headless) {
        return notProxied('headless Service (clusterIP: None): no virtual IP, kube-proxy ignores it; clients reach pod IPs that DNS returns', {
          derivedFrom: [field(ctx, ['spec', 'clusterIP'])],
        });
      }
      destinationIp = request.destination ?? service.clusterIPs[0];
      if (request.destination && !service.clusterIPs.some((c) => c.family === request.destination!.family && c.value === request.destination!.value)) {
        return { kind: 'error', code: 'DESTINATION_NOT_FOUND', message: `${formatIp(request.destination)} is not a ClusterIP of Service ${id}`, hint: `Its ClusterIPs: ${service.clusterIPs.map(formatIp).join(', ')}.` };
      }
      break;
    }
    case 'nodePort': {
      if (servicePort.nodePort === undefined) {
        return { kind: 'error', code: 'VIA_NOT_AVAILABLE', message: `Service ${id} is type ${service.type}: port ${servicePort.port} has no nodePort`, hint: 'Only NodePort and LoadBalancer Services have node ports; use --via clusterIP.' };
      }
      const nf = nodeFamily(snapshot, nodeName);
      destinationIp = request.destination ?? nf.ip;
      destPort = servicePort.nodePort;
      break;
    }
    case 'loadBalancer': {
      if (service.type !== 'LoadBalancer') {
        return { kind: 'error', code: 'VIA_NOT_AVAILABLE', message: `Service ${id} is type ${service.type}, not LoadBalancer`, hint: service.type === 'NodePort' ? 'Use --via nodePort.' : 'Use --via clusterIP.' };
      }
      const vips = service.loadBalancerIngress.filter((i) => i.ip !== undefined && (i.ipMode === undefined || i.ipMode === 'VIP')).map((i) => i.ip!);
      if (vips.length === 0) {
        const others = service.loadBalancerIngress.map((i) => (i.ip ? `${formatIp(i.ip)} (ipMode ${i.ipMode})` : (i.hostname ?? '?')));
        return {
          kind: 'error',
          code: 'VIA_NOT_AVAILABLE',
          message: others.length === 0 ? `Service ${id} has no load-balancer address (status.loadBalancer.ingress is empty)` : `kube-proxy captures no load-balancer IP of Service ${id}: ${others.join(', ')}`,
          hint: others.length === 0 ? 'Until a load balancer is provisioned, traffic can only arrive through the node ports: use --via nodePort.' : 'The load balancer proxies to the node ports itself: use --via nodePort.',
        };
      }
      destinationIp = request.destination ?? vips[0];
      if (request.destination && !vips.some((v) => v.family === request.destination!.family && v.value === request.destination!.value)) {
        return { kind: 'error', code: 'DESTINATION_NOT_FOUND', message: `${formatIp(request.destination)} is not a load-balancer IP of Service ${id}`, hint: `Its load-balancer IPs: ${vips.map(formatIp).join(', ')}.` };
      }
      break;
    }
    case 'externalIP': {
      if (service.externalIPs.length === 0) {
        return { kind: 'error', code: 'VIA_NOT_AVAILABLE', message: `Service ${id} has no spec.externalIPs`, hint: 'Use --via clusterIP (or nodePort/loadBalancer when the Service has them).' };
      }
      destinationIp = request.destination ?? service.externalIPs[0];
      break;
    }
  }
  addressType = destinationIp?.family === 6 ? 'IPv6' : 'IPv4';
  const traits = servicePortTraits(service, servicePort, addressType);
  const slices = serviceEndpointSlices(snapshot, service);
  const proxy = collectProxyEndpoints(slices.slices, servicePort, addressType, nodeName);
  const categorized = categorizeEndpoints(proxy.endpoints, traits, nodeName ?? '', zone);
  if (nodeName === undefined) notes.push('the client has no node: no endpoint counts as local');
  else if (!node && snapshot.nodes.length > 0) notes.push(`node ${nodeName} is not in the input: its zone is unknown`);

  // Which chain this traffic takes.
  const internal = via === 'clusterIP';
  const fromInside = client.kind !== 'external';
  let chain: 'cluster' | 'local';
  let applies: EndpointChoice['trafficPolicy']['applies'];
  let policyReason: string;
  const policyField = internal ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
  const policyValue = internal ? service.internalTrafficPolicy : (service.externalTrafficPolicy ?? 'Cluster');
  if (internal) {
    applies = 'internal';
    chain = traits.internalPolicyLocal ? 'local' : 'cluster';
    policyReason = traits.internalPolicyLocal ? `internalTrafficPolicy Local: only endpoints on node ${nodeName ?? '(none)'}` : 'internalTrafficPolicy Cluster: endpoints on any node';
  } else if (traits.externalPolicyLocal && fromInside) {
    applies = 'short-circuit';
    chain = 'cluster';
    policyReason = client.kind === 'pod'
      ? 'externalTrafficPolicy Local, but traffic from a pod to an external destination is short-circuited to the Cluster endpoints (as if it went out to the load balancer and back)'
      : 'externalTrafficPolicy Local, but traffic from the node itself is routed to the Cluster endpoints (and masqueraded)';
  } else {
    applies = 'external';
    chain = traits.externalPolicyLocal ? 'local' : 'cluster';
    policyReason = traits.externalPolicyLocal ? `externalTrafficPolicy Local: only endpoints on node ${nodeName ?? '(none)'}, the node the traffic arrived at` : 'externalTrafficPolicy Cluster: endpoints on any node';
  }
  const policyOrigin = field(ctx, ['spec', policyField]);
  const chosen = chain === 'local' ? (categorized.localEndpoints ?? []) : (categorized.clusterEndpoints ?? []);

  let outcome: ServiceOutcome = 'forwarded';
  let dropReason: ServiceDropReason | undefined;
  if (!categorized.hasAnyEndpoints) {
    outcome = 'rejected';
    dropReason = 'NO_ENDPOINTS';
  } else if (chosen.length === 0) {
    outcome = 'dropped';
    dropReason = 'NO_LOCAL_ENDPOINTS';
  }
  // loadBalancerSourceRanges: the firewall chain drops other sources (VIP-mode load balancers only).
  if (outcome === 'forwarded' && via === 'loadBalancer' && traits.loadBalancerSourceRanges.length > 0) {
    // A pod's own IP is its source; a node's connection to the LB IP is allowed when the node IP is in a range.
    const source = client.kind === 'pod' ? client.pod.ips[0] : client.kind === 'node' ? node?.internalIPs[0] : client.ip;
    if (source) {
      if (!inRanges(source, traits.loadBalancerSourceRanges)) {
        outcome = 'dropped';
        dropReason = 'LB_SOURCE_RANGE';
        notes.push(`source ${formatIp(source)} is outside spec.loadBalancerSourceRanges (${traits.loadBalancerSourceRanges.join(', ')})`);
      }
    } else notes.push(`only sources in spec.loadBalancerSourceRanges (${traits.loadBalancerSourceRanges.join(', ')}) get through; others are dropped`);
  }
  const usedTerminating = chain === 'local' ? categorized.localUsesTerminating : categorized.clusterUsesTerminating;
  const kept = new Set(outcome === 'forwarded' ? chosen.map((e) => e.key) : []);
  const candidates = explainCandidates(ctx, proxy.endpoints, proxy.ignored, categorized, chain, kept, usedTerminating, outcome, nodeName, zone, policyOrigin);

  // Source NAT (masquerade), as the endpoint sees the connection.
  const clientIp = client.kind === 'pod' ? client.pod.ips[0] : client.kind === 'external' ? client.ip : node?.internalIPs[0];
  let sourceNat: EndpointChoice['sourceNat'];
  if (internal) {
    if (client.kind === 'pod') {
      const own = client.pod.ips[0] ? formatIp(client.pod.ips[0]) : undefined;
      const toSelf = [...kept].filter((k) => own !== undefined && k.startsWith(`${own}:`)).length;
      sourceNat =
        toSelf > 0 && toSelf === kept.size
          ? { masquerade: true, reason: 'hairpin: the pod reaches itself through the Service, so the source is masqueraded' }
          : toSelf > 0
            ? { masquerade: false, reason: 'the pod IP is kept, except for connections that land on the pod itself (hairpin: masqueraded)' }
            : { masquerade: false, reason: 'pod traffic to a ClusterIP keeps the pod IP as source' };
    } else sourceNat = { masquerade: true, reason: 'traffic to a ClusterIP from outside the pod network is masqueraded to the node IP' };
  } else if (applies === 'short-circuit') {
    sourceNat = client.kind === 'pod' ? { masquerade: false, reason: 'short-circuited pod traffic keeps the pod IP as source' } : { masquerade: true, reason: 'traffic from the node itself is masqueraded' };
  } else if (traits.externalPolicyLocal) {
    sourceNat = { masquerade: false, reason: 'externalTrafficPolicy Local keeps the client IP' };
  } else {
    sourceNat = { masquerade: true, reason: `externalTrafficPolicy Cluster masquerades the source to node ${nodeName ?? '?'}'s IP (the endpoint may be on another node)` };
  }

  const derivedFrom: FieldOrigin[] = [portOrigin, policyOrigin];
  if (categorized.topologyMode !== '') derivedFrom.push(topologyOrigin(ctx));
  if (slices.origin === 'EndpointSlice') for (const s of slices.slices) derivedFrom.push(originOf(`EndpointSlice/${s.namespace}/${s.name}`, s.source));
  else if (slices.origin === 'Endpoints') derivedFrom.push(locateObjectField(snapshot, 'Endpoints', service.namespace, service.name, []));
  else if (slices.origin === 'derived') derivedFrom.push(field(ctx, ['spec', 'selector']));
  if (dropReason === 'LB_SOURCE_RANGE') derivedFrom.push(field(ctx, ['spec', 'loadBalancerSourceRanges']));

  let sessionAffinity: EndpointChoice['sessionAffinity'];
  if (traits.sessionAffinity === 'ClientIP') {
    const origin = field(ctx, ['spec', 'sessionAffinity']);
    derivedFrom.push(origin);
    sessionAffinity = {
      type: 'ClientIP',
      timeoutSeconds: traits.stickyMaxAgeSeconds ?? 10800,
      clientIp: clientIp ? formatIp(clientIp) : undefined,
      effect: `every connection from ${clientIp ? formatIp(clientIp) : 'one client IP'} goes to the endpoint its first connection picked, until ${traits.stickyMaxAgeSeconds ?? 10800} s pass without traffic; which one is chosen at random among the endpoints listed`,
      origin,
    };
  }

  let healthCheck: EndpointChoice['healthCheck'];
  if (traits.needsHealthCheck) {
    const localReady = new Set<string>();
    for (const sp of service.ports) {
      for (const e of collectProxyEndpoints(slices.slices, sp, addressType, nodeName).endpoints) if (e.ready && e.isLocal) localReady.add(e.ip);
    }
    const status = localReady.size > 0 ? 200 : 503;
    healthCheck = {
      nodePort: service.healthCheckNodePort,
      node: nodeName,
      localReadyEndpoints: localReady.size,
      status,
      effect: `node ${nodeName ?? '?'} answers the load balancer's health check on ${service.healthCheckNodePort !== undefined ? `port ${service.healthCheckNodePort}` : 'spec.healthCheckNodePort (allocated by the API server)'} with ${
        status === 200 ? `200: it has ${localReady.size} local ready endpoint(s)` : '503: no local ready endpoint, so a load balancer that honours it sends this node no traffic'
      }`,
    };
  }
  if (via === 'loadBalancer' && traits.loadBalancerNotCaptured.length > 0) notes.push(`load-balancer ingress kube-proxy does not capture: ${traits.loadBalancerNotCaptured.join(', ')}`);
  if (slices.origin === 'none') notes.push(slices.reason);
  if (slices.derivation && slices.derivation.pods.length === 0) {
    const selector = Object.entries(service.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    notes.push(`spec.selector ${selector} matches no pod in namespace ${service.namespace}`);
  }

  return {
    ...baseChoice(ctx, request, portOrigin, { name: nodeName, zone: zone || undefined }, destinationIp ? hostPort(destinationIp, destPort) : undefined, addressType, {
      outcome,
      ...(dropReason ? { dropReason } : {}),
      notes,
      derivedFrom,
    }),
    endpoints: outcome === 'forwarded' ? chosen.map((e) => e.key) : [],
    trafficPolicy: { applies, field: policyField, value: policyValue, effective: chain === 'local' ? 'Local' : 'Cluster', reason: policyReason, origin: policyOrigin },
    topology: { mode: chain === 'cluster' ? categorized.topologyMode : '', reason: chain === 'cluster' ? categorized.topologyReason : 'topology does not apply to Local policy', hints: slices.derivation?.hints ?? [] },
    terminatingFallback: outcome === 'forwarded' && usedTerminating,
    endpointsFrom: { origin: slices.origin, reason: slices.reason, slices: slices.slices.map((s) => `${s.namespace}/${s.name}`) },
    candidates,
    ...(sessionAffinity ? { sessionAffinity } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    sourceNat,
  };
}

function topologyOrigin(ctx: Context): FieldOrigin {
  const a = ctx.service.annotations;
  if (a[DEPRECATED_TOPOLOGY_HINTS_ANNOTATION] !== undefined) return field(ctx, ['metadata', 'annotations', DEPRECATED_TOPOLOGY_HINTS_ANNOTATION]);
  if (a[TOPOLOGY_MODE_ANNOTATION] !== undefined) return field(ctx, ['metadata', 'annotations', TOPOLOGY_MODE_ANNOTATION]);
  return field(ctx, ['spec', 'trafficDistribution']);
}

function baseChoice(
  ctx: Context,
  request: ServiceEndpointsRequest,
  portOrigin: FieldOrigin,
  node: EndpointChoice['node'],
  destination: string | undefined,
  addressType: AddressType,
  rest: Partial<EndpointChoice>,
): EndpointChoice {
  const { service, servicePort } = ctx;
  const client = request.client;
  const clientInfo: EndpointChoice['client'] =
    client.kind === 'pod'
      ? { kind: 'pod', name: client.pod.key, ip: client.pod.ips[0] ? formatIp(client.pod.ips[0]) : undefined }
      : client.kind === 'node'
        ? { kind: 'node', name: client.node, ip: ctx.snapshot.nodes.find((n) => n.name === client.node)?.internalIPs[0] ? formatIp(ctx.snapshot.nodes.find((n) => n.name === client.node)!.internalIPs[0]!) : undefined }
        : { kind: 'external', name: `external client via ${client.node}`, ip: client.ip ? formatIp(client.ip) : undefined };
  const policyValue = request.via === 'clusterIP' ? service.internalTrafficPolicy : (service.externalTrafficPolicy ?? 'Cluster');
  const policyField = request.via === 'clusterIP' ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
  return {
    kind: 'choice',
    service: ctx.id,
    serviceType: service.type,
    via: request.via,
    servicePort: { name: servicePort.name, port: servicePort.port, protocol: servicePort.protocol, targetPort: servicePort.targetPort, nodePort: servicePort.nodePort, origin: portOrigin },
    destination,
    addressType,
    client: clientInfo,
    node,
    outcome: 'not-proxied',
    endpoints: [],
    trafficPolicy: { applies: request.via === 'clusterIP' ? 'internal' : 'external', field: policyField, value: policyValue, effective: policyValue, reason: 'not proxied', origin: field(ctx, ['spec', policyField]) },
    topology: { mode: '', reason: 'not proxied', hints: [] },
    terminatingFallback: false,
    endpointsFrom: { origin: 'none', reason: 'not proxied', slices: [] },
    candidates: [],
    sourceNat: { masquerade: false, reason: 'not proxied' },
    derivedFrom: [portOrigin],
    notes: [],
    ...rest,
  };
}

function explainCandidates(
  ctx: Context,
  endpoints: readonly ProxyEndpoint[],
  ignored: ReturnType<typeof collectProxyEndpoints>['ignored'],
  categorized: CategorizedEndpoints<ProxyEndpoint>,
  chain: 'cluster' | 'local',
  kept: ReadonlySet<string>,
  usedTerminating: boolean,
  outcome: ServiceOutcome,
  nodeName: string | undefined,
  zone: string,
  policyOrigin: FieldOrigin,
): CandidateEndpoint[] {
  const out: CandidateEndpoint[] = [];
  // A derived endpoint is the pod (or the Endpoints address) it was made from; a given one, its slice entry.
  const sliceOrigin = (e: ProxyEndpoint): FieldOrigin =>
    !e.sliceSynthesized
      ? originOf(`EndpointSlice/${e.slice}`, e.source)
      : e.pod && e.source.path === ''
        ? podOrigin(ctx.snapshot, e.pod, e.source)
        : originOf(`Endpoints/${ctx.service.namespace}/${ctx.service.name}`, e.source);
  for (const e of endpoints) {
    const base = {
      endpoint: e.key,
      address: e.ip,
      port: e.port,
      pod: e.pod,
      nodeName: e.nodeName,
      zone: e.zone,
      local: e.isLocal,
      conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
      hints: e.zoneHints || e.nodeHints ? { ...(e.zoneHints ? { forZones: e.zoneHints } : {}), ...(e.nodeHints ? { forNodes: e.nodeHints } : {}) } : undefined,
    };
    const state = e.ready ? 'ready' : e.serving && e.terminating ? 'serving but terminating' : e.terminating ? 'terminating, not serving' : 'not ready';
    let reason: CandidateReason;
    let detail: string;
    const why: FieldOrigin[] = [sliceOrigin(e)];
    if (kept.has(e.key)) {
      reason = usedTerminating ? 'SELECTED_TERMINATING_FALLBACK' : 'SELECTED';
      detail = usedTerminating
        ? `${state}: used because no ready endpoint is available${chain === 'local' ? ' on this node' : ''} (serving-terminating fallback)`
        : `${state}${chain === 'local' ? `, on node ${nodeName}` : categorized.topologyMode !== '' ? `, hinted for ${categorized.topologyMode === 'PreferSameNode' ? `node ${nodeName}` : `zone ${zone}`}` : ''}`;
    } else if (outcome === 'rejected') {
      reason = 'NO_ENDPOINTS_USABLE';
      detail = `${state}: not usable, and no endpoint is (ready, or serving while terminating)`;
    } else if (chain === 'local' && !e.isLocal) {
      reason = 'NOT_LOCAL';
      detail = `${state}, on node ${e.nodeName ?? '(none)'}: Local policy keeps only endpoints on node ${nodeName ?? '(none)'}`;
      why.push(policyOrigin);
    } else if (!e.ready && !(e.serving && e.terminating)) {
      reason = 'NOT_READY';
      detail = `${state}: never used`;
    } else if (!e.ready) {
      reason = 'TERMINATING';
      detail = `${state}: used only when no ready endpoint is left`;
    } else if (chain === 'cluster' && categorized.topologyMode === 'PreferSameZone') {
      reason = 'TOPOLOGY_OTHER_ZONE';
      detail = `ready, but hinted for zone(s) ${(e.zoneHints ?? []).join(', ')}, not ${zone}`;
      why.push(topologyOrigin(ctx));
    } else if (chain === 'cluster' && categorized.topologyMode === 'PreferSameNode') {
      reason = 'TOPOLOGY_OTHER_NODE';
      detail = `ready, but hinted for node(s) ${(e.nodeHints ?? []).join(', ')}, not ${nodeName}`;
      why.push(topologyOrigin(ctx));
    } else {
      reason = 'NOT_READY';
      detail = `${state}: not chosen`;
    }
    out.push({ ...base, kept: kept.has(e.key), reason, detail, derivedFrom: why });
  }
  const derivation = serviceEndpointSlices(ctx.snapshot, ctx.service).derivation;
  const portLabel = ctx.servicePort.name ?? String(ctx.servicePort.port);
  const unresolvedByPod = new Map<string, string>();
  const zoneByPod = new Map((derivation?.pods ?? []).map((d) => [d.pod, d.zone]));
  for (const d of derivation?.pods ?? []) {
    const r = d.ports.find((p) => p.servicePort === portLabel)?.resolution;
    if (d.included && r?.kind === 'unresolved') unresolvedByPod.set(d.pod, r.reason);
  }
  for (const i of ignored) {
    const unresolved = i.reason === 'PORT_NOT_IN_SLICE' && i.pod ? unresolvedByPod.get(i.pod) : undefined;
    out.push({
      endpoint: undefined,
      address: i.address,
      port: undefined,
      pod: i.pod,
      nodeName: i.nodeName,
      zone: i.pod ? zoneByPod.get(i.pod) : undefined,
      local: undefined,
      conditions: undefined,
      hints: undefined,
      kept: false,
      reason: unresolved ? 'TARGET_PORT_UNRESOLVED' : i.reason,
      detail: unresolved ? `targetPort ${JSON.stringify(ctx.servicePort.targetPort)}: ${unresolved}` : i.message,
      derivedFrom: unresolved ? [field(ctx, ['spec', 'ports', ctx.portIndex, 'targetPort']), podOrigin(ctx.snapshot, i.pod!, i.source)] : [originOf(`EndpointSlice/${i.slice}`, i.source)],
    });
  }
  for (const d of derivation?.pods ?? []) {
    if (d.included || !d.exclusion) continue;
    out.push({
      endpoint: undefined,
      address: undefined,
      port: undefined,
      pod: d.pod,
      nodeName: d.nodeName,
      zone: d.zone,
      local: undefined,
      conditions: undefined,
      hints: undefined,
      kept: false,
      reason: d.exclusion.code,
      detail: d.exclusion.message,
      derivedFrom: [podOrigin(ctx.snapshot, d.pod, d.source)],
    });
  }
  return out;
}
