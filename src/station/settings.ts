/**
 * The `stations` settings section: a radio station per name, with its observer (one of the named
 * observers: position, horizon mask, minimum elevation), an optional rotator, and the satellites
 * it works with their priorities (see README "Radio").
 */
import { z } from 'zod';
import { rotatorProblems } from '../core/station/rotator.js';
import {
  horizonMask,
  isRecord,
  list,
  numberIn,
  OBSERVER_NAME,
  RANGES,
  section,
  text,
  timeZone,
  whenValid,
} from '../fields/index.js';

const rotatorSettings = section({
  /** Azimuth range, degrees: 0–360, 0–450 (overlap), −180–180...; at least 360° wide. */
  azimuthMinDeg: numberIn({ min: -360, max: 720 }).default(0),
  azimuthMaxDeg: numberIn({ min: -360, max: 720 }).default(360),
  /** Elevation range, degrees: 0–90, or 0–180 for a flip mount. */
  elevationMinDeg: numberIn({ min: -10, max: 10 }).default(0),
  elevationMaxDeg: numberIn({ min: 90, max: 180 }).default(90),
  /** Slew rates, degrees per second. */
  azimuthRateDegS: numberIn({ min: 0.01, max: 180 }),
  elevationRateDegS: numberIn({ min: 0.01, max: 180 }),
  /** Where it rests between passes. */
  parkAzimuthDeg: numberIn({ min: -360, max: 720 }).default(0),
  parkElevationDeg: numberIn({ min: -10, max: 180 }).default(0),
  /** A flip mount goes over the top of a high pass when this pointing error is enough, degrees. */
  maxPointingErrorDeg: numberIn({ min: 0, max: 45 }).default(10),
})
  .superRefine(
    (r, ctx) => {
      for (const p of rotatorProblems({
        ...r,
        park: { azimuthDeg: r.parkAzimuthDeg, elevationDeg: r.parkElevationDeg },
      })) {
        ctx.addIssue({
          code: 'custom',
          path: [p.field === 'park' ? 'parkAzimuthDeg' : p.field],
          message: p.message,
        });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  )
  .transform(({ parkAzimuthDeg, parkElevationDeg, ...r }) => ({
    ...r,
    park: { azimuthDeg: parkAzimuthDeg, elevationDeg: parkElevationDeg },
  }));

const stationSatellite = section({
  noradId: numberIn(RANGES.noradId),
  /** Positive weight: the schedule maximises the sum over the passes worked. */
  priority: numberIn({ min: 0.001, max: 1_000_000 }, 'a positive number (at most 1000000)').default(
    1,
  ),
  /** SatNOGS transmitter uuid (see /v1/satellites/{noradId}/transmitters), or null. */
  transmitter: z
    .string({ error: 'a SatNOGS transmitter uuid' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'a SatNOGS transmitter uuid' })
    .nullable()
    .default(null),
  /** For a linear transponder: the nominal downlink to work, Hz (default: the passband centre). */
  downlinkHz: numberIn({ min: 1, max: 300e9 }).nullable().default(null),
  /** Passes peaking lower are not worked. */
  minPeakElevation: numberIn({ min: 0, max: 90 }).nullable().default(null),
  /** Passes shorter than this are not worked, seconds. */
  minDurationSeconds: numberIn({ min: 0, max: 86_400 }).nullable().default(null),
});

const SITE_FIELDS = ['lat', 'lon', 'alt', 'minElevation', 'horizonMask', 'timezone'] as const;

/**
 * One station. Its site is either `observer` (the name of an entry in `observers`: position,
 * horizon mask, minimum elevation, time zone) or its own `lat`/`lon` (with optional `alt`,
 * `minElevation`, `horizonMask`, `timezone`), never both. The same schema checks config stations
 * and `PUT /v1/stations/{name}` bodies.
 */
export const stationSettings = section({
  observer: text('the name of an observer in "observers"').optional(),
  lat: numberIn(RANGES.latitudeDeg).optional(),
  lon: numberIn(RANGES.longitudeDeg).optional(),
  alt: numberIn(RANGES.altitudeM).optional(),
  minElevation: numberIn(RANGES.minElevationDeg).optional(),
  horizonMask: horizonMask().nullable().optional(),
  timezone: timeZone().nullable().optional(),
  rotator: rotatorSettings.nullable().default(null),
  /** Setup time between two passes, seconds (added to the rotator's travel). */
  turnaroundSeconds: numberIn({ min: 0, max: 3600 }).default(60),
  satellites: list(stationSatellite).default([]),
}).superRefine(
  (s, ctx) => {
    const own = SITE_FIELDS.filter((k) => s[k] !== undefined);
    if (s.observer !== undefined && own.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [own[0]!],
        message: `give either "observer" (a named observer) or the station's own lat/lon, not both (${own.join(', ')} given beside observer "${s.observer}")`,
      });
    } else if (s.observer === undefined) {
      for (const k of ['lat', 'lon'] as const) {
        if (s[k] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [own.length === 0 ? 'observer' : k],
            message:
              own.length === 0
                ? 'expected the name of an observer in "observers", or the station\'s own "lat" and "lon"'
                : `expected "${k}" (the station's own site needs lat and lon)`,
          });
          if (own.length === 0) break;
        }
      }
    }
  },
  whenValid('observer', ...SITE_FIELDS),
);

/** Stations by name. */
export const stationsSettings = z
  .record(z.string(), stationSettings, { error: 'an object of named entries' })
  .superRefine(
    (stations, ctx) => {
      for (const name of Object.keys(stations)) {
        if (!OBSERVER_NAME.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'station names use letters, digits, "_" and "-" (at most 64), e.g. "shack"',
          });
        }
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );

export type StationsSettings = z.output<typeof stationsSettings>;
export type StationSettings = StationsSettings[string];

/** Stations whose `observer` is not a configured observer name. */
export function stationObserverProblems(
  stations: Record<string, unknown>,
  observers: ReadonlySet<string>,
): { name: string; message: string }[] {
  const out: { name: string; message: string }[] = [];
  for (const [name, s] of Object.entries(stations)) {
    if (!isRecord(s) || typeof s.observer !== 'string') continue;
    if (!observers.has(s.observer)) {
      out.push({
        name,
        message: `expected the name of an observer in "observers" (${[...observers].join(', ') || 'none configured'}); got "${s.observer}"`,
      });
    }
  }
  return out;
}
