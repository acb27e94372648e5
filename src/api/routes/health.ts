import type { ApiContext, App } from '../app.js';
import { body, PROBLEM_JSON } from '../problem.js';

const DAY_MS = 86_400_000;

export function registerHealthRoutes(app: App, ctx: ApiContext): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', (c) => {
    if (ctx.deps.ready()) return c.json({ status: 'ready', objects: ctx.deps.catalog.size });
    return c.json(body(503, 'not-ready', 'no catalog is loaded yet', '/readyz'), 503, {
      'content-type': PROBLEM_JSON,
    });
  });

  app.get('/metrics', (c) => {
    const now = ctx.deps.clock();
    const s = ctx.deps.catalog.summary(now);
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
    ]);
    return c.text(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}
