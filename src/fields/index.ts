/**
 * Field schemas shared by the configuration, the HTTP API, alert subscriptions and the CLI:
 * the ranges of an observer's coordinates and thresholds, a horizon mask, names, time zones and
 * cron expressions are defined here once and imported everywhere they are checked.
 *
 * Wording: a field built here says, as a noun phrase, what it expects (`a number from -90 to 90`)
 * unless its consumer passes its own message. The configuration words such a phrase as
 * `expected …; got …`. A refinement that words a whole sentence itself is a `custom` issue
 * without `params.expected`.
 *
 * Low layer: imports only `src/core`, zod, luxon and node-cron (all pure).
 */
import { IANAZone } from 'luxon';
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import type { Observer } from '../core/orbit/observer.js';
import { HorizonMask } from '../core/passes/horizon-mask.js';

export { bodyProblems, type FieldProblem, phraseWords, show } from './problems.js';

/** Inclusive bounds of a number; `integer` for whole numbers. */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

/** The ranges every consumer checks. Units are in the names. */
export const RANGES = {
  /** Geodetic latitude, degrees north (WGS84). */
  latitudeDeg: { min: -90, max: 90 },
  /** Longitude, degrees east. */
  longitudeDeg: { min: -180, max: 180 },
  /** Height above the WGS84 ellipsoid, metres. */
  altitudeM: { min: -500, max: 9000 },
  /** AOS/LOS threshold, and the lowest point of a horizon mask, degrees. */
  minElevationDeg: { min: -5, max: 90 },
  /** Azimuth of a horizon mask point, degrees from north through east. */
  azimuthDeg: { min: 0, max: 360 },
  /** Faintest visual magnitude counted as visible (`maxMagnitude`). */
  magnitude: { min: -10, max: 30 },
  /** Sun elevation at or below which the sky counts as dark (`maxSunElevation`), degrees. */
  maxSunElevationDeg: { min: -18, max: 0 },
  /** NORAD catalogue number (Alpha-5 and 9-digit numbers included). */
  noradId: { min: 1, max: 999_999_999, integer: true },
} as const satisfies Record<string, NumberRange>;

/** `a number from -90 to 90`, `a whole number from 0 to 65535`. */
export function describeRange(range: NumberRange): string {
  return `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`;
}

/** `lat must be between -90 and 90`: the wording of the API and the CLI. */
export function mustBeInRange(name: string, range: NumberRange): string {
  return `${name} must be ${range.integer ? 'a whole number ' : ''}between ${range.min} and ${range.max}`;
}

/**
 * A finite number within `range`. Every failure (not a number, outside, not whole) carries
 * `message`; a whole-number field may fail twice with the same message (consumers drop repeats).
 */
export function numberIn(range: NumberRange, message: string = describeRange(range)) {
  const error = { error: message } as const;
  const base = z.number({ error: message });
  // multipleOf(1), not int(): zod's int() aborts the parse, which would hide the problems that
  // list- and object-level rules (duplicates, cross-field checks) find at the same time.
  return (range.integer ? base.multipleOf(1, error) : base)
    .min(range.min, error)
    .max(range.max, error);
}

/** The name of a configured observer (`?observer=home`, a subscription's `observer`). */
export const OBSERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A group of objects (`stations`, `amateur`): CelesTrak's and the user's own. */
export const GROUP_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** An element source configured besides CelesTrak (`celestrak*` is reserved). */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** A subscription declared in the configuration. */
export const SUBSCRIPTION_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const GROUP_NAME_EXPECTED =
  'a group name (lower-case letters, digits, ".", "_", "-"), e.g. "stations"';

/** A group name; `message` defaults to the noun phrase. */
export function groupName(message: string = GROUP_NAME_EXPECTED) {
  return z.string({ error: message }).regex(GROUP_NAME, { error: message });
}

/** Is `name` an IANA time zone luxon knows (`UTC`, `Europe/Amsterdam`)? */
export function isTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

export const TIME_ZONE_EXPECTED = 'an IANA time zone such as "UTC" or "Europe/Amsterdam"';

/** An IANA time zone name; `message` defaults to the noun phrase. */
export function timeZone(message?: string) {
  const error = message ?? TIME_ZONE_EXPECTED;
  return z
    .string({ error })
    .refine(isTimeZone, { error, ...(message ? {} : { params: { expected: true } }) });
}

/** One point of a horizon mask as users write it. */
export interface HorizonPoint {
  azimuth: number;
  elevation: number;
}

/** Wording of a horizon mask's failures, per consumer. */
export interface HorizonMaskMessages {
  /** A point that is not an object. */
  point?: string;
  azimuth?: string;
  elevation?: string;
  /** Unknown keys in a point; the default lists the known ones. */
  unknownKey?: string;
}

/** The horizon mask rules (sorted-able azimuths, no duplicates), or why `points` break them. */
export function horizonMaskProblem(points: readonly HorizonPoint[]): string | null {
  try {
    new HorizonMask(points.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A horizon mask point `{azimuth, elevation}` (degrees); unknown keys are refused. */
export function horizonPoint(messages: HorizonMaskMessages = {}) {
  const point = messages.point ?? 'an object like {"azimuth": 90, "elevation": 15}';
  return z.strictObject(
    {
      azimuth: numberIn(RANGES.azimuthDeg, messages.azimuth),
      elevation: numberIn(RANGES.minElevationDeg, messages.elevation),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? (messages.unknownKey ?? 'azimuth, elevation') : point,
    },
  );
}

/**
 * A horizon mask: a list of points whose azimuths are distinct (checked by the core's
 * `HorizonMask`, so the API, subscriptions and the config agree on what is valid).
 */
export function horizonMask(messages: HorizonMaskMessages & { list?: string } = {}) {
  const list = messages.list ?? 'a list (JSON array)';
  return z.array(horizonPoint(messages), { error: list }).superRefine(
    (points, ctx) => {
      const problem = horizonMaskProblem(points);
      if (problem !== null) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a list of {"azimuth", "elevation"} points: ${problem}`,
          input: points,
        });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  );
}

/** An object of known settings; unknown keys are problems that list the known ones. */
export function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? known : 'an object'),
  });
}

/**
 * A cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first), as
 * node-cron reads it.
 */
export function cronExpression(example: string) {
  const expected = `a cron expression such as "${example}"`;
  return z
    .string({ error: expected })
    .regex(/\S/, { error: expected })
    .superRefine((text, ctx) => {
      const fields = text.trim().split(/\s+/);
      if (fields.length !== 5 && fields.length !== 6) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a cron expression of 5 fields (minute hour day month weekday) or 6 (with seconds first); got "${text}" (${fields.length} field${fields.length === 1 ? '' : 's'})`,
        });
        return;
      }
      const check = validateDetailed(text);
      if (!check.valid) {
        const why = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a valid cron expression (${why || 'unparsable'})`,
        });
      }
    });
}

/** Text that is not blank; the noun phrase says what it is for. */
export function text(expected: string) {
  return z.string({ error: expected }).regex(/\S/, { error: expected });
}

/** Parse `text` as a URL; null when it is not one. */
export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * An http(s) URL without query or fragment, e.g. a base URL; trailing slashes are dropped.
 */
export function httpBaseUrl() {
  const expected = 'an http:// or https:// URL without a query, e.g. "https://celestrak.org"';
  return z
    .string({ error: expected })
    .refine(
      (s) => {
        const url = parseUrl(s);
        return (
          url !== null && /^https?:$/.test(url.protocol) && url.search === '' && url.hash === ''
        );
      },
      { error: expected, params: { expected: true } },
    )
    .transform((s) => new URL(s).href.replace(/\/+$/, ''));
}

/** The observer fields shared by the configuration's named observers. */
export const observerSettings = section({
  lat: numberIn(RANGES.latitudeDeg),
  lon: numberIn(RANGES.longitudeDeg),
  alt: numberIn(RANGES.altitudeM).default(0),
  minElevation: numberIn(RANGES.minElevationDeg).default(0),
  horizonMask: horizonMask().nullable().default(null),
  timezone: timeZone().nullable().default(null),
});

/** A named observing site, usable as `?observer=NAME` by the API and by alert subscriptions. */
export type ObserverSettings = z.output<typeof observerSettings>;

/** Named observers, by name. */
export const observersSettings = z
  .record(z.string(), observerSettings, { error: 'an object of named entries' })
  .superRefine(
    (observers, ctx) => {
      for (const name of Object.keys(observers)) {
        if (!OBSERVER_NAME.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'observer names use letters, digits, "_" and "-" (at most 64), e.g. "home"',
            params: { first: true },
          });
        }
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );

export type ObserversSettings = z.output<typeof observersSettings>;

/** The configured observer called `name`, if any: own names only (`toString` is none). */
export function configuredObserver(
  observers: ObserversSettings,
  name: string,
): ObserverSettings | undefined {
  return Object.hasOwn(observers, name) ? observers[name] : undefined;
}

/** A horizon mask's settings points as the pass search takes them; null without a mask. */
export function horizonMaskOf(
  points: readonly HorizonPoint[] | null | undefined,
): HorizonMask | null {
  return points
    ? new HorizonMask(points.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })))
    : null;
}

/** A configured observer as the pass search takes it: the site, threshold, mask and zone. */
export function observerSite(o: ObserverSettings): {
  observer: Observer;
  minElevationDeg: number;
  horizonMask: HorizonMask | null;
  zone: string | null;
} {
  return {
    observer: { latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt },
    minElevationDeg: o.minElevation,
    horizonMask: horizonMaskOf(o.horizonMask),
    zone: o.timezone,
  };
}

/** A plain object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `true` or `false`. */
export function flag() {
  return z.boolean({ error: 'true or false' });
}

/** A list (JSON array) of `item`. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item, { error: 'a list (JSON array)' });
}

/**
 * Report the second and later occurrences of a value in a list as `listed twice` problems
 * (`what(value)` words them). Runs even when other items are invalid, skipping those.
 */
export function noDuplicates<T>(
  valid: (item: unknown) => item is T,
  message: (item: T) => string,
  key: (item: T) => unknown = (item) => item,
  field: (string | number)[] = [],
) {
  return z.superRefine<unknown[]>(
    (items, ctx) => {
      const seen = new Set<unknown>();
      items.forEach((item, i) => {
        if (!valid(item)) return;
        const k = key(item);
        if (seen.has(k))
          ctx.addIssue({ code: 'custom', path: [i, ...field], message: message(item) });
        seen.add(k);
      });
    },
    { when: (payload) => Array.isArray(payload.value) },
  );
}

/**
 * Run a cross-field rule only when `keys` of the object parsed without problems (the rule reads
 * their values), while still running beside problems elsewhere in the object.
 */
export function whenValid(...keys: string[]) {
  return {
    when: (payload: z.core.ParsePayload) =>
      isRecord(payload.value) && !payload.issues.some((i) => keys.includes(String(i.path?.[0]))),
  };
}
