import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Ip, formatCidr, formatIp, parseCidr, parseIp } from '../../src/index.js';

/**
 * parseIp / parseCidr / formatIp against Go's net/netip (ParseAddr, ParsePrefix, Addr.String),
 * the parser behind Kubernetes' IP and CIDR validation, and RFC 5952 (IPv6 text form).
 * Each row names the rule it pins.
 */

const V6_MAX = (1n << 128n) - 1n;

function v4(text: string): Ip {
  const parts = text.split('.').map(Number);
  return { family: 4, value: ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]! };
}

function v6(hex: string): Ip {
  return { family: 6, value: BigInt(`0x${hex.replaceAll(':', '')}`) };
}

describe('parseIp: valid addresses (netip.ParseAddr accepts; String() gives the canonical text)', () => {
  it.each([
    // IPv4: four decimal octets 0..255
    ['0.0.0.0', v4('0.0.0.0'), '0.0.0.0', 'the lowest IPv4 address (domain edge)'],
    ['255.255.255.255', v4('255.255.255.255'), '255.255.255.255', 'the highest IPv4 address (domain edge)'],
    ['10.0.0.1', v4('10.0.0.1'), '10.0.0.1', 'an ordinary private address'],
    ['192.168.100.200', v4('192.168.100.200'), '192.168.100.200', 'three-digit octets'],
    ['0.10.100.0', v4('0.10.100.0'), '0.10.100.0', 'a lone 0 octet is not a "leading zero"'],
    // IPv6: RFC 4291 text forms
    ['::', v6('0000:0000:0000:0000:0000:0000:0000:0000'), '::', 'the unspecified address, all-compressed'],
    ['::1', v6('0000:0000:0000:0000:0000:0000:0000:0001'), '::1', 'loopback: compression at the start'],
    ['1::', v6('0001:0000:0000:0000:0000:0000:0000:0000'), '1::', 'compression at the end'],
    ['2001:db8::1', v6('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1', 'compression in the middle'],
    ['2001:DB8::A', v6('2001:0db8:0000:0000:0000:0000:0000:000a'), '2001:db8::a', 'hex digits are case-insensitive; output is lowercase (RFC 5952 4.3)'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', v6('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1', 'full form with leading zeros in groups (up to 4 hex digits)'],
    ['0:0:0:0:0:0:0:0', v6('0000:0000:0000:0000:0000:0000:0000:0000'), '::', 'eight explicit zero groups'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', { family: 6, value: V6_MAX }, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'the highest IPv6 address (domain edge)'],
    ['1:2:3:4:5:6:7:8', v6('0001:0002:0003:0004:0005:0006:0007:0008'), '1:2:3:4:5:6:7:8', 'no zero group: nothing to compress'],
    ['1:2:3:4:5:6::7', v6('0001:0002:0003:0004:0005:0006:0000:0007'), '1:2:3:4:5:6:0:7', ':: may stand for one group; a single 0 group is not compressed (RFC 5952 4.2.2)'],
    ['1:2:3:4:5:6:7::', v6('0001:0002:0003:0004:0005:0006:0007:0000'), '1:2:3:4:5:6:7:0', ':: standing for the last group'],
    ['::2:3:4:5:6:7:8', v6('0000:0002:0003:0004:0005:0006:0007:0008'), '0:2:3:4:5:6:7:8', ':: standing for the first group'],
    ['0001:0002::', v6('0001:0002:0000:0000:0000:0000:0000:0000'), '1:2::', 'leading zeros inside groups are dropped (RFC 5952 4.1)'],
    ['1:2:3:4:5:6:1.2.3.4', v6('0001:0002:0003:0004:0005:0006:0102:0304'), '1:2:3:4:5:6:102:304', 'a dotted IPv4 tail fills the last two groups'],
    ['64:ff9b::192.0.2.33', v6('0064:ff9b:0000:0000:0000:0000:c000:0221'), '64:ff9b::c000:221', 'NAT64 well-known prefix with an embedded IPv4 tail (printed in hex)'],
    ['::1.2.3.4', v6('0000:0000:0000:0000:0000:0000:0102:0304'), '::102:304', 'IPv4-compatible (deprecated) form: plain IPv6, printed in hex'],
  ])('%s', (text, value, canonical, _rule) => {
    const ip = parseIp(text);
    expect(ip).toEqual(value);
    expect(formatIp(ip!)).toBe(canonical);
    // The canonical text parses back to the same address.
    expect(parseIp(canonical)).toEqual(value);
  });
});

describe('parseIp: IPv4-mapped IPv6 stays IPv6 (netip keeps Is4In6; Unmap is explicit)', () => {
  it.each([
    ['::ffff:1.2.3.4', 'dotted tail'],
    ['::ffff:0102:0304', 'the same address in hex groups'],
    ['0:0:0:0:0:ffff:1.2.3.4', 'uncompressed prefix'],
  ])('%s (%s) is family 6, value ::ffff:0:0/96 + the IPv4 address', (text) => {
    expect(parseIp(text)).toEqual(v6('0000:0000:0000:0000:0000:ffff:0102:0304'));
  });

  it('formats IPv4-mapped addresses with a non-dotted tail round-trip', () => {
    const ip = parseIp('::ffff:1.2.3.4')!;
    expect(parseIp(formatIp(ip))).toEqual(ip);
  });

  // Go's Addr.String() and RFC 5952 section 5 print IPv4-mapped addresses as "::ffff:1.2.3.4".
  it('formats ::ffff:1.2.3.4 as "::ffff:1.2.3.4" (Go Addr.String, RFC 5952 section 5)', () => {
    expect(formatIp(parseIp('::ffff:1.2.3.4')!)).toBe('::ffff:1.2.3.4');
  });
  it('formats ::ffff:0.0.0.0 as "::ffff:0.0.0.0" (Go Addr.String)', () => {
    expect(formatIp(v6('0000:0000:0000:0000:0000:ffff:0000:0000'))).toBe('::ffff:0.0.0.0');
  });
});

describe('parseIp: invalid addresses (netip.ParseAddr rejects)', () => {
  it.each([
    ['', 'empty string'],
    ['01.2.3.4', 'IPv4 octet with a leading zero (Go >= 1.17 rejects: ambiguous octal)'],
    ['1.2.3.04', 'leading zero in the last octet'],
    ['00.0.0.0', 'a zero written twice'],
    ['256.1.1.1', 'octet above 255'],
    ['1.2.3.1000', 'four-digit octet'],
    ['1.2.3', 'three octets'],
    ['1.2.3.4.5', 'five octets'],
    ['1..2.3', 'empty octet'],
    ['1.2.3.', 'trailing dot'],
    ['.1.2.3', 'leading dot'],
    [' 1.2.3.4', 'leading space'],
    ['1.2.3.4 ', 'trailing space'],
    ['1.2.3.4\n', 'trailing newline'],
    ['+1.2.3.4', 'sign'],
    ['0x0a.0.0.1', 'hex octet'],
    ['4294967295', 'a bare integer (inet_aton forms are not accepted)'],
    ['10.1', 'short inet_aton form'],
    ['\u0661.\u0662.\u0663.\u0664', 'non-ASCII digits'],
    ['1.2.3.4%eth0', 'zone on IPv4'],
    ['1.2.3.4/32', 'a CIDR is not an address'],
    ['fe80::1%eth0', 'zone (net.ParseIP, used by Kubernetes validation, has no zones)'],
    ['::%eth0', 'zone on ::'],
    [':::', 'three colons'],
    ['1:::2', 'triple colon'],
    ['1::2::3', 'two ::'],
    ['12345::', 'group of five hex digits'],
    ['00001::', 'five digits even with leading zeros'],
    ['1:2:3:4:5:6:7:8:9', 'nine groups'],
    ['1:2:3:4:5:6:7', 'seven groups without ::'],
    ['1:2:3:4:5:6:7::8', ':: must stand for at least one group'],
    ['::1:2:3:4:5:6:7:8', ':: with eight groups'],
    [':1::2', 'leading single colon'],
    ['1::2:', 'trailing single colon'],
    [':', 'lone colon'],
    ['g::1', 'non-hex digit'],
    ['-1::', 'sign in a group'],
    ['0x1::', 'hex prefix in a group'],
    ['[::1]', 'brackets (URL form)'],
    ['::ffff:01.2.3.4', 'leading zero in an embedded IPv4 tail'],
    ['::ffff:1.2.3', 'short embedded IPv4 tail'],
    ['::ffff:256.1.1.1', 'embedded IPv4 octet above 255'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'embedded IPv4 after seven groups (nine groups worth)'],
    ['::1.2.3.4:5', 'IPv4 tail not at the end'],
    ['1.2.3.4::', 'IPv4 before ::'],
    ['::1.2.3.4%eth0', 'zone after an IPv4 tail'],
  ])('%j is rejected (%s)', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('parseCidr: valid prefixes (netip.ParsePrefix accepts)', () => {
  it.each([
    ['10.0.0.0/8', 8, '10.0.0.0', '10.255.255.255', true, 'an ordinary network'],
    ['10.1.2.3/8', 8, '10.0.0.0', '10.255.255.255', false, 'host bits set: kept as written, not canonical (legacy Kubernetes fields accept it)'],
    ['0.0.0.0/0', 0, '0.0.0.0', '255.255.255.255', true, 'prefix 0 covers the whole IPv4 space (edge)'],
    ['1.2.3.4/0', 0, '0.0.0.0', '255.255.255.255', false, 'prefix 0 with host bits'],
    ['255.255.255.255/32', 32, '255.255.255.255', '255.255.255.255', true, 'prefix 32 at the top edge'],
    ['192.168.1.0/31', 31, '192.168.1.0', '192.168.1.1', true, 'a /31 (RFC 3021)'],
    ['::/0', 0, '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true, 'the whole IPv6 space (edge)'],
    ['::/128', 128, '::', '::', true, 'prefix 128'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128', 128, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true, 'the top IPv6 address'],
    ['2001:db8::/32', 32, '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true, 'documentation prefix'],
    ['2001:db8::1/64', 64, '2001:db8::', '2001:db8::ffff:ffff:ffff:ffff', false, 'IPv6 host bits set'],
    ['fd00::/7', 7, 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false, 'prefix not on a group boundary (fd00 has bit 7 set)'],
    ['::ffff:10.0.0.0/104', 104, '::ffff:10.0.0.0', '::ffff:10.255.255.255', true, 'IPv4-mapped prefix is an IPv6 prefix (bits counted over 128)'],
  ])('%s', (text, prefix, first, last, canonical, _rule) => {
    const c = parseCidr(text);
    expect(c).toBeDefined();
    expect(c!.prefix).toBe(prefix);
    expect(c!.family).toBe(text.includes(':') ? 6 : 4);
    expect(formatIp(c!.first)).toBe(first);
    expect(formatIp(c!.last)).toBe(last);
    expect(c!.canonical).toBe(canonical);
    expect(c!.ip).toEqual(parseIp(text.slice(0, text.indexOf('/'))));
    expect(formatCidr(c!)).toBe(`${first}/${prefix}`);
  });
});

describe('parseCidr: invalid prefixes (netip.ParsePrefix rejects)', () => {
  it.each([
    ['10.0.0.0', 'no slash (an address is not a prefix)'],
    ['10.0.0.0/', 'empty bits'],
    ['/8', 'empty address'],
    ['10.0.0.0/33', 'IPv4 bits above 32'],
    ['::/129', 'IPv6 bits above 128'],
    ['10.0.0.0/-1', 'negative bits'],
    ['10.0.0.0/+8', 'sign in bits'],
    ['10.0.0.0/08', 'leading zero in bits (Go >= 1.22 rejects)'],
    ['10.0.0.0/00', 'zero written twice'],
    ['10.0.0.0/032', 'leading zero, three digits'],
    ['10.0.0.0/ 8', 'space before bits'],
    ['10.0.0.0/8 ', 'trailing space'],
    ['10.0.0.0 /8', 'space before slash'],
    ['10.0.0.0/1e1', 'exponent'],
    ['10.0.0.0/0x8', 'hex bits'],
    ['10.0.0.0/4294967304', 'bits that overflow 32-bit (8 mod 2^32)'],
    ['10.0.0.0/8/8', 'two slashes'],
    ['010.0.0.0/8', 'leading zero in an octet'],
    ['10.0.0/8', 'three octets'],
    ['fe80::1%eth0/64', 'zone (ParsePrefix: IPv6 zones cannot be present in a prefix)'],
    ['2001:db8::/1a', 'non-decimal bits'],
    ['', 'empty string'],
  ])('%j is rejected (%s)', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('formatIp: RFC 5952 text (as Go Addr.String prints it)', () => {
  it.each([
    ['2001:0db8:0000:0000:0001:0000:0000:0000', '2001:db8:0:0:1::', 'the longest zero run is compressed (4.2.3)'],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1', 'on a tie, the first run is compressed (4.2.3)'],
    ['2001:0000:0000:0001:0000:0000:0000:0001', '2001:0:0:1::1', 'a longer later run wins over an earlier one'],
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1', 'a single zero group is not compressed (4.2.2)'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1', 'run at the start'],
    ['0001:0000:0000:0000:0000:0000:0000:0000', '1::', 'run at the end'],
    ['0000:0000:0001:0000:0000:0000:0000:0000', '0:0:1::', 'the longer run at the end wins over the one at the start'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::', 'all zeros'],
    ['abcd:ef01:0000:0000:0000:0000:0000:0000', 'abcd:ef01::', 'lowercase hex (4.3)'],
    ['0000:0000:0000:0000:0000:0001:0000:0000', '::1:0:0', 'IPv4-compatible-looking values without ffff are plain hex'],
  ])('%s → %s (%s)', (hex, text) => {
    expect(formatIp(v6(hex))).toBe(text);
  });

  it.each([
    [0, '0.0.0.0'],
    [0xffffffff, '255.255.255.255'],
    [0x80000000, '128.0.0.0'],
    [0x0a000001, '10.0.0.1'],
  ])('IPv4 %i → %s (unsigned 32-bit value, dotted decimal without leading zeros)', (value, text) => {
    expect(formatIp({ family: 4, value })).toBe(text);
  });
});

describe('formatIp / parseIp round trip (properties)', () => {
  /** 128-bit values built from groups that are often 0, so zero runs of every length appear. */
  const v6Value = fc
    .array(fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 0xffff }), weight: 2 }), { minLength: 8, maxLength: 8 })
    .map((groups) => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));

  it('IPv4: parseIp(formatIp(x)) = x for every 32-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        expect(parseIp(formatIp({ family: 4, value }))).toEqual({ family: 4, value });
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6: parseIp(formatIp(x)) = x, and the text is RFC 5952-shaped', () => {
    fc.assert(
      fc.property(v6Value, (value) => {
        const text = formatIp({ family: 6, value });
        expect(parseIp(text)).toEqual({ family: 6, value });
        if (value >> 32n === 0xffffn) {
          expect(text).toMatch(/^::ffff:\d+\.\d+\.\d+\.\d+$/); // IPv4-mapped keeps the dotted quad (RFC 5952 §5)
          return;
        }
        expect(text).toMatch(/^[0-9a-f:]+$/); // lowercase, no dotted tail
        expect(text.split('::').length).toBeLessThanOrEqual(2); // at most one ::
        for (const group of text.split(':')) expect(group).toMatch(/^(|0|[1-9a-f][0-9a-f]{0,3})$/); // no leading zeros
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6 (not IPv4-mapped): formatIp agrees with the WHATWG URL serializer (same compression rules as RFC 5952)', () => {
    const mapped = (v: bigint): boolean => v >> 32n === 0xffffn;
    fc.assert(
      fc.property(v6Value, (value) => {
        fc.pre(!mapped(value));
        const groups: string[] = [];
        for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
        const reference = new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
        expect(formatIp({ family: 6, value })).toBe(reference);
      }),
      { numRuns: 500 },
    );
  });
});
