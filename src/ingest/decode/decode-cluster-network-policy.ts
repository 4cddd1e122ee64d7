import type { ClusterNetworkPolicyModel, ClusterPolicyTier } from '../../model/cluster-policy-objects.js';
import type { DecodeContext, JsonMap, Path } from './decode-context.js';
import { type ApiFlavor, decodePriority, decodeRules, decodeSubject, hasNewErrors } from './decode-cluster-policy-parts.js';
import type { DecodedMetadata } from './decode-metadata.js';

/** v1alpha2 markers: MaxItems=25 on ingress/egress, from/to and protocols; actions Accept/Deny/Pass. */
const V1ALPHA2: ApiFlavor = {
  kind: 'ClusterNetworkPolicy',
  actions: ['Accept', 'Deny', 'Pass'],
  maxRules: 25,
  maxPeers: 25,
  maxPorts: 25,
  egressPeerFields: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  namespaceSelectorRequired: false,
  portsField: 'protocols',
};

const TIERS: readonly ClusterPolicyTier[] = ['Admin', 'Baseline'];

/**
 * policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy, validated as its CRD's OpenAPI schema and
 * CEL rules do (config/crd/experimental: the superset of the standard channel). Returns undefined
 * when the object cannot be used at all (the errors say why).
 */
export function decodeClusterNetworkPolicy(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata, apiVersion: string): ClusterNetworkPolicyModel | undefined {
  ctx.knownFields(body, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const specPath: Path = ['spec'];
  if (body.spec == null) {
    ctx.error(specPath, 'FIELD_REQUIRED', 'Required value', 'A ClusterNetworkPolicy needs spec.tier, spec.priority and spec.subject.');
    return undefined;
  }
  const spec = ctx.map(body.spec, specPath);
  if (!spec) return undefined;
  ctx.knownFields(spec, specPath, ['tier', 'priority', 'subject', 'ingress', 'egress']);
  const before = ctx.diagnostics.length;
  const tier = decodeTier(ctx, spec, [...specPath, 'tier']);
  const priority = decodePriority(ctx, spec, [...specPath, 'priority']);
  const subject = decodeSubject(ctx, V1ALPHA2, spec.subject, [...specPath, 'subject']);
  const ingress = decodeRules(ctx, V1ALPHA2, spec.ingress, [...specPath, 'ingress'], 'ingress');
  const egress = decodeRules(ctx, V1ALPHA2, spec.egress, [...specPath, 'egress'], 'egress');
  if (hasNewErrors(ctx, before) || tier === undefined || priority === undefined || subject === undefined) return undefined;
  return {
    kind: 'ClusterNetworkPolicy',
    apiVersion,
    name: meta.name,
    tier,
    priority,
    subject,
    ingress,
    egress,
    source: ctx.loc([]),
    prioritySource: ctx.loc([...specPath, 'priority']),
  };
}

/** `+kubebuilder:validation:Enum={"Admin", "Baseline"}`, required. */
function decodeTier(ctx: DecodeContext, spec: JsonMap, path: Path): ClusterPolicyTier | undefined {
  if (spec.tier == null) {
    ctx.error(path, 'FIELD_REQUIRED', 'Required value', 'Set `tier: Admin` (evaluated before NetworkPolicies, cannot be overridden) or `tier: Baseline` (after them, can be overridden).');
    return undefined;
  }
  const t = ctx.string(spec.tier, path);
  if (t === undefined) return undefined;
  if ((TIERS as readonly string[]).includes(t)) return t as ClusterPolicyTier;
  const fixed = TIERS.find((x) => x.toLowerCase() === t.toLowerCase());
  ctx.error(
    path,
    'CNP_TIER_INVALID',
    `Unsupported value: ${JSON.stringify(t)}: supported values: "Admin", "Baseline"`,
    fixed ? `Tiers are case-sensitive: "${fixed}".` : t === 'NetworkPolicy' ? 'The NetworkPolicy tier holds namespaced networking.k8s.io/v1 NetworkPolicies; a ClusterNetworkPolicy is Admin or Baseline.' : undefined,
  );
  return undefined;
}
