/**
 * A truth-table DSL with the semantics of upstream's Reachability / TruthTable
 * (kubernetes/kubernetes test/e2e/network/netpol/reachability.go, truthtable.go):
 *
 * - new Reachability(pods, default): every ordered pair (from, to) starts at `default`.
 * - expect(from, to, v): one cell.
 * - expectAllIngress(pod, v): the whole column `to = pod` (upstream SetAllTo), self included.
 * - expectAllEgress(pod, v): the whole row `from = pod` (upstream SetAllFrom), self included.
 * - expectPeer(fromPeer, toPeer, v): every pair whose ends match the peers, where a Peer with
 *   no namespace matches every namespace and no pod matches every pod name (upstream Peer.Matches).
 * - Calls apply in order; later calls overwrite earlier ones.
 *
 * Loopback: upstream sets ignoreLoopback = true (network_policy.go, see kubernetes#95879), so
 * the diagonal of an expected table is written but never compared; several upstream tables
 * leave it `false`. kflow's contract is that a pod can always reach itself, so compare with
 * `ignoreLoopback: true` (what upstream does) or call allowLoopback() first.
 */

export interface Peer {
  namespace?: string;
  pod?: string;
}

export class Reachability {
  readonly pods: readonly string[];
  private readonly values = new Map<string, Map<string, boolean>>();

  constructor(pods: readonly string[], defaultExpectation: boolean) {
    this.pods = [...pods];
    for (const from of this.pods) {
      const row = new Map<string, boolean>();
      for (const to of this.pods) row.set(to, defaultExpectation);
      this.values.set(from, row);
    }
  }

  expect(from: string, to: string, connected: boolean): this {
    this.row(from).set(this.checkPod(to), connected);
    return this;
  }

  expectAllIngress(pod: string, connected: boolean): this {
    this.checkPod(pod);
    for (const from of this.pods) this.row(from).set(pod, connected);
    return this;
  }

  expectAllEgress(pod: string, connected: boolean): this {
    const row = this.row(pod);
    for (const to of this.pods) row.set(to, connected);
    return this;
  }

  expectPeer(from: Peer, to: Peer, connected: boolean): this {
    for (const fromPod of this.pods) {
      if (!peerMatches(from, fromPod)) continue;
      for (const toPod of this.pods) {
        if (peerMatches(to, toPod)) this.row(fromPod).set(toPod, connected);
      }
    }
    return this;
  }

  /** Upstream AllowLoopback: every pod can reach itself. */
  allowLoopback(): this {
    for (const pod of this.pods) this.row(pod).set(pod, true);
    return this;
  }

  expected(from: string, to: string): boolean {
    const value = this.row(from).get(this.checkPod(to));
    if (value === undefined) throw new Error(`no expectation for ${from} -> ${to}`);
    return value;
  }

  private row(from: string): Map<string, boolean> {
    const row = this.values.get(from);
    if (!row) throw new Error(`from-pod ${from} is not in this table`);
    return row;
  }

  private checkPod(pod: string): string {
    if (!this.values.has(pod)) throw new Error(`pod ${pod} is not in this table`);
    return pod;
  }
}

export function peerMatches(peer: Peer, podKey: string): boolean {
  const [namespace, pod] = podKey.split('/');
  return (peer.namespace === undefined || peer.namespace === namespace) && (peer.pod === undefined || peer.pod === pod);
}

export interface Mismatch {
  from: string;
  to: string;
  expected: boolean;
  actual: boolean;
}

export interface CompareOptions {
  /** Skip from === to cells, as upstream does (ignoreLoopback = true). */
  ignoreLoopback?: boolean;
}

/** Every cell where `actual` disagrees with the expected table. */
export function compareReachability(
  expected: Reachability,
  actual: (from: string, to: string) => boolean,
  options: CompareOptions = {},
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const from of expected.pods) {
    for (const to of expected.pods) {
      if (options.ignoreLoopback && from === to) continue;
      const want = expected.expected(from, to);
      const got = actual(from, to);
      if (want !== got) mismatches.push({ from, to, expected: want, actual: got });
    }
  }
  return mismatches;
}

/**
 * Upstream's PrettyPrint layout: a header row of destinations, one row per source,
 * "." = connected, "X" = blocked.
 */
export function formatTruthTable(pods: readonly string[], value: (from: string, to: string) => boolean | string): string {
  const lines = [['-', ...pods].join('\t')];
  for (const from of pods) {
    const cells = pods.map((to) => {
      const v = value(from, to);
      return typeof v === 'string' ? v : v ? '.' : 'X';
    });
    lines.push([from, ...cells].join('\t'));
  }
  return lines.join('\n');
}

/** Expected, actual and a comparison table ("." = agree, "X" = differ, "~" = ignored loopback). */
export function formatDiff(
  expected: Reachability,
  actual: (from: string, to: string) => boolean,
  options: CompareOptions = {},
): string {
  const pods = expected.pods;
  return [
    'expected:',
    formatTruthTable(pods, (f, t) => expected.expected(f, t)),
    '',
    'actual:',
    formatTruthTable(pods, actual),
    '',
    'comparison:',
    formatTruthTable(pods, (f, t) =>
      options.ignoreLoopback && f === t ? '~' : expected.expected(f, t) === actual(f, t) ? '.' : 'X',
    ),
  ].join('\n');
}
