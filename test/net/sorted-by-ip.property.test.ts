import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr, parseIp } from '../../src/net/ip.js';
import { IpSet, unionAll } from '../../src/net/ip-set.js';
import { SortedByIp } from '../../src/net/sorted-by-ip.js';

/**
 * SortedByIp (identities split by ipBlock membership, ipBlock selection, NP_IPBLOCK_COVERS_PODS)
 * against IpSet.contains item by item: the same members, in IP order, counted alike.
 */
const ipv4 = fc.tuple(fc.constantFrom(10, 192), fc.nat(3), fc.nat(3), fc.nat(255)).map(([a, b, c, d]) => parseIp(`${a}.${b}.${c}.${d}`)!);
const ipv6 = fc.tuple(fc.nat(3), fc.nat(0xffff)).map(([a, b]) => parseIp(`fd00::${a}:${b.toString(16)}`)!);
const cidr = fc.oneof(
  fc.tuple(fc.constantFrom(10, 192), fc.nat(3), fc.nat(3), fc.constantFrom(8, 16, 22, 24, 30, 32)).map(([a, b, c, len]) => `${a}.${b}.${c}.0/${len}`),
  fc.tuple(fc.nat(3), fc.constantFrom(64, 100, 112, 128)).map(([a, len]) => `fd00::${a}:0/${len}`),
);

describe('SortedByIp = IpSet.contains per item', () => {
  it('forEachIn, countIn and firstIn (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(ipv4, ipv6), { maxLength: 60 }), fc.array(cidr, { maxLength: 4 }), fc.array(cidr, { maxLength: 2 }), (ips, blocks, excepts) => {
        const set = unionAll(blocks.map((c) => IpSet.fromCidr(parseCidr(c)!))).subtract(unionAll(excepts.map((c) => IpSet.fromCidr(parseCidr(c)!))));
        const items = ips.map((ip, i) => ({ ip, i }));
        const sorted = new SortedByIp(items);
        const expected = items.filter((x) => set.contains(x.ip)).map((x) => x.i).sort((a, b) => a - b);
        const seen: { ip: { family: number; value: number | bigint }; i: number }[] = [];
        sorted.forEachIn(set, (x) => seen.push(x));
        expect(seen.map((x) => x.i).sort((a, b) => a - b)).toEqual(expected);
        // in IP order: v4 ascending, then v6 ascending
        for (let k = 1; k < seen.length; k++) {
          const [a, b] = [seen[k - 1]!.ip, seen[k]!.ip];
          expect(a.family < b.family || (a.family === b.family && a.value <= b.value)).toBe(true);
        }
        expect(sorted.countIn(set)).toBe(expected.length);
        expect(sorted.firstIn(set, 3).map((x) => x.i)).toEqual(seen.slice(0, 3).map((x) => x.i));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
