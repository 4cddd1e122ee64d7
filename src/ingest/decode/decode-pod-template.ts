import type { ContainerPortModel, PodDnsConfig, PodTemplateModel } from '../../model/objects.js';
import { PROTOCOLS, type Protocol, isProtocol } from '../../net/protocol.js';
import { isValidPortName } from '../validation/names.js';
import type { DecodeContext, Path } from './decode-context.js';
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
): PodTemplateModel {
  const s = ctx.map(spec, specPath) ?? {};
  const ports: ContainerPortModel[] = [];
  const containers = ctx.list(s.containers, [...specPath, 'containers']);
  if (containers === undefined || containers.length === 0) {
    ctx.error([...specPath, 'containers'], 'FIELD_REQUIRED', 'Required value', 'A pod needs at least one container.');
  }
  (containers ?? []).forEach((c, ci) => {
    const cPath = [...specPath, 'containers', ci];
    const cm = ctx.map(c, cPath);
    if (!cm) return;
    const cname = ctx.string(cm.name, [...cPath, 'name']) ?? `container-${ci}`;
    const seenNames = new Set<string>();
    (ctx.list(cm.ports, [...cPath, 'ports']) ?? []).forEach((p, pi) => {
      const pPath = [...cPath, 'ports', pi];
      const pm = ctx.map(p, pPath);
      if (!pm) return;
      const containerPort = ctx.int(pm.containerPort, [...pPath, 'containerPort']);
      const name = ctx.string(pm.name, [...pPath, 'name']);
      const protoRaw = ctx.string(pm.protocol, [...pPath, 'protocol']);
      let ok = true;
      if (pm.containerPort === undefined) {
        ctx.error([...pPath, 'containerPort'], 'FIELD_REQUIRED', 'Required value');
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
      const protocol = decodeProtocol(ctx, protoRaw, [...pPath, 'protocol']);
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
  validateLabels(ctx, metadata.labels, specPath.length > 1 ? [...specPath.slice(0, -1), 'metadata', 'labels'] : ['metadata', 'labels']);
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

export function decodeProtocol(ctx: DecodeContext, raw: string | undefined, path: Path): Protocol | undefined {
  if (raw === undefined) return 'TCP';
  if (isProtocol(raw)) return raw;
  const upper = raw.toUpperCase();
  ctx.error(
    path,
    'PROTOCOL_UNSUPPORTED',
    `Unsupported value: ${JSON.stringify(raw)}: supported values: ${PROTOCOLS.map((p) => `"${p}"`).join(', ')}`,
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
