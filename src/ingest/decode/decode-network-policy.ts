import type { DecodedMetadata } from './decode-metadata.js';
import { EVERYTHING } from '../../model/label-selector.js';
import type {
  IpBlockModel,
  NetworkPolicyModel,
  NetworkPolicyPeerModel,
  NetworkPolicyPortModel,
  NetworkPolicyRuleModel,
  PolicyType,
} from '../../model/objects.js';
import { IpSet } from '../../net/ip-set.js';
import { isValidPortName, isValidPortNum } from '../validation/names.js';
import { decodeLegacyCidr } from './decode-cidr.js';
import { type DecodeContext, type JsonMap, type Path, isAbsent } from './decode-context.js';
import { decodeLabelSelector } from './decode-label-selector.js';
import { decodeProtocol } from './decode-pod-template.js';

const NETWORK_POLICY_SPEC_FIELDS: ReadonlySet<string> = new Set(['podSelector', 'policyTypes', 'ingress', 'egress']);

/**
 * networking.k8s.io/v1 NetworkPolicy, validated as ValidateNetworkPolicySpec does
 * (pkg/apis/networking/validation) and defaulted as the API server defaults it.
 */
export function decodeNetworkPolicy(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata): NetworkPolicyModel {
  const specPath: Path = ['spec'];
  const spec = ctx.map(body.spec, specPath) ?? {};
  ctx.knownFields(spec, specPath, NETWORK_POLICY_SPEC_FIELDS);
  if (spec.podSelector === undefined) {
    ctx.report('info', specPath, 'NP_PODSELECTOR_ABSENT', 'podSelector is absent: it selects every pod in the namespace, as `podSelector: {}` does', 'Write `podSelector: {}` to make the intent explicit.');
  }
  const podSelector = decodeLabelSelector(ctx, spec.podSelector, [...specPath, 'podSelector']) ?? EVERYTHING;
  const ingress = decodeRules(ctx, spec.ingress, [...specPath, 'ingress'], 'from');
  const egress = decodeRules(ctx, spec.egress, [...specPath, 'egress'], 'to');

  const typesRaw = ctx.list(spec.policyTypes, [...specPath, 'policyTypes']);
  let policyTypes: PolicyType[] = [];
  let policyTypesDefaulted = false;
  if (typesRaw !== undefined && typesRaw.length > 0) {
    if (typesRaw.length > 2) {
      // ValidateNetworkPolicySpec returns after this error: the entries are not checked one by one.
      ctx.error([...specPath, 'policyTypes'], 'POLICY_TYPE_INVALID', `Invalid value: ${JSON.stringify(typesRaw)}: may not specify more than two policyTypes`);
      for (const t of typesRaw) if ((t === 'Ingress' || t === 'Egress') && !policyTypes.includes(t)) policyTypes.push(t);
    } else typesRaw.forEach((t, i) => {
      const s = ctx.string(t, [...specPath, 'policyTypes', i]);
      if (s === undefined) return;
      if (s === 'Ingress' || s === 'Egress') {
        if (!policyTypes.includes(s)) policyTypes.push(s);
      } else {
        const fixed = s.toLowerCase() === 'ingress' ? 'Ingress' : s.toLowerCase() === 'egress' ? 'Egress' : undefined;
        ctx.error(
          [...specPath, 'policyTypes', i],
          'POLICY_TYPE_INVALID',
          `Unsupported value: ${JSON.stringify(s)}: supported values: "Ingress", "Egress"`,
          fixed ? `Policy types are case-sensitive: "${fixed}".` : undefined,
        );
      }
    });
  } else {
    // SetDefaults_NetworkPolicy: Ingress always; Egress when the policy has egress rules.
    policyTypesDefaulted = true;
    policyTypes = egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  return {
    namespace: meta.namespace ?? 'default',
    name: meta.name,
    podSelector,
    policyTypes,
    policyTypesDefaulted,
    ingress,
    egress,
    annotations: meta.annotations,
    source: ctx.loc([]),
    podSelectorSource: ctx.loc(spec.podSelector === undefined ? specPath : [...specPath, 'podSelector']),
  };
}

function decodeRules(ctx: DecodeContext, value: unknown, path: Path, peerField: 'from' | 'to'): NetworkPolicyRuleModel[] {
  const rules: NetworkPolicyRuleModel[] = [];
  (ctx.list(value, path) ?? []).forEach((r, i) => {
    const rPath = [...path, i];
    const rm = ctx.map(r, rPath);
    if (rm === undefined) {
      if (r === null) rules.push({ peers: undefined, ports: undefined, source: ctx.loc(rPath) });
      return;
    }
    ctx.knownFields(rm, rPath, ['ports', peerField]);
    const peersRaw = ctx.list(rm[peerField], [...rPath, peerField]);
    const peers = peersRaw?.map((p, j) => decodePeer(ctx, p, [...rPath, peerField, j])).filter((p): p is NetworkPolicyPeerModel => p !== undefined);
    const portsRaw = ctx.list(rm.ports, [...rPath, 'ports']);
    const ports = portsRaw?.map((p, j) => decodePort(ctx, p, [...rPath, 'ports', j])).filter((p): p is NetworkPolicyPortModel => p !== undefined);
    // An entry that failed validation is dropped; the run fails with exit 2 anyway, but the rule
    // must not silently widen (an empty list would mean "all").
    if ((peersRaw && peers && peers.length < peersRaw.length) || (portsRaw && ports && ports.length < portsRaw.length)) return;
    rules.push({ peers, ports, source: ctx.loc(rPath) });
  });
  return rules;
}

function decodePeer(ctx: DecodeContext, value: unknown, path: Path): NetworkPolicyPeerModel | undefined {
  const m = ctx.map(value, path);
  if (!m) {
    if (value === null) ctx.error(path, 'PEER_EMPTY', 'Required value: must specify a peer');
    return undefined;
  }
  ctx.knownFields(m, path, ['podSelector', 'namespaceSelector', 'ipBlock']);
  const hasSelectors = m.podSelector != null || m.namespaceSelector != null;
  const hasIpBlock = m.ipBlock != null;
  if (!hasSelectors && !hasIpBlock) {
    ctx.error(path, 'PEER_EMPTY', 'Required value: must specify a peer', 'A peer needs podSelector, namespaceSelector or ipBlock. To allow everything, omit `from`/`to` instead.');
    return undefined;
  }
  const before = ctx.diagnostics.length;
  if (hasSelectors && hasIpBlock) {
    ctx.error(
      path,
      'PEER_MIXED',
      'Forbidden: may not specify both ipBlock and another peer',
      'ipBlock cannot be combined with podSelector/namespaceSelector in one peer: make them two list items (each a separate `-`).',
    );
  }
  const podSelector = decodeLabelSelector(ctx, m.podSelector, [...path, 'podSelector']);
  const namespaceSelector = decodeLabelSelector(ctx, m.namespaceSelector, [...path, 'namespaceSelector']);
  const ipBlock = hasIpBlock ? decodeIpBlock(ctx, m.ipBlock, [...path, 'ipBlock']) : undefined;
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error')) return undefined;
  return { podSelector, namespaceSelector, ipBlock, source: ctx.loc(path) };
}

/** ValidateIPBlock: a valid cidr; each except a valid CIDR strictly inside it, same family. */
function decodeIpBlock(ctx: DecodeContext, value: unknown, path: Path): IpBlockModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  ctx.knownFields(m, path, ['cidr', 'except']);
  const cidrText = ctx.string(m.cidr, [...path, 'cidr']);
  if (cidrText === undefined || cidrText === '') {
    if (m.cidr === undefined || m.cidr === '') ctx.error([...path, 'cidr'], 'FIELD_REQUIRED', 'Required value');
    return undefined;
  }
  const cidr = decodeLegacyCidr(ctx, cidrText, [...path, 'cidr'], hintForCidr(cidrText));
  if (!cidr) return undefined;
  let set = IpSet.fromCidr(cidr);
  const except: string[] = [];
  let ok = true;
  (ctx.list(m.except, [...path, 'except']) ?? []).forEach((e, i) => {
    const ePath = [...path, 'except', i];
    const text = ctx.string(e, ePath);
    if (text === undefined) {
      ok = false;
      return;
    }
    const ex = decodeLegacyCidr(ctx, text, ePath, hintForCidr(text));
    if (!ex) {
      ok = false;
      return;
    }
    const inside = ex.family === cidr.family && ex.prefix > cidr.prefix && IpSet.fromCidr(cidr).contains(ex.ip);
    if (!inside) {
      ctx.error(ePath, 'IPBLOCK_EXCEPT_OUTSIDE', `Invalid value: ${JSON.stringify(text)}: must be a strict subset of \`cidr\``, `Every except entry must lie inside ${cidrText} and be smaller than it.`);
      ok = false;
      return;
    }
    except.push(text);
    set = set.subtract(IpSet.fromCidr(ex));
  });
  if (!ok) return undefined;
  return { cidr: cidrText, except, set };
}

function hintForCidr(text: string): string {
  if (!text.includes('/')) return `A CIDR needs a prefix length, e.g. "${text}/32" for one address.`;
  return 'Write an address and a prefix length, e.g. 10.0.0.0/8.';
}

/** ValidateNetworkPolicyPort: protocol, port number or name, endPort rules. */
function decodePort(ctx: DecodeContext, value: unknown, path: Path): NetworkPolicyPortModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  ctx.knownFields(m, path, ['protocol', 'port', 'endPort']);
  const before = ctx.diagnostics.length;
  const protocol = decodeProtocol(ctx, ctx.string(m.protocol, [...path, 'protocol']), [...path, 'protocol']);
  const port = ctx.intOrString(m.port, [...path, 'port']);
  const endPort = ctx.int(m.endPort, [...path, 'endPort']);
  // ValidateNetworkPolicyPort, in upstream order.
  if (typeof port === 'number') {
    for (const e of isValidPortNum(port)) ctx.error([...path, 'port'], 'PORT_INVALID', `Invalid value: ${port}: ${e}`);
    if (endPort !== undefined) {
      if (endPort < port) ctx.error([...path, 'endPort'], 'ENDPORT_INVALID', `Invalid value: ${endPort}: must be greater than or equal to \`port\``, `endPort (${endPort}) is below port (${port}).`);
      for (const e of isValidPortNum(endPort)) ctx.error([...path, 'endPort'], 'ENDPORT_INVALID', `Invalid value: ${endPort}: ${e}`);
    }
  } else if (typeof port === 'string') {
    if (endPort !== undefined) ctx.error([...path, 'endPort'], 'ENDPORT_INVALID', `Invalid value: ${endPort}: may not be specified when \`port\` is non-numeric`);
    const quotedNumber = /^[0-9]+$/.test(port) ? `A quoted number is a port name: write port: ${port} without quotes.` : undefined;
    for (const e of isValidPortName(port)) ctx.error([...path, 'port'], 'PORT_INVALID', `Invalid value: ${JSON.stringify(port)}: ${e}`, quotedNumber);
  } else if (endPort !== undefined && isAbsent(m.port)) {
    ctx.error([...path, 'endPort'], 'ENDPORT_INVALID', `Invalid value: ${endPort}: may not be specified when \`port\` is not specified`);
  }
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error') || protocol === undefined) return undefined;
  return { protocol, port, endPort, source: ctx.loc(path) };
}
