import { type DirectionVerdict, type Endpoint, evaluateConnection } from '../../../layers/policy/evaluate-connection.js';
import { PolicyEngine } from '../../../layers/policy/policy-engine.js';
import type { Direction } from '../../../layers/policy/policy-ir.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { type ClusterRuleGroup, type ConflictWitness, analyzeClusterPolicies, clusterPolicyModel, describeGroup, formatPoint, groupSource, pickPeer } from './cluster-policy-space.js';

/**
 * Two policies of one tier at one priority that decide some (subject pod, peer, port) differently.
 * network-policy-api apis/v1alpha2 ClusterNetworkPolicySpec.priority: "If two (or more) policies in
 * the same tier with the same priority could match a connection, then the implementation can apply
 * any of the matching policies to the connection, and there is no way for the user to reliably
 * determine which one it will choose." Reported where the choice changes the decision: both
 * policies' first matching rules (for a peer and port certainly reaching that priority) match with
 * different actions. In the Baseline tier Pass and Accept both end in an allow (Pass there "skips
 * the rest of the Baseline tier"), so they do not conflict. The message replays one such
 * connection through the engine in both orders and says whether the verdict itself changes. Ties
 * alone are noted at load time (CNP_PRIORITY_TIE, info).
 */
export const cnpPriorityOverlap: CheckRule = {
  code: 'CNP_PRIORITY_OVERLAP',
  severity: 'warning',
  title: 'same-priority cluster policies that decide the same traffic differently',
  why: 'The API leaves the order of same-priority policies undefined: implementations (and upgrades of one) may pick either, so which rule decides that traffic is not determined by the manifests.',
  run(ctx) {
    const engine = ctx.policy;
    const { conflicts } = analyzeClusterPolicies(engine);
    const out: Finding[] = [];
    for (const c of conflicts.values()) {
      const [first, second] = c.a.policy < c.b.policy ? [c.a, c.b] : [c.b, c.a];
      const model = clusterPolicyModel(ctx.snapshot, second.policy);
      const fa = groupSource(ctx.snapshot, first);
      const fb = groupSource(ctx.snapshot, second);
      const replay = replayBothOrders(engine, c, first);
      const verdicts = replay
        ? replay.firstFirst.allowed === replay.otherFirst.allowed
          ? `; either order ${replay.firstFirst.allowed ? 'allows' : 'denies'} it today, but the rule that decides differs, so a change below (a NetworkPolicy, a Baseline rule) would act on one order only (kflow applies ${first.policy} first)`
          : `: with ${first.policy} first (kflow's order) it is ${verdictText(replay.firstFirst, first.tier)}, with ${second.policy} first ${verdictText(replay.otherFirst, first.tier)}`
        : ` (kflow applies ${first.policy} first)`;
      out.push(
        findingAt(
          this,
          model ? model.prioritySource : fb,
          second.policy,
          `${second.policy} and ${first.policy} are both ${second.tier}-tier priority ${second.priority} and decide the same traffic differently: ${replay?.flow ?? `${c.direction} of ${engine.index.identities[c.subject]!.pods[0]!.key}`} on ${formatPoint(c.point)} matches ${first.policy} ${describeGroup(first)} (${first.actionAsWritten}) and ${second.policy} ${describeGroup(second)} (${second.actionAsWritten}); which applies is undefined upstream${verdicts}`,
          `Give the policy that should win a lower priority number than the other (${second.tier} tier, now both ${second.priority}).`,
          [
            { ...fa, message: `${first.policy} ${describeGroup(first)} (${first.actionAsWritten})` },
            { ...fb, message: `${second.policy} ${describeGroup(second)} (${second.actionAsWritten})` },
          ],
        ),
      );
    }
    return out;
  },
};

/**
 * The witness connection decided by the engine with the two tied policies put before the rest of
 * their priority, in one order (`first` first) and in the other. compareEvaluationOrder breaks
 * ties by the policy id: prefixes that sort before every kind name pick the order.
 */
export function replayBothOrders(engine: PolicyEngine, c: ConflictWitness, first: ClusterRuleGroup): { flow: string; firstFirst: DirectionVerdict; otherFirst: DirectionVerdict } | undefined {
  const subjectPod = engine.index.identities[c.subject]!.pods[0]!;
  const peer = pickPeer(engine, c.overlap, subjectPod.key);
  if (!peer) return undefined;
  const subject: Endpoint = { kind: 'pod', pod: subjectPod };
  const second = first === c.a ? c.b : c.a;
  const ordered = (lead: string, next: string): PolicyEngine => {
    const rank = new Map([
      [lead, ' '],
      [next, '!'],
    ]);
    const rules = engine.policies.rules.map((r) => {
      const prefix = rank.get(r.origin.policy);
      return prefix ? { ...r, origin: { ...r.origin, policy: `${prefix}${r.origin.policy}` } } : r;
    });
    return new PolicyEngine(engine.snapshot, { rules, isolations: engine.policies.isolations }, engine.profile, engine.index);
  };
  const decide = (e: PolicyEngine): DirectionVerdict =>
    c.direction === 'ingress' ? evaluateConnection(e, peer.endpoint, subject, c.point.protocol, c.point.port).ingress : evaluateConnection(e, subject, peer.endpoint, c.point.protocol, c.point.port).egress;
  const flow = c.direction === 'ingress' ? `ingress to ${subjectPod.key} from ${peer.label}` : `egress from ${subjectPod.key} to ${peer.label}`;
  return { flow, firstFirst: decide(ordered(first.policy, second.policy)), otherFirst: decide(ordered(second.policy, first.policy)) };
}

function verdictText(v: DirectionVerdict, tier: string): string {
  const verdict = v.allowed ? 'allowed' : 'denied';
  if (v.decidingTier && v.decidingTier !== tier) return `${verdict} by the ${v.decidingTier} tier`;
  if (v.reason === 'not-isolated') return `${verdict} by default`;
  return verdict;
}
