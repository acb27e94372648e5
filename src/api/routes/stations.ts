/** Station routes: the configured radio stations and their schedules (JSON and iCalendar). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Stations } from '../../station/registry.js';
import {
  scheduleIcs,
  scheduleJson,
  scheduleStationInSlices,
  stationSpec,
  stationZone,
} from '../../station/service.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { checkWorkBudget } from '../heavy.js';
import { resolveWindow, resolveZone, tzQuery, windowQuery } from '../params.js';
import { problemResponses } from '../schemas.js';

/** Every station (configured and stored through the API). */
export function stationsOf(ctx: ApiContext): Stations {
  return ctx.deps.stations ?? new Stations(ctx.deps.config, null);
}

/** A station as the API shows it: its name, where it comes from, and its settings. */
export function stationJson(e: ReturnType<Stations['list']>[number]) {
  return {
    name: e.name,
    owner: e.owner,
    ...e.settings,
    created: e.createdMs === null ? null : new Date(e.createdMs).toISOString(),
    updated: e.updatedMs === null ? null : new Date(e.updatedMs).toISOString(),
  };
}

export const stationPath = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message: 'a station name (letters, digits, "_", "-")',
  })
  .openapi({ param: { name: 'name', in: 'path' }, example: 'shack' });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/stations',
  summary: 'Radio stations: those of the configuration and those created through the API',
  description:
    '`owner` is `config` (read-only here) or `api` (`PUT`/`DELETE /v1/stations/{name}` with the admin token). `problems` lists stored stations that can no longer be used (e.g. their observer left the configuration); they are kept as they are.',
  responses: {
    200: {
      description: 'Stations with their site, rotator and satellites',
      content: {
        'application/json': {
          schema: z.object({
            stations: z.array(z.object({}).passthrough()),
            problems: z.array(z.object({ name: z.string(), message: z.string() })),
          }),
        },
      },
    },
  },
});

/** The schedule query: a window bounded by `api.maxDays` (made once per app). */
const scheduleQuery = (maxDays: number) => z.object({ ...windowQuery(maxDays), ...tzQuery });
type ScheduleParams = z.infer<ReturnType<typeof scheduleQuery>>;

/** The schedule routes, their window bounded by `api.maxDays` (made once per app). */
function scheduleRoutes(maxDays: number) {
  const request = { params: z.object({ name: stationPath }), query: scheduleQuery(maxDays) };
  return {
    json: createRoute({
      method: 'get',
      path: '/v1/stations/{name}/schedule',
      summary: "A station's schedule: the passes to work, exactly maximising the total priority",
      description:
        "Every pass of the station's satellites in the window, each with its rotator plan and transmitter; `scheduled` are the passes to work (the maximum total priority, with rotator travel and `turnaroundSeconds` between passes), `rejected` the others with why.",
      request,
      responses: {
        200: {
          description: 'The schedule',
          content: { 'application/json': { schema: z.object({}).passthrough() } },
        },
        ...problemResponses,
      },
    }),
    ics: createRoute({
      method: 'get',
      path: '/v1/stations/{name}/schedule.ics',
      summary: "A station's scheduled passes as an iCalendar feed",
      request,
      responses: {
        200: {
          description: 'iCalendar',
          content: { 'text/calendar': { schema: z.string() } },
        },
        ...problemResponses,
      },
    }),
  };
}

/**
 * A station's schedule over the query's window. It is as heavy as the passes of its satellites:
 * counted against the work budget and computed under the heavy-request limit (waiting briefly,
 * or 503 with Retry-After).
 */
function plan(c: Context, ctx: ApiContext, name: string, q: ScheduleParams) {
  const { config, catalog, clock, transmitters } = ctx.deps;
  const window = resolveWindow(q, clock(), config.api.maxDays);
  const stations = stationsOf(ctx).view();
  const spec = stationSpec(stations, name);
  checkWorkBudget(config.api.workBudgetSatelliteDays, {
    elements: spec.satellites.flatMap((s) => catalog.record(s.noradId)?.elements ?? []),
    days: (window.endMs - window.startMs) / 86_400_000,
    parameter: 'days',
  });
  const signal = c.req.raw.signal;
  return ctx.heavy.run(
    () =>
      scheduleStationInSlices(
        stations,
        name,
        { catalog, transmitter: (uuid) => transmitters?.get(uuid) },
        window,
        { signal },
      ),
    signal,
  );
}

/** The zone of `tz`, or else of the station's site. */
function zoneOf(ctx: ApiContext, name: string, tz: string | undefined): string | null {
  return resolveZone(tz, stationZone(stationsOf(ctx).view(), name));
}

/** The radio stations (configured and stored) and their schedules (JSON and iCalendar). */
export function stationRoutes(ctx: ApiContext): App {
  const { config, catalog, clock } = ctx.deps;
  const routes = scheduleRoutes(config.api.maxDays);
  const app = featureApp();
  app.openapi(listRoute, (c) => {
    const stations = stationsOf(ctx);
    return c.json({ stations: stations.list().map(stationJson), problems: stations.problems() });
  });
  app.openapi(routes.json, async (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const schedule = await plan(c, ctx, name, q);
    return c.json(scheduleJson(schedule, catalog, zoneOf(ctx, name, q.tz)));
  });
  app.openapi(routes.ics, async (c) => {
    const { name } = c.req.valid('param');
    const q = c.req.valid('query');
    const schedule = await plan(c, ctx, name, q);
    const body = scheduleIcs(schedule, catalog, {
      generatedMs: clock(),
      zone: zoneOf(ctx, name, q.tz),
    });
    return c.body(body, 200, { 'content-type': 'text/calendar; charset=utf-8' });
  });
  return app;
}
