/**
 * `GET /v1/transits`: transits of satellites (default the ISS and Tiangong) across the Sun's and
 * the Moon's disc visible from within `radiusKm` of the observer, and near misses.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { formatInstant } from '../../format/time.js';
import { DEFAULT_TRANSIT_SATELLITES, findCatalogTransits } from '../../predict/transits.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import {
  numberParam,
  observerQuery,
  resolveObserver,
  resolveWindow,
  resolveZone,
  stringParam,
  tzQuery,
} from '../params.js';
import { ProblemError } from '../problem.js';
import { cachedResponse, json } from '../respond.js';
import { problemResponses } from '../schemas.js';

const MAX_DAYS = 30;

const TransitSchema = z.object({
  noradId: z.number().int(),
  name: z.string(),
  body: z.enum(['sun', 'moon']),
  kind: z.enum(['transit', 'near-miss']).openapi({
    description:
      '`transit`: seen on the disc from the observer, or the centre line passes within radiusKm; `near-miss`: within nearMissDeg degrees of the edge.',
  }),
  time: z.string().openapi({ description: 'Smallest separation from the observer, to 0.1 s.' }),
  durationSeconds: z
    .number()
    .openapi({ description: 'Time on the disc as seen from the observer (0 when it misses).' }),
  minSeparation: z
    .number()
    .openapi({ description: "Smallest angle from the disc's centre, from the observer, degrees." }),
  bodyRadius: z.number().openapi({ description: "The disc's apparent radius, degrees." }),
  fromObserver: z.boolean().openapi({ description: 'On the disc as seen from the observer.' }),
  satelliteAngularSizeArcsec: z.number().nullable().openapi({
    description: 'Apparent size of the satellite, arcseconds (null when its size is not known).',
  }),
  rangeKm: z.number(),
  bodyAzimuth: z.number(),
  bodyElevation: z.number(),
  centreLine: z
    .object({
      time: z.string(),
      lat: z.number(),
      lon: z.number(),
      distanceKm: z.number().openapi({ description: 'From the observer to the centre line.' }),
      bearing: z.number().openapi({ description: 'Direction to travel, degrees from north.' }),
      compass: z.string(),
      halfWidthKm: z
        .number()
        .openapi({ description: 'The satellite is on the disc within this of the line.' }),
      path: z.array(z.object({ lat: z.number(), lon: z.number() })).openapi({
        description:
          'The centre line around that point (every 2 s of the transit, 30 s either side), for a map.',
      }),
    })
    .nullable()
    .openapi({ description: "The centre line's point nearest the observer." }),
  elementsEpoch: z.string(),
  elementsAgeDays: z
    .number()
    .openapi({ description: 'Days from the element epoch to the transit (as on a pass).' }),
  stale: z.boolean().openapi({ description: 'Older than catalog.staleDays at the transit.' }),
  elementsWarning: z
    .string()
    .nullable()
    .openapi({ description: 'For a stale transit: how far off it may be, in words; else null.' }),
});

const transitsRoute = createRoute({
  method: 'get',
  path: '/v1/transits',
  summary: "Satellite transits across the Sun's and the Moon's disc",
  description:
    'Every transit of the satellites (`sat`, default the ISS and Tiangong) across the Sun or the Moon whose centre line passes within `radiusKm` of the observer, or that the observer sees on the disc, and near misses. Checked against python-sgp4 and PyEphem (test/reference/transits).',
  request: {
    query: z.object({
      ...observerQuery,
      radiusKm: numberParam('radiusKm', 0, 500, 'How far you would travel, km (default 50).'),
      start: stringParam('start', 'Window start, ISO 8601 with a UTC offset (default now).'),
      days: numberParam('days', 0.01, MAX_DAYS, 'Window length in days (default 7).'),
      sat: stringParam('sat', 'NORAD ids, comma-separated (default 25544,48274).', '25544'),
      nearMissDeg: numberParam(
        'nearMissDeg',
        0,
        10,
        "Also list near misses within this angle of the disc's edge, degrees (default 0.5).",
      ),
      ...tzQuery,
    }),
  },
  responses: {
    200: {
      description: 'Transits in time order',
      content: {
        'application/json': {
          schema: z.object({
            start: z.string(),
            end: z.string(),
            radiusKm: z.number(),
            nearMissDeg: z.number(),
            warnings: z.array(z.string()),
            transits: z.array(TransitSchema),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

/** Sun and Moon transits of satellites near an observer. */
export function transitRoutes(ctx: ApiContext): App {
  const app = featureApp();
  const { config } = ctx.deps;
  app.openapi(transitsRoute, (c) => {
    if (c.req.query('nearMiss') !== undefined) {
      // Renamed before clients relied on it; refused rather than ignored (it would fall back to 0.5).
      throw ProblemError.parameter(
        'nearMiss',
        'nearMiss is now nearMissDeg (degrees from the disc’s edge)',
      );
    }
    const q = c.req.valid('query');
    const where = resolveObserver(q, config.observers);
    const zone = resolveZone(q.tz, where.zone);
    const { startMs, endMs } = resolveWindow(
      { start: q.start, days: q.days ?? 7 },
      ctx.deps.clock(),
      MAX_DAYS,
    );
    const ids =
      q.sat === undefined
        ? DEFAULT_TRANSIT_SATELLITES
        : q.sat.split(',').map((s) => {
            if (!/^\s*\d{1,9}\s*$/.test(s)) {
              throw ProblemError.parameter('sat', `"${s}" is not a NORAD catalogue number`);
            }
            return Number(s);
          });
    const now = ctx.deps.clock();
    const entries = ids.map((id) => {
      const e = ctx.deps.catalog.get(id, now);
      if (!e)
        throw ProblemError.parameter('sat', `no satellite with NORAD id ${id} in the catalog`);
      return e;
    });
    const radiusKm = q.radiusKm ?? 50;
    const nearMissDeg = q.nearMissDeg ?? 0.5;
    return cachedResponse(
      c,
      ctx,
      async (signal) => {
        const found = await findCatalogTransits(
          ctx.deps.catalog,
          entries,
          { observer: where.observer, startMs, endMs, radiusKm, nearMissDeg, zone },
          signal,
        );
        return json({
          start: formatInstant(startMs, zone),
          end: formatInstant(endMs, zone),
          radiusKm,
          nearMissDeg,
          ...found,
        });
      },
      { heavy: true },
    );
  });
  return app;
}
