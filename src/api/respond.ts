import type { Context } from 'hono';
import type { ApiContext } from './app.js';
import { type CachedResponse, matchesEtag } from './cache.js';

/**
 * Answer from the response cache, or compute, cache and answer. The key is the normalised query
 * plus the catalog version, so refreshed elements never serve stale predictions. Sends an ETag
 * and honours If-None-Match; `maxAge` sets Cache-Control for clients and proxies.
 * Returns the prepared Response (typed `never` so typed OpenAPI handlers accept it).
 */
export function cachedResponse(
  c: Context,
  ctx: ApiContext,
  compute: () => { body: string; contentType: string; status?: number },
  maxAge = 60,
): never {
  const url = new URL(c.req.url);
  const params = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
  const key = `${ctx.deps.catalog.version}|${url.pathname}?${new URLSearchParams(params)}`;
  let entry: CachedResponse | undefined = ctx.cache.get(key);
  if (!entry) {
    const r = compute();
    entry = ctx.cache.set(key, r.status ?? 200, r.body, r.contentType);
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
