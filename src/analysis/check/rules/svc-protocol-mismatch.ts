import { resolveTargetPort } from '../../../layers/services/resolve-target-port.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { describePods, endpointCandidatePods, formatServicePort, hasPodSelector, locateServiceField, serviceObjectId } from './service-facts.js';

/**
 * A Service port whose protocol differs from the container port it targets.
 *
 * - Named targetPort: FindPort matches the container port by name **and** protocol
 *   (podutil.FindPort), so `port: 53, protocol: UDP, targetPort: dns` against a container port
 *   `dns` that is TCP only resolves on no pod. On every selected pod → error (the Service port
 *   has no endpoints); on some → warning.
 * - Numeric targetPort: the number is used as is, whatever the declarations say; but when the
 *   containers declare that number only with another protocol (Service UDP 53 → containers declare
 *   53/TCP), the Service most likely names the wrong protocol → warning.
 */
export const svcProtocolMismatch: CheckRule = {
  code: 'SVC_PROTOCOL_MISMATCH',
  severity: 'error',
  title: "a Service port whose protocol differs from the container port's",
  why: 'A named targetPort matches only a container port of the same protocol: with another protocol the Service port has no endpoints.',
  run(ctx) {
    const out: Finding[] = [];
    for (const svc of ctx.snapshot.services) {
      if (!hasPodSelector(svc)) continue;
      const pods = endpointCandidatePods(ctx.snapshot, svc);
      if (pods.length === 0) continue;
      svc.ports.forEach((sp, i) => {
        const target = sp.targetPort;
        if (typeof target === 'string') {
          const mismatched = pods.filter((p) => resolveTargetPort(p, sp).kind === 'unresolved' && p.ports.some((cp) => cp.name === target));
          if (mismatched.length === 0) return;
          const theirs = [...new Set(mismatched.flatMap((p) => p.ports.filter((cp) => cp.name === target).map((cp) => `${cp.containerPort}/${cp.protocol}`)))];
          const resolving = pods.filter((p) => resolveTargetPort(p, sp).kind !== 'unresolved').length;
          const otherProtocols = [...new Set(mismatched.flatMap((p) => p.ports.filter((cp) => cp.name === target).map((cp) => cp.protocol)))];
          const all = resolving === 0;
          out.push(
            findingAt(
              all ? this : { code: this.code, severity: 'warning' },
              locateServiceField(ctx.snapshot, svc, ['spec', 'ports', i, 'protocol']),
              serviceObjectId(svc),
              `port ${formatServicePort(sp)} targets "${target}", which ${all ? 'the selected pods expose' : `${mismatched.length} of the ${pods.length} selected pods (${describePods(mismatched)}) expose`} only as ${theirs.join(', ')}: a named targetPort matches name and protocol, so ${all ? 'the port has no endpoints' : 'those pods are not endpoints of this port'}`,
              `Set the Service port's protocol to ${otherProtocols.join(' or ')} (${sp.port}/${otherProtocols[0] ?? 'TCP'}), or declare a ${sp.protocol} container port named "${target}" (a DNS server needs both: one ${sp.protocol} and one ${sp.protocol === 'UDP' ? 'TCP' : 'UDP'} port, each with its own name).`,
            ),
          );
          return;
        }
        const declared = pods.flatMap((p) => p.ports.filter((cp) => cp.containerPort === target));
        if (declared.length === 0 || declared.some((cp) => cp.protocol === sp.protocol)) return;
        const protocols = [...new Set(declared.map((cp) => cp.protocol))];
        out.push(
          findingAt(
            { code: this.code, severity: 'warning' },
            locateServiceField(ctx.snapshot, svc, ['spec', 'ports', i, 'protocol']),
            serviceObjectId(svc),
            `port ${formatServicePort(sp)} forwards to ${target}/${sp.protocol}, but the containers of ${describePods(pods)} declare ${target} only as ${protocols.join(', ')}`,
            `Kubernetes forwards ${sp.protocol} to port ${target} regardless of declarations; if the process serves ${protocols.join('/')}, set protocol: ${protocols[0]} on the Service port (or add a second Service port for it).`,
          ),
        );
      });
    }
    return out;
  },
};
