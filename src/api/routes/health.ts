import { type ApiContext, type App, featureApp } from '../context.js';
import { freshness } from '../freshness.js';
import { body, PROBLEM_JSON } from '../problem.js';
import { liveStreamsOpen } from './live.js';

const DAY_MS = 86_400_000;

/** Liveness, readiness (with the catalog's freshness) and Prometheus metrics. */
export function healthRoutes(ctx: ApiContext): App {
  const app = featureApp();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', (c) => {
    if (ctx.deps.ready()) {
      // A stale catalog is better than none: still 200, but the body says so.
      const now = ctx.deps.clock();
      const f = freshness(ctx.deps.catalog.summary(now), ctx.deps.sources(), now);
      return c.json({
        status: f.status === 'stale' ? 'stale' : 'ready',
        objects: f.objects,
        freshness: f,
      });
    }
    return c.json(body(503, 'not-ready', 'no catalog is loaded yet', '/readyz'), 503, {
      'content-type': PROBLEM_JSON,
    });
  });

  app.get('/metrics', (c) => {
    const now = ctx.deps.clock();
    const s = ctx.deps.catalog.summary(now);
    const f = freshness(s, ctx.deps.sources(), now);
    const text = ctx.metrics.render([
      { name: 'passwatch_catalog_objects', help: 'Objects in the catalog.', value: s.objects },
      {
        name: 'passwatch_catalog_stale_objects',
        help: 'Objects with stale elements.',
        value: s.stale,
      },
      {
        name: 'passwatch_catalog_oldest_epoch_age_days',
        help: 'Age of the oldest element set, days.',
        value: s.oldestEpochMs === null ? null : (now - s.oldestEpochMs) / DAY_MS,
      },
      {
        name: 'passwatch_catalog_median_age_days',
        help: 'Median element set age, days.',
        value: s.medianAgeDays,
      },
      {
        name: 'passwatch_catalog_newest_age_days',
        help: 'Age of the newest element set, days.',
        value: f.newestAgeDays,
      },
      {
        name: 'passwatch_catalog_stale_share',
        help: 'Share of objects whose elements are older than catalog.staleDays (0 to 1).',
        value: f.staleShare,
      },
      {
        name: 'passwatch_catalog_stale',
        help: '1 when the median element age is over catalog.staleDays, else 0.',
        value: f.status === 'stale' ? 1 : 0,
      },
      ...f.sources.map((src) => ({
        name: 'passwatch_source_last_success_timestamp_seconds',
        help: 'Last successful refresh of a source (Unix time; NaN when never).',
        value: src.lastSuccess === null ? null : Date.parse(src.lastSuccess) / 1000,
        labels: { source: src.name },
      })),
      ...f.sources.map((src) => ({
        name: 'passwatch_source_last_success_age_days',
        help: 'Days since the last successful refresh of a source (NaN when never).',
        value: src.lastSuccessAgeDays,
        labels: { source: src.name },
      })),
      {
        name: 'passwatch_response_cache_entries',
        help: 'Responses in the memory cache.',
        value: ctx.cache.size,
      },
      {
        name: 'passwatch_response_cache_bytes',
        help: 'Memory the cached responses hold, bytes (bounded by api.cacheMegabytes).',
        value: ctx.cache.bytes,
      },
      { name: 'passwatch_response_cache_hits_total', help: 'Cache hits.', value: ctx.cache.hits },
      {
        name: 'passwatch_live_streams',
        help: 'Live streams open (at most api.maxLiveStreams).',
        value: liveStreamsOpen(ctx),
      },
      ...(ctx.deps.stationControl?.metrics() ?? []),
    ]);
    return c.text(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  return app;
}
