/**
 * Field names of the API types kflow decodes, for strict field validation (what `kubectl apply`
 * does by default, `--validate=strict`): a field not listed is reported as unknown.
 *
 * Lists are the JSON names of the Go types in k8s.io/api (staging/src/k8s.io/api/...) at
 * Kubernetes v1.36, plus fields of v1.35 that v1.36 renamed (PodSpec `workloadRef`), so a manifest
 * valid for a current cluster is never flagged. Only the levels kflow reads are checked; the
 * contents of `status`, volumes, affinity, probes, securityContext, resources and the like are
 * opaque here. Sets, so a check is one lookup per field.
 */

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

/** metav1.ObjectMeta. */
export const OBJECT_META_FIELDS = set(
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
);

/** TypeMeta + ObjectMeta + spec + status: most kinds. */
const TOP_LEVEL_DEFAULT = set('apiVersion', 'kind', 'metadata', 'spec', 'status');

/**
 * Top-level fields per kind, for the kinds whose decoders do not check their own top level.
 * NetworkPolicy lost `status` in v1.28 (it was alpha); it is still accepted so older dumps load.
 */
export const TOP_LEVEL_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Namespace: TOP_LEVEL_DEFAULT,
  Node: TOP_LEVEL_DEFAULT,
  Pod: TOP_LEVEL_DEFAULT,
  Service: TOP_LEVEL_DEFAULT,
  NetworkPolicy: TOP_LEVEL_DEFAULT,
  Deployment: TOP_LEVEL_DEFAULT,
  StatefulSet: TOP_LEVEL_DEFAULT,
  DaemonSet: TOP_LEVEL_DEFAULT,
  ReplicaSet: TOP_LEVEL_DEFAULT,
  Job: TOP_LEVEL_DEFAULT,
  CronJob: TOP_LEVEL_DEFAULT,
  Ingress: TOP_LEVEL_DEFAULT,
  IngressClass: TOP_LEVEL_DEFAULT,
  Gateway: TOP_LEVEL_DEFAULT,
  GatewayClass: TOP_LEVEL_DEFAULT,
  HTTPRoute: TOP_LEVEL_DEFAULT,
  ConfigMap: set('apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'),
  Endpoints: set('apiVersion', 'kind', 'metadata', 'subsets'),
  EndpointSlice: set('apiVersion', 'kind', 'metadata', 'addressType', 'endpoints', 'ports'),
};

/** core/v1 PodTemplateSpec, batch/v1 JobTemplateSpec. */
export const TEMPLATE_FIELDS = set('metadata', 'spec');

/** apps/v1 and batch/v1 workload specs. */
export const WORKLOAD_SPEC_FIELDS = {
  Deployment: set('replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'),
  StatefulSet: set(
    'replicas',
    'selector',
    'template',
    'volumeClaimTemplates',
    'serviceName',
    'podManagementPolicy',
    'updateStrategy',
    'revisionHistoryLimit',
    'minReadySeconds',
    'persistentVolumeClaimRetentionPolicy',
    'ordinals',
  ),
  DaemonSet: set('selector', 'template', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'),
  ReplicaSet: set('replicas', 'minReadySeconds', 'selector', 'template'),
  Job: set(
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'podFailurePolicy',
    'successPolicy',
    'backoffLimit',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
    'selector',
    'manualSelector',
    'template',
    'ttlSecondsAfterFinished',
    'completionMode',
    'suspend',
    'podReplacementPolicy',
    'managedBy',
  ),
  CronJob: set(
    'schedule',
    'timeZone',
    'startingDeadlineSeconds',
    'concurrencyPolicy',
    'suspend',
    'jobTemplate',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
  ),
} as const;

/** core/v1 PodSpec (`workloadRef` is v1.35's name for v1.36's `schedulingGroup`). */
export const POD_SPEC_FIELDS = set(
  'volumes',
  'initContainers',
  'containers',
  'ephemeralContainers',
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'dnsPolicy',
  'nodeSelector',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'nodeName',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'shareProcessNamespace',
  'securityContext',
  'imagePullSecrets',
  'hostname',
  'subdomain',
  'affinity',
  'schedulerName',
  'tolerations',
  'hostAliases',
  'priorityClassName',
  'priority',
  'dnsConfig',
  'readinessGates',
  'runtimeClassName',
  'enableServiceLinks',
  'preemptionPolicy',
  'overhead',
  'topologySpreadConstraints',
  'setHostnameAsFQDN',
  'os',
  'hostUsers',
  'schedulingGates',
  'resourceClaims',
  'resources',
  'hostnameOverride',
  'schedulingGroup',
  'workloadRef',
);

const CONTAINER_FIELD_NAMES = [
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'ports',
  'envFrom',
  'env',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
];

/** core/v1 Container (containers, initContainers). */
export const CONTAINER_FIELDS = set(...CONTAINER_FIELD_NAMES);

/** core/v1 EphemeralContainer: EphemeralContainerCommon (the Container fields) + targetContainerName. */
export const EPHEMERAL_CONTAINER_FIELDS = set(...CONTAINER_FIELD_NAMES, 'targetContainerName');

/** core/v1 ContainerPort. */
export const CONTAINER_PORT_FIELDS = set('containerPort', 'hostPort', 'hostIP', 'name', 'protocol');

/** core/v1 ServiceSpec. */
export const SERVICE_SPEC_FIELDS = set(
  'ports',
  'selector',
  'clusterIP',
  'clusterIPs',
  'type',
  'externalIPs',
  'sessionAffinity',
  'loadBalancerIP',
  'loadBalancerSourceRanges',
  'externalName',
  'externalTrafficPolicy',
  'healthCheckNodePort',
  'publishNotReadyAddresses',
  'sessionAffinityConfig',
  'ipFamilies',
  'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts',
  'loadBalancerClass',
  'internalTrafficPolicy',
  'trafficDistribution',
);

/** core/v1 ServicePort. */
export const SERVICE_PORT_FIELDS = set('name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort');
