/**
 * The alerts database: subscriptions, planned passes and events, and the delivery outbox with
 * its attempt log. SQLite (better-sqlite3) in WAL mode with `synchronous = FULL`: every state
 * change is one transaction, so a process killed at any point leaves either the state before or
 * after it. A file of its own next to the catalog store, so that its small frequent writes never
 * wait behind a catalog refresh (possibly by another process) writing thousands of rows.
 */
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../catalog/index.js';
import { migrateAlerts } from './schema.js';
import type { SubscriptionSpec } from './spec.js';
import type {
  AttemptRow,
  DeliveryRow,
  DeliveryState,
  EventRow,
  EventState,
  PassRow,
  PassState,
  SubscriptionRow,
} from './store-rows.js';
import {
  attemptFromRow,
  deliveryFromRow,
  eventFromRow,
  passFromRow,
  type Row,
  subscriptionFromRow,
} from './store-rows.js';

export type {
  AttemptOutcome,
  AttemptRow,
  DeliveryKind,
  DeliveryRow,
  DeliveryState,
  EventRow,
  EventState,
  PassRow,
  PassState,
  SubscriptionOwner,
  SubscriptionRow,
} from './store-rows.js';

/** The alerts database; its records and their row mapping are in `store-rows.ts`. */
export class AlertStore {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {}

  /** Open (creating and migrating) the database at `path`. */
  static open(path: string): AlertStore {
    const db = openSqliteFile(path, 'alerts database', (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrateAlerts(db, path);
    });
    return new AlertStore(path, db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Run `fn` in one transaction. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  // --- subscriptions ---

  subscriptions(): SubscriptionRow[] {
    return (
      this.db.prepare('SELECT * FROM subscriptions ORDER BY created_ms, id').all() as Row[]
    ).map(subscriptionFromRow);
  }

  subscription(id: string): SubscriptionRow | null {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as
      | Row
      | undefined;
    return row ? subscriptionFromRow(row) : null;
  }

  insertSubscription(row: Omit<SubscriptionRow, 'revision' | 'updatedMs'>): void {
    this.db
      .prepare(
        'INSERT INTO subscriptions (id, owner, spec, secret, revision, created_ms, updated_ms) VALUES (?, ?, ?, ?, 1, ?, ?)',
      )
      .run(row.id, row.owner, JSON.stringify(row.spec), row.secret, row.createdMs, row.createdMs);
  }

  updateSubscription(
    id: string,
    change: { spec?: SubscriptionSpec; secret?: string },
    nowMs: number,
  ): void {
    const current = this.subscription(id);
    if (!current) return;
    this.db
      .prepare(
        'UPDATE subscriptions SET spec = ?, secret = ?, revision = revision + ?, updated_ms = ? WHERE id = ?',
      )
      .run(
        JSON.stringify(change.spec ?? current.spec),
        change.secret ?? current.secret,
        change.spec ? 1 : 0,
        nowMs,
        id,
      );
  }

  /** Delete a subscription with its plan and its delivery log; pending deliveries are dropped. */
  deleteSubscription(id: string): boolean {
    return this.tx(() => {
      for (const table of ['passes', 'events', 'deliveries', 'attempts']) {
        this.db.prepare(`DELETE FROM ${table} WHERE subscription_id = ?`).run(id);
      }
      return this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes > 0;
    });
  }

  // --- plan ---

  /** Planned passes of a subscription with TCA in [fromMs, toMs]. */
  plannedPasses(subscriptionId: string, fromMs: number, toMs: number): PassRow[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM passes WHERE subscription_id = ? AND state = 'planned' AND tca_ms >= ? AND tca_ms <= ? ORDER BY tca_ms",
        )
        .all(subscriptionId, fromMs, toMs) as Row[]
    ).map(passFromRow);
  }

  /** Planned passes of every subscription that end after `afterMs` (or have no LOS). */
  currentPasses(afterMs: number): PassRow[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM passes WHERE state = 'planned' AND (los_ms IS NULL OR los_ms > ?) ORDER BY COALESCE(aos_ms, tca_ms)",
        )
        .all(afterMs) as Row[]
    ).map(passFromRow);
  }

  pass(subscriptionId: string, noradId: number, passKey: string): PassRow | null {
    const row = this.db
      .prepare('SELECT * FROM passes WHERE subscription_id = ? AND norad_id = ? AND pass_key = ?')
      .get(subscriptionId, noradId, passKey) as Row | undefined;
    return row ? passFromRow(row) : null;
  }

  upsertPass(p: PassRow): void {
    this.db
      .prepare(
        `INSERT INTO passes (subscription_id, norad_id, pass_key, revolution, aos_ms, tca_ms, los_ms, state, pass, planned_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subscription_id, norad_id, pass_key) DO UPDATE SET
           revolution = excluded.revolution, aos_ms = excluded.aos_ms, tca_ms = excluded.tca_ms,
           los_ms = excluded.los_ms, state = excluded.state, pass = excluded.pass,
           planned_ms = excluded.planned_ms`,
      )
      .run(
        p.subscriptionId,
        p.noradId,
        p.passKey,
        p.revolution,
        p.aosMs,
        p.tcaMs,
        p.losMs,
        p.state,
        p.pass,
        p.plannedMs,
      );
  }

  setPassState(subscriptionId: string, noradId: number, passKey: string, state: PassState): void {
    this.db
      .prepare(
        'UPDATE passes SET state = ? WHERE subscription_id = ? AND norad_id = ? AND pass_key = ?',
      )
      .run(state, subscriptionId, noradId, passKey);
  }

  eventsOfPass(subscriptionId: string, noradId: number, passKey: string): EventRow[] {
    return (
      this.db
        .prepare('SELECT * FROM events WHERE subscription_id = ? AND norad_id = ? AND pass_key = ?')
        .all(subscriptionId, noradId, passKey) as Row[]
    ).map(eventFromRow);
  }

  upsertEvent(e: EventRow): void {
    this.db
      .prepare(
        `INSERT INTO events (subscription_id, norad_id, pass_key, type, due_ms, lead_minutes, state, fired_ms, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subscription_id, norad_id, pass_key, type) DO UPDATE SET
           due_ms = excluded.due_ms, lead_minutes = excluded.lead_minutes, state = excluded.state,
           fired_ms = excluded.fired_ms, updated_ms = excluded.updated_ms`,
      )
      .run(
        e.subscriptionId,
        e.noradId,
        e.passKey,
        e.type,
        e.dueMs,
        e.leadMinutes,
        e.state,
        e.firedMs,
        e.updatedMs,
      );
  }

  /** Events of a subscription, by due time (optionally only some states). */
  events(subscriptionId: string, states?: readonly EventState[]): EventRow[] {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE subscription_id = ? ORDER BY due_ms, norad_id, type')
      .all(subscriptionId) as Row[];
    const all = rows.map(eventFromRow);
    return states ? all.filter((e) => states.includes(e.state)) : all;
  }

  /** Planned events due at or before `untilMs`, earliest first. */
  dueEvents(untilMs: number): EventRow[] {
    return (
      this.db
        .prepare("SELECT * FROM events WHERE state = 'planned' AND due_ms <= ? ORDER BY due_ms")
        .all(untilMs) as Row[]
    ).map(eventFromRow);
  }

  nextEventDueMs(): number | null {
    const row = this.db
      .prepare("SELECT MIN(due_ms) AS due FROM events WHERE state = 'planned'")
      .get() as { due: number | null };
    return row.due;
  }

  // --- outbox ---

  /** Add a delivery unless one with its id exists (firing twice never sends twice). */
  insertDelivery(
    d: Omit<DeliveryRow, 'state' | 'attempts' | 'finishedMs' | 'lastStatus' | 'lastError'>,
  ): boolean {
    return (
      this.db
        .prepare(
          `INSERT OR IGNORE INTO deliveries (id, subscription_id, event_type, norad_id, pass_key, kind, target, payload, state, attempts, max_attempts, next_attempt_ms, due_ms, created_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
        )
        .run(
          d.id,
          d.subscriptionId,
          d.eventType,
          d.noradId,
          d.passKey,
          d.kind,
          d.target,
          d.payload,
          d.maxAttempts,
          d.nextAttemptMs,
          d.dueMs,
          d.createdMs,
        ).changes > 0
    );
  }

  /**
   * Is there a delivery of this event type, subscription, object, key and target due within
   * `toleranceMs` of `dueMs`? (An upcoming transit predicted again a few seconds off is the same.)
   */
  hasDeliveryNear(
    d: Pick<
      DeliveryRow,
      'subscriptionId' | 'eventType' | 'noradId' | 'passKey' | 'kind' | 'target'
    >,
    dueMs: number,
    toleranceMs: number,
  ): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM deliveries WHERE subscription_id = ? AND event_type = ? AND norad_id = ?
           AND pass_key = ? AND kind = ? AND target = ? AND due_ms BETWEEN ? AND ? LIMIT 1`,
        )
        .get(
          d.subscriptionId,
          d.eventType,
          d.noradId,
          d.passKey,
          d.kind,
          d.target,
          dueMs - toleranceMs,
          dueMs + toleranceMs,
        ) !== undefined
    );
  }

  delivery(id: string): DeliveryRow | null {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as Row | undefined;
    return row ? deliveryFromRow(row) : null;
  }

  /** Pending deliveries whose next attempt is due, oldest first. */
  dueDeliveries(nowMs: number, limit: number, exclude: ReadonlySet<string>): DeliveryRow[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt_ms <= ? ORDER BY next_attempt_ms, created_ms LIMIT ?",
      )
      .all(nowMs, limit + exclude.size) as Row[];
    return rows
      .map(deliveryFromRow)
      .filter((d) => !exclude.has(d.id))
      .slice(0, limit);
  }

  nextDeliveryDueMs(exclude: ReadonlySet<string>): number | null {
    const rows = this.db
      .prepare(
        "SELECT id, next_attempt_ms FROM deliveries WHERE state = 'pending' ORDER BY next_attempt_ms LIMIT ?",
      )
      .all(exclude.size + 1) as { id: string; next_attempt_ms: number }[];
    return rows.find((r) => !exclude.has(r.id))?.next_attempt_ms ?? null;
  }

  /** Mark an attempt as started (durably, before anything is sent); returns its number. */
  startAttempt(id: string): number {
    return this.tx(() => {
      this.db
        .prepare("UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ?")
        .run(id);
      return (
        this.db.prepare('SELECT attempts FROM deliveries WHERE id = ?').get(id) as {
          attempts: number;
        }
      ).attempts;
    });
  }

  /** Record an attempt's outcome and the delivery's next state, in one transaction. */
  finishAttempt(
    attempt: AttemptRow & { subscriptionId: string },
    next: { state: DeliveryState; nextAttemptMs: number | null; finishedMs: number | null },
  ): void {
    this.tx(() => {
      // The subscription (and its log) may have been deleted while this attempt was out.
      if (!this.db.prepare('SELECT 1 FROM deliveries WHERE id = ?').get(attempt.deliveryId)) return;
      this.db
        .prepare(
          'INSERT INTO attempts (delivery_id, subscription_id, attempt, started_ms, latency_ms, status_code, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          attempt.deliveryId,
          attempt.subscriptionId,
          attempt.attempt,
          attempt.startedMs,
          attempt.latencyMs,
          attempt.statusCode,
          attempt.error,
          attempt.outcome,
        );
      this.db
        .prepare(
          'UPDATE deliveries SET state = ?, next_attempt_ms = ?, finished_ms = ?, last_status = ?, last_error = ? WHERE id = ?',
        )
        .run(
          next.state,
          next.nextAttemptMs,
          next.finishedMs,
          attempt.statusCode,
          attempt.error,
          attempt.deliveryId,
        );
    });
  }

  /**
   * After a restart: deliveries left `sending` by a process that died were perhaps sent, perhaps
   * not. Log that attempt as interrupted and send again (same id) now, or fail them when they
   * have used up their attempts. Returns how many were resumed.
   */
  recoverInterrupted(nowMs: number): number {
    return this.tx(() => {
      const rows = (
        this.db.prepare("SELECT * FROM deliveries WHERE state = 'sending'").all() as Row[]
      ).map(deliveryFromRow);
      for (const d of rows) {
        const exhausted = d.attempts >= d.maxAttempts;
        this.finishAttempt(
          {
            deliveryId: d.id,
            subscriptionId: d.subscriptionId,
            attempt: d.attempts,
            startedMs: nowMs,
            latencyMs: null,
            statusCode: null,
            error: 'interrupted: the process stopped during this attempt',
            outcome: 'interrupted',
          },
          exhausted
            ? { state: 'failed', nextAttemptMs: null, finishedMs: nowMs }
            : { state: 'pending', nextAttemptMs: nowMs, finishedMs: null },
        );
        if (!exhausted) {
          // The interrupted attempt does not count against the limit.
          this.db.prepare('UPDATE deliveries SET attempts = attempts - 1 WHERE id = ?').run(d.id);
        }
      }
      return rows.length;
    });
  }

  /** Deliveries of a subscription, newest first; `beforeMs`/`beforeId` page back. */
  deliveries(
    subscriptionId: string,
    limit: number,
    before: { createdMs: number; id: string } | null = null,
  ): DeliveryRow[] {
    const rows = before
      ? this.db
          .prepare(
            'SELECT * FROM deliveries WHERE subscription_id = ? AND (created_ms < ? OR (created_ms = ? AND id < ?)) ORDER BY created_ms DESC, id DESC LIMIT ?',
          )
          .all(subscriptionId, before.createdMs, before.createdMs, before.id, limit)
      : this.db
          .prepare(
            'SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY created_ms DESC, id DESC LIMIT ?',
          )
          .all(subscriptionId, limit);
    return (rows as Row[]).map(deliveryFromRow);
  }

  allDeliveries(): DeliveryRow[] {
    return (this.db.prepare('SELECT * FROM deliveries ORDER BY created_ms, id').all() as Row[]).map(
      deliveryFromRow,
    );
  }

  attempts(deliveryId: string): AttemptRow[] {
    return (
      this.db
        .prepare('SELECT * FROM attempts WHERE delivery_id = ? ORDER BY attempt, id')
        .all(deliveryId) as Row[]
    ).map(attemptFromRow);
  }

  /** Forget finished events, passes and deliveries older than `beforeMs`. */
  prune(beforeMs: number): void {
    this.tx(() => {
      this.db.prepare("DELETE FROM events WHERE state != 'planned' AND due_ms < ?").run(beforeMs);
      this.db
        .prepare(
          "DELETE FROM passes WHERE tca_ms < ? AND NOT EXISTS (SELECT 1 FROM events e WHERE e.subscription_id = passes.subscription_id AND e.norad_id = passes.norad_id AND e.pass_key = passes.pass_key AND e.state = 'planned')",
        )
        .run(beforeMs);
      this.db
        .prepare(
          "DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE state IN ('delivered', 'failed', 'cancelled') AND created_ms < ?)",
        )
        .run(beforeMs);
      this.db
        .prepare(
          "DELETE FROM deliveries WHERE state IN ('delivered', 'failed', 'cancelled') AND created_ms < ?",
        )
        .run(beforeMs);
    });
  }
}
