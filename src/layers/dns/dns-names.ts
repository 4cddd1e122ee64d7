import { type Ip, formatIp, parseIpv4 } from '../../net/ip.js';

/**
 * Domain-name helpers. Names are compared case-insensitively (Kubernetes DNS specification §2.1:
 * "All comparisons between query data and data in Kubernetes is case-insensitive"); answers keep
 * the case the query was written in, as CoreDNS does.
 */

/** `name` with exactly one trailing dot (`.` for the root). */
export function toFqdn(name: string): string {
  if (name === '' || name === '.') return '.';
  return name.endsWith('.') ? name : `${name}.`;
}

/** Lower-case FQDN: the form zones and names are compared in. */
export function canonicalName(name: string): string {
  return toFqdn(name).toLowerCase();
}

/** The labels of a name, left to right, without the root. */
export function labelsOf(name: string): string[] {
  const fq = toFqdn(name);
  if (fq === '.') return [];
  return fq.slice(0, -1).split('.');
}

/** True when `name` is `zone` or below it (every name is below the root `.`). */
export function isInZone(name: string, zone: string): boolean {
  const z = canonicalName(zone);
  const n = canonicalName(name);
  if (z === '.') return true;
  return n === z || n.endsWith(`.${z}`);
}

/** The most specific zone of `zones` that `name` is in, or undefined (CoreDNS `plugin.Zones.Matches`). */
export function longestZoneMatch(name: string, zones: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const z of zones) {
    if (isInZone(name, z) && (best === undefined || canonicalName(z).length > canonicalName(best).length)) best = z;
  }
  return best;
}

/** The labels of `name` left of `zone` (which it must be in). */
export function labelsBelowZone(name: string, zone: string): string[] {
  const all = labelsOf(name);
  const zoneLabels = labelsOf(zone).length;
  return all.slice(0, all.length - zoneLabels);
}

/** Dots in a name as the stub resolver counts them (a trailing dot counts too). */
export function countDots(name: string): number {
  let n = 0;
  for (const c of name) if (c === '.') n++;
  return n;
}

export function namesEqual(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

/** `d.c.b.a.in-addr.arpa.` or the nibble form under `ip6.arpa.`. */
export function reverseNameOf(ip: Ip): string {
  if (ip.family === 4) {
    const v = ip.value;
    return `${v & 255}.${(v >>> 8) & 255}.${(v >>> 16) & 255}.${v >>> 24}.in-addr.arpa.`;
  }
  const nibbles: string[] = [];
  for (let i = 0; i < 32; i++) nibbles.push(Number((ip.value >> BigInt(i * 4)) & 0xfn).toString(16));
  return `${nibbles.join('.')}.ip6.arpa.`;
}

/**
 * The address a reverse name stands for: exactly four octets under in-addr.arpa or 32 nibbles under
 * ip6.arpa (CoreDNS `dnsutil.ExtractAddressFromReverse`); anything else is not an address.
 */
export function ipFromReverseName(name: string): Ip | undefined {
  const labels = labelsOf(name).map((l) => l.toLowerCase());
  const n = labels.length;
  if (n === 6 && labels[4] === 'in-addr' && labels[5] === 'arpa') {
    const v = parseIpv4(labels.slice(0, 4).reverse().join('.'));
    return v === undefined ? undefined : { family: 4, value: v };
  }
  if (n === 34 && labels[32] === 'ip6' && labels[33] === 'arpa') {
    let value = 0n;
    for (const nib of labels.slice(0, 32).reverse()) {
      if (!/^[0-9a-f]$/.test(nib)) return undefined;
      value = (value << 4n) | BigInt(parseInt(nib, 16));
    }
    return { family: 6, value };
  }
  return undefined;
}

/** True for names under in-addr.arpa. or ip6.arpa. (CoreDNS `dnsutil.IsReverse`). */
export function isReverseName(name: string): boolean {
  return isInZone(name, 'in-addr.arpa.') || isInZone(name, 'ip6.arpa.');
}

/**
 * The hostname CoreDNS gives an endpoint without one: its address with `.` or `:` turned into `-`
 * (a trailing `-` of an IPv6 address gets a `0`), e.g. `10-244-1-5`, `5678-abcd--1`
 * (plugin/kubernetes/kubernetes.go `endpointHostname`).
 */
export function dashedAddress(address: string): string {
  if (address.includes('.')) return address.replaceAll('.', '-');
  if (address.includes(':')) {
    const d = address.replaceAll(':', '-');
    return d.endsWith('-') ? `${d}0` : d;
  }
  return '';
}

/** Canonical text of an address, as Go's `net.IP.String()` prints it (RFC 5952 for IPv6). */
export function addressText(ip: Ip): string {
  return formatIp(ip);
}

/** Joins labels and a zone into an FQDN. */
export function joinName(labels: readonly string[], zone: string): string {
  const z = toFqdn(zone);
  if (labels.length === 0) return z;
  return z === '.' ? `${labels.join('.')}.` : `${labels.join('.')}.${z}`;
}
