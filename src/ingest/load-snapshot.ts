import type { Diagnostic } from '../model/diagnostic.js';
import { sortDiagnostics } from '../model/diagnostic.js';
import type { NamespaceModel } from '../model/objects.js';
import { SYNTHESIZED_FILE } from '../model/provenance.js';
import type { LoadResult, Snapshot } from '../model/snapshot.js';
import { decodeObjects } from './decode/decode-objects.js';
import { checkClusterPolicyPriorities } from './validation/cluster-policy-priorities.js';
import { type AddressingOptions, DEFAULT_ADDRESSING, allocatePodIps } from './expand/allocate-pod-ips.js';
import { expandWorkloads } from './expand/expand-workloads.js';
import { DEFAULT_SERVICE_ADDRESSING, type ServiceAddressingOptions, allocateServiceAddresses } from './expand/allocate-service-ips.js';
import { type ParsedObject, parseDocuments } from './parse-documents.js';
import type { SourceText } from './source-text.js';
import type { ProgressSink } from '../model/progress.js';

export interface LoadOptions {
  readonly addressing?: AddressingOptions;
  readonly serviceAddressing?: ServiceAddressingOptions;
  /** Told of each step (and each source parsed) of a long load. */
  readonly progress?: ProgressSink;
}

/**
 * Sources → Snapshot: parse, decode and validate every object, then build the cluster as it
 * would run (namespaces the API server would have, workload pods, addresses). Pure: the caller
 * reads the files. All diagnostics of the run are returned together.
 */
export function loadSnapshot(sources: readonly SourceText[], options: LoadOptions = {}): LoadResult {
  const { parsed, diagnostics } = parseSources(sources, options.progress);
  const built = buildSnapshot(parsed, options);
  return { snapshot: built.snapshot, diagnostics: sortDiagnostics([...diagnostics, ...built.diagnostics]) };
}

/** Sources → objects with positions (YAML/JSON, multi-document, `kind: List`). */
export function parseSources(sources: readonly SourceText[], progress?: ProgressSink): { parsed: ParsedObject[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedObject[] = [];
  for (const [i, source] of sources.entries()) {
    progress?.({ step: 'parsing manifests', done: i, total: sources.length });
    const r = parseDocuments(source);
    parsed.push(...r.objects);
    diagnostics.push(...r.diagnostics);
  }
  return { parsed, diagnostics };
}

/** The manifest objects of a snapshot as parsed objects again, to rebuild from them. */
export function reparse(snapshot: Snapshot): ParsedObject[] {
  return snapshot.objects.map((o) => ({ file: o.source.file, value: o.body, locate: o.locate }));
}

/** Parsed objects → Snapshot: decode and validate, expand workloads, allocate addresses. */
export function buildSnapshot(parsed: readonly ParsedObject[], options: LoadOptions = {}): LoadResult {
  const diagnostics: Diagnostic[] = [];
  options.progress?.({ step: 'decoding and validating objects' });
  const decoded = decodeObjects(parsed);
  diagnostics.push(...decoded.diagnostics);
  diagnostics.push(...checkClusterPolicyPriorities(decoded.clusterNetworkPolicies));

  options.progress?.({ step: 'expanding workloads into pods' });
  const expanded = expandWorkloads(decoded.workloads, decoded.pods, decoded.nodes);
  options.progress?.({ step: 'allocating pod addresses' });
  const allocated = allocatePodIps(expanded, decoded.nodes, options.addressing ?? DEFAULT_ADDRESSING);
  diagnostics.push(...allocated.diagnostics);
  const pods = allocated.pods.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  // Namespaces that objects live in exist, with the label the API server sets on every namespace.
  const namespaces = new Map<string, NamespaceModel>();
  for (const ns of decoded.namespaces) namespaces.set(ns.name, ns);
  const referenced = [...decoded.objects.map((o) => o.namespace), ...pods.map((p) => p.namespace)];
  for (const name of referenced) {
    if (name === undefined || namespaces.has(name)) continue;
    namespaces.set(name, {
      name,
      labels: { 'kubernetes.io/metadata.name': name },
      source: { file: SYNTHESIZED_FILE, line: 0, column: 0, path: '' },
      synthesized: true,
    });
  }
  const snapshot: Snapshot = {
    objects: decoded.objects,
    namespaces: new Map([...namespaces.entries()].sort(([a], [b]) => a.localeCompare(b))),
    nodes: decoded.nodes,
    pods,
    podsByKey: new Map(pods.map((p) => [p.key, p])),
    workloads: decoded.workloads,
    networkPolicies: decoded.networkPolicies,
    clusterNetworkPolicies: decoded.clusterNetworkPolicies,
    services: allocateServiceAddresses(decoded.services, options.serviceAddressing ?? DEFAULT_SERVICE_ADDRESSING),
    endpointSlices: decoded.endpointSlices,
    endpoints: decoded.endpoints,
    configMaps: decoded.configMaps,
    ingresses: decoded.ingresses,
    ingressClasses: decoded.ingressClasses,
    gateways: decoded.gateways,
    gatewayClasses: decoded.gatewayClasses,
    httpRoutes: decoded.httpRoutes,
  };
  return { snapshot, diagnostics: sortDiagnostics(diagnostics) };
}
