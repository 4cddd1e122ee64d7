import type { BackendRefModel, GatewayClassModel, GatewayModel, HTTPRouteModel, IngressClassModel, IngressModel } from '../../model/service-objects.js';
import { type DecodeContext, type JsonMap, type Path, isAbsent } from './decode-context.js';
import type { DecodedMetadata } from './decode-metadata.js';

/** networking.k8s.io/v1 IngressServiceBackend: a Service in the Ingress's namespace, port by number or name. */
function ingressBackend(ctx: DecodeContext, value: unknown, path: Path, namespace: string): BackendRefModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  const svc = ctx.map(m.service, [...path, 'service']);
  if (!svc) {
    if (isAbsent(m.service) && isAbsent(m.resource)) ctx.error([...path, 'service'], 'FIELD_REQUIRED', 'Required value: one of service or resource is required');
    return undefined;
  }
  const name = ctx.string(svc.name, [...path, 'service', 'name']);
  const portMap = ctx.map(svc.port, [...path, 'service', 'port']);
  const port = portMap ?? {};
  const number = ctx.int(port.number, [...path, 'service', 'port', 'number']);
  const pname = ctx.string(port.name, [...path, 'service', 'port', 'name']);
  if (number !== undefined && pname !== undefined) ctx.error([...path, 'service', 'port'], 'FIELD_INVALID', 'Invalid value: cannot set both port name & port number');
  if ((portMap !== undefined || isAbsent(svc.port)) && isAbsent(port.number) && isAbsent(port.name)) ctx.error([...path, 'service', 'port'], 'FIELD_REQUIRED', 'Required value: port name or number is required');
  if (!name) {
    if (isAbsent(svc.name) || svc.name === '') ctx.error([...path, 'service', 'name'], 'FIELD_REQUIRED', 'Required value');
    return undefined;
  }
  return { serviceName: name, namespace, port: number ?? pname, weight: 1, source: ctx.loc(path) };
}

export function decodeIngress(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): IngressModel {
  const namespace = meta.namespace ?? 'default';
  const spec = ctx.map(body.spec, ['spec']) ?? {};
  const rules = (ctx.list(spec.rules, ['spec', 'rules']) ?? []).map((r, i) => {
    const rp: Path = ['spec', 'rules', i];
    const m = ctx.map(r, rp) ?? {};
    const http = ctx.map(m.http, [...rp, 'http']) ?? {};
    const paths = (ctx.list(http.paths, [...rp, 'http', 'paths']) ?? []).map((p, j) => {
      const pp: Path = [...rp, 'http', 'paths', j];
      const pm = ctx.map(p, pp) ?? {};
      const pathType = ctx.string(pm.pathType, [...pp, 'pathType']);
      if (isAbsent(pm.pathType)) ctx.error([...pp, 'pathType'], 'FIELD_REQUIRED', 'Required value: pathType must be specified', 'Use Prefix, Exact or ImplementationSpecific.');
      else if (pathType !== undefined && !['Exact', 'Prefix', 'ImplementationSpecific'].includes(pathType)) {
        ctx.error([...pp, 'pathType'], 'FIELD_INVALID', `Unsupported value: ${JSON.stringify(pathType)}: supported values: "Exact", "ImplementationSpecific", "Prefix"`);
      }
      return { path: ctx.string(pm.path, [...pp, 'path']) ?? '/', pathType: pathType ?? 'Prefix', backend: ingressBackend(ctx, pm.backend, [...pp, 'backend'], namespace) };
    });
    return { host: ctx.string(m.host, [...rp, 'host']), paths, source: ctx.loc(rp) };
  });
  const tlsHosts = (ctx.list(spec.tls, ['spec', 'tls']) ?? []).flatMap((t, i) => ctx.list_of_strings(ctx.map(t, ['spec', 'tls', i])?.hosts, ['spec', 'tls', i, 'hosts']));
  return {
    namespace,
    name: meta.name,
    ingressClassName: ctx.string(spec.ingressClassName, ['spec', 'ingressClassName']) ?? meta.annotations['kubernetes.io/ingress.class'],
    defaultBackend: ingressBackend(ctx, spec.defaultBackend, ['spec', 'defaultBackend'], namespace),
    rules,
    tlsHosts,
    annotations: meta.annotations,
    source: ctx.loc([]),
  };
}

export function decodeIngressClass(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): IngressClassModel {
  const spec = ctx.map(body.spec, ['spec']) ?? {};
  return {
    name: meta.name,
    controller: ctx.string(spec.controller, ['spec', 'controller']),
    isDefault: meta.annotations['ingressclass.kubernetes.io/is-default-class'] === 'true',
    source: ctx.loc([]),
  };
}

export function decodeGatewayClass(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): GatewayClassModel {
  const spec = ctx.map(body.spec, ['spec']) ?? {};
  return { name: meta.name, controllerName: ctx.string(spec.controllerName, ['spec', 'controllerName']), source: ctx.loc([]) };
}

export function decodeGateway(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): GatewayModel {
  const spec = ctx.map(body.spec, ['spec']) ?? {};
  const listeners = (ctx.list(spec.listeners, ['spec', 'listeners']) ?? []).flatMap((l, i) => {
    const lp: Path = ['spec', 'listeners', i];
    const m = ctx.map(l, lp);
    if (!m) return [];
    const port = ctx.int(m.port, [...lp, 'port']);
    if (port === undefined || port < 1 || port > 65535) {
      ctx.error([...lp, 'port'], 'PORT_INVALID', `Invalid value: ${port ?? 0}: must be between 1 and 65535, inclusive`);
      return [];
    }
    return [{ name: ctx.string(m.name, [...lp, 'name']) ?? `listener-${i}`, hostname: ctx.string(m.hostname, [...lp, 'hostname']), port, protocol: ctx.string(m.protocol, [...lp, 'protocol']) ?? 'HTTP' }];
  });
  const addresses = (ctx.list(spec.addresses, ['spec', 'addresses']) ?? []).flatMap((a, i) => {
    const v = ctx.string(ctx.map(a, ['spec', 'addresses', i])?.value, ['spec', 'addresses', i, 'value']);
    return v ? [v] : [];
  });
  return { namespace: meta.namespace ?? 'default', name: meta.name, gatewayClassName: ctx.string(spec.gatewayClassName, ['spec', 'gatewayClassName']), listeners, addresses, labels: meta.labels, source: ctx.loc([]) };
}

export function decodeHTTPRoute(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): HTTPRouteModel {
  const namespace = meta.namespace ?? 'default';
  const spec = ctx.map(body.spec, ['spec']) ?? {};
  const parentRefs = (ctx.list(spec.parentRefs, ['spec', 'parentRefs']) ?? []).flatMap((p, i) => {
    const pp: Path = ['spec', 'parentRefs', i];
    const m = ctx.map(p, pp);
    const name = m ? ctx.string(m.name, [...pp, 'name']) : undefined;
    if (!m || !name) return [];
    return [{ name, namespace: ctx.string(m.namespace, [...pp, 'namespace']) ?? namespace, sectionName: ctx.string(m.sectionName, [...pp, 'sectionName']), port: ctx.int(m.port, [...pp, 'port']) }];
  });
  const rules = (ctx.list(spec.rules, ['spec', 'rules']) ?? []).map((r, i) => {
    const rp: Path = ['spec', 'rules', i];
    const m = ctx.map(r, rp) ?? {};
    const matchesRaw = ctx.list(m.matches, [...rp, 'matches']);
    // HTTPRouteRule default: a single match of PathPrefix "/".
    const matches = (matchesRaw && matchesRaw.length > 0 ? matchesRaw : [{}]).map((x, j) => {
      const mm = ctx.map(x, [...rp, 'matches', j]) ?? {};
      const path = ctx.map(mm.path, [...rp, 'matches', j, 'path']) ?? {};
      return { pathType: ctx.string(path.type, [...rp, 'matches', j, 'path', 'type']) ?? 'PathPrefix', pathValue: ctx.string(path.value, [...rp, 'matches', j, 'path', 'value']) ?? '/' };
    });
    const backendRefs = (ctx.list(m.backendRefs, [...rp, 'backendRefs']) ?? []).flatMap((b, j) => {
      const bp: Path = [...rp, 'backendRefs', j];
      const bm = ctx.map(b, bp);
      if (!bm) return [];
      const kind = ctx.string(bm.kind, [...bp, 'kind']) ?? 'Service';
      const name = ctx.string(bm.name, [...bp, 'name']);
      if (kind !== 'Service' || !name) return [];
      return [{ serviceName: name, namespace: ctx.string(bm.namespace, [...bp, 'namespace']) ?? namespace, port: ctx.int(bm.port, [...bp, 'port']), weight: ctx.int(bm.weight, [...bp, 'weight']) ?? 1, source: ctx.loc(bp) }];
    });
    return { matches, backendRefs, source: ctx.loc(rp) };
  });
  return { namespace, name: meta.name, parentRefs, hostnames: ctx.list_of_strings(spec.hostnames, ['spec', 'hostnames']), rules, source: ctx.loc([]) };
}
