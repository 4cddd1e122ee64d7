import type {
  ManifestObject,
  NamespaceModel,
  NetworkPolicyModel,
  NodeModel,
  PodModel,
  WorkloadKind,
  WorkloadModel,
} from '../../model/objects.js';
import { objectId } from '../../model/objects.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { diagnosticAt } from '../../model/diagnostic.js';
import { formatLocation } from '../../model/provenance.js';
import type { Cidr, Ip } from '../../net/ip.js';
import { parseIp } from '../../net/ip.js';
import { goJSONString } from '../validation/label-selector.js';
import { IP_DETAIL, decodeLegacyCidr } from './decode-cidr.js';
import { OBJECT_META_FIELDS, TEMPLATE_FIELDS, TOP_LEVEL_FIELDS, WORKLOAD_SPEC_FIELDS } from './known-fields.js';
import type { ParsedObject } from '../parse-documents.js';
import { DecodeContext, type JsonMap, type Path, isAbsent } from './decode-context.js';
import { decodeLabelSelector } from './decode-label-selector.js';
import { type DecodedMetadata, decodeMetadata } from './decode-metadata.js';
import { decodeNetworkPolicy } from './decode-network-policy.js';
import { decodeClusterNetworkPolicy } from './decode-cluster-network-policy.js';
import { decodeAdminNetworkPolicy, decodeBaselineAdminNetworkPolicy } from './decode-admin-network-policy.js';
import type { ClusterNetworkPolicyModel } from '../../model/cluster-policy-objects.js';
import { decodePodTemplate } from './decode-pod-template.js';
import { decodeGateway, decodeGatewayClass, decodeHTTPRoute, decodeIngress, decodeIngressClass } from './decode-ingress.js';
import { decodeConfigMap, decodeEndpointSlice, decodeEndpoints, decodeService } from './decode-service.js';
import type {
  ConfigMapModel,
  EndpointSliceModel,
  EndpointsModel,
  GatewayClassModel,
  GatewayModel,
  HTTPRouteModel,
  IngressClassModel,
  IngressModel,
  ServiceModel,
} from '../../model/service-objects.js';

/** Everything decoded from the user's manifests, before workload expansion. */
export interface DecodedInput {
  readonly objects: ManifestObject[];
  readonly namespaces: NamespaceModel[];
  readonly nodes: NodeModel[];
  readonly pods: PodModel[];
  readonly workloads: WorkloadModel[];
  readonly networkPolicies: NetworkPolicyModel[];
  /** ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1). */
  readonly clusterNetworkPolicies: ClusterNetworkPolicyModel[];
  readonly services: ServiceModel[];
  readonly endpointSlices: EndpointSliceModel[];
  readonly endpoints: EndpointsModel[];
  readonly configMaps: ConfigMapModel[];
  readonly ingresses: IngressModel[];
  readonly ingressClasses: IngressClassModel[];
  readonly gateways: GatewayModel[];
  readonly gatewayClasses: GatewayClassModel[];
  readonly httpRoutes: HTTPRouteModel[];
  readonly diagnostics: Diagnostic[];
}

/** Kinds whose whole content kflow reads now, with their API groups. */
const KNOWN_KINDS: Readonly<Record<string, readonly string[]>> = {
  Namespace: ['v1'],
  Pod: ['v1'],
  Node: ['v1'],
  Service: ['v1'],
  Endpoints: ['v1'],
  ConfigMap: ['v1'],
  EndpointSlice: ['discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  ClusterNetworkPolicy: ['policy.networking.k8s.io/v1alpha2'],
  AdminNetworkPolicy: ['policy.networking.k8s.io/v1alpha1'],
  BaselineAdminNetworkPolicy: ['policy.networking.k8s.io/v1alpha1'],
  Deployment: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  Ingress: ['networking.k8s.io/v1'],
  IngressClass: ['networking.k8s.io/v1'],
  Gateway: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
  HTTPRoute: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
  GatewayClass: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
};

const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

/** Decodes and validates parsed objects; duplicates are reported and the first one wins. */
export function decodeObjects(parsed: readonly ParsedObject[]): DecodedInput {
  const out: DecodedInput = {
    objects: [],
    namespaces: [],
    nodes: [],
    pods: [],
    workloads: [],
    networkPolicies: [],
    clusterNetworkPolicies: [],
    services: [],
    endpointSlices: [],
    endpoints: [],
    configMaps: [],
    ingresses: [],
    ingressClasses: [],
    gateways: [],
    gatewayClasses: [],
    httpRoutes: [],
    diagnostics: [],
  };
  const seen = new Map<string, ManifestObject>();
  parsed.forEach((p, index) => {
    const root = p.locate([]);
    if (typeof p.value !== 'object' || p.value === null || Array.isArray(p.value)) {
      out.diagnostics.push(diagnosticAt(root, 'error', 'OBJECT_NOT_MAPPING', 'a Kubernetes object must be a map with apiVersion, kind and metadata', { hint: 'Check the indentation of this document.' }));
      return;
    }
    const body = p.value as JsonMap;
    const kind = body.kind;
    const apiVersion = body.apiVersion;
    if (typeof kind !== 'string' || kind === '') {
      out.diagnostics.push(diagnosticAt(p.locate(['kind']), 'error', 'OBJECT_KIND_MISSING', 'Object \'Kind\' is missing', { hint: 'Every object needs `kind:` (and `apiVersion:`).' }));
      return;
    }
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      out.diagnostics.push(diagnosticAt(p.locate(['apiVersion']), 'error', 'OBJECT_APIVERSION_MISSING', `${kind}: 'apiVersion' is missing`, { hint: `Add the apiVersion, e.g. ${KNOWN_KINDS[kind]?.[0] ?? 'v1'}.` }));
      return;
    }
    const versions = KNOWN_KINDS[kind];
    if (!versions) {
      out.diagnostics.push(diagnosticAt(root, 'info', 'KIND_SKIPPED', `${apiVersion} ${kind} is not used by kflow; skipped`));
      return;
    }
    if (!versions.includes(apiVersion)) {
      out.diagnostics.push(
        diagnosticAt(p.locate(['apiVersion']), 'error', 'APIVERSION_UNSUPPORTED', `no matches for kind "${kind}" in version "${apiVersion}"`, {
          hint: `${kind} is served as ${versions.join(' or ')}.`,
        }),
      );
      return;
    }
    const ctx = new DecodeContext(p.locate, `${kind}/?`);
    const meta = decodeMetadata(ctx, body, kind, String(index));
    const id = objectId(kind, meta.namespace, meta.name);
    const ctxNamed = new DecodeContext(p.locate, id);
    ctxNamed.diagnostics.push(...ctx.diagnostics.map((d) => ({ ...d, object: id })));
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const dupKey = `${group}/${id}`;
    const manifest: ManifestObject = { apiVersion, kind, namespace: meta.namespace, name: meta.name, body, source: root, locate: p.locate };
    const first = seen.get(dupKey);
    if (first) {
      out.diagnostics.push(
        diagnosticAt(root, 'error', 'OBJECT_DUPLICATE', `${id} is defined twice; first at ${formatLocation(first.source)}`, {
          object: id,
          hint: 'Remove one of them (kubectl would apply the later one over the earlier).',
        }),
      );
      return;
    }
    seen.set(dupKey, manifest);
    out.objects.push(manifest);
    const topLevel = TOP_LEVEL_FIELDS[kind];
    if (topLevel) ctxNamed.knownFields(body, [], topLevel);
    decodeKind(ctxNamed, kind, body, meta, out);
    out.diagnostics.push(...ctxNamed.diagnostics);
  });
  return out;
}

function decodeKind(ctx: DecodeContext, kind: string, body: JsonMap, meta: DecodedMetadata, out: DecodedInput): void {
  switch (kind) {
    case 'Namespace': {
      // The API server always sets kubernetes.io/metadata.name to the name (NamespaceDefaultLabelName).
      out.namespaces.push({ name: meta.name, labels: { ...meta.labels, 'kubernetes.io/metadata.name': meta.name }, source: ctx.loc([]), synthesized: false });
      return;
    }
    case 'Node':
      out.nodes.push(decodeNode(ctx, body, meta));
      return;
    case 'Pod':
      out.pods.push(decodePod(ctx, body, meta));
      return;
    case 'NetworkPolicy':
      out.networkPolicies.push(decodeNetworkPolicy(ctx, body, meta));
      return;
    case 'ClusterNetworkPolicy':
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy': {
      const decode = kind === 'ClusterNetworkPolicy' ? decodeClusterNetworkPolicy : kind === 'AdminNetworkPolicy' ? decodeAdminNetworkPolicy : decodeBaselineAdminNetworkPolicy;
      const cnp = decode(ctx, body, meta, String(body.apiVersion));
      if (cnp) out.clusterNetworkPolicies.push(cnp);
      return;
    }
    case 'Service':
      out.services.push(decodeService(ctx, body, meta));
      return;
    case 'EndpointSlice':
      out.endpointSlices.push(decodeEndpointSlice(ctx, body, meta));
      return;
    case 'Endpoints':
      out.endpoints.push(decodeEndpoints(ctx, body, meta));
      return;
    case 'ConfigMap':
      out.configMaps.push(decodeConfigMap(ctx, body, meta));
      return;
    case 'Ingress':
      out.ingresses.push(decodeIngress(ctx, body, meta));
      return;
    case 'IngressClass':
      out.ingressClasses.push(decodeIngressClass(ctx, body, meta));
      return;
    case 'Gateway':
      out.gateways.push(decodeGateway(ctx, body, meta));
      return;
    case 'GatewayClass':
      out.gatewayClasses.push(decodeGatewayClass(ctx, body, meta));
      return;
    case 'HTTPRoute':
      out.httpRoutes.push(decodeHTTPRoute(ctx, body, meta));
      return;
    default:
      if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) out.workloads.push(decodeWorkload(ctx, kind as WorkloadKind, body, meta));
  }
}

function decodeNode(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): NodeModel {
  const spec = ctx.map(body.spec, ['spec']) ?? {};
  const status = ctx.map(body.status, ['status']) ?? {};
  const podCIDRs: Cidr[] = [];
  const cidrTexts = ctx.list_of_strings(spec.podCIDRs, ['spec', 'podCIDRs']);
  const single = ctx.string(spec.podCIDR, ['spec', 'podCIDR']);
  const fromList = cidrTexts.length > 0;
  if (!fromList && single) cidrTexts.push(single);
  // ValidateNode → IsValidCIDRForLegacyField: sloppy forms (leading zeros) pass with a warning.
  cidrTexts.forEach((t, i) => {
    const c = decodeLegacyCidr(ctx, t, fromList ? ['spec', 'podCIDRs', i] : ['spec', 'podCIDR']);
    if (c) podCIDRs.push(c);
  });
  const podCIDRSource = cidrTexts.length > 0 ? ctx.loc(fromList ? ['spec', 'podCIDRs'] : ['spec', 'podCIDR']) : undefined;
  const addresses: { type: string; address: string }[] = [];
  const internalIPs: Ip[] = [];
  (ctx.list(status.addresses, ['status', 'addresses']) ?? []).forEach((a, i) => {
    const m = ctx.map(a, ['status', 'addresses', i]);
    if (!m) return;
    const type = ctx.string(m.type, ['status', 'addresses', i, 'type']) ?? '';
    const address = ctx.string(m.address, ['status', 'addresses', i, 'address']) ?? '';
    addresses.push({ type, address });
    if (type === 'InternalIP') {
      const ip = parseIp(address);
      if (ip) internalIPs.push(ip);
      else ctx.error(['status', 'addresses', i, 'address'], 'IP_INVALID', `Invalid value: ${JSON.stringify(address)}: ${IP_DETAIL}`);
    }
  });
  return { name: meta.name, labels: meta.labels, podCIDRs, addresses, internalIPs, source: ctx.loc([]), ...(podCIDRSource ? { podCIDRSource } : {}), synthesized: false };
}

function decodePod(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): PodModel {
  const template = decodePodTemplate(ctx, body.spec, ['spec'], { labels: meta.labels, annotations: meta.annotations });
  const status = ctx.map(body.status, ['status']) ?? {};
  const ips: Ip[] = [];
  const podIPs = ctx.list(status.podIPs, ['status', 'podIPs']);
  const addIp = (text: string, path: Path): void => {
    const ip = parseIp(text);
    if (!ip) ctx.error(path, 'IP_INVALID', `Invalid value: ${JSON.stringify(text)}: ${IP_DETAIL}`);
    else if (!ips.some((x) => x.family === ip.family && x.value === ip.value)) ips.push(ip);
  };
  const podIP = ctx.string(status.podIP, ['status', 'podIP']);
  if (podIP) addIp(podIP, ['status', 'podIP']);
  (podIPs ?? []).forEach((e, i) => {
    const m = ctx.map(e, ['status', 'podIPs', i]);
    const t = m ? ctx.string(m.ip, ['status', 'podIPs', i, 'ip']) : undefined;
    if (t) addIp(t, ['status', 'podIPs', i, 'ip']);
  });
  const namespace = meta.namespace ?? 'default';
  return {
    key: `${namespace}/${meta.name}`,
    namespace,
    name: meta.name,
    labels: meta.labels,
    annotations: meta.annotations,
    uid: meta.uid,
    nodeName: template.nodeName,
    hostNetwork: template.hostNetwork,
    ips,
    ports: template.ports,
    hostname: template.hostname,
    subdomain: template.subdomain,
    dnsPolicy: template.dnsPolicy,
    dnsConfig: template.dnsConfig,
    phase: ctx.string(status.phase, ['status', 'phase']),
    ownerReferences: meta.ownerReferences,
    workload: undefined,
    source: ctx.loc([]),
    synthesized: false,
    ipAllocated: false,
    ...podReadiness(ctx, body, status),
  };
}

/** The Ready condition and the deletion timestamp: what the EndpointSlice controller reads of a pod's state. */
function podReadiness(ctx: DecodeContext, body: JsonMap, status: JsonMap): { ready?: boolean; deletionTimestamp?: string } {
  const out: { ready?: boolean; deletionTimestamp?: string } = {};
  (ctx.list(status.conditions, ['status', 'conditions']) ?? []).forEach((c, i) => {
    const m = ctx.map(c, ['status', 'conditions', i]);
    if (m && ctx.string(m.type, ['status', 'conditions', i, 'type']) === 'Ready') {
      out.ready = ctx.string(m.status, ['status', 'conditions', i, 'status']) === 'True';
    }
  });
  const meta = ctx.map(body.metadata, ['metadata']);
  const deletion = meta ? ctx.string(meta.deletionTimestamp, ['metadata', 'deletionTimestamp']) : undefined;
  if (deletion) out.deletionTimestamp = deletion;
  return out;
}

function decodeWorkload(ctx: DecodeContext, kind: WorkloadKind, body: JsonMap, meta: DecodedMetadata): WorkloadModel {
  const specMap = ctx.map(body.spec, ['spec']);
  const spec = specMap ?? {};
  if (specMap) ctx.knownFields(specMap, ['spec'], WORKLOAD_SPEC_FIELDS[kind]);
  let podSpecPath: Path = ['spec', 'template'];
  let templateHolder: JsonMap = spec;
  let holderOk = specMap !== undefined || isAbsent(body.spec);
  let replicas = 1;
  if (kind === 'CronJob') {
    const jobTemplateMap = ctx.map(spec.jobTemplate, ['spec', 'jobTemplate']);
    const jobTemplate = jobTemplateMap ?? {};
    if (jobTemplateMap) {
      ctx.knownFields(jobTemplateMap, ['spec', 'jobTemplate'], TEMPLATE_FIELDS);
      checkTemplateMetadata(ctx, jobTemplateMap.metadata, ['spec', 'jobTemplate', 'metadata']);
    }
    const jobSpec = ctx.map(jobTemplate.spec, ['spec', 'jobTemplate', 'spec']);
    if (jobSpec) ctx.knownFields(jobSpec, ['spec', 'jobTemplate', 'spec'], WORKLOAD_SPEC_FIELDS.Job);
    holderOk = holderOk && (jobTemplateMap !== undefined || isAbsent(spec.jobTemplate)) && (jobSpec !== undefined || isAbsent(jobTemplate.spec));
    templateHolder = jobSpec ?? {};
    podSpecPath = ['spec', 'jobTemplate', 'spec', 'template'];
    replicas = jobParallelism(ctx, templateHolder, ['spec', 'jobTemplate', 'spec']);
  } else if (kind === 'Job') {
    replicas = jobParallelism(ctx, spec, ['spec']);
  } else if (kind !== 'DaemonSet') {
    const r = ctx.int(spec.replicas, ['spec', 'replicas']);
    if (r !== undefined && r < 0) ctx.error(['spec', 'replicas'], 'FIELD_INVALID', `Invalid value: ${r}: must be greater than or equal to 0`);
    replicas = r === undefined ? 1 : Math.max(0, r);
  }
  const templateMap = ctx.map(templateHolder.template, podSpecPath);
  // Required only when the template is really missing, not after a type error on the way to it.
  if (!templateMap && holderOk && isAbsent(templateHolder.template)) ctx.error(podSpecPath, 'FIELD_REQUIRED', 'Required value: a pod template is required');
  if (templateMap) ctx.knownFields(templateMap, podSpecPath, TEMPLATE_FIELDS);
  // A template (or a holder of it) of the wrong type was reported as such; the API server's decoder
  // stops there, so nothing inside it is "required" or "mismatched".
  const templateBroken = !templateMap && !(holderOk && isAbsent(templateHolder.template));
  const beforeLabels = ctx.diagnostics.length;
  const tmetaMap = checkTemplateMetadata(ctx, templateMap?.metadata, [...podSpecPath, 'metadata']);
  const tmeta = tmetaMap ?? {};
  const labels = ctx.stringMap(tmeta.labels, [...podSpecPath, 'metadata', 'labels']);
  const labelsBroken = templateBroken || ctx.diagnostics.slice(beforeLabels).some((d) => d.code === 'FIELD_TYPE');
  const annotations = ctx.stringMap(tmeta.annotations, [...podSpecPath, 'metadata', 'annotations']);
  const template = decodePodTemplate(ctx, templateMap?.spec, [...podSpecPath, 'spec'], { labels, annotations }, !templateBroken);
  const selectorPath: Path = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'selector'] : ['spec', 'selector'];
  const selectorRaw = kind === 'CronJob' ? templateHolder.selector : spec.selector;
  const selector = decodeLabelSelector(ctx, selectorRaw, selectorPath);
  const needsSelector = kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' || kind === 'ReplicaSet';
  if (needsSelector && selectorRaw == null) {
    ctx.error(selectorPath, 'FIELD_REQUIRED', 'Required value', 'apps/v1 workloads need spec.selector matching the template labels.');
  } else if (selector && needsSelector) {
    // ValidatePodTemplateSpecForReplicaSet & co.: the selector must match the template's labels.
    if (selector.requirements.length === 0) {
      // The BadValue is the (empty) LabelSelector, printed as JSON: {}. ReplicaSet reuses the Deployment text.
      ctx.error(selectorPath, 'SELECTOR_INVALID', `Invalid value: {}: empty selector is invalid for ${EMPTY_SELECTOR_NAME[kind] ?? 'deployment'}`);
    } else if (!labelsBroken && !matchesTemplate(selector, labels)) {
      // field.Invalid(template.metadata.labels, template.Labels, ...): the labels printed as JSON (sorted keys), null when absent.
      const shown = isAbsent(tmeta.labels) ? 'null' : goJSONMap(labels);
      ctx.error([...podSpecPath, 'metadata', 'labels'], 'SELECTOR_MISMATCH', `Invalid value: ${shown}: \`selector\` does not match template \`labels\``, 'Make spec.template.metadata.labels include every label spec.selector requires.');
    }
  }
  const serviceName = kind === 'StatefulSet' ? ctx.string(spec.serviceName, ['spec', 'serviceName']) : undefined;
  return {
    kind,
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    uid: meta.uid,
    labels: meta.labels,
    replicas,
    selector,
    template,
    serviceName,
    ownerReferences: meta.ownerReferences,
    source: ctx.loc([]),
  };
}

/** The kind word of "empty selector is invalid for <kind>" (ReplicaSet's validation says deployment). */
const EMPTY_SELECTOR_NAME: Partial<Record<WorkloadKind, string>> = { Deployment: 'deployment', ReplicaSet: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset' };

/** A template's metadata (an ObjectMeta): strict field check; returns the map. */
function checkTemplateMetadata(ctx: DecodeContext, value: unknown, path: Path): JsonMap | undefined {
  const m = ctx.map(value, path);
  if (m) ctx.knownFields(m, path, OBJECT_META_FIELDS);
  return m;
}

/** A map[string]string as Go's json.Marshal prints it: keys sorted, Go string escaping. */
function goJSONMap(m: Readonly<Record<string, string>>): string {
  const keys = Object.keys(m).sort();
  return `{${keys.map((k) => `${goJSONString(k)}:${goJSONString(m[k]!)}`).join(',')}}`;
}

function matchesTemplate(selector: NonNullable<ReturnType<typeof decodeLabelSelector>>, labels: Record<string, string>): boolean {
  return selector.requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(labels[r.key]!);
      case 'NotIn':
        return !has || !r.values.includes(labels[r.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}

/** Pods a Job runs at once: parallelism (default 1), capped by completions when set. */
function jobParallelism(ctx: DecodeContext, spec: JsonMap, path: Path): number {
  const parallelism = ctx.int(spec.parallelism, [...path, 'parallelism']) ?? 1;
  const completions = ctx.int(spec.completions, [...path, 'completions']);
  const n = completions === undefined ? parallelism : Math.min(parallelism, completions);
  return Math.max(0, n);
}
