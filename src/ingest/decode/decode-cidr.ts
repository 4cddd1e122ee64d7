import { type Cidr, formatCidr, formatIp, parseCidr, parseCidrSloppy } from '../../net/ip.js';
import type { DecodeContext, Path } from './decode-context.js';

/** The detail of IsValidCIDR / IsValidCIDRForLegacyField (apimachinery pkg/util/validation/ip.go). */
export const CIDR_DETAIL = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
/** The detail of IsValidIP / IsValidIPForLegacyField. */
export const IP_DETAIL = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * A CIDR in a legacy field (NetworkPolicy ipBlock, Node podCIDRs), validated as
 * IsValidCIDRForLegacyField does with StrictIPCIDRValidation off — the default through v1.36 —
 * so `010.0.0.0/8` and `10.0.0.0/08` are accepted, with the warnings GetWarningsForCIDR gives.
 * An invalid value is reported (CIDR_INVALID) and yields undefined.
 */
export function decodeLegacyCidr(ctx: DecodeContext, text: string, path: Path, hint?: string): Cidr | undefined {
  const cidr = parseCidrSloppy(text);
  if (!cidr) {
    ctx.error(path, 'CIDR_INVALID', `Invalid value: ${JSON.stringify(text)}: ${CIDR_DETAIL}`, hint);
    return undefined;
  }
  for (const w of cidrWarnings(text, cidr)) ctx.warn(path, w.code, w.message, w.hint);
  return cidr;
}

interface CidrWarning {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

/** GetWarningsForCIDR (apimachinery pkg/util/validation/ip.go, v1.36 wording). */
export function cidrWarnings(text: string, cidr: Cidr): CidrWarning[] {
  const out: CidrWarning[] = [];
  const network = networkText(cidr);
  if (!cidr.canonical) {
    const single = `${formatIp(cidr.ip)}/${cidr.family === 4 ? 32 : 128}`;
    out.push({
      code: 'CIDR_NOT_CANONICAL',
      message: `CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(network)} or ${JSON.stringify(single)}?)`,
      hint: `It means the whole network ${network}; write that, or ${single} for the one address.`,
    });
  }
  const strict = parseCidr(text);
  if (!strict || isIpv4Mapped(cidr)) {
    out.push({
      code: 'CIDR_NOT_STANDARD',
      message: `non-standard CIDR value ${JSON.stringify(text)} is invalid: use ${JSON.stringify(network)}`,
      hint: 'The API server accepts it only while the StrictIPCIDRValidation feature gate is off (the default through v1.36); leading zeros are read as decimal.',
    });
  } else if (out.length === 0 && cidr.family === 6) {
    const canonical = `${formatIp(cidr.ip)}/${cidr.prefix}`;
    if (canonical !== text) {
      out.push({
        code: 'CIDR_NOT_STANDARD',
        message: `IPv6 CIDR value ${JSON.stringify(text)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`,
        hint: 'RFC 5952: lower-case hex, no leading zeros in groups, the longest run of zero groups written as ::.',
      });
    }
  }
  return out;
}

function isIpv4Mapped(cidr: Cidr): boolean {
  return cidr.ip.family === 6 && cidr.ip.value >> 32n === 0xffffn;
}

/** ipnet.String(): the masked network; an IPv4-mapped network is printed as IPv4 (Go does). */
function networkText(cidr: Cidr): string {
  if (isIpv4Mapped(cidr) && cidr.prefix >= 96 && cidr.first.family === 6) {
    return `${formatIp({ family: 4, value: Number(cidr.first.value & 0xffffffffn) })}/${cidr.prefix - 96}`;
  }
  return formatCidr(cidr);
}
