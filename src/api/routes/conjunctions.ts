/**
 * `GET /v1/conjunctions` and `/v1/conjunctions.ics`: close approaches of one satellite (or the
 * configured ones) with the whole catalog over the coming days, each object's elements aged at
 * the time of closest approach. Exists with the catalog watch.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { staleWarning } from '../../format/drift.js';
import { conjunctionsIcs, type IcsApproachObject } from '../../format/ics.js';
import { formatInstant } from '../../format/time.js';
import type { ConjunctionResult, Watch } from '../../watch/index.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { numberParam, resolveWindow, windowQuery } from '../params.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';

const DAY_MS = 86_400_000;
/** The longest window a screening covers, days. */
const MAX_DAYS = 14;
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
  start: windowQuery(MAX_DAYS).start,
  days: numberParam(
    'days',
    0.1,
    MAX_DAYS,
    'Window length in days from start (default watch.conjunctions.days, 7).',
  ),
  end: windowQuery(MAX_DAYS).end,
  maxKm: numberParam(
    'maxKm',
    0.1,
    100,
    'Closer than this, km (default watch.conjunctions.maxKm, 5).',
  ),
});

type Query = z.infer<typeof query>;

const ElementsAtTca = {
  epoch: z.string(),
  ageDays: z.number().openapi({ description: 'Days from the element epoch to the TCA.' }),
  stale: z.boolean().openapi({ description: 'Older than catalog.staleDays at the TCA.' }),
};

const Approach = z
  .object({
    tca: z.string(),
    missKm: z.number(),
    relativeSpeedKmS: z.number(),
    radialKm: z.number(),
    inTrackKm: z.number(),
    crossTrackKm: z.number(),
    satellite: z
      .object({ noradId: z.number().int(), ...ElementsAtTca })
      .openapi({ description: "The screened satellite's elements at this TCA." }),
    other: z.object({
      noradId: z.number().int(),
      name: z.string(),
      intlDesignator: z.string().nullable(),
      ...ElementsAtTca,
    }),
    coOrbiting: z
      .array(z.object({ noradId: z.number().int(), name: z.string(), missKm: z.number() }))
      .openapi({
        description:
          'Objects docked to the other one (a station and its modules): the same approach, each with its own miss distance.',
      }),
  })
  .openapi('CloseApproach');

const ConjunctionsSchema = z.object({
  items: z.array(
    z.object({
      satellite: z.object({
        noradId: z.number().int(),
        name: z.string(),
        epoch: z.string(),
        ageDays: z.number().openapi({ description: 'At the start of the window.' }),
        stale: z.boolean().openapi({
          description: 'Older than catalog.staleDays at the start or at one of its approaches.',
        }),
        staleAfterDays: z.number(),
        orbitClass: z.string(),
      }),
      start: z.string(),
      end: z.string(),
      maxKm: z.number(),
      warnings: z.array(z.string()).openapi({
        description:
          'One sentence per object whose elements are stale at one of these approaches (the screened satellite: at the start when it has none), with the measured drift.',
      }),
      approaches: z.array(Approach),
      screening: z.record(z.string(), z.unknown()),
    }),
  ),
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/conjunctions',
  summary: 'Close approaches with the whole catalog',
  description:
    'For each satellite: approaches closer than maxKm in the coming days, with time of closest approach, miss distance, relative speed, the other object, and both element sets aged at the TCA (stale ones say so). See README "Catalog watch".',
  request: { query },
  responses: {
    200: {
      description: 'Approaches per satellite, by TCA',
      content: { 'application/json': { schema: ConjunctionsSchema } },
    },
    ...problemResponses,
  },
});

const icsRoute = createRoute({
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
});

function resultJson(r: ConjunctionResult): z.infer<typeof ConjunctionsSchema>['items'][number] {
  const at = r.primaryAge;
  return {
    satellite: {
      noradId: r.primary.noradId,
      name: r.primary.name,
      epoch: r.primary.elements.epochIso,
      ageDays: at.ageDays,
      stale: at.stale || r.approaches.some((a) => a.primaryAge.stale),
      staleAfterDays: r.staleAfterDays,
      orbitClass: at.orbitClass,
    },
    start: formatInstant(r.query.startMs),
    end: formatInstant(r.query.startMs + r.query.days * DAY_MS),
    maxKm: r.query.maxKm,
    warnings: r.warnings,
    approaches: r.approaches.map((a) => ({
      tca: formatInstant(a.tcaMs),
      missKm: round(a.missKm, 4),
      relativeSpeedKmS: round(a.relativeSpeedKmS, 4),
      radialKm: round(a.radialKm, 4),
      inTrackKm: round(a.inTrackKm, 4),
      crossTrackKm: round(a.crossTrackKm, 4),
      satellite: {
        noradId: r.primary.noradId,
        epoch: a.primaryAge.epoch,
        ageDays: a.primaryAge.ageDays,
        stale: a.primaryAge.stale,
      },
      other: {
        noradId: a.other.noradId,
        name: a.other.name,
        intlDesignator: a.other.intlDesignator,
        epoch: a.otherAge.epoch,
        ageDays: a.otherAge.ageDays,
        stale: a.otherAge.stale,
      },
      coOrbiting: a.coOrbiting.map((c) => ({
        noradId: c.other.noradId,
        name: c.other.name,
        missKm: round(c.missKm, 4),
      })),
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

/** Each approach of the results as the calendar feed has it. */
function icsItems(results: readonly ConjunctionResult[]) {
  return results.flatMap((r) =>
    r.approaches.map((a) => {
      const object = (
        o: { noradId: number; name: string },
        age: ConjunctionResult['primaryAge'],
      ): IcsApproachObject => ({
        noradId: o.noradId,
        name: o.name,
        epoch: age.epoch,
        ageDays: age.ageDays,
        stale: age.stale,
        warning: age.stale ? staleWarning(o, age, r.staleAfterDays) : null,
      });
      return {
        primary: object(r.primary, a.primaryAge),
        other: object(a.other, a.otherAge),
        tcaMs: a.tcaMs,
        missKm: a.missKm,
        relativeSpeedKmS: a.relativeSpeedKmS,
      };
    }),
  );
}

export function conjunctionRoutes(ctx: ApiContext, watch: Watch): App {
  const defaults = watch.settings.conjunctions;

  /**
   * Screen each asked satellite over the window from start (default: now, to the minute) for
   * days or to end (errors answer through problem.ts).
   */
  async function screen(q: Query): Promise<ConjunctionResult[]> {
    const ids = q.sat ? q.sat.split(',').map(Number) : defaults.satellites;
    const { startMs, endMs } = resolveWindow(q, ctx.deps.clock(), MAX_DAYS, defaults.days);
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
      out.push(
        await watch.conjunctions({
          noradId,
          startMs,
          days: (endMs - startMs) / DAY_MS,
          maxKm: q.maxKm ?? defaults.maxKm,
        }),
      );
    }
    return out;
  }

  return featureApp()
    .openapi(listRoute, async (c) => {
      const results = await screen(c.req.valid('query'));
      return c.json({ items: results.map(resultJson) }, 200);
    })
    .openapi(icsRoute, async (c) => {
      const q = c.req.valid('query');
      const results = await screen(q);
      const text = conjunctionsIcs(icsItems(results), {
        name: `passwatch close approaches (${results.map((r) => r.primary.name).join(', ')})`,
        scope: `km${q.maxKm ?? defaults.maxKm}`,
        generatedMs: ctx.deps.clock(),
        url: ctx.deps.publicUrl
          ? `${ctx.deps.publicUrl.replace(/\/+$/, '')}/v1/conjunctions`
          : null,
      });
      return c.body(text, 200, { 'content-type': 'text/calendar; charset=utf-8' });
    });
}
