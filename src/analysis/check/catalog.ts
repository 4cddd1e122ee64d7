import type { CheckRule } from './finding.js';
import { cnpBaselineOverridden } from './rules/cnp-baseline-overridden.js';
import { cnpPassNothingBelow } from './rules/cnp-pass-nothing-below.js';
import { cnpPriorityOverlap } from './rules/cnp-priority-overlap.js';
import { cnpRuleShadowed } from './rules/cnp-rule-shadowed.js';
import { hostNetworkBypassesPolicy } from './rules/hostnetwork-bypasses-policy.js';
import { npDnsBlocked } from './rules/np-dns-blocked.js';
import { npIpBlockCoversPods } from './rules/np-ipblock-covers-pods.js';
import { npNamedPortUnresolved } from './rules/np-named-port-unresolved.js';
import { npNamespaceLabelUnknown } from './rules/np-namespace-label-unknown.js';
import { npNoDefaultDeny } from './rules/np-no-default-deny.js';
import { npPeerSelectsNothing } from './rules/np-peer-selects-nothing.js';
import { npRuleShadowed } from './rules/np-rule-shadowed.js';
import { npSelectsNothing } from './rules/np-selects-nothing.js';
import { podNotIsolated } from './rules/pod-not-isolated.js';
import { dnsNdotsExternal } from './rules/dns-ndots-external.js';
import { ingressBackendBlocked } from './rules/ingress-backend-blocked.js';
import { ingressBackendMissing } from './rules/ingress-backend-missing.js';
import { kproxyIptablesScale } from './rules/kproxy-iptables-scale.js';
import { svcEtpLocalNoLocalEndpoints } from './rules/svc-etp-local-no-local-endpoints.js';
import { svcNoEndpoints } from './rules/svc-no-endpoints.js';
import { svcProtocolMismatch } from './rules/svc-protocol-mismatch.js';
import { svcTargetPortUnresolved } from './rules/svc-targetport-unresolved.js';

/** Every rule `kflow check` runs, in report order. One file per rule in rules/, one page in docs/rules/. */
export const CHECK_RULES: readonly CheckRule[] = [
  npDnsBlocked,
  npSelectsNothing,
  npPeerSelectsNothing,
  npNamespaceLabelUnknown,
  npNamedPortUnresolved,
  npRuleShadowed,
  npIpBlockCoversPods,
  npNoDefaultDeny,
  podNotIsolated,
  hostNetworkBypassesPolicy,
  cnpPriorityOverlap,
  cnpRuleShadowed,
  cnpPassNothingBelow,
  cnpBaselineOverridden,
  svcNoEndpoints,
  svcTargetPortUnresolved,
  svcProtocolMismatch,
  svcEtpLocalNoLocalEndpoints,
  ingressBackendMissing,
  ingressBackendBlocked,
  dnsNdotsExternal,
  kproxyIptablesScale,
];
