/**
 * Stations created through the API (`PUT /v1/stations/{name}`), kept in `<dataDir>/stations.sqlite`
 * (created 0600, WAL, `synchronous = FULL`) so that they survive restarts. Each row holds the body
 * as it was accepted; it is checked again with the same schema when read. Versioned with SQLite's
 * `user_version`; a database written by a newer passwatch is refused.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../catalog/index.js';

/** Path of the station database inside the data directory. */
export function stationStorePath(dataDir: string): string {
  return join(dataDir, 'stations.sqlite');
}

/** One stored station: its body as accepted, and when it was created and last replaced. */
export interface StoredStation {
  name: string;
  /** The accepted `PUT` body (JSON value). */
  body: unknown;
  createdMs: number;
  updatedMs: number;
}

const MIGRATIONS: readonly ((db: Database.Database) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE stations (
        name TEXT PRIMARY KEY,
        body TEXT NOT NULL,        -- the accepted PUT body, JSON
        created_ms REAL NOT NULL,
        updated_ms REAL NOT NULL
      );
    `);
  },
];

/** The station database was written by a newer passwatch. */
export class StationStoreVersionError extends Error {
  override readonly name = 'StationStoreVersionError';
}

function migrate(db: Database.Database, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new StationStoreVersionError(
      `${path} has schema version ${current}, but this passwatch knows only up to ${MIGRATIONS.length}; upgrade passwatch`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

type Row = { name: string; body: string; created_ms: number; updated_ms: number };

const fromRow = (r: Row): StoredStation => ({
  name: r.name,
  body: JSON.parse(r.body) as unknown,
  createdMs: r.created_ms,
  updatedMs: r.updated_ms,
});

export class StationStore {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {}

  /** Open (creating and migrating) the database at `path`. */
  static open(path: string): StationStore {
    const db = openSqliteFile(path, 'station database', (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrate(db, path);
    });
    return new StationStore(path, db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Changes when another connection commits (SQLite's `data_version`; not for this one's writes). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  list(): StoredStation[] {
    return (this.db.prepare('SELECT * FROM stations ORDER BY name').all() as Row[]).map(fromRow);
  }

  get(name: string): StoredStation | undefined {
    const r = this.db.prepare('SELECT * FROM stations WHERE name = ?').get(name) as Row | undefined;
    return r ? fromRow(r) : undefined;
  }

  /** Create or replace; true when it was created. */
  put(name: string, body: unknown, nowMs: number): boolean {
    return this.db.transaction(() => {
      const existed = this.db.prepare('SELECT 1 FROM stations WHERE name = ?').get(name);
      this.db
        .prepare(
          `INSERT INTO stations (name, body, created_ms, updated_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_ms = excluded.updated_ms`,
        )
        .run(name, JSON.stringify(body), nowMs, nowMs);
      return existed === undefined;
    })();
  }

  /** True when there was one to delete. */
  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM stations WHERE name = ?').run(name).changes > 0;
  }
}
