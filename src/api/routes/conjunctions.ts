/**
 * `GET /v1/conjunctions` and `/v1/conjunctions.ics`: close approaches of one satellite (or the
 * configured ones) with the whole catalog over the coming days. Exists with the catalog watch.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { conjunctionsIcs } from '../../format/ics-conjunctions.js';
import { formatInstant } from '../../format/time.js';
import { ConjunctionError, type ConjunctionResult, type Watch } from '../../watch/index.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { numberParam } from '../params.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';

const DAY_MS = 86_400_000;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

const query = z.object({
  sat: z
    .string()
    .regex(/^\d{1,9}(,\d{1,9}){0,9}$/, {
      message: 'sat must be a NORAD catalogue number, or up to 10 separated by commas',
    })
    .optional()
    .openapi({
      param: { name: 'sat', in: 'query' },
      description: 'Default: the configured satellites (watch.conjunctions.satellites).',
      example: '25544',
    }),
  days: numberParam('days', 0.1, 14, 'How far ahead, days (default watch.conjunctions.days, 7).'),
  maxKm: numberParam(
    'maxKm',
    0.1,
    100,
    'Closer than this, km (default watch.conjunctions.maxKm, 5).',
  ),
});

const Approach = z
  .object({
    tca: z.string(),
    missKm: z.number(),
    relativeSpeedKmS: z.number(),
    radialKm: z.number(),
    inTrackKm: z.number(),
    crossTrackKm: z.number(),
    other: z.object({
      noradId: z.number().int(),
      name: z.string(),
      intlDesignator: z.string().nullable(),
      epoch: z.string(),
      ageDays: z.number(),
    }),
  })
  .openapi('CloseApproach');

function resultJson(r: ConjunctionResult, nowMs: number) {
  const age = (epochMs: number) => round((nowMs - epochMs) / DAY_MS, 3);
  return {
    satellite: {
      noradId: r.primary.noradId,
      name: r.primary.name,
      epoch: r.primary.elements.epochIso,
      ageDays: age(r.primary.elements.epochMs),
    },
    start: formatInstant(r.query.startMs),
    end: formatInstant(r.query.startMs + r.query.days * DAY_MS),
    maxKm: r.query.maxKm,
    approaches: r.approaches.map((a) => ({
      tca: formatInstant(a.tcaMs),
      missKm: round(a.missKm, 4),
      relativeSpeedKmS: round(a.relativeSpeedKmS, 4),
      radialKm: round(a.radialKm, 4),
      inTrackKm: round(a.inTrackKm, 4),
      crossTrackKm: round(a.crossTrackKm, 4),
      other: {
        noradId: a.other.noradId,
        name: a.other.name,
        intlDesignator: a.other.intlDesignator,
        epoch: a.other.elements.epochIso,
        ageDays: age(a.other.elements.epochMs),
      },
    })),
    screening: {
      objects: r.stats.secondaries,
      afterApogeePerigeeFilter: r.stats.afterApogeePerigee,
      afterOrbitPathFilter: r.stats.afterPath,
      timeFilterWindows: r.stats.windows,
      coLocated: r.stats.coLocated,
      seconds: round(r.elapsedMs / 1000, 3),
    },
  };
}

export function conjunctionRoutes(ctx: ApiContext, watch: Watch): App {
  const app = featureApp();
  const defaults = watch.settings.conjunctions;

  async function run(c: Context, q: z.infer<typeof query>): Promise<ConjunctionResult[]> {
    const ids = q.sat ? q.sat.split(',').map(Number) : defaults.satellites;
    const nowMs = ctx.deps.clock();
    const startMs = Math.floor(nowMs / 60_000) * 60_000;
    const out: ConjunctionResult[] = [];
    for (const noradId of ids) {
      if (!ctx.deps.catalog.has(noradId)) {
        throw new ProblemError(
          404,
          'unknown-satellite',
          `no satellite with NORAD id ${noradId} in the catalog`,
          [{ parameter: 'sat', detail: `${noradId} is not in the catalog` }],
        );
      }
      try {
        out.push(
          await watch.conjunctions({
            noradId,
            startMs,
            days: q.days ?? defaults.days,
            maxKm: q.maxKm ?? defaults.maxKm,
          }),
        );
      } catch (error) {
        if (error instanceof ConjunctionError) {
          throw new ProblemError(422, 'cannot-screen', error.message, [
            { parameter: 'sat', detail: error.message },
          ]);
        }
        throw error;
      }
    }
    void c;
    return out;
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/conjunctions',
      summary: 'Close approaches with the whole catalog',
      description:
        'For each satellite: approaches closer than maxKm in the coming days, with time of closest approach, miss distance, relative speed and the other object. See README "Catalog watch".',
      request: { query },
      responses: {
        200: {
          description: 'Approaches per satellite, by TCA',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(
                  z.object({
                    satellite: z.object({
                      noradId: z.number().int(),
                      name: z.string(),
                      epoch: z.string(),
                      ageDays: z.number(),
                    }),
                    start: z.string(),
                    end: z.string(),
                    maxKm: z.number(),
                    approaches: z.array(Approach),
                    screening: z.record(z.string(), z.unknown()),
                  }),
                ),
              }),
            },
          },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const results = await run(c, c.req.valid('query'));
      const now = ctx.deps.clock();
      return c.json({ items: results.map((r) => resultJson(r, now)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/conjunctions.ics',
      summary: 'Close approaches as an iCalendar feed',
      request: { query },
      responses: {
        200: {
          description: 'One event per approach, a minute either side of its TCA',
          content: { 'text/calendar': { schema: z.string() } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const results = await run(c, q);
      const items = results.flatMap((r) =>
        r.approaches.map((a) => ({
          primary: { noradId: r.primary.noradId, name: r.primary.name },
          other: { noradId: a.other.noradId, name: a.other.name },
          tcaMs: a.tcaMs,
          missKm: a.missKm,
          relativeSpeedKmS: a.relativeSpeedKmS,
        })),
      );
      const text = conjunctionsIcs(items, {
        name: `passwatch close approaches (${results.map((r) => r.primary.name).join(', ')})`,
        scope: `km${q.maxKm ?? defaults.maxKm}`,
        generatedMs: ctx.deps.clock(),
        url: ctx.deps.publicUrl
          ? `${ctx.deps.publicUrl.replace(/\/+$/, '')}/v1/conjunctions`
          : null,
      });
      return c.body(text, 200, { 'content-type': 'text/calendar; charset=utf-8' });
    },
  );
  return app;
}
