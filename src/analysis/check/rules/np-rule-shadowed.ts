import { Bitset } from '../../../net/bitset.js';
import { IpSet } from '../../../net/ip-set.js';
import type { Protocol } from '../../../net/protocol.js';
import type { PolicyEngine } from '../../../layers/policy/policy-engine.js';
import { type PortRange, PortSplitter } from '../../../layers/policy/port-boundaries.js';
import type { Direction, PolicyRule } from '../../../layers/policy/policy-ir.js';
import { formatLocation } from '../../../model/provenance.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';

/**
 * A NetworkPolicy rule that allows nothing the other rules applying to the same pods do not
 * already allow: deleting it changes no verdict. Usually a leftover, sometimes a sign that the
 * author meant something narrower elsewhere. Conservative: external address coverage is compared
 * as IP sets, pods as identities; a rule is only reported when every pod it applies to is covered.
 */
export const npRuleShadowed: CheckRule = {
  code: 'NP_RULE_SHADOWED',
  severity: 'warning',
  title: 'a rule that allows nothing another rule of the same pods does not',
  why: 'The rule is dead weight: removing it changes nothing, and the real allowance lives elsewhere.',
  run(ctx) {
    const engine = ctx.policy;
    const groups = new Map<string, PolicyRule[]>();
    for (const r of engine.policies.rules) {
      if (r.tier !== 'NetworkPolicy' || r.action !== 'allow') continue;
      const key = `${r.origin.policy}|${ruleKey(r.origin.path)}`;
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    // Ports are checked one per range where the rules at hand can change their answer.
    const splitter = new PortSplitter(engine);
    let byOrigin: Map<string, PolicyRule> | undefined;
    const out: Finding[] = [];
    for (const group of groups.values()) {
      const first = group[0]!;
      const subjects = engine.index.selectPods(first.subject);
      if (subjects.isEmpty) continue; // NP_SELECTS_NOTHING
      const coveredBy = new Set<string>();
      let shadowed = true;
      // Subjects of one rule class have the same rules: one answer for all of them, unless an
      // ingress rule's named port makes the answer depend on the subject's own ports.
      const classes = engine.ruleClasses(first.direction);
      const decided = new Map<number, boolean>();
      for (const s of subjects) {
        const c = classes[s]!;
        if (decided.get(c) === true) continue;
        const rules = engine.rulesFor(first.direction, s);
        const others = rules.filter((r) => r.tier === 'NetworkPolicy' && r.action === 'allow' && !group.includes(r));
        const perSubject = first.direction === 'ingress' && rules.some((r) => r.ports !== 'all' && r.ports.some((p) => p.name !== undefined));
        const points = splitter.ranges([...group, ...others]);
        if (!covers(engine, first.direction, s, group, others, points, coveredBy)) {
          shadowed = false;
          break;
        }
        if (!perSubject) decided.set(c, true);
      }
      if (!shadowed) continue;
      const path = ruleKey(first.origin.path);
      byOrigin ??= new Map(engine.policies.rules.map((x) => [`${x.origin.policy} ${x.origin.path}`, x]));
      const related = [...coveredBy].map((k) => {
        const r = byOrigin!.get(k)!;
        return { file: r.origin.file, line: r.origin.line, column: r.origin.column, path: r.origin.path, message: `covered by ${r.origin.policy} ${r.origin.path}` };
      });
      out.push(
        findingAt(
          this,
          { file: first.origin.file, line: first.origin.line, column: first.origin.column, path },
          first.origin.policy,
          `${path} allows nothing that other rules do not already allow for the same pods (covered by ${related.map((r) => `${r.message.replace('covered by ', '')} at ${formatLocation(r)}`).join('; ') || 'other rules'})`,
          'Remove the rule, or narrow the covering rule if it allows more than intended.',
          related,
        ),
      );
    }
    return out;
  },
};

/** `spec.ingress[0].from[1]` → `spec.ingress[0]`. */
function ruleKey(path: string): string {
  const m = /^(spec\.(?:ingress|egress)\[\d+\])/.exec(path);
  return m ? m[1]! : path;
}

type PointSet = readonly PortRange[];

function allowance(engine: PolicyEngine, direction: Direction, subject: number, rules: readonly PolicyRule[], protocol: Protocol, port: number): { ids: Bitset; ips: IpSet } {
  const ids = new Bitset(engine.index.size);
  let ips = IpSet.empty;
  for (const r of rules) {
    const m = engine.index.portMatchSet(r.ports, protocol, port);
    if (m === 'none') continue;
    if (direction === 'ingress' && m !== 'all' && !m.has(subject)) continue;
    const peers = engine.index.selectPeer(r.peer);
    if (direction === 'egress' && m !== 'all') {
      const s = peers.clone();
      s.andInPlace(m);
      ids.orInPlace(s);
      continue; // named ports never match external addresses
    }
    ids.orInPlace(peers);
    if (r.peer.kind === 'all') ips = IpSet.all;
    else if (r.peer.kind === 'ipBlock') ips = ips.union(r.peer.set);
  }
  return { ids, ips };
}

function covers(engine: PolicyEngine, direction: Direction, subject: number, group: readonly PolicyRule[], others: readonly PolicyRule[], points: PointSet, coveredBy: Set<string>): boolean {
  if (others.length === 0) return false;
  let allowsSomething = false;
  for (const { protocol, port } of points) {
    const mine = allowance(engine, direction, subject, group, protocol, port);
    if (mine.ids.isEmpty && mine.ips.isEmpty) continue;
    allowsSomething = true;
    const theirs = allowance(engine, direction, subject, others, protocol, port);
    const missing = mine.ids.clone();
    missing.andNotInPlace(theirs.ids);
    if (!missing.isEmpty || !theirs.ips.covers(mine.ips)) return false;
  }
  // A rule that allows nothing at all is not shadowed: other rules (selects nothing, unresolved port) say why.
  if (!allowsSomething) return false;
  // Name only the rules that overlap this one somewhere: those are what cover it.
  for (const r of others) {
    for (const { protocol, port } of points) {
      const mine = allowance(engine, direction, subject, group, protocol, port);
      const one = allowance(engine, direction, subject, [r], protocol, port);
      const overlap = mine.ids.clone();
      overlap.andInPlace(one.ids);
      if (!overlap.isEmpty || !mine.ips.intersect(one.ips).isEmpty) {
        coveredBy.add(`${r.origin.policy} ${r.origin.path}`);
        break;
      }
    }
  }
  return true;
}
