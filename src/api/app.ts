/**
 * The HTTP API: a Hono app built from its dependencies, separate from listening (see server.ts),
 * so tests call `app.request(...)` in process.
 */
import { Predictions } from '../predict/predictions.js';
import { type ApiContext, type ApiDeps, type App, featureApp } from './context.js';
import { registerDocs } from './docs.js';
import { ClientGone, HeavyLimiter } from './heavy.js';
import { cacheHits, type EarlyAnswer } from './hits.js';
import { Metrics } from './metrics.js';
import { allowedMethods, guardedPaths, useMiddleware } from './middleware.js';
import { ProblemError, problemResponse, toProblemError } from './problem.js';
import { ResponseCache } from './respond.js';
import { bodyRoutes } from './routes/bodies.js';
import { catalogRoutes } from './routes/catalog.js';
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
    heavy: new HeavyLimiter({
      concurrency: deps.config.api.heavyConcurrency,
      budgetSatelliteDays: deps.config.api.workBudgetSatelliteDays,
    }),
    cache: new ResponseCache(deps.cacheBytes ?? deps.config.api.cacheMegabytes * 1_048_576),
    metrics: deps.metrics ?? new Metrics(),
  };
  deps.catalog.onChange(() => context.cache.clear());

  const app = featureApp();
  const guarded = guardedPaths(deps);
  useMiddleware(app, context, guarded);

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
