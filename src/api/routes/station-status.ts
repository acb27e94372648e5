/**
 * `GET /v1/stations/{name}/status`: what a driven station is doing now — the pass tracked, the
 * rotator's planned, commanded and reported position, the radios' target, commanded and reported
 * frequencies, each daemon's connection, the next pass and the newest command log entries.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type ApiContext, type App, featureApp, type StationControlView } from '../context.js';

export type { StationControlView };

import { numberParam } from '../params.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { stationPath, stationsOf } from './stations.js';

const MAX_LOG = 1000;

const statusRoute = createRoute({
  method: 'get',
  path: '/v1/stations/{name}/status',
  summary: 'What a station driven through hamlib is doing now',
  description:
    'The pass tracked (or being prepared), the rotator’s target (the plan’s position), commanded and reported azimuth/elevation, the radios’ Doppler-corrected target, commanded and reported frequencies, each daemon’s connection (state, counters, last error), the next pass, and the newest `log` entries of the command log. A station without `control.enabled` answers `enabled: false`.',
  request: {
    params: z.object({ name: stationPath }),
    query: z.object({
      log: numberParam(
        'log',
        0,
        MAX_LOG,
        `Newest command log entries to include (default 50, at most ${MAX_LOG}).`,
      ),
    }),
  },
  responses: {
    200: {
      description: 'The status',
      content: { 'application/json': { schema: z.object({}).passthrough() } },
    },
    ...problemResponses,
  },
});

export function stationStatusRoutes(ctx: ApiContext): App {
  const app = featureApp();
  app.openapi(statusRoute, (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const stations = stationsOf(ctx);
    if (!stations.get(name)) {
      const known = stations.list().map((e) => e.name);
      const detail = `no station "${name}"; known: ${known.length ? known.join(', ') : 'none'}`;
      throw new ProblemError(404, 'unknown-station', detail, [{ parameter: 'name', detail }]);
    }
    if (q.log !== undefined && !Number.isInteger(q.log)) {
      throw ProblemError.parameter('log', `log must be a whole number from 0 to ${MAX_LOG}`);
    }
    const runtime = ctx.deps.stationControl?.get(name);
    c.header('cache-control', 'no-store');
    if (!runtime) {
      const problem = ctx.deps.stationControl?.problem?.(name);
      return c.json({
        station: name,
        enabled: false,
        detail: problem
          ? `station "${name}" could not be driven: ${problem}`
          : `station "${name}" is not driven (control.enabled is false); its plan is at /v1/stations/${name}/schedule`,
      });
    }
    return c.json(runtime.statusJson(q.log ?? 50));
  });
  return app;
}
