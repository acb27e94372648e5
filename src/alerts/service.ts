/**
 * The alerts service: the facade the API and `main.ts` use over its parts: subscriptions
 * (`subscriptions.ts`), the planner (`planner.ts`), scheduling and the outbox (`outbox.ts`), the
 * delivery worker (`deliver.ts`) and the MQTT state for Home Assistant (`mqtt-state.ts`).
 */
import { join } from 'node:path';
import type { Catalog } from '../catalog/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { AddressPolicy } from './address.js';
import {
  type CatalogEvent,
  enqueueCatalogEvents,
  LAST_CATALOG_EVENT_KEY,
} from './catalog-events.js';
import type { AlertsContext, Log } from './context.js';
import { DEFAULT_RETRY, Deliverer, type SendResult } from './deliver.js';
import { AlertRequestError } from './errors.js';
import { type MqttBridge as Bridge, MqttBridge, type MqttEntity } from './mqtt.js';
import { mqttEntities } from './mqtt-state.js';
import { deliveryTargets, Outbox } from './outbox.js';
import { catalogPassSource, type PassSource } from './pass-source.js';
import { randomDeliveryId, testPayload } from './payload.js';
import { Planner } from './planner.js';
import type { AlertsSettings } from './settings.js';
import { resolveSite } from './site.js';
import type { SubscriptionInput, SubscriptionPatch } from './spec.js';
import type { StationSchedules } from './station-filter.js';
import { AlertStore, type EventRow, type SubscriptionRow } from './store.js';
import { Subscriptions } from './subscriptions.js';
import { Alarm, realTimers, type Timers } from './time.js';
import {
  type DeliveryView,
  deliveryView,
  type EventView,
  eventView,
  type SubscriptionView,
  subscriptionView,
} from './views.js';

export type { DeliveryView, EventView, SubscriptionView };

export interface AlertsOptions {
  /** The `alerts` settings section. */
  settings: AlertsSettings;
  /** The named observers subscriptions may refer to. */
  observers: ObserversSettings;
  catalog: Catalog;
  /** Current time, epoch ms. */
  clock?: () => number;
  /** One-shot timers measured on `clock` (tests drive both). */
  timers?: Timers;
  /** Jitter source, [0, 1). */
  random?: () => number;
  /** Where passes come from (default `catalogPassSource`: the driver over the catalog). */
  passSource?: PassSource;
  log?: Log;
  /** Start the periodic re-plan job (default true). */
  schedule?: boolean;
  /** Radio stations' schedules, for subscriptions with `station`; none when absent. */
  stations?: StationSchedules | null;
  /** Database file (`alertStorePath(dataDir)`). */
  storePath: string;
  /** User-Agent of webhook requests. */
  userAgent?: string;
  version?: string;
}

/** Path of the alerts database inside the data directory. */
export function alertStorePath(dataDir: string): string {
  return join(dataDir, 'alerts.sqlite');
}

export interface TestDeliveryResult {
  id: string;
  kind: 'webhook' | 'mqtt';
  target: string;
  delivered: boolean;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export class Alerts {
  readonly store: AlertStore;
  readonly deliverer: Deliverer;
  readonly mqtt: Bridge | null;
  private readonly ctx: AlertsContext;
  private readonly subs: Subscriptions;
  private readonly outbox: Outbox;
  private readonly stateAlarm: Alarm;
  private readonly unsubscribe: () => void;
  private stopped = false;

  private constructor(o: AlertsOptions) {
    const settings = o.settings;
    const clock = o.clock ?? Date.now;
    const timers = o.timers ?? realTimers;
    const log: Log = o.log ?? (() => {});
    const policy = new AddressPolicy(settings.delivery.allow, settings.delivery.deny);
    this.store = AlertStore.open(o.storePath);
    const store = this.store;
    const planner = new Planner({
      store,
      catalog: o.catalog,
      passSource: o.passSource ?? catalogPassSource(o.catalog),
      observers: o.observers,
      clock,
      horizonMs: settings.horizonHours * 3_600_000,
      stations: o.stations ?? null,
    });
    const m = settings.mqtt;
    this.mqtt = m
      ? new MqttBridge({
          settings: m,
          version: o.version ?? 'dev',
          loadTopics: () => JSON.parse(store.isOpen ? (store.meta('mqtt.topics') ?? '[]') : '[]'),
          saveTopics: (topics) => {
            if (store.isOpen) store.setMeta('mqtt.topics', JSON.stringify(topics));
          },
          log,
        })
      : null;
    const d = settings.delivery;
    this.deliverer = new Deliverer({
      store,
      clock,
      timers,
      random: o.random ?? Math.random,
      retry: {
        ...DEFAULT_RETRY,
        maxAttempts: d.maxAttempts,
        baseMs: d.retryBaseSeconds * 1000,
        factor: d.retryFactor,
      },
      timeoutMs: d.timeoutSeconds * 1000,
      concurrency: d.concurrency,
      policy,
      secret: (id) => store.subscription(id)?.secret ?? null,
      mqtt: () => this.mqtt,
      userAgent: o.userAgent ?? `passwatch/${o.version ?? 'dev'}`,
      log,
    });
    this.ctx = {
      store,
      settings,
      observers: o.observers,
      catalog: o.catalog,
      clock,
      log,
      policy,
      mqtt: this.mqtt,
      stations: o.stations ?? null,
    };
    this.outbox = new Outbox(this.ctx, planner, this.deliverer, timers, () => this.publishStates());
    this.subs = new Subscriptions(this.ctx, (ids) => this.outbox.requestPlan(ids));
    this.stateAlarm = new Alarm(clock, timers, () => void this.publishStates());
    this.unsubscribe = o.catalog.onChange((change) => this.outbox.onCatalogChange(change));
  }

  /**
   * Open the alerts database, bring config subscriptions in sync, resume interrupted deliveries,
   * plan every subscription and start the timers (and the MQTT bridge, when configured).
   */
  static async start(options: AlertsOptions): Promise<Alerts> {
    const alerts = new Alerts(options);
    try {
      alerts.subs.syncConfig();
      const resumed = alerts.store.recoverInterrupted(alerts.ctx.clock());
      const subs = alerts.store.subscriptions();
      if (subs.length > 0 || resumed > 0 || alerts.mqtt) {
        alerts.ctx.log({ event: 'alerts', subscriptions: subs.length, resumedDeliveries: resumed });
      }
      alerts.outbox.fireDue();
      alerts.deliverer.kick();
      await alerts.outbox.requestPlan('all');
      if (options.schedule ?? true) alerts.outbox.startJob();
    } catch (error) {
      await alerts.stop();
      throw error;
    }
    return alerts;
  }

  // --- subscriptions ---

  list(): SubscriptionView[] {
    return this.store.subscriptions().map((s) => this.view(s));
  }

  get(id: string): SubscriptionView {
    return this.view(this.subs.row(id));
  }

  /**
   * Create a subscription from an API body the route has parsed.
   *
   * @throws AlertRequestError (400) naming every field the catalog, config or network refuse.
   */
  async create(input: SubscriptionInput): Promise<{
    id: string;
    secret: string;
    subscription: SubscriptionView;
    deprecations?: string[];
  }> {
    const { id, secret, note } = await this.subs.create(input);
    return {
      id,
      secret,
      subscription: this.get(id),
      ...(note ? { deprecations: [note] } : {}),
    };
  }

  /**
   * Change a subscription: given fields replace the stored ones; `rotateSecret` issues a new
   * secret, returned once.
   *
   * @throws AlertRequestError 404, 409 (config-owned) or 400.
   */
  async update(
    id: string,
    patch: SubscriptionPatch,
  ): Promise<{ subscription: SubscriptionView; secret?: string; deprecations?: string[] }> {
    const { secret, note } = await this.subs.update(id, patch);
    return {
      subscription: this.get(id),
      ...(secret ? { secret } : {}),
      ...(note ? { deprecations: [note] } : {}),
    };
  }

  /** @throws AlertRequestError 404 or 409 (config-owned). */
  async remove(id: string): Promise<void> {
    this.subs.remove(id);
    this.outbox.armFire();
    await this.publishStates();
  }

  /** Send a signed test event to every target now (one attempt each, not retried). */
  async test(id: string): Promise<TestDeliveryResult[]> {
    const row = this.subs.row(id);
    const site = resolveSite(row.spec, this.ctx.observers);
    const now = this.ctx.clock();
    const targets = deliveryTargets(this.ctx, row);
    const ids = targets.map((t) => {
      const did = randomDeliveryId();
      this.store.insertDelivery({
        id: did,
        subscriptionId: id,
        eventType: 'test',
        noradId: null,
        passKey: null,
        kind: t.kind,
        target: t.target,
        payload: JSON.stringify(testPayload(did, row, 'error' in site ? null : site, now)),
        maxAttempts: 1,
        nextAttemptMs: null,
        dueMs: now,
        createdMs: now,
      });
      return { did, ...t };
    });
    const results = await Promise.all(ids.map((t) => this.deliverer.sendNow(t.did)));
    return ids.map((t, i) => {
      const r: SendResult | null = results[i] ?? null;
      return {
        id: t.did,
        kind: t.kind,
        target: t.target,
        delivered: r !== null && r.error === null,
        statusCode: r?.statusCode ?? null,
        latencyMs: r?.latencyMs ?? null,
        error: r?.error ?? null,
      };
    });
  }

  /** The delivery log of a subscription, newest first. */
  deliveries(
    id: string,
    page: { limit: number; cursor: string | null },
  ): { items: DeliveryView[]; nextCursor: string | null } {
    this.subs.row(id);
    let before: { createdMs: number; id: string } | null = null;
    if (page.cursor) {
      const m = /^(\d+(?:\.\d+)?):(.+)$/.exec(Buffer.from(page.cursor, 'base64url').toString());
      if (!m) {
        throw AlertRequestError.invalid([
          { field: 'cursor', message: 'use the nextCursor of the previous page' },
        ]);
      }
      before = { createdMs: Number(m[1]), id: m[2]! };
    }
    const rows = this.store.deliveries(id, page.limit + 1, before);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((d) => deliveryView(this.store, d)),
      nextCursor:
        rows.length > page.limit && last
          ? Buffer.from(`${last.createdMs}:${last.id}`).toString('base64url')
          : null,
    };
  }

  /** Planned (and past) events of a subscription, by due time. */
  events(id: string, states?: readonly EventRow['state'][]): EventView[] {
    this.subs.row(id);
    return this.store.events(id, states).map((e) => eventView(this.store, e));
  }

  /**
   * Deliver catalog watch events to the subscriptions that ask for their type and list their
   * satellite or one of its groups: once per event and target, through the durable outbox.
   * Returns the deliveries queued.
   */
  catalogEvents(events: readonly CatalogEvent[]): number {
    if (this.stopped) return 0;
    const added = enqueueCatalogEvents(this.ctx, events);
    if (added > 0) this.deliverer.kick();
    return added;
  }

  /** The id of the last catalog watch event handed to `catalogEvents` (0 when none). */
  lastCatalogEventId(): number {
    return Number(this.store.meta(LAST_CATALOG_EVENT_KEY) ?? 0);
  }

  /** Plan every subscription again now. */
  replanAll(): Promise<void> {
    return this.outbox.requestPlan('all');
  }

  /** Resolves once planning and deliveries in progress are done (tests). */
  async idle(): Promise<void> {
    for (;;) {
      const running = this.outbox.running;
      if (running) await running;
      await this.deliverer.idle();
      if (!this.outbox.running) return;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    this.stateAlarm.cancel();
    await this.outbox.stop();
    await this.deliverer.stop();
    if (this.mqtt) await this.mqtt.stop();
    this.store.close();
  }

  /** The MQTT devices now: every (observer, satellite) of enabled subscriptions. */
  entities(now: number = this.ctx.clock()): {
    entities: MqttEntity[];
    nextChangeMs: number | null;
  } {
    return mqttEntities(this.ctx, now);
  }

  private async publishStates(): Promise<void> {
    if (!this.mqtt || this.stopped || !this.store.isOpen) return;
    const { entities, nextChangeMs } = this.entities();
    this.stateAlarm.at(nextChangeMs);
    await this.mqtt.setEntities(entities);
  }

  private view(s: SubscriptionRow): SubscriptionView {
    return subscriptionView(this.store, this.mqtt, this.ctx.clock(), s);
  }
}
