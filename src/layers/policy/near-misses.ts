import { formatSelector } from '../../model/label-selector.js';
import type { Protocol } from '../../net/protocol.js';
import { type Endpoint, peerMatchesEndpoint } from './evaluate-connection.js';
import { portsAdmit } from './identities.js';
import type { PolicyEngine } from './policy-engine.js';
import type { Direction, PodSelection, PolicyPeer, PolicyPort, PolicyRule, RuleOrigin } from './policy-ir.js';

/** A rule that would have allowed the flow but for one condition: what an engineer looks for first. */
export interface NearMiss {
  readonly origin: RuleOrigin;
  readonly mismatch: 'subject' | 'peer' | 'port';
  readonly explanation: string;
}

/**
 * Allow rules of the subject's namespace that miss the flow on exactly one condition: the rule's
 * podSelector does not select the pod (a label typo), its peer does not match, or its ports do
 * not include the port. At most `limit`, subject misses first.
 */
export function findNearMisses(
  engine: PolicyEngine,
  direction: Direction,
  subject: Endpoint,
  peer: Endpoint,
  protocol: Protocol,
  port: number,
  limit = 5,
): NearMiss[] {
  if (subject.kind !== 'pod') return [];
  const subjectId = engine.index.identityOfPod(subject.pod.key);
  const peerId = peer.kind === 'pod' ? engine.index.identityOfPod(peer.pod.key) : undefined;
  const dstPorts = direction === 'ingress' ? subject.pod.ports : peer.kind === 'pod' ? peer.pod.ports : undefined;
  const out: NearMiss[] = [];
  for (const r of engine.policies.rules) {
    if (r.direction !== direction || r.action !== 'allow' || r.tier !== 'NetworkPolicy') continue;
    if (!engine.index.namespacesOf(r.subject).includes(subject.pod.namespace)) continue;
    const subjectOk = subjectId !== undefined && engine.index.selectPods(r.subject).has(subjectId);
    const peerOk = peerMatches(engine, r.peer, peer, peerId);
    const portOk = portsAdmit(r.ports, protocol, port, dstPorts) !== undefined;
    const misses = [subjectOk, peerOk, portOk].filter((ok) => !ok).length;
    if (misses !== 1) continue;
    const name = subject.pod.key;
    if (!subjectOk) out.push({ origin: r.origin, mismatch: 'subject', explanation: `its podSelector (${formatSelector(r.subject.pods)}) does not select ${name}` });
    else if (!peerOk) out.push({ origin: r.origin, mismatch: 'peer', explanation: `its peer (${describePeer(r.peer)}) does not match ${endpointName(peer)}` });
    else out.push({ origin: r.origin, mismatch: 'port', explanation: `it allows ${describePorts(r.ports)}, not ${port}/${protocol}` });
  }
  const rank = { subject: 0, peer: 1, port: 2 };
  return out.sort((a, b) => rank[a.mismatch] - rank[b.mismatch]).slice(0, limit);
}

function peerMatches(engine: PolicyEngine, peer: PolicyPeer, endpoint: Endpoint, identity: number | undefined): boolean {
  return peerMatchesEndpoint(engine, peer, endpoint, identity);
}

function endpointName(e: Endpoint): string {
  return e.kind === 'pod' ? e.pod.key : (e.label ?? 'the address');
}

export function describePeer(peer: PolicyPeer): string {
  switch (peer.kind) {
    case 'all':
      return 'any';
    case 'ipBlock':
      return `${peer.field ?? 'ipBlock'} ${peer.text}`;
    case 'nodes':
      return peer.text;
    case 'domainNames':
      return `domainNames ${peer.names.join(', ')}`;
    case 'pods':
      return describeSelection(peer);
  }
}

export function describeSelection(sel: PodSelection): string {
  const ns = sel.namespaces.kind === 'name' ? `namespace ${sel.namespaces.name}` : `namespaces ${formatSelector(sel.namespaces.selector)}`;
  return `pods ${formatSelector(sel.pods)} in ${ns}`;
}

export function describePorts(ports: readonly PolicyPort[] | 'all'): string {
  if (ports === 'all') return 'all ports';
  return ports
    .map((p) => (p.name !== undefined ? `${p.name}/${p.protocol}` : p.from === undefined ? `all ${p.protocol} ports` : p.to !== undefined && p.to !== p.from ? `${p.from}-${p.to}/${p.protocol}` : `${p.from}/${p.protocol}`))
    .join(', ');
}
