/**
 * Scheduling and the outbox: the planning queue (runs of the planner, on demand, on catalog
 * changes and on the re-plan schedule) and the timer that fires each planned event at its due
 * time into the durable outbox of deliveries, one transaction per event.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { CatalogChange } from '../catalog/index.js';
import type { AlertsContext } from './context.js';
import type { Deliverer } from './deliver.js';
import { decodePass } from './pass-record.js';
import { deliveryId, eventPayload } from './payload.js';
import type { Planner, PlanResult } from './planner.js';
import { resolveSite } from './site.js';
import type { EventRow, SubscriptionRow } from './store.js';
import { deliveryTargets } from './targets.js';
import { Alarm, type Timers } from './time.js';
import { enqueueTransits } from './transit-events.js';
import { iso } from './views.js';

export { deliveryTargets } from './targets.js';

export class Outbox {
  private readonly fireAlarm: Alarm;
  private job: ScheduledTask | null = null;
  private planQueue = new Set<string>();
  private planAll = false;
  private planLoop: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: AlertsContext,
    private readonly planner: Planner,
    private readonly deliverer: Deliverer,
    timers: Timers,
    /** After planning runs: publish the MQTT states. */
    private readonly afterPlans: () => Promise<void>,
  ) {
    this.fireAlarm = new Alarm(ctx.clock, timers, () => this.fireDue());
  }

  /** The planning run in progress, if any. */
  get running(): Promise<void> | null {
    return this.planLoop;
  }

  /** Queue subscriptions for planning; resolves when a run that includes them has finished. */
  requestPlan(ids: string[] | 'all'): Promise<void> {
    if (ids === 'all') this.planAll = true;
    else for (const id of ids) this.planQueue.add(id);
    this.planLoop ??= this.runPlans().finally(() => {
      this.planLoop = null;
    });
    return this.planLoop;
  }

  /** Re-plan the subscriptions a catalog change touches. */
  onCatalogChange(change: CatalogChange): void {
    const touched = new Set([
      ...change.added,
      ...change.changed,
      ...change.removed,
      ...change.updated,
    ]);
    const ids = this.ctx.store
      .subscriptions()
      .filter((s) => s.spec.groups.length > 0 || s.spec.satellites.some((n) => touched.has(n)))
      .map((s) => s.id);
    if (ids.length === 0) return;
    this.requestPlan(ids).catch((error) =>
      this.ctx.log({ event: 'error', where: 'alerts re-plan', message: (error as Error).message }),
    );
  }

  /** Start the periodic re-plan (and prune) job. */
  startJob(): void {
    const { settings, store, log } = this.ctx;
    this.job = createTask(
      settings.replanSchedule,
      async () => {
        try {
          store.prune(this.ctx.clock() - settings.retentionDays * 86_400_000);
          await this.requestPlan('all');
        } catch (error) {
          log({ event: 'error', where: 'alerts re-plan', message: (error as Error).message });
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
            log({ event: 'error', where: 'alerts re-plan', message: String(message) }),
        },
      },
    );
    void this.job.start();
  }

  /** Stop the job and the timer; waits for a planning run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.job) {
      await this.job.stop();
      await this.job.destroy();
    }
    this.fireAlarm.cancel();
    if (this.planLoop) await this.planLoop.catch(() => {});
  }

  private async runPlans(): Promise<void> {
    const { store, log } = this.ctx;
    while (!this.stopped && (this.planAll || this.planQueue.size > 0)) {
      const ids = this.planAll ? store.subscriptions().map((s) => s.id) : [...this.planQueue];
      this.planAll = false;
      this.planQueue.clear();
      for (const id of ids) {
        if (this.stopped) return;
        const row = store.subscription(id);
        if (!row) continue;
        let result: PlanResult;
        try {
          result = await this.planner.plan(row);
        } catch (error) {
          log({ event: 'error', where: `plan ${id}`, message: (error as Error).message });
          continue;
        }
        if (this.stopped) return;
        let transits: number | null = null;
        if (row.spec.events.some((e) => e.type === 'transit.upcoming')) {
          try {
            transits = await enqueueTransits(
              this.ctx,
              row,
              this.ctx.settings.horizonHours * 3_600_000,
            );
            if (transits > 0) this.deliverer.kick();
          } catch (error) {
            log({ event: 'error', where: `transits ${id}`, message: (error as Error).message });
          }
          if (this.stopped) return;
        }
        log({
          event: 'plan',
          subscription: id,
          passes: result.passes,
          added: result.added,
          moved: result.moved,
          cancelled: result.cancelled,
          ...(transits !== null ? { transitDeliveries: transits } : {}),
          ...(result.problems.length ? { problems: result.problems.slice(0, 5) } : {}),
        });
        this.armFire();
      }
      await this.afterPlans();
    }
  }

  /** Set the timer to the next planned event. */
  armFire(): void {
    if (this.stopped || !this.ctx.store.isOpen) return;
    this.fireAlarm.at(this.ctx.store.nextEventDueMs());
  }

  /** Fire every planned event that is due: into the outbox, in one transaction each. */
  fireDue(): void {
    const { store, settings, log } = this.ctx;
    if (this.stopped || !store.isOpen) return;
    const now = this.ctx.clock();
    const graceMs = settings.lateGraceMinutes * 60_000;
    let fired = 0;
    for (const e of store.dueEvents(now)) {
      const sub = store.subscription(e.subscriptionId);
      if (!sub) continue;
      if (now - e.dueMs > graceMs) {
        store.upsertEvent({ ...e, state: 'missed', updatedMs: now });
        log({
          event: 'missed',
          subscription: sub.id,
          type: e.type,
          noradId: e.noradId,
          due: iso(e.dueMs),
          lateSeconds: Math.round((now - e.dueMs) / 1000),
        });
        continue;
      }
      store.tx(() => {
        this.enqueue(sub, e, now);
        store.upsertEvent({ ...e, state: 'fired', firedMs: now, updatedMs: now });
      });
      fired++;
    }
    if (fired > 0) this.deliverer.kick();
    this.armFire();
  }

  private enqueue(sub: SubscriptionRow, e: EventRow, now: number): void {
    const { store, settings } = this.ctx;
    const passRow = store.pass(sub.id, e.noradId, e.passKey);
    const site = resolveSite(sub.spec, this.ctx.observers);
    for (const t of deliveryTargets(this.ctx, sub)) {
      const id = deliveryId([sub.id, e.noradId, e.passKey, e.type, t.kind, t.target]);
      const payload = eventPayload({
        id,
        type: e.type,
        dueMs: e.dueMs,
        nowMs: now,
        leadMinutes: e.leadMinutes,
        sub,
        site: 'error' in site ? null : site,
        pass: passRow ? decodePass(passRow.pass) : { noradId: e.noradId },
        baseUrl: settings.publicUrl,
      });
      store.insertDelivery({
        id,
        subscriptionId: sub.id,
        eventType: e.type,
        noradId: e.noradId,
        passKey: e.passKey,
        kind: t.kind,
        target: t.target,
        payload: JSON.stringify(payload),
        maxAttempts: settings.delivery.maxAttempts,
        nextAttemptMs: now,
        dueMs: e.dueMs,
        createdMs: now,
      });
    }
  }
}
