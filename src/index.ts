/** kflow's library API. The CLI, the web server and the lab call only this. */
export * from './model/diagnostic.js';
export * from './model/label-selector.js';
export * from './model/objects.js';
export * from './model/provenance.js';
export * from './model/snapshot.js';
export type { SourceText } from './ingest/source-text.js';
export { loadSnapshot, type LoadOptions } from './ingest/load-snapshot.js';
export { DEFAULT_ADDRESSING, type AddressingOptions } from './ingest/expand/allocate-pod-ips.js';
export * from './layers/policy/policy-ir.js';
export { compileNetworkPolicies } from './layers/policy/compile-network-policy.js';
export { IdentityIndex, type Identity } from './layers/policy/identities.js';
export { PolicyEngine, buildPolicyEngine } from './layers/policy/policy-engine.js';
export * from './layers/policy/evaluate-connection.js';
export * from './layers/policy/compute-reachability.js';
export * from './analysis/matrix.js';
export * from './analysis/trace.js';
export * from './analysis/ports-in-use.js';
export * from './net/index.js';
