import type { JsonObject } from '../../src/gen/json.js';
import type { GeneratedCluster } from '../../src/gen/generate-cluster.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { formatIp } from '../../src/net/ip.js';

/**
 * What the naive oracle (bench/naive) reads for a generated cluster: the Namespaces and
 * NetworkPolicies exactly as generated, and the pods as Pod objects. The oracle reads Pods only,
 * so workloads are given as the pods kflow expanded them into (names, labels, node, IP, container
 * ports): the comparison is about policy evaluation, not about expansion or IPAM.
 */
export function naiveObjects(cluster: GeneratedCluster, snapshot: Snapshot, podKeys?: ReadonlySet<string>): unknown[] {
  const objects: unknown[] = [];
  for (const f of cluster.files) for (const o of f.objects) if (o['kind'] === 'Namespace' || o['kind'] === 'NetworkPolicy') objects.push(o);
  for (const pod of snapshot.pods) {
    if (podKeys && !podKeys.has(pod.key)) continue;
    const containers = new Map<string, JsonObject[]>();
    for (const p of pod.ports) {
      const list = containers.get(p.container) ?? [];
      list.push({ ...(p.name !== undefined ? { name: p.name } : {}), containerPort: p.containerPort, protocol: p.protocol });
      containers.set(p.container, list);
    }
    const primary = pod.ips[0];
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pod.name, namespace: pod.namespace, labels: { ...pod.labels } },
      spec: {
        ...(pod.nodeName !== undefined ? { nodeName: pod.nodeName } : {}),
        ...(pod.hostNetwork ? { hostNetwork: true } : {}),
        containers: containers.size > 0 ? [...containers].map(([name, ports]) => ({ name, image: 'x', ports })) : [{ name: 'c', image: 'x' }],
      },
      status: { phase: pod.phase ?? 'Running', ...(primary ? { podIP: formatIp(primary), podIPs: pod.ips.map((ip) => ({ ip: formatIp(ip) })) } : {}) },
    });
  }
  return objects;
}
