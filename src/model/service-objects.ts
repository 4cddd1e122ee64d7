import type { Ip } from '../net/ip.js';
import type { Protocol } from '../net/protocol.js';
import type { Labels } from './label-selector.js';
import type { Provenance } from './provenance.js';

/** core/v1 ServicePort after defaulting (protocol TCP; targetPort = port when absent). */
export interface ServicePortModel {
  readonly name: string | undefined;
  readonly protocol: Protocol;
  readonly port: number;
  /** A number, or a container port name resolved per endpoint pod. */
  readonly targetPort: number | string;
  /** Given or allocated for NodePort/LoadBalancer Services; undefined otherwise. */
  readonly nodePort: number | undefined;
  readonly nodePortAllocated: boolean;
  readonly appProtocol: string | undefined;
  readonly source: Provenance;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';

export interface LoadBalancerIngressModel {
  readonly ip: Ip | undefined;
  readonly hostname: string | undefined;
  /** `VIP` (default) or `Proxy`. */
  readonly ipMode: string | undefined;
}

/** core/v1 Service, defaulted as the API server defaults it (SetDefaults_Service). */
export interface ServiceModel {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly type: ServiceType;
  /** `undefined`: no selector (endpoints are managed by hand, via EndpointSlices/Endpoints). */
  readonly selector: Labels | undefined;
  /** Headless: `clusterIP: None`. */
  readonly headless: boolean;
  /** ClusterIPs (given, or allocated from the service CIDR); empty for headless and ExternalName. */
  readonly clusterIPs: readonly Ip[];
  readonly clusterIPAllocated: boolean;
  readonly ports: readonly ServicePortModel[];
  readonly externalIPs: readonly Ip[];
  readonly loadBalancerIngress: readonly LoadBalancerIngressModel[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalName: string | undefined;
  /** Cluster by default for NodePort/LoadBalancer; undefined for other types. */
  readonly externalTrafficPolicy: TrafficPolicy | undefined;
  readonly internalTrafficPolicy: TrafficPolicy;
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly sessionAffinityTimeoutSeconds: number | undefined;
  readonly publishNotReadyAddresses: boolean;
  /** spec.trafficDistribution, e.g. `PreferClose`, `PreferSameZone`, `PreferSameNode`. */
  readonly trafficDistribution: string | undefined;
  readonly healthCheckNodePort: number | undefined;
  readonly source: Provenance;
}

export interface EndpointConditionsModel {
  /** nil ready is interpreted as true (discovery/v1 EndpointConditions). */
  readonly ready: boolean;
  /** nil serving defaults to the value of ready. */
  readonly serving: boolean;
  readonly terminating: boolean;
  /** The conditions as written (undefined = absent). kube-proxy reads a nil `serving` as true, not as `ready`. */
  readonly written?: { readonly ready: boolean | undefined; readonly serving: boolean | undefined; readonly terminating: boolean | undefined };
}

export interface ObjectReferenceModel {
  readonly kind: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

export interface EndpointModel {
  readonly addresses: readonly string[];
  readonly conditions: EndpointConditionsModel;
  readonly hostname: string | undefined;
  readonly nodeName: string | undefined;
  readonly zone: string | undefined;
  readonly hintsForZones: readonly string[] | undefined;
  readonly hintsForNodes: readonly string[] | undefined;
  readonly targetRef: ObjectReferenceModel | undefined;
  readonly source: Provenance;
}

export interface EndpointPortModel {
  /** Empty string when unnamed. */
  readonly name: string;
  /** undefined means "all ports" (not valid for kube-proxy, which skips such slices' ports). */
  readonly port: number | undefined;
  readonly protocol: Protocol;
  readonly appProtocol: string | undefined;
}

/** discovery.k8s.io/v1 EndpointSlice. */
export interface EndpointSliceModel {
  readonly namespace: string;
  readonly name: string;
  /** The `kubernetes.io/service-name` label: the Service it belongs to. */
  readonly serviceName: string | undefined;
  readonly managedBy: string | undefined;
  readonly addressType: 'IPv4' | 'IPv6' | 'FQDN';
  readonly ports: readonly EndpointPortModel[];
  readonly endpoints: readonly EndpointModel[];
  readonly labels: Labels;
  readonly source: Provenance;
  /** True when kflow derived it from a Service selector and pods (the EndpointSlice controller's job). */
  readonly synthesized: boolean;
}

export interface EndpointsAddressModel {
  readonly ip: string;
  readonly hostname: string | undefined;
  readonly nodeName: string | undefined;
  readonly targetRef: ObjectReferenceModel | undefined;
}

/** core/v1 Endpoints (legacy). */
export interface EndpointsModel {
  readonly namespace: string;
  readonly name: string;
  readonly subsets: readonly {
    readonly addresses: readonly EndpointsAddressModel[];
    readonly notReadyAddresses: readonly EndpointsAddressModel[];
    readonly ports: readonly EndpointPortModel[];
  }[];
  readonly source: Provenance;
}

export interface ConfigMapModel {
  readonly namespace: string;
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  /** Provenance of each data key's value (so a Corefile line can be located). */
  readonly dataSources: Readonly<Record<string, Provenance>>;
  readonly source: Provenance;
}

export interface BackendRefModel {
  readonly serviceName: string;
  readonly namespace: string;
  readonly port: number | string | undefined;
  readonly weight: number;
  readonly source: Provenance;
}

/** networking.k8s.io/v1 Ingress. */
export interface IngressModel {
  readonly namespace: string;
  readonly name: string;
  readonly ingressClassName: string | undefined;
  readonly defaultBackend: BackendRefModel | undefined;
  readonly rules: readonly {
    readonly host: string | undefined;
    readonly paths: readonly { readonly path: string; readonly pathType: string; readonly backend: BackendRefModel | undefined }[];
    readonly source: Provenance;
  }[];
  readonly tlsHosts: readonly string[];
  readonly annotations: Labels;
  readonly source: Provenance;
}

export interface IngressClassModel {
  readonly name: string;
  readonly controller: string | undefined;
  readonly isDefault: boolean;
  readonly source: Provenance;
}

export interface GatewayClassModel {
  readonly name: string;
  readonly controllerName: string | undefined;
  readonly source: Provenance;
}

/** gateway.networking.k8s.io Gateway. */
export interface GatewayModel {
  readonly namespace: string;
  readonly name: string;
  readonly gatewayClassName: string | undefined;
  readonly listeners: readonly { readonly name: string; readonly hostname: string | undefined; readonly port: number; readonly protocol: string }[];
  readonly addresses: readonly string[];
  readonly labels: Labels;
  readonly source: Provenance;
}

/** gateway.networking.k8s.io HTTPRoute. */
export interface HTTPRouteModel {
  readonly namespace: string;
  readonly name: string;
  readonly parentRefs: readonly { readonly name: string; readonly namespace: string; readonly sectionName: string | undefined; readonly port: number | undefined }[];
  readonly hostnames: readonly string[];
  readonly rules: readonly {
    readonly matches: readonly { readonly pathType: string; readonly pathValue: string }[];
    readonly backendRefs: readonly BackendRefModel[];
    readonly source: Provenance;
  }[];
  readonly source: Provenance;
}
