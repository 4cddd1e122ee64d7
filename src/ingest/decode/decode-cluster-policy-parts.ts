import type {
  ClusterPolicyAction,
  ClusterPolicyPeerModel,
  ClusterPolicyPortModel,
  ClusterPolicyRuleModel,
  ClusterPolicySubjectModel,
  NamespacedPodModel,
} from '../../model/cluster-policy-objects.js';
import { EVERYTHING } from '../../model/label-selector.js';
import { parseCidr } from '../../net/ip.js';
import { IpSet } from '../../net/ip-set.js';
import { isValidPortName } from '../validation/names.js';
import type { DecodeContext, JsonMap, Path } from './decode-context.js';
import { decodeLabelSelector } from './decode-label-selector.js';
import { decodeProtocol } from './decode-pod-template.js';

/**
 * Pieces shared by the network-policy-api decoders (v1alpha2 ClusterNetworkPolicy, v1alpha1
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy). Each check mirrors a kubebuilder marker or
 * CEL rule of the CRDs (kubernetes-sigs/network-policy-api apis/v1alpha2, apis/v1alpha1,
 * config/crd/experimental); the marker is quoted next to the check. An entry that fails
 * validation is dropped whole (never widened), and the run fails with exit 2 anyway.
 */

/** The API version differences that matter to decoding. */
export interface ApiFlavor {
  /** `ClusterNetworkPolicy`, `AdminNetworkPolicy` or `BaselineAdminNetworkPolicy`. */
  readonly kind: string;
  /** Actions as written, in the CRD's enum. */
  readonly actions: readonly string[];
  /** `+kubebuilder:validation:MaxItems` of spec.ingress/egress and of from/to/ports: 25 (v1alpha2) or 100 (v1alpha1). */
  readonly maxRules: number;
  readonly maxPeers: number;
  readonly maxPorts: number;
  /** Egress peer fields (v1alpha1 BANP has no domainNames). */
  readonly egressPeerFields: readonly string[];
  /** v1alpha2: NamespacedPod.namespaceSelector is optional; v1alpha1: required. */
  readonly namespaceSelectorRequired: boolean;
  /** v1alpha2 `protocols`, v1alpha1 `ports`. */
  readonly portsField: 'protocols' | 'ports';
}

export const RULE_NAME_MAX_LENGTH = 100; // +kubebuilder:validation:MaxLength=100
const NETWORKS_MAX_ITEMS = 25; // Networks: MinItems=1, MaxItems=25, listType=set
const DOMAIN_NAMES_MAX_ITEMS = 25; // DomainNames: MinItems=1, MaxItems=25, listType=set
const CIDR_MAX_LENGTH = 43; // CIDR: MaxLength=43, XValidation isCIDR(self)

/**
 * DomainName's kubebuilder Pattern, character classes kept as upstream wrote them (`A-z` there also
 * admits `[`, `\`, `]`, `^`, `_` and a backquote as a label's first or last character).
 */
const DOMAIN_NAME_PATTERN = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

const EXPERIMENTAL_PEERS = new Set(['nodes', 'domainNames']);

/** A NamespacedPod (`pods:` subject or peer). */
export function decodeNamespacedPod(ctx: DecodeContext, flavor: ApiFlavor, value: unknown, path: Path): NamespacedPodModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  ctx.knownFields(m, path, ['namespaceSelector', 'podSelector']);
  const before = ctx.diagnostics.length;
  if (m.podSelector == null) ctx.error([...path, 'podSelector'], 'FIELD_REQUIRED', 'Required value', 'Write `podSelector: {}` to select every pod of the selected namespaces.');
  if (flavor.namespaceSelectorRequired && m.namespaceSelector == null) {
    ctx.error([...path, 'namespaceSelector'], 'FIELD_REQUIRED', 'Required value', 'v1alpha1 NamespacedPod needs both selectors: write `namespaceSelector: {}` for every namespace.');
  }
  const podSelector = decodeLabelSelector(ctx, m.podSelector, [...path, 'podSelector']);
  const namespaceSelector = decodeLabelSelector(ctx, m.namespaceSelector, [...path, 'namespaceSelector']) ?? EVERYTHING;
  if (hasNewErrors(ctx, before) || !podSelector) return undefined;
  return { namespaceSelector, podSelector };
}

/** ClusterNetworkPolicySubject: MinProperties=1, MaxProperties=1 over `namespaces`, `pods`. */
export function decodeSubject(ctx: DecodeContext, flavor: ApiFlavor, value: unknown, path: Path): ClusterPolicySubjectModel | undefined {
  if (value == null) {
    ctx.error(path, 'FIELD_REQUIRED', 'Required value', 'Select the pods the policy applies to: `subject: {namespaces: {...}}` or `subject: {pods: {namespaceSelector: ..., podSelector: ...}}`.');
    return undefined;
  }
  const m = ctx.map(value, path);
  if (!m) return undefined;
  ctx.knownFields(m, path, ['namespaces', 'pods']);
  const set = ['namespaces', 'pods'].filter((f) => m[f] != null);
  if (set.length !== 1) {
    ctx.error(
      path,
      'CNP_SUBJECT_INVALID',
      set.length === 0 ? 'Invalid value: must have at least 1 properties' : `Too many: ${set.length}: must have at most 1 items (${set.join(', ')})`,
      'A subject sets exactly one of `namespaces` or `pods`. To combine namespace and pod labels, use `pods: {namespaceSelector: ..., podSelector: ...}`.',
    );
    return undefined;
  }
  const source = ctx.loc(path);
  if (set[0] === 'namespaces') {
    const sel = decodeLabelSelector(ctx, m.namespaces, [...path, 'namespaces']);
    return sel ? { kind: 'namespaces', namespaces: sel, source } : undefined;
  }
  const pods = decodeNamespacedPod(ctx, flavor, m.pods, [...path, 'pods']);
  return pods ? { kind: 'pods', ...pods, source } : undefined;
}

/** The rules of one direction: MaxItems on the list, then each rule. */
export function decodeRules(ctx: DecodeContext, flavor: ApiFlavor, value: unknown, path: Path, direction: 'ingress' | 'egress'): ClusterPolicyRuleModel[] {
  const list = ctx.list(value, path) ?? [];
  if (list.length > flavor.maxRules) {
    ctx.error(path, 'CNP_MAX_ITEMS', `Too many: ${list.length}: must have at most ${flavor.maxRules} items`, `${flavor.kind} allows at most ${flavor.maxRules} ${direction} rules; split the policy.`);
  }
  const out: ClusterPolicyRuleModel[] = [];
  list.forEach((r, i) => {
    const rule = decodeRule(ctx, flavor, r, [...path, i], direction);
    if (rule) out.push(rule);
  });
  return out;
}

function decodeRule(ctx: DecodeContext, flavor: ApiFlavor, value: unknown, path: Path, direction: 'ingress' | 'egress'): ClusterPolicyRuleModel | undefined {
  const m = ctx.map(value, path);
  if (!m) {
    if (value === null) ctx.error(path, 'FIELD_REQUIRED', 'Required value: a rule needs `action` and ' + (direction === 'ingress' ? '`from`' : '`to`'));
    return undefined;
  }
  const peerField = direction === 'ingress' ? 'from' : 'to';
  ctx.knownFields(m, path, ['name', 'action', peerField, flavor.portsField]);
  const before = ctx.diagnostics.length;
  const name = ctx.string(m.name, [...path, 'name']);
  if (name !== undefined && name.length > RULE_NAME_MAX_LENGTH) {
    ctx.error([...path, 'name'], 'CNP_RULE_NAME_INVALID', `Too long: may not be more than ${RULE_NAME_MAX_LENGTH} bytes`);
  }
  const actionAsWritten = ctx.string(m.action, [...path, 'action']);
  let action: ClusterPolicyAction | undefined;
  if (actionAsWritten === undefined) {
    if (m.action == null) ctx.error([...path, 'action'], 'FIELD_REQUIRED', 'Required value', `Set the action: ${flavor.actions.join(', ')}.`);
  } else if (!flavor.actions.includes(actionAsWritten)) {
    ctx.error(
      [...path, 'action'],
      'CNP_ACTION_INVALID',
      `Unsupported value: ${JSON.stringify(actionAsWritten)}: supported values: ${flavor.actions.map((a) => `"${a}"`).join(', ')}`,
      actionHint(flavor, actionAsWritten),
    );
  } else {
    action = actionAsWritten === 'Allow' ? 'Accept' : (actionAsWritten as ClusterPolicyAction);
  }

  const peersPath = [...path, peerField];
  const peersRaw = ctx.list(m[peerField], peersPath);
  if (m[peerField] == null) ctx.error(peersPath, 'FIELD_REQUIRED', 'Required value', `A rule applies to the peers listed in \`${peerField}\`: list at least one.`);
  else if (peersRaw && peersRaw.length === 0) ctx.error(peersPath, 'CNP_MIN_ITEMS', 'Invalid value: 0: must have at least 1 items', `\`${peerField}: []\` is not "everything" here: list the peers, e.g. \`- namespaces: {}\`.`);
  else if (peersRaw && peersRaw.length > flavor.maxPeers) ctx.error(peersPath, 'CNP_MAX_ITEMS', `Too many: ${peersRaw.length}: must have at most ${flavor.maxPeers} items`);
  const peers = (peersRaw ?? []).map((p, j) => decodePeer(ctx, flavor, p, [...peersPath, j], direction));

  const portsPath = [...path, flavor.portsField];
  const portsRaw = ctx.list(m[flavor.portsField], portsPath);
  if (portsRaw && portsRaw.length === 0) ctx.error(portsPath, 'CNP_MIN_ITEMS', 'Invalid value: 0: must have at least 1 items', `Omit \`${flavor.portsField}\` to match every port.`);
  else if (portsRaw && portsRaw.length > flavor.maxPorts) ctx.error(portsPath, 'CNP_MAX_ITEMS', `Too many: ${portsRaw.length}: must have at most ${flavor.maxPorts} items`);
  const ports = portsRaw?.map((p, j) => (flavor.portsField === 'protocols' ? decodeProtocolEntry(ctx, p, [...portsPath, j]) : decodeV1alpha1Port(ctx, p, [...portsPath, j])));

  const okPeers = peers.filter((p): p is ClusterPolicyPeerModel => p !== undefined);
  const okPorts = ports?.filter((p): p is ClusterPolicyPortModel => p !== undefined);
  // CEL (egress rule, experimental channel): "networks/nodes/domainNames peer cannot be set with
  // namedPorts since there are no namedPorts for networks/nodes/domainNames".
  if (direction === 'egress' && okPorts?.some((p) => p.kind === 'named')) {
    const ipPeer = okPeers.find((p) => p.kind === 'networks' || p.kind === 'nodes' || p.kind === 'domainNames');
    if (ipPeer) {
      ctx.error(
        path,
        'CNP_NAMED_PORT_WITH_IP_PEER',
        `Invalid value: "object": ${ipPeer.kind} peer cannot be set with named ports since there are no named ports for networks/nodes/domainNames`,
        'Use a port number or range in this rule, or move the named port to a rule whose peers are pods or namespaces.',
      );
    }
  }
  if (action !== undefined && action !== 'Accept') {
    for (const p of okPeers) {
      if (p.kind === 'domainNames') {
        ctx.warn(
          [...peersPath, okPeers.indexOf(p), 'domainNames'],
          'CNP_DOMAIN_NAMES_NOT_ACCEPT',
          `domainNames is only supported for Accept rules, not ${actionAsWritten}: kflow ignores this peer`,
          'Allow the domains with an Accept rule and deny the rest with a lower-precedence rule (e.g. networks 0.0.0.0/0 and ::/0).',
        );
      }
    }
  }
  if (hasNewErrors(ctx, before) || action === undefined || actionAsWritten === undefined) return undefined;
  return { name, action, actionAsWritten, peers: okPeers, ports: okPorts, source: ctx.loc(path) };
}

function actionHint(flavor: ApiFlavor, written: string): string | undefined {
  const lower = written.toLowerCase();
  const exact = flavor.actions.find((a) => a.toLowerCase() === lower);
  if (exact) return `Actions are case-sensitive: "${exact}".`;
  if (written === 'Allow' && flavor.actions.includes('Accept')) return 'v1alpha2 ClusterNetworkPolicy calls it "Accept" (v1alpha1 AdminNetworkPolicy said "Allow").';
  if (written === 'Accept' && flavor.actions.includes('Allow')) return `${flavor.kind} (v1alpha1) calls it "Allow"; "Accept" is the v1alpha2 ClusterNetworkPolicy name.`;
  if (written === 'Pass' && flavor.kind === 'BaselineAdminNetworkPolicy') {
    return 'BaselineAdminNetworkPolicy is the last tier: it supports Allow and Deny only. Leave the traffic unmatched to fall through to the default (allow), or use a v1alpha2 ClusterNetworkPolicy with tier Baseline.';
  }
  return undefined;
}

function decodePeer(ctx: DecodeContext, flavor: ApiFlavor, value: unknown, path: Path, direction: 'ingress' | 'egress'): ClusterPolicyPeerModel | undefined {
  const m = ctx.map(value, path);
  if (!m) {
    if (value === null) ctx.error(path, 'CNP_PEER_INVALID', 'Invalid value: null: a peer must set exactly one field');
    return undefined;
  }
  const fields = direction === 'ingress' ? ['namespaces', 'pods'] : flavor.egressPeerFields;
  ctx.knownFields(m, path, fields);
  const set = fields.filter((f) => m[f] != null);
  if (set.length !== 1) {
    ctx.error(
      path,
      'CNP_PEER_INVALID',
      set.length === 0 ? 'Invalid value: must have at least 1 properties' : `Too many: ${set.length}: must have at most 1 items (${set.join(', ')})`,
      set.length === 0
        ? `A peer sets exactly one of ${fields.join(', ')}. (An implementation that sees an empty peer fails closed.)`
        : 'Each peer sets exactly one field: make them separate list items (each a separate `-`). To combine namespace and pod labels, use `pods: {namespaceSelector: ..., podSelector: ...}`.',
    );
    return undefined;
  }
  const field = set[0]!;
  const fieldPath = [...path, field];
  const source = ctx.loc(path);
  if (EXPERIMENTAL_PEERS.has(field)) {
    ctx.report('info', fieldPath, 'CNP_EXPERIMENTAL_FIELD', `${field} is an experimental-channel field of ${flavor.kind}`, 'Clusters with the standard-channel CRDs do not have it; see docs/cni-profiles.md for which implementations support it.');
  }
  switch (field) {
    case 'namespaces': {
      const sel = decodeLabelSelector(ctx, m.namespaces, fieldPath);
      return sel ? { kind: 'namespaces', namespaces: sel, source } : undefined;
    }
    case 'pods': {
      const pods = decodeNamespacedPod(ctx, flavor, m.pods, fieldPath);
      return pods ? { kind: 'pods', ...pods, source } : undefined;
    }
    case 'nodes': {
      const sel = decodeLabelSelector(ctx, m.nodes, fieldPath);
      return sel ? { kind: 'nodes', nodes: sel, source } : undefined;
    }
    case 'networks':
      return decodeNetworks(ctx, m.networks, fieldPath, source);
    case 'domainNames':
      return decodeDomainNames(ctx, m.domainNames, fieldPath, source);
    default:
      return undefined;
  }
}

function decodeNetworks(ctx: DecodeContext, value: unknown, path: Path, source: ClusterPolicyPeerModel['source']): ClusterPolicyPeerModel | undefined {
  const list = ctx.list(value, path);
  if (!list) return undefined;
  const before = ctx.diagnostics.length;
  checkSetSize(ctx, list, path, NETWORKS_MAX_ITEMS);
  let set = IpSet.empty;
  const networks: string[] = [];
  list.forEach((v, i) => {
    const text = ctx.string(v, [...path, i]);
    if (text === undefined) return;
    if (text.length > CIDR_MAX_LENGTH) {
      ctx.error([...path, i], 'CIDR_INVALID', `Too long: may not be more than ${CIDR_MAX_LENGTH} bytes`);
      return;
    }
    const cidr = parseCidr(text);
    if (!cidr) {
      ctx.error([...path, i], 'CIDR_INVALID', `Invalid value: ${JSON.stringify(text)}: Invalid CIDR format provided`, text.includes('/') ? 'Write an address and a prefix length, e.g. 10.0.0.0/8.' : `A CIDR needs a prefix length, e.g. "${text}/32" for one address.`);
      return;
    }
    if (!cidr.canonical) ctx.warn([...path, i], 'CIDR_NOT_CANONICAL', `${JSON.stringify(text)} has host bits set; it means the whole network`, 'Write the network address.');
    networks.push(text);
    set = set.union(IpSet.fromCidr(cidr));
  });
  if (hasNewErrors(ctx, before)) return undefined;
  return { kind: 'networks', networks, set, source };
}

function decodeDomainNames(ctx: DecodeContext, value: unknown, path: Path, source: ClusterPolicyPeerModel['source']): ClusterPolicyPeerModel | undefined {
  const list = ctx.list(value, path);
  if (!list) return undefined;
  const before = ctx.diagnostics.length;
  checkSetSize(ctx, list, path, DOMAIN_NAMES_MAX_ITEMS);
  const names: string[] = [];
  list.forEach((v, i) => {
    const text = ctx.string(v, [...path, i]);
    if (text === undefined) return;
    if (!DOMAIN_NAME_PATTERN.test(text)) {
      ctx.error(
        [...path, i],
        'CNP_DOMAIN_NAME_INVALID',
        `Invalid value: ${JSON.stringify(text)}: should match '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$'`,
        text.includes('*') ? '`*` matches whole labels and may only be the first label: `*.example.com`.' : 'A domain name has at least two labels, e.g. `example.com`.',
      );
      return;
    }
    names.push(text);
  });
  if (hasNewErrors(ctx, before)) return undefined;
  return { kind: 'domainNames', domainNames: names, source };
}

/** MinItems=1, MaxItems and listType=set (no duplicates). */
function checkSetSize(ctx: DecodeContext, list: readonly unknown[], path: Path, max: number): void {
  if (list.length === 0) ctx.error(path, 'CNP_MIN_ITEMS', 'Invalid value: 0: must have at least 1 items');
  if (list.length > max) ctx.error(path, 'CNP_MAX_ITEMS', `Too many: ${list.length}: must have at most ${max} items`);
  const seen = new Set<unknown>();
  list.forEach((v, i) => {
    if (seen.has(v)) ctx.error([...path, i], 'CNP_DUPLICATE_VALUE', `Duplicate value: ${JSON.stringify(v)}`, 'This list is a set: remove the repeated entry.');
    seen.add(v);
  });
}

/**
 * v1alpha2 ClusterNetworkPolicyProtocol: exactly one of tcp, udp, sctp, destinationNamedPort.
 * tcp/udp/sctp: MinProperties=1 (destinationPort); Port: exactly one of number (1..65535) or
 * range {start, end} with CEL `self.start < self.end`.
 */
function decodeProtocolEntry(ctx: DecodeContext, value: unknown, path: Path): ClusterPolicyPortModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  ctx.knownFields(m, path, fields);
  const set = fields.filter((f) => m[f] != null);
  if (set.length !== 1) {
    ctx.error(
      path,
      'CNP_PROTOCOL_INVALID',
      set.length === 0 ? 'Invalid value: must have at least 1 properties' : `Too many: ${set.length}: must have at most 1 items (${set.join(', ')})`,
      'Each protocols entry sets exactly one of tcp, udp, sctp or destinationNamedPort: make them separate list items.',
    );
    return undefined;
  }
  const field = set[0]!;
  const source = ctx.loc(path);
  if (field === 'destinationNamedPort') return decodeNamedPort(ctx, m.destinationNamedPort, [...path, field], source);
  const protocol = field.toUpperCase() as 'TCP' | 'UDP' | 'SCTP';
  const pPath = [...path, field];
  const pm = ctx.map(m[field], pPath);
  if (!pm) return undefined;
  ctx.knownFields(pm, pPath, ['destinationPort']);
  if (pm.destinationPort == null) {
    ctx.error(pPath, 'CNP_PROTOCOL_INVALID', 'Invalid value: must have at least 1 properties', `Give a destinationPort (\`{number: 443}\` or \`{range: {start: 8000, end: 8080}}\`), or leave ${field} out.`);
    return undefined;
  }
  const dPath = [...pPath, 'destinationPort'];
  const dm = ctx.map(pm.destinationPort, dPath);
  if (!dm) return undefined;
  ctx.knownFields(dm, dPath, ['number', 'range']);
  const which = ['number', 'range'].filter((f) => dm[f] != null);
  if (which.length !== 1) {
    ctx.error(dPath, 'CNP_PROTOCOL_INVALID', which.length === 0 ? 'Invalid value: must have at least 1 properties' : 'Too many: 2: must have at most 1 items (number, range)', 'A destinationPort is either `number` or `range`.');
    return undefined;
  }
  if (which[0] === 'number') {
    const n = ctx.int(dm.number, [...dPath, 'number']);
    if (n === undefined) return undefined;
    if (!checkPortNumber(ctx, n, [...dPath, 'number'])) return undefined;
    return { kind: 'number', protocol, port: n, source };
  }
  return decodeRange(ctx, dm.range, [...dPath, 'range'], protocol, source, true);
}

/** v1alpha1 AdminNetworkPolicyPort: exactly one of portNumber {protocol=TCP, port}, namedPort, portRange {protocol=TCP, start, end}. */
function decodeV1alpha1Port(ctx: DecodeContext, value: unknown, path: Path): ClusterPolicyPortModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  const fields = ['portNumber', 'namedPort', 'portRange'];
  ctx.knownFields(m, path, fields);
  const set = fields.filter((f) => m[f] != null);
  if (set.length !== 1) {
    ctx.error(
      path,
      'CNP_PROTOCOL_INVALID',
      set.length === 0 ? 'Invalid value: must have at least 1 properties' : `Too many: ${set.length}: must have at most 1 items (${set.join(', ')})`,
      'Each ports entry sets exactly one of portNumber, namedPort or portRange: make them separate list items.',
    );
    return undefined;
  }
  const field = set[0]!;
  const fPath = [...path, field];
  const source = ctx.loc(path);
  if (field === 'namedPort') return decodeNamedPort(ctx, m.namedPort, fPath, source);
  const pm = ctx.map(m[field], fPath);
  if (!pm) return undefined;
  const before = ctx.diagnostics.length;
  // `protocol` has `+kubebuilder:default=TCP`.
  const protocol = decodeProtocol(ctx, ctx.string(pm.protocol, [...fPath, 'protocol']), [...fPath, 'protocol']);
  if (field === 'portNumber') {
    ctx.knownFields(pm, fPath, ['protocol', 'port']);
    if (pm.port == null) ctx.error([...fPath, 'port'], 'FIELD_REQUIRED', 'Required value');
    const n = ctx.int(pm.port, [...fPath, 'port']);
    if (n === undefined || protocol === undefined || hasNewErrors(ctx, before)) return undefined;
    if (!checkPortNumber(ctx, n, [...fPath, 'port'])) return undefined;
    return { kind: 'number', protocol, port: n, source };
  }
  ctx.knownFields(pm, fPath, ['protocol', 'start', 'end']);
  if (protocol === undefined || hasNewErrors(ctx, before)) return undefined;
  return decodeRange(ctx, pm, fPath, protocol, source, false);
}

function decodeRange(
  ctx: DecodeContext,
  value: unknown,
  path: Path,
  protocol: 'TCP' | 'UDP' | 'SCTP',
  source: ClusterPolicyPortModel['source'],
  strict: boolean,
): ClusterPolicyPortModel | undefined {
  const m = ctx.map(value, path);
  if (!m) return undefined;
  if (strict) ctx.knownFields(m, path, ['start', 'end']);
  const before = ctx.diagnostics.length;
  if (m.start == null) ctx.error([...path, 'start'], 'FIELD_REQUIRED', 'Required value');
  if (m.end == null) ctx.error([...path, 'end'], 'FIELD_REQUIRED', 'Required value');
  const start = ctx.int(m.start, [...path, 'start']);
  const end = ctx.int(m.end, [...path, 'end']);
  if (start !== undefined) checkPortNumber(ctx, start, [...path, 'start']);
  if (end !== undefined) checkPortNumber(ctx, end, [...path, 'end']);
  if (hasNewErrors(ctx, before) || start === undefined || end === undefined) return undefined;
  if (strict && !(start < end)) {
    // v1alpha2 PortRange: XValidation `self.start < self.end`.
    ctx.error(path, 'CNP_PORT_RANGE_INVALID', 'Invalid value: "object": Start port must be less than End port', start === end ? `For one port write \`number: ${start}\`.` : `Swap them: start ${end}, end ${start}.`);
    return undefined;
  }
  if (!strict && start > end) {
    // v1alpha1 says "the Start value must be less than End" but the CRD does not enforce it.
    ctx.warn(path, 'CNP_PORT_RANGE_INVALID', `start (${start}) is greater than end (${end}): the range matches no port`, `Swap them: start ${end}, end ${start}.`);
  }
  return { kind: 'range', protocol, start, end, source };
}

function decodeNamedPort(ctx: DecodeContext, value: unknown, path: Path, source: ClusterPolicyPortModel['source']): ClusterPolicyPortModel | undefined {
  const name = ctx.string(value, path);
  if (name === undefined) return undefined;
  const problems = isValidPortName(name);
  if (problems.length > 0) {
    ctx.warn(path, 'CNP_NAMED_PORT_INVALID', `${JSON.stringify(name)} can never match a container port: ${problems.join('; ')}`, 'Container port names are IANA service names: at most 15 lower-case letters, digits and dashes, with a letter.');
  }
  return { kind: 'named', name, source };
}

function checkPortNumber(ctx: DecodeContext, n: number, path: Path): boolean {
  if (n < 1 || n > 65535) {
    ctx.error(path, 'PORT_INVALID', `Invalid value: ${n}: must be between 1 and 65535, inclusive`);
    return false;
  }
  return true;
}

export function hasNewErrors(ctx: DecodeContext, before: number): boolean {
  return ctx.diagnostics.slice(before).some((d) => d.severity === 'error');
}

/** `spec.priority`: `+kubebuilder:validation:Minimum=0`, `Maximum=1000`, required. */
export function decodePriority(ctx: DecodeContext, spec: JsonMap, path: Path): number | undefined {
  if (spec.priority == null) {
    ctx.error(path, 'FIELD_REQUIRED', 'Required value', 'Give the policy a priority from 0 (evaluated first) to 1000.');
    return undefined;
  }
  const p = ctx.int(spec.priority, path);
  if (p === undefined) return undefined;
  if (p < 0) {
    ctx.error(path, 'CNP_PRIORITY_INVALID', `Invalid value: ${p}: should be greater than or equal to 0`, 'Priorities go from 0 (evaluated first) to 1000.');
    return undefined;
  }
  if (p > 1000) {
    ctx.error(path, 'CNP_PRIORITY_INVALID', `Invalid value: ${p}: should be less than or equal to 1000`, 'Priorities go from 0 (evaluated first) to 1000.');
    return undefined;
  }
  return p;
}

