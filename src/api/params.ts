/**
 * Query parameters shared by the routes: zod schemas (validated by @hono/zod-openapi and
 * documented in /openapi.json) and resolvers for what spans several parameters (observer,
 * time window). Every failure names the parameter and says what is accepted.
 */
import { z } from '@hono/zod-openapi';
import type { Observer } from '../core/orbit/index.js';
import type { HorizonMask } from '../core/passes/index.js';
import {
  configuredObserver,
  mustBeInRange,
  type NumberRange,
  numberIn,
  type ObserversSettings,
  observerSite,
  RANGES,
} from '../fields/index.js';
import { checkZone, parseInstant } from '../format/time.js';
import { ProblemError } from './problem.js';

const DAY_MS = 86_400_000;

/** A decimal number query parameter within [min, max]. */
export function numberParam(name: string, min: number, max: number, description: string) {
  return rangeParam(name, { min, max }, description);
}

/** A decimal number query parameter within a range shared with the config (`src/fields`). */
export function rangeParam(name: string, range: NumberRange, description: string) {
  const { min, max } = range;
  return z
    .string()
    .regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, {
      message: `${name} must be a decimal number between ${min} and ${max}`,
    })
    .transform(Number)
    .pipe(numberIn(range, mustBeInRange(name, range)))
    .optional()
    .openapi({
      param: { name, in: 'query' },
      description,
      example: String(min < 0 && max > 0 ? 0 : min),
    });
}

/** The faintest magnitude that counts as visible (`visible` segments, `visibleOnly`). */
export const maxMagnitudeQuery = rangeParam(
  'maxMagnitude',
  RANGES.magnitude,
  'Faintest magnitude counted as visible (default api.maxMagnitude, 6). Given without visibleOnly, it also keeps only visible passes.',
);

export function booleanParam(name: string, description: string) {
  return z
    .enum(['true', 'false', '1', '0'], { message: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .openapi({ param: { name, in: 'query' }, description });
}

export function stringParam(name: string, description: string, example?: string) {
  return z
    .string()
    .max(200, { message: `${name} is too long` })
    .optional()
    .openapi({ param: { name, in: 'query' }, description, ...(example ? { example } : {}) });
}

export const observerQuery = {
  observer: stringParam(
    'observer',
    'A named observer from the configuration (instead of lat/lon/alt).',
    'home',
  ),
  lat: rangeParam('lat', RANGES.latitudeDeg, 'Observer latitude, degrees north (WGS84).'),
  lon: rangeParam('lon', RANGES.longitudeDeg, 'Observer longitude, degrees east (WGS84).'),
  alt: rangeParam(
    'alt',
    RANGES.altitudeM,
    'Observer height above the WGS84 ellipsoid, metres (default 0).',
  ),
};

export const minElevationQuery = {
  minElevation: rangeParam(
    'minElevation',
    RANGES.minElevationDeg,
    'The AOS/LOS threshold: passes rise and set at this elevation, degrees (default 0, or the named observer’s).',
  ),
};

/** Pass routes: a filter on the highest point, separate from the AOS/LOS threshold. */
export const minPeakElevationQuery = {
  minPeakElevation: rangeParam(
    'minPeakElevation',
    RANGES.minElevationDeg,
    'Only passes whose highest point reaches this, degrees; AOS/LOS stay at minElevation (default: no filter).',
  ),
};

export const tzQuery = {
  tz: stringParam(
    'tz',
    'IANA time zone for local times with offset, e.g. Europe/Amsterdam (default UTC).',
    'Europe/Amsterdam',
  ),
};

export function windowQuery(maxDays: number) {
  return {
    start: stringParam(
      'start',
      'Window start, ISO 8601 with a UTC offset (Z or +hh:mm); default: now, to the minute.',
      '2026-08-21T18:00:00Z',
    ),
    days: numberParam(
      'days',
      0.001,
      maxDays,
      `Window length in days (default 2, at most ${maxDays}).`,
    ),
    end: stringParam('end', 'Window end, ISO 8601 with a UTC offset (instead of days).'),
  };
}

export interface ResolvedObserver {
  observer: Observer;
  /** Name when a configured observer was used. */
  name: string | null;
  horizonMask: HorizonMask | null;
  minElevationDeg: number;
  zone: string | null;
}

/** Resolve `observer=NAME` or `lat`/`lon`/`alt` (exactly one of the two forms). */
export function resolveObserver(
  q: {
    observer?: string | undefined;
    lat?: number | undefined;
    lon?: number | undefined;
    alt?: number | undefined;
  },
  observers: ObserversSettings,
): ResolvedObserver {
  if (q.observer !== undefined) {
    if (q.lat !== undefined || q.lon !== undefined || q.alt !== undefined) {
      throw ProblemError.parameter(
        'observer',
        'give either observer=NAME or lat/lon/alt, not both',
      );
    }
    const named = configuredObserver(observers, q.observer);
    if (!named) {
      const known = Object.keys(observers);
      throw ProblemError.parameter(
        'observer',
        `no observer named "${q.observer}" in the configuration` +
          (known.length ? `; known: ${known.join(', ')}` : '; none are configured'),
      );
    }
    return { ...observerSite(named), name: q.observer };
  }
  if (q.lat === undefined) {
    throw ProblemError.parameter(
      'lat',
      'lat is required (degrees north, -90 to 90), or give observer=NAME',
    );
  }
  if (q.lon === undefined) {
    throw ProblemError.parameter(
      'lon',
      'lon is required (degrees east, -180 to 180), or give observer=NAME',
    );
  }
  return {
    observer: { latitudeDeg: q.lat, longitudeDeg: q.lon, altitudeM: q.alt ?? 0 },
    name: null,
    horizonMask: null,
    minElevationDeg: 0,
    zone: null,
  };
}

/** The time window from start/days/end; `start` defaults to now rounded down to the minute. */
export function resolveWindow(
  q: { start?: string | undefined; days?: number | undefined; end?: string | undefined },
  nowMs: number,
  maxDays: number,
  defaultDays = 2,
): { startMs: number; endMs: number } {
  const startMs =
    q.start !== undefined ? parseInstant(q.start, 'start') : Math.floor(nowMs / 60_000) * 60_000;
  if (q.end !== undefined && q.days !== undefined) {
    throw ProblemError.parameter('end', 'give either end or days, not both');
  }
  const endMs =
    q.end !== undefined ? parseInstant(q.end, 'end') : startMs + (q.days ?? defaultDays) * DAY_MS;
  if (endMs <= startMs) throw ProblemError.parameter('end', 'end must be after start');
  if (endMs - startMs > maxDays * DAY_MS + 1) {
    throw ProblemError.parameter(
      'end',
      `the window is longer than ${maxDays} days; move end closer to start`,
    );
  }
  return { startMs, endMs };
}

/** A zone from `tz`, or the named observer's, or null (UTC). */
export function resolveZone(tz: string | undefined, fallback: string | null): string | null {
  if (tz === undefined) return fallback;
  return checkZone(tz, 'tz');
}
