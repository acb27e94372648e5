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
  const url = new URL(c.req.url);
  const params = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
  const key = `${ctx.deps.catalog.version}|${url.pathname}?${new URLSearchParams(params)}`;
  let entry: CachedResponse | undefined = ctx.cache.get(key);
  if (!entry) {
    // Identical queries arriving together share one computation.
    let pending = inflight.get(key);
    if (!pending) {
      pending = (async () => {
        const r = await compute();
        return ctx.cache.set(key, r.status ?? 200, r.body, r.contentType);
      })();
      inflight.set(key, pending);
      pending.then(
        () => inflight.delete(key),
        () => inflight.delete(key),
      );
    }
    entry = await pending;
  }
  const headers = {
    'content-type': entry.contentType,
    etag: entry.etag,
    'cache-control': `public, max-age=${maxAge}`,
  };
  const response =
    entry.status === 200 && matchesEtag(c.req.header('if-none-match'), entry.etag)
      ? new Response(null, { status: 304, headers })
      : new Response(entry.body, { status: entry.status, headers });
  // A prepared Response leaves Hono's typed-response world (its schema is documented on the route).
  return response as never;
}

/** JSON body helper for `cachedResponse`. */
export function json(value: unknown): { body: string; contentType: string } {
  return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
}
