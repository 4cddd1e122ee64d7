import type { ClusterNetworkPolicyModel } from '../../model/cluster-policy-objects.js';
import type { DecodeContext, JsonMap, Path } from './decode-context.js';
import { type ApiFlavor, decodePriority, decodeRules, decodeSubject, hasNewErrors } from './decode-cluster-policy-parts.js';
import type { DecodedMetadata } from './decode-metadata.js';

/** v1alpha1 AdminNetworkPolicy markers: MaxItems=100 on ingress/egress, from/to and ports; Allow/Deny/Pass. */
const ANP: ApiFlavor = {
  kind: 'AdminNetworkPolicy',
  actions: ['Allow', 'Deny', 'Pass'],
  maxRules: 100,
  maxPeers: 100,
  maxPorts: 100,
  egressPeerFields: ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'],
  namespaceSelectorRequired: true,
  portsField: 'ports',
};

/** v1alpha1 BaselineAdminNetworkPolicy: as ANP but Allow/Deny only and no domainNames peer. */
const BANP: ApiFlavor = {
  ...ANP,
  kind: 'BaselineAdminNetworkPolicy',
  actions: ['Allow', 'Deny'],
  egressPeerFields: ['namespaces', 'pods', 'nodes', 'networks'],
};

/**
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy (kubernetes-sigs/network-policy-api v0.1.x,
 * apis/v1alpha1): the Admin tier of ClusterNetworkPolicy, with `Allow` for `Accept`.
 */
export function decodeAdminNetworkPolicy(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata, apiVersion: string): ClusterNetworkPolicyModel | undefined {
  const spec = specOf(ctx, body, ['priority', 'subject', 'ingress', 'egress'], 'An AdminNetworkPolicy needs spec.priority and spec.subject.');
  if (!spec) return undefined;
  const before = ctx.diagnostics.length;
  const priority = decodePriority(ctx, spec, ['spec', 'priority']);
  const subject = decodeSubject(ctx, ANP, spec.subject, ['spec', 'subject']);
  const ingress = decodeRules(ctx, ANP, spec.ingress, ['spec', 'ingress'], 'ingress');
  const egress = decodeRules(ctx, ANP, spec.egress, ['spec', 'egress'], 'egress');
  if (hasNewErrors(ctx, before) || priority === undefined || subject === undefined) return undefined;
  return {
    kind: 'AdminNetworkPolicy',
    apiVersion,
    name: meta.name,
    tier: 'Admin',
    priority,
    subject,
    ingress,
    egress,
    source: ctx.loc([]),
    prioritySource: ctx.loc(['spec', 'priority']),
  };
}

/**
 * policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy: the Baseline tier. A singleton: the
 * CRD's root CEL rule `self.metadata.name == 'default'`. It has no priority.
 */
export function decodeBaselineAdminNetworkPolicy(ctx: DecodeContext, body: JsonMap, meta: DecodedMetadata, apiVersion: string): ClusterNetworkPolicyModel | undefined {
  const before = ctx.diagnostics.length;
  if (meta.name !== 'default') {
    ctx.error(
      ['metadata', 'name'],
      'BANP_NAME_NOT_DEFAULT',
      `Invalid value: "object": Only one baseline admin network policy with metadata.name="default" can be created in the cluster`,
      'Name it `default`: BaselineAdminNetworkPolicy is a singleton. (v1alpha2 ClusterNetworkPolicy allows several policies with tier Baseline.)',
    );
  }
  const spec = specOf(ctx, body, ['subject', 'ingress', 'egress'], 'A BaselineAdminNetworkPolicy needs spec.subject.', 'BaselineAdminNetworkPolicy has no priority: it is a singleton evaluated after NetworkPolicies.');
  if (!spec) return undefined;
  const subject = decodeSubject(ctx, BANP, spec.subject, ['spec', 'subject']);
  const ingress = decodeRules(ctx, BANP, spec.ingress, ['spec', 'ingress'], 'ingress');
  const egress = decodeRules(ctx, BANP, spec.egress, ['spec', 'egress'], 'egress');
  if (hasNewErrors(ctx, before) || subject === undefined) return undefined;
  return {
    kind: 'BaselineAdminNetworkPolicy',
    apiVersion,
    name: meta.name,
    tier: 'Baseline',
    priority: undefined,
    subject,
    ingress,
    egress,
    source: ctx.loc([]),
    prioritySource: ctx.loc(['spec']),
  };
}

function specOf(ctx: DecodeContext, body: JsonMap, known: readonly string[], requiredHint: string, priorityHint?: string): JsonMap | undefined {
  ctx.knownFields(body, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  const specPath: Path = ['spec'];
  if (body.spec == null) {
    ctx.error(specPath, 'FIELD_REQUIRED', 'Required value', requiredHint);
    return undefined;
  }
  const spec = ctx.map(body.spec, specPath);
  if (!spec) return undefined;
  if (priorityHint && spec.priority !== undefined) {
    ctx.error([...specPath, 'priority'], 'FIELD_UNKNOWN', 'unknown field "priority"', priorityHint);
    const rest = Object.fromEntries(Object.entries(spec).filter(([k]) => k !== 'priority'));
    ctx.knownFields(rest, specPath, known);
  } else {
    ctx.knownFields(spec, specPath, known);
  }
  return spec;
}
