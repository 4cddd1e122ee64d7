import type { AddressType } from '../../../layers/services/derive-endpoint-slices.js';
import { categorizeEndpoints } from '../../../layers/services/categorize-endpoints.js';
import { collectProxyEndpoints } from '../../../layers/services/proxy-endpoints.js';
import { serviceEndpointSlices } from '../../../layers/services/service-endpoint-slices.js';
import { servicePortTraits } from '../../../layers/services/service-port-traits.js';
import { ZONE_LABEL } from '../../../layers/services/topology-aware-hints.js';
import { type CheckRule, type Finding, findingAt } from '../finding.js';
import { locateServiceField, serviceObjectId } from './service-facts.js';

/**
 * `externalTrafficPolicy: Local` on a NodePort or LoadBalancer Service, with nodes that have no
 * local endpoint. kube-proxy (pkg/proxy/iptables/proxier.go syncProxyRules) sends external
 * traffic that arrives at such a node to the Local policy chain, which is empty: the filter table
 * DROPs it ("has no local endpoints") — clients time out. For a LoadBalancer the Service's
 * healthCheckNodePort answers 503 on those nodes (pkg/proxy/healthcheck, LocalReadyEndpoints), so
 * a cloud load balancer that honours the health check stops sending them traffic: that is the
 * intended design of Local (the client IP is kept), not a fault. But traffic sent straight to the
 * nodePort of those nodes is still dropped.
 *
 * Severity: NodePort Service → warning (nothing steers traffic away from the empty nodes unless
 * whatever sends it health-checks the nodePort itself). LoadBalancer → info while some node has a
 * ready local endpoint (LB traffic is fine; only direct nodePort traffic to the listed nodes drops),
 * warning when no node does (every node fails the health check). Only Nodes in the input are
 * considered; a Service with no usable endpoint anywhere is SVC_NO_ENDPOINTS's.
 */
export const svcEtpLocalNoLocalEndpoints: CheckRule = {
  code: 'SVC_ETP_LOCAL_NO_LOCAL_ENDPOINTS',
  severity: 'warning',
  title: 'externalTrafficPolicy: Local with nodes that have no local endpoint',
  why: 'External traffic that reaches a node without a local endpoint is dropped: clients time out.',
  run(ctx) {
    const { snapshot } = ctx;
    if (snapshot.nodes.length === 0) return [];
    const out: Finding[] = [];
    for (const svc of snapshot.services) {
      if ((svc.type !== 'NodePort' && svc.type !== 'LoadBalancer') || svc.externalTrafficPolicy !== 'Local') continue;
      const slices = serviceEndpointSlices(snapshot, svc).slices;
      const families = [...new Set(svc.clusterIPs.map((ip): AddressType => (ip.family === 4 ? 'IPv4' : 'IPv6')))];
      const addressTypes: AddressType[] = families.length > 0 ? families : ['IPv4'];
      const dropping = new Set<string>();
      const unhealthy = new Set<string>();
      const withLocal = new Set<string>();
      const nodePorts = new Set<number>();
      let anyEndpoints = false;
      for (const addressType of addressTypes) {
        for (const node of snapshot.nodes) {
          const zone = node.labels[ZONE_LABEL] ?? '';
          const localReady = new Set<string>();
          for (const sp of svc.ports) {
            const traits = servicePortTraits(svc, sp, addressType);
            if (!traits.externalPolicyLocal || !traits.externallyAccessible) continue;
            const proxy = collectProxyEndpoints(slices, sp, addressType, node.name);
            for (const e of proxy.endpoints) if (e.ready && e.isLocal) localReady.add(e.ip);
            const cat = categorizeEndpoints(proxy.endpoints, traits, node.name, zone);
            if (!cat.hasAnyEndpoints) continue;
            anyEndpoints = true;
            if ((cat.localEndpoints ?? []).length === 0) {
              dropping.add(node.name);
              if (sp.nodePort !== undefined) nodePorts.add(sp.nodePort);
            } else withLocal.add(node.name);
          }
          if (localReady.size === 0) unhealthy.add(node.name);
        }
      }
      if (!anyEndpoints || dropping.size === 0) continue;
      const empty = [...dropping].sort();
      const serving = [...withLocal].sort();
      const nodeList = (names: readonly string[]): string => (names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`);
      const ports = [...nodePorts].sort((a, b) => a - b);
      const nodePortText = ports.length > 0 ? `nodePort ${ports.join(', ')}` : 'its node ports';
      const at = locateServiceField(snapshot, svc, ['spec', 'externalTrafficPolicy']);
      const hint =
        'Run an endpoint on every node that receives this traffic (a DaemonSet, or as many replicas as nodes with pod anti-affinity on kubernetes.io/hostname), send the traffic only to nodes with endpoints (a load balancer that health-checks), or use externalTrafficPolicy: Cluster (the client IP is then replaced by a node IP).';
      const where = serving.length > 0 ? `endpoints run only on ${nodeList(serving)}` : 'no node in the input runs an endpoint';
      if (svc.type === 'NodePort') {
        out.push(
          findingAt(
            this,
            at,
            serviceObjectId(svc),
            `externalTrafficPolicy: Local, but node(s) ${nodeList(empty)} have no local endpoint: traffic arriving there on ${nodePortText} is dropped (not rejected: clients time out); ${where}`,
            hint,
          ),
        );
        continue;
      }
      const healthy = snapshot.nodes.some((n) => !unhealthy.has(n.name));
      const check = svc.healthCheckNodePort !== undefined ? `healthCheckNodePort ${svc.healthCheckNodePort}` : 'healthCheckNodePort';
      if (healthy) {
        out.push(
          findingAt(
            { code: this.code, severity: 'info' },
            at,
            serviceObjectId(svc),
            `externalTrafficPolicy: Local: node(s) ${nodeList(empty)} have no local endpoint (${where}). The load balancer's health check (${check}) answers 503 on them, so a load balancer that honours it sends them no traffic (expected with Local); traffic sent straight to ${nodePortText} on them is dropped`,
            `Fine for load-balancer traffic when the load balancer health-checks ${check} (cloud providers' do). If clients or another load balancer use the node ports directly, ${hint.charAt(0).toLowerCase()}${hint.slice(1)}`,
          ),
        );
      } else {
        out.push(
          findingAt(
            this,
            at,
            serviceObjectId(svc),
            `externalTrafficPolicy: Local, but no node has a ready local endpoint (${where}): every node fails ${check}, so the load balancer has no healthy backend, and traffic arriving on ${nodePortText} is dropped`,
            hint,
          ),
        );
      }
    }
    return out;
  },
};
