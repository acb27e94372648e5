/**
 * The response cache, all of it: the store (`ResponseCache`), the key of a request, the answer of
 * an entry (ETag, 304, Cache-Control), the fast path every `GET /v1/...` passes before routing
 * (`cacheFastPath`), and `cachedResponse`, the one call a route hands its work to: it joins an
 * identical request under way or starts the computation (an expensive one under `heavy.ts`'s
 * budget and limit), stores the answer and answers.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import { matchesEtag } from '../format/etag.js';
import type { HeavyLimiter, WorkRequest } from './heavy.js';

/** What the cache needs of the API's context (`ApiContext`, which holds the cache). */
export interface CacheContext {
  deps: { clock: () => number; catalog: { readonly version: number } };
  cache: ResponseCache;
  heavy: HeavyLimiter;
}

/** A finished response kept for identical queries. */
export interface CachedResponse {
  status: number;
  /** UTF-8 bytes, encoded once: each answer writes them as they are. */
  body: Buffer;
  contentType: string;
  etag: string;
  /** The route pattern that produced it (for logs and metrics of cache hits). */
  route: string;
  maxAge: number;
}

/** Bytes an entry holds: its body, key and headers (UTF-16 in memory), plus object overhead. */
const OVERHEAD_BYTES = 512;
function entrySize(entry: CachedResponse, key: string): number {
  return (
    entry.body.byteLength +
    2 * (key.length + entry.contentType.length + entry.route.length) +
    OVERHEAD_BYTES
  );
}

/**
 * Responses of identical queries, in memory, least recently used first out, bounded by the memory
 * they hold (`maxBytes`), not by their count: a few thousand distinct large answers cannot grow
 * the process without limit. Keys include the catalog version, so a refresh that changes elements
 * invalidates everything (and `clear()` drops the old entries at once). An entry larger than an
 * eighth of the budget is answered but not kept.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse> | null;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {
    this.entries =
      maxBytes >= OVERHEAD_BYTES * 8
        ? new LRUCache<string, CachedResponse>({
            maxSize: maxBytes,
            maxEntrySize: Math.floor(maxBytes / 8),
            sizeCalculation: entrySize,
          })
        : null;
  }

  get(key: string): CachedResponse | undefined {
    const hit = this.entries?.get(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  /**
   * An entry if there is one, counting only a hit: for a look-up that hands misses on to one that
   * counts them (the listener's fast path before the app).
   */
  find(key: string): CachedResponse | undefined {
    const hit = this.entries?.get(key);
    if (hit) this.hits++;
    return hit;
  }

  /** Keep an answer (a string body is stored as its UTF-8 bytes); returns the entry with its ETag. */
  set(
    key: string,
    response: Omit<CachedResponse, 'etag' | 'body'> & { body: string | Buffer },
  ): CachedResponse {
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    const entry = { ...response, body, etag: etagOf(body) };
    this.entries?.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries?.clear();
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Bytes the entries hold, as counted against `maxBytes`. */
  get bytes(): number {
    return this.entries?.calculatedSize ?? 0;
  }
}

/** A strong ETag from the body's SHA-1. */
export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

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

/** The keys of requests the fast path looked up and missed, for `cachedResponse`. */
const missedKeys = new WeakMap<Request, RequestKey>();

export interface CachedOptions {
  /** Seconds clients and proxies may keep the answer (default 60). */
  maxAge?: number;
  /** Expensive: computed under the heavy-request limit (`api.heavyConcurrency`). */
  heavy?: boolean;
  /** What it costs: checked against the work budget, then computed under the limit (`heavy`). */
  cost?: WorkRequest;
}

/**
 * The cache's look-up for every `GET /v1/...`, before routing and validation: a hit is answered
 * here (only valid, successful answers are ever cached); a miss goes on to the route with its key
 * kept, so `cachedResponse` does not build it or look it up again. Served over a socket, `hits.ts`
 * answers most hits earlier still, in Node's request listener, the same way.
 */
export function cacheFastPath(
  ctx: CacheContext,
): MiddlewareHandler<{ Variables: { cachedRoute: string } }> {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const known = requestKey(ctx, c.req.url, ctx.deps.clock());
    const hit = ctx.cache.get(known.key);
    if (!hit) {
      missedKeys.set(c.req.raw, known);
      return next();
    }
    c.set('cachedRoute', hit.route);
    c.res = responseFor(hit, c.req.header('if-none-match'), known.maxAgeCap);
  };
}

/**
 * Answer from the response cache, or compute, cache and answer. The key is everything the body
 * depends on (see `cacheKey`), so refreshed elements never serve stale predictions. Sends an ETag
 * and honours If-None-Match; `maxAge` sets Cache-Control for clients and proxies. Identical
 * queries arriving together share one computation, which is abandoned (its signal aborts) once
 * every client waiting for it has gone away; a query arriving after that starts a new one.
 * Returns the prepared Response (typed `never` so typed OpenAPI handlers accept it).
 *
 * @throws ProblemError `work-budget-exceeded` (422) or `busy` (503) for `heavy`/`cost` work.
 */
export async function cachedResponse(
  c: Context,
  ctx: CacheContext,
  compute: (signal: AbortSignal) => Computed | Promise<Computed>,
  options: CachedOptions = {},
): Promise<never> {
  const maxAge = options.maxAge ?? 60;
  // The fast path looked this request up a moment ago and missed (HEAD does not pass it).
  const missed = missedKeys.get(c.req.raw);
  const { key, maxAgeCap: cap } = missed ?? requestKey(ctx, c.req.url, ctx.deps.clock());
  let entry: CachedResponse | undefined = missed ? undefined : ctx.cache.get(key);
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
      const heavy = options.heavy || options.cost !== undefined;
      const created: Inflight = {
        controller,
        waiters: 0,
        // Over the budget, `run` throws here, before anything is shared.
        promise: heavy ? ctx.heavy.run(run, controller.signal, options.cost) : run(),
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
export function cacheKey(ctx: CacheContext, requestUrl: string, nowMs = ctx.deps.clock()): string {
  return requestKey(ctx, requestUrl, nowMs).key;
}

/** A request's cache key and max-age cap. */
export interface RequestKey {
  key: string;
  maxAgeCap: number | null;
}

/** `cacheKey` and `maxAgeCap` of a request from one parse of its URL (the cached path's cost). */
export function requestKey(ctx: CacheContext, requestUrl: string, nowMs: number): RequestKey {
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

/**
 * The HTTP response for a cache entry: 304 when If-None-Match matches its ETag. The body's length
 * is a header of its own, so a HEAD answer (the same response, its body dropped) says it too.
 */
export function responseFor(
  entry: CachedResponse,
  ifNoneMatch: string | undefined,
  maxAgeCap: number | null = null,
): Response {
  const { status, headers, body } = answerOf(entry, ifNoneMatch, maxAgeCap);
  if (body === null) return new Response(null, { status, headers });
  const withLength = { ...headers, 'content-length': String(body.byteLength) };
  return new Response(body, { status, headers: withLength });
}

/** JSON body helper for `cachedResponse`; `json<WireType>({...})` checks the body's shape. */
export function json<T>(value: T): { body: string; contentType: string } {
  return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
}
