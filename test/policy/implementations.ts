import { naiveAllowed } from '../../bench/naive/naive-evaluator.js';
import { type PolicyEngine, buildPolicyEngine, computeMatrix, evaluateConnection, loadSnapshot } from '../../src/index.js';
import type { Protocol } from '../../src/net/protocol.js';

/**
 * Every implementation that answers "may pod A open a connection to pod B on (protocol, port)?".
 * Shared suites run against all of them (DESIGN.md: one suite, several implementations).
 */
export interface PolicyImplementation {
  readonly name: string;
  allowed(objects: unknown[], from: string, to: string, port: number, protocol: Protocol): boolean;
}

const engines = new WeakMap<unknown[], PolicyEngine>();

export function engineFor(objects: unknown[]): PolicyEngine {
  let engine = engines.get(objects);
  if (!engine) {
    const { snapshot, diagnostics } = loadSnapshot([{ file: 'objects.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }]);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new Error(`test input invalid: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    engine = buildPolicyEngine(snapshot);
    engines.set(objects, engine);
  }
  return engine;
}

function podOf(engine: PolicyEngine, key: string) {
  const pod = engine.snapshot.podsByKey.get(key);
  if (!pod) throw new Error(`no pod ${key}`);
  return pod;
}

export const IMPLEMENTATIONS: readonly PolicyImplementation[] = [
  { name: 'naive oracle', allowed: naiveAllowed },
  {
    name: 'engine: per-connection evaluator (trace)',
    allowed: (objects, from, to, port, protocol) => {
      const engine = engineFor(objects);
      return evaluateConnection(engine, { kind: 'pod', pod: podOf(engine, from) }, { kind: 'pod', pod: podOf(engine, to) }, protocol, port).allowed;
    },
  },
  {
    name: 'engine: identity bitset matrix',
    allowed: (objects, from, to, port, protocol) => {
      const engine = engineFor(objects);
      return computeMatrix(engine, protocol, port).isAllowed(podOf(engine, from), podOf(engine, to));
    },
  },
];
