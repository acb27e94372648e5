/**
 * The store's schema, versioned with SQLite's `user_version`. Each migration runs in its own
 * transaction and moves the version up by one; a store written by a newer passwatch is refused.
 */
import type { Database } from 'better-sqlite3';

/** Columns that hold one element set, in full fidelity (epoch ISO string, TLE lines). */
const ELEMENT_COLUMNS = `
  name TEXT NOT NULL,
  intl_designator TEXT,
  classification TEXT NOT NULL,
  epoch_ms REAL NOT NULL,
  epoch_iso TEXT NOT NULL,
  mean_motion REAL NOT NULL,
  eccentricity REAL NOT NULL,
  inclination REAL NOT NULL,
  raan REAL NOT NULL,
  arg_perigee REAL NOT NULL,
  mean_anomaly REAL NOT NULL,
  bstar REAL NOT NULL,
  mean_motion_dot REAL NOT NULL,
  mean_motion_ddot REAL NOT NULL,
  element_set_no INTEGER,
  rev_at_epoch INTEGER,
  provenance TEXT NOT NULL,
  format TEXT NOT NULL,
  tle_line1 TEXT,
  tle_line2 TEXT`;

export const MIGRATIONS: readonly ((db: Database) => void)[] = [
  // 1: sources and their element sets (full fidelity: the epoch as given, TLE lines), the current
  // set per object with its metadata, superseded sets (history), the refresh log.
  (db) => {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE sources (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        location TEXT NOT NULL,
        groups TEXT NOT NULL DEFAULT '[]',
        origin TEXT,
        object_count INTEGER NOT NULL DEFAULT 0,
        last_attempt_ms REAL,
        last_success_ms REAL,
        last_unchanged_ms REAL,
        last_outcome TEXT,
        last_reason TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        retry_after_ms REAL
      );
      CREATE TABLE source_elements (
        source TEXT NOT NULL,
        norad_id INTEGER NOT NULL,
        ${ELEMENT_COLUMNS},
        PRIMARY KEY (source, norad_id)
      ) WITHOUT ROWID;
      CREATE INDEX source_elements_by_norad ON source_elements (norad_id);
      -- One row per object: its current element set is source_elements (source, norad_id).
      CREATE TABLE objects (
        norad_id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        groups TEXT NOT NULL,
        std_mag REAL,
        updated_ms REAL NOT NULL
      );
      CREATE TABLE element_history (
        norad_id INTEGER NOT NULL,
        source TEXT NOT NULL,
        replaced_ms REAL NOT NULL,
        ${ELEMENT_COLUMNS},
        PRIMARY KEY (norad_id, epoch_iso, source)
      ) WITHOUT ROWID;
      CREATE INDEX element_history_by_epoch ON element_history (epoch_ms);
      CREATE TABLE refresh_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        started_ms REAL NOT NULL,
        finished_ms REAL NOT NULL,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        bytes INTEGER,
        objects_before INTEGER,
        objects_after INTEGER,
        added INTEGER,
        changed INTEGER,
        removed INTEGER,
        issues INTEGER,
        reason TEXT,
        details TEXT
      );
      CREATE INDEX refresh_log_by_source ON refresh_log (source, id);
    `);
  },
];

/** The schema version this passwatch writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The store was written by a newer passwatch. */
export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
}

/** Bring a database up to `SCHEMA_VERSION`. */
export function migrate(db: Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreVersionError(
      `${path} has schema version ${current}, but this passwatch knows only up to ${SCHEMA_VERSION}; upgrade passwatch or point PASSWATCH_DATA_DIR elsewhere`,
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
