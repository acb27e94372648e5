/**
 * The HTTP API: a Hono app built from its dependencies, separate from listening (see server.ts),
 * so tests call `app.request(...)` in process.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import type { Alerts } from '../alerts/index.js';
import type { Catalog, RefreshRequest, SourceReport, SourceStatus } from '../catalog/index.js';
import { Predictions } from '../predict/predictions.js';
import type { Stations } from '../station/registry.js';
import { ResponseCache } from './cache.js';
import { registerDocs } from './docs.js';
import { allowedMethods, gate, limitBody, requireJsonBody } from './guards.js';
import { ClientGone, HeavyLimiter } from './heavy.js';
import { Metrics, routeLabel } from './metrics.js';
import { ProblemError, problemResponse, toProblemError } from './problem.js';
import { cacheKey, maxAgeCap, responseFor } from './respond.js';
import { registerBodyRoutes } from './routes/bodies.js';
import { registerCatalogRoutes, requireAdmin } from './routes/catalog.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerObserverRoutes } from './routes/observers.js';
import { registerPassRoutes } from './routes/passes.js';
import { registerRadioRoutes, type TransmitterLookup } from './routes/radio.js';
import { registerSatelliteRoutes } from './routes/satellites.js';
import { registerSkyRoutes } from './routes/sky.js';
import { isStationWrite, registerStationAdminRoutes } from './routes/station-admin.js';
import { registerStationRoutes } from './routes/stations.js';
import { registerSubscriptionRoutes } from './routes/subscriptions.js';
import { registerTransitRoutes } from './routes/transits.js';
import type { ApiConfig } from './settings.js';

export type ApiLog = (event: { event: string } & Record<string, unknown>) => void;

export interface ApiDeps {
  /** The API's settings sections, the named observers and the admin token. */
  config: ApiConfig;
  catalog: Catalog;
  /** Current time, epoch ms. */
  clock: () => number;
  /** Configured sources with their refresh state. */
  sources: () => SourceStatus[];
  /** Run a refresh now; absent when the server has no refresher. */
  refresh?: (request: RefreshRequest) => Promise<SourceReport[]>;
  /** Ready once a catalog is loaded. */
  ready: () => boolean;
  log: ApiLog;
  /** Memory the response cache may hold, bytes (default `api.cacheMegabytes`). */
  cacheBytes?: number;
  /** Shared with whoever counts refresh outcomes (see `serveHttp` in main.ts). */
  metrics?: Metrics;
  /**
   * Base URL the server is reached at (`alerts.publicUrl`), for absolute links in answers; never
   * taken from a request's Host header. Without it links are relative or left out.
   */
  publicUrl?: string | null;
  /** The alerts service; the /v1/subscriptions routes exist only with it. */
  alerts?: Alerts | null;
  /** The SatNOGS transmitter list (transmitter and Doppler-per-transmitter routes). */
  transmitters?: TransmitterLookup | null;
  /**
   * Configured and stored stations (`PUT`/`DELETE /v1/stations/{name}` need its store); the
   * configured ones only when absent.
   */
  stations?: Stations | null;
}

/** What route handlers share. */
export interface ApiContext {
  deps: ApiDeps;
  predictions: Predictions;
  /** The limit on expensive requests computed at once. */
  heavy: HeavyLimiter;
  cache: ResponseCache;
  metrics: Metrics;
}

/** Per-request values middleware shares. */
export type AppEnv = { Variables: { cachedRoute: string } };

export type App = OpenAPIHono<AppEnv>;

/** Build the API. */
export function createApp(deps: ApiDeps): { app: App; context: ApiContext } {
  const context: ApiContext = {
    deps,
    predictions: new Predictions(deps.catalog),
    heavy: new HeavyLimiter({ concurrency: deps.config.api.heavyConcurrency }),
    cache: new ResponseCache(deps.cacheBytes ?? deps.config.api.cacheMegabytes * 1_048_576),
    metrics: deps.metrics ?? new Metrics(),
  };
  deps.catalog.onChange(() => context.cache.clear());

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.map((issue) => ({
        parameter: issue.path.map(String).join('.') || 'request',
        detail: issue.message,
      }));
      const detail = errors.map((e) => `${e.parameter}: ${e.detail}`).join('; ');
      return problemResponse(c, new ProblemError(400, 'invalid-parameter', detail, errors));
    },
  });

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
  app.use(
    '*',
    gate(
      (c) =>
        (c.req.method === 'POST' && c.req.path === '/v1/catalog/refresh') ||
        (deps.alerts != null && /^\/v1\/subscriptions(?:\/|$)/.test(c.req.path)) ||
        isStationWrite(c.req.method, c.req.path),
      (c) => requireAdmin(c, context),
    ),
  );
  app.use('*', requireJsonBody);

  // Fast path: a repeated query on unchanged elements is answered before routing and validation
  // (only valid, successful answers are ever cached).
  app.use('/v1/*', async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const nowMs = context.deps.clock();
    const hit = context.cache.get(cacheKey(context, c.req.url, nowMs));
    if (!hit) return next();
    c.set('cachedRoute', hit.route);
    c.res = responseFor(hit, c.req.header('if-none-match'), maxAgeCap(c.req.url, nowMs));
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

  registerHealthRoutes(app, context);
  registerSatelliteRoutes(app, context);
  registerPassRoutes(app, context);
  registerSkyRoutes(app, context);
  registerBodyRoutes(app, context);
  registerTransitRoutes(app, context);
  registerRadioRoutes(app, context);
  registerStationRoutes(app, context);
  registerStationAdminRoutes(app, context);
  registerCatalogRoutes(app, context);
  if (deps.alerts) registerSubscriptionRoutes(app, context, deps.alerts);
  registerObserverRoutes(app, context);
  registerDocs(app);
  return { app, context };
}
