import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CategorizableEndpoint, categorizeEndpoints, usesClusterEndpoints, usesLocalEndpoints } from '../../src/layers/services/categorize-endpoints.js';

const ZONES = ['z1', 'z2', 'z3'];
const NODES = ['n1', 'n2', 'n3'];

const endpointArb = fc.record({
  ready: fc.boolean(),
  serving: fc.boolean(),
  terminating: fc.boolean(),
  isLocal: fc.boolean(),
  zoneHints: fc.option(fc.subarray(ZONES, { minLength: 1 }), { nil: undefined }),
  nodeHints: fc.option(fc.subarray(NODES, { minLength: 1 }), { nil: undefined }),
});
const endpointsArb = fc.array(endpointArb, { maxLength: 8 }).map((list) => list.map((e, i): CategorizableEndpoint => ({ key: `10.0.0.${i}:80`, ...e })));
const portArb = fc.record({ internalPolicyLocal: fc.boolean(), externalPolicyLocal: fc.boolean(), externallyAccessible: fc.boolean() });
const keys = (l: readonly CategorizableEndpoint[] | undefined) => (l ?? []).map((e) => e.key).sort();

describe('CategorizeEndpoints invariants (pkg/proxy/topology.go)', () => {
  it('the answer does not depend on the order of the endpoints', () => {
    fc.assert(
      fc.property(endpointsArb, portArb, fc.constantFrom(...NODES), fc.constantFrom('', ...ZONES), fc.func(fc.integer()), (eps, port, node, zone, rank) => {
        const shuffled = [...eps].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
        const a = categorizeEndpoints(eps, port, node, zone);
        const b = categorizeEndpoints(shuffled, port, node, zone);
        expect(keys(b.clusterEndpoints)).toEqual(keys(a.clusterEndpoints));
        expect(keys(b.localEndpoints)).toEqual(keys(a.localEndpoints));
        expect(keys(b.allReachableEndpoints)).toEqual(keys(a.allReachableEndpoints));
        expect(b.hasAnyEndpoints).toBe(a.hasAnyEndpoints);
      }),
    );
  });

  it('local endpoints are local; every chosen endpoint is ready or serving-terminating; all = cluster ∪ local', () => {
    fc.assert(
      fc.property(endpointsArb, portArb, fc.constantFrom(...NODES), fc.constantFrom('', ...ZONES), (eps, port, node, zone) => {
        const r = categorizeEndpoints(eps, port, node, zone);
        expect(r.clusterEndpoints === undefined).toBe(!usesClusterEndpoints(port));
        expect(r.localEndpoints === undefined).toBe(!usesLocalEndpoints(port));
        for (const e of r.localEndpoints ?? []) expect(e.isLocal).toBe(true);
        for (const e of [...(r.clusterEndpoints ?? []), ...(r.localEndpoints ?? [])]) expect(e.ready || (e.serving && e.terminating)).toBe(true);
        expect(keys(r.allReachableEndpoints)).toEqual([...new Set([...keys(r.clusterEndpoints), ...keys(r.localEndpoints)])].sort());
        // hasAnyEndpoints: some endpoint somewhere is ready or serving-terminating.
        expect(r.hasAnyEndpoints).toBe(eps.length > 0 && eps.some((e) => e.ready || (e.serving && e.terminating)));
        // Ready endpoints always win over terminating ones.
        if ((r.clusterEndpoints ?? []).some((e) => !e.ready)) expect(eps.some((e) => e.ready)).toBe(false);
      }),
    );
  });
});
