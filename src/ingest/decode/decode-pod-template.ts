import type { ContainerPortModel, PodDnsConfig, PodTemplateModel } from '../../model/objects.js';
import { PROTOCOLS, type Protocol, isProtocol } from '../../net/protocol.js';
import { isValidPortName } from '../validation/names.js';
import { type DecodeContext, type Path, isAbsent, isAbsentOrEmpty } from './decode-context.js';
import { CONTAINER_FIELDS, CONTAINER_PORT_FIELDS, EPHEMERAL_CONTAINER_FIELDS, POD_SPEC_FIELDS } from './known-fields.js';
import { validateLabels } from './decode-metadata.js';

const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];

/**
 * The networking-relevant part of a PodSpec (and its metadata when it is a template):
 * container ports (validated as validateContainerPorts does), hostNetwork, DNS settings.
 */
export function decodePodTemplate(
  ctx: DecodeContext,
  spec: unknown,
  specPath: Path,
  metadata: { labels: Record<string, string>; annotations: Record<string, string> },
  /** False when the template around this spec had a type error: then nothing in it is "required". */
  checkRequired = true,
): PodTemplateModel {
  const specMap = ctx.map(spec, specPath);
  const s = specMap ?? {};
  if (specMap) ctx.knownFields(specMap, specPath, POD_SPEC_FIELDS);
  const ports: ContainerPortModel[] = [];
  const containers = ctx.list(s.containers, [...specPath, 'containers']);
  // Required only when really missing (absent, null or []), not after a type error.
  if (checkRequired && (specMap !== undefined || isAbsent(spec)) && isAbsentOrEmpty(s.containers)) {
    ctx.error([...specPath, 'containers'], 'FIELD_REQUIRED', 'Required value', 'A pod needs at least one container.');
  }
  checkContainerFields(ctx, s.initContainers, [...specPath, 'initContainers'], CONTAINER_FIELDS);
  checkContainerFields(ctx, s.ephemeralContainers, [...specPath, 'ephemeralContainers'], EPHEMERAL_CONTAINER_FIELDS);
  (containers ?? []).forEach((c, ci) => {
    const cPath = [...specPath, 'containers', ci];
    const cm = ctx.map(c, cPath);
    if (!cm) return;
    ctx.knownFields(cm, cPath, CONTAINER_FIELDS);
    const cname = ctx.string(cm.name, [...cPath, 'name']) ?? `container-${ci}`;
    const seenNames = new Set<string>();
    (ctx.list(cm.ports, [...cPath, 'ports']) ?? []).forEach((p, pi) => {
      const pPath = [...cPath, 'ports', pi];
      const pm = ctx.map(p, pPath);
      if (!pm) return;
      ctx.knownFields(pm, pPath, CONTAINER_PORT_FIELDS);
      const containerPort = ctx.int(pm.containerPort, [...pPath, 'containerPort']);
      const name = ctx.string(pm.name, [...pPath, 'name']);
      const protoRaw = ctx.string(pm.protocol, [...pPath, 'protocol']);
      let ok = true;
      if (isAbsent(pm.containerPort) || containerPort === 0) {
        // validateContainerPorts: containerPort 0 (the value an absent field decodes to) is Required.
        ctx.error([...pPath, 'containerPort'], 'FIELD_REQUIRED', 'Required value', 'Give the port its number: containerPort: 8080.');
        ok = false;
      } else if (containerPort !== undefined && (containerPort < 1 || containerPort > 65535)) {
        ctx.error([...pPath, 'containerPort'], 'PORT_INVALID', `Invalid value: ${containerPort}: must be between 1 and 65535, inclusive`);
        ok = false;
      } else if (containerPort === undefined) ok = false;
      if (name !== undefined && name !== '') {
        for (const e of isValidPortName(name)) {
          ctx.error([...pPath, 'name'], 'PORT_NAME_INVALID', `Invalid value: ${JSON.stringify(name)}: ${e}`);
          ok = false;
        }
        if (seenNames.has(name)) {
          ctx.error([...pPath, 'name'], 'PORT_NAME_DUPLICATE', `Duplicate value: ${JSON.stringify(name)}`, 'Port names must be unique within a container.');
        }
        seenNames.add(name);
      }
      const protocol = decodeProtocol(ctx, protoRaw, [...pPath, 'protocol'], SORTED_PROTOCOLS);
      if (protocol === undefined) ok = false;
      if (ok && containerPort !== undefined && protocol !== undefined) {
        ports.push({ container: cname, name: name || undefined, containerPort, protocol, source: ctx.loc(pPath) });
      }
    });
  });
  const hostNetwork = ctx.bool(s.hostNetwork, [...specPath, 'hostNetwork']) ?? false;
  const nodeName = ctx.string(s.nodeName, [...specPath, 'nodeName']);
  const hostname = ctx.string(s.hostname, [...specPath, 'hostname']);
  const subdomain = ctx.string(s.subdomain, [...specPath, 'subdomain']);
  const dnsPolicy = ctx.string(s.dnsPolicy, [...specPath, 'dnsPolicy']);
  if (dnsPolicy !== undefined && !DNS_POLICIES.includes(dnsPolicy)) {
    ctx.error([...specPath, 'dnsPolicy'], 'FIELD_INVALID', `Unsupported value: ${JSON.stringify(dnsPolicy)}: supported values: ${DNS_POLICIES.map((d) => `"${d}"`).join(', ')}`);
  }
  const dnsConfig = decodeDnsConfig(ctx, s.dnsConfig, [...specPath, 'dnsConfig']);
  // A Pod's own labels were validated with its metadata; a template's labels are validated here.
  if (specPath.length > 1) validateLabels(ctx, metadata.labels, [...specPath.slice(0, -1), 'metadata', 'labels']);
  return {
    labels: metadata.labels,
    annotations: metadata.annotations,
    hostNetwork,
    ports,
    nodeName,
    hostname,
    subdomain,
    dnsPolicy,
    dnsConfig,
    source: ctx.loc(specPath),
  };
}

/** Pods and Services list the supported protocols sorted (validation.go supportedPortProtocols.List()). */
export const SORTED_PROTOCOLS: readonly Protocol[] = [...PROTOCOLS].sort();

/**
 * A port protocol (defaulted to TCP). `supported` is the order the upstream message lists them in:
 * NetworkPolicy says "TCP", "UDP", "SCTP" (the default); Pods and Services sort them.
 */
export function decodeProtocol(ctx: DecodeContext, raw: string | undefined, path: Path, supported: readonly Protocol[] = PROTOCOLS): Protocol | undefined {
  if (raw === undefined) return 'TCP';
  if (isProtocol(raw)) return raw;
  const upper = raw.toUpperCase();
  ctx.error(
    path,
    'PROTOCOL_UNSUPPORTED',
    `Unsupported value: ${JSON.stringify(raw)}: supported values: ${supported.map((p) => `"${p}"`).join(', ')}`,
    isProtocol(upper) ? `Protocols are upper-case: "${upper}".` : undefined,
  );
  return undefined;
}

function decodeDnsConfig(ctx: DecodeContext, value: unknown, path: Path): PodDnsConfig | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  const options: { name: string; value?: string }[] = [];
  (ctx.list(m.options, [...path, 'options']) ?? []).forEach((o, i) => {
    const om = ctx.map(o, [...path, 'options', i]);
    if (!om) return;
    const name = ctx.string(om.name, [...path, 'options', i, 'name']);
    const v = ctx.string(om.value, [...path, 'options', i, 'value']);
    if (name) options.push(v === undefined ? { name } : { name, value: v });
  });
  return {
    nameservers: ctx.list_of_strings(m.nameservers, [...path, 'nameservers']),
    searches: ctx.list_of_strings(m.searches, [...path, 'searches']),
    options,
  };
}

/** Strict field validation of init and ephemeral containers (their ports are not part of the model). */
function checkContainerFields(ctx: DecodeContext, value: unknown, path: Path, fields: ReadonlySet<string>): void {
  (ctx.list(value, path) ?? []).forEach((c, i) => {
    const cm = ctx.map(c, [...path, i]);
    if (!cm) return;
    ctx.knownFields(cm, [...path, i], fields);
    (ctx.list(cm.ports, [...path, i, 'ports']) ?? []).forEach((p, j) => {
      const pm = ctx.map(p, [...path, i, 'ports', j]);
      if (pm) ctx.knownFields(pm, [...path, i, 'ports', j], CONTAINER_PORT_FIELDS);
    });
  });
}
