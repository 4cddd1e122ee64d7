import { countDots, toFqdn } from './dns-names.js';

/**
 * The order in which a pod's stub resolver sends names, given its resolv.conf search list and
 * ndots, and how it reacts to each reply.
 *
 * glibc (resolv/res_query.c `__res_context_search`), the default:
 * - A name with a trailing dot is sent as is, once, and that is the answer.
 * - A name with at least `ndots` dots is sent as is first; if answered, done.
 * - Then each search domain is appended in order. NXDOMAIN and NOERROR-without-records (NODATA)
 *   both move on to the next domain (so does SERVFAIL); any other failure (REFUSED) stops the
 *   walk. The first reply with records ends it.
 * - A name not yet sent as is is sent as is last (with `no-tld-query`, not for a single label).
 *   A search domain `.` counts as sending it as is.
 * - Nothing answered: the result is the as-is query's, if it went first; else NODATA if any reply
 *   was NODATA; else the last reply.
 * musl (src/network/lookup_name.c `name_from_dns_search`), for Alpine-based images:
 * - Names with at least `ndots` dots or a trailing dot are sent only as is.
 * - Otherwise each search domain in order, stopping at the first reply that is not NXDOMAIN
 *   (NODATA stops it too), then the name as is.
 */
export type StubResolverFlavor = 'glibc' | 'musl';

/**
 * What one query got, as the stub resolver sees it. `unknown`: forwarded outside the cluster or
 * sent to a nameserver that is not the cluster's; kflow cannot know the reply.
 */
export type StubReply = 'answer' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'unknown';

export interface StubSearchOptions {
  readonly ndots: number;
  readonly searches: readonly string[];
  readonly flavor: StubResolverFlavor;
  /** resolv.conf `options no-tld-query` (glibc). */
  readonly noTldQuery: boolean;
  /** How an `unknown` reply is taken: as an answer (the walk stops) or as NXDOMAIN (it goes on). */
  readonly assumeUnknown: 'answer' | 'nxdomain';
}

export interface StubSearchResult<R> {
  /** The names sent, in order, each with what it got. */
  readonly queries: readonly { readonly name: string; readonly reply: StubReply; readonly result: R }[];
  /** Index of the query that ended the walk with an answer (or an `unknown` taken as one). */
  readonly answeredAt: number | undefined;
  /** What the application is told when nothing answered (glibc's h_errno, in rcode terms). */
  readonly final: StubReply;
}

/** Runs the search walk; `ask(fqdn)` sends one query. */
export function runStubSearch<R>(name: string, options: StubSearchOptions, ask: (fqdn: string) => { reply: StubReply; result: R }): StubSearchResult<R> {
  const queries: { name: string; reply: StubReply; result: R }[] = [];
  const send = (fqdn: string): StubReply => {
    const r = ask(fqdn);
    queries.push({ name: fqdn, reply: r.reply, result: r.result });
    return r.reply;
  };
  const answered = (r: StubReply): boolean => r === 'answer' || (r === 'unknown' && options.assumeUnknown === 'answer');
  const asFailure = (r: StubReply): StubReply => (r === 'unknown' ? 'nxdomain' : r);
  const done = (final: StubReply): StubSearchResult<R> => ({ queries, answeredAt: answered(final) ? queries.length - 1 : undefined, final });

  const trailingDot = name.endsWith('.');
  const dots = countDots(name);
  const asIs = toFqdn(name);
  const bare = trailingDot ? name.slice(0, -1) : name;
  const withDomain = (d: string): string => (d === '' ? asIs : toFqdn(`${bare}.${d}`));

  if (options.flavor === 'musl') {
    if (dots < options.ndots && !trailingDot) {
      for (const d of options.searches) {
        const r = send(withDomain(d.replace(/^\./, '')));
        if (answered(r)) return done(r);
        if (asFailure(r) !== 'nxdomain') return done(asFailure(r));
      }
    }
    const r = send(asIs);
    return done(answered(r) ? r : asFailure(r));
  }

  let triedAsIs = false;
  let saved: StubReply | undefined;
  let gotNodata = false;
  let gotServfail = false;
  let searched = false;
  let rootOnList = false;
  let last: StubReply = 'nxdomain';
  if (dots >= options.ndots || trailingDot) {
    const r = send(asIs);
    if (answered(r) || trailingDot) return done(answered(r) ? r : asFailure(r));
    saved = asFailure(r);
    triedAsIs = true;
  }
  if (!trailingDot) {
    for (const raw of options.searches) {
      searched = true;
      const d = raw.startsWith('.') ? raw.slice(1) : raw;
      if (d === '') rootOnList = true;
      const r = send(withDomain(d));
      if (answered(r)) return done(r);
      last = asFailure(r);
      if (last === 'nodata') gotNodata = true;
      else if (last === 'servfail') gotServfail = true;
      else if (last !== 'nxdomain') break;
    }
  }
  if ((dots > 0 || !searched || !options.noTldQuery) && !(triedAsIs || rootOnList)) {
    const r = send(asIs);
    if (answered(r)) return done(r);
    last = asFailure(r);
  }
  if (saved !== undefined) return done(saved);
  if (gotNodata) return done('nodata');
  if (gotServfail) return done('servfail');
  return done(last);
}
