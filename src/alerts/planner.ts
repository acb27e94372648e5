/**
 * The planner: turns each subscription into durable rows of passes and events for a horizon
 * ahead, and reconciles a new plan with the stored one. An event's identity is (subscription,
 * NORAD id, pass, type) with the pass named by its revolution number at TCA, so a pass that moves
 * by seconds after an element refresh moves its events' due times; a pass that is no longer
 * predicted has its planned events cancelled; events that already fired never fire again.
 */
import { DateTime } from 'luxon';
import { type Catalog, type CatalogRecord, stdMagnitudeSource } from '../catalog/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { passItemJson } from '../format/pass-json.js';
import { DEFAULT_MAX_MAGNITUDE, type PassItem } from '../predict/predictions.js';
import { encodePass } from './pass-record.js';
import type { PassSource } from './pass-source.js';
import { resolveSite, type Site } from './site.js';
import { type EventType, inTimeWindow, minutesOfDay, type SubscriptionSpec } from './spec.js';
import { type ScheduledPass, type StationSchedules, scheduledOnly } from './station-filter.js';
import type { AlertStore, EventRow, PassRow, SubscriptionRow } from './store.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Passes are searched from this long before now, so passes in progress keep their AOS. */
const LOOK_BACK_MS = 3 * HOUR_MS;
/** A pass without the same revolution number is still the same pass within this of its TCA. */
const MATCH_TOLERANCE_MS = 10 * MINUTE_MS;

export interface PlannerOptions {
  store: AlertStore;
  catalog: Catalog;
  passSource: PassSource;
  observers: ObserversSettings;
  clock: () => number;
  /** Plan events this far ahead. */
  horizonMs: number;
  /** Radio stations' schedules (subscriptions with `station`); none when absent. */
  stations?: StationSchedules | null;
}

/** What one planning run changed. */
export interface PlanResult {
  subscriptionId: string;
  passes: number;
  added: number;
  moved: number;
  cancelled: number;
  /** Satellites SGP4 could not propagate, and unresolvable settings. */
  problems: string[];
}

/** An event wanted for a pass. */
interface WantedEvent {
  type: EventType;
  dueMs: number;
  leadMinutes: number | null;
}

interface FreshPass {
  item: PassItem;
  key: string;
  /** Cut off by the window's end: its LOS and true TCA are not known yet. */
  incomplete: boolean;
  events: WantedEvent[];
}

/** `r<revolution>`, or `t<TCA minute>` for element sets without a revolution number. */
export function passKey(item: PassItem): string {
  return item.revolution !== null
    ? `r${item.revolution}`
    : `t${Math.round(item.pass.tca.timeMs / MINUTE_MS)}`;
}

/** The events a subscription wants for one pass, with their due times. */
export function wantedEvents(spec: SubscriptionSpec, item: PassItem): WantedEvent[] {
  const p = item.pass;
  const firstVisible = p.visible[0]?.start.timeMs ?? null;
  const lastVisible = p.visible.at(-1)?.end.timeMs ?? null;
  const out: WantedEvent[] = [];
  for (const e of spec.events) {
    let due: number | null = null;
    let lead: number | null = null;
    switch (e.type) {
      case 'pass.upcoming': {
        const from = e.before === 'visible' ? firstVisible : (p.aos?.timeMs ?? null);
        due = from === null ? null : from - e.leadMinutes * MINUTE_MS;
        lead = e.leadMinutes;
        break;
      }
      case 'pass.aos':
        due = p.aos?.timeMs ?? null;
        break;
      case 'pass.tca':
        due = p.tca.timeMs;
        break;
      case 'pass.los':
        due = p.los?.timeMs ?? null;
        break;
      case 'visible.start':
        due = firstVisible;
        break;
      case 'visible.end':
        due = lastVisible;
        break;
    }
    if (due !== null) out.push({ type: e.type, dueMs: Math.round(due), leadMinutes: lead });
  }
  return out;
}

/** Does a pass pass the subscription's filters that the pass finder does not apply? */
export function keepPass(spec: SubscriptionSpec, item: PassItem, site: Site): boolean {
  if (item.pass.maxElevationDeg < spec.minPeakElevation) return false;
  if (spec.timeWindow) {
    const zone = spec.timeWindow.zone ?? site.zone ?? 'UTC';
    const local = DateTime.fromMillis(item.pass.tca.timeMs, { zone });
    const minute = local.hour * 60 + local.minute;
    if (
      !inTimeWindow(minute, minutesOfDay(spec.timeWindow.from), minutesOfDay(spec.timeWindow.to))
    ) {
      return false;
    }
  }
  return true;
}

/** Satellites of a spec in the catalog: listed ids first, then group members; no repeats. */
export function resolveSatellites(spec: SubscriptionSpec, catalog: Catalog): CatalogRecord[] {
  const seen = new Set<number>();
  const out: CatalogRecord[] = [];
  const add = (r: CatalogRecord | undefined) => {
    if (r && !seen.has(r.noradId)) {
      seen.add(r.noradId);
      out.push(r);
    }
  };
  for (const id of spec.satellites) add(catalog.record(id));
  for (const g of spec.groups) for (const r of catalog.members(g)) add(r);
  return out;
}

export class Planner {
  constructor(private readonly o: PlannerOptions) {}

  /** Longest `pass.upcoming` lead of a spec, ms. */
  private maxLeadMs(spec: SubscriptionSpec): number {
    return Math.max(
      0,
      ...spec.events.map((e) => (e.type === 'pass.upcoming' ? e.leadMinutes * MINUTE_MS : 0)),
    );
  }

  /** Plan one subscription: compute its passes, then reconcile them with the stored plan. */
  async plan(sub: SubscriptionRow): Promise<PlanResult> {
    const { store, catalog, passSource, clock } = this.o;
    const spec = sub.spec;
    const problems: string[] = [];
    const startNow = clock();
    const windowStart = startNow - LOOK_BACK_MS;
    const windowEnd = startNow + this.o.horizonMs + this.maxLeadMs(spec) + HOUR_MS;
    const fresh: FreshPass[] = [];
    const resolved = resolveSite(spec, this.o.observers);
    if ('error' in resolved) {
      problems.push(resolved.error);
    } else if (spec.enabled) {
      const site = resolved;
      let scheduled: ScheduledPass[] | null = null;
      let records = resolveSatellites(spec, catalog);
      if (spec.station) {
        try {
          if (!this.o.stations) throw new Error('this server plans no radio stations');
          scheduled = this.o.stations.scheduled(spec.station, windowStart, windowEnd);
        } catch (error) {
          problems.push(`station ${spec.station}: ${(error as Error).message}`);
          scheduled = [];
        }
        if (spec.satellites.length === 0 && spec.groups.length === 0) {
          const ids = new Set(scheduled.map((p) => p.noradId));
          records = [...ids].flatMap((id) => catalog.record(id) ?? []);
        }
      }
      const { items: found, errors } = await passSource.find(records, {
        observer: site.observer,
        horizonMask: site.horizonMask,
        startMs: windowStart,
        endMs: windowEnd,
        minElevationDeg: site.thresholdDeg,
        visibleOnly: spec.visibleOnly || spec.maxMagnitude !== null,
        maxMagnitude: spec.maxMagnitude ?? DEFAULT_MAX_MAGNITUDE,
        maxSunElevationDeg: -6,
      });
      const items = scheduled === null ? found : scheduledOnly(found, scheduled);
      for (const e of errors) problems.push(`${e.noradId} (${e.name}): ${e.message}`);
      for (const item of items) {
        if (!keepPass(spec, item, site)) continue;
        fresh.push({
          item,
          key: passKey(item),
          incomplete: item.pass.los === null,
          events: wantedEvents(spec, item),
        });
      }
    }
    if (!store.isOpen) {
      return { subscriptionId: sub.id, passes: 0, added: 0, moved: 0, cancelled: 0, problems };
    }
    const counts = store.tx(() => {
      // Changed or deleted while its passes were computed: the next run plans it.
      const current = store.subscription(sub.id);
      if (!current || current.revision !== sub.revision) return null;
      return this.reconcile(sub.id, fresh, windowStart, windowEnd);
    });
    if (counts === null) {
      return { subscriptionId: sub.id, passes: 0, added: 0, moved: 0, cancelled: 0, problems };
    }
    return { subscriptionId: sub.id, passes: fresh.length, ...counts, problems };
  }

  /** Make the stored plan of a subscription match `fresh` (one transaction, current time). */
  private reconcile(
    subscriptionId: string,
    fresh: FreshPass[],
    windowStart: number,
    windowEnd: number,
  ): { added: number; moved: number; cancelled: number } {
    const { store } = this.o;
    const now = this.o.clock();
    const counts = { added: 0, moved: 0, cancelled: 0 };
    // Passes that are over stay as they are: only those still to come or in progress are in scope.
    const ended = (aosLos: { losMs: number | null; tcaMs: number }) =>
      (aosLos.losMs ?? aosLos.tcaMs) < now;
    const existing = store
      .plannedPasses(subscriptionId, windowStart, windowEnd)
      .filter((p) => !ended(p));
    const unmatched = new Map(existing.map((p) => [`${p.noradId}:${p.passKey}`, p]));
    const sorted = [...fresh].sort((a, b) => a.item.pass.tca.timeMs - b.item.pass.tca.timeMs);
    const matches = new Map<FreshPass, PassRow>();
    // First the same revolution number (within the tolerance of TCA)...
    for (const f of sorted) {
      const k = `${f.item.record.noradId}:${f.key}`;
      const exact = unmatched.get(k);
      if (exact && Math.abs(exact.tcaMs - f.item.pass.tca.timeMs) <= MATCH_TOLERANCE_MS) {
        matches.set(f, exact);
        unmatched.delete(k);
      }
    }
    // ...then the nearest TCA, for passes without a revolution number or whose number moved by
    // one (a TCA within seconds of the ascending node).
    for (const f of sorted) {
      if (matches.has(f)) continue;
      const tca = f.item.pass.tca.timeMs;
      let best: PassRow | null = null;
      for (const p of unmatched.values()) {
        if (p.noradId !== f.item.record.noradId) continue;
        const rev = f.item.revolution;
        if (rev !== null && p.revolution !== null && Math.abs(rev - p.revolution) > 1) continue;
        const d = Math.abs(p.tcaMs - tca);
        if (d <= MATCH_TOLERANCE_MS && (best === null || d < Math.abs(best.tcaMs - tca))) best = p;
      }
      if (best) {
        matches.set(f, best);
        unmatched.delete(`${best.noradId}:${best.passKey}`);
      }
    }

    for (const f of sorted) {
      const p = f.item.pass;
      const noradId = f.item.record.noradId;
      const match = matches.get(f) ?? null;
      // A pass cut off by the window's end, or already over, is left as it is.
      if (f.incomplete || (p.los?.timeMs ?? p.tca.timeMs) < now) continue;
      const key = match?.passKey ?? f.key;
      store.upsertPass({
        subscriptionId,
        noradId,
        passKey: key,
        revolution: f.item.revolution,
        aosMs: p.aos?.timeMs ?? null,
        tcaMs: p.tca.timeMs,
        losMs: p.los?.timeMs ?? null,
        state: 'planned',
        pass: encodePass(
          passItemJson(
            f.item,
            null,
            this.o.catalog.staleAfterDays,
            stdMagnitudeSource(f.item.record),
          ),
        ),
        plannedMs: now,
      });
      const before = new Map(
        store.eventsOfPass(subscriptionId, noradId, key).map((e) => [e.type, e]),
      );
      for (const w of f.events) {
        const old = before.get(w.type);
        before.delete(w.type);
        const row: EventRow = {
          subscriptionId,
          noradId,
          passKey: key,
          type: w.type,
          dueMs: w.dueMs,
          leadMinutes: w.leadMinutes,
          state: 'planned',
          firedMs: null,
          updatedMs: now,
        };
        if (old === undefined) {
          if (w.dueMs < now) continue; // too late to be of use
          store.upsertEvent(row);
          counts.added++;
        } else if (old.state === 'fired' || old.state === 'missed') {
          // Happened already: never again.
        } else if (old.state === 'planned') {
          if (old.dueMs !== w.dueMs) {
            store.upsertEvent(row);
            counts.moved++;
          }
        } else if (w.dueMs >= now) {
          // Cancelled earlier, wanted again (the pass came back).
          store.upsertEvent(row);
          counts.added++;
        }
      }
      for (const old of before.values()) {
        if (old.state !== 'planned') continue;
        store.upsertEvent({ ...old, state: 'cancelled', updatedMs: now });
        counts.cancelled++;
      }
    }

    for (const gone of unmatched.values()) {
      store.setPassState(subscriptionId, gone.noradId, gone.passKey, 'cancelled');
      for (const e of store.eventsOfPass(subscriptionId, gone.noradId, gone.passKey)) {
        if (e.state !== 'planned') continue;
        store.upsertEvent({ ...e, state: 'cancelled', updatedMs: now });
        counts.cancelled++;
      }
    }
    return counts;
  }
}
