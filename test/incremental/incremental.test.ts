import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../src/analysis/incremental.js';
import { buildPolicyEngine, computeMatrix, loadSnapshot } from '../../src/index.js';
import type { Protocol } from '../../src/net/protocol.js';

const EXAMPLE = 'examples/shop';
const sources = () =>
  readdirSync(EXAMPLE)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: join(EXAMPLE, f), text: readFileSync(join(EXAMPLE, f), 'utf8') }));

const np = (ns: string, name: string, spec: object) => ({ file: 'change.yaml', text: JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec }) });

/** Ordered pod pairs (self excluded) whose verdict differs between two matrices of the same pods, with both verdicts. */
function changedPairs(a: ReturnType<typeof computeMatrix>, b: ReturnType<typeof computeMatrix>): string[] {
  const out: string[] = [];
  for (const s of a.pods) for (const d of a.pods) if (s.key !== d.key && a.isAllowed(s, d) !== b.isAllowed(s, d)) out.push(`${s.key} -> ${d.key} ${a.isAllowed(s, d)}->${b.isAllowed(s, d)}`);
  return out.sort();
}

/** The pod pairs a list of changes stands for (each group expanded: every pod on one side with every pod on the other). */
function reportedPairs(changes: readonly { from: readonly string[]; to: readonly string[]; before: boolean; after: boolean }[]): string[] {
  const out: string[] = [];
  for (const c of changes) for (const s of c.from) for (const d of c.to) if (s !== d) out.push(`${s} -> ${d} ${c.before}->${c.after}`);
  return out.sort();
}

describe('incremental updates (ClusterModel)', () => {
  it('fixing the payments selector typo: policy-only update, exactly api → payments on 50051 opens', () => {
    const model = new ClusterModel(loadSnapshot(sources()).snapshot);
    const text = readFileSync(join(EXAMPLE, 'payments.yaml'), 'utf8');
    const doc = text.split(/^---$/m).find((d) => d.includes('name: allow-from-api'))!.replace('app: paymnets', 'app: payments');
    const r = model.apply({ upsert: [{ file: 'payments.yaml', text: doc }] }, [{ protocol: 'TCP', port: 50051 }]);
    expect(r.strategy).toBe('policy-only');
    expect(r.revision).toBe(1);
    expect(r.changedObjects).toEqual(['NetworkPolicy/payments/allow-from-api']);
    expect(r.changes.map((c) => `${c.from[0]!.split('-')[0]} -> ${c.to[0]!.split('-')[0]} ${c.before}->${c.after}`)).toEqual(['shop/api -> payments/payments false->true']);
  });

  it('the incrementally updated engine equals a fresh build (every pod pair, every port changed)', () => {
    const model = new ClusterModel(loadSnapshot(sources()).snapshot);
    model.apply({ upsert: [np('shop', 'allow-all-in', { podSelector: {}, ingress: [{}] })] });
    model.apply({ delete: ['NetworkPolicy/frontend/web-egress'] });
    for (const [protocol, port] of [['TCP', 8080], ['TCP', 5432], ['UDP', 53]] as const) {
      const fresh = computeMatrix(buildPolicyEngine(model.snapshot), protocol, port);
      const incremental = computeMatrix(model.engine, protocol, port);
      for (const s of fresh.pods) for (const d of fresh.pods) expect(incremental.isAllowed(s, d), `${s.key} -> ${d.key} ${port}`).toBe(fresh.isAllowed(s, d));
    }
    expect(model.revision).toBe(2);
  });

  it('a change that needs a new identity split (a new named port) falls back to a rebuild, still exact', () => {
    const model = new ClusterModel(loadSnapshot(sources()).snapshot);
    const r = model.apply({ upsert: [np('shop', 'odd-port', { podSelector: {}, ingress: [{ ports: [{ port: 'never-used' }] }] })] }, [{ protocol: 'TCP', port: 8080 }]);
    expect(r.strategy).toBe('rebuild');
    expect(r.changes).toEqual([]); // a named port nobody exposes allows nothing new
  });

  it('a pod label change rebuilds, and reports the flows it changes', () => {
    const model = new ClusterModel(loadSnapshot(sources()).snapshot);
    const r = model.apply(
      {
        upsert: [
          {
            file: 'ns.yaml',
            text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: frontend\n  labels: {team: web, env: prod}\n',
          },
        ],
      },
      [{ protocol: 'TCP', port: 8080 }],
    );
    expect(r.strategy).toBe('rebuild');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('property: any sequence of policy changes leaves the model equal to a fresh load of the result', () => {
    const base = loadSnapshot(sources()).snapshot;
    const policyArb = fc.record({
      ns: fc.constantFrom('shop', 'frontend', 'data', 'payments'),
      name: fc.constantFrom('p1', 'p2', 'allow-dns', 'default-deny'),
      app: fc.constantFrom('api', 'web', 'postgres', 'payments', 'nope'),
      port: fc.constantFrom(8080, 5432, 50051, 53),
      egress: fc.boolean(),
      // both directions in one policy: pairs whose ingress and egress rows both changed are reported once
      both: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(policyArb.map((p) => ({ kind: 'upsert' as const, p })), fc.constantFrom('NetworkPolicy/shop/api-egress', 'NetworkPolicy/data/default-deny').map((id) => ({ kind: 'delete' as const, id }))), { maxLength: 4 }), (ops) => {
        const model = new ClusterModel(base);
        for (const op of ops) {
          const beforeMatrix = computeMatrix(model.engine, 'TCP', 8080);
          let r;
          if (op.kind === 'delete') r = model.apply({ delete: [op.id] }, [{ protocol: 'TCP', port: 8080 }]);
          else {
            const rule = { to: [{ podSelector: { matchLabels: { app: op.p.app } } }], ports: [{ port: op.p.port }] };
            const spec = op.p.both
              ? { podSelector: { matchLabels: { app: op.p.app } }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: rule.to, ports: rule.ports }], egress: [rule] }
              : op.p.egress
                ? { podSelector: {}, policyTypes: ['Egress'], egress: [rule] }
                : { podSelector: { matchLabels: { app: op.p.app } }, ingress: [{ from: rule.to, ports: rule.ports }] };
            r = model.apply({ upsert: [np(op.p.ns, op.p.name, spec)] }, [{ protocol: 'TCP', port: 8080 }]);
          }
          // the reported changes are exactly the pod pairs whose verdict changed, each once, with both verdicts
          const afterMatrix = computeMatrix(buildPolicyEngine(model.snapshot), 'TCP', 8080);
          const actual = changedPairs(beforeMatrix, afterMatrix);
          expect(reportedPairs(r.changes)).toEqual(actual);
          expect(r.changes.reduce((n, c) => n + c.pairs, 0)).toBe(actual.length);
        }
        const a = computeMatrix(model.engine, 'TCP', 8080);
        const b = computeMatrix(buildPolicyEngine(model.snapshot), 'TCP', 8080);
        for (const s of a.pods) for (const d of a.pods) if (a.isAllowed(s, d) !== b.isAllowed(s, d)) return false;
        return true;
      }),
      { numRuns: 40 },
    );
  });
});

