/**
 * The alerts database (`<dataDir>/alerts.sqlite`), versioned with SQLite's `user_version` like the
 * catalog store. Each migration runs in its own transaction; a newer database is refused.
 */
import type { Database } from 'better-sqlite3';

export const ALERT_MIGRATIONS: readonly ((db: Database) => void)[] = [
  // 1: subscriptions, planned passes and their events, the delivery outbox and its attempt log.
  (db) => {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,               -- 'api' or 'config'
        spec TEXT NOT NULL,                -- SubscriptionSpec JSON
        secret TEXT NOT NULL,
        revision INTEGER NOT NULL,
        created_ms REAL NOT NULL,
        updated_ms REAL NOT NULL
      );
      -- One row per planned pass; pass_key is 'r<revolution>' (or 't<TCA minute>' without one).
      CREATE TABLE passes (
        subscription_id TEXT NOT NULL,
        norad_id INTEGER NOT NULL,
        pass_key TEXT NOT NULL,
        revolution INTEGER,
        aos_ms REAL,
        tca_ms REAL NOT NULL,
        los_ms REAL,
        state TEXT NOT NULL,               -- 'planned' or 'cancelled'
        pass TEXT NOT NULL,                -- the API's pass object
        planned_ms REAL NOT NULL,
        PRIMARY KEY (subscription_id, norad_id, pass_key)
      ) WITHOUT ROWID;
      CREATE INDEX passes_by_tca ON passes (subscription_id, tca_ms);
      -- Identity: (subscription, NORAD id, pass, type); a moved pass moves due_ms.
      CREATE TABLE events (
        subscription_id TEXT NOT NULL,
        norad_id INTEGER NOT NULL,
        pass_key TEXT NOT NULL,
        type TEXT NOT NULL,
        due_ms REAL NOT NULL,
        lead_minutes REAL,
        state TEXT NOT NULL,               -- 'planned', 'fired', 'cancelled' or 'missed'
        fired_ms REAL,
        updated_ms REAL NOT NULL,
        PRIMARY KEY (subscription_id, norad_id, pass_key, type)
      ) WITHOUT ROWID;
      CREATE INDEX events_due ON events (state, due_ms);
      -- The outbox: one row per event and target; id is the webhook-id, kept across retries.
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        norad_id INTEGER,
        pass_key TEXT,
        kind TEXT NOT NULL,                -- 'webhook' or 'mqtt'
        target TEXT NOT NULL,              -- URL or MQTT topic
        payload TEXT NOT NULL,
        state TEXT NOT NULL,               -- 'pending', 'sending', 'delivered', 'failed', 'cancelled'
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        next_attempt_ms REAL,
        due_ms REAL NOT NULL,
        created_ms REAL NOT NULL,
        finished_ms REAL,
        last_status INTEGER,
        last_error TEXT
      );
      CREATE INDEX deliveries_next ON deliveries (state, next_attempt_ms);
      CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, created_ms);
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id TEXT NOT NULL,
        subscription_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        started_ms REAL NOT NULL,
        latency_ms REAL,
        status_code INTEGER,
        error TEXT,
        outcome TEXT NOT NULL              -- 'delivered', 'retry', 'failed', 'interrupted'
      );
      CREATE INDEX attempts_by_delivery ON attempts (delivery_id, attempt);
    `);
  },
  // 2: a subscription's filter on the highest point of a pass is minPeakElevation (it was
  // minElevation, which everywhere else means the AOS/LOS threshold).
  (db) => {
    db.exec(`
      UPDATE subscriptions
      SET spec = json_remove(
        json_set(spec, '$.minPeakElevation', json_extract(spec, '$.minElevation')),
        '$.minElevation'
      )
      WHERE json_type(spec, '$.minElevation') IS NOT NULL;
    `);
  },
  // 3: a transit.upcoming event's near-miss angle is nearMissDeg (it was nearMiss), the value kept.
  (db) => {
    const rows = db
      .prepare(`SELECT id, spec FROM subscriptions WHERE spec LIKE '%"nearMiss"%'`)
      .all() as { id: string; spec: string }[];
    const update = db.prepare('UPDATE subscriptions SET spec = ? WHERE id = ?');
    for (const row of rows) {
      const spec = JSON.parse(row.spec) as { events?: Record<string, unknown>[] };
      for (const e of spec.events ?? []) {
        if (e.type !== 'transit.upcoming' || !('nearMiss' in e)) continue;
        e.nearMissDeg ??= e.nearMiss;
        delete e.nearMiss;
      }
      update.run(JSON.stringify(spec), row.id);
    }
  },
];

export const ALERT_SCHEMA_VERSION = ALERT_MIGRATIONS.length;

/** The alerts database was written by a newer passwatch. */
export class AlertStoreVersionError extends Error {
  override readonly name = 'AlertStoreVersionError';
}

export function migrateAlerts(db: Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > ALERT_SCHEMA_VERSION) {
    throw new AlertStoreVersionError(
      `${path} has schema version ${current}, but this passwatch knows only up to ${ALERT_SCHEMA_VERSION}; upgrade passwatch`,
    );
  }
  for (let v = current; v < ALERT_SCHEMA_VERSION; v++) {
    db.transaction(() => {
      ALERT_MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
