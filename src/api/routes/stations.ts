/** Station routes: the configured radio stations and their schedules (JSON and iCalendar). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { scheduleIcs, scheduleJson, scheduleStation, stationSpec } from '../../station/service.js';
import type { ApiContext, App } from '../app.js';
import { checkWorkBudget } from '../budget.js';
import { resolveWindow, resolveZone, tzQuery, windowQuery } from '../params.js';
import { problemResponses } from '../schemas.js';

const stationPath = z
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
      summary: 'Configured radio stations',
      responses: {
        200: {
          description: 'Stations with their observer, rotator and satellites',
          content: {
            'application/json': {
              schema: z.object({ stations: z.array(z.object({}).passthrough()) }),
            },
          },
        },
      },
    }),
    (c) =>
      c.json({
        stations: Object.entries(config.stations ?? {}).map(([name, s]) => ({ name, ...s })),
      }),
  );

  const query = z.object({ ...windowQuery(config.api.maxDays), ...tzQuery });
  /**
   * A schedule is as heavy as the passes of its satellites: it is counted against the work budget
   * and computed under the heavy-request limit (waiting briefly, or 503 with Retry-After).
   */
  const plan = (c: Context, name: string, q: z.infer<typeof query>) => {
    const window = resolveWindow(q, ctx.deps.clock(), config.api.maxDays);
    const { catalog, transmitters } = ctx.deps;
    const spec = stationSpec(config, name);
    checkWorkBudget(config.api.workBudgetSatelliteDays, {
      elements: spec.satellites.flatMap((s) => catalog.record(s.noradId)?.elements ?? []),
      days: (window.endMs - window.startMs) / 86_400_000,
      parameter: 'days',
    });
    return ctx.heavy.run(
      async () =>
        scheduleStation(
          config,
          name,
          { catalog, transmitter: (uuid) => transmitters?.get(uuid) },
          window,
        ),
      c.req.raw.signal,
    );
  };
  const zoneOf = (name: string, tz: string | undefined) => {
    const observer = config.stations?.[name]?.observer;
    return resolveZone(tz, observer ? (config.observers[observer]?.timezone ?? null) : null);
  };

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
