/**
 * The HTTP API: a Hono app built from its dependencies, separate from listening (see server.ts),
 * so tests call `app.request(...)` in process.
 */
import { cors } from 'hono/cors';
import { Predictions } from '../predict/predictions.js';
import { ResponseCache } from './cache.js';
import { type ApiContext, type ApiDeps, type App, featureApp } from './context.js';
import { registerDocs } from './docs.js';
import { allowedMethods, gate, limitBody, requireJsonBody } from './guards.js';
import { ClientGone, HeavyLimiter } from './heavy.js';
import { cacheHits, type EarlyAnswer } from './hits.js';
import { Metrics, routeLabel } from './metrics.js';
import { ProblemError, problemResponse, toProblemError } from './problem.js';
import { requestKey, responseFor } from './respond.js';
import { bodyRoutes } from './routes/bodies.js';
import { catalogRoutes, requireAdmin } from './routes/catalog.js';
import { conjunctionRoutes } from './routes/conjunctions.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { liveRoutes } from './routes/live.js';
import { observerRoutes } from './routes/observers.js';
import { passRoutes } from './routes/passes.js';
import { radioRoutes } from './routes/radio.js';
import { satelliteRoutes } from './routes/satellites.js';
import { skyRoutes } from './routes/sky.js';
import { stationAdminRoutes } from './routes/station-admin.js';
import { stationStatusRoutes } from './routes/station-status.js';
import { stationRoutes } from './routes/stations.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { transitRoutes } from './routes/transits.js';

/**
 * Build the API. `hits` answers cache hits before the app (give it to `listen`); the app answers
 * them too, identically, when called without it.
 */
export function createApp(deps: ApiDeps): { app: App; context: ApiContext; hits: EarlyAnswer } {
  const context: ApiContext = {
    deps,
    predictions: new Predictions(deps.catalog),
    heavy: new HeavyLimiter({ concurrency: deps.config.api.heavyConcurrency }),
    cache: new ResponseCache(deps.cacheBytes ?? deps.config.api.cacheMegabytes * 1_048_576),
    metrics: deps.metrics ?? new Metrics(),
  };
  deps.catalog.onChange(() => context.cache.clear());

  const app = featureApp();

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
  const guarded = (method: string, path: string) =>
    (method === 'POST' && path === '/v1/catalog/refresh') ||
    (deps.alerts != null && /^\/v1\/subscriptions(?:\/|$)/.test(path)) ||
    // A station written or deleted (`routes/station-admin.ts`).
    ((method === 'PUT' || method === 'DELETE') && /^\/v1\/stations\/[^/]+\/?$/.test(path));
  app.use(
    '*',
    gate(
      (c) => guarded(c.req.method, c.req.path),
      (c) => requireAdmin(c, context),
    ),
  );
  app.use('*', requireJsonBody);

  // Fast path: a repeated query on unchanged elements is answered before routing and validation
  // (only valid, successful answers are ever cached). Served over a socket, `hits` answers most of
  // them earlier still, in Node's request listener, the same way.
  app.use('/v1/*', async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const nowMs = context.deps.clock();
    const { key, maxAgeCap } = requestKey(context, c.req.url, nowMs);
    const hit = context.cache.get(key);
    if (!hit) return next();
    c.set('cachedRoute', hit.route);
    c.res = responseFor(hit, c.req.header('if-none-match'), maxAgeCap);
  });

  app.onError((error, c) => {
    if (error instanceof ClientGone || c.req.raw.signal.aborted) {
      // Nobody is listening: say so in the log, not as a failure.
      deps.log({ event: 'abandoned', path: c.req.path, reason: 'the client went away' });
      return c.body(null, 503);
    }
    if (!(error instanceof ProblemError) && toProblemError(error).slug === 'internal-error') {
      deps.log({ event: 'error', path: c.req.path, message: error.message, stack: error.stack });
    }
    return problemResponse(c, error);
  });
  const allowed = allowedMethods(app.routes);
  app.notFound((c) => {
    const allow = allowed(c.req.path);
    if (allow.length > 0 && !allow.includes(c.req.method)) {
      const detail = `${c.req.path} answers ${allow.join(', ')}, not ${c.req.method}`;
      return problemResponse(
        c,
        new ProblemError(405, 'method-not-allowed', detail, [], {}, { allow: allow.join(', ') }),
      );
    }
    const detail = `no route for ${c.req.method} ${c.req.path}; see /docs`;
    return problemResponse(c, new ProblemError(404, 'not-found', detail));
  });

  // One sub-app per feature, each with its routes' full paths; the order is the document's.
  app.route('/', healthRoutes(context));
  app.route('/', satelliteRoutes(context));
  if (deps.watch) {
    app.route('/', eventRoutes(context, deps.watch));
    app.route('/', conjunctionRoutes(context, deps.watch));
  }
  app.route('/', passRoutes(context));
  app.route('/', skyRoutes(context));
  app.route('/', bodyRoutes(context));
  app.route('/', transitRoutes(context));
  app.route('/', radioRoutes(context));
  app.route('/', stationRoutes(context));
  app.route('/', stationAdminRoutes(context));
  app.route('/', stationStatusRoutes(context));
  app.route('/', liveRoutes(context));
  app.route('/', catalogRoutes(context));
  if (deps.alerts) app.route('/', subscriptionRoutes(context, deps.alerts));
  app.route('/', observerRoutes(context));
  registerDocs(app);
  const hits = cacheHits(context, { guarded, cors: deps.config.server.corsOrigins.length > 0 });
  return { app, context, hits };
}
