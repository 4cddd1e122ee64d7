/**
 * A deliberately naive NetworkPolicy (networking.k8s.io/v1) evaluator: the oracle.
 *
 * It answers one (from pod, to pod, port, protocol) question at a time by walking every
 * policy and every rule, straight from the API reference. It shares no code with src/:
 * clarity over speed. Quoted rules are from the NetworkPolicy API reference (field docs of
 * k8s.io/api/networking/v1) unless said otherwise.
 *
 * Semantics, in order of use:
 * - A connection from A to B is allowed iff A's egress allows it AND B's ingress allows it.
 *   A pod can always reach itself (kflow's contract; upstream e2e ignores loopback).
 * - spec.policyTypes, when unset, defaults to [Ingress] plus Egress if spec.egress has at
 *   least one rule ("policies that contain an egress section are assumed to affect egress,
 *   and all policies ... are assumed to affect ingress"; the API server's defaulting is
 *   `len(spec.Egress) != 0`, so `egress: []` alone does not make an egress policy).
 * - A pod selected by spec.podSelector of a policy (in the pod's namespace) whose policyTypes
 *   include a direction is isolated for that direction; then traffic is allowed iff it
 *   matches at least one rule of that direction across all those policies. Not isolated:
 *   allowed.
 * - Ingress: traffic whose source is the destination pod's own node is allowed ("Traffic is
 *   allowed to a pod if ... OR if the traffic source is the pod's local node"). Here that is
 *   a hostNetwork source pod scheduled on the destination's node.
 * - A rule matches iff its peer list matches (missing or empty `from`/`to` = every source /
 *   destination) AND its port list matches (missing or empty `ports` = every port).
 * - Peer: podSelector only = pods in the policy's namespace; namespaceSelector only = all pods
 *   in the selected namespaces; both = those pods in those namespaces; ipBlock = IPs in cidr
 *   minus except. hostNetwork pods are never matched by pod/namespace selectors; they appear
 *   as their node IP (their status.podIP), which ipBlock may match.
 * - Port: protocol defaults to TCP and must equal the traffic's; no port = every port of that
 *   protocol; a number matches it, or the range port..endPort inclusive; a name is resolved
 *   against the DESTINATION pod's container ports, name and protocol both matching.
 * - Label selectors: matchLabels AND matchExpressions (In, NotIn, Exists, DoesNotExist); NotIn
 *   and DoesNotExist match objects lacking the key; {} matches everything.
 * - Namespaces carry kubernetes.io/metadata.name = their name (the API server sets it); a pod's
 *   namespace with no Namespace object still has that label.
 * - Cluster policies (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) wrap the
 *   NetworkPolicy decision in the Admin and Baseline tiers: see "Cluster policies" below.
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

type Labels = Record<string, string>;

interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Rule {
  peers?: Peer[];
  ports?: PolicyPort[];
}

interface Policy {
  namespace: string;
  name: string;
  podSelector: Selector;
  policyTypes: Array<'Ingress' | 'Egress'>;
  ingress: Rule[];
  egress: Rule[];
}

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
}

interface Pod {
  key: string;
  namespace: string;
  name: string;
  labels: Labels;
  hostNetwork: boolean;
  nodeName: string | undefined;
  ips: string[];
  containerPorts: ContainerPort[];
}

interface Cluster {
  namespaceLabels: Map<string, Labels>;
  pods: Map<string, Pod>;
  policies: Policy[];
  /** ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1). */
  clusterPolicies: ClusterPolicy[];
  nodes: Node[];
}

interface Node {
  labels: Labels;
  addresses: string[];
}

type ClusterAction = 'Accept' | 'Deny' | 'Pass';

interface ClusterPeer {
  namespaces?: Selector;
  pods?: { namespaceSelector?: Selector; podSelector?: Selector };
  nodes?: Selector;
  networks?: string[];
  domainNames?: string[];
}

/** One destination port condition, read from v1alpha2 `protocols` or v1alpha1 `ports`. */
interface ClusterPort {
  protocol?: string;
  start?: number;
  end?: number;
  name?: string;
}

interface ClusterRule {
  action: ClusterAction;
  peers: ClusterPeer[];
  ports: ClusterPort[] | undefined;
}

interface ClusterPolicy {
  id: string;
  tier: 'Admin' | 'Baseline';
  priority: number;
  subject: { namespaces?: Selector; pods?: { namespaceSelector?: Selector; podSelector?: Selector } };
  ingress: ClusterRule[];
  egress: ClusterRule[];
}

// ---------------------------------------------------------------------------------------
// Public API

/** Is `protocol` traffic from pod `from` ("ns/name") to pod `to` on `port` allowed? */
export function naiveAllowed(objects: unknown[], from: string, to: string, port: number, protocol: Protocol): boolean {
  const cluster = readCluster(objects);
  const source = cluster.pods.get(from);
  const destination = cluster.pods.get(to);
  if (!source) throw new Error(`no pod ${from}`);
  if (!destination) throw new Error(`no pod ${to}`);
  return allowed(cluster, source, destination, port, protocol);
}

/** Every ordered pair of pods that have an IP (sorted by "ns/name"), self included. */
export function naiveMatrix(objects: unknown[], port: number, protocol: Protocol): Map<string, Map<string, boolean>> {
  const cluster = readCluster(objects);
  const pods = [...cluster.pods.values()].filter((pod) => pod.ips.length > 0).sort((a, b) => compare(a.key, b.key));
  const matrix = new Map<string, Map<string, boolean>>();
  for (const source of pods) {
    const row = new Map<string, boolean>();
    for (const destination of pods) row.set(destination.key, allowed(cluster, source, destination, port, protocol));
    matrix.set(source.key, row);
  }
  return matrix;
}

// ---------------------------------------------------------------------------------------
// The decision

function allowed(cluster: Cluster, source: Pod, destination: Pod, port: number, protocol: Protocol): boolean {
  if (source.key === destination.key) return true;
  const family = ipFamily(destination.ips[0]);
  const sourceIP = ipOfFamily(source, family);
  const destinationIP = ipOfFamily(destination, family);
  return (
    tieredEgress(cluster, source, destination, destinationIP, port, protocol) &&
    tieredIngress(cluster, source, sourceIP, destination, port, protocol)
  );
}

// Cluster policies (network-policy-api ClusterNetworkPolicy v1alpha2; AdminNetworkPolicy and
// BaselineAdminNetworkPolicy v1alpha1), read straight from the API docs:
// - Tiers in order: Admin, then NetworkPolicy, then Baseline, then "all pods can communicate".
// - In a tier, policies by priority (lower first; a BaselineAdminNetworkPolicy has none and comes
//   last; equal priorities are undefined upstream, here by "Kind/name"), rules in written order;
//   the first rule whose peers and ports match decides: Accept (v1alpha1 Allow) allows, Deny
//   denies, Pass skips the rest of the tier and goes to the next tier.
// - NetworkPolicy "always makes a final decision for selected pods": an isolated pod never
//   reaches the Baseline tier.
// - Subjects and `namespaces`/`pods` peers never include hostNetwork pods; `nodes` peers match
//   the node's status.addresses; `networks` match any address (pods too); `domainNames` never
//   match a pod.

function tieredEgress(cluster: Cluster, source: Pod, destination: Pod, destinationIP: string | undefined, port: number, protocol: Protocol): boolean {
  const admin = clusterTier(cluster, 'Admin', 'egress', source, destination, destinationIP, destination, port, protocol);
  if (admin !== 'none') return admin === 'allow';
  if (policiesIsolating(cluster, source, 'Egress').length > 0) return egressAllows(cluster, source, destination, destinationIP, port, protocol);
  return clusterTier(cluster, 'Baseline', 'egress', source, destination, destinationIP, destination, port, protocol) !== 'deny';
}

function tieredIngress(cluster: Cluster, source: Pod, sourceIP: string | undefined, destination: Pod, port: number, protocol: Protocol): boolean {
  const admin = clusterTier(cluster, 'Admin', 'ingress', destination, source, sourceIP, destination, port, protocol);
  if (admin !== 'none') return admin === 'allow';
  if (policiesIsolating(cluster, destination, 'Ingress').length > 0) return ingressAllows(cluster, source, sourceIP, destination, port, protocol);
  return clusterTier(cluster, 'Baseline', 'ingress', destination, source, sourceIP, destination, port, protocol) !== 'deny';
}

/** The first matching rule of the tier decides; 'none' when nothing matched or a Pass matched. */
function clusterTier(
  cluster: Cluster,
  tier: 'Admin' | 'Baseline',
  direction: 'ingress' | 'egress',
  subject: Pod,
  peer: Pod,
  peerIP: string | undefined,
  destination: Pod,
  port: number,
  protocol: Protocol,
): 'allow' | 'deny' | 'none' {
  if (subject.hostNetwork) return 'none';
  const policies = cluster.clusterPolicies
    .filter((p) => p.tier === tier && clusterSubjectSelects(cluster, p, subject))
    .sort((a, b) => a.priority - b.priority || compare(a.id, b.id));
  for (const policy of policies) {
    for (const rule of direction === 'egress' ? policy.egress : policy.ingress) {
      if (!rule.peers.some((p) => clusterPeerMatches(cluster, p, peer, peerIP))) continue;
      if (rule.ports !== undefined && !rule.ports.some((p) => clusterPortMatches(p, destination, port, protocol))) continue;
      if (rule.action === 'Pass') return 'none';
      return rule.action === 'Accept' ? 'allow' : 'deny';
    }
  }
  return 'none';
}

function clusterSubjectSelects(cluster: Cluster, policy: ClusterPolicy, pod: Pod): boolean {
  if (policy.subject.namespaces) return selectorMatches(policy.subject.namespaces, namespaceLabels(cluster, pod.namespace));
  const pods = policy.subject.pods;
  if (!pods) return false;
  return selectorMatches(pods.namespaceSelector ?? {}, namespaceLabels(cluster, pod.namespace)) && selectorMatches(pods.podSelector ?? {}, pod.labels);
}

function clusterPeerMatches(cluster: Cluster, peer: ClusterPeer, pod: Pod, ip: string | undefined): boolean {
  if (peer.namespaces) return !pod.hostNetwork && selectorMatches(peer.namespaces, namespaceLabels(cluster, pod.namespace));
  if (peer.pods) {
    return (
      !pod.hostNetwork &&
      selectorMatches(peer.pods.namespaceSelector ?? {}, namespaceLabels(cluster, pod.namespace)) &&
      selectorMatches(peer.pods.podSelector ?? {}, pod.labels)
    );
  }
  if (ip === undefined) return false;
  if (peer.nodes) {
    const selector = peer.nodes;
    return cluster.nodes.some((n) => selectorMatches(selector, n.labels) && n.addresses.includes(ip));
  }
  if (peer.networks) return peer.networks.some((cidr) => cidrContains(cidr, ip));
  return false; // domainNames: a pod is not a domain name
}

function clusterPortMatches(entry: ClusterPort, destination: Pod, port: number, protocol: Protocol): boolean {
  if (entry.name !== undefined) {
    // A named port is the destination container port of that name, in its own protocol.
    return destination.containerPorts.some((cp) => cp.name === entry.name && cp.protocol === protocol && cp.containerPort === port);
  }
  return entry.protocol === protocol && entry.start !== undefined && entry.end !== undefined && port >= entry.start && port <= entry.end;
}

function egressAllows(
  cluster: Cluster,
  source: Pod,
  destination: Pod,
  destinationIP: string | undefined,
  port: number,
  protocol: Protocol,
): boolean {
  const policies = policiesIsolating(cluster, source, 'Egress');
  if (policies.length === 0) return true;
  for (const policy of policies) {
    for (const rule of policy.egress) {
      if (
        peersMatch(cluster, rule.peers, policy.namespace, destination, destinationIP) &&
        portsMatch(rule.ports, destination, port, protocol)
      ) {
        return true;
      }
    }
  }
  return false;
}

function ingressAllows(
  cluster: Cluster,
  source: Pod,
  sourceIP: string | undefined,
  destination: Pod,
  port: number,
  protocol: Protocol,
): boolean {
  const policies = policiesIsolating(cluster, destination, 'Ingress');
  if (policies.length === 0) return true;
  if (source.hostNetwork && source.nodeName !== undefined && source.nodeName === destination.nodeName) return true;
  for (const policy of policies) {
    for (const rule of policy.ingress) {
      if (
        peersMatch(cluster, rule.peers, policy.namespace, source, sourceIP) &&
        portsMatch(rule.ports, destination, port, protocol)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Policies in the pod's namespace that select it and have this policy type. hostNetwork pods: none. */
function policiesIsolating(cluster: Cluster, pod: Pod, direction: 'Ingress' | 'Egress'): Policy[] {
  if (pod.hostNetwork) return [];
  return cluster.policies.filter(
    (policy) =>
      policy.namespace === pod.namespace &&
      policy.policyTypes.includes(direction) &&
      selectorMatches(policy.podSelector, pod.labels),
  );
}

function peersMatch(cluster: Cluster, peers: Peer[] | undefined, policyNamespace: string, pod: Pod, ip: string | undefined): boolean {
  if (peers === undefined || peers.length === 0) return true;
  return peers.some((peer) => peerMatches(cluster, peer, policyNamespace, pod, ip));
}

function peerMatches(cluster: Cluster, peer: Peer, policyNamespace: string, pod: Pod, ip: string | undefined): boolean {
  if (peer.ipBlock) {
    if (ip === undefined) return false;
    const block = peer.ipBlock;
    return cidrContains(block.cidr, ip) && !(block.except ?? []).some((except) => cidrContains(except, ip));
  }
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return false; // invalid empty peer
  if (pod.hostNetwork) return false;
  const namespaceOk =
    peer.namespaceSelector === undefined
      ? pod.namespace === policyNamespace
      : selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, pod.namespace));
  const podOk = peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.labels);
  return namespaceOk && podOk;
}

function portsMatch(ports: PolicyPort[] | undefined, destination: Pod, port: number, protocol: Protocol): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((entry) => portMatches(entry, destination, port, protocol));
}

function portMatches(entry: PolicyPort, destination: Pod, port: number, protocol: Protocol): boolean {
  const entryProtocol = entry.protocol ?? 'TCP';
  if (entryProtocol !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    const end = entry.endPort ?? entry.port;
    return port >= entry.port && port <= end;
  }
  // Named port: resolved against the destination pod's container ports.
  return destination.containerPorts.some(
    (cp) => cp.name === entry.port && cp.protocol === protocol && cp.containerPort === port,
  );
}

// ---------------------------------------------------------------------------------------
// Label selectors

function selectorMatches(selector: Selector, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`unknown label selector operator ${requirement.operator}`);
    }
  }
  return true;
}

function namespaceLabels(cluster: Cluster, namespace: string): Labels {
  return cluster.namespaceLabels.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
}

// ---------------------------------------------------------------------------------------
// IP addresses (IPv4 and IPv6 as bigints)

interface ParsedIP {
  family: 4 | 6;
  value: bigint;
}

function ipFamily(ip: string | undefined): 4 | 6 | undefined {
  if (ip === undefined) return undefined;
  return parseIP(ip)?.family;
}

function ipOfFamily(pod: Pod, family: 4 | 6 | undefined): string | undefined {
  return pod.ips.find((ip) => ipFamily(ip) === family) ?? pod.ips[0];
}

function cidrContains(cidr: string, ip: string): boolean {
  const slash = cidr.indexOf('/');
  const network = parseIP(slash < 0 ? cidr : cidr.slice(0, slash));
  const address = parseIP(ip);
  if (!network || !address || network.family !== address.family) return false;
  const bits = network.family === 4 ? 32 : 128;
  const prefix = slash < 0 ? bits : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return false;
  const shift = BigInt(bits - prefix);
  return network.value >> shift === address.value >> shift;
}

function parseIP(text: string): ParsedIP | undefined {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

function parseIPv4(text: string): ParsedIP | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return { family: 4, value };
}

function parseIPv6(text: string): ParsedIP | undefined {
  let address = text;
  // An embedded IPv4 tail (e.g. ::ffff:192.0.2.1) is rewritten as two hex words first.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIPv4(tail);
    if (!v4) return undefined;
    const high = (v4.value >> 16n).toString(16);
    const low = (v4.value & 0xffffn).toString(16);
    address = `${address.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const left = hexWords(halves[0] ?? '');
  const right = halves.length === 2 ? hexWords(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const zeros = new Array<number>(halves.length === 2 ? missing : 0).fill(0);
  let value = 0n;
  for (const word of [...left, ...zeros, ...right]) value = (value << 16n) | BigInt(word);
  return { family: 6, value };
}

function hexWords(text: string): number[] | undefined {
  if (text === '') return [];
  const words: number[] = [];
  for (const word of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(word)) return undefined;
    words.push(parseInt(word, 16));
  }
  return words;
}

// ---------------------------------------------------------------------------------------
// Reading plain Kubernetes objects

function readCluster(objects: unknown[]): Cluster {
  const cluster: Cluster = { namespaceLabels: new Map(), pods: new Map(), policies: [], clusterPolicies: [], nodes: [] };
  for (const object of flatten(objects)) {
    const kind = str(object['kind']);
    const metadata = record(object['metadata']);
    const name = str(metadata['name']);
    if (name === undefined) continue;
    if (kind === 'Namespace') {
      cluster.namespaceLabels.set(name, { ...labelsOf(metadata), [NAMESPACE_NAME_LABEL]: name });
    } else if (kind === 'Pod') {
      const pod = readPod(object, name);
      cluster.pods.set(pod.key, pod);
    } else if (kind === 'NetworkPolicy') {
      cluster.policies.push(readPolicy(object, name));
    } else if (kind === 'ClusterNetworkPolicy' || kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy') {
      cluster.clusterPolicies.push(readClusterPolicy(object, kind, name));
    } else if (kind === 'Node') {
      const addresses = array(record(object['status'])['addresses'])
        .map((a) => str(record(a)['address']))
        .filter((a): a is string => a !== undefined);
      cluster.nodes.push({ labels: labelsOf(metadata), addresses });
    }
  }
  return cluster;
}

function readClusterPolicy(object: Record<string, unknown>, kind: string, name: string): ClusterPolicy {
  const spec = record(object['spec']);
  const subject = record(spec['subject']);
  const tier = kind === 'AdminNetworkPolicy' ? 'Admin' : kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : str(spec['tier']) === 'Admin' ? 'Admin' : 'Baseline';
  const priority = kind === 'BaselineAdminNetworkPolicy' ? Number.POSITIVE_INFINITY : Number(spec['priority']);
  const readRules = (value: unknown, peersField: 'from' | 'to'): ClusterRule[] =>
    array(value).map((r) => {
      const rule = record(r);
      const written = str(rule['action']);
      const portsRaw = rule['protocols'] ?? rule['ports'];
      return {
        action: written === 'Allow' ? 'Accept' : (written as ClusterAction),
        peers: array(rule[peersField]).map((p) => readClusterPeer(record(p))),
        ports: Array.isArray(portsRaw) ? portsRaw.map((p) => readClusterPort(record(p))) : undefined,
      };
    });
  return {
    id: `${kind}/${name}`,
    tier,
    priority,
    subject: {
      ...(subject['namespaces'] != null ? { namespaces: readSelector(subject['namespaces']) ?? {} } : {}),
      ...(subject['pods'] != null ? { pods: readNamespacedPod(subject['pods']) } : {}),
    },
    ingress: readRules(spec['ingress'], 'from'),
    egress: readRules(spec['egress'], 'to'),
  };
}

function readNamespacedPod(value: unknown): { namespaceSelector?: Selector; podSelector?: Selector } {
  const m = record(value);
  const out: { namespaceSelector?: Selector; podSelector?: Selector } = {};
  const ns = readSelector(m['namespaceSelector']);
  const pods = readSelector(m['podSelector']);
  if (ns) out.namespaceSelector = ns;
  if (pods) out.podSelector = pods;
  return out;
}

function readClusterPeer(peer: Record<string, unknown>): ClusterPeer {
  const out: ClusterPeer = {};
  if (peer['namespaces'] != null) out.namespaces = readSelector(peer['namespaces']) ?? {};
  if (peer['pods'] != null) out.pods = readNamespacedPod(peer['pods']);
  if (peer['nodes'] != null) out.nodes = readSelector(peer['nodes']) ?? {};
  if (peer['networks'] != null) out.networks = array(peer['networks']).filter((c): c is string => typeof c === 'string');
  if (peer['domainNames'] != null) out.domainNames = array(peer['domainNames']).filter((c): c is string => typeof c === 'string');
  return out;
}

/** v1alpha2: {tcp|udp|sctp: {destinationPort: {number} | {range: {start, end}}}} or {destinationNamedPort}; v1alpha1: {portNumber}, {portRange}, {namedPort}. */
function readClusterPort(entry: Record<string, unknown>): ClusterPort {
  for (const key of ['tcp', 'udp', 'sctp']) {
    if (entry[key] == null) continue;
    const destination = record(record(entry[key])['destinationPort']);
    if (typeof destination['number'] === 'number') return { protocol: key.toUpperCase(), start: destination['number'], end: destination['number'] };
    const range = record(destination['range']);
    return { protocol: key.toUpperCase(), start: Number(range['start']), end: Number(range['end']) };
  }
  const named = str(entry['destinationNamedPort']) ?? str(entry['namedPort']);
  if (named !== undefined) return { name: named };
  if (entry['portNumber'] != null) {
    const p = record(entry['portNumber']);
    return { protocol: str(p['protocol']) ?? 'TCP', start: Number(p['port']), end: Number(p['port']) };
  }
  const r = record(entry['portRange']);
  return { protocol: str(r['protocol']) ?? 'TCP', start: Number(r['start']), end: Number(r['end']) };
}

function flatten(objects: unknown[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const item of objects) {
    const object = record(item);
    const kind = str(object['kind']);
    if (kind !== undefined && kind.endsWith('List') && Array.isArray(object['items'])) {
      out.push(...flatten(object['items']));
    } else {
      out.push(object);
    }
  }
  return out;
}

function readPod(object: Record<string, unknown>, name: string): Pod {
  const metadata = record(object['metadata']);
  const spec = record(object['spec']);
  const status = record(object['status']);
  const namespace = str(metadata['namespace']) ?? 'default';
  const ips: string[] = [];
  const podIP = str(status['podIP']);
  if (podIP) ips.push(podIP);
  for (const entry of array(status['podIPs'])) {
    const ip = str(record(entry)['ip']);
    if (ip && !ips.includes(ip)) ips.push(ip);
  }
  const hostNetwork = spec['hostNetwork'] === true;
  const hostIP = str(status['hostIP']);
  if (hostNetwork && ips.length === 0 && hostIP) ips.push(hostIP);
  const containerPorts: ContainerPort[] = [];
  for (const container of array(spec['containers'])) {
    for (const p of array(record(container)['ports'])) {
      const port = record(p);
      const containerPort = port['containerPort'];
      if (typeof containerPort !== 'number') continue;
      const portName = str(port['name']);
      containerPorts.push({
        containerPort,
        protocol: str(port['protocol']) ?? 'TCP',
        ...(portName !== undefined ? { name: portName } : {}),
      });
    }
  }
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    labels: labelsOf(metadata),
    hostNetwork,
    nodeName: str(spec['nodeName']),
    ips,
    containerPorts,
  };
}

function readPolicy(object: Record<string, unknown>, name: string): Policy {
  const metadata = record(object['metadata']);
  const spec = record(object['spec']);
  const ingress = array(spec['ingress']).map((r) => readRule(record(r), 'from'));
  const egress = array(spec['egress']).map((r) => readRule(record(r), 'to'));
  const declaredTypes = array(spec['policyTypes']).filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
  const policyTypes: Array<'Ingress' | 'Egress'> =
    array(spec['policyTypes']).length > 0 ? declaredTypes : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    namespace: str(metadata['namespace']) ?? 'default',
    name,
    podSelector: readSelector(spec['podSelector']) ?? {},
    policyTypes,
    ingress,
    egress,
  };
}

function readRule(rule: Record<string, unknown>, peersField: 'from' | 'to'): Rule {
  const out: Rule = {};
  if (Array.isArray(rule[peersField])) out.peers = array(rule[peersField]).map((p) => readPeer(record(p)));
  if (Array.isArray(rule['ports'])) out.ports = array(rule['ports']).map((p) => readPort(record(p)));
  return out;
}

function readPeer(peer: Record<string, unknown>): Peer {
  const out: Peer = {};
  const podSelector = readSelector(peer['podSelector']);
  const namespaceSelector = readSelector(peer['namespaceSelector']);
  if (podSelector) out.podSelector = podSelector;
  if (namespaceSelector) out.namespaceSelector = namespaceSelector;
  if (peer['ipBlock'] !== undefined && peer['ipBlock'] !== null) {
    const block = record(peer['ipBlock']);
    out.ipBlock = { cidr: str(block['cidr']) ?? '', except: array(block['except']).filter((e): e is string => typeof e === 'string') };
  }
  return out;
}

function readPort(port: Record<string, unknown>): PolicyPort {
  const out: PolicyPort = {};
  const protocol = str(port['protocol']);
  if (protocol) out.protocol = protocol;
  if (typeof port['port'] === 'number' || typeof port['port'] === 'string') out.port = port['port'];
  if (typeof port['endPort'] === 'number') out.endPort = port['endPort'];
  return out;
}

/** undefined for a missing/null selector; {} (matches everything) for an empty one. */
function readSelector(value: unknown): Selector | undefined {
  if (value === undefined || value === null) return undefined;
  const selector = record(value);
  const out: Selector = {};
  const matchLabels = record(selector['matchLabels']);
  out.matchLabels = Object.fromEntries(Object.entries(matchLabels).map(([k, v]) => [k, String(v)]));
  out.matchExpressions = array(selector['matchExpressions']).map((e) => {
    const expression = record(e);
    return {
      key: str(expression['key']) ?? '',
      operator: str(expression['operator']) ?? '',
      values: array(expression['values']).map((v) => String(v)),
    };
  });
  return out;
}

function labelsOf(metadata: Record<string, unknown>): Labels {
  return Object.fromEntries(Object.entries(record(metadata['labels'])).map(([k, v]) => [k, String(v)]));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
