import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { stdMagnitudeSource } from '../../catalog/index.js';
import { Slices } from '../../compute/slices.js';
import { type Orbit, Site } from '../../core/orbit/index.js';
import { type TrackPoint, trackPoints } from '../../core/passes/index.js';
import { SunTrack, sunElevationDeg } from '../../core/sky/index.js';
import { RANGES } from '../../fields/index.js';
import { compassPoint } from '../../format/compass.js';
import { type ElementsAge, elementsAge, staleSummary, staleWarning } from '../../format/drift.js';
import { formatInstant, parseInstant } from '../../format/time.js';
import { predictOne } from '../../predict/many.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import {
  maxMagnitudeQuery,
  minElevationQuery,
  numberParam,
  observerQuery,
  rangeParam,
  resolveObserver,
  resolveZone,
  stringParam,
  tzQuery,
} from '../params.js';
import { ProblemError } from '../problem.js';
import { cachedResponse } from '../respond.js';
import { MagnitudeSourceSchema, PassErrorObject, problemResponses } from '../schemas.js';
import { slicedJson } from '../serialize.js';
import {
  type ChosenTransmitter,
  chosenJson,
  resolveTransmitter,
  rotatorTrack,
  stationRotator,
  tuningJson,
} from './radio.js';
import { entryOr404, noradIdPath, unknownGroup } from './satellites.js';

const MAX_POINTS = 20_000;
/** Tracks longer than this are computed under the heavy-request limit. */
const HEAVY_TRACK_POINTS = 5000;
/** `/v1/above` over more objects than this is heavy and cached per site and minute. */
const ABOVE_CACHED_OBJECTS = 500;
/** Work between yields to the event loop, ms: short, as up to 20 of these take turns with
 * everything else (one slice per turn of the loop, `Slices`). */
const SLICE_MS = 4;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function pointJson(
  p: TrackPoint,
  zone: string | null,
  frequencyHz: number | null,
  chosen: ChosenTransmitter | null = null,
) {
  return {
    time: formatInstant(p.timeMs, zone),
    azimuth: round(p.azimuthDeg, 3),
    elevation: round(p.elevationDeg, 3),
    rangeKm: round(p.rangeKm, 3),
    rangeRateKmS: round(p.rangeRateKmS, 5),
    dopplerFactor: round(p.dopplerFactor, 10),
    ...(frequencyHz === null ? {} : { frequencyHz: Math.round(frequencyHz * p.dopplerFactor) }),
    ...tuningJson(chosen, p.rangeRateKmS),
    latitude: round(p.latitudeDeg, 4),
    longitude: round(p.longitudeDeg, 4),
    altitudeKm: round(p.altitudeKm, 3),
    sunlit: p.sunlit,
    magnitude: p.magnitude === null ? null : round(p.magnitude, 2),
  };
}

const TrackPointSchema = z
  .object({
    time: z.string(),
    azimuth: z.number(),
    elevation: z.number(),
    rangeKm: z.number(),
    rangeRateKmS: z.number().openapi({ description: 'Positive when receding.' }),
    dopplerFactor: z
      .number()
      .openapi({ description: 'Received/transmitted frequency, 1 - rangeRate/c.' }),
    frequencyHz: z
      .number()
      .optional()
      .openapi({ description: 'With `frequency`: what a ground receiver hears.' }),
    downlinkHz: z.number().optional().openapi({
      description:
        "With `transmitter`: tune the receiver here (the transmitter's downlink as heard).",
    }),
    uplinkHz: z.number().optional().openapi({
      description:
        'With `transmitter` (one with an uplink): transmit here so that the satellite hears its nominal uplink.',
    }),
    latitude: z.number(),
    longitude: z.number(),
    altitudeKm: z.number(),
    sunlit: z.boolean(),
    magnitude: z.number().nullable(),
    rotator: z
      .object({ azimuth: z.number(), elevation: z.number() })
      .optional()
      .openapi({ description: "With `station`: where the station's rotator is commanded." }),
  })
  .openapi('TrackPoint');

const ElementsAgeSchema = z
  .object({
    epoch: z.string(),
    ageDays: z.number().openapi({ description: 'Days from the element epoch to the start.' }),
    stale: z.boolean().openapi({
      description: 'Older than catalog.staleDays somewhere in the span.',
    }),
    staleAfterDays: z.number(),
    orbitClass: z.string(),
  })
  .openapi('ElementsAge');

/** The orbital period of a catalog object, or null when SGP4 cannot use its elements. */
function periodMinutes(ctx: ApiContext, noradId: number): number | null {
  try {
    return ctx.deps.catalog.orbit(noradId)?.periodMinutes ?? null;
  } catch {
    return null;
  }
}

const trackRoute = createRoute({
  method: 'get',
  path: '/v1/satellites/{noradId}/track',
  summary: 'Time series of look angles, range rate, Doppler, sub-satellite point and sunlight',
  description:
    'For sky charts, maps and antenna rotators: from `start` to `end` every `step` seconds, or for exactly one pass with `pass=AOS` (the AOS time of a pass, as listed by the passes routes).',
  request: {
    params: z.object({ noradId: noradIdPath }),
    query: z.object({
      ...observerQuery,
      ...minElevationQuery,
      start: stringParam('start', 'Start, ISO 8601 with a UTC offset (default now).'),
      end: stringParam('end', 'End, ISO 8601 with a UTC offset (default start + 1 orbit).'),
      pass: stringParam('pass', 'AOS of one pass (ISO 8601 with offset): track exactly that pass.'),
      step: numberParam('step', 0.1, 3600, 'Seconds between points (default 10).'),
      frequency: numberParam(
        'frequency',
        1,
        300e9,
        'Transmitter frequency, Hz: adds the Doppler-shifted frequency per point.',
      ),
      station: stringParam(
        'station',
        'A configured radio station with a rotator: adds the rotator plan and `rotator` {azimuth, elevation} per point.',
      ),
      transmitter: stringParam(
        'transmitter',
        'SatNOGS transmitter uuid (see /v1/satellites/{noradId}/transmitters): adds downlinkHz and uplinkHz per point.',
      ),
      downlinkHz: numberParam(
        'downlinkHz',
        1,
        300e9,
        'With a linear transponder: the nominal downlink to work, Hz, inside its passband (default: the centre); the uplink follows.',
      ),
      ...tzQuery,
    }),
  },
  responses: {
    200: {
      description: 'Track points',
      content: {
        'application/json': {
          schema: z.object({
            noradId: z.number(),
            name: z.string(),
            magnitudeSource: MagnitudeSourceSchema,
            transmitter: z.object({}).passthrough().optional(),
            elements: ElementsAgeSchema,
            warnings: z.array(z.string()),
            rotatorPlan: z.object({}).passthrough().optional(),
            points: z.array(TrackPointSchema),
            errors: z.array(PassErrorObject),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

type TrackParams = z.infer<typeof trackRoute.request.query>;

const aboveRoute = createRoute({
  method: 'get',
  path: '/v1/above',
  summary: 'What is above the horizon now',
  request: {
    query: z.object({
      ...observerQuery,
      ...minElevationQuery,
      group: stringParam('group', 'Only this group (default: the whole catalog).', 'visual'),
      maxMagnitude: maxMagnitudeQuery,
      maxSunElevation: rangeParam(
        'maxSunElevation',
        RANGES.maxSunElevationDeg,
        'The sky counts as dark with the Sun at or below this (default -6).',
      ),
      ...tzQuery,
    }),
  },
  responses: {
    200: {
      description:
        'Objects above the threshold now, highest first. `visible` is true only when the object is `sunlit`, the sky is dark (`darkSky`, Sun at or below maxSunElevation) and its magnitude is known and at most maxMagnitude.',
      content: {
        'application/json': {
          schema: z.object({
            time: z.string(),
            staleAfterDays: z.number(),
            warnings: z.array(z.string()).openapi({
              description: 'One sentence per orbit class with stale elements among the items.',
            }),
            items: z.array(z.object({}).passthrough()),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

type AboveParams = z.infer<typeof aboveRoute.request.query>;

/** The track of one satellite over a span or one pass, with Doppler and rotator fields. */
function track(c: Context, ctx: ApiContext, noradId: number, q: TrackParams) {
  const { config } = ctx.deps;
  const entry = entryOr404(ctx, noradId);
  const where = resolveObserver(q, config.observers);
  const zone = resolveZone(q.tz, where.zone);
  const chosen = resolveTransmitter(ctx, entry.noradId, q);
  const rotator = stationRotator(ctx, q.station);
  const stepMs = (q.step ?? 10) * 1000;
  const now = Math.floor(ctx.deps.clock() / 1000) * 1000;
  let startMs: number;
  let endMs: number;
  if (q.pass !== undefined) {
    if (q.start !== undefined || q.end !== undefined) {
      throw ProblemError.parameter('pass', 'give either pass=AOS or start/end, not both');
    }
    const aos = parseInstant(q.pass, 'pass');
    const window = { startMs: aos - 30 * 60_000, endMs: aos + 24 * 3_600_000 };
    const found = predictOne(
      entry,
      {
        observer: where.observer,
        horizonMask: where.horizonMask,
        ...window,
        minElevationDeg: q.minElevation ?? where.minElevationDeg,
        visibleOnly: false,
        maxMagnitude: config.api.maxMagnitude,
        maxSunElevationDeg: -6,
      },
      new SunTrack(window.startMs, window.endMs),
      ctx.deps.catalog.recordOrbit,
    );
    const pass = found.items
      .map((i) => i.pass)
      .find((p) => p.aos !== null && Math.abs(p.aos.timeMs - aos) <= 5 * 60_000);
    if (!pass?.aos) {
      throw new ProblemError(
        404,
        'unknown-pass',
        `no pass of ${entry.noradId} with AOS within 5 minutes of ${q.pass}; list passes first`,
        [{ parameter: 'pass', detail: 'no pass with that AOS' }],
      );
    }
    // Recomputed crossings agree with the listed ones to a millisecond or so: start at the
    // AOS instant the client named when it is this pass's, so the first point matches it.
    startMs = Math.abs(pass.aos.timeMs - aos) < 1000 ? aos : pass.aos.timeMs;
    endMs = pass.los?.timeMs ?? pass.tca.timeMs;
  } else {
    startMs = q.start !== undefined ? parseInstant(q.start, 'start') : now;
    const period = (periodMinutes(ctx, entry.noradId) ?? 100) * 60_000;
    endMs = q.end !== undefined ? parseInstant(q.end, 'end') : startMs + period;
    if (endMs <= startMs) throw ProblemError.parameter('end', 'end must be after start');
    if (endMs - startMs > config.api.maxDays * 86_400_000) {
      throw ProblemError.parameter('end', `the track is longer than ${config.api.maxDays} days`);
    }
  }
  const points = Math.floor((endMs - startMs) / stepMs) + 2;
  if (points > MAX_POINTS) {
    throw new ProblemError(
      422,
      'too-many-points',
      `${points} points is over the limit of ${MAX_POINTS}; raise step or shorten the span`,
      [
        {
          parameter: 'step',
          detail: `at least ${Math.ceil((endMs - startMs) / MAX_POINTS / 1000)} s for this span`,
        },
      ],
    );
  }
  return cachedResponse(
    c,
    ctx,
    async (signal) => {
      const r = await ctx.predictions.track(
        entry,
        where.observer,
        { startMs, endMs, stepMs },
        { signal },
      );
      const staleDays = ctx.deps.catalog.staleAfterDays;
      const atStart = elementsAge(entry.elements, startMs, staleDays);
      const atEnd = elementsAge(entry.elements, endMs, staleDays);
      const worst = Math.abs(atEnd.ageDays) > Math.abs(atStart.ageDays) ? atEnd : atStart;
      // Up to 20,000 points: written in slices, yielding to other requests.
      return slicedJson(
        {
          noradId: entry.noradId,
          name: entry.name,
          magnitudeSource: stdMagnitudeSource(entry),
          elements: {
            epoch: atStart.epoch,
            ageDays: atStart.ageDays,
            stale: worst.stale,
            staleAfterDays: staleDays,
            orbitClass: atStart.orbitClass,
          },
          warnings: worst.stale ? [staleWarning(entry.elements, worst, staleDays)] : [],
          ...(chosen ? { transmitter: chosenJson(chosen) } : {}),
          ...rotatorTrack(rotator, r.points, zone, (p, i, extra) => ({
            ...pointJson(p, zone, q.frequency ?? null, chosen),
            ...extra(i),
          })),
          errors: r.error
            ? [
                {
                  noradId: r.error.noradId,
                  name: r.error.name,
                  message: r.error.message,
                  at: formatInstant(r.error.atMs),
                },
              ]
            : [],
        },
        { signal },
      );
    },
    { heavy: points > HEAVY_TRACK_POINTS },
  );
}

/** What is above the observer now. */
async function above(c: Context, ctx: ApiContext, q: AboveParams) {
  const { config } = ctx.deps;
  const where = resolveObserver(q, config.observers);
  const zone = resolveZone(q.tz, where.zone);
  const { catalog } = ctx.deps;
  if (q.group !== undefined && !catalog.hasGroup(q.group)) {
    throw ProblemError.parameter('group', unknownGroup(ctx, q.group));
  }
  const minEl = q.minElevation ?? where.minElevationDeg;
  const records = q.group !== undefined ? catalog.members(q.group) : catalog.records();
  const compute = async (signal: AbortSignal) => {
    const now = ctx.deps.clock();
    const site = new Site(where.observer);
    const sun = new SunTrack(now, now);
    const sunEl = sunElevationDeg(site, now);
    const darkSky = sunEl <= (q.maxSunElevation ?? -6);
    const maxMagnitude = q.maxMagnitude ?? config.api.maxMagnitude;
    const items = [];
    const staleDays = catalog.staleAfterDays;
    const ages: ElementsAge[] = [];
    // The whole catalog is 16,000 objects: yield now and then so others are answered.
    const slices = new Slices({ sliceMs: SLICE_MS, signal });
    for (const record of records) {
      if (slices.due()) await slices.pause();
      let orbit: Orbit | undefined;
      try {
        orbit = catalog.orbit(record.noradId);
      } catch {
        continue; // an element set SGP4 cannot use is simply not above the horizon
      }
      if (!orbit) continue;
      const r = trackPoints(
        orbit,
        site,
        { startMs: now, endMs: now, stepMs: 1000 },
        sun,
        record.stdMagnitude,
      );
      const p = r.points[0];
      if (!p || p.elevationDeg < minEl) continue;
      if (where.horizonMask && p.elevationDeg < where.horizonMask.elevationAt(p.azimuthDeg))
        continue;
      const age = elementsAge(record.elements, now, staleDays);
      ages.push(age);
      items.push({
        noradId: record.noradId,
        name: record.name,
        magnitudeSource: stdMagnitudeSource(record),
        compass: compassPoint(p.azimuthDeg),
        ...pointJson(p, zone, null),
        darkSky,
        visible: p.sunlit && darkSky && p.magnitude !== null && p.magnitude <= maxMagnitude,
        elementsEpoch: age.epoch,
        elementsAgeDays: age.ageDays,
        stale: age.stale,
      });
    }
    items.sort((a, b) => b.elevation - a.elevation);
    return slicedJson(
      {
        time: formatInstant(now, zone),
        sunElevation: round(sunEl, 2),
        darkSky,
        maxMagnitude,
        staleAfterDays: staleDays,
        warnings: staleSummary(ages, staleDays),
        items,
      },
      { signal },
    );
  };
  // A large selection is computed under the heavy-request limit and shared for the rest of
  // the minute by everyone asking for the same site; a group of a few hundred is fresh each
  // time (the page polls it every 2 s).
  if (records.length > ABOVE_CACHED_OBJECTS) {
    return cachedResponse(c, ctx, compute, { heavy: true, maxAge: 60 });
  }
  const r = await compute(c.req.raw.signal);
  // A prepared body leaves Hono's typed-response world (the schema is documented above).
  return c.body(r.body, 200, { 'content-type': r.contentType }) as never;
}

/** The satellite track and what is above now. */
export function skyRoutes(ctx: ApiContext): App {
  const app = featureApp();
  app.openapi(trackRoute, (c) => track(c, ctx, c.req.valid('param').noradId, c.req.valid('query')));
  app.openapi(aboveRoute, (c) => above(c, ctx, c.req.valid('query')));
  return app;
}
