import type { Provenance } from '../../model/provenance.js';

/** Query types kflow answers. TXT only for `dns-version.<zone>` (spec §2.2). */
export type DnsRecordType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';

export const DNS_RECORD_TYPES: readonly DnsRecordType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT'];

export function isDnsRecordType(s: string): s is DnsRecordType {
  return (DNS_RECORD_TYPES as readonly string[]).includes(s);
}

/**
 * Where a DNS fact came from: a manifest field (file:line), a Corefile line, or a kflow default.
 * `object` is `Kind/ns/name` when the fact comes from a Kubernetes object.
 */
export interface DnsOrigin {
  /** What this origin contributed, e.g. `Service ClusterIP`, `kubernetes plugin zones`. */
  readonly what: string;
  readonly object?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

export function originAt(what: string, at: Provenance, object?: string): DnsOrigin {
  return { what, ...(object !== undefined ? { object } : {}), file: at.file, line: at.line, column: at.column, path: at.path };
}

/** A fact with no manifest behind it (a kubelet or CoreDNS default, or a kflow assumption). */
export function defaultOrigin(what: string): DnsOrigin {
  return { what, file: '<default>', line: 0, column: 0, path: '' };
}

/**
 * One resource record in presentation form. `data`: the address (A/AAAA), the target name with a
 * trailing dot (CNAME/PTR), `priority weight port target.` (SRV) or the quoted text (TXT).
 */
export interface DnsRecord {
  readonly name: string;
  readonly type: DnsRecordType;
  readonly data: string;
  /** The objects behind the record (Service, EndpointSlice or Pod), when there are any. */
  readonly derivedFrom?: readonly DnsOrigin[];
}

/** What a DNS server says to one query. */
export type ServerRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
