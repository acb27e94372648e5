/**
 * Catalog watch events (new objects, launches, decays, manoeuvres, close approaches) delivered
 * through the subscriptions' webhooks and MQTT topics: once per event, subscription and target
 * (the delivery id is derived from the event's key), in the durable outbox like pass events, so
 * they survive restarts. The watch is another feature: `main.ts` hands its events over, in the
 * shape below.
 */
import { formatInstant } from '../format/time.js';
import type { AlertsContext } from './context.js';
import { deliveryTargets } from './outbox.js';
import { deliveryId, type EventPayload } from './payload.js';
import { resolveSite } from './site.js';
import { CATALOG_EVENT_TYPES } from './spec.js';
import type { SubscriptionRow } from './store.js';

/** A catalog watch event, as the watch stores it. */
export interface CatalogEvent {
  id: number;
  key: string;
  type: string;
  noradId: number | null;
  name: string | null;
  launch: string | null;
  groups: readonly string[];
  timeMs: number;
  windowStartMs: number | null;
  windowEndMs: number | null;
  detectedMs: number;
  details: Record<string, unknown>;
}

/** Events that happened longer ago than this when found are stored but not alerted, ms. */
export const CATALOG_ALERT_MAX_AGE_MS = 3 * 86_400_000;
/** The alerts store's meta key: the last watch event id handed to the alerts. */
export const LAST_CATALOG_EVENT_KEY = 'catalog.lastEventId';

const iso = (ms: number) => formatInstant(ms);

/** Does a subscription want this event? Its type, and its satellites or groups. */
export function wantsCatalogEvent(sub: SubscriptionRow, e: CatalogEvent): boolean {
  const spec = sub.spec;
  if (!spec.enabled || !spec.events.some((x) => x.type === e.type)) return false;
  const members = Array.isArray(e.details.members) ? (e.details.members as number[]) : [];
  const other = typeof e.details.otherNoradId === 'number' ? e.details.otherNoradId : null;
  const ids = [e.noradId, other, ...members].filter((x): x is number => x !== null);
  if (ids.some((id) => spec.satellites.includes(id))) return true;
  return e.groups.some((g) => spec.groups.includes(g));
}

function payload(
  id: string,
  sub: SubscriptionRow,
  e: CatalogEvent,
  nowMs: number,
  ctx: AlertsContext,
): EventPayload {
  const site = resolveSite(sub.spec, ctx.observers);
  const base = ctx.settings.publicUrl?.replace(/\/+$/, '') ?? '';
  return {
    id,
    type: e.type,
    dueAt: iso(e.detectedMs),
    sentAt: null,
    attempt: 0,
    lateSeconds: Math.max(0, Math.round((nowMs - e.detectedMs) / 1000)),
    subscription: { id: sub.id, name: sub.spec.name },
    satellite: e.noradId === null ? null : { noradId: e.noradId, name: e.name ?? '' },
    observer: 'error' in site ? null : site.echo,
    pass: null,
    catalogEvent: {
      id: e.id,
      type: e.type,
      noradId: e.noradId,
      name: e.name,
      launch: e.launch,
      groups: [...e.groups],
      time: iso(e.timeMs),
      window:
        e.windowStartMs !== null && e.windowEndMs !== null
          ? { start: iso(e.windowStartMs), end: iso(e.windowEndMs) }
          : null,
      detected: iso(e.detectedMs),
      details: e.details,
    },
    links: {
      track: null,
      passes: e.noradId === null ? null : `${base}/v1/satellites/${e.noradId}/passes`,
      events: e.noradId === null ? `${base}/v1/events` : `${base}/v1/events?sat=${e.noradId}`,
    },
  };
}

/**
 * Put the deliveries of `events` into the outbox, in one transaction; remembers the last event
 * id so that a restart hands over only later ones. Returns the number of deliveries added.
 */
export function enqueueCatalogEvents(ctx: AlertsContext, events: readonly CatalogEvent[]): number {
  const { store, settings } = ctx;
  if (!store.isOpen || events.length === 0) return 0;
  const now = ctx.clock();
  const types = new Set<string>(CATALOG_EVENT_TYPES);
  let added = 0;
  store.tx(() => {
    const subs = store.subscriptions();
    let last = Number(store.meta(LAST_CATALOG_EVENT_KEY) ?? 0);
    for (const e of events) {
      last = Math.max(last, e.id);
      if (!types.has(e.type) || now - e.timeMs > CATALOG_ALERT_MAX_AGE_MS) continue;
      for (const sub of subs) {
        if (!wantsCatalogEvent(sub, e)) continue;
        for (const t of deliveryTargets(ctx, sub)) {
          const id = deliveryId([sub.id, e.key, e.type, t.kind, t.target]);
          const inserted = store.insertDelivery({
            id,
            subscriptionId: sub.id,
            eventType: e.type,
            noradId: e.noradId,
            passKey: null,
            kind: t.kind,
            target: t.target,
            payload: JSON.stringify(payload(id, sub, e, now, ctx)),
            maxAttempts: settings.delivery.maxAttempts,
            nextAttemptMs: now,
            dueMs: e.detectedMs,
            createdMs: now,
          });
          if (inserted) added++;
        }
      }
    }
    store.setMeta(LAST_CATALOG_EVENT_KEY, String(last));
  });
  return added;
}
