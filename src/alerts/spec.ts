/**
 * What a subscription asks for: the input schema (zod, shared by the API, its OpenAPI document
 * and the config loader), the normalised spec the planner reads, and the checks that need no
 * catalog (contradictory filters, duplicate events). Pure: no I/O.
 */
import { z } from 'zod';
import {
  describeRange,
  type FieldProblem,
  GROUP_NAME,
  horizonMaskProblem,
  horizonPoint,
  isTimeZone,
  type NumberRange,
  numberIn,
  OBSERVER_NAME,
  RANGES,
} from '../fields/index.js';

export type { FieldProblem };

/** Catalog watch event types: delivered once per event when the watch finds one. */
export const CATALOG_EVENT_TYPES = [
  'catalog.new',
  'catalog.launch',
  'catalog.decay',
  'catalog.manoeuvre',
  'conjunction.upcoming',
] as const;

/** Event types a subscription can ask for. */
export const EVENT_TYPES = [
  'pass.upcoming',
  'pass.aos',
  'pass.tca',
  'pass.los',
  'visible.start',
  'visible.end',
  'transit.upcoming',
  ...CATALOG_EVENT_TYPES,
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A Standard Webhooks secret: `whsec_` and base64 of 24 to 64 bytes. */
export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

/** A shared range (`src/fields`), worded `lat must be a number from -90 to 90`. */
const mustBe = (name: string, r: NumberRange) => `${name} must be ${describeRange(r)}`;
const range = (name: string, r: NumberRange) => numberIn(r, mustBe(name, r));

const zone = (name: string) =>
  z.string().refine(isTimeZone, {
    message: `${name} must be an IANA time zone such as Europe/Amsterdam or UTC`,
  });

const webhookUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a URL; use e.g. http://192.168.1.20:8123/api/webhook/iss`,
    });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({
      code: 'custom',
      message: 'the webhook URL must start with http:// or https://',
    });
  } else if (url.username !== '' || url.password !== '') {
    ctx.addIssue({
      code: 'custom',
      message: 'the webhook URL must not hold a user name or password (they would be logged)',
    });
  }
});

const Webhook = z.strictObject({
  url: webhookUrl.describe('http(s) URL the event is POSTed to (signed per Standard Webhooks).'),
  checkReachable: z
    .boolean()
    .optional()
    .describe('Connect to the URL when the subscription is saved (default true).'),
});

const CoordinateObserver = z.strictObject({
  lat: range('lat', RANGES.latitudeDeg),
  lon: range('lon', RANGES.longitudeDeg),
  alt: range('alt', RANGES.altitudeM).optional(),
  timezone: zone('timezone').nullable().optional(),
});

const HorizonPoint = horizonPoint({
  point: 'a horizon mask point is {"azimuth": degrees, "elevation": degrees}',
  azimuth: mustBe('azimuth', RANGES.azimuthDeg),
  elevation: mustBe('elevation', RANGES.minElevationDeg),
});

const EventInput = z
  .strictObject({
    type: z.enum(EVENT_TYPES, { message: `type must be one of ${EVENT_TYPES.join(', ')}` }),
    leadMinutes: range('leadMinutes', { min: 0, max: 10_080 })
      .optional()
      .describe('pass.upcoming only: how long before the pass (or before it becomes visible).'),
    before: z
      .enum(['aos', 'visible'], { message: 'before must be "aos" or "visible"' })
      .optional()
      .describe(
        'pass.upcoming only: count the lead time from AOS (default) or from the start of visibility.',
      ),
    radiusKm: range('radiusKm', { min: 0, max: 500 })
      .optional()
      .describe(
        'transit.upcoming only: transits whose centre line passes within this distance of the observer, km (default 50).',
      ),
    nearMissDeg: range('nearMissDeg', { min: 0, max: 10 })
      .optional()
      .describe(
        "transit.upcoming only: also near misses within this angle of the disc's edge, degrees (default 0: none).",
      ),
  })
  .superRefine((e, ctx) => {
    if (e.type === 'pass.upcoming' && e.leadMinutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['leadMinutes'],
        message: 'pass.upcoming needs leadMinutes: how many minutes before the pass',
      });
    }
    const owners = [
      ['pass.upcoming', ['leadMinutes', 'before']],
      ['transit.upcoming', ['radiusKm', 'nearMissDeg']],
    ] as const;
    for (const [type, keys] of owners) {
      if (e.type === type) continue;
      for (const key of keys) {
        if (e[key] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${key} belongs to ${type} only`,
          });
        }
      }
    }
  });

const fields = {
  name: z.string().max(100, { message: 'name is at most 100 characters' }).nullable(),
  observer: z.union([
    z.string().regex(OBSERVER_NAME, {
      message: 'observer is the name of a configured observer, or {"lat", "lon", "alt"}',
    }),
    CoordinateObserver,
  ]),
  horizonMask: z
    .array(HorizonPoint)
    .min(1, { message: 'horizonMask needs at least one point' })
    .max(360)
    .nullable()
    .describe('Lowest usable elevation per azimuth; overrides a named observer’s.'),
  satellites: z
    .array(
      numberIn(
        RANGES.noradId,
        `satellites lists NORAD catalogue numbers: whole numbers from ${RANGES.noradId.min} to ${RANGES.noradId.max}`,
      ),
    )
    .max(1000, { message: 'at most 1000 satellites; use groups for more' }),
  groups: z
    .array(
      z.string().regex(GROUP_NAME, {
        message: 'a group name is lower-case letters, digits, ".", "_", "-", e.g. "visual"',
      }),
    )
    .max(50),
  minPeakElevation: range('minPeakElevation', RANGES.minElevationDeg).describe(
    'Only passes whose highest point (maximum elevation) is at least this high, degrees (default 0). AOS and LOS stay at the observer’s threshold (horizon mask, or a named observer’s minElevation).',
  ),
  minElevation: range('minElevation', RANGES.minElevationDeg).describe(
    'Deprecated: the old name of minPeakElevation, read as minPeakElevation.',
  ),
  visibleOnly: z.boolean({ message: 'visibleOnly must be true or false' }),
  maxMagnitude: range('maxMagnitude', RANGES.magnitude)
    .nullable()
    .describe('Only passes at least this bright (implies visible passes).'),
  timeWindow: z
    .strictObject({
      from: z.string().regex(TIME_OF_DAY, { message: 'from is a local time of day, "HH:MM"' }),
      to: z.string().regex(TIME_OF_DAY, { message: 'to is a local time of day, "HH:MM"' }),
      zone: zone('zone').nullable().optional(),
    })
    .nullable()
    .describe(
      'Only passes whose TCA falls between from and to (local time; may wrap midnight). Zone: this, else the observer’s, else UTC.',
    ),
  events: z
    .array(EventInput)
    .min(1, { message: 'events needs at least one event' })
    .max(EVENT_TYPES.length),
  webhook: z.union([Webhook, z.array(Webhook).min(1).max(5)], {
    message: 'webhook is {"url": "http://..."} or a list of up to 5 of them',
  }),
  mqtt: z
    .boolean({ message: 'mqtt must be true or false' })
    .describe('Also publish the events on passwatch/subscriptions/{id}/events.'),
  enabled: z.boolean({ message: 'enabled must be true or false' }),
  station: z
    .string()
    .regex(OBSERVER_NAME, { message: 'station is the name of a radio station (GET /v1/stations)' })
    .nullable()
    .describe(
      "Only the passes this radio station's schedule works (GET /v1/stations/{name}/schedule: the maximum-priority plan without overlaps), so a recorder never gets two passes at once. Without satellites and groups: the station's satellites.",
    ),
};

/** Body of `POST /v1/subscriptions` (and a config subscription, which also carries `secret`). */
export const SubscriptionInput = z.strictObject({
  ...fields,
  name: fields.name.optional(),
  observer: fields.observer,
  horizonMask: fields.horizonMask.optional(),
  satellites: fields.satellites.optional(),
  groups: fields.groups.optional(),
  minPeakElevation: fields.minPeakElevation.optional(),
  minElevation: fields.minElevation.optional(),
  visibleOnly: fields.visibleOnly.optional(),
  maxMagnitude: fields.maxMagnitude.optional(),
  timeWindow: fields.timeWindow.optional(),
  events: fields.events,
  webhook: fields.webhook.optional(),
  mqtt: fields.mqtt.optional(),
  enabled: fields.enabled.optional(),
  station: fields.station.optional(),
});
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

/** Body of `PATCH /v1/subscriptions/{id}`: the fields given replace the stored ones. */
export const SubscriptionPatch = SubscriptionInput.partial().extend({
  rotateSecret: z
    .boolean({ message: 'rotateSecret must be true or false' })
    .optional()
    .describe('Issue a new secret (shown once, in this response).'),
});
export type SubscriptionPatch = z.infer<typeof SubscriptionPatch>;

/** A config-declared subscription: the API's fields plus its webhook secret. */
export const ConfigSubscriptionInput = SubscriptionInput.extend({
  secret: z
    .string()
    .regex(SECRET_PATTERN, {
      message:
        'secret is "whsec_" followed by base64 of 24 to 64 random bytes; make one with: echo whsec_$(openssl rand -base64 32)',
    })
    .optional(),
});

export type EventSpec =
  | { type: 'pass.upcoming'; leadMinutes: number; before: 'aos' | 'visible' }
  | { type: 'transit.upcoming'; radiusKm: number; nearMissDeg: number }
  | { type: Exclude<EventType, 'pass.upcoming' | 'transit.upcoming'> };

/** `radiusKm` of a `transit.upcoming` event when not given. */
export const DEFAULT_TRANSIT_RADIUS_KM = 50;

export interface CoordinateObserverSpec {
  lat: number;
  lon: number;
  alt: number;
  timezone: string | null;
}

/** A subscription as stored and planned: defaults filled in. */
export interface SubscriptionSpec {
  name: string | null;
  /** A configured observer's name, or coordinates. */
  observer: string | CoordinateObserverSpec;
  horizonMask: { azimuth: number; elevation: number }[] | null;
  satellites: number[];
  groups: string[];
  /** Least maximum elevation of a pass, degrees (AOS/LOS stay at the site's threshold). */
  minPeakElevation: number;
  visibleOnly: boolean;
  maxMagnitude: number | null;
  timeWindow: { from: string; to: string; zone: string | null } | null;
  events: EventSpec[];
  webhooks: { url: string; checkReachable: boolean }[];
  mqtt: boolean;
  enabled: boolean;
  /**
   * Only passes a radio station's schedule works; absent in subscriptions stored before the
   * filter existed (read as null).
   */
  station?: string | null;
}

function normaliseObserver(o: SubscriptionInput['observer']): string | CoordinateObserverSpec {
  if (typeof o === 'string') return o;
  return { lat: o.lat, lon: o.lon, alt: o.alt ?? 0, timezone: o.timezone ?? null };
}

/** Fill in defaults. */
export function normaliseSpec(input: SubscriptionInput): SubscriptionSpec {
  const hooks =
    input.webhook === undefined
      ? []
      : Array.isArray(input.webhook)
        ? input.webhook
        : [input.webhook];
  return {
    name: input.name ?? null,
    observer: normaliseObserver(input.observer),
    horizonMask: input.horizonMask ?? null,
    satellites: input.satellites ?? [],
    groups: input.groups ?? [],
    minPeakElevation: input.minPeakElevation ?? input.minElevation ?? 0,
    visibleOnly: input.visibleOnly ?? false,
    maxMagnitude: input.maxMagnitude ?? null,
    timeWindow: input.timeWindow
      ? {
          from: input.timeWindow.from,
          to: input.timeWindow.to,
          zone: input.timeWindow.zone ?? null,
        }
      : null,
    events: input.events.map((e): EventSpec => {
      if (e.type === 'pass.upcoming') {
        return { type: e.type, leadMinutes: e.leadMinutes ?? 0, before: e.before ?? 'aos' };
      }
      if (e.type === 'transit.upcoming') {
        return {
          type: e.type,
          radiusKm: e.radiusKm ?? DEFAULT_TRANSIT_RADIUS_KM,
          nearMissDeg: e.nearMissDeg ?? 0,
        };
      }
      return { type: e.type };
    }),
    webhooks: hooks.map((h) => ({
      url: new URL(h.url).href,
      checkReachable: h.checkReachable ?? true,
    })),
    mqtt: input.mqtt ?? false,
    enabled: input.enabled ?? true,
    station: input.station ?? null,
  };
}

/** The spec as input again (for PATCH merging and for echoing back). */
export function specAsInput(spec: SubscriptionSpec): SubscriptionInput {
  return {
    name: spec.name,
    observer: spec.observer,
    horizonMask: spec.horizonMask,
    satellites: spec.satellites,
    groups: spec.groups,
    minPeakElevation: spec.minPeakElevation,
    visibleOnly: spec.visibleOnly,
    maxMagnitude: spec.maxMagnitude,
    timeWindow: spec.timeWindow,
    events: spec.events,
    webhook: spec.webhooks.map((w) => ({ url: w.url, checkReachable: w.checkReachable })),
    mqtt: spec.mqtt,
    enabled: spec.enabled,
    station: spec.station ?? null,
  };
}

/**
 * Checks that need no catalog or network: contradictory filters, duplicate events or
 * satellites, no target, no satellites, an invalid horizon mask.
 *
 * @param input The input as given (to tell an explicit `visibleOnly: false` from a default).
 */
export function specProblems(
  input: Partial<SubscriptionInput>,
  spec: SubscriptionSpec,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (input.visibleOnly === false && spec.maxMagnitude !== null) {
    out.push({
      field: 'maxMagnitude',
      message:
        'maxMagnitude only matches visible passes, but visibleOnly is false; drop one of the two',
    });
  }
  if (spec.timeWindow && spec.timeWindow.from === spec.timeWindow.to) {
    out.push({
      field: 'timeWindow.to',
      message: 'the time window is empty (from equals to); widen it or remove timeWindow',
    });
  }
  if (spec.satellites.length === 0 && spec.groups.length === 0 && !spec.station) {
    out.push({
      field: 'satellites',
      message: 'give satellites (NORAD numbers) and/or groups to watch, or a station',
    });
  }
  const transitAt = spec.events.findIndex((e) => e.type === 'transit.upcoming');
  if (transitAt >= 0 && spec.satellites.length === 0) {
    out.push({
      field: `events.${transitAt}.type`,
      message:
        'transit.upcoming searches the satellites listed in satellites (e.g. [25544] for the ISS); groups are not searched for transits',
    });
  }
  const seenSats = new Set<number>();
  spec.satellites.forEach((id, i) => {
    if (seenSats.has(id)) out.push({ field: `satellites.${i}`, message: `${id} is listed twice` });
    seenSats.add(id);
  });
  const seenGroups = new Set<string>();
  spec.groups.forEach((g, i) => {
    if (seenGroups.has(g)) out.push({ field: `groups.${i}`, message: `"${g}" is listed twice` });
    seenGroups.add(g);
  });
  const seenTypes = new Set<string>();
  spec.events.forEach((e, i) => {
    if (seenTypes.has(e.type)) {
      out.push({ field: `events.${i}.type`, message: `${e.type} is listed twice` });
    }
    seenTypes.add(e.type);
  });
  if (spec.webhooks.length === 0 && !spec.mqtt) {
    out.push({
      field: 'webhook',
      message: 'give a delivery target: webhook {"url": ...} and/or "mqtt": true',
    });
  }
  const seenUrls = new Set<string>();
  spec.webhooks.forEach((w, i) => {
    if (seenUrls.has(w.url)) out.push({ field: `webhook.${i}.url`, message: 'listed twice' });
    seenUrls.add(w.url);
  });
  const maskProblem = spec.horizonMask ? horizonMaskProblem(spec.horizonMask) : null;
  if (maskProblem !== null) out.push({ field: 'horizonMask', message: maskProblem });
  return out;
}

/** What a client is told when it sends the deprecated `minElevation` of a subscription. */
export const MIN_ELEVATION_DEPRECATED =
  'minElevation is the old name of minPeakElevation (the least maximum elevation of a pass) and was read as minPeakElevation; send minPeakElevation instead (minElevation means the AOS/LOS threshold everywhere else)';

/**
 * Input with the deprecated `minElevation` moved to `minPeakElevation`, and the note to give
 * back (null when the old name was not used).
 */
export function renameDeprecated<T extends Partial<SubscriptionInput>>(
  input: T,
): { input: T; note: string | null; problems: FieldProblem[] } {
  if (input.minElevation === undefined) return { input, note: null, problems: [] };
  const { minElevation, ...rest } = input;
  if (input.minPeakElevation !== undefined && input.minPeakElevation !== minElevation) {
    return {
      input,
      note: null,
      problems: [
        {
          field: 'minElevation',
          message: 'minElevation is the old name of minPeakElevation; give only minPeakElevation',
        },
      ],
    };
  }
  return {
    input: { ...rest, minPeakElevation: minElevation } as T,
    note: MIN_ELEVATION_DEPRECATED,
    problems: [],
  };
}

/** The field path of the i-th webhook URL as the client wrote it. */
export function webhookField(input: Partial<SubscriptionInput>, index: number): string {
  return Array.isArray(input.webhook) ? `webhook.${index}.url` : 'webhook.url';
}

/** Minutes after local midnight of "HH:MM". */
export function minutesOfDay(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Is a local time of day (minutes) inside [from, to), wrapping midnight when from > to? */
export function inTimeWindow(minute: number, from: number, to: number): boolean {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
