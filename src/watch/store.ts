/**
 * The catalog watch's own SQLite file (`watch.sqlite` in the data directory): the objects seen so
 * far (to tell a new object from a known one) and the detected events. Every event has a key that
 * says what it is about, so running the detection again never stores it twice.
 */
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../catalog/index.js';

export const WATCH_EVENT_TYPES = [
  'catalog.new',
  'catalog.launch',
  'catalog.decay',
  'catalog.manoeuvre',
  'conjunction.upcoming',
] as const;
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number];

/** One detected event, as stored. */
export interface WatchEvent {
  id: number;
  /** What the event is about (`manoeuvre:25544:<epoch>:<epoch>`); unique. */
  key: string;
  type: WatchEventType;
  /** The object, or null for a launch (its objects are in `details.members`). */
  noradId: number | null;
  name: string | null;
  /** Launch (international designator year-number, `2026-045`), when known. */
  launch: string | null;
  /** The object's groups when detected. */
  groups: string[];
  /** When it happened (or will), epoch ms; for a window its end. */
  timeMs: number;
  /** The window it happened in, epoch ms, or null. */
  windowStartMs: number | null;
  windowEndMs: number | null;
  /** When passwatch detected it, epoch ms. */
  detectedMs: number;
  details: Record<string, unknown>;
}

export type NewWatchEvent = Omit<WatchEvent, 'id'>;

export interface EventQuery {
  types?: readonly WatchEventType[];
  /** Only events detected at or after this, epoch ms. */
  sinceMs?: number;
  group?: string;
  noradId?: number;
  limit: number;
  /** Only events with an id below this (the next page of a newest-first listing). */
  beforeId?: number;
}

interface EventRow {
  id: number;
  key: string;
  type: string;
  norad_id: number | null;
  name: string | null;
  launch: string | null;
  groups: string;
  time_ms: number;
  window_start_ms: number | null;
  window_end_ms: number | null;
  detected_ms: number;
  details: string;
}

const MIGRATIONS: readonly ((db: Database.Database) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE known_objects (
        norad_id INTEGER PRIMARY KEY,
        first_seen_ms REAL NOT NULL,
        groups TEXT NOT NULL
      );
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        norad_id INTEGER,
        name TEXT,
        launch TEXT,
        groups TEXT NOT NULL,
        time_ms REAL NOT NULL,
        window_start_ms REAL,
        window_end_ms REAL,
        detected_ms REAL NOT NULL,
        details TEXT NOT NULL
      );
      CREATE INDEX events_by_norad ON events (norad_id, id);
      CREATE INDEX events_by_type ON events (type, id);
    `);
  },
  // A manoeuvre's Δv was stored as `deltaVMs` (m/s; `Ms` means milliseconds elsewhere): the same
  // value moves to `deltaVMPerS`, keeping its place among the details.
  (db) => {
    const rows = db
      .prepare(
        "SELECT id, details FROM events WHERE type = 'catalog.manoeuvre' AND json_type(details, '$.deltaVMs') IS NOT NULL",
      )
      .all() as { id: number; details: string }[];
    const update = db.prepare('UPDATE events SET details = ? WHERE id = ?');
    for (const row of rows) {
      const details = JSON.parse(row.details) as Record<string, unknown>;
      const renamed = Object.fromEntries(
        Object.entries(details).map(([k, v]) => [k === 'deltaVMs' ? 'deltaVMPerS' : k, v]),
      );
      update.run(JSON.stringify(renamed), row.id);
    }
  },
];

/** The watch store. One per process and file. */
export class WatchStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<typeof prepare>;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
    this.stmt = prepare(db);
  }

  static open(path: string): WatchStore {
    const db = openSqliteFile(path, 'watch store', (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > MIGRATIONS.length) {
        throw new Error(
          `${path} has schema version ${current}, but this passwatch knows only up to ${MIGRATIONS.length}; upgrade passwatch`,
        );
      }
      for (let v = current; v < MIGRATIONS.length; v++) {
        db.transaction(() => {
          MIGRATIONS[v]!(db);
          db.pragma(`user_version = ${v + 1}`);
        })();
      }
    });
    return new WatchStore(path, db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | null {
    return (this.stmt.getMeta.get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  /** Known objects and the groups they were last seen in. */
  knownObjects(): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const r of this.stmt.known.all() as { norad_id: number; groups: string }[]) {
      out.set(r.norad_id, JSON.parse(r.groups) as string[]);
    }
    return out;
  }

  knownCount(): number {
    return (this.stmt.knownCount.get() as { n: number }).n;
  }

  rememberObject(noradId: number, groups: readonly string[], nowMs: number): void {
    this.stmt.remember.run({ id: noradId, groups: JSON.stringify([...groups]), now: nowMs });
  }

  /** Store an event unless one with its key exists; returns the stored event or null. */
  addEvent(event: NewWatchEvent): WatchEvent | null {
    const result = this.stmt.insertEvent.run({
      key: event.key,
      type: event.type,
      noradId: event.noradId,
      name: event.name,
      launch: event.launch,
      groups: JSON.stringify(event.groups),
      timeMs: event.timeMs,
      windowStartMs: event.windowStartMs,
      windowEndMs: event.windowEndMs,
      detectedMs: event.detectedMs,
      details: JSON.stringify(event.details),
    });
    if (result.changes === 0) return null;
    return { ...event, id: Number(result.lastInsertRowid) };
  }

  /** Replace the details of an event (a launch gaining objects); keeps its id and key. */
  updateDetails(key: string, details: Record<string, unknown>): void {
    this.stmt.updateDetails.run({ key, details: JSON.stringify(details) });
  }

  /** Move an event's time and replace its details (a close approach re-predicted). */
  updateTimeAndDetails(key: string, timeMs: number, details: Record<string, unknown>): void {
    this.stmt.updateTime.run({ key, timeMs, details: JSON.stringify(details) });
  }

  eventByKey(key: string): WatchEvent | null {
    const row = this.stmt.byKey.get(key) as EventRow | undefined;
    return row ? eventFromRow(row) : null;
  }

  /** Events newest first (by id), filtered. */
  events(q: EventQuery): WatchEvent[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit };
    if (q.types && q.types.length > 0) {
      where.push(`type IN (${q.types.map((_, i) => `@type${i}`).join(', ')})`);
      q.types.forEach((t, i) => {
        params[`type${i}`] = t;
      });
    }
    if (q.sinceMs !== undefined) {
      where.push('detected_ms >= @since');
      params.since = q.sinceMs;
    }
    if (q.noradId !== undefined) {
      where.push(
        "(norad_id = @sat OR json_extract(events.details, '$.otherNoradId') = @sat OR (norad_id IS NULL AND EXISTS (SELECT 1 FROM json_each(events.details, '$.members') WHERE value = @sat)))",
      );
      params.sat = q.noradId;
    }
    if (q.group !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(events.groups) WHERE value = @group)');
      params.group = q.group;
    }
    if (q.beforeId !== undefined) {
      where.push('id < @before');
      params.before = q.beforeId;
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as EventRow[]).map(eventFromRow);
  }

  /**
   * Launches detected at or after `sinceMs` that have no `details.visibility` yet, oldest first
   * (a run stopped between storing a launch and searching when it is first visible).
   */
  launchesWithoutVisibility(sinceMs: number): WatchEvent[] {
    return (this.stmt.launchesWithoutVisibility.all(sinceMs) as EventRow[]).map(eventFromRow);
  }

  /** Events with an id above `afterId`, oldest first (what a restarted consumer has not seen). */
  eventsAfter(afterId: number, limit = 100_000): WatchEvent[] {
    return (this.stmt.after.all(afterId, limit) as EventRow[]).map(eventFromRow);
  }

  eventCount(): number {
    return (this.stmt.eventCount.get() as { n: number }).n;
  }
}

function eventFromRow(r: EventRow): WatchEvent {
  return {
    id: r.id,
    key: r.key,
    type: r.type as WatchEventType,
    noradId: r.norad_id,
    name: r.name,
    launch: r.launch,
    groups: JSON.parse(r.groups) as string[],
    timeMs: r.time_ms,
    windowStartMs: r.window_start_ms,
    windowEndMs: r.window_end_ms,
    detectedMs: r.detected_ms,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}

function prepare(db: Database.Database) {
  return {
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    known: db.prepare('SELECT norad_id, groups FROM known_objects'),
    knownCount: db.prepare('SELECT count(*) AS n FROM known_objects'),
    remember: db.prepare(
      `INSERT INTO known_objects (norad_id, first_seen_ms, groups) VALUES (@id, @now, @groups)
       ON CONFLICT (norad_id) DO UPDATE SET groups = excluded.groups`,
    ),
    insertEvent: db.prepare(
      `INSERT OR IGNORE INTO events (key, type, norad_id, name, launch, groups, time_ms,
         window_start_ms, window_end_ms, detected_ms, details)
       VALUES (@key, @type, @noradId, @name, @launch, @groups, @timeMs, @windowStartMs,
         @windowEndMs, @detectedMs, @details)`,
    ),
    updateDetails: db.prepare('UPDATE events SET details = @details WHERE key = @key'),
    updateTime: db.prepare(
      'UPDATE events SET time_ms = @timeMs, details = @details WHERE key = @key',
    ),
    byKey: db.prepare('SELECT * FROM events WHERE key = ?'),
    eventCount: db.prepare('SELECT count(*) AS n FROM events'),
    after: db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    launchesWithoutVisibility: db.prepare(
      `SELECT * FROM events WHERE type = 'catalog.launch' AND detected_ms >= ?
         AND json_type(details, '$.visibility') IS NULL ORDER BY id`,
    ),
  };
}
