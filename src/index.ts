/** kflow's library API. The CLI, the web server and the lab call only this. */
export * from './model/diagnostic.js';
export * from './model/label-selector.js';
export * from './model/objects.js';
export * from './model/provenance.js';
export * from './model/snapshot.js';
export * from './model/service-objects.js';
export type { SourceText } from './ingest/source-text.js';
export { loadSnapshot, type LoadOptions } from './ingest/load-snapshot.js';
export { DEFAULT_ADDRESSING, type AddressingOptions } from './ingest/expand/allocate-pod-ips.js';
export { DEFAULT_SERVICE_ADDRESSING, type ServiceAddressingOptions } from './ingest/expand/allocate-service-ips.js';
export * from './layers/policy/policy-ir.js';
export { compileNetworkPolicies } from './layers/policy/compile-network-policy.js';
export { IdentityIndex, type Identity } from './layers/policy/identities.js';
export { PolicyEngine, buildPolicyEngine, compareEvaluationOrder, type IgnoredRule, type PolicyEngineOptions } from './layers/policy/policy-engine.js';
export { compileClusterNetworkPolicies } from './layers/policy/compile-cluster-network-policy.js';
export * from './layers/policy/profiles.js';
export * from './model/cluster-policy-objects.js';
export * from './layers/policy/evaluate-connection.js';
export * from './layers/policy/compute-reachability.js';
export * from './layers/services/categorize-endpoints.js';
export * from './layers/services/derive-endpoint-slices.js';
export * from './layers/services/field-origin.js';
export * from './layers/services/find-service.js';
export * from './layers/services/mirror-endpoints.js';
export * from './layers/services/pod-endpoint-conditions.js';
export * from './layers/services/proxy-endpoints.js';
export * from './layers/services/resolve-service-endpoints.js';
export * from './layers/services/resolve-service-address.js';
export * from './layers/services/resolve-target-port.js';
export * from './layers/services/service-endpoint-slices.js';
export * from './layers/services/service-endpoints.js';
export * from './layers/services/service-port-traits.js';
export * from './layers/services/topology-aware-hints.js';
export * from './layers/services/traffic-distribution-hints.js';
export * from './layers/dns/dns-types.js';
export { canonicalName, ipFromReverseName, reverseNameOf, toFqdn } from './layers/dns/dns-names.js';
export { type ClusterDnsSettings, DEFAULT_CLUSTER_DOMAIN, readClusterDnsSettings } from './layers/dns/cluster-dns-settings.js';
export { type CorefileDirective, type CorefileServerBlock, type ParsedCorefile, parseCorefile } from './layers/dns/corefile-parse.js';
export {
  type CoreDnsConfig,
  type CoreDnsServerBlock,
  type ForwardPluginConfig,
  type KubernetesPluginConfig,
  type PodsMode,
  interpretCorefile,
  kubeadmDefaultCorefile,
  readCoreDnsConfig,
} from './layers/dns/coredns-config.js';
export { type CoreDnsServer, type ServerAnswer, answerQuery } from './layers/dns/coredns-server.js';
export type { DnsEndpointAddress, DnsEndpointSource } from './layers/dns/dns-endpoints.js';
export { DEFAULT_NODE_RESOLV_CONF, NODE_UPSTREAM_NAMESERVER, type NodeResolvConf, nodeResolvConfFromText, parseResolvConf } from './layers/dns/node-resolv-conf.js';
export { type DnsPolicy, type PodResolvConf, type ResolvEntry, buildPodResolvConf, renderResolvConf } from './layers/dns/pod-resolv-conf.js';
export { type DnsModel, type DnsOptions, buildDnsModel, isClusterDnsAddress, podResolvConf } from './layers/dns/dns-model.js';
export { type StubReply, type StubResolverFlavor, runStubSearch } from './layers/dns/stub-resolver.js';
export { type DnsQuery, type DnsQueryStep, type DnsResolution, type DnsStatus, answerAddresses, ptrQueryName, resolveName } from './layers/dns/resolve-name.js';
export { DNS_PORTS, type NameserverTarget, nameserverTargets } from './layers/dns/nameserver-targets.js';
export { dnsResolutionJson, parseDnsType } from './analysis/dns-lookup.js';
export * from './analysis/endpoints.js';
export * from './analysis/matrix.js';
export * from './analysis/matrix-stats.js';
export * from './analysis/trace.js';
export * from './analysis/ports-in-use.js';
export * from './net/index.js';
export { type GeneratedCluster, type GeneratedCounts, type GeneratedFile, generateCluster } from './gen/generate-cluster.js';
export { type BaselineMix, type GenParams, POLICY_SHAPES, GEN_PROFILES, GEN_PROFILE_NAMES, type PolicyShape, type GenProfileName, validateGenParams } from './gen/params.js';
export { renderClusterFiles, renderClusterYaml, renderFile } from './gen/render-cluster.js';
export type { Json, JsonObject } from './gen/json.js';
export { ClusterModel, type ChangeSet, type ApplyResult, type VerdictChange } from './analysis/incremental.js';
export { buildSnapshot, parseSources } from './ingest/load-snapshot.js';
