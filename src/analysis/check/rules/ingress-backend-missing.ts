import { objectId } from '../../../model/objects.js';
import type { PathSegment, Provenance } from '../../../model/provenance.js';
import type { BackendRefModel, ServiceModel } from '../../../model/service-objects.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { selectServicePods } from '../../../layers/services/derive-endpoint-slices.js';
import { findManifestObject } from '../../../layers/services/field-origin.js';
import { findServiceByName } from '../../../layers/services/find-service.js';
import { resolveTargetPort } from '../../../layers/services/resolve-target-port.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { editDistance } from './np-selects-nothing.js';
import { formatServicePort } from './service-facts.js';

/** A backend of an Ingress or HTTPRoute, with where it is written. */
export interface RouteBackend {
  /** `Ingress/ns/name` or `HTTPRoute/ns/name`. */
  readonly route: string;
  readonly kind: 'Ingress' | 'HTTPRoute';
  readonly backend: BackendRefModel;
  /** Path of the backend inside the route's manifest. */
  readonly path: readonly PathSegment[];
}

/** Every Service backend of the Ingresses (default backend and paths) and HTTPRoutes (backendRefs of kind Service). */
export function routeBackends(snapshot: Snapshot): RouteBackend[] {
  const out: RouteBackend[] = [];
  for (const ing of snapshot.ingresses) {
    const route = objectId('Ingress', ing.namespace, ing.name);
    if (ing.defaultBackend) out.push({ route, kind: 'Ingress', backend: ing.defaultBackend, path: ['spec', 'defaultBackend'] });
    ing.rules.forEach((r, i) =>
      r.paths.forEach((p, j) => {
        if (p.backend) out.push({ route, kind: 'Ingress', backend: p.backend, path: ['spec', 'rules', i, 'http', 'paths', j, 'backend'] });
      }),
    );
  }
  for (const hr of snapshot.httpRoutes) {
    const route = objectId('HTTPRoute', hr.namespace, hr.name);
    hr.rules.forEach((r, i) => r.backendRefs.forEach((b, j) => out.push({ route, kind: 'HTTPRoute', backend: b, path: ['spec', 'rules', i, 'backendRefs', j] })));
  }
  return out;
}

/** The Service port a backend names: by number (`port`, not targetPort) or by name. */
export function backendServicePort(svc: ServiceModel, port: number | string): ServiceModel['ports'][number] | undefined {
  return typeof port === 'number' ? svc.ports.find((p) => p.port === port) : svc.ports.find((p) => p.name === port);
}

export function locateRouteField(snapshot: Snapshot, rb: RouteBackend, sub: readonly PathSegment[]): Provenance {
  const [kind, namespace, name] = rb.route.split('/') as [string, string, string];
  return findManifestObject(snapshot, kind, namespace, name)?.locate([...rb.path, ...sub]) ?? rb.backend.source;
}

/**
 * An Ingress or HTTPRoute backend whose Service, or whose port on that Service, does not exist.
 * Ingress (networking.k8s.io/v1 IngressServiceBackend): `service.name` in the Ingress's namespace;
 * `service.port.number` is the Service's `port` (not its targetPort), `service.port.name` a
 * Service port's name. HTTPRoute (gateway.networking.k8s.io BackendRef of kind Service): the
 * Service in `namespace` (default: the route's); `port` is required for a Service and names a
 * Service `port`. The controller answers such requests with 503 (ingress-nginx: "default
 * backend"; Gateway API: the rule's ResolvedRefs condition is False, BackendNotFound, and the
 * request gets a 500). ExternalName Services are checked for existence only (their port is free).
 */
export const ingressBackendMissing: CheckRule = {
  code: 'INGRESS_BACKEND_MISSING',
  severity: 'error',
  title: 'an Ingress or HTTPRoute backend Service or port that does not exist',
  why: 'Requests routed to a backend that does not exist fail (503/500) at the ingress controller or gateway.',
  run(ctx) {
    const { snapshot } = ctx;
    const out: Finding[] = [];
    for (const rb of routeBackends(snapshot)) {
      const b = rb.backend;
      const svc = findServiceByName(snapshot, b.namespace, b.serviceName);
      const namePath: PathSegment[] = rb.kind === 'Ingress' ? ['service', 'name'] : ['name'];
      if (!svc) {
        const names = snapshot.services.filter((s) => s.namespace === b.namespace).map((s) => s.name);
        const near = names.map((n) => ({ n, d: editDistance(n, b.serviceName) })).sort((x, y) => x.d - y.d)[0];
        const elsewhere = snapshot.services.filter((s) => s.name === b.serviceName && s.namespace !== b.namespace).map((s) => s.namespace);
        out.push(
          findingAt(
            this,
            locateRouteField(snapshot, rb, namePath),
            rb.route,
            `backend Service ${b.namespace}/${b.serviceName} does not exist`,
            near && near.d <= 2
              ? `Did you mean ${near.n}? It is a Service in ${b.namespace}.`
              : elsewhere.length > 0
                ? rb.kind === 'Ingress'
                  ? `A Service ${b.serviceName} exists in ${elsewhere.join(', ')}, but an Ingress can only name Services in its own namespace (${b.namespace}): create the Ingress there.`
                  : `A Service ${b.serviceName} exists in ${elsewhere.join(', ')}: set backendRefs[].namespace (and a ReferenceGrant in that namespace).`
                : names.length > 0
                  ? `Services in ${b.namespace}: ${names.slice(0, 8).join(', ')}.`
                  : `Namespace ${b.namespace} has no Services in the input.`,
          ),
        );
        continue;
      }
      if (svc.type === 'ExternalName') continue;
      const ports = svc.ports.map(formatServicePort).join(', ') || 'none';
      if (b.port === undefined) {
        if (rb.kind === 'HTTPRoute') {
          out.push(
            findingAt(this, locateRouteField(snapshot, rb, []), rb.route, `backendRef to Service ${b.namespace}/${b.serviceName} has no port (required for a Service)`, `Set port to one of the Service's ports: ${ports}.`),
          );
        }
        continue;
      }
      if (backendServicePort(svc, b.port)) continue;
      const portPath: PathSegment[] = rb.kind === 'Ingress' ? ['service', 'port', typeof b.port === 'number' ? 'number' : 'name'] : ['port'];
      // A container port number used where the Service port belongs (the targetPort, or what a named targetPort resolves to).
      const pods = typeof b.port === 'number' ? selectServicePods(snapshot, svc) : [];
      const targetMatch =
        typeof b.port === 'number'
          ? svc.ports.find((p) => p.targetPort === b.port || pods.some((pod) => {
              const r = resolveTargetPort(pod, p);
              return r.kind !== 'unresolved' && r.port === b.port;
            }))
          : undefined;
      out.push(
        findingAt(
          this,
          locateRouteField(snapshot, rb, portPath),
          rb.route,
          `backend Service ${b.namespace}/${b.serviceName} has no port ${typeof b.port === 'number' ? b.port : `named "${b.port}"`} (its ports: ${ports})`,
          targetMatch
            ? `${b.port} is the target (container) port of Service port ${formatServicePort(targetMatch)}; a backend names the Service's port: use ${rb.kind === 'Ingress' ? `port.number: ${targetMatch.port}` : `port: ${targetMatch.port}`}.`
            : `Use one of the Service's ports: ${ports}.`,
        ),
      );
    }
    return out;
  },
};
