import { describe, expect, it } from 'vitest';
import { computeMatrixStats, computeMatrixStatsForPorts, portClassKey } from '../../src/analysis/matrix-stats.js';
import { generateCluster } from '../../src/gen/generate-cluster.js';
import { renderClusterFiles } from '../../src/gen/render-cluster.js';
import { GEN_PROFILES } from '../../src/gen/params.js';
import { buildPolicyEngine, loadSnapshot, portsInUse } from '../../src/index.js';

/**
 * Port equivalence classes: ports every rule treats alike give identical matrices, so stats for
 * all ports may compute one port per class. Checked against computing every port.
 */
describe('matrix stats over port equivalence classes', () => {
  it.each([1, 2, 3])('equals per-port stats on a generated cluster (seed %i)', (seed) => {
    const cluster = generateCluster({ ...GEN_PROFILES.tiny, seed });
    const { snapshot } = loadSnapshot(renderClusterFiles(cluster).map((f) => ({ file: f.path, text: f.text })));
    const engine = buildPolicyEngine(snapshot);
    const ports = portsInUse(snapshot);
    const grouped = computeMatrixStatsForPorts(engine, ports);
    expect(grouped.map((s) => `${s.protocol}/${s.port}`)).toEqual(ports.map((p) => `${p.protocol}/${p.port}`));
    ports.forEach((p, i) => expect(grouped[i]).toEqual(computeMatrixStats(engine, p.protocol, p.port)));
    const classes = new Set(ports.map((p) => portClassKey(engine, p.protocol, p.port)));
    expect(classes.size).toBeLessThanOrEqual(ports.length);
  });
});
