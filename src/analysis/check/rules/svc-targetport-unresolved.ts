import type { PodModel } from '../../../model/objects.js';
import { resolveTargetPort } from '../../../layers/services/resolve-target-port.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { editDistance } from './np-selects-nothing.js';
import { describeContainerPorts, describePods, endpointCandidatePods, formatServicePort, hasPodSelector, locateServiceField, serviceObjectId } from './service-facts.js';

/**
 * A Service targetPort that the selected pods do not expose. How Kubernetes resolves a targetPort
 * (podutil.FindPort, k8s.io/endpointslice utils.go; kflow: layers/services/resolve-target-port.ts):
 *
 * - A **named** targetPort is looked up in each pod's container ports by name and protocol. A pod
 *   that has no such port contributes no endpoint for that Service port. Unresolved on every
 *   selected pod → error: the Service port has no endpoints at all. Unresolved on some → warning:
 *   those pods get no traffic on it. (A name that exists with another protocol is
 *   SVC_PROTOCOL_MISMATCH's, not this rule's.)
 * - A **numeric** targetPort is used as is: Kubernetes does not require a containerPort
 *   declaration ("Not specifying a port here DOES NOT prevent that port from being exposed",
 *   ContainerPort API reference), so traffic flows whether or not the port is declared. kflow says
 *   so only when the pods declare ports and none of them is this number (info: probably a wrong
 *   number, but only the process knows what it listens on). Pods that declare no ports are not
 *   reported.
 */
export const svcTargetPortUnresolved: CheckRule = {
  code: 'SVC_TARGETPORT_UNRESOLVED',
  severity: 'error',
  title: 'a Service targetPort that no selected pod exposes',
  why: 'A named targetPort that resolves on no pod leaves the Service port without endpoints: connections are refused.',
  run(ctx) {
    const out: Finding[] = [];
    for (const svc of ctx.snapshot.services) {
      if (!hasPodSelector(svc)) continue;
      const pods = endpointCandidatePods(ctx.snapshot, svc);
      if (pods.length === 0) continue; // SVC_NO_ENDPOINTS says it
      svc.ports.forEach((sp, i) => {
        const at = locateServiceField(ctx.snapshot, svc, ['spec', 'ports', i, 'targetPort']);
        const target = sp.targetPort;
        if (typeof target === 'string') {
          const lacking = pods.filter((p) => resolveTargetPort(p, sp).kind === 'unresolved' && !p.ports.some((cp) => cp.name === target));
          if (lacking.length === 0) return;
          const names = [...new Set(pods.flatMap((p) => p.ports.filter((cp) => cp.protocol === sp.protocol && cp.name !== undefined).map((cp) => cp.name!)))];
          // A typo (two edits) or a name the target contains or is contained in (`http-api` for `http`).
          const suggestion = names.find((n) => editDistance(n, target) <= 2) ?? names.find((n) => target.includes(n) || n.includes(target));
          const numberOf = (name: string): number | undefined => pods.flatMap((p) => p.ports).find((cp) => cp.name === name && cp.protocol === sp.protocol)?.containerPort;
          const hint = suggestion
            ? `Did you mean targetPort: ${suggestion}${numberOf(suggestion) !== undefined ? ` (${numberOf(suggestion)})` : ''}? The pods' ports: ${describeContainerPorts(pods)}.`
            : `Name a port the containers declare (containers[].ports[].name), or use the number the process listens on. The pods' ports: ${describeContainerPorts(pods)}.`;
          if (lacking.length === pods.length) {
            out.push(
              findingAt(
                this,
                at,
                serviceObjectId(svc),
                `targetPort "${target}" of port ${formatServicePort(sp)} names no container port of the ${pods.length} selected pod(s) (${describePods(pods)}): the port has no endpoints, so connections to it are refused`,
                hint,
              ),
            );
          } else {
            out.push(
              findingAt(
                { code: this.code, severity: 'warning' },
                at,
                serviceObjectId(svc),
                `targetPort "${target}" of port ${formatServicePort(sp)} names no container port of ${lacking.length} of the ${pods.length} selected pods (${describePods(lacking)}): they are not endpoints of this port`,
                hint,
              ),
            );
          }
          return;
        }
        // Numeric: declared by some container with this protocol → fine; with another protocol only → SVC_PROTOCOL_MISMATCH.
        const declaring = (p: PodModel): boolean => p.ports.some((cp) => cp.containerPort === target);
        if (pods.some(declaring)) return;
        if (!pods.some((p) => p.ports.length > 0)) return; // the pods declare nothing: nothing to compare with
        out.push(
          findingAt(
            { code: this.code, severity: 'info' },
            at,
            serviceObjectId(svc),
            `targetPort ${target} of port ${formatServicePort(sp)} is declared by no container of the ${pods.length} selected pod(s) (they declare ${describeContainerPorts(pods)}); Kubernetes forwards to ${target} anyway, so this works only if the process listens on ${target}`,
            `A numeric targetPort needs no containerPort declaration (FindPort uses the number as is). If the process listens on one of the declared ports, use that number or its name.`,
          ),
        );
      });
    }
    return out;
  },
};
