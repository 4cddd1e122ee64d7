import type { EndpointsReport } from '../analysis/endpoints.js';
import type { FieldOrigin } from '../layers/services/field-origin.js';
import { formatLocation } from '../model/provenance.js';
import { PLAIN, type Style } from './style.js';

/** `kflow endpoints` for people: the path through kube-proxy, each candidate with its reason. */
export function formatEndpoints(r: EndpointsReport, style: Style = PLAIN): string {
  const lines: string[] = [];
  const sp = r.servicePort;
  const portName = sp.name ? `${sp.name} ` : '';
  lines.push(style.bold(`Service ${r.service} (${r.serviceType}) port ${portName}${sp.port}/${sp.protocol} → targetPort ${sp.targetPort}`));
  lines.push(`  via      ${r.via}${r.destination ? ` ${r.destination}` : ''}${r.addressType === 'IPv6' ? ' (IPv6)' : ''}`);
  const clientText = r.client.kind === 'pod' ? `pod ${r.client.name}${r.client.ip ? ` (${r.client.ip})` : ''}` : r.client.kind === 'node' ? `node ${r.client.name}` : `a client outside the cluster (${r.from}'s node receives the traffic)`;
  lines.push(`  client   ${clientText}`);
  lines.push(`  node     ${r.node.name ?? '(none)'}${r.node.zone ? `, zone ${r.node.zone}` : ''}: its kube-proxy rules decide`);
  if (r.outcome !== 'not-proxied') {
    lines.push(`  policy   ${r.trafficPolicy.reason}`);
    lines.push(style.dim(`             ↳ ${origin(r.trafficPolicy.origin)}`));
    lines.push(`  slices   ${r.endpointsFrom.reason}`);
    if (r.topology.mode !== '' || r.topology.hints.some((h) => h.applied) || r.topology.reason.includes('hint')) {
      lines.push(`  topology ${r.topology.mode || 'none'}: ${r.topology.reason}`);
    }
    for (const h of r.topology.hints) if (h.mode.kind !== 'none') lines.push(style.dim(`             hints (${h.addressType}): ${h.reason}`));
  }
  const kept = r.candidates.filter((c) => c.kept);
  const dropped = r.candidates.filter((c) => !c.kept);
  if (r.candidates.length > 0) lines.push('  candidates');
  for (const c of [...kept, ...dropped]) {
    const mark = c.kept ? style.ok('✓') : style.bad('✗');
    const where = [c.pod ? `pod ${c.pod}` : undefined, c.nodeName ? `node ${c.nodeName}` : undefined, c.zone].filter(Boolean).join(', ');
    lines.push(`    ${mark} ${(c.endpoint ?? c.address ?? '-').padEnd(21)} ${where}`);
    lines.push(`        ${c.kept ? '' : `${c.reason}: `}${c.detail}`);
    for (const o of c.derivedFrom) lines.push(style.dim(`          ↳ ${origin(o)}`));
  }
  if (r.sessionAffinity) lines.push(`  affinity ClientIP (${r.sessionAffinity.timeoutSeconds} s): ${r.sessionAffinity.effect}`);
  if (r.healthCheck) lines.push(`  health   ${r.healthCheck.effect}`);
  if (r.outcome === 'forwarded') lines.push(`  SNAT     ${r.sourceNat.masquerade ? 'yes' : 'no'}: ${r.sourceNat.reason}`);
  for (const n of r.notes) lines.push(`  note     ${n}`);
  lines.push('');
  lines.push(verdict(r, style));
  return lines.join('\n');
}

function origin(o: FieldOrigin): string {
  return `${o.object}${o.path ? ` ${o.path}` : ''}${o.defaulted ? ' (not set: the default applies; position of its parent)' : ''} at ${formatLocation(o)}`;
}

function verdict(r: EndpointsReport, style: Style): string {
  switch (r.outcome) {
    case 'forwarded':
      return `${style.ok('FORWARDED')} to ${r.endpoints.length} endpoint(s)${r.terminatingFallback ? ' (serving-terminating fallback)' : ''}: ${r.endpoints.join(', ')}`;
    case 'rejected':
      return `${style.bad('REJECTED')} (${r.dropReason}): the Service has no usable endpoint; kube-proxy rejects the connection`;
    case 'dropped':
      return r.dropReason === 'LB_SOURCE_RANGE'
        ? `${style.bad('DROPPED')} (${r.dropReason}): the source is not in spec.loadBalancerSourceRanges`
        : `${style.bad('DROPPED')} (${r.dropReason}): endpoints exist, but none on node ${r.node.name ?? '(none)'} as ${r.trafficPolicy.field} Local requires`;
    case 'not-proxied':
      return `${style.warn('NOT PROXIED')}: ${r.notes[0] ?? 'kube-proxy programs nothing for this traffic'}`;
  }
}
