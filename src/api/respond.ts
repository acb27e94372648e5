import type { Context } from 'hono';
import { type CachedResponse, matchesEtag } from './cache.js';
import type { ApiContext } from './context.js';

interface Computed {
  /** A string, or UTF-8 bytes (see `slicedJson`). */
  body: string | Buffer;
  contentType: string;
  status?: number;
}

interface Inflight {
  promise: Promise<CachedResponse>;
  controller: AbortController;
  waiters: number;
}

const inflight = new Map<string, Inflight>();

export interface CachedOptions {
  /** Seconds clients and proxies may keep the answer (default 60). */
  maxAge?: number;
  /** Expensive: computed under the heavy-request limit (`api.heavyConcurrency`). */
  heavy?: boolean;
}

/**
 * Answer from the response cache, or compute, cache and answer. The key is everything the body
 * depends on (see `cacheKey`), so refreshed elements never serve stale predictions. Sends an ETag
 * and honours If-None-Match; `maxAge` sets Cache-Control for clients and proxies. Identical
 * queries arriving together share one computation, which is abandoned (its signal aborts) once
 * every client waiting for it has gone away; a query arriving after that starts a new one.
 * Returns the prepared Response (typed `never` so typed OpenAPI handlers accept it).
 */
export async function cachedResponse(
  c: Context,
  ctx: ApiContext,
  compute: (signal: AbortSignal) => Computed | Promise<Computed>,
  options: CachedOptions = {},
): Promise<never> {
  const maxAge = options.maxAge ?? 60;
  const nowMs = ctx.deps.clock();
  const { key, maxAgeCap: cap } = requestKey(ctx, c.req.url, nowMs);
  let entry: CachedResponse | undefined = ctx.cache.get(key);
  if (!entry) {
    let job = inflight.get(key);
    // One abandoned by its last client is still winding down: a new client starts afresh.
    if (!job || job.controller.signal.aborted) {
      const controller = new AbortController();
      const run = async () => {
        const r = await compute(controller.signal);
        return ctx.cache.set(key, {
          status: r.status ?? 200,
          body: r.body,
          contentType: r.contentType,
          route: c.req.routePath,
          maxAge,
        });
      };
      const created: Inflight = {
        controller,
        waiters: 0,
        promise: options.heavy ? ctx.heavy.run(run, controller.signal) : run(),
      };
      job = created;
      inflight.set(key, created);
      const forget = () => {
        if (inflight.get(key) === created) inflight.delete(key);
      };
      created.promise.then(forget, forget);
    }
    entry = await waitFor(job, c.req.raw.signal);
  }
  // A prepared Response leaves Hono's typed-response world (its schema is documented on the route).
  return responseFor(entry, c.req.header('if-none-match'), cap) as never;
}

/** Wait for a shared computation; the last waiter to go away abandons it. */
async function waitFor(job: Inflight, signal: AbortSignal): Promise<CachedResponse> {
  job.waiters++;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    job.waiters--;
    if (job.waiters === 0) job.controller.abort();
  };
  if (signal.aborted) leave();
  else signal.addEventListener('abort', leave, { once: true });
  try {
    return await job.promise;
  } finally {
    signal.removeEventListener('abort', leave);
    if (!left) {
      left = true;
      job.waiters--;
    }
  }
}

/**
 * An answer about "now" is good until the minute ends (its window starts at the minute): the
 * seconds left, as a cap on Cache-Control max-age; null for other requests.
 */
export function maxAgeCap(requestUrl: string, nowMs: number): number | null {
  return capAt(relativeToNow(new URL(requestUrl).searchParams), nowMs);
}

const MINUTE_MS = 60_000;

const capAt = (aboutNow: boolean, nowMs: number) =>
  aboutNow ? Math.ceil((MINUTE_MS - (nowMs % MINUTE_MS)) / 1000) : null;

/** A request without `start` (or `pass`) is about now: its answer changes every minute. */
function relativeToNow(params: URLSearchParams): boolean {
  return !params.has('start') && !params.has('pass');
}

/**
 * The cache key of a request URL: the catalog version, the path and the sorted parameters, and
 * for a request about now (no `start`), the current minute, so that "now" never means the time
 * of an earlier request.
 */
export function cacheKey(ctx: ApiContext, requestUrl: string, nowMs = ctx.deps.clock()): string {
  return requestKey(ctx, requestUrl, nowMs).key;
}

/** `cacheKey` and `maxAgeCap` of a request from one parse of its URL (the cached path's cost). */
export function requestKey(
  ctx: ApiContext,
  requestUrl: string,
  nowMs: number,
): { key: string; maxAgeCap: number | null } {
  const url = new URL(requestUrl);
  const params = url.searchParams;
  const aboutNow = relativeToNow(params);
  const minute = aboutNow ? `@${Math.floor(nowMs / MINUTE_MS)}` : '';
  let query = '';
  if (params.size > 0) {
    const sorted = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    query = new URLSearchParams(sorted).toString();
  }
  return {
    key: `${ctx.deps.catalog.version}${minute}|${url.pathname}?${query}`,
    maxAgeCap: capAt(aboutNow, nowMs),
  };
}

/** What a cache entry answers: its status, headers and body (none for a 304). */
export interface CachedAnswer {
  status: number;
  headers: { 'content-type': string; etag: string; 'cache-control': string };
  body: Buffer | null;
}

/**
 * The answer of a cache entry, 304 when If-None-Match matches its ETag: one definition for the
 * Hono route (`responseFor`) and the listener's fast path (`hits.ts`).
 */
export function answerOf(
  entry: CachedResponse,
  ifNoneMatch: string | undefined,
  maxAgeCap: number | null = null,
): CachedAnswer {
  const maxAge = maxAgeCap === null ? entry.maxAge : Math.min(entry.maxAge, maxAgeCap);
  const headers = {
    'content-type': entry.contentType,
    etag: entry.etag,
    'cache-control': `public, max-age=${maxAge}`,
  };
  return entry.status === 200 && matchesEtag(ifNoneMatch, entry.etag)
    ? { status: 304, headers, body: null }
    : { status: entry.status, headers, body: entry.body };
}

/** The HTTP response for a cache entry: 304 when If-None-Match matches its ETag. */
export function responseFor(
  entry: CachedResponse,
  ifNoneMatch: string | undefined,
  maxAgeCap: number | null = null,
): Response {
  const { status, headers, body } = answerOf(entry, ifNoneMatch, maxAgeCap);
  return new Response(body, { status, headers });
}

/** JSON body helper for `cachedResponse`; `json<WireType>({...})` checks the body's shape. */
export function json<T>(value: T): { body: string; contentType: string } {
  return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
}
