/**
 * IP addresses and CIDRs as integers: IPv4 as an unsigned 32-bit number, IPv6 as a bigint.
 * Parsing follows Go's net/netip rules that Kubernetes validation uses (no leading zeros in
 * IPv4 octets, no zone in CIDRs). `parseIpSloppy`/`parseCidrSloppy` read the legacy forms the API
 * server still accepts in old fields while StrictIPCIDRValidation is off (leading zeros, as decimal).
 */
export type IpFamily = 4 | 6;

export type Ip = { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };

export interface Cidr {
  readonly family: IpFamily;
  /** The address as written (may have host bits set). */
  readonly ip: Ip;
  readonly prefix: number;
  /** First and last address covered. */
  readonly first: Ip;
  readonly last: Ip;
  /** True when the address has no bits set beyond the prefix. */
  readonly canonical: boolean;
}

const V4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
/** Sloppy octets (Go before 1.17): any run of decimal digits, leading zeros allowed, decimal value. */
const V4_OCTET_SLOPPY = /^[0-9]+$/;

export function parseIpv4(text: string): number | undefined {
  return parseIpv4With(text, V4_OCTET);
}

function parseIpv4With(text: string, octet: RegExp): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!octet.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function parseIpv6(text: string): bigint | undefined {
  return parseIpv6With(text, false);
}

const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const V6_GROUP_SLOPPY = /^[0-9a-fA-F]+$/;

function parseIpv6With(text: string, sloppy: boolean): bigint | undefined {
  if (text.length === 0 || text.includes('%')) return undefined;
  let head = text;
  let tailV4: number | undefined;
  const lastColon = text.lastIndexOf(':');
  const group = sloppy ? V6_GROUP_SLOPPY : V6_GROUP;
  if (text.includes('.')) {
    tailV4 = parseIpv4With(text.slice(lastColon + 1), sloppy ? V4_OCTET_SLOPPY : V4_OCTET);
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!group.test(g)) return undefined;
      const n = parseInt(g, 16);
      if (n > 0xffff) return undefined;
      out.push(n);
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right || left.length + right.length > 7) return undefined;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | BigInt(tailV4);
  return value;
}

export function parseIp(text: string): Ip | undefined {
  if (text.includes(':')) {
    const v = parseIpv6(text);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIpv4(text);
  return v === undefined ? undefined : { family: 4, value: v };
}

export function parseCidr(text: string): Cidr | undefined {
  return parseCidrWith(text, false);
}

/**
 * An IP as netutils.ParseIPSloppy (k8s.io/utils/net: Go 1.16's net.ParseIP) reads it, which is
 * what the API server validates legacy fields with while StrictIPCIDRValidation is off (the
 * default through v1.36): leading zeros are allowed and read as decimal (`010.0.0.1` = 10.0.0.1).
 */
export function parseIpSloppy(text: string): Ip | undefined {
  // Go's ParseIP decides the family by the first '.' or ':' it meets.
  const dot = text.indexOf('.');
  const colon = text.indexOf(':');
  if (colon >= 0 && (dot < 0 || colon < dot)) {
    const v = parseIpv6With(text, true);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIpv4With(text, V4_OCTET_SLOPPY);
  return v === undefined ? undefined : { family: 4, value: v };
}

/**
 * A CIDR as netutils.ParseCIDRSloppy reads it (legacy fields, StrictIPCIDRValidation off):
 * leading zeros in the address and in the prefix length are allowed (`010.0.0.0/08`).
 * Whether the text is also standard is `parseCidr(text) !== undefined`.
 */
export function parseCidrSloppy(text: string): Cidr | undefined {
  return parseCidrWith(text, true);
}

function parseCidrWith(text: string, sloppy: boolean): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = sloppy ? parseIpSloppy(text.slice(0, slash)) : parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !(sloppy ? /^[0-9]+$/ : /^(0|[1-9][0-9]{0,2})$/).test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (ip.family === 4) {
    if (prefix > 32) return undefined;
    const size = 2 ** (32 - prefix);
    const first = Math.floor(ip.value / size) * size;
    const last = first + size - 1;
    return { family: 4, ip, prefix, first: { family: 4, value: first }, last: { family: 4, value: last }, canonical: first === ip.value };
  }
  if (prefix > 128) return undefined;
  const hostBits = BigInt(128 - prefix);
  const mask = (1n << hostBits) - 1n;
  const first = ip.value & ~mask;
  return {
    family: 6,
    ip,
    prefix,
    first: { family: 6, value: first },
    last: { family: 6, value: first | mask },
    canonical: first === ip.value,
  };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    const v = ip.value;
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  // RFC 5952 §5 (and Go's netip): IPv4-mapped addresses keep the dotted quad.
  if (ip.value >> 32n === 0xffffn) {
    const v4 = Number(ip.value & 0xffffffffn);
    return `::ffff:${formatIp({ family: 4, value: v4 })}`;
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.first)}/${c.prefix}`;
}

export function ipEquals(a: Ip, b: Ip): boolean {
  return a.family === b.family && a.value === b.value;
}

/** Adds an offset to an address (no overflow check beyond the family's range). */
export function ipAdd(ip: Ip, offset: number): Ip {
  if (ip.family === 4) return { family: 4, value: ip.value + offset };
  return { family: 6, value: ip.value + BigInt(offset) };
}
