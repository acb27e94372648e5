/**
 * The alerts service: subscriptions (from the API and from the config), the planner kept in step
 * with the catalog, timers that fire each planned event at its due time into the durable outbox,
 * the delivery worker, and the optional MQTT bridge for Home Assistant.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createTask, type ScheduledTask } from 'node-cron';
import type { Catalog, CatalogChange } from '../catalog/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { formatInstant } from '../format/time.js';
import { Predictions } from '../predict/predictions.js';
import { AddressPolicy } from './address.js';
import { DEFAULT_RETRY, Deliverer, type SendResult } from './deliver.js';
import { AlertRequestError } from './errors.js';
import { probe } from './http.js';
import { type MqttBridge as Bridge, MqttBridge, type MqttEntity, type NextPass } from './mqtt.js';
import { type PassSource, predictionsPassSource } from './pass-source.js';
import { deliveryId, eventPayload, randomDeliveryId, testPayload } from './payload.js';
import { Planner, type PlanResult, resolveSatellites } from './planner.js';
import type { AlertsSettings } from './settings.js';
import { newSecret } from './sign.js';
import { resolveSite, type Site, siteQuery } from './site.js';
import {
  type FieldProblem,
  normaliseSpec,
  renameDeprecated,
  SubscriptionInput,
  SubscriptionPatch,
  type SubscriptionSpec,
  specAsInput,
  specProblems,
  webhookField,
  zodProblems,
} from './spec.js';
import { AlertStore, type DeliveryRow, type EventRow, type SubscriptionRow } from './store.js';
import { Alarm, realTimers, type Timers } from './time.js';

type Log = (event: { event: string } & Record<string, unknown>) => void;

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
  /** Where passes come from; `Predictions` over the catalog by default. */
  passSource?: PassSource;
  log?: Log;
  /** Start the periodic re-plan job (default true). */
  schedule?: boolean;
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

const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms));

/** A subscription as the API shows it (never with its secret). */
export interface SubscriptionView {
  id: string;
  owner: 'api' | 'config';
  name: string | null;
  observer: SubscriptionSpec['observer'];
  horizonMask: SubscriptionSpec['horizonMask'];
  satellites: number[];
  groups: string[];
  minPeakElevation: number;
  visibleOnly: boolean;
  maxMagnitude: number | null;
  timeWindow: SubscriptionSpec['timeWindow'];
  events: SubscriptionSpec['events'];
  webhook: { url: string }[];
  mqtt: boolean;
  mqttTopic: string | null;
  enabled: boolean;
  revision: number;
  created: string;
  updated: string;
  /** The next planned events (at most 10). */
  upcoming: EventView[];
}

export interface EventView {
  type: string;
  noradId: number;
  pass: string;
  revolution: number | null;
  due: string;
  state: string;
  fired: string | null;
  leadMinutes: number | null;
  aos: string | null;
  tca: string | null;
  los: string | null;
  maxElevation: number | null;
}

export interface DeliveryView {
  id: string;
  type: string;
  kind: 'webhook' | 'mqtt';
  target: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  due: string;
  created: string;
  finished: string | null;
  nextAttempt: string | null;
  statusCode: number | null;
  error: string | null;
  log: {
    attempt: number;
    at: string;
    statusCode: number | null;
    latencyMs: number | null;
    error: string | null;
    outcome: string;
  }[];
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
  private readonly planner: Planner;
  private readonly clock: () => number;
  private readonly timers: Timers;
  private readonly log: Log;
  private readonly settings: AlertsSettings;
  private readonly policy: AddressPolicy;
  private readonly fireAlarm: Alarm;
  private readonly stateAlarm: Alarm;
  private readonly unsubscribe: () => void;
  private job: ScheduledTask | null = null;
  private planQueue = new Set<string>();
  private planAll = false;
  private planLoop: Promise<void> | null = null;
  private stopped = false;

  private constructor(private readonly o: AlertsOptions) {
    this.settings = o.settings;
    this.clock = o.clock ?? Date.now;
    this.timers = o.timers ?? realTimers;
    this.log = o.log ?? (() => {});
    this.policy = new AddressPolicy(this.settings.delivery.allow, this.settings.delivery.deny);
    this.store = AlertStore.open(o.storePath);
    this.planner = new Planner({
      store: this.store,
      catalog: o.catalog,
      passSource: o.passSource ?? predictionsPassSource(new Predictions(o.catalog)),
      observers: o.observers,
      clock: this.clock,
      horizonMs: this.settings.horizonHours * 3_600_000,
    });
    const m = this.settings.mqtt;
    this.mqtt = m
      ? new MqttBridge({
          settings: m,
          version: o.version ?? 'dev',
          loadTopics: () =>
            JSON.parse(this.store.isOpen ? (this.store.meta('mqtt.topics') ?? '[]') : '[]'),
          saveTopics: (topics) => {
            if (this.store.isOpen) this.store.setMeta('mqtt.topics', JSON.stringify(topics));
          },
          log: this.log,
        })
      : null;
    const d = this.settings.delivery;
    this.deliverer = new Deliverer({
      store: this.store,
      clock: this.clock,
      timers: this.timers,
      random: o.random ?? Math.random,
      retry: {
        ...DEFAULT_RETRY,
        maxAttempts: d.maxAttempts,
        baseMs: d.retryBaseSeconds * 1000,
        factor: d.retryFactor,
      },
      timeoutMs: d.timeoutSeconds * 1000,
      concurrency: d.concurrency,
      policy: this.policy,
      secret: (id) => this.store.subscription(id)?.secret ?? null,
      mqtt: () => this.mqtt,
      userAgent: o.userAgent ?? `passwatch/${o.version ?? 'dev'}`,
      log: this.log,
    });
    this.fireAlarm = new Alarm(this.clock, this.timers, () => this.fireDue());
    this.stateAlarm = new Alarm(this.clock, this.timers, () => void this.publishStates());
    this.unsubscribe = o.catalog.onChange((change) => this.onCatalogChange(change));
  }

  /**
   * Open the alerts database, bring config subscriptions in sync, resume interrupted deliveries,
   * plan every subscription and start the timers (and the MQTT bridge, when configured).
   */
  static async start(options: AlertsOptions): Promise<Alerts> {
    const alerts = new Alerts(options);
    try {
      alerts.syncConfigSubscriptions();
      const resumed = alerts.store.recoverInterrupted(alerts.clock());
      const subs = alerts.store.subscriptions();
      if (subs.length > 0 || resumed > 0 || alerts.mqtt) {
        alerts.log({ event: 'alerts', subscriptions: subs.length, resumedDeliveries: resumed });
      }
      alerts.fireDue();
      alerts.deliverer.kick();
      await alerts.requestPlan('all');
      if (options.schedule ?? true) alerts.startJob();
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
    return this.view(this.row(id));
  }

  /**
   * Create a subscription from an API body.
   *
   * @throws AlertRequestError (400) naming every bad field.
   */
  async create(body: unknown): Promise<{
    id: string;
    secret: string;
    subscription: SubscriptionView;
    deprecations?: string[];
  }> {
    const parsed = SubscriptionInput.safeParse(body);
    if (!parsed.success) throw AlertRequestError.invalid(zodProblems(parsed.error));
    const renamed = renameDeprecated(parsed.data);
    if (renamed.problems.length > 0) throw AlertRequestError.invalid(renamed.problems);
    const spec = normaliseSpec(renamed.input);
    await this.check(renamed.input, spec);
    const id = `sub_${randomBytes(12).toString('base64url')}`;
    const secret = newSecret();
    this.store.insertSubscription({ id, owner: 'api', spec, secret, createdMs: this.clock() });
    this.log({ event: 'subscription', action: 'created', id });
    await this.requestPlan([id]);
    return {
      id,
      secret,
      subscription: this.get(id),
      ...(renamed.note ? { deprecations: [renamed.note] } : {}),
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
    body: unknown,
  ): Promise<{ subscription: SubscriptionView; secret?: string; deprecations?: string[] }> {
    const row = this.row(id);
    if (row.owner === 'config') throw ownedByConfig(id);
    const parsed = SubscriptionPatch.safeParse(body);
    if (!parsed.success) throw AlertRequestError.invalid(zodProblems(parsed.error));
    const { rotateSecret, ...given } = parsed.data;
    const renamed = renameDeprecated(given);
    if (renamed.problems.length > 0) throw AlertRequestError.invalid(renamed.problems);
    const patch = renamed.input;
    const merged = { ...specAsInput(row.spec), ...patch } as SubscriptionInput;
    const spec = normaliseSpec(merged);
    const changed = JSON.stringify(spec) !== JSON.stringify(row.spec);
    if (changed) await this.check(patch, spec, merged);
    const secret = rotateSecret ? newSecret() : undefined;
    this.store.updateSubscription(
      id,
      { ...(changed ? { spec } : {}), ...(secret ? { secret } : {}) },
      this.clock(),
    );
    this.log({ event: 'subscription', action: 'updated', id, rotatedSecret: Boolean(secret) });
    if (changed) await this.requestPlan([id]);
    return {
      subscription: this.get(id),
      ...(secret ? { secret } : {}),
      ...(renamed.note ? { deprecations: [renamed.note] } : {}),
    };
  }

  /** @throws AlertRequestError 404 or 409 (config-owned). */
  async remove(id: string): Promise<void> {
    const row = this.row(id);
    if (row.owner === 'config') throw ownedByConfig(id);
    this.store.deleteSubscription(id);
    this.log({ event: 'subscription', action: 'deleted', id });
    this.armFire();
    await this.publishStates();
  }

  /** Send a signed test event to every target now (one attempt each, not retried). */
  async test(id: string): Promise<TestDeliveryResult[]> {
    const row = this.row(id);
    const site = resolveSite(row.spec, this.o.observers);
    const now = this.clock();
    const targets = this.targets(row);
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
    this.row(id);
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
      items: items.map((d) => this.deliveryView(d)),
      nextCursor:
        rows.length > page.limit && last
          ? Buffer.from(`${last.createdMs}:${last.id}`).toString('base64url')
          : null,
    };
  }

  /** Planned (and past) events of a subscription, by due time. */
  events(id: string, states?: readonly EventRow['state'][]): EventView[] {
    this.row(id);
    return this.store.events(id, states).map((e) => this.eventView(e));
  }

  /** Plan every subscription again now. */
  replanAll(): Promise<void> {
    return this.requestPlan('all');
  }

  /** Resolves once planning and deliveries in progress are done (tests). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.planLoop) await this.planLoop;
      await this.deliverer.idle();
      if (!this.planLoop) return;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe();
    if (this.job) {
      await this.job.stop();
      await this.job.destroy();
    }
    this.fireAlarm.cancel();
    this.stateAlarm.cancel();
    if (this.planLoop) await this.planLoop.catch(() => {});
    await this.deliverer.stop();
    if (this.mqtt) await this.mqtt.stop();
    this.store.close();
  }

  // --- internals ---

  private row(id: string): SubscriptionRow {
    const row = this.store.subscription(id);
    if (!row) {
      throw new AlertRequestError(404, 'unknown-subscription', `no subscription ${id}`, [
        { field: 'id', message: 'no such subscription; list them with GET /v1/subscriptions' },
      ]);
    }
    return row;
  }

  /** Checks against the catalog, the config and the network; throws with every problem. */
  private async check(
    given: Partial<SubscriptionInput>,
    spec: SubscriptionSpec,
    whole: Partial<SubscriptionInput> = given,
  ): Promise<void> {
    const problems: FieldProblem[] = specProblems(given, spec);
    const { catalog, observers } = this.o;
    if (typeof spec.observer === 'string' && !observers[spec.observer]) {
      const known = Object.keys(observers);
      problems.push({
        field: 'observer',
        message: `no observer named "${spec.observer}" in the configuration${known.length ? `; known: ${known.join(', ')}` : '; give {"lat", "lon", "alt"} instead'}`,
      });
    }
    spec.satellites.forEach((noradId, i) => {
      if (!catalog.has(noradId)) {
        problems.push({
          field: `satellites.${i}`,
          message: `${noradId} is not in the catalog; search with GET /v1/satellites?search=`,
        });
      }
    });
    spec.groups.forEach((g, i) => {
      if (!catalog.hasGroup(g)) {
        problems.push({
          field: `groups.${i}`,
          message: `unknown group "${g}"; known: ${catalog
            .groups()
            .map((x) => x.name)
            .join(', ')}`,
        });
      }
    });
    spec.events.forEach((e, i) => {
      if (e.type === 'pass.upcoming' && e.leadMinutes * 60 > this.settings.horizonHours * 3600) {
        problems.push({
          field: `events.${i}.leadMinutes`,
          message: `the lead time is longer than the planning horizon (${this.settings.horizonHours} h)`,
        });
      }
    });
    if (spec.mqtt && !this.settings.mqtt) {
      problems.push({
        field: 'mqtt',
        message: 'no MQTT broker is configured (alerts.mqtt); use a webhook or configure one',
      });
    }
    if (problems.length === 0) {
      const probes = await Promise.all(
        spec.webhooks.map((w) =>
          w.checkReachable
            ? probe(w.url, this.policy)
            : Promise.resolve(this.literalRefusal(w.url)),
        ),
      );
      probes.forEach((why, i) => {
        if (why !== null) {
          problems.push({
            field: webhookField(whole, i),
            message: `the webhook URL is not reachable: ${why}`,
          });
        }
      });
    }
    if (problems.length > 0) throw AlertRequestError.invalid(problems);
  }

  private literalRefusal(url: string): string | null {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) ? this.policy.refusal(host) : null;
  }

  /** Make the stored config-owned subscriptions equal the config's. */
  private syncConfigSubscriptions(): void {
    const now = this.clock();
    const wanted = this.settings.subscriptions;
    for (const [name, c] of Object.entries(wanted)) {
      const id = `cfg_${name}`;
      const existing = this.store.subscription(id);
      const secret = c.secret ?? existing?.secret ?? newSecret();
      if (!existing) {
        this.store.insertSubscription({
          id,
          owner: 'config',
          spec: c.spec,
          secret,
          createdMs: now,
        });
        this.log({ event: 'subscription', action: 'created', id, owner: 'config' });
      } else if (
        JSON.stringify(existing.spec) !== JSON.stringify(c.spec) ||
        existing.secret !== secret
      ) {
        this.store.updateSubscription(
          id,
          {
            ...(JSON.stringify(existing.spec) !== JSON.stringify(c.spec) ? { spec: c.spec } : {}),
            secret,
          },
          now,
        );
        this.log({ event: 'subscription', action: 'updated', id, owner: 'config' });
      }
      const problems = [
        ...c.spec.satellites
          .filter((n) => !this.o.catalog.has(n))
          .map((n) => `satellite ${n} is not in the catalog`),
        ...c.spec.groups
          .filter((g) => !this.o.catalog.hasGroup(g))
          .map((g) => `group "${g}" is unknown`),
      ];
      if (problems.length > 0) {
        this.log({ event: 'warning', where: `alerts.subscriptions.${name}`, problems });
      }
    }
    for (const row of this.store.subscriptions()) {
      if (row.owner === 'config' && !(row.id.slice(4) in wanted)) {
        this.store.deleteSubscription(row.id);
        this.log({ event: 'subscription', action: 'deleted', id: row.id, owner: 'config' });
      }
    }
  }

  private onCatalogChange(change: CatalogChange): void {
    const touched = new Set([
      ...change.added,
      ...change.changed,
      ...change.removed,
      ...change.updated,
    ]);
    const ids = this.store
      .subscriptions()
      .filter((s) => s.spec.groups.length > 0 || s.spec.satellites.some((n) => touched.has(n)))
      .map((s) => s.id);
    if (ids.length === 0) return;
    this.requestPlan(ids).catch((error) =>
      this.log({ event: 'error', where: 'alerts re-plan', message: (error as Error).message }),
    );
  }

  private startJob(): void {
    this.job = createTask(
      this.settings.replanSchedule,
      async () => {
        try {
          this.store.prune(this.clock() - this.settings.retentionDays * 86_400_000);
          await this.requestPlan('all');
        } catch (error) {
          this.log({ event: 'error', where: 'alerts re-plan', message: (error as Error).message });
        }
      },
      {
        name: 'passwatch-alerts-replan',
        timezone: 'UTC',
        noOverlap: true,
        logger: {
          info: () => {},
          debug: () => {},
          warn: () => {},
          error: (message) =>
            this.log({ event: 'error', where: 'alerts re-plan', message: String(message) }),
        },
      },
    );
    void this.job.start();
  }

  /** Queue subscriptions for planning; resolves when a run that includes them has finished. */
  private requestPlan(ids: string[] | 'all'): Promise<void> {
    if (ids === 'all') this.planAll = true;
    else for (const id of ids) this.planQueue.add(id);
    this.planLoop ??= this.runPlans().finally(() => {
      this.planLoop = null;
    });
    return this.planLoop;
  }

  private async runPlans(): Promise<void> {
    while (!this.stopped && (this.planAll || this.planQueue.size > 0)) {
      const ids = this.planAll ? this.store.subscriptions().map((s) => s.id) : [...this.planQueue];
      this.planAll = false;
      this.planQueue.clear();
      for (const id of ids) {
        if (this.stopped) return;
        const row = this.store.subscription(id);
        if (!row) continue;
        let result: PlanResult;
        try {
          result = await this.planner.plan(row);
        } catch (error) {
          this.log({ event: 'error', where: `plan ${id}`, message: (error as Error).message });
          continue;
        }
        if (this.stopped) return;
        this.log({
          event: 'plan',
          subscription: id,
          passes: result.passes,
          added: result.added,
          moved: result.moved,
          cancelled: result.cancelled,
          ...(result.problems.length ? { problems: result.problems.slice(0, 5) } : {}),
        });
        this.armFire();
      }
      await this.publishStates();
    }
  }

  private armFire(): void {
    if (this.stopped || !this.store.isOpen) return;
    this.fireAlarm.at(this.store.nextEventDueMs());
  }

  /** Fire every planned event that is due: into the outbox, in one transaction each. */
  private fireDue(): void {
    if (this.stopped || !this.store.isOpen) return;
    const now = this.clock();
    const graceMs = this.settings.lateGraceMinutes * 60_000;
    let fired = 0;
    for (const e of this.store.dueEvents(now)) {
      const sub = this.store.subscription(e.subscriptionId);
      if (!sub) continue;
      if (now - e.dueMs > graceMs) {
        this.store.upsertEvent({ ...e, state: 'missed', updatedMs: now });
        this.log({
          event: 'missed',
          subscription: sub.id,
          type: e.type,
          noradId: e.noradId,
          due: iso(e.dueMs),
          lateSeconds: Math.round((now - e.dueMs) / 1000),
        });
        continue;
      }
      this.store.tx(() => {
        this.enqueue(sub, e, now);
        this.store.upsertEvent({ ...e, state: 'fired', firedMs: now, updatedMs: now });
      });
      fired++;
    }
    if (fired > 0) this.deliverer.kick();
    this.armFire();
  }

  private targets(sub: SubscriptionRow): { kind: 'webhook' | 'mqtt'; target: string }[] {
    return [
      ...sub.spec.webhooks.map((w) => ({ kind: 'webhook' as const, target: w.url })),
      ...(sub.spec.mqtt && this.mqtt
        ? [{ kind: 'mqtt' as const, target: this.mqtt.eventTopic(sub.id) }]
        : []),
    ];
  }

  private enqueue(sub: SubscriptionRow, e: EventRow, now: number): void {
    const passRow = this.store.pass(sub.id, e.noradId, e.passKey);
    const site = resolveSite(sub.spec, this.o.observers);
    for (const t of this.targets(sub)) {
      const id = deliveryId([sub.id, e.noradId, e.passKey, e.type, t.kind, t.target]);
      const payload = eventPayload({
        id,
        type: e.type,
        dueMs: e.dueMs,
        nowMs: now,
        leadMinutes: e.leadMinutes,
        sub,
        site: 'error' in site ? null : site,
        pass: passRow
          ? (JSON.parse(passRow.pass) as Record<string, unknown>)
          : { noradId: e.noradId },
        baseUrl: this.settings.publicUrl,
      });
      this.store.insertDelivery({
        id,
        subscriptionId: sub.id,
        eventType: e.type,
        noradId: e.noradId,
        passKey: e.passKey,
        kind: t.kind,
        target: t.target,
        payload: JSON.stringify(payload),
        maxAttempts: this.settings.delivery.maxAttempts,
        nextAttemptMs: now,
        dueMs: e.dueMs,
        createdMs: now,
      });
    }
  }

  /** The MQTT devices now: every (observer, satellite) of enabled subscriptions. */
  entities(now: number = this.clock()): { entities: MqttEntity[]; nextChangeMs: number | null } {
    const pairs = new Map<
      string,
      MqttEntity & { best: { startMs: number; losMs: number | null; aosMs: number | null } | null }
    >();
    const siteOf = new Map<string, Site>();
    const max = this.settings.mqtt?.maxEntities ?? 0;
    for (const sub of this.store.subscriptions()) {
      if (!sub.spec.enabled) continue;
      const site = resolveSite(sub.spec, this.o.observers);
      if ('error' in site) continue;
      siteOf.set(sub.id, site);
      for (const r of resolveSatellites(sub.spec, this.o.catalog)) {
        const key = `${site.key}:${r.noradId}`;
        if (pairs.has(key) || pairs.size >= max) continue;
        pairs.set(key, {
          siteKey: site.key,
          siteLabel: site.name ?? `${site.echo.lat.toFixed(4)}, ${site.echo.lon.toFixed(4)}`,
          noradId: r.noradId,
          satelliteName: r.name,
          next: null,
          overhead: false,
          best: null,
        });
      }
    }
    let nextChangeMs: number | null = null;
    const consider = (t: number | null) => {
      if (t !== null && t > now && (nextChangeMs === null || t < nextChangeMs)) nextChangeMs = t;
    };
    for (const p of this.store.currentPasses(now)) {
      const site = siteOf.get(p.subscriptionId);
      if (!site) continue;
      const e = pairs.get(`${site.key}:${p.noradId}`);
      if (!e) continue;
      const startMs = p.aosMs ?? p.tcaMs;
      if (startMs <= now) e.overhead = true;
      consider(p.aosMs);
      consider(p.losMs);
      if (e.best !== null && e.best.startMs <= startMs) continue;
      e.best = { startMs, losMs: p.losMs, aosMs: p.aosMs };
      e.next = nextPass(JSON.parse(p.pass) as PassJsonLike, site, this.settings.publicUrl);
    }
    return {
      entities: [...pairs.values()].map(({ best: _best, ...e }) => e),
      nextChangeMs,
    };
  }

  private async publishStates(): Promise<void> {
    if (!this.mqtt || this.stopped || !this.store.isOpen) return;
    const { entities, nextChangeMs } = this.entities();
    this.stateAlarm.at(nextChangeMs);
    await this.mqtt.setEntities(entities);
  }

  private view(s: SubscriptionRow): SubscriptionView {
    const now = this.clock();
    const upcoming = this.store
      .events(s.id, ['planned'])
      .filter((e) => e.dueMs >= now - 60_000)
      .slice(0, 10)
      .map((e) => this.eventView(e));
    return {
      id: s.id,
      owner: s.owner,
      name: s.spec.name,
      observer: s.spec.observer,
      horizonMask: s.spec.horizonMask,
      satellites: s.spec.satellites,
      groups: s.spec.groups,
      minPeakElevation: s.spec.minPeakElevation,
      visibleOnly: s.spec.visibleOnly,
      maxMagnitude: s.spec.maxMagnitude,
      timeWindow: s.spec.timeWindow,
      events: s.spec.events,
      webhook: s.spec.webhooks.map((w) => ({ url: w.url })),
      mqtt: s.spec.mqtt,
      mqttTopic: s.spec.mqtt && this.mqtt ? this.mqtt.eventTopic(s.id) : null,
      enabled: s.spec.enabled,
      revision: s.revision,
      created: formatInstant(s.createdMs),
      updated: formatInstant(s.updatedMs),
      upcoming,
    };
  }

  private eventView(e: EventRow): EventView {
    const p = this.store.pass(e.subscriptionId, e.noradId, e.passKey);
    return {
      type: e.type,
      noradId: e.noradId,
      pass: e.passKey,
      revolution: p?.revolution ?? null,
      due: formatInstant(e.dueMs),
      state: e.state,
      fired: iso(e.firedMs),
      leadMinutes: e.leadMinutes,
      aos: iso(p?.aosMs ?? null),
      tca: iso(p?.tcaMs ?? null),
      los: iso(p?.losMs ?? null),
      maxElevation: p
        ? ((JSON.parse(p.pass) as { maxElevation?: number }).maxElevation ?? null)
        : null,
    };
  }

  private deliveryView(d: DeliveryRow): DeliveryView {
    return {
      id: d.id,
      type: d.eventType,
      kind: d.kind,
      target: d.target,
      state: d.state,
      attempts: d.attempts,
      maxAttempts: d.maxAttempts,
      due: formatInstant(d.dueMs),
      created: formatInstant(d.createdMs),
      finished: iso(d.finishedMs),
      nextAttempt: d.state === 'pending' ? iso(d.nextAttemptMs) : null,
      statusCode: d.lastStatus,
      error: d.lastError,
      log: this.store.attempts(d.id).map((a) => ({
        attempt: a.attempt,
        at: formatInstant(a.startedMs),
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        outcome: a.outcome,
      })),
    };
  }
}

function ownedByConfig(id: string): AlertRequestError {
  return new AlertRequestError(
    409,
    'owned-by-config',
    `subscription ${id} is declared in the configuration (alerts.subscriptions); change it there`,
    [{ field: 'id', message: 'config-owned subscriptions are changed in the config file' }],
  );
}

interface PassJsonLike {
  aos: { time: string; azimuth: number } | null;
  tca: { time: string };
  los: { time: string; azimuth: number } | null;
  maxElevation: number;
  durationSeconds: number;
  noradId: number;
  visible: { start: { time: string }; end: { time: string }; brightestMagnitude: number | null }[];
  elementsEpoch?: string;
  elementsAgeDays?: number;
  /** Absent in passes planned before element age was stored. */
  stale?: boolean;
  elementsWarning?: string | null;
}

function nextPass(p: PassJsonLike, site: Site, baseUrl: string | null): NextPass {
  const mags = p.visible.map((v) => v.brightestMagnitude).filter((m): m is number => m !== null);
  const q = siteQuery(site);
  return {
    aos: p.aos?.time ?? null,
    tca: p.tca.time,
    los: p.los?.time ?? null,
    aosAzimuth: p.aos?.azimuth ?? null,
    losAzimuth: p.los?.azimuth ?? null,
    maxElevation: p.maxElevation,
    durationSeconds: p.durationSeconds,
    visible: p.visible.length > 0,
    visibleStart: p.visible[0]?.start.time ?? null,
    visibleEnd: p.visible.at(-1)?.end.time ?? null,
    magnitude: mags.length ? Math.min(...mags) : null,
    elementsEpoch: p.elementsEpoch ?? null,
    elementsAgeDays: p.elementsAgeDays ?? null,
    stale: p.stale ?? false,
    warning: p.elementsWarning ?? null,
    trackUrl: p.aos
      ? `${(baseUrl ?? '').replace(/\/+$/, '')}/v1/satellites/${p.noradId}/track?pass=${encodeURIComponent(p.aos.time)}&${q}`
      : null,
  };
}
