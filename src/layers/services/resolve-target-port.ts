import type { ContainerPortModel, PodModel } from '../../model/objects.js';
import type { ServicePortModel } from '../../model/service-objects.js';

/** How a Service port's targetPort lands on one pod. */
export type TargetPortResolution =
  | { readonly kind: 'number'; readonly port: number }
  | { readonly kind: 'named'; readonly port: number; readonly containerPort: ContainerPortModel }
  | { readonly kind: 'unresolved'; readonly name: string; readonly reason: string };

/**
 * podutil.FindPort (k8s.io/endpointslice utils.go FindPort): a numeric targetPort is used as is;
 * a named one is looked up in the pod's container ports by name *and* the Service port's
 * protocol, first match wins. No match: the pod contributes no endpoint port for this Service
 * port. (Upstream also searches restartable init containers — sidecars; kflow's pod model holds
 * only `containers[].ports`.)
 */
export function resolveTargetPort(pod: PodModel, servicePort: ServicePortModel): TargetPortResolution {
  const target = servicePort.targetPort;
  if (typeof target === 'number') return { kind: 'number', port: target };
  const match = pod.ports.find((p) => p.name === target && p.protocol === servicePort.protocol);
  if (match) return { kind: 'named', port: match.containerPort, containerPort: match };
  const sameName = pod.ports.find((p) => p.name === target);
  const exposed = pod.ports.map((p) => `${p.name ?? '(unnamed)'} ${p.containerPort}/${p.protocol}`).join(', ') || 'none';
  const reason = sameName
    ? `port "${target}" is ${sameName.protocol} on pod ${pod.key}, the Service port is ${servicePort.protocol}`
    : `no container port named "${target}" on pod ${pod.key} (ports: ${exposed})`;
  return { kind: 'unresolved', name: target, reason };
}
