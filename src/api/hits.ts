/**
 * Cache hits answered in Node's request listener, before the Hono app sees the request: no
 * Request or Response object, no routing, no middleware chain. A hit answers exactly as the app's
 * cache middleware would (status, headers, body, 304, metrics, the request log line); everything
 * else — misses, HEAD, requests the app's guards look at, targets the adapter would normalise —
 * goes on to the app unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context.js';
import { answerOf, requestKey } from './respond.js';

/** Answers a request itself (true) or leaves it to the app (false). */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

// The request targets and Host headers @hono/node-server takes as they are (its `reValidHost`,
// `reValidRequestUrl`, `reDotSegment`, less '#' and '%'): for these the app's URL is exactly
// `http://${host}${target}` and its path the target up to '?', so the key and the logged path are
// the app's. Anything else (percent-escapes, dot segments, an unusual Host) goes to the app.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const PLAIN_TARGET = /^\/v1\/[!$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

export interface HitOptions {
  /** The app guards this request (admin token): never answered here. */
  guarded: (method: string, path: string) => boolean;
  /** Cross-origin headers are configured: every request goes through the app's CORS middleware. */
  cors: boolean;
}

/**
 * The fast path for cache hits of `GET /v1/...` (see `cachedResponse`): the same cache key, the
 * same answer (`answerOf`), counted in the metrics and logged as the app does.
 */
export function cacheHits(ctx: ApiContext, options: HitOptions): EarlyAnswer {
  if (options.cors) return () => false;
  return (request, response) => {
    if (request.method !== 'GET') return false;
    const target = request.url ?? '';
    const host = request.headers.host;
    if (
      host === undefined ||
      !target.startsWith('/v1/') ||
      !PLAIN_TARGET.test(target) ||
      DOT_SEGMENT.test(target) ||
      !PLAIN_HOST.test(host)
    ) {
      return false;
    }
    const query = target.indexOf('?');
    const path = query < 0 ? target : target.slice(0, query);
    if (options.guarded('GET', path)) return false;
    const started = performance.now();
    const { key, maxAgeCap } = requestKey(ctx, `http://${host}${target}`, ctx.deps.clock());
    const entry = ctx.cache.find(key);
    if (!entry) return false;
    const { status, headers, body } = answerOf(entry, request.headers['if-none-match'], maxAgeCap);
    response.writeHead(
      status,
      body === null ? headers : { ...headers, 'content-length': String(body.byteLength) },
    );
    if (body === null) response.end();
    else response.end(body);
    const ms = performance.now() - started;
    ctx.metrics.request('GET', entry.route, status, ms / 1000);
    ctx.deps.log({
      event: 'request',
      method: 'GET',
      route: entry.route,
      path,
      status,
      ms: Math.round(ms * 10) / 10,
    });
    return true;
  };
}
