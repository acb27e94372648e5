/**
 * What every request passes before its route, in order, in one place (`useMiddleware`): timed,
 * logged and counted; a HEAD answer's Content-Length; CORS when configured; refused when hostile or malformed, before any route
 * reads it: bodies over the limit (413, before they are read whole), admin routes without the
 * token (401/403, before any validation), bodies that are not JSON (415); then the response
 * cache's fast path. Also here: the methods a path has, for the app's 405 with Allow.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { PatternRouter } from 'hono/router/pattern-router';
import type { ApiContext, ApiDeps, App } from './context.js';
import { routeLabel } from './metrics.js';
import { ProblemError } from './problem.js';
import { cacheFastPath } from './respond.js';
import { requireAdmin } from './routes/catalog.js';

/**
 * The middleware of every request, in the order it runs. `guarded` says which requests need the
 * admin token (`guardedPaths`).
 */
export function useMiddleware(
  app: App,
  context: ApiContext,
  guarded: (method: string, path: string) => boolean,
): void {
  const { deps } = context;
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    const route = c.get('cachedRoute') ?? routeLabel(c);
    context.metrics.request(c.req.method, route, c.res.status, ms / 1000);
    deps.log({
      event: 'request',
      method: c.req.method,
      route,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(ms * 10) / 10,
    });
  });

  // A HEAD answer is the GET's with its body dropped (by Hono, after this): it says the body's
  // length as the GET would. Cached answers say it already; an event stream has none.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'HEAD' || c.res.headers.has('content-length')) return;
    if (c.res.headers.get('content-type')?.startsWith('text/event-stream')) return;
    if (c.res.body === null) return;
    const bytes = (await c.res.clone().arrayBuffer()).byteLength;
    c.res.headers.set('content-length', String(bytes));
  });

  if (deps.config.server.corsOrigins.length > 0) {
    const origins = deps.config.server.corsOrigins;
    app.use(
      '*',
      cors({
        origin: origins.includes('*') ? '*' : origins,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
        exposeHeaders: ['ETag'],
      }),
    );
  }

  // Hostile input is refused before any route reads it: oversized bodies (authenticated or not),
  // then admin routes without the token, then bodies that are not JSON.
  app.use('*', limitBody(Math.round(deps.config.server.maxBodyMegabytes * 1_048_576)));
  app.use(
    '*',
    gate(
      (c) => guarded(c.req.method, c.req.path),
      (c) => requireAdmin(c, context),
    ),
  );
  app.use('*', requireJsonBody);

  // A repeated query on unchanged elements is answered before routing and validation.
  app.use('/v1/*', cacheFastPath(context));
}

/** The requests that need the admin token (also asked by the listener's fast path, `hits.ts`). */
export function guardedPaths(deps: ApiDeps): (method: string, path: string) => boolean {
  return (method, path) =>
    (method === 'POST' && path === '/v1/catalog/refresh') ||
    (deps.alerts != null && /^\/v1\/subscriptions(?:\/|$)/.test(path)) ||
    // A station written or deleted (`routes/station-admin.ts`).
    ((method === 'PUT' || method === 'DELETE') && /^\/v1\/stations\/[^/]+\/?$/.test(path));
}

/** 413 for a body over `maxBytes`, judged from Content-Length or while streaming it. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ProblemError(
        413,
        'body-too-large',
        `the request body is over this server's limit of ${maxBytes} bytes`,
        [{ parameter: 'body', detail: `at most ${maxBytes} bytes` }],
        { maxBodyBytes: maxBytes },
      );
    },
  });
  return (c, next) => (hasBody(c) ? limit(c, next) : next());
}

/** Run `check` (which throws a problem) first on requests it `applies` to. */
export function gate(
  applies: (c: Context) => boolean,
  check: (c: Context) => void,
): MiddlewareHandler {
  return async (c, next) => {
    if (applies(c)) check(c);
    await next();
  };
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** 415 for a POST/PUT/PATCH whose body is not declared JSON. */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (hasBody(c) && !JSON_TYPE.test(type)) {
    throw new ProblemError(
      415,
      'unsupported-media-type',
      `request bodies are JSON: send Content-Type: application/json${type ? ` (got ${type})` : ''}`,
      [{ parameter: 'Content-Type', detail: type ? `${type} is not JSON` : 'missing' }],
    );
  }
  await next();
};

function hasBody(c: Context): boolean {
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return false;
  const length = c.req.header('content-length');
  if (length !== undefined) return length.trim() !== '0';
  return c.req.raw.body !== null || c.req.header('transfer-encoding') !== undefined;
}

/**
 * The methods routes answer on a path (HEAD with GET), from the app's registered routes;
 * middleware (`ALL`) does not count.
 */
export function allowedMethods(
  routes: readonly { method: string; path: string }[],
): (path: string) => string[] {
  let router: PatternRouter<string> | null = null;
  return (path) => {
    if (!router) {
      router = new PatternRouter<string>();
      for (const r of routes) if (r.method !== 'ALL') router.add(r.method, r.path, r.method);
    }
    const found = new Set<string>();
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (router.match(method, path)[0].length > 0) found.add(method);
    }
    if (found.has('GET')) found.add('HEAD');
    return [...found];
  };
}

/** A body that is not JSON is a 400 naming `body` (before the schema sees it). */
export const jsonBody: MiddlewareHandler = async (c, next) => {
  try {
    await c.req.json();
  } catch (error) {
    throw ProblemError.parameter(
      'body',
      `the body is not valid JSON (${(error as Error).message}); send a JSON object with Content-Type: application/json`,
    );
  }
  await next();
};
