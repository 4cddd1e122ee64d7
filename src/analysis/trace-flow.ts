import type { PodModel } from '../model/objects.js';
import { isActivePod } from '../model/snapshot.js';
import type { IngressModel, HTTPRouteModel, ServiceModel } from '../model/service-objects.js';
import type { Snapshot } from '../model/snapshot.js';
import { type Ip, formatIp, parseIp } from '../net/ip.js';
import type { Protocol } from '../net/protocol.js';
import { type DnsModel, buildDnsModel, podResolvConf } from '../layers/dns/dns-model.js';
import { nameserverTargets } from '../layers/dns/nameserver-targets.js';
import { answerAddresses, resolveName } from '../layers/dns/resolve-name.js';
import type { DnsOrigin } from '../layers/dns/dns-types.js';
import { type Endpoint, evaluateConnection } from '../layers/policy/evaluate-connection.js';
import type { PolicyEngine } from '../layers/policy/policy-engine.js';
import type { RuleOrigin } from '../layers/policy/policy-ir.js';
import type { FieldOrigin } from '../layers/services/field-origin.js';
import { resolveServiceAddress } from '../layers/services/resolve-service-address.js';
import { type EndpointChoice, type ServiceClient, resolveServiceEndpoints } from '../layers/services/resolve-service-endpoints.js';
import { type FlowTrace, type Hop, endpointForIp, nameOf, tracePolicyPair } from './trace.js';
import { gatewayController, ingressController } from './check/rules/ingress-controllers.js';

/**
 * End-to-end trace across the four layers, for the question users actually ask: "why can't my
 * frontend reach http://api.shop:8080/?" The path, hop by hop:
 *   DNS     — can the pod reach cluster DNS at all (its egress policy, on 53/UDP, to the CoreDNS
 *             pods), then the names its stub resolver sends and the answer;
 *   route   — for a URL whose host an Ingress or HTTPRoute routes: client → controller pods →
 *             backend Service, each leg with its own policies;
 *   service — VIP and port mapping, every candidate endpoint kept or dropped and why
 *             (kube-proxy's semantics, from the Services layer);
 *   policy  — per endpoint, egress at the source and ingress at the destination, on the post-DNAT
 *             pod IP and target port, with the source as the data plane sees it (SNAT for external
 *             clients through externalTrafficPolicy: Cluster).
 */

/** Why a flow was dropped: a fixed vocabulary, as flow records have. */
export type FlowDropReason =
  | 'POLICY_DENIED'
  | 'DNS_BLOCKED'
  | 'DNS_NXDOMAIN'
  | 'NO_ENDPOINTS'
  | 'NO_LOCAL_ENDPOINTS'
  | 'PORT_NOT_EXPOSED'
  | 'LB_SOURCE_RANGE'
  | 'NOT_PROXIED'
  | 'NO_ROUTE';

/** Where a decision came from, whatever the layer: an object, a field, a file and line. */
export interface TraceOrigin {
  readonly object: string;
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly what?: string;
}

/** A hop of the shared path (DNS, route, Service): same shape as policy hops, other layers. */
export interface PathHop {
  readonly layer: 'dns' | 'route' | 'service';
  readonly observationPoint: 'dns-policy' | 'dns-lookup' | 'ingress-route' | 'service';
  readonly from: string;
  readonly to: string;
  readonly decision: 'allow' | 'deny';
  readonly reason: string;
  readonly detail: string;
  readonly derivedFrom: readonly TraceOrigin[];
  /** Layer-specific facts (the DNS names tried, the Service's candidate endpoints, ...). */
  readonly data?: Readonly<Record<string, unknown>>;
}

export type AnyHop = PathHop | Hop;

export interface EndpointFlow {
  /** `ip:port` of the endpoint (post-DNAT). */
  readonly endpoint: string;
  readonly pod: string | undefined;
  readonly verdict: 'allow' | 'deny';
  readonly dropReason?: FlowDropReason;
  /** Source as the endpoint sees it (a node IP after SNAT). */
  readonly seenSource: string;
  readonly hops: readonly Hop[];
}

export interface EndToEndTrace {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly verdict: 'allow' | 'deny' | 'partial';
  readonly dropReason?: FlowDropReason;
  /** Every hop of the first (or first failing) path: shared hops, then that endpoint's. */
  readonly hops: readonly AnyHop[];
  /** Hops shared by every endpoint (DNS, route, Service). */
  readonly path: readonly PathHop[];
  /** One entry per endpoint the traffic may land on, with its own policy verdict. */
  readonly endpoints: readonly EndpointFlow[];
  readonly notes: readonly string[];
}

export type TraceSource = { readonly kind: 'pod'; readonly pod: PodModel } | { readonly kind: 'external'; readonly ip: Ip };

export type TraceTargetSpec =
  | { readonly kind: 'pods'; readonly pods: readonly PodModel[]; readonly port: number | string }
  | { readonly kind: 'ip'; readonly ip: Ip; readonly port: number }
  | { readonly kind: 'name'; readonly host: string; readonly port: number; readonly scheme?: string; readonly path?: string };

export interface FlowTraceContext {
  readonly snapshot: Snapshot;
  readonly engine: PolicyEngine;
  readonly dns?: DnsModel;
  /** Node an external client's traffic enters at (default: chosen per Service, see entryNodeFor). */
  readonly entryNode?: string;
}

/** Parses `--to`: a URL, `host:port`, an IP or a name (with `port`). */
export function parseTraceTarget(text: string, port: number | undefined): { host: string; port: number | undefined; scheme?: string; path?: string } {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([/?#].*)?$/i.exec(text);
  if (url) {
    const scheme = url[1]!.toLowerCase();
    const defaults: Record<string, number> = { http: 80, https: 443, grpc: 80, ws: 80, wss: 443 };
    const p = url[3] !== undefined ? Number(url[3]) : (port ?? defaults[scheme]);
    return { host: url[2]!.replace(/^\[|\]$/g, ''), port: p, scheme, path: url[4] ?? '/' };
  }
  const hp = /^(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(text);
  if (hp) return { host: hp[1]!.replace(/^\[|\]$/g, ''), port: Number(hp[2]) };
  return { host: text, port };
}

function sourceName(s: TraceSource): string {
  return s.kind === 'pod' ? s.pod.key : `external:${formatIp(s.ip)}`;
}

function fromRule(o: RuleOrigin): TraceOrigin {
  return { object: o.policy, path: o.path, file: o.file, line: o.line, column: o.column };
}

function fromField(o: FieldOrigin): TraceOrigin {
  return { object: o.object, path: o.path, file: o.file, line: o.line, column: o.column };
}

function fromDns(o: DnsOrigin): TraceOrigin {
  return { object: o.object ?? '', path: o.path, file: o.file, line: o.line, column: o.column, what: o.what };
}

function dedupeOrigins(list: readonly TraceOrigin[]): TraceOrigin[] {
  const seen = new Set<string>();
  return list.filter((o) => {
    const k = `${o.object}|${o.path}|${o.file}|${o.line}|${o.what ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function aggregate(endpoints: readonly EndpointFlow[]): { verdict: 'allow' | 'deny' | 'partial'; dropReason?: FlowDropReason } {
  const allows = endpoints.filter((e) => e.verdict === 'allow').length;
  if (endpoints.length > 0 && allows === endpoints.length) return { verdict: 'allow' };
  const firstDeny = endpoints.find((e) => e.verdict === 'deny');
  return { verdict: allows === 0 ? 'deny' : 'partial', dropReason: firstDeny?.dropReason ?? 'POLICY_DENIED' };
}

function finish(
  from: string,
  to: string,
  protocol: Protocol,
  port: number,
  path: PathHop[],
  endpoints: EndpointFlow[],
  notes: string[],
  stop?: FlowDropReason,
): EndToEndTrace {
  if (stop) return { from, to, protocol, port, verdict: 'deny', dropReason: stop, hops: path, path, endpoints, notes };
  const agg = aggregate(endpoints);
  const shown = endpoints.find((e) => e.verdict === 'deny') ?? endpoints[0];
  return { from, to, protocol, port, ...agg, hops: [...path, ...(shown?.hops ?? [])], path, endpoints, notes };
}

/** Traces one source to one target across DNS, Ingress/Gateway routing, Services and policy. */
export function traceEndToEnd(ctx: FlowTraceContext, source: TraceSource, target: TraceTargetSpec, protocol: Protocol): EndToEndTrace {
  const from = sourceName(source);
  const path: PathHop[] = [];
  const notes: string[] = [];
  if (target.kind === 'pods') {
    const endpoints: EndpointFlow[] = [];
    let port = typeof target.port === 'number' ? target.port : 0;
    for (const pod of target.pods) {
      const p = typeof target.port === 'number' ? target.port : pod.ports.find((cp) => cp.name === target.port)?.containerPort;
      if (p === undefined) continue;
      port = p;
      endpoints.push(endpointFlow(ctx, sourceEndpoint(ctx, source), { kind: 'pod', pod }, protocol, p, from));
    }
    const to = target.pods.length === 1 ? target.pods[0]!.key : `${target.pods.length} pods`;
    return finish(from, to, protocol, port, path, endpoints, notes);
  }
  if (target.kind === 'name') {
    const route = routeForHost(ctx.snapshot, target.host, target.path ?? '/', target.scheme);
    if (route) return traceThroughController(ctx, source, target, route, protocol);
    const to = `${target.host}:${target.port}`;
    if (source.kind !== 'pod') {
      path.push({ layer: 'dns', observationPoint: 'dns-lookup', from, to: target.host, decision: 'deny', reason: 'external-client-name', detail: `${target.host} is resolved by the client's own DNS outside the cluster; give the address (a node IP with a nodePort, or a LoadBalancer IP) instead`, derivedFrom: [] });
      return finish(from, to, protocol, target.port, path, [], notes, 'NO_ROUTE');
    }
    const dns = ctx.dns ?? buildDnsModel(ctx.snapshot);
    const reach = dnsReachability(ctx, dns, source.pod);
    path.push(reach.hop);
    if (!reach.ok) return finish(from, to, protocol, target.port, path, [], notes, 'DNS_BLOCKED');
    const lookup = resolveName(ctx.snapshot, { pod: source.pod, name: target.host, type: 'A' }, { model: dns });
    const addresses = answerAddresses(lookup);
    path.push({
      layer: 'dns',
      observationPoint: 'dns-lookup',
      from,
      to: target.host,
      decision: lookup.rcode === 'NXDOMAIN' ? 'deny' : 'allow',
      reason: lookup.status,
      detail:
        lookup.rcode === 'NXDOMAIN'
          ? `${target.host} does not resolve: ${lookup.reason} (tried ${lookup.tried.join(', ')})`
          : lookup.forwarded
            ? `${target.host} is not a cluster name: forwarded to ${(lookup.forwardedTo ?? ['upstream']).join(', ')} (answer unknown to kflow; tried ${lookup.tried.join(', ')})`
            : `${target.host} → ${addresses.join(', ') || '(no address)'} (tried ${lookup.tried.join(', ')})`,
      derivedFrom: dedupeOrigins(lookup.steps.flatMap((s) => s.derivedFrom).map(fromDns)).slice(0, 6),
      data: { tried: lookup.tried, rcode: lookup.rcode, answers: lookup.answers.map((a) => ({ name: a.name, type: a.type, data: a.data })), forwarded: lookup.forwarded },
    });
    if (lookup.rcode === 'NXDOMAIN') return finish(from, to, protocol, target.port, path, [], notes, 'DNS_NXDOMAIN');
    if (lookup.forwarded || addresses.length === 0) {
      notes.push(`${target.host} resolves outside the cluster; its address is unknown, so only policy that does not depend on the address can be judged.`);
      const unknown: Endpoint = { kind: 'external', ip: { family: 4, value: 0 }, label: `${target.host} (external)` };
      const flow = endpointFlow(ctx, sourceEndpoint(ctx, source), unknown, protocol, target.port, from);
      return finish(from, to, protocol, target.port, path, [flow], notes);
    }
    const endpoints: EndpointFlow[] = [];
    for (const a of addresses) {
      const ip = parseIp(a);
      if (!ip) continue;
      endpoints.push(...traceAddress(ctx, source, ip, target.port, protocol, from, path, notes).endpoints);
      const stop = path.find((h) => h.layer === 'service' && h.decision === 'deny');
      if (stop) return finish(from, to, protocol, target.port, path, endpoints, notes, (stop.data?.dropReason as FlowDropReason | undefined) ?? 'NO_ENDPOINTS');
      break; // kube-proxy balances one VIP; several A records of a headless Service are endpoints already
    }
    return finish(from, to, protocol, target.port, path, endpoints, notes);
  }
  const to = `${formatIp(target.ip)}:${target.port}`;
  const r = traceAddress(ctx, source, target.ip, target.port, protocol, from, path, notes);
  return finish(from, to, protocol, target.port, path, r.endpoints, notes, r.stop);
}

/** The source as an endpoint for policy. */
function sourceEndpoint(ctx: FlowTraceContext, s: TraceSource): Endpoint {
  return s.kind === 'pod' ? { kind: 'pod', pod: s.pod } : endpointForIp(ctx.snapshot, s.ip);
}

function endpointFlow(ctx: FlowTraceContext, src: Endpoint, dst: Endpoint, protocol: Protocol, port: number, label: string, seen?: string): EndpointFlow {
  const f: FlowTrace = tracePolicyPair(ctx.engine, src, dst, protocol, port);
  const endpoint = dst.kind === 'pod' ? `${dst.pod.ips[0] ? formatIp(dst.pod.ips[0]) : '?'}:${port}` : `${dst.label ?? formatIp(dst.ip)}:${port}`;
  return {
    endpoint,
    pod: dst.kind === 'pod' ? dst.pod.key : undefined,
    verdict: f.verdict,
    ...(f.verdict === 'deny' ? { dropReason: 'POLICY_DENIED' as const } : {}),
    seenSource: seen ?? label,
    hops: f.hops,
  };
}

/** Can the pod reach cluster DNS: egress at the pod and ingress at CoreDNS, 53/UDP, post-DNAT. */
function dnsReachability(ctx: FlowTraceContext, dns: DnsModel, pod: PodModel): { ok: boolean; hop: PathHop } {
  const rc = podResolvConf(dns, pod);
  const targets = nameserverTargets(dns, rc);
  const primary = targets[0];
  const from = pod.key;
  if (!primary) {
    return { ok: false, hop: { layer: 'dns', observationPoint: 'dns-policy', from, to: '(no nameserver)', decision: 'deny', reason: 'no-nameserver', detail: "the pod's resolv.conf has no nameserver", derivedFrom: [] } };
  }
  if (!primary.clusterDns || !primary.service) {
    return {
      ok: true,
      hop: { layer: 'dns', observationPoint: 'dns-policy', from, to: primary.nameserver, decision: 'allow', reason: 'not-cluster-dns', detail: `the pod asks ${primary.nameserver}, not the cluster DNS (dnsPolicy ${pod.dnsPolicy ?? 'ClusterFirst'}${pod.hostNetwork ? ', hostNetwork' : ''}); its reachability is the node's business`, derivedFrom: [fromDns(primary.origin)] },
    };
  }
  const servers = dnsServerPods(ctx.snapshot, primary.service);
  let firstDeny: ReturnType<typeof evaluateConnection> | undefined;
  for (const server of servers) {
    const v = evaluateConnection(ctx.engine, { kind: 'pod', pod }, { kind: 'pod', pod: server }, 'UDP', 53);
    if (v.allowed) {
      return {
        ok: true,
        hop: {
          layer: 'dns',
          observationPoint: 'dns-policy',
          from,
          to: `${primary.nameserver} (${server.key})`,
          decision: 'allow',
          reason: v.egress.reason,
          detail: `the pod can reach cluster DNS ${primary.nameserver} → ${server.key} on 53/UDP`,
          derivedFrom: [...v.egress.decidedBy, ...v.ingress.decidedBy].map(fromRule),
        },
      };
    }
    firstDeny ??= v;
  }
  const side = firstDeny ? (!firstDeny.egress.allowed ? firstDeny.egress : firstDeny.ingress) : undefined;
  const origins = side ? (side.reason === 'no-rule-matched' ? side.isolatedBy : side.decidedBy) : [];
  return {
    ok: false,
    hop: {
      layer: 'dns',
      observationPoint: 'dns-policy',
      from,
      to: primary.nameserver,
      decision: 'deny',
      reason: servers.length === 0 ? 'no-dns-pods' : 'policy-denied',
      detail:
        servers.length === 0
          ? `cluster DNS ${primary.nameserver} has no ready endpoint: every lookup fails`
          : side?.direction === 'egress'
            ? `${from} cannot reach cluster DNS on 53/UDP: its egress is isolated by ${origins.map((o) => o.policy).join(', ')} and no rule allows DNS`
            : `CoreDNS does not accept 53/UDP from ${from}: its ingress is isolated by ${origins.map((o) => o.policy).join(', ')}`,
      derivedFrom: origins.map(fromRule),
    },
  };
}

function dnsServerPods(snapshot: Snapshot, service: ServiceModel): PodModel[] {
  const sel = service.selector;
  if (!sel) return [];
  return snapshot.pods.filter((p) => p.namespace === service.namespace && isActivePod(p) && Object.entries(sel).every(([k, v]) => p.labels[k] === v));
}

/** An external client's entry node: the addressed node for a NodePort, else one that would pass the LB health check. */
function entryNodeFor(ctx: FlowTraceContext, ip: Ip): string | undefined {
  if (ctx.entryNode) return ctx.entryNode;
  const byIp = ctx.snapshot.nodes.find((n) => n.internalIPs.some((x) => x.family === ip.family && x.value === ip.value));
  if (byIp) return byIp.name;
  return [...ctx.snapshot.nodes].sort((a, b) => a.name.localeCompare(b.name))[0]?.name;
}

function serviceClient(ctx: FlowTraceContext, source: TraceSource, ip: Ip): ServiceClient {
  if (source.kind === 'pod') return { kind: 'pod', pod: source.pod };
  return { kind: 'external', node: entryNodeFor(ctx, ip) ?? '', ip: source.ip };
}

/** Traffic to an address: a Service front door (then its endpoints), a pod, or outside. */
function traceAddress(
  ctx: FlowTraceContext,
  source: TraceSource,
  ip: Ip,
  port: number,
  protocol: Protocol,
  from: string,
  path: PathHop[],
  notes: string[],
): { endpoints: EndpointFlow[]; stop?: FlowDropReason } {
  const client = serviceClient(ctx, source, ip);
  let routes = resolveServiceAddress(ctx.snapshot, client, ip, port, protocol);
  if (routes.length > 0 && source.kind === 'external' && routes[0]!.result.kind === 'choice') {
    // For a LoadBalancer with externalTrafficPolicy: Local, the LB sends only to nodes whose health check passes.
    const choice = routes[0]!.result;
    if (choice.outcome === 'dropped' && choice.via === 'loadBalancer' && !ctx.entryNode) {
      const healthy = ctx.snapshot.nodes.map((n) => n.name).sort().find((node) => {
        const r = resolveServiceEndpoints(ctx.snapshot, { service: routes[0]!.match.service, port: routes[0]!.match.servicePort.port, protocol, via: 'loadBalancer', client: { kind: 'external', node, ip: source.ip }, destination: ip });
        return r.kind === 'choice' && r.outcome === 'forwarded';
      });
      if (healthy) {
        notes.push(`The load balancer sends to ${healthy}, whose health check (externalTrafficPolicy: Local) passes.`);
        routes = resolveServiceAddress(ctx.snapshot, { kind: 'external', node: healthy, ip: source.ip }, ip, port, protocol);
      }
    }
  }
  const route = routes[0];
  if (!route) {
    // A Service address on a port the Service does not have: nothing DNATs it; the packet to a
    // virtual IP goes nowhere.
    const owner = ctx.snapshot.services.find(
      (sv) =>
        sv.clusterIPs.some((x) => x.family === ip.family && x.value === ip.value) ||
        sv.externalIPs.some((x) => x.family === ip.family && x.value === ip.value) ||
        sv.loadBalancerIngress.some((x) => x.ip !== undefined && x.ip.family === ip.family && x.ip.value === ip.value),
    );
    if (owner) {
      const ports = owner.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none';
      path.push({
        layer: 'service',
        observationPoint: 'service',
        from,
        to: `${formatIp(ip)}:${port}`,
        decision: 'deny',
        reason: 'PORT_NOT_FOUND',
        detail: `${formatIp(ip)} is Service ${owner.namespace}/${owner.name}, which has no port ${port}/${protocol} (its ports: ${ports}): nothing forwards it`,
        derivedFrom: [{ object: `Service/${owner.namespace}/${owner.name}`, path: 'spec.ports', file: owner.source.file, line: owner.source.line, column: owner.source.column }],
        data: { dropReason: 'PORT_NOT_EXPOSED' },
      });
      return { endpoints: [], stop: 'PORT_NOT_EXPOSED' };
    }
    const dst = endpointForIp(ctx.snapshot, ip);
    return { endpoints: [endpointFlow(ctx, sourceEndpoint(ctx, source), dst, protocol, port, from)] };
  }
  if (route.result.kind === 'error') {
    path.push({ layer: 'service', observationPoint: 'service', from, to: `${formatIp(ip)}:${port}`, decision: 'deny', reason: route.result.code, detail: `${route.result.message} (${route.result.hint})`, derivedFrom: [], data: { dropReason: 'PORT_NOT_EXPOSED' } });
    return { endpoints: [], stop: 'PORT_NOT_EXPOSED' };
  }
  const choice = route.result;
  const hop = serviceHop(from, choice);
  path.push(hop);
  if (hop.decision === 'deny') return { endpoints: [], stop: (hop.data?.dropReason as FlowDropReason | undefined) ?? 'NO_ENDPOINTS' };
  // What the endpoint sees as the source: the client, or (SNAT) the node that forwarded it.
  let src = sourceEndpoint(ctx, source);
  let seen = from;
  if (source.kind === 'external' && choice.sourceNat.masquerade) {
    const node = ctx.snapshot.nodes.find((n) => n.name === choice.node.name);
    const nodeIp = node?.internalIPs[0];
    if (nodeIp) {
      src = { kind: 'external', ip: nodeIp, label: `${formatIp(nodeIp)} (node ${node!.name}, SNAT)` };
      seen = `${formatIp(nodeIp)} (SNAT by ${node!.name})`;
      notes.push(`${choice.sourceNat.reason}: the endpoints see ${formatIp(nodeIp)}, not ${formatIp(source.ip)}, so an ipBlock rule for the client's address does not match.`);
    }
  }
  const endpoints: EndpointFlow[] = [];
  for (const e of choice.endpoints) {
    const [addr, p] = splitHostPort(e);
    const eip = addr ? parseIp(addr) : undefined;
    if (!eip || p === undefined) continue;
    endpoints.push(endpointFlow(ctx, src, endpointForIp(ctx.snapshot, eip), protocol, p, from, seen));
  }
  return { endpoints };
}

function splitHostPort(s: string): [string | undefined, number | undefined] {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s);
  return m ? [m[1], Number(m[2])] : [undefined, undefined];
}

function serviceHop(from: string, c: EndpointChoice): PathHop {
  const kept = c.candidates.filter((x) => x.kept);
  const unresolved = c.candidates.length > 0 && c.candidates.every((x) => x.reason === 'TARGET_PORT_UNRESOLVED');
  const drop: FlowDropReason | undefined =
    c.outcome === 'forwarded' ? undefined : unresolved ? 'PORT_NOT_EXPOSED' : (c.dropReason as FlowDropReason | undefined) ?? 'NO_ENDPOINTS';
  const port = `${c.servicePort.port}/${c.servicePort.protocol}`;
  const detail =
    c.outcome === 'forwarded'
      ? `${c.service} ${c.via} ${c.destination ?? ''} port ${port} → targetPort ${c.servicePort.targetPort}: ${kept.length} of ${c.candidates.length} endpoint(s) used (${c.trafficPolicy.field}: ${c.trafficPolicy.effective})`
      : unresolved
        ? `${c.service} port ${port} targets "${c.servicePort.targetPort}", which no selected pod exposes: no endpoints`
        : c.outcome === 'not-proxied'
          ? `${c.service} is not proxied by kube-proxy (${c.notes[0] ?? 'headless or ExternalName'})`
          : `${c.service} ${c.via} ${c.destination ?? ''} port ${port}: ${c.dropReason === 'NO_LOCAL_ENDPOINTS' ? `no endpoint on ${c.node.name} and ${c.trafficPolicy.field}: Local — ${c.outcome}` : `no usable endpoint — ${c.outcome}`}`;
  return {
    layer: 'service',
    observationPoint: 'service',
    from,
    to: c.destination ?? c.service,
    decision: c.outcome === 'forwarded' ? 'allow' : 'deny',
    reason: c.outcome,
    detail,
    derivedFrom: c.derivedFrom.map(fromField),
    data: {
      service: c.service,
      via: c.via,
      servicePort: { name: c.servicePort.name, port: c.servicePort.port, protocol: c.servicePort.protocol, targetPort: c.servicePort.targetPort, nodePort: c.servicePort.nodePort },
      node: c.node,
      endpoints: c.endpoints,
      candidates: c.candidates.map((x) => ({ endpoint: x.endpoint, pod: x.pod, node: x.nodeName, kept: x.kept, reason: x.reason, detail: x.detail })),
      trafficPolicy: { field: c.trafficPolicy.field, value: c.trafficPolicy.value, effective: c.trafficPolicy.effective, reason: c.trafficPolicy.reason },
      sourceNat: c.sourceNat,
      ...(drop ? { dropReason: drop } : {}),
    },
  };
}

// ---- Ingress and Gateway API ---------------------------------------------------------------

export interface HostRoute {
  readonly kind: 'Ingress' | 'HTTPRoute';
  readonly object: string;
  readonly origin: TraceOrigin;
  readonly backend: { readonly service: string; readonly namespace: string; readonly port: number | string | undefined } | undefined;
  readonly controllerPods: readonly PodModel[];
  readonly controllerLabel: string;
}

function hostMatches(pattern: string | undefined, host: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.split('.').length === pattern.split('.').length;
  return pattern.toLowerCase() === host.toLowerCase();
}

function pathMatches(type: string, rulePath: string, path: string): number {
  if (type === 'Exact') return rulePath === path ? 1000 + rulePath.length : -1;
  const prefix = rulePath.endsWith('/') && rulePath !== '/' ? rulePath.slice(0, -1) : rulePath;
  if (prefix === '/' || path === prefix || path.startsWith(`${prefix}/`)) return prefix.length;
  return -1;
}

/** The Ingress or HTTPRoute that routes `host` + `path` (most specific host, longest path wins). */
export function routeForHost(snapshot: Snapshot, host: string, path: string, scheme?: string): HostRoute | undefined {
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return undefined;
  if (parseIp(host)) return undefined;
  let best: { score: number; route: HostRoute } | undefined;
  for (const ing of snapshot.ingresses) {
    for (const rule of ing.rules) {
      if (!rule.host || !hostMatches(rule.host, host)) continue;
      for (const p of rule.paths) {
        const s = pathMatches(p.pathType, p.path, path);
        if (s < 0) continue;
        const score = (rule.host.startsWith('*') ? 0 : 10000) + s;
        if (!best || score > best.score) best = { score, route: ingressRoute(snapshot, ing, p.backend, rule.source) };
      }
    }
  }
  for (const hr of snapshot.httpRoutes) {
    if (!hr.hostnames.some((h) => hostMatches(h, host))) continue;
    for (const rule of hr.rules) {
      for (const m of rule.matches) {
        const s = pathMatches(m.pathType === 'Exact' ? 'Exact' : 'Prefix', m.pathValue, path);
        if (s < 0) continue;
        const score = 10000 + s;
        if (!best || score > best.score) best = { score, route: httpRoute(snapshot, hr, rule.backendRefs[0], rule.source) };
      }
    }
  }
  return best?.route;
}

/** The controller pods come from the same heuristics `check` uses (see ingress-controllers.ts). */
function ingressRoute(snapshot: Snapshot, ing: IngressModel, backend: IngressModel['defaultBackend'], at: { file: string; line: number; column: number; path: string }): HostRoute {
  const controller = ingressController(snapshot, ing);
  return {
    kind: 'Ingress',
    object: `Ingress/${ing.namespace}/${ing.name}`,
    origin: { object: `Ingress/${ing.namespace}/${ing.name}`, path: at.path, file: at.file, line: at.line, column: at.column },
    backend: backend ? { service: backend.serviceName, namespace: backend.namespace, port: backend.port } : undefined,
    controllerPods: controller?.pods ?? [],
    controllerLabel: controller ? `${controller.name}, found by ${controller.how}` : `the controller of IngressClass ${ing.ingressClassName ?? '(default)'}`,
  };
}

function httpRoute(snapshot: Snapshot, hr: HTTPRouteModel, backend: HTTPRouteModel['rules'][number]['backendRefs'][number] | undefined, at: { file: string; line: number; column: number; path: string }): HostRoute {
  const controllers = hr.parentRefs
    .map((r) => snapshot.gateways.find((g) => g.name === r.name && g.namespace === r.namespace))
    .flatMap((g) => (g ? [gatewayController(snapshot, g)] : []))
    .filter((c): c is NonNullable<typeof c> => c !== undefined);
  return {
    kind: 'HTTPRoute',
    object: `HTTPRoute/${hr.namespace}/${hr.name}`,
    origin: { object: `HTTPRoute/${hr.namespace}/${hr.name}`, path: at.path, file: at.file, line: at.line, column: at.column },
    backend: backend ? { service: backend.serviceName, namespace: backend.namespace, port: backend.port } : undefined,
    controllerPods: controllers.flatMap((c) => c.pods),
    controllerLabel: controllers.map((c) => c.name).join(', ') || `the Gateways ${hr.parentRefs.map((r) => r.name).join(', ')}`,
  };
}

/** client → controller pods (leg 1) → backend Service endpoints (leg 2), each leg with its policies. */
function traceThroughController(ctx: FlowTraceContext, source: TraceSource, target: Extract<TraceTargetSpec, { kind: 'name' }>, route: HostRoute, protocol: Protocol): EndToEndTrace {
  const from = sourceName(source);
  const to = `${target.scheme ?? 'http'}://${target.host}:${target.port}${target.path ?? '/'}`;
  const path: PathHop[] = [];
  const notes: string[] = [];
  const backend = route.backend;
  const svc = backend ? ctx.snapshot.services.find((s) => s.namespace === backend.namespace && s.name === backend.service) : undefined;
  const routeHop: PathHop = {
    layer: 'route',
    observationPoint: 'ingress-route',
    from,
    to: target.host,
    decision: svc && route.controllerPods.length > 0 ? 'allow' : 'deny',
    reason: !backend ? 'no-backend' : !svc ? 'backend-missing' : route.controllerPods.length === 0 ? 'no-controller' : 'routed',
    detail: !backend
      ? `${route.object} matches ${target.host}${target.path ?? '/'} but names no backend Service`
      : !svc
        ? `${route.object} routes to Service ${backend.namespace}/${backend.service}, which does not exist`
        : route.controllerPods.length === 0
          ? `${route.object} routes to ${backend.namespace}/${backend.service}, but no running pod of ${route.controllerLabel} was found`
          : `${route.object} routes ${target.host}${target.path ?? '/'} to Service ${backend.namespace}/${backend.service}:${backend.port ?? '?'} via ${route.controllerLabel} (${route.controllerPods.length} pod(s))`,
    derivedFrom: [route.origin],
  };
  path.push(routeHop);
  if (routeHop.decision === 'deny' || !svc || !backend) return finish(from, to, protocol, target.port, path, [], notes, 'NO_ROUTE');
  // Leg 1: the client reaches the controller (through its Service when one fronts it on this port).
  const controllerSvc = ctx.snapshot.services.find(
    (s) => s.selector && s.namespace === route.controllerPods[0]!.namespace && route.controllerPods.some((p) => Object.entries(s.selector!).every(([k, v]) => p.labels[k] === v)) && s.ports.some((p) => p.port === target.port),
  );
  let leg1: EndpointFlow[];
  if (controllerSvc && source.kind === 'external') {
    const lbIp = controllerSvc.loadBalancerIngress.find((i) => i.ip)?.ip ?? controllerSvc.externalIPs[0];
    if (lbIp) {
      leg1 = traceAddress(ctx, source, lbIp, target.port, protocol, from, path, notes).endpoints;
    } else {
      leg1 = route.controllerPods.map((p) => endpointFlow(ctx, sourceEndpoint(ctx, source), { kind: 'pod', pod: p }, protocol, controllerPort(p, controllerSvc, target.port), from));
    }
  } else {
    leg1 = route.controllerPods.map((p) => endpointFlow(ctx, sourceEndpoint(ctx, source), { kind: 'pod', pod: p }, protocol, controllerPort(p, controllerSvc, target.port), from));
  }
  const serviceStop = path.find((h) => h.layer === 'service' && h.decision === 'deny');
  if (serviceStop) return finish(from, to, protocol, target.port, path, [], notes, (serviceStop.data?.dropReason as FlowDropReason | undefined) ?? 'NO_ENDPOINTS');
  const reachable = leg1.filter((e) => e.verdict === 'allow');
  if (reachable.length === 0) {
    notes.push(`No controller pod of ${route.controllerLabel} accepts the client's traffic.`);
    return finish(from, to, protocol, target.port, path, leg1, notes);
  }
  // Leg 2: a controller pod opens its own connection to the backend (its egress, the backend's ingress).
  const controller = ctx.snapshot.pods.find((p) => p.key === reachable[0]!.pod) ?? route.controllerPods[0]!;
  const port = typeof backend.port === 'number' ? backend.port : svc.ports.find((p) => p.name === backend.port)?.port;
  if (port === undefined) {
    path.push({ layer: 'service', observationPoint: 'service', from: controller.key, to: svc.name, decision: 'deny', reason: 'PORT_NOT_FOUND', detail: `Service ${svc.namespace}/${svc.name} has no port ${String(backend.port)}`, derivedFrom: [route.origin], data: { dropReason: 'PORT_NOT_EXPOSED' } });
    return finish(from, to, protocol, target.port, path, [], notes, 'PORT_NOT_EXPOSED');
  }
  const choice = resolveServiceEndpoints(ctx.snapshot, { service: svc, port, protocol, via: 'clusterIP', client: { kind: 'pod', pod: controller } });
  if (choice.kind === 'error') {
    path.push({ layer: 'service', observationPoint: 'service', from: controller.key, to: svc.name, decision: 'deny', reason: choice.code, detail: choice.message, derivedFrom: [], data: { dropReason: 'PORT_NOT_EXPOSED' } });
    return finish(from, to, protocol, target.port, path, [], notes, 'PORT_NOT_EXPOSED');
  }
  const hop = serviceHop(controller.key, choice);
  path.push(hop);
  if (hop.decision === 'deny') return finish(from, to, protocol, target.port, path, [], notes, (hop.data?.dropReason as FlowDropReason | undefined) ?? 'NO_ENDPOINTS');
  notes.push(`Leg 1 (client → controller): ${reachable.length} of ${leg1.length} controller pod(s) reachable; leg 2 traced from ${controller.key}.`);
  const leg2: EndpointFlow[] = [];
  for (const e of choice.endpoints) {
    const [addr, p] = splitHostPort(e);
    const eip = addr ? parseIp(addr) : undefined;
    if (!eip || p === undefined) continue;
    leg2.push(endpointFlow(ctx, { kind: 'pod', pod: controller }, endpointForIp(ctx.snapshot, eip), protocol, p, controller.key));
  }
  return finish(from, to, protocol, target.port, path, leg2, notes);
}

function controllerPort(pod: PodModel, svc: ServiceModel | undefined, port: number): number {
  const sp = svc?.ports.find((p) => p.port === port);
  if (!sp) return port;
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  return pod.ports.find((cp) => cp.name === sp.targetPort)?.containerPort ?? port;
}

export { nameOf };
