/**
 * The catalog store's SQL: every prepared statement in one place, and the rows they return.
 * The tables are created and migrated in `schema.ts`.
 */
import type Database from 'better-sqlite3';
import { COMPARE_COLUMNS, ELEMENT_COLUMNS as ELEMENT_FIELDS } from './records.js';
import type { SourceKind } from './sources.js';
import type { DataOrigin, RefreshOutcome, SourceState } from './store-types.js';

/** The store's prepared statements. */
export type Statements = ReturnType<typeof prepare>;

export interface SourceRow {
  name: string;
  kind: string;
  location: string;
  groups: string;
  origin: string | null;
  object_count: number;
  last_attempt_ms: number | null;
  last_success_ms: number | null;
  last_unchanged_ms: number | null;
  last_outcome: string | null;
  last_reason: string | null;
  failures: number;
  retry_after_ms: number | null;
}

export interface LogRow {
  id: number;
  source: string;
  started_ms: number;
  finished_ms: number;
  outcome: string;
  http_status: number | null;
  bytes: number | null;
  objects_before: number | null;
  objects_after: number | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
  issues: number | null;
  reason: string | null;
  details: string | null;
}

const COLS = ELEMENT_FIELDS.join(', ');
const COMPARE = COMPARE_COLUMNS.join(', ');
const OBJECTS = `SELECT o.norad_id, o.source, o.groups, o.std_mag, o.updated_ms,
  ${ELEMENT_FIELDS.map((f) => `se.${f}`).join(', ')}
  FROM objects o JOIN source_elements se ON se.source = o.source AND se.norad_id = o.norad_id`;
const PARAMS = ELEMENT_FIELDS.map((f) => `@${f}`).join(', ');

export function sourceFromRow(r: SourceRow): SourceState {
  return {
    name: r.name,
    kind: r.kind as SourceKind,
    location: r.location,
    groups: JSON.parse(r.groups) as string[],
    origin: r.origin as DataOrigin | null,
    objectCount: r.object_count,
    lastAttemptMs: r.last_attempt_ms,
    lastSuccessMs: r.last_success_ms,
    lastUnchangedMs: r.last_unchanged_ms,
    lastOutcome: r.last_outcome as RefreshOutcome | null,
    lastReason: r.last_reason,
    failures: r.failures,
    retryAfterMs: r.retry_after_ms,
  };
}

/** Prepare every statement of the store on `db`. */
export function prepare(db: Database.Database) {
  return {
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
    countObjects: db.prepare('SELECT count(*) AS n FROM objects'),
    getSource: db.prepare('SELECT * FROM sources WHERE name = ?'),
    allSources: db.prepare('SELECT * FROM sources ORDER BY name'),
    deleteSource: db.prepare('DELETE FROM sources WHERE name = ?'),
    upsertSource: db.prepare(
      `INSERT INTO sources (name, kind, location, groups) VALUES (@name, @kind, @location, @groups)
       ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, location = excluded.location,
         groups = excluded.groups`,
    ),
    insertSourceIfMissing: db.prepare(
      `INSERT INTO sources (name, kind, location, groups) VALUES (@name, @kind, @location, @groups)
       ON CONFLICT (name) DO NOTHING`,
    ),
    claim: db.prepare(
      `UPDATE sources SET last_attempt_ms = @now
       WHERE name = @name AND (@force = 1 OR (
         (last_attempt_ms IS NULL OR last_attempt_ms > @now OR last_attempt_ms + @minInterval <= @now)
         AND (retry_after_ms IS NULL OR retry_after_ms <= @now)))`,
    ),
    restoreAttempt: db.prepare('UPDATE sources SET last_attempt_ms = @attempt WHERE name = @name'),
    clearRetry: db.prepare('UPDATE sources SET retry_after_ms = NULL WHERE name = @name'),
    sourceLoaded: db.prepare(
      `UPDATE sources SET origin = @origin, object_count = @count,
         last_success_ms = coalesce(@success, last_success_ms), last_outcome = @outcome,
         last_reason = @reason, failures = 0, retry_after_ms = NULL
       WHERE name = @name`,
    ),
    sourceOutcome: db.prepare(
      `UPDATE sources SET last_outcome = @outcome, last_reason = @reason, failures = @failures,
         retry_after_ms = @retryAfter, last_unchanged_ms = coalesce(@unchanged, last_unchanged_ms)
       WHERE name = @name`,
    ),
    sourceIds: db.prepare('SELECT norad_id FROM source_elements WHERE source = ?'),
    sourceRows: db.prepare('SELECT * FROM source_elements WHERE source = ?'),
    deleteSourceElements: db.prepare('DELETE FROM source_elements WHERE source = ?'),
    deleteSourceElement: db.prepare(
      'DELETE FROM source_elements WHERE source = ? AND norad_id = ?',
    ),
    upsertSourceElement: db.prepare(
      `INSERT OR REPLACE INTO source_elements (source, norad_id, ${COLS})
       VALUES (@source, @norad_id, ${PARAMS})`,
    ),
    candidatesOf: db.prepare(
      `SELECT norad_id, source, epoch_ms, format, mean_motion FROM source_elements
       WHERE norad_id IN (SELECT value FROM json_each(?))`,
    ),
    currentOf: db.prepare(
      `SELECT norad_id, source, groups, std_mag, updated_ms FROM objects
       WHERE norad_id IN (SELECT value FROM json_each(?))`,
    ),
    sourceCompare: db
      .prepare(`SELECT norad_id, ${COMPARE} FROM source_elements WHERE source = ?`)
      .raw(true),
    storedRow: db.prepare('SELECT * FROM source_elements WHERE source = ? AND norad_id = ?'),
    storedCompare: db
      .prepare(`SELECT norad_id, ${COMPARE} FROM source_elements WHERE source = ? AND norad_id = ?`)
      .raw(true),
    allObjects: db.prepare(`${OBJECTS} ORDER BY o.norad_id`),
    someObjects: db.prepare(
      `${OBJECTS} WHERE o.norad_id IN (SELECT value FROM json_each(?)) ORDER BY o.norad_id`,
    ),
    deleteObject: db.prepare('DELETE FROM objects WHERE norad_id = ?'),
    upsertObject: db.prepare(
      `INSERT OR REPLACE INTO objects (norad_id, source, groups, std_mag, updated_ms)
       VALUES (@id, @source, @groups, @stdMag, @updated)`,
    ),
    archiveIfCurrent: db.prepare(
      `INSERT OR IGNORE INTO element_history (norad_id, source, replaced_ms, ${COLS})
       SELECT se.norad_id, se.source, @now, ${ELEMENT_FIELDS.map((f) => `se.${f}`).join(', ')}
       FROM source_elements se JOIN objects o ON o.norad_id = se.norad_id AND o.source = se.source
       WHERE se.source = @source AND se.norad_id = @id`,
    ),
    archiveCurrentOfSource: db.prepare(
      `INSERT OR IGNORE INTO element_history (norad_id, source, replaced_ms, ${COLS})
       SELECT se.norad_id, se.source, @now, ${ELEMENT_FIELDS.map((f) => `se.${f}`).join(', ')}
       FROM source_elements se JOIN objects o ON o.norad_id = se.norad_id AND o.source = se.source
       WHERE se.source = @source`,
    ),
    pruneHistory: db.prepare('DELETE FROM element_history WHERE epoch_ms < ?'),
    history: db.prepare('SELECT * FROM element_history WHERE norad_id = ? ORDER BY epoch_ms DESC'),
    insertLog: db.prepare(
      `INSERT INTO refresh_log (source, started_ms, finished_ms, outcome, http_status, bytes,
         objects_before, objects_after, added, changed, removed, issues, reason, details)
       VALUES (@source, @started, @finished, @outcome, @status, @bytes, @before, @after, @added,
         @changed, @removed, @issues, @reason, @details)`,
    ),
    logAll: db.prepare('SELECT * FROM refresh_log ORDER BY id DESC LIMIT ?'),
    logBySource: db.prepare('SELECT * FROM refresh_log WHERE source = ? ORDER BY id DESC LIMIT ?'),
  };
}
