import type {
  ConfigMapModel,
  EndpointModel,
  EndpointPortModel,
  EndpointSliceModel,
  EndpointsAddressModel,
  EndpointsModel,
  LoadBalancerIngressModel,
  ObjectReferenceModel,
  ServiceModel,
  ServicePortModel,
  ServiceType,
  TrafficPolicy,
} from '../../model/service-objects.js';
import type { Provenance } from '../../model/provenance.js';
import { type Ip, parseCidr, parseIp } from '../../net/ip.js';
import type { Protocol } from '../../net/protocol.js';
import { PROTOCOLS } from '../../net/protocol.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName } from '../validation/names.js';
import { type DecodeContext, type JsonMap, type Path, isAbsent, isAbsentOrEmpty } from './decode-context.js';
import { IP_DETAIL } from './decode-cidr.js';
import { SERVICE_PORT_FIELDS, SERVICE_SPEC_FIELDS } from './known-fields.js';
import type { DecodedMetadata } from './decode-metadata.js';
import { validateLabels } from './decode-metadata.js';

const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
/** Pods and Services list protocols sorted (validation.go supportedPortProtocols). */
const SORTED_PROTOCOLS = [...PROTOCOLS].sort();

function protocolOf(ctx: DecodeContext, value: unknown, path: Path): Protocol | undefined {
  const raw = ctx.string(value, path);
  if (raw === undefined) return 'TCP';
  if ((PROTOCOLS as readonly string[]).includes(raw)) return raw as Protocol;
  const upper = raw.toUpperCase();
  ctx.error(
    path,
    'PROTOCOL_UNSUPPORTED',
    `Unsupported value: ${JSON.stringify(raw)}: supported values: ${SORTED_PROTOCOLS.map((p) => `"${p}"`).join(', ')}`,
    (PROTOCOLS as readonly string[]).includes(upper) ? `Protocols are upper-case: "${upper}".` : undefined,
  );
  return undefined;
}

function trafficPolicy(ctx: DecodeContext, value: unknown, path: Path): TrafficPolicy | undefined {
  const s = ctx.string(value, path);
  if (s === undefined) return undefined;
  if (s === 'Cluster' || s === 'Local') return s;
  ctx.error(path, 'FIELD_INVALID', `Unsupported value: ${JSON.stringify(s)}: supported values: "Cluster", "Local"`);
  return undefined;
}

function ipList(ctx: DecodeContext, value: unknown, path: Path): Ip[] {
  const out: Ip[] = [];
  (ctx.list(value, path) ?? []).forEach((v, i) => {
    const s = ctx.string(v, [...path, i]);
    if (s === undefined) return;
    const ip = parseIp(s);
    if (ip) out.push(ip);
    else ctx.error([...path, i], 'IP_INVALID', `Invalid value: ${JSON.stringify(s)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`);
  });
  return out;
}

/** core/v1 Service: SetDefaults_Service, then the port-related checks of ValidateService. */
export function decodeService(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): ServiceModel {
  const specPath: Path = ['spec'];
  const specMap = ctx.map(body.spec, specPath);
  const spec = specMap ?? {};
  if (specMap) ctx.knownFields(specMap, specPath, SERVICE_SPEC_FIELDS);
  const typeRaw = ctx.string(spec.type, [...specPath, 'type']);
  let type: ServiceType = 'ClusterIP';
  if (typeRaw !== undefined) {
    if ((SERVICE_TYPES as readonly string[]).includes(typeRaw)) type = typeRaw as ServiceType;
    else ctx.error([...specPath, 'type'], 'FIELD_INVALID', `Unsupported value: ${JSON.stringify(typeRaw)}: supported values: ${SERVICE_TYPES.map((t) => `"${t}"`).join(', ')}`);
  }
  const clusterIPText = ctx.string(spec.clusterIP, [...specPath, 'clusterIP']);
  const clusterIPsText = ctx.list_of_strings(spec.clusterIPs, [...specPath, 'clusterIPs']);
  const headless = clusterIPText === 'None' || clusterIPsText[0] === 'None';
  const clusterIPs: Ip[] = [];
  if (!headless) {
    const texts = clusterIPsText.length > 0 ? clusterIPsText : clusterIPText ? [clusterIPText] : [];
    texts.forEach((t, i) => {
      if (t === '') return;
      const ip = parseIp(t);
      const path = clusterIPsText.length > 0 ? [...specPath, 'clusterIPs', i] : [...specPath, 'clusterIP'];
      if (ip) clusterIPs.push(ip);
      else ctx.error(path, 'IP_INVALID', `Invalid value: ${JSON.stringify(t)}: must be empty, 'None', or a valid IP address`);
    });
  }
  let selector: Record<string, string> | undefined;
  if (spec.selector !== undefined && spec.selector !== null) {
    selector = ctx.stringMap(spec.selector, [...specPath, 'selector']);
    validateLabels(ctx, selector, [...specPath, 'selector']);
    if (Object.keys(selector).length === 0) selector = undefined; // an empty selector selects nothing: no endpoints are managed
  }
  const portsRaw = ctx.list(spec.ports, [...specPath, 'ports']) ?? [];
  // Required only when really missing (absent, null or []), not after a type error.
  if ((specMap !== undefined || isAbsent(body.spec)) && isAbsentOrEmpty(spec.ports) && !headless && type !== 'ExternalName') {
    ctx.error([...specPath, 'ports'], 'FIELD_REQUIRED', 'Required value', 'A Service needs at least one port (unless it is headless or ExternalName).');
  }
  const ports: ServicePortModel[] = [];
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  portsRaw.forEach((p, i) => {
    const pp: Path = [...specPath, 'ports', i];
    const m = ctx.map(p, pp);
    if (!m) return;
    ctx.knownFields(m, pp, SERVICE_PORT_FIELDS);
    const before = ctx.diagnostics.length;
    const name = ctx.string(m.name, [...pp, 'name']) || undefined;
    if (portsRaw.length > 1 && (isAbsent(m.name) || m.name === '')) ctx.error([...pp, 'name'], 'FIELD_REQUIRED', 'Required value', 'Every port of a multi-port Service needs a name.');
    if (name !== undefined) {
      for (const e of isDNS1123Label(name)) ctx.error([...pp, 'name'], 'PORT_NAME_INVALID', `Invalid value: ${JSON.stringify(name)}: ${e}`);
      if (names.has(name)) ctx.error([...pp, 'name'], 'PORT_NAME_DUPLICATE', `Duplicate value: ${JSON.stringify(name)}`);
      names.add(name);
    }
    const port = ctx.int(m.port, [...pp, 'port']);
    if (port === undefined || port < 1 || port > 65535) {
      if (m.port === undefined || port !== undefined) ctx.error([...pp, 'port'], 'PORT_INVALID', `Invalid value: ${port ?? 0}: must be between 1 and 65535, inclusive`);
    }
    const protocol = protocolOf(ctx, m.protocol, [...pp, 'protocol']);
    const tp = ctx.intOrString(m.targetPort, [...pp, 'targetPort']);
    let targetPort: number | string | undefined = tp === 0 || tp === '' || tp === undefined ? port : tp;
    if (typeof tp === 'number' && tp !== 0 && (tp < 1 || tp > 65535)) ctx.error([...pp, 'targetPort'], 'PORT_INVALID', `Invalid value: ${tp}: must be between 1 and 65535, inclusive`);
    if (typeof tp === 'string' && tp !== '') {
      if (/^[0-9]+$/.test(tp)) {
        ctx.error([...pp, 'targetPort'], 'PORT_INVALID', `Invalid value: ${JSON.stringify(tp)}: must contain at least one letter (a-z)`, `A quoted number is a port name: write targetPort: ${tp} without quotes.`);
      } else for (const e of isValidPortName(tp)) ctx.error([...pp, 'targetPort'], 'PORT_INVALID', `Invalid value: ${JSON.stringify(tp)}: ${e}`);
    }
    const appProtocol = ctx.string(m.appProtocol, [...pp, 'appProtocol']);
    if (appProtocol !== undefined) for (const e of isQualifiedName(appProtocol)) ctx.error([...pp, 'appProtocol'], 'FIELD_INVALID', `Invalid value: ${JSON.stringify(appProtocol)}: ${e}`);
    const nodePort = ctx.int(m.nodePort, [...pp, 'nodePort']);
    if (nodePort !== undefined && nodePort !== 0) {
      if (type === 'ClusterIP') ctx.error([...pp, 'nodePort'], 'FIELD_INVALID', "Forbidden: may not be used when `type` is 'ClusterIP'");
      else if (nodePort < 30000 || nodePort > 32767) {
        ctx.error([...pp, 'nodePort'], 'PORT_INVALID', `Invalid value: ${nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767`, 'The default --service-node-port-range is 30000-32767.');
      }
      const nk = `${protocol}/${nodePort}`;
      if (nodePortKeys.has(nk)) ctx.error([...pp, 'nodePort'], 'PORT_DUPLICATE', `Duplicate value: ${nodePort}`);
      nodePortKeys.add(nk);
    }
    const key = `${protocol}/${port}`;
    if (port !== undefined && protocol !== undefined) {
      if (portKeys.has(key)) ctx.error(pp, 'PORT_DUPLICATE', `Duplicate value: ${port}/${protocol}`, 'Two ports of a Service cannot share a port number and protocol.');
      portKeys.add(key);
    }
    if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error') || port === undefined || protocol === undefined || targetPort === undefined) return;
    ports.push({
      name,
      protocol,
      port,
      targetPort,
      nodePort: nodePort || undefined,
      nodePortAllocated: false,
      appProtocol,
      source: ctx.loc(pp),
    });
  });
  const status = ctx.map(body.status, ['status']) ?? {};
  const lb = ctx.map(status.loadBalancer, ['status', 'loadBalancer']) ?? {};
  const loadBalancerIngress: LoadBalancerIngressModel[] = [];
  (ctx.list(lb.ingress, ['status', 'loadBalancer', 'ingress']) ?? []).forEach((e, i) => {
    const ip0: Path = ['status', 'loadBalancer', 'ingress', i];
    const m = ctx.map(e, ip0);
    if (!m) return;
    const ipText = ctx.string(m.ip, [...ip0, 'ip']);
    const ip = ipText ? parseIp(ipText) : undefined;
    if (ipText && !ip) ctx.error([...ip0, 'ip'], 'IP_INVALID', `Invalid value: ${JSON.stringify(ipText)}: ${IP_DETAIL}`);
    loadBalancerIngress.push({ ip, hostname: ctx.string(m.hostname, [...ip0, 'hostname']), ipMode: ctx.string(m.ipMode, [...ip0, 'ipMode']) });
  });
  const sourceRanges = ctx.list_of_strings(spec.loadBalancerSourceRanges, [...specPath, 'loadBalancerSourceRanges']);
  sourceRanges.forEach((r, i) => {
    if (!parseCidr(r.trim())) ctx.error([...specPath, 'loadBalancerSourceRanges', i], 'CIDR_INVALID', `Invalid value: ${JSON.stringify(r)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`);
  });
  if (sourceRanges.length > 0 && type !== 'LoadBalancer') {
    ctx.error([...specPath, 'loadBalancerSourceRanges'], 'FIELD_INVALID', "Forbidden: may only be used when `type` is 'LoadBalancer'");
  }
  let externalName = ctx.string(spec.externalName, [...specPath, 'externalName']);
  if (type === 'ExternalName') {
    if (isAbsent(spec.externalName) || spec.externalName === '') ctx.error([...specPath, 'externalName'], 'FIELD_REQUIRED', 'Required value', 'An ExternalName Service needs spec.externalName.');
    else if (externalName) {
      externalName = externalName.replace(/\.$/, '');
      for (const e of isDNS1123Subdomain(externalName)) ctx.error([...specPath, 'externalName'], 'FIELD_INVALID', `Invalid value: ${JSON.stringify(externalName)}: ${e}`);
    }
  }
  const etp = trafficPolicy(ctx, spec.externalTrafficPolicy, [...specPath, 'externalTrafficPolicy']);
  const itp = trafficPolicy(ctx, spec.internalTrafficPolicy, [...specPath, 'internalTrafficPolicy']);
  const affinity = ctx.string(spec.sessionAffinity, [...specPath, 'sessionAffinity']);
  if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP') {
    ctx.error([...specPath, 'sessionAffinity'], 'FIELD_INVALID', `Unsupported value: ${JSON.stringify(affinity)}: supported values: "ClientIP", "None"`);
  }
  const affinityConfig = ctx.map(spec.sessionAffinityConfig, [...specPath, 'sessionAffinityConfig']);
  const clientIP = affinityConfig ? ctx.map(affinityConfig.clientIP, [...specPath, 'sessionAffinityConfig', 'clientIP']) : undefined;
  const timeout = clientIP ? ctx.int(clientIP.timeoutSeconds, [...specPath, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds']) : undefined;
  const external = type === 'NodePort' || type === 'LoadBalancer';
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    labels: meta.labels,
    annotations: meta.annotations,
    type,
    selector: type === 'ExternalName' ? undefined : selector,
    headless,
    clusterIPs: type === 'ExternalName' ? [] : clusterIPs,
    clusterIPAllocated: false,
    ports,
    externalIPs: ipList(ctx, spec.externalIPs, [...specPath, 'externalIPs']),
    loadBalancerIngress,
    loadBalancerSourceRanges: sourceRanges.map((r) => r.trim()),
    externalName: type === 'ExternalName' ? externalName : undefined,
    externalTrafficPolicy: external ? (etp ?? 'Cluster') : undefined,
    internalTrafficPolicy: itp ?? 'Cluster',
    sessionAffinity: affinity === 'ClientIP' ? 'ClientIP' : 'None',
    // SetDefaults_Service: ClientIP affinity defaults to 10800 s (3 hours).
    sessionAffinityTimeoutSeconds: affinity === 'ClientIP' ? (timeout ?? 10800) : undefined,
    publishNotReadyAddresses: ctx.bool(spec.publishNotReadyAddresses, [...specPath, 'publishNotReadyAddresses']) ?? false,
    trafficDistribution: ctx.string(spec.trafficDistribution, [...specPath, 'trafficDistribution']),
    healthCheckNodePort: ctx.int(spec.healthCheckNodePort, [...specPath, 'healthCheckNodePort']),
    source: ctx.loc([]),
  };
}

function objectRef(ctx: DecodeContext, value: unknown, path: Path): ObjectReferenceModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  return { kind: ctx.string(m.kind, [...path, 'kind']), namespace: ctx.string(m.namespace, [...path, 'namespace']), name: ctx.string(m.name, [...path, 'name']) };
}

function endpointPorts(ctx: DecodeContext, value: unknown, path: Path): EndpointPortModel[] {
  const out: EndpointPortModel[] = [];
  (ctx.list(value, path) ?? []).forEach((p, i) => {
    const pp = [...path, i];
    const m = ctx.map(p, pp);
    if (!m) return;
    const name = ctx.string(m.name, [...pp, 'name']) ?? '';
    if (name !== '') for (const e of isDNS1123Label(name)) ctx.error([...pp, 'name'], 'PORT_NAME_INVALID', `Invalid value: ${JSON.stringify(name)}: ${e}`);
    const port = ctx.int(m.port, [...pp, 'port']);
    if (port !== undefined && (port < 1 || port > 65535)) ctx.error([...pp, 'port'], 'PORT_INVALID', `Invalid value: ${port}: must be between 1 and 65535, inclusive`);
    const protocol = protocolOf(ctx, m.protocol, [...pp, 'protocol']);
    if (protocol) out.push({ name, port, protocol, appProtocol: ctx.string(m.appProtocol, [...pp, 'appProtocol']) });
  });
  return out;
}

/** discovery.k8s.io/v1 EndpointSlice; conditions defaulted as the API documents (nil ready = true). */
export function decodeEndpointSlice(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): EndpointSliceModel {
  const at = ctx.string(body.addressType, ['addressType']);
  let addressType: EndpointSliceModel['addressType'] = 'IPv4';
  if (at === 'IPv4' || at === 'IPv6' || at === 'FQDN') addressType = at;
  else if (isAbsent(body.addressType) || at === '') ctx.error(['addressType'], 'FIELD_REQUIRED', 'Required value', 'EndpointSlices need addressType: IPv4, IPv6 or FQDN.');
  else if (at !== undefined) ctx.error(['addressType'], 'FIELD_INVALID', `Unsupported value: ${JSON.stringify(at)}: supported values: "FQDN", "IPv4", "IPv6"`);
  const endpoints: EndpointModel[] = [];
  (ctx.list(body.endpoints, ['endpoints']) ?? []).forEach((e, i) => {
    const ep: Path = ['endpoints', i];
    const m = ctx.map(e, ep);
    if (!m) return;
    const addresses = ctx.list_of_strings(m.addresses, [...ep, 'addresses']);
    addresses.forEach((a, j) => {
      if (addressType !== 'FQDN' && !parseIp(a)) ctx.error([...ep, 'addresses', j], 'IP_INVALID', `Invalid value: ${JSON.stringify(a)}: ${IP_DETAIL}`);
    });
    const c = ctx.map(m.conditions, [...ep, 'conditions']) ?? {};
    const ready = ctx.bool(c.ready, [...ep, 'conditions', 'ready']);
    const serving = ctx.bool(c.serving, [...ep, 'conditions', 'serving']);
    const terminating = ctx.bool(c.terminating, [...ep, 'conditions', 'terminating']);
    const hints = ctx.map(m.hints, [...ep, 'hints']);
    const zoneHints = hints?.forZones !== undefined ? (ctx.list(hints.forZones, [...ep, 'hints', 'forZones']) ?? []).map((z, k) => ctx.string(ctx.map(z, [...ep, 'hints', 'forZones', k])?.name, [...ep, 'hints', 'forZones', k, 'name']) ?? '') : undefined;
    const nodeHints = hints?.forNodes !== undefined ? (ctx.list(hints.forNodes, [...ep, 'hints', 'forNodes']) ?? []).map((z, k) => ctx.string(ctx.map(z, [...ep, 'hints', 'forNodes', k])?.name, [...ep, 'hints', 'forNodes', k, 'name']) ?? '') : undefined;
    endpoints.push({
      addresses,
      conditions: { ready: ready ?? true, serving: serving ?? ready ?? true, terminating: terminating ?? false, written: { ready, serving, terminating } },
      hostname: ctx.string(m.hostname, [...ep, 'hostname']),
      nodeName: ctx.string(m.nodeName, [...ep, 'nodeName']),
      zone: ctx.string(m.zone, [...ep, 'zone']),
      hintsForZones: zoneHints,
      hintsForNodes: nodeHints,
      targetRef: objectRef(ctx, m.targetRef, [...ep, 'targetRef']),
      source: ctx.loc(ep),
    });
  });
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    serviceName: meta.labels['kubernetes.io/service-name'],
    managedBy: meta.labels['endpointslice.kubernetes.io/managed-by'],
    addressType,
    ports: endpointPorts(ctx, body.ports, ['ports']),
    endpoints,
    labels: meta.labels,
    source: ctx.loc([]),
    synthesized: false,
  };
}

/** core/v1 Endpoints (legacy). */
export function decodeEndpoints(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): EndpointsModel {
  const subsets = (ctx.list(body.subsets, ['subsets']) ?? []).map((s, i) => {
    const sp: Path = ['subsets', i];
    const m = ctx.map(s, sp) ?? {};
    const addrs = (field: string): EndpointsAddressModel[] =>
      (ctx.list(m[field], [...sp, field]) ?? []).flatMap((a, j) => {
        const ap = [...sp, field, j];
        const am = ctx.map(a, ap);
        if (!am) return [];
        const ip = ctx.string(am.ip, [...ap, 'ip']) ?? '';
        if (!parseIp(ip)) {
          ctx.error([...ap, 'ip'], 'IP_INVALID', `Invalid value: ${JSON.stringify(ip)}: ${IP_DETAIL}`);
          return [];
        }
        return [{ ip, hostname: ctx.string(am.hostname, [...ap, 'hostname']), nodeName: ctx.string(am.nodeName, [...ap, 'nodeName']), targetRef: objectRef(ctx, am.targetRef, [...ap, 'targetRef']) }];
      });
    return { addresses: addrs('addresses'), notReadyAddresses: addrs('notReadyAddresses'), ports: endpointPorts(ctx, m.ports, [...sp, 'ports']) };
  });
  return { namespace: meta.namespace ?? 'default', name: meta.name, subsets, source: ctx.loc([]) };
}

export function decodeConfigMap(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): ConfigMapModel {
  const data = ctx.stringMap(body.data, ['data']);
  const dataSources: Record<string, Provenance> = {};
  for (const k of Object.keys(data)) dataSources[k] = ctx.loc(['data', k]);
  return { namespace: meta.namespace ?? 'default', name: meta.name, data, dataSources, source: ctx.loc([]) };
}
