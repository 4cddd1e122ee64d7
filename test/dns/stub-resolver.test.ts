import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type StubReply, type StubSearchOptions, runStubSearch } from '../../src/layers/dns/stub-resolver.js';

/**
 * The stub resolver's search walk. glibc: resolv/res_query.c `__res_context_search`; musl:
 * src/network/lookup_name.c `name_from_dns_search`. Replies come from a table; anything not in it
 * is NXDOMAIN.
 */

const K8S = ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const opts = (o: Partial<StubSearchOptions> = {}): StubSearchOptions => ({ ndots: 5, searches: K8S, flavor: 'glibc', noTldQuery: false, assumeUnknown: 'answer', ...o });
function walk(name: string, replies: Record<string, StubReply>, o: Partial<StubSearchOptions> = {}) {
  const r = runStubSearch(name, opts(o), (fqdn) => ({ reply: replies[fqdn] ?? 'nxdomain', result: fqdn }));
  return { tried: r.queries.map((q) => q.name), final: r.final, answeredAt: r.answeredAt };
}

interface WalkCase {
  readonly what: string;
  readonly name: string;
  readonly replies: Record<string, StubReply>;
  readonly tried: readonly string[];
  readonly final: StubReply;
}

describe('glibc res_search', () => {
  it.each<WalkCase>([
    {
      what: 'fewer dots than ndots: search list first, stop at the first answer',
      name: 'api.shop',
      replies: { 'api.shop.svc.cluster.local.': 'answer' },
      tried: ['api.shop.shop.svc.cluster.local.', 'api.shop.svc.cluster.local.'],
      final: 'answer',
    },
    {
      what: 'NXDOMAIN everywhere: every search domain, then the name as is',
      name: 'nope',
      replies: {},
      tried: ['nope.shop.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.'],
      final: 'nxdomain',
    },
    {
      what: 'NODATA moves on like NXDOMAIN, and is what the caller is told when nothing answers',
      name: 'api',
      replies: { 'api.shop.svc.cluster.local.': 'nodata' },
      tried: ['api.shop.svc.cluster.local.', 'api.svc.cluster.local.', 'api.cluster.local.', 'api.'],
      final: 'nodata',
    },
    {
      what: 'at least ndots dots: as is first',
      name: 'a.b.c.d.e.f',
      replies: { 'a.b.c.d.e.f.': 'answer' },
      tried: ['a.b.c.d.e.f.'],
      final: 'answer',
    },
    {
      what: 'at least ndots dots, not answered as is: the search list follows, the name is not sent again; the result is the as-is query\'s',
      name: 'a.b.c.d.e.f',
      replies: { 'a.b.c.d.e.f.': 'nodata' },
      tried: ['a.b.c.d.e.f.', 'a.b.c.d.e.f.shop.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.'],
      final: 'nodata',
    },
    {
      what: 'trailing dot: absolute, sent once, whatever the reply',
      name: 'api.shop.',
      replies: {},
      tried: ['api.shop.'],
      final: 'nxdomain',
    },
    {
      what: 'SERVFAIL moves on to the next domain',
      name: 'x',
      replies: { 'x.shop.svc.cluster.local.': 'servfail', 'x.svc.cluster.local.': 'answer' },
      tried: ['x.shop.svc.cluster.local.', 'x.svc.cluster.local.'],
      final: 'answer',
    },
    {
      what: 'REFUSED ends the search list, but the name is still tried as is',
      name: 'x',
      replies: { 'x.shop.svc.cluster.local.': 'refused' },
      tried: ['x.shop.svc.cluster.local.', 'x.'],
      final: 'nxdomain',
    },
    {
      what: 'an unknown (forwarded) reply is taken as an answer by default',
      name: 'example.com',
      replies: { 'example.com.': 'unknown' },
      tried: ['example.com.shop.svc.cluster.local.', 'example.com.svc.cluster.local.', 'example.com.cluster.local.', 'example.com.'],
      final: 'unknown',
    },
  ])('$what', ({ name, replies, tried, final }) => {
    const r = walk(name, replies);
    expect(r.tried).toEqual(tried);
    expect(r.final).toBe(final);
  });

  it('no-tld-query: a single label is not sent as is after the search list', () => {
    expect(walk('nope', {}, { noTldQuery: true }).tried).toEqual(['nope.shop.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.']);
  });

  it('a search domain "." stands for the name as is (and it is not sent again)', () => {
    expect(walk('nope', {}, { searches: ['a.example', '.'] }).tried).toEqual(['nope.a.example.', 'nope.']);
  });

  it('assumeUnknown nxdomain: the walk goes past forwarded names', () => {
    const r = walk('example.com', { 'example.com.corp.': 'unknown', 'example.com.': 'unknown' }, { searches: ['corp'], ndots: 5, assumeUnknown: 'nxdomain' });
    expect(r.tried).toEqual(['example.com.corp.', 'example.com.']);
    expect(r.final).toBe('nxdomain');
    expect(r.answeredAt).toBeUndefined();
  });
});

describe('musl name_from_dns_search', () => {
  it('at least ndots dots: as is only, even when that fails', () => {
    expect(walk('a.b.c.d.e.f', {}, { flavor: 'musl' }).tried).toEqual(['a.b.c.d.e.f.']);
  });
  it('NODATA stops the search (glibc would go on)', () => {
    const r = walk('api', { 'api.shop.svc.cluster.local.': 'nodata' }, { flavor: 'musl' });
    expect(r.tried).toEqual(['api.shop.svc.cluster.local.']);
    expect(r.final).toBe('nodata');
  });
  it('NXDOMAIN goes on, then the name as is', () => {
    expect(walk('nope', {}, { flavor: 'musl' }).tried).toEqual(['nope.shop.svc.cluster.local.', 'nope.svc.cluster.local.', 'nope.cluster.local.', 'nope.']);
  });
});

describe('properties of the glibc walk', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
  const name = fc.array(label, { minLength: 1, maxLength: 7 }).map((ls) => ls.join('.'));
  const domains = fc.uniqueArray(fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join('.')), { maxLength: 6 });
  const reply = fc.constantFrom<StubReply>('answer', 'nodata', 'nxdomain');

  it('every name is sent at most once; when nothing answers, each search domain and the name as is are each sent exactly once', () => {
    fc.assert(
      fc.property(name, domains, fc.integer({ min: 0, max: 15 }), (n, ds, ndots) => {
        const r = walk(n, {}, { searches: ds, ndots });
        expect(new Set(r.tried).size).toBe(r.tried.length);
        expect([...r.tried].sort()).toEqual([...new Set([`${n}.`, ...ds.map((d) => `${n}.${d}.`)])].sort());
      }),
    );
  });

  it('the walk stops at the first answer, which is the last name in tried', () => {
    fc.assert(
      fc.property(name, domains, fc.integer({ min: 0, max: 15 }), fc.array(reply, { minLength: 8, maxLength: 8 }), (n, ds, ndots, rs) => {
        const candidates = [`${n}.`, ...ds.map((d) => `${n}.${d}.`)];
        const replies = Object.fromEntries(candidates.map((c, i) => [c, rs[i]!]));
        const r = walk(n, replies, { searches: ds, ndots });
        const firstAnswer = r.tried.findIndex((t) => replies[t] === 'answer');
        if (firstAnswer >= 0) {
          expect(r.answeredAt).toBe(r.tried.length - 1);
          expect(firstAnswer).toBe(r.tried.length - 1);
        } else {
          expect(r.answeredAt).toBeUndefined();
        }
      }),
    );
  });

  it('with at least ndots dots the name as is goes first; with fewer it goes last', () => {
    fc.assert(
      fc.property(name, domains.filter((d) => d.length > 0), fc.integer({ min: 0, max: 15 }), (n, ds, ndots) => {
        const r = walk(n, {}, { searches: ds, ndots });
        const dots = n.split('.').length - 1;
        if (dots >= ndots) expect(r.tried[0]).toBe(`${n}.`);
        else expect(r.tried.at(-1)).toBe(`${n}.`);
      }),
    );
  });
});
