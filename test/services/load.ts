import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { loadSnapshot } from '../../src/ingest/load-snapshot.js';
import type { PodModel } from '../../src/model/objects.js';
import type { ServiceModel } from '../../src/model/service-objects.js';
import type { Snapshot } from '../../src/model/snapshot.js';

/** Loads manifests given as YAML text; fails the test on input errors. */
export function load(yaml: string, file = 'test.yaml'): Snapshot {
  const r = loadSnapshot([{ file, text: yaml }]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.snapshot;
}

/** The bundled example cluster. */
export function loadShop(): Snapshot {
  const dir = new URL('../../examples/shop/', import.meta.url).pathname;
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `examples/shop/${f}`, text: readFileSync(`${dir}${f}`, 'utf8') }));
  const r = loadSnapshot(sources);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.snapshot;
}

export function service(snapshot: Snapshot, key: string): ServiceModel {
  const s = snapshot.services.find((x) => `${x.namespace}/${x.name}` === key);
  if (!s) throw new Error(`no Service ${key}`);
  return s;
}

export function pod(snapshot: Snapshot, keyOrPrefix: string): PodModel {
  const p = snapshot.podsByKey.get(keyOrPrefix) ?? snapshot.pods.find((x) => x.key.startsWith(keyOrPrefix));
  if (!p) throw new Error(`no pod ${keyOrPrefix}`);
  return p;
}

/** Nodes a, b (zone-1) and c (zone-2), with pod CIDRs. */
export const NODES = `
apiVersion: v1
kind: Node
metadata: {name: node-a, labels: {topology.kubernetes.io/zone: zone-1}}
spec: {podCIDR: 10.1.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.0.1}], conditions: [{type: Ready, status: "True"}], allocatable: {cpu: "4"}}
---
apiVersion: v1
kind: Node
metadata: {name: node-b, labels: {topology.kubernetes.io/zone: zone-1}}
spec: {podCIDR: 10.1.1.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.0.2}], conditions: [{type: Ready, status: "True"}], allocatable: {cpu: "4"}}
---
apiVersion: v1
kind: Node
metadata: {name: node-c, labels: {topology.kubernetes.io/zone: zone-2}}
spec: {podCIDR: 10.1.2.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.0.3}], conditions: [{type: Ready, status: "True"}], allocatable: {cpu: "4"}}
`;

/** A Pod manifest on a node, with an IP and optional status/metadata extras. */
export function podYaml(name: string, o: { node?: string; ip?: string; labels?: Record<string, string>; ports?: string; phase?: string; ready?: boolean; deleting?: boolean; hostname?: string; subdomain?: string; ns?: string } = {}): string {
  const labels = o.labels ?? { app: 'web' };
  const conditions = o.ready === undefined ? '' : `\n  conditions: [{type: Ready, status: "${o.ready ? 'True' : 'False'}"}]`;
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${o.ns ?? 'default'}
  labels: ${JSON.stringify(labels)}${o.deleting ? '\n  deletionTimestamp: "2024-01-01T00:00:00Z"' : ''}
spec:
  nodeName: ${o.node ?? 'node-a'}${o.hostname ? `\n  hostname: ${o.hostname}` : ''}${o.subdomain ? `\n  subdomain: ${o.subdomain}` : ''}
  containers:
    - name: c
      image: x
      ports: ${o.ports ?? '[{name: http, containerPort: 8080}]'}
status:
  phase: ${o.phase ?? 'Running'}
  podIP: ${o.ip ?? '10.1.0.10'}${conditions}
`;
}
