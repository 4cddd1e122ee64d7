import { type LabelSelector, type Labels, formatLabels } from '../../model/label-selector.js';
import type { ContainerPortModel, NamespaceModel, PodModel } from '../../model/objects.js';
import type { Snapshot } from '../../model/snapshot.js';
import { isActivePod } from '../../model/snapshot.js';
import { Bitset } from '../../net/bitset.js';
import { type Ip, parseIp } from '../../net/ip.js';
import { IpSet, unionAll } from '../../net/ip-set.js';
import { SortedByIp } from '../../net/sorted-by-ip.js';
import type { Protocol } from '../../net/protocol.js';
import type { PodSelection, PolicyPeer, PolicyPort, PolicySet } from './policy-ir.js';
import { LabelIndex } from './label-index.js';
import { GENERIC_PROFILE, type SemanticProfile } from './profiles.js';

/**
 * Pods that every policy treats alike share an identity: same namespace (hence namespace labels),
 * same pod labels, same hostNetwork, same answers to every named port any policy uses, and the same
 * membership in every ipBlock any policy uses. Analyses work on identities and expand to pods
 * only for output.
 */
export interface Identity {
  readonly id: number;
  readonly namespace: string;
  readonly namespaceLabels: Labels;
  readonly labels: Labels;
  readonly hostNetwork: boolean;
  /** Container ports of a representative pod (identical for named ports that matter). */
  readonly ports: readonly ContainerPortModel[];
  /** Primary IP of a representative pod (same ipBlock memberships as every member). */
  readonly ip: Ip;
  readonly pods: readonly PodModel[];
}

export class IdentityIndex {
  readonly identities: readonly Identity[];
  private readonly byPod = new Map<string, number>();
  private readonly byNamespace = new Map<string, number[]>();
  private readonly selectionCache = new Map<string, Bitset>();
  private readonly namespaceSelectionCache = new Map<string, string[]>();
  private readonly namespaceIdentityCache = new Map<string, Bitset>();
  private readonly labelSelectorCache = new Map<string, Bitset>();
  private identityLabels: LabelIndex | undefined;
  private namespaceLabels: LabelIndex | undefined;
  private namespaceList: NamespaceModel[] | undefined;
  private readonly ipBlockCache = new Map<string, Bitset>();
  private readonly namedPortCache = new Map<string, Bitset>();
  private namedPortIndex: Map<string, { id: number; port: ContainerPortModel }[]> | undefined;
  private readonly hostNetworkSet: Bitset;
  readonly all: Bitset;
  /** Port names and ipBlock sets the identities were split by: a policy change that adds none keeps them valid. */
  readonly refinedPortNames: ReadonlySet<string>;
  readonly refinedIpSets: ReadonlySet<string>;
  /** Every address of every Node (`status.addresses`): what the profile's `cidrSelectsNodes` is about. */
  readonly nodeAddresses: IpSet;
  private readonly addressCache = new Map<string, Bitset>();
  private identitiesByIp: SortedByIp<Identity> | undefined;

  constructor(
    private readonly snapshot: Snapshot,
    policies: PolicySet,
    readonly profile: SemanticProfile = GENERIC_PROFILE,
  ) {
    const portNames = new Set<string>();
    const ipSets = new Map<string, IpSet>();
    for (const r of policies.rules) {
      if (r.ports !== 'all') for (const p of r.ports) if (p.name !== undefined) portNames.add(p.name);
      if (r.peer.kind === 'ipBlock' || r.peer.kind === 'nodes') ipSets.set(r.peer.set.key(), r.peer.set);
    }
    const addresses: IpSet[] = [];
    for (const n of snapshot.nodes) {
      for (const a of n.addresses) {
        const ip = parseIp(a.address);
        if (ip) addresses.push(IpSet.fromIp(ip));
      }
    }
    this.nodeAddresses = unionAll(addresses);
    const names = [...portNames].sort();
    const sets = [...ipSets.values()];
    this.refinedPortNames = new Set(names);
    this.refinedIpSets = new Set(ipSets.keys());
    const active = snapshot.pods.filter(isActivePod);
    const ipSig = ipSignatures(active, sets);
    const groups = new Map<string, PodModel[]>();
    active.forEach((pod, i) => {
      const key = [pod.namespace, formatLabels(pod.labels), pod.hostNetwork ? 'h' : 'p', namedPortSignature(pod, names), ipSig[i]].join('\u0000');
      const g = groups.get(key);
      if (g) g.push(pod);
      else groups.set(key, [pod]);
    });
    const identities: Identity[] = [];
    for (const pods of groups.values()) {
      const rep = pods[0]!;
      const id = identities.length;
      identities.push({
        id,
        namespace: rep.namespace,
        namespaceLabels: snapshot.namespaces.get(rep.namespace)?.labels ?? {},
        labels: rep.labels,
        hostNetwork: rep.hostNetwork,
        ports: rep.ports,
        ip: rep.ips[0]!,
        pods,
      });
      for (const p of pods) this.byPod.set(p.key, id);
      const list = this.byNamespace.get(rep.namespace);
      if (list) list.push(id);
      else this.byNamespace.set(rep.namespace, [id]);
    }
    this.identities = identities;
    this.all = Bitset.full(identities.length);
    this.hostNetworkSet = Bitset.of(identities.length, identities.filter((i) => i.hostNetwork).map((i) => i.id));
  }

  get size(): number {
    return this.identities.length;
  }

  identityOfPod(podKey: string): number | undefined {
    return this.byPod.get(podKey);
  }

  /**
   * Identities a pod selection covers. hostNetwork pods are never selected: their traffic is the
   * node's (the most common implementation, per the NetworkPolicy concepts page).
   * The identities of the namespaces covered, intersected with those the pod selector matches.
   */
  selectPods(sel: PodSelection): Bitset {
    const nsKey = sel.namespaces.kind === 'name' ? `n:${sel.namespaces.name}` : `s:${sel.namespaces.selector.key}`;
    const key = `${nsKey}|${sel.pods.key}`;
    let cached = this.selectionCache.get(key);
    if (cached) return cached;
    let inNamespaces = this.namespaceIdentityCache.get(nsKey);
    if (!inNamespaces) {
      inNamespaces = new Bitset(this.size);
      for (const ns of this.namespacesOf(sel)) for (const id of this.byNamespace.get(ns) ?? []) inNamespaces.add(id);
      this.namespaceIdentityCache.set(nsKey, inNamespaces);
    }
    cached = inNamespaces.clone();
    cached.andInPlace(this.identitiesMatching(sel.pods));
    cached.andNotInPlace(this.hostNetworkSet);
    this.selectionCache.set(key, cached);
    return cached;
  }

  /** Identities whose pod labels a selector matches (through a label index; cached per selector). */
  private identitiesMatching(selector: LabelSelector): Bitset {
    let cached = this.labelSelectorCache.get(selector.key);
    if (!cached) this.labelSelectorCache.set(selector.key, (cached = (this.identityLabels ??= new LabelIndex(this.identities.map((i) => i.labels))).matching(selector)));
    return cached;
  }

  /** Namespaces a selection covers, whether or not they have pods. */
  namespacesOf(sel: PodSelection): readonly string[] {
    if (sel.namespaces.kind === 'name') return this.snapshot.namespaces.has(sel.namespaces.name) ? [sel.namespaces.name] : [];
    const selector: LabelSelector = sel.namespaces.selector;
    // Many pod selections share a namespace selector: match the namespaces once per selector.
    let names = this.namespaceSelectionCache.get(selector.key);
    if (!names) {
      const all = (this.namespaceList ??= [...this.snapshot.namespaces.values()]);
      const index = (this.namespaceLabels ??= new LabelIndex(all.map((ns) => ns.labels)));
      names = [...index.matching(selector)].map((i) => all[i]!.name);
      this.namespaceSelectionCache.set(selector.key, names);
    }
    return names;
  }

  /**
   * Identities a CIDR (ipBlock, networks) selects: those whose IP is in the set — pods, and
   * hostNetwork pods by their node's IP — as far as the profile lets CIDRs select in-cluster
   * endpoints (`cidrSelectsPods`, `cidrSelectsNodes`).
   */
  selectIpBlock(set: IpSet): Bitset {
    const key = set.key();
    let cached = this.ipBlockCache.get(key);
    if (!cached) {
      const { cidrSelectsPods, cidrSelectsNodes } = this.profile;
      cached = new Bitset(this.size);
      for (const id of this.identitiesIn(set)) {
        const i = this.identities[id]!;
        if (i.hostNetwork || this.nodeAddresses.contains(i.ip) ? cidrSelectsNodes : cidrSelectsPods) cached.add(id);
      }
      this.ipBlockCache.set(key, cached);
    }
    return cached;
  }

  /** Identities whose IP is in the set, whatever the profile says about CIDRs (a `nodes` peer's addresses). */
  selectAddresses(set: IpSet): Bitset {
    const key = set.key();
    let cached = this.addressCache.get(key);
    if (!cached) {
      cached = Bitset.of(this.size, this.identitiesIn(set));
      this.addressCache.set(key, cached);
    }
    return cached;
  }

  /** Identities whose IP is in `set`: each interval of the set is found in the identities sorted by IP. */
  private identitiesIn(set: IpSet): number[] {
    const out: number[] = [];
    (this.identitiesByIp ??= new SortedByIp(this.identities)).forEachIn(set, (i) => out.push(i.id));
    return out;
  }

  selectPeer(peer: PolicyPeer): Bitset {
    switch (peer.kind) {
      case 'all':
        return this.all;
      case 'pods':
        return this.selectPods(peer);
      case 'ipBlock':
        return this.selectIpBlock(peer.set);
      case 'nodes':
        return this.selectAddresses(peer.set);
      case 'domainNames':
        // Names are not pods: kflow never matches a pod by a domain name (see docs/cni-profiles.md).
        return this.none;
    }
  }

  private get none(): Bitset {
    return (this.noneSet ??= new Bitset(this.size));
  }

  private noneSet: Bitset | undefined;

  /** Identities that expose `name` as a container port with this protocol and number. */
  namedPortHolders(name: string, protocol: Protocol, port: number): Bitset {
    const key = `${name}/${protocol}/${port}`;
    let cached = this.namedPortCache.get(key);
    if (!cached) {
      // Holders of each name, listed once: a name is asked about at many ports.
      if (!this.namedPortIndex) {
        this.namedPortIndex = new Map();
        for (const i of this.identities) {
          for (const cp of i.ports) {
            if (cp.name === undefined) continue;
            const list = this.namedPortIndex.get(cp.name);
            const holder = { id: i.id, port: cp };
            if (list) list.push(holder);
            else this.namedPortIndex.set(cp.name, [holder]);
          }
        }
      }
      const holders = this.namedPortIndex.get(name) ?? [];
      cached = Bitset.of(
        this.size,
        holders.filter((h) => h.port.protocol === protocol && h.port.containerPort === port).map((h) => h.id),
      );
      this.namedPortCache.set(key, cached);
    }
    return cached;
  }

  /**
   * Destinations (identities) for which a rule's ports admit (protocol, port):
   * 'all' or a numeric match admits every destination; a named port only those that expose it.
   * The set returned may be a cached one: read it, never change it.
   */
  portMatchSet(ports: readonly PolicyPort[] | 'all', protocol: Protocol, port: number): Bitset | 'all' | 'none' {
    if (ports === 'all') return 'all';
    let acc: Bitset | undefined;
    let copied = false;
    for (const p of ports) {
      if (p.protocol !== protocol) continue;
      if (p.name === undefined) {
        if (p.from === undefined || (port >= p.from && port <= (p.to ?? p.from))) return 'all';
        continue;
      }
      const holders = this.namedPortHolders(p.name, protocol, port);
      if (!acc) acc = holders;
      else {
        if (!copied) acc = acc.clone();
        copied = true;
        acc.orInPlace(holders);
      }
    }
    return acc ?? 'none';
  }

  get hostNetworkIdentities(): Bitset {
    return this.hostNetworkSet;
  }
}


/** Does the destination pod expose `name` as (protocol, port)? Name and protocol must both match. */
export function resolvesNamedPort(ports: readonly ContainerPortModel[], name: string, protocol: Protocol, port: number): boolean {
  return ports.some((cp) => cp.name === name && cp.protocol === protocol && cp.containerPort === port);
}

/** Does a rule's port list admit (protocol, port) at a destination with these container ports? */
export function portsAdmit(ports: readonly PolicyPort[] | 'all', protocol: Protocol, port: number, destinationPorts: readonly ContainerPortModel[] | undefined): PolicyPort | 'all' | undefined {
  if (ports === 'all') return 'all';
  for (const p of ports) {
    if (p.protocol !== protocol) continue;
    if (p.name !== undefined) {
      if (destinationPorts && resolvesNamedPort(destinationPorts, p.name, protocol, port)) return p;
    } else if (p.from === undefined || (port >= p.from && port <= (p.to ?? p.from))) return p;
  }
  return undefined;
}

function namedPortSignature(pod: PodModel, names: readonly string[]): string {
  if (names.length === 0) return '';
  const parts: string[] = [];
  for (const name of names) {
    const hits = pod.ports.filter((p) => p.name === name).map((p) => `${p.protocol}${p.containerPort}`).sort();
    if (hits.length) parts.push(`${name}=${hits.join('+')}`);
  }
  return parts.join(',');
}

/**
 * For each pod, which ipBlock sets contain its primary IP, as a string key. Pods are sorted by
 * IP once; each interval of each set marks the pods inside it by binary search, so the cost is
 * (intervals × log pods + memberships), not pods × sets.
 */
function ipSignatures(pods: readonly PodModel[], sets: readonly IpSet[]): string[] {
  const sig: string[][] = pods.map(() => []);
  if (sets.length === 0) return sig.map(() => '');
  const byIp = new SortedByIp(pods.map((p, i) => ({ i, ip: p.ips[0]! })));
  sets.forEach((set, s) => byIp.forEachIn(set, (x) => sig[x.i]!.push(String(s))));
  return sig.map((s) => s.join(','));
}


/** Can an index built for other policies serve these? Yes when they split pods by nothing new. */
export function identitiesStillValid(index: IdentityIndex, policies: PolicySet): boolean {
  for (const r of policies.rules) {
    if (r.ports !== 'all') for (const p of r.ports) if (p.name !== undefined && !index.refinedPortNames.has(p.name)) return false;
    if ((r.peer.kind === 'ipBlock' || r.peer.kind === 'nodes') && !index.refinedIpSets.has(r.peer.set.key())) return false;
  }
  return true;
}
