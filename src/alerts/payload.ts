/**
 * The JSON an event delivers (webhook body and MQTT message) and the stable delivery ids.
 */
import { createHash, randomBytes } from 'node:crypto';
import { formatInstant } from '../format/time.js';
import type { TransitJson } from '../format/wire.js';
import { type Site, siteQuery } from './site.js';
import type { SubscriptionRow } from './store.js';

/** The body of a delivery; `sentAt` and `attempt` are filled in per attempt. */
export interface EventPayload {
  /** The delivery's id (the `webhook-id` header): the same on every retry. */
  id: string;
  type: string;
  /** When the event was due (ISO 8601 UTC). */
  dueAt: string;
  /** When this attempt was sent. */
  sentAt: string | null;
  /** 1 for the first attempt. */
  attempt: number;
  /** The event fired later than due (after a restart), by this many seconds; 0 when on time. */
  lateSeconds: number;
  subscription: { id: string; name: string | null };
  satellite: { noradId: number; name: string } | null;
  observer: Site['echo'] | null;
  /** For `pass.upcoming`: minutes before AOS (or before visibility starts). */
  leadMinutes?: number | null;
  /** The pass object as the API serves it (with its revolution number). */
  pass: Record<string, unknown> | null;
  /** For catalog watch events (`catalog.*`, `conjunction.*`): the event as `/v1/events` serves it. */
  catalogEvent?: Record<string, unknown>;
  /** For `transit.upcoming`: the transit as `GET /v1/transits` serves it. */
  transit?: TransitJson;
  links: {
    track: string | null;
    passes: string | null;
    events?: string | null;
    transits?: string | null;
  };
}

/** A stable id for one event and target: firing it again yields the same id. */
export function deliveryId(parts: (string | number)[]): string {
  return `msg_${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 24)}`;
}

/** A random id (test events). */
export function randomDeliveryId(): string {
  return `msg_test_${randomBytes(12).toString('base64url')}`;
}

function join(base: string | null, path: string): string {
  return base ? `${base.replace(/\/+$/, '')}${path}` : path;
}

/** The body of a planned event. */
export function eventPayload(options: {
  id: string;
  type: string;
  dueMs: number;
  nowMs: number;
  leadMinutes: number | null;
  sub: SubscriptionRow;
  site: Site | null;
  pass: Record<string, unknown>;
  baseUrl: string | null;
}): EventPayload {
  const { pass, site } = options;
  const noradId = Number(pass.noradId);
  const aos = (pass.aos as { time?: string } | null)?.time ?? null;
  const q = site ? siteQuery(site) : '';
  return {
    id: options.id,
    type: options.type,
    dueAt: formatInstant(options.dueMs),
    sentAt: null,
    attempt: 0,
    lateSeconds: Math.max(0, Math.round((options.nowMs - options.dueMs) / 1000)),
    subscription: { id: options.sub.id, name: options.sub.spec.name },
    satellite: { noradId, name: String(pass.name ?? '') },
    observer: site?.echo ?? null,
    ...(options.type === 'pass.upcoming' ? { leadMinutes: options.leadMinutes } : {}),
    pass,
    links: {
      track:
        aos === null
          ? null
          : join(
              options.baseUrl,
              `/v1/satellites/${noradId}/track?pass=${encodeURIComponent(aos)}&${q}`,
            ),
      passes: join(options.baseUrl, `/v1/satellites/${noradId}/passes?${q}`),
    },
  };
}

/** The body of a test event (`POST /v1/subscriptions/{id}/test`). */
export function testPayload(
  id: string,
  sub: SubscriptionRow,
  site: Site | null,
  nowMs: number,
): EventPayload {
  return {
    id,
    type: 'test',
    dueAt: formatInstant(nowMs),
    sentAt: null,
    attempt: 0,
    lateSeconds: 0,
    subscription: { id: sub.id, name: sub.spec.name },
    satellite: null,
    observer: site?.echo ?? null,
    pass: null,
    links: { track: null, passes: null },
  };
}

/** The body of one attempt: the stored payload with `sentAt` and `attempt` set. */
export function attemptBody(payload: string, attempt: number, nowMs: number): string {
  const body = JSON.parse(payload) as EventPayload;
  body.sentAt = formatInstant(nowMs);
  body.attempt = attempt;
  return JSON.stringify(body);
}
