import type { Context } from 'hono';
import type { ApiContext } from './app.js';
import { type CachedResponse, matchesEtag } from './cache.js';

interface Computed {
  body: string;
  contentType: string;
  status?: number;
}

const inflight = new Map<string, Promise<CachedResponse>>();

/**
 * Answer from the response cache, or compute, cache and answer. The key is the normalised query
 * plus the catalog version, so refreshed elements never serve stale predictions. Sends an ETag
 * and honours If-None-Match; `maxAge` sets Cache-Control for clients and proxies.
 * Returns the prepared Response (typed `never` so typed OpenAPI handlers accept it).
 */
export async function cachedResponse(
  c: Context,
  ctx: ApiContext,
  compute: () => Computed | Promise<Computed>,
  maxAge = 60,
): Promise<never> {
  const key = cacheKey(ctx, c.req.url);
  let entry: CachedResponse | undefined = ctx.cache.get(key);
  if (!entry) {
    // Identical queries arriving together share one computation.
    let pending = inflight.get(key);
    if (!pending) {
      pending = (async () => {
        const r = await compute();
        return ctx.cache.set(key, {
          status: r.status ?? 200,
          body: r.body,
          contentType: r.contentType,
          route: c.req.routePath,
          maxAge,
        });
      })();
      inflight.set(key, pending);
      pending.then(
        () => inflight.delete(key),
        () => inflight.delete(key),
      );
    }
    entry = await pending;
  }
  // A prepared Response leaves Hono's typed-response world (its schema is documented on the route).
  return responseFor(entry, c.req.header('if-none-match')) as never;
}

/**
 * The cache key of a request URL: everything a body depends on. That is the catalog version, the
 * current minute (windows default to now, feeds carry DTSTAMP), the path and the sorted
 * parameters. Never the host or other headers: bodies are built from configuration and query only.
 */
export function cacheKey(ctx: ApiContext, requestUrl: string): string {
  const url = new URL(requestUrl);
  const params = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
  const minute = Math.floor(ctx.deps.clock() / 60_000);
  return `${ctx.deps.catalog.version}|${minute}|${url.pathname}?${new URLSearchParams(params)}`;
}

/** The HTTP response for a cache entry: 304 when If-None-Match matches its ETag. */
export function responseFor(entry: CachedResponse, ifNoneMatch: string | undefined): Response {
  const headers = {
    'content-type': entry.contentType,
    etag: entry.etag,
    'cache-control': `public, max-age=${entry.maxAge}`,
  };
  return entry.status === 200 && matchesEtag(ifNoneMatch, entry.etag)
    ? new Response(null, { status: 304, headers })
    : new Response(entry.body, { status: entry.status, headers });
}

/** JSON body helper for `cachedResponse`. */
export function json(value: unknown): { body: string; contentType: string } {
  return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
}
