/**
 * `GET /v1/transits`: transits of satellites (default the ISS and Tiangong) across the Sun's and
 * the Moon's disc visible from within `radiusKm` of the observer, and near misses.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Site } from '../../core/orbit/index.js';
import { findTransits } from '../../core/passes/index.js';
import { MoonTrack, SunTrack } from '../../core/sky/index.js';
import { compassPoint } from '../../format/compass.js';
import { elementsAge, staleWarning } from '../../format/drift.js';
import { formatInstant } from '../../format/time.js';
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

/** The ISS and Tiangong: large enough to be seen against the disc. */
const DEFAULT_SATS = [25544, 48274];
/** Largest dimension, metres (approximate), for the angular size. */
const SIZE_M: Record<number, number> = { 25544: 109, 48274: 57 };
const MAX_DAYS = 30;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

const TransitSchema = z.object({
  noradId: z.number().int(),
  name: z.string(),
  body: z.enum(['sun', 'moon']),
  kind: z.enum(['transit', 'near-miss']).openapi({
    description:
      '`transit`: seen on the disc from the observer, or the centre line passes within radiusKm; `near-miss`: within nearMiss degrees of the edge.',
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
  satelliteAngularSize: z.number().nullable().openapi({
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
    })
    .nullable()
    .openapi({ description: "The centre line's point nearest the observer." }),
  elementsAgeDays: z.number(),
  stale: z.boolean(),
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
      nearMiss: numberParam(
        'nearMiss',
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
            nearMiss: z.number(),
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
        ? DEFAULT_SATS
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
    const nearMissDeg = q.nearMiss ?? 0.5;
    return cachedResponse(
      c,
      ctx,
      async (signal) => {
        const site = new Site(where.observer);
        const sun = new SunTrack(startMs, endMs);
        const moon = new MoonTrack(startMs, endMs);
        const transits = [];
        const warnings: string[] = [];
        const staleDays = ctx.deps.catalog.staleAfterDays;
        for (const entry of entries) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          signal.throwIfAborted();
          const orbit = ctx.deps.catalog.orbit(entry.noradId);
          if (!orbit) continue;
          const found = findTransits(
            orbit,
            site,
            { startMs, endMs, radiusKm, nearMissDeg },
            sun,
            moon,
          );
          const worst = elementsAge(entry.elements, endMs, staleDays);
          if (worst.stale) warnings.push(staleWarning(entry.elements, worst, staleDays));
          for (const t of found) {
            const age = elementsAge(entry.elements, t.timeMs, staleDays);
            const size = SIZE_M[entry.noradId];
            const cl = t.centreLine;
            transits.push({
              noradId: entry.noradId,
              name: entry.name,
              body: t.body,
              kind: t.kind,
              time: formatInstant(Math.round(t.timeMs / 100) * 100, zone),
              durationSeconds: round(t.durationSeconds, 1),
              minSeparation: round(t.minSeparationDeg, 4),
              bodyRadius: round(t.bodyRadiusDeg, 4),
              fromObserver: t.fromObserver,
              satelliteAngularSize:
                size === undefined
                  ? null
                  : round(((size / 1000 / t.rangeKm) * 180 * 3600) / Math.PI, 1),
              rangeKm: round(t.rangeKm, 1),
              bodyAzimuth: round(t.bodyAzimuthDeg, 2),
              bodyElevation: round(t.bodyElevationDeg, 2),
              centreLine: cl
                ? {
                    time: formatInstant(Math.round(cl.timeMs / 100) * 100, zone),
                    lat: round(cl.latitudeDeg, 5),
                    lon: round(cl.longitudeDeg, 5),
                    distanceKm: round(cl.distanceKm, 2),
                    bearing: round(cl.bearingDeg, 1),
                    compass: compassPoint(cl.bearingDeg),
                    halfWidthKm: round(cl.halfWidthKm, 2),
                  }
                : null,
              elementsAgeDays: age.ageDays,
              stale: age.stale,
            });
          }
        }
        transits.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
        return json({
          start: formatInstant(startMs, zone),
          end: formatInstant(endMs, zone),
          radiusKm,
          nearMiss: nearMissDeg,
          warnings,
          transits,
        });
      },
      { heavy: true },
    );
  });
  return app;
}
