import type { PodModel } from '../../../model/objects.js';
import type { GatewayModel, IngressClassModel, IngressModel } from '../../../model/service-objects.js';
import type { Snapshot } from '../../../model/snapshot.js';
import { isActivePod } from '../../../model/snapshot.js';
import { findManifestObject } from '../../../layers/services/field-origin.js';
import { commandLine, isRecord, writtenContainers, writtenPodSpec } from './pod-spec.js';

/**
 * Which pods proxy an Ingress's or a Gateway's traffic, found from the manifests. Nothing in the
 * Kubernetes API links an IngressClass to its controller's pods, so kflow uses, in order:
 *
 * Ingress (IngressClass `spec.controller`):
 * 1. Pods whose container command/args say `--controller-class=<controller>` (ingress-nginx's
 *    flag; its default `k8s.io/ingress-nginx` also applies to an ingress-nginx controller image run
 *    without the flag). With no IngressClass in the input, `--ingress-class=<name>` instead.
 * 2. Pods carrying the IngressClass's own `app.kubernetes.io/name` (and `instance` and
 *    `component`, when the class has them): Helm charts label the class like the controller.
 * 3. Well-known controllers' pod labels: `k8s.io/ingress-nginx` → `app.kubernetes.io/name:
 *    ingress-nginx, app.kubernetes.io/component: controller`; `traefik.io/ingress-controller` →
 *    `app.kubernetes.io/name: traefik`.
 *
 * Gateway API (the Gateway of an HTTPRoute's parentRef):
 * 1. Pods labelled `gateway.networking.k8s.io/gateway-name: <gateway>` in the Gateway's namespace
 *    (the label GEP-1762, "In Cluster Gateway Deployments", has implementations that deploy a proxy
 *    per Gateway put on what they create: Istio, NGINX Gateway Fabric, kgateway).
 * 2. Envoy Gateway's `gateway.envoyproxy.io/owning-gateway-name` / `-namespace` labels (any namespace).
 *
 * No pods found → undefined (the caller stays silent: a cloud load balancer such as the AWS ALB
 * controller's, or Cilium's embedded Envoy, is not a pod).
 */
export interface RouteController {
  /** How the controller is named in messages: `IngressClass nginx (k8s.io/ingress-nginx)`. */
  readonly name: string;
  readonly pods: readonly PodModel[];
  /** Which rule above found them. */
  readonly how: string;
  /** Labels every controller pod carries (for hints), without pod-template-hash and the like. */
  readonly labels: Readonly<Record<string, string>>;
}

const KNOWN_INGRESS_CONTROLLERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'k8s.io/ingress-nginx': { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  'traefik.io/ingress-controller': { 'app.kubernetes.io/name': 'traefik' },
};

const INGRESS_NGINX = 'k8s.io/ingress-nginx';

/** The IngressClass of an Ingress: `spec.ingressClassName` (or the legacy annotation), else the one default class. */
export function ingressClassOf(snapshot: Snapshot, ing: IngressModel): IngressClassModel | undefined {
  if (ing.ingressClassName !== undefined) return snapshot.ingressClasses.find((c) => c.name === ing.ingressClassName);
  const defaults = snapshot.ingressClasses.filter((c) => c.isDefault);
  return defaults.length === 1 ? defaults[0] : undefined;
}

export function ingressController(snapshot: Snapshot, ing: IngressModel): RouteController | undefined {
  const cls = ingressClassOf(snapshot, ing);
  const active = snapshot.pods.filter(isActivePod);
  if (!cls) {
    if (ing.ingressClassName === undefined) return undefined;
    const flagged = active.filter((p) => podArgs(snapshot, p).some((a) => flagValue(a, '--ingress-class') === ing.ingressClassName));
    return flagged.length > 0 ? controllerOf(`ingress class ${ing.ingressClassName}`, flagged, '--ingress-class flag') : undefined;
  }
  const controller = cls.controller;
  if (controller === undefined) return undefined;
  const name = `IngressClass ${cls.name} (${controller})`;
  const byFlag = active.filter((p) => {
    const args = podArgs(snapshot, p);
    const flagged = args.map((a) => flagValue(a, '--controller-class')).filter((v): v is string => v !== undefined);
    if (flagged.length > 0) return flagged.includes(controller);
    return controller === INGRESS_NGINX && images(snapshot, p).some((i) => i.includes('ingress-nginx/controller'));
  });
  if (byFlag.length > 0) return controllerOf(name, byFlag, `--controller-class=${controller}`);
  const classLabels = ingressClassLabels(snapshot, cls);
  const wanted: Record<string, string> = {};
  for (const k of ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component']) if (classLabels[k] !== undefined) wanted[k] = classLabels[k]!;
  if (wanted['app.kubernetes.io/name'] !== undefined) {
    const byLabels = active.filter((p) => matches(p, wanted));
    if (byLabels.length > 0) return controllerOf(name, byLabels, `the IngressClass's labels ${formatLabels(wanted)}`);
  }
  const known = KNOWN_INGRESS_CONTROLLERS[controller];
  if (known) {
    const byKnown = active.filter((p) => matches(p, known));
    if (byKnown.length > 0) return controllerOf(name, byKnown, `the ${controller} convention ${formatLabels(known)}`);
  }
  return undefined;
}

/** The proxy pods of a Gateway. */
export function gatewayController(snapshot: Snapshot, gw: GatewayModel): RouteController | undefined {
  const cls = snapshot.gatewayClasses.find((c) => c.name === gw.gatewayClassName);
  const name = `Gateway ${gw.namespace}/${gw.name}${cls?.controllerName ? ` (${cls.controllerName})` : ''}`;
  const active = snapshot.pods.filter(isActivePod);
  const std = { 'gateway.networking.k8s.io/gateway-name': gw.name };
  const byStd = active.filter((p) => p.namespace === gw.namespace && matches(p, std));
  if (byStd.length > 0) return controllerOf(name, byStd, `the label ${formatLabels(std)}`);
  const envoy = { 'gateway.envoyproxy.io/owning-gateway-name': gw.name, 'gateway.envoyproxy.io/owning-gateway-namespace': gw.namespace };
  const byEnvoy = active.filter((p) => matches(p, envoy));
  if (byEnvoy.length > 0) return controllerOf(name, byEnvoy, `Envoy Gateway's labels ${formatLabels(envoy)}`);
  return undefined;
}

const VOLATILE_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']);

function controllerOf(name: string, pods: readonly PodModel[], how: string): RouteController {
  const first = pods[0]!;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(first.labels)) {
    if (VOLATILE_LABELS.has(k)) continue;
    if (pods.every((p) => p.labels[k] === v)) labels[k] = v;
  }
  return { name, pods, how, labels };
}

function matches(p: PodModel, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([k, v]) => p.labels[k] === v);
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function ingressClassLabels(snapshot: Snapshot, cls: IngressClassModel): Readonly<Record<string, string>> {
  const meta = findManifestObject(snapshot, 'IngressClass', undefined, cls.name)?.body.metadata;
  const labels = isRecord(meta) ? meta.labels : undefined;
  const out: Record<string, string> = {};
  if (isRecord(labels)) for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Every command/args string of the pod's containers. */
function podArgs(snapshot: Snapshot, pod: PodModel): string[] {
  const written = writtenPodSpec(snapshot, pod);
  if (!written) return [];
  return writtenContainers(written).flatMap((c) => commandLine(c).map((a) => a.value));
}

function images(snapshot: Snapshot, pod: PodModel): string[] {
  const written = writtenPodSpec(snapshot, pod);
  if (!written) return [];
  return writtenContainers(written).flatMap((c) => (typeof c.body.image === 'string' ? [c.body.image] : []));
}

/** `--flag=value` → value (the separate-argument form `--flag value` is not read). */
function flagValue(arg: string, flag: string): string | undefined {
  return arg.startsWith(`${flag}=`) ? arg.slice(flag.length + 1) : undefined;
}
