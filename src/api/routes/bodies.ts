/**
 * `GET /v1/sky`: the Sun, the Moon and the bright planets for an observer at an instant, with the
 * twilight state: for the page's charts and for home automation ("is it dark enough?").
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bundledStars } from '../../catalog/index.js';
import {
  type BodyPosition,
  BRIGHT_PLANETS,
  bodyPosition,
  moonInfo,
  nextRiseSet,
  type SkyBody,
  twilightOf,
} from '../../core/sky/index.js';
import { RANGES } from '../../fields/index.js';
import { compassPoint } from '../../format/compass.js';
import { formatInstant, parseInstant } from '../../format/time.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import {
  numberParam,
  observerQuery,
  rangeParam,
  resolveObserver,
  resolveZone,
  stringParam,
  tzQuery,
} from '../params.js';
import { problemResponses } from '../schemas.js';

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

const BodySchema = z.object({
  azimuth: z.number().openapi({ description: 'Degrees from north through east.' }),
  elevation: z
    .number()
    .openapi({ description: 'Geometric elevation of the centre, degrees (no refraction).' }),
  compass: z.string(),
  aboveHorizon: z.boolean(),
  rightAscensionDeg: z
    .number()
    .openapi({ description: 'Topocentric, of date, degrees (not hours).' }),
  declinationDeg: z.number().openapi({ description: 'Topocentric, of date, degrees.' }),
  distanceKm: z.number(),
  angularDiameter: z.number().openapi({ description: 'Apparent diameter of the disc, degrees.' }),
  magnitude: z.number(),
});

const RiseSet = {
  rise: z.string().nullable().openapi({
    description:
      'Next rise after `time` within 2 days (upper limb, 34′ refraction), or null (polar day or night).',
  }),
  set: z
    .string()
    .nullable()
    .openapi({ description: 'Next set after `time` within 2 days, or null.' }),
};

const SkyResponse = z
  .object({
    time: z.string(),
    observer: z.object({
      name: z.string().nullable(),
      lat: z.number(),
      lon: z.number(),
      alt: z.number(),
    }),
    twilight: z.enum(['day', 'civil', 'nautical', 'astronomical', 'night']).openapi({
      description:
        "From the Sun's elevation: day above -0.833°, civil twilight to -6°, nautical to -12°, astronomical to -18°, night below.",
    }),
    darkSky: z.boolean().openapi({ description: 'The Sun is at or below maxSunElevation.' }),
    maxSunElevation: z.number(),
    sun: BodySchema.extend(RiseSet),
    moon: BodySchema.extend({
      ...RiseSet,
      illuminatedFraction: z.number().openapi({ description: 'Lit fraction of the disc, 0-1.' }),
      phase: z.string().openapi({ example: 'waxing gibbous' }),
      phaseAngle: z.number().openapi({ description: 'Sun-Moon-Earth angle: 180 new, 0 full.' }),
      elongation: z.number().openapi({
        description:
          "The Moon's ecliptic longitude minus the Sun's, [0, 360): 0 new, 90 first quarter, 180 full, 270 last quarter.",
      }),
    }),
    planets: z.array(BodySchema.extend({ name: z.string() })),
    stars: z
      .array(
        z.object({
          hip: z.number().int().openapi({ description: 'Hipparcos number.' }),
          name: z.string().nullable(),
          designation: z.string().nullable().openapi({ example: 'α Lyr' }),
          magnitude: z.number(),
          azimuth: z.number(),
          elevation: z.number(),
        }),
      )
      .optional()
      .openapi({ description: 'With `stars=MAG`: the stars above the horizon, brightest first.' }),
  })
  .openapi('Sky');

function bodyJson(p: BodyPosition) {
  return {
    azimuth: round(p.azimuthDeg, 3),
    elevation: round(p.elevationDeg, 3),
    compass: compassPoint(p.azimuthDeg),
    aboveHorizon: p.elevationDeg > 0,
    rightAscensionDeg: round(p.raDeg, 4),
    declinationDeg: round(p.decDeg, 4),
    distanceKm: round(p.distanceKm, 0),
    angularDiameter: round(p.angularDiameterDeg, 5),
    magnitude: round(p.magnitude, 2),
  };
}

const skyBodiesRoute = createRoute({
  method: 'get',
  path: '/v1/sky',
  summary: 'The Sun, the Moon and the bright planets, with the twilight state',
  description:
    "For an observer (`observer=NAME` or `lat`/`lon`/`alt`) at `time` (default now): where the Sun, the Moon and Mercury to Saturn are, the Moon's phase, the next rise and set of the Sun and the Moon, and how dark the sky is. Positions from astronomy-engine, checked against PyEphem (within 0.006°).",
  request: {
    query: z.object({
      ...observerQuery,
      time: stringParam('time', 'The instant, ISO 8601 with a UTC offset (default now).'),
      stars: numberParam(
        'stars',
        -2,
        5,
        'Also list the stars above the horizon of this magnitude or brighter (the bundled catalogue goes to 5.0).',
      ),
      maxSunElevation: rangeParam(
        'maxSunElevation',
        RANGES.maxSunElevationDeg,
        'The sky counts as dark (`darkSky`) with the Sun at or below this, degrees (default -6).',
      ),
      ...tzQuery,
    }),
  },
  responses: {
    200: {
      description: 'The sky at that instant',
      content: { 'application/json': { schema: SkyResponse } },
    },
    ...problemResponses,
  },
});

/** The Sun, the Moon, the planets and the bright stars for an observer at an instant. */
export function bodyRoutes(ctx: ApiContext): App {
  const app = featureApp();
  const { config } = ctx.deps;
  app.openapi(skyBodiesRoute, (c) => {
    const q = c.req.valid('query');
    const where = resolveObserver(q, config.observers);
    const zone = resolveZone(q.tz, where.zone);
    const timeMs = q.time !== undefined ? parseInstant(q.time, 'time') : ctx.deps.clock();
    const o = where.observer;
    const riseSet = (body: SkyBody) => {
      const r = nextRiseSet(body, o, timeMs, 2);
      return {
        rise: r.riseMs === null ? null : formatInstant(r.riseMs, zone),
        set: r.setMs === null ? null : formatInstant(r.setMs, zone),
      };
    };
    const sun = bodyPosition('sun', o, timeMs);
    const moon = moonInfo(o, timeMs);
    const maxSunElevation = q.maxSunElevation ?? -6;
    return c.json(
      {
        time: formatInstant(timeMs, zone),
        observer: {
          name: where.name,
          lat: o.latitudeDeg,
          lon: o.longitudeDeg,
          alt: o.altitudeM,
        },
        twilight: twilightOf(sun.elevationDeg),
        darkSky: sun.elevationDeg <= maxSunElevation,
        maxSunElevation,
        sun: { ...bodyJson(sun), ...riseSet('sun') },
        moon: {
          ...bodyJson(moon),
          ...riseSet('moon'),
          illuminatedFraction: round(moon.illuminatedFraction, 4),
          phase: moon.phaseName,
          phaseAngle: round(moon.phaseAngleDeg, 2),
          elongation: round(moon.elongationDeg, 2),
        },
        planets: BRIGHT_PLANETS.map((name) => ({
          name,
          ...bodyJson(bodyPosition(name, o, timeMs)),
        })),
        ...(q.stars === undefined
          ? {}
          : {
              stars: bundledStars()
                .sky(o, timeMs, { maxMagnitude: q.stars })
                .map((p) => ({
                  hip: p.star.hip,
                  name: p.star.name,
                  designation: p.star.designation,
                  magnitude: p.star.magnitude,
                  azimuth: round(p.azimuthDeg, 3),
                  elevation: round(p.elevationDeg, 3),
                })),
            }),
      },
      200,
    );
  });
  return app;
}
