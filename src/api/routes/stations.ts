/** Station routes: the configured radio stations and their schedules (JSON and iCalendar). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { Stations } from '../../station/registry.js';
import {
  scheduleIcs,
  scheduleJson,
  scheduleStation,
  stationSpec,
  stationZone,
} from '../../station/service.js';
import type { ApiContext, App } from '../app.js';
import { checkWorkBudget } from '../budget.js';
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

export function registerStationRoutes(app: App, ctx: ApiContext): void {
  const { config } = ctx.deps;

  app.openapi(
    createRoute({
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
    }),
    (c) => {
      const stations = stationsOf(ctx);
      return c.json({ stations: stations.list().map(stationJson), problems: stations.problems() });
    },
  );

  const query = z.object({ ...windowQuery(config.api.maxDays), ...tzQuery });
  /**
   * A schedule is as heavy as the passes of its satellites: it is counted against the work budget
   * and computed under the heavy-request limit (waiting briefly, or 503 with Retry-After).
   */
  const plan = (c: Context, name: string, q: z.infer<typeof query>) => {
    const window = resolveWindow(q, ctx.deps.clock(), config.api.maxDays);
    const { catalog, transmitters } = ctx.deps;
    const stations = stationsOf(ctx).view();
    const spec = stationSpec(stations, name);
    checkWorkBudget(config.api.workBudgetSatelliteDays, {
      elements: spec.satellites.flatMap((s) => catalog.record(s.noradId)?.elements ?? []),
      days: (window.endMs - window.startMs) / 86_400_000,
      parameter: 'days',
    });
    return ctx.heavy.run(
      async () =>
        scheduleStation(
          stations,
          name,
          { catalog, transmitter: (uuid) => transmitters?.get(uuid) },
          window,
        ),
      c.req.raw.signal,
    );
  };
  const zoneOf = (name: string, tz: string | undefined) =>
    resolveZone(tz, stationZone(stationsOf(ctx).view(), name));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stations/{name}/schedule',
      summary: "A station's schedule: the passes to work, exactly maximising the total priority",
      description:
        "Every pass of the station's satellites in the window, each with its rotator plan and transmitter; `scheduled` are the passes to work (the maximum total priority, with rotator travel and `turnaroundSeconds` between passes), `rejected` the others with why.",
      request: { params: z.object({ name: stationPath }), query },
      responses: {
        200: {
          description: 'The schedule',
          content: { 'application/json': { schema: z.object({}).passthrough() } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const q = c.req.valid('query');
      const s = await plan(c, name, q);
      return c.json(scheduleJson(s, ctx.deps.catalog, zoneOf(name, q.tz)));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/stations/{name}/schedule.ics',
      summary: "A station's scheduled passes as an iCalendar feed",
      request: { params: z.object({ name: stationPath }), query },
      responses: {
        200: {
          description: 'iCalendar',
          content: { 'text/calendar': { schema: z.string() } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const q = c.req.valid('query');
      const s = await plan(c, name, q);
      return c.body(
        scheduleIcs(s, ctx.deps.catalog, {
          generatedMs: ctx.deps.clock(),
          zone: zoneOf(name, q.tz),
        }),
        200,
        { 'content-type': 'text/calendar; charset=utf-8' },
      );
    },
  );
}
