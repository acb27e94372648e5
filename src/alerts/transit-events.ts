/**
 * `transit.upcoming`: each Sun or Moon transit of a subscription's satellites whose centre line
 * passes within `radiusKm` of its observer (and near misses within `nearMissDeg` degrees, when asked),
 * delivered through the subscription's webhooks and MQTT topic once, when it is first predicted
 * within the planning horizon (`alerts.horizonHours`): time to get there. Searched when the
 * subscription is planned (on changes, catalog updates and the re-plan schedule); the durable
 * outbox is the memory of what was sent, so a restart or a re-plan that predicts the same transit
 * a few seconds off sends nothing again.
 */
import { formatInstant } from '../format/time.js';
import type { TransitJson } from '../format/wire.js';
import { findCatalogTransits } from '../predict/transits.js';
import type { AlertsContext } from './context.js';
import { deliveryId, type EventPayload } from './payload.js';
import { resolveSite, type Site } from './site.js';
import type { SubscriptionRow } from './store.js';
import { deliveryTargets } from './targets.js';

export const TRANSIT_EVENT = 'transit.upcoming';
/** A transit predicted again within this of an earlier prediction is the same transit. */
export const SAME_TRANSIT_MS = 10 * 60_000;

function transitsQuery(site: Site): string {
  if (site.name) return `observer=${encodeURIComponent(site.name)}`;
  const o = site.observer;
  return `lat=${o.latitudeDeg}&lon=${o.longitudeDeg}&alt=${o.altitudeM}`;
}

function payload(
  id: string,
  sub: SubscriptionRow,
  site: Site,
  t: TransitJson,
  radiusKm: number,
  nearMissDeg: number,
  nowMs: number,
  baseUrl: string | null,
): EventPayload {
  const base = baseUrl?.replace(/\/+$/, '') ?? '';
  const query = `${transitsQuery(site)}&sat=${t.noradId}&radiusKm=${radiusKm}&nearMissDeg=${nearMissDeg}`;
  return {
    id,
    type: TRANSIT_EVENT,
    dueAt: formatInstant(nowMs),
    sentAt: null,
    attempt: 0,
    lateSeconds: 0,
    subscription: { id: sub.id, name: sub.spec.name },
    satellite: { noradId: t.noradId, name: t.name },
    observer: site.echo,
    pass: null,
    transit: t,
    links: {
      track: null,
      passes: `${base}/v1/satellites/${t.noradId}/passes?${transitsQuery(site)}`,
      transits: `${base}/v1/transits?${query}`,
    },
  };
}

/**
 * Search a subscription's satellites for transits over the next `horizonMs` and put each one not
 * sent before into the outbox (one transaction). Returns the deliveries added; none when the
 * subscription does not ask for `transit.upcoming`, is disabled, or changed meanwhile.
 */
export async function enqueueTransits(
  ctx: AlertsContext,
  sub: SubscriptionRow,
  horizonMs: number,
): Promise<number> {
  const { store, catalog, settings } = ctx;
  const event = sub.spec.events.find((e) => e.type === TRANSIT_EVENT);
  if (!event || event.type !== TRANSIT_EVENT || !sub.spec.enabled) return 0;
  const site = resolveSite(sub.spec, ctx.observers);
  if ('error' in site) return 0;
  const records = sub.spec.satellites.flatMap((id) => catalog.record(id) ?? []);
  const startMs = ctx.clock();
  const { transits } = await findCatalogTransits(catalog, records, {
    observer: site.observer,
    startMs,
    endMs: startMs + horizonMs,
    radiusKm: event.radiusKm,
    nearMissDeg: event.nearMissDeg,
    zone: null,
  });
  if (!store.isOpen || transits.length === 0) return 0;
  let added = 0;
  store.tx(() => {
    const current = store.subscription(sub.id);
    if (!current || current.revision !== sub.revision) return;
    const now = ctx.clock();
    for (const t of transits) {
      const timeMs = Date.parse(t.time);
      if (timeMs < now) continue;
      for (const target of deliveryTargets(ctx, sub)) {
        const key = {
          subscriptionId: sub.id,
          eventType: TRANSIT_EVENT,
          noradId: t.noradId,
          passKey: `transit:${t.body}`,
          kind: target.kind,
          target: target.target,
        };
        if (store.hasDeliveryNear(key, timeMs, SAME_TRANSIT_MS)) continue;
        const id = deliveryId([sub.id, t.noradId, key.passKey, t.time, target.kind, target.target]);
        const body = payload(
          id,
          sub,
          site,
          t,
          event.radiusKm,
          event.nearMissDeg,
          now,
          settings.publicUrl,
        );
        const inserted = store.insertDelivery({
          ...key,
          id,
          payload: JSON.stringify(body),
          maxAttempts: settings.delivery.maxAttempts,
          nextAttemptMs: now,
          dueMs: timeMs,
          createdMs: now,
        });
        if (inserted) added++;
      }
    }
  });
  return added;
}
