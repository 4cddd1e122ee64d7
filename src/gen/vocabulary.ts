/** Names and ports the generator draws from: common application shapes, not random strings. */

export type Role = 'frontend' | 'backend' | 'data';

export interface PortSpec {
  /** Container port name (also the Service port name). */
  readonly name: string;
  readonly containerPort: number;
  readonly protocol: 'TCP' | 'UDP';
  /** The Service's port for it. */
  readonly servicePort: number;
}

export const PRODUCTS = [
  'payments', 'checkout', 'catalog', 'search', 'accounts', 'identity', 'orders', 'shipping', 'inventory', 'pricing',
  'billing', 'ledger', 'fraud', 'risk', 'ads', 'analytics', 'reporting', 'media', 'video', 'chat',
  'notify', 'mail', 'crm', 'support', 'partners', 'loyalty', 'reviews', 'recs', 'feeds', 'maps',
  'booking', 'travel', 'fleet', 'iot', 'telemetry', 'ml', 'etl', 'datalake', 'portal', 'cms',
] as const;

export const FRONTEND_APPS = ['web', 'ui', 'storefront', 'portal', 'gateway', 'bff', 'admin'] as const;

export const BACKEND_APPS = [
  'api', 'auth', 'orders', 'catalog', 'search', 'users', 'inventory', 'notifications', 'checkout', 'cart',
  'recommendations', 'reports', 'scheduler', 'worker', 'ingest', 'pricing', 'billing', 'events', 'profile', 'sessions',
] as const;

export interface DataStore {
  readonly name: string;
  readonly ports: readonly PortSpec[];
}

const tcp = (name: string, containerPort: number, servicePort = containerPort): PortSpec => ({ name, containerPort, protocol: 'TCP', servicePort });

export const METRICS_PORT = tcp('metrics', 9100);

export const DATA_STORES: readonly DataStore[] = [
  { name: 'postgres', ports: [tcp('postgres', 5432), METRICS_PORT] },
  { name: 'redis', ports: [tcp('redis', 6379), METRICS_PORT] },
  { name: 'kafka', ports: [tcp('kafka', 9092), METRICS_PORT] },
  { name: 'elasticsearch', ports: [tcp('http', 9200), tcp('transport', 9300)] },
  { name: 'mysql', ports: [tcp('mysql', 3306), METRICS_PORT] },
  { name: 'rabbitmq', ports: [tcp('amqp', 5672), tcp('management', 15672)] },
  { name: 'mongodb', ports: [tcp('mongodb', 27017)] },
  { name: 'zookeeper', ports: [tcp('client', 2181)] },
  { name: 'cassandra', ports: [tcp('cql', 9042)] },
];

export const HTTP_PORT = tcp('http', 8080, 80);
export const GRPC_PORT = tcp('grpc', 9000);
export const APP_METRICS_PORT = tcp('metrics', 9090);
export const STATSD_PORT: PortSpec = { name: 'statsd', containerPort: 8125, protocol: 'UDP', servicePort: 8125 };

/** IPv4 ranges outside the cluster that policies name (RFC 1918 space the pod network is in). */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/** Where generated addresses live. Nodes: 172.16.0.0/16 InternalIPs; pods: a /24 per node from 10.128.0.0/9. */
export const POD_NETWORK_BASE = 10 * 2 ** 24 + 128 * 2 ** 16;
export const NODE_NETWORK_BASE = 172 * 2 ** 24 + 16 * 2 ** 16;

export function ipv4Text(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
