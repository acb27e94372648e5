/**
 * The durable catalog: SQLite (better-sqlite3) in WAL mode. Each source's element sets are
 * replaced in one transaction together with the objects they affect, the history and the refresh
 * log, so a crash leaves either the old or the new data of that source, never a mix.
 */
import type Database from 'better-sqlite3';
import type { ElementSet } from '../core/elements/index.js';
import {
  type CatalogRecord,
  COMPARE_COLUMNS,
  type CompareValues,
  compareValues,
  difference,
  type ElementRow,
  elementFromRow,
  elementParams,
  formatRank,
  type ObjectRow,
  recordFromRow,
} from './records.js';
import { migrate } from './schema.js';
import type { SourceKind } from './sources.js';
import { openSqliteFile } from './sqlite-file.js';

const DAY_MS = 86_400_000;
/** Issues kept per refresh log entry. */
const MAX_LOGGED_ISSUES = 50;

/** Stages inside a source's write transaction, reported to `StoreHooks.inTransaction`. */
export type TransactionStage = 'elements-removed' | 'elements-written' | 'objects-updated';

export interface StoreHooks {
  /**
   * Called inside a source's write transaction, before it commits. Crash tests use it to kill
   * the process with the transaction open; it must not touch the store.
   */
  inTransaction?: (stage: TransactionStage, source: string) => void;
}

export interface StoreOptions {
  /** Standard magnitude per NORAD id, stored as object metadata. */
  magnitudes?: (noradId: number) => number | null;
  hooks?: StoreHooks;
  /** SQLite page cache per connection, KiB (SQLite's default is 2000). */
  cacheSizeKiB?: number;
  /**
   * Most pages the file may grow to (PRAGMA max_page_count): writes beyond fail with SQLITE_FULL
   * exactly as on a full disk (the tests use it for that).
   */
  maxPages?: number;
}

/** Where a source's stored data came from: a download, the bundled snapshot, or an imported file. */
export type DataOrigin = 'network' | 'snapshot' | 'file';

/** What a refresh attempt came to. */
export type RefreshOutcome =
  | 'updated'
  | 'unchanged'
  | 'failed'
  | 'rejected'
  | 'skipped'
  | 'snapshot';

/** A source's persisted state: its data, and its refresh timing (min interval, backoff). */
export interface SourceState {
  name: string;
  kind: SourceKind;
  location: string;
  groups: string[];
  /** Where its stored element sets came from; null when it has none. */
  origin: DataOrigin | null;
  objectCount: number;
  lastAttemptMs: number | null;
  /** Last time a body was accepted. */
  lastSuccessMs: number | null;
  /** Last "not updated" answer. */
  lastUnchangedMs: number | null;
  lastOutcome: RefreshOutcome | null;
  lastReason: string | null;
  /** Failed or rejected attempts in a row. */
  failures: number;
  /** Backoff: no attempt before this. */
  retryAfterMs: number | null;
}

/** How the objects changed: ids of added, changed (elements), removed, and updated (metadata). */
export interface ObjectChanges {
  added: number[];
  changed: number[];
  removed: number[];
  /** Name, groups, magnitude or provenance changed; the elements did not. */
  updated: number[];
}

export interface RefreshLogEntry {
  id: number;
  source: string;
  startedMs: number;
  finishedMs: number;
  outcome: RefreshOutcome;
  httpStatus: number | null;
  bytes: number | null;
  objectsBefore: number | null;
  objectsAfter: number | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
  issues: number | null;
  reason: string | null;
  /** Bad records of the body, at most 50, as `line N (NORAD id): reason`. */
  details: readonly string[];
}

/** The source being written, as far as the store needs to know it. */
export interface SourceIdentity {
  name: string;
  kind: SourceKind;
  location: string;
  groups: readonly string[];
}

export interface ReplaceSourceInput {
  source: SourceIdentity;
  elements: readonly ElementSet[];
  origin: DataOrigin;
  outcome: 'updated' | 'snapshot';
  startedMs: number;
  finishedMs: number;
  /** Superseded sets with epochs older than this many days are pruned. */
  historyDays: number;
  httpStatus?: number | null;
  bytes?: number | null;
  issues?: readonly string[];
  reason?: string | null;
}

export interface ReplaceSourceResult {
  /** Objects of this source before and after. */
  before: number;
  after: number;
  /** Within this source: objects new to it, with different elements, and gone from it. */
  sourceAdded: number;
  sourceChanged: number;
  sourceRemoved: number;
  /** Effect on the catalog as a whole. */
  objects: ObjectChanges;
  /** The new records of the added, changed and updated objects (as `loadObjects` would give). */
  records: CatalogRecord[];
}

export interface OutcomeInput {
  source: string;
  outcome: 'unchanged' | 'failed' | 'rejected';
  startedMs: number;
  finishedMs: number;
  /** New failure count and backoff (unchanged: 0 and null). */
  failures: number;
  retryAfterMs: number | null;
  reason: string | null;
  httpStatus?: number | null;
  bytes?: number | null;
  issues?: readonly string[];
}

interface SourceRow {
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

interface LogRow {
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

const ELEMENT_FIELDS = [
  'name',
  'intl_designator',
  'classification',
  'epoch_ms',
  'epoch_iso',
  'mean_motion',
  'eccentricity',
  'inclination',
  'raan',
  'arg_perigee',
  'mean_anomaly',
  'bstar',
  'mean_motion_dot',
  'mean_motion_ddot',
  'element_set_no',
  'rev_at_epoch',
  'provenance',
  'format',
  'tle_line1',
  'tle_line2',
];
const COLS = ELEMENT_FIELDS.join(', ');
const COMPARE = COMPARE_COLUMNS.join(', ');
const OBJECTS = `SELECT o.norad_id, o.source, o.groups, o.std_mag, o.updated_ms,
  ${ELEMENT_FIELDS.map((f) => `se.${f}`).join(', ')}
  FROM objects o JOIN source_elements se ON se.source = o.source AND se.norad_id = o.norad_id`;
const PARAMS = ELEMENT_FIELDS.map((f) => `@${f}`).join(', ');

/** The SQLite catalog store. One per process and data file; other processes may share the file. */
export class CatalogStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly magnitudes: (noradId: number) => number | null;
  private readonly hooks: StoreHooks;
  private readonly stmt: ReturnType<typeof prepare>;

  private constructor(path: string, db: Database.Database, options: StoreOptions) {
    this.path = path;
    this.db = db;
    this.magnitudes = options.magnitudes ?? (() => null);
    this.hooks = options.hooks ?? {};
    this.stmt = prepare(db);
  }

  /**
   * Open (creating if needed) a store file, migrating it to the current schema.
   *
   * @throws StoreVersionError when the file was written by a newer passwatch.
   * @throws StoreFileError when the file is empty or not a SQLite database.
   */
  static open(path: string, options: StoreOptions = {}): CatalogStore {
    const db = openSqliteFile(path, 'catalog store', (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      if (options.cacheSizeKiB !== undefined) {
        db.pragma(`cache_size = -${Math.max(64, Math.round(options.cacheSizeKiB))}`);
      }
      migrate(db, path);
      if (options.maxPages !== undefined)
        db.pragma(`max_page_count = ${Math.floor(options.maxPages)}`);
    });
    return new CatalogStore(path, db, options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** SQLite's `PRAGMA integrity_check`: 'ok' for a sound file. */
  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  /** Pages in the file now (PRAGMA page_count). */
  pageCount(): number {
    return this.db.pragma('page_count', { simple: true }) as number;
  }

  /** Changes when another connection (another process) commits; see PRAGMA data_version. */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** Run `fn` in one transaction (nested store writes become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | null {
    const row = this.stmt.getMeta.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  deleteMeta(key: string): void {
    this.stmt.deleteMeta.run(key);
  }

  /** Number of objects with a current element set. */
  objectCount(): number {
    return (this.stmt.countObjects.get() as { n: number }).n;
  }

  sourceState(name: string): SourceState | null {
    const row = this.stmt.getSource.get(name) as SourceRow | undefined;
    return row ? sourceFromRow(row) : null;
  }

  sourceStates(): SourceState[] {
    return (this.stmt.allSources.all() as SourceRow[]).map(sourceFromRow);
  }

  /** NORAD ids a source currently lists. */
  sourceNoradIds(name: string): Set<number> {
    return new Set(
      (this.stmt.sourceIds.all(name) as { norad_id: number }[]).map((r) => r.norad_id),
    );
  }

  /**
   * Make the stored sources match the configured ones: register new sources, update the
   * location and groups of known ones, and drop (with their element sets) the ones no longer
   * configured. One transaction.
   */
  syncSources(
    sources: readonly SourceIdentity[],
    nowMs: number,
  ): { changes: ObjectChanges; records: CatalogRecord[] } {
    return this.db.transaction(() => {
      const affected = new Set<number>();
      const wanted = new Map(sources.map((s) => [s.name, s]));
      for (const row of this.stmt.allSources.all() as SourceRow[]) {
        // Imported files (`passwatch import`) are not configured sources: they stay.
        if (wanted.has(row.name) || row.kind === 'import') continue;
        for (const id of this.sourceNoradIds(row.name)) affected.add(id);
        this.stmt.archiveCurrentOfSource.run({ source: row.name, now: nowMs });
        this.stmt.deleteSourceElements.run(row.name);
        this.stmt.deleteSource.run(row.name);
      }
      for (const s of sources) {
        const groups = JSON.stringify([...s.groups]);
        const existing = this.stmt.getSource.get(s.name) as SourceRow | undefined;
        if (existing && existing.groups !== groups) {
          for (const id of this.sourceNoradIds(s.name)) affected.add(id);
        }
        this.stmt.upsertSource.run({
          name: s.name,
          kind: s.kind,
          location: s.location,
          groups,
        });
      }
      return this.recompute(affected, nowMs, null);
    })();
  }

  /**
   * Claim a fetch of `source` at `nowMs`: succeeds (and records the attempt) only when the
   * source's minimum interval since its last attempt has passed and it is not backing off,
   * unless `force`. Atomic, so two processes never both fetch.
   */
  claimAttempt(
    source: SourceIdentity,
    nowMs: number,
    minIntervalMs: number,
    force: boolean,
  ): boolean {
    return this.db.transaction(() => {
      this.stmt.insertSourceIfMissing.run({
        name: source.name,
        kind: source.kind,
        location: source.location,
        groups: JSON.stringify([...source.groups]),
      });
      const result = this.stmt.claim.run({
        name: source.name,
        now: nowMs,
        minInterval: minIntervalMs,
        force: force ? 1 : 0,
      });
      return result.changes === 1;
    })();
  }

  /**
   * Set a source's last attempt back to `attemptMs` (the attempt before a claim): an attempt that
   * never reached the server does not count for the minimum interval.
   */
  restoreAttempt(name: string, attemptMs: number | null): void {
    this.stmt.restoreAttempt.run({ name, attempt: attemptMs });
  }

  /** Drop a source's wait (`passwatch refresh --force` after a network failure). */
  clearRetry(name: string): void {
    this.stmt.clearRetry.run({ name });
  }

  /**
   * Replace a source's element sets with `elements`, all or nothing, and update the objects,
   * history, source state and refresh log in the same transaction.
   */
  replaceSource(input: ReplaceSourceInput): ReplaceSourceResult {
    const name = input.source.name;
    const now = input.finishedMs;
    const hook = this.hooks.inTransaction;
    return this.db.transaction((): ReplaceSourceResult => {
      this.stmt.upsertSource.run({
        name,
        kind: input.source.kind,
        location: input.source.location,
        groups: JSON.stringify([...input.source.groups]),
      });
      const old = new Map<number, CompareValues>();
      for (const row of this.stmt.sourceCompare.iterate(name) as Iterable<unknown[]>) {
        old.set(row[0] as number, row.slice(1));
      }
      const fresh = new Map<number, ElementSet>();
      for (const el of input.elements) fresh.set(el.noradId, el);

      // What changes in this source, and its old values (the store keeps no other copy).
      const change: SourceChange = { name, old, fresh, kinds: new Map() };
      let sourceRemoved = 0;
      for (const id of old.keys()) {
        if (fresh.has(id)) continue;
        this.stmt.archiveIfCurrent.run({ source: name, id, now });
        this.stmt.deleteSourceElement.run(name, id);
        change.kinds.set(id, 'removed');
        sourceRemoved++;
      }
      hook?.('elements-removed', name);
      let sourceAdded = 0;
      let sourceChanged = 0;
      for (const [id, el] of fresh) {
        const before = old.get(id);
        const values = compareValues(el);
        const kind = before === undefined ? 'elements' : difference(before, values);
        if (kind === 'same') continue;
        if (before === undefined) sourceAdded++;
        else sourceChanged++;
        if (before !== undefined && before[0] !== values[0]) {
          this.stmt.archiveIfCurrent.run({ source: name, id, now });
        }
        this.stmt.upsertSourceElement.run({ source: name, ...elementParams(el) });
        change.kinds.set(id, before === undefined ? 'added' : kind);
      }
      hook?.('elements-written', name);

      const loaded = input.origin !== 'snapshot';
      this.stmt.sourceLoaded.run({
        name,
        origin: input.origin,
        count: fresh.size,
        success: loaded ? now : null,
        outcome: input.outcome,
        reason: input.reason ?? null,
      });
      const { changes: objects, records } = this.recompute(
        new Set(change.kinds.keys()),
        now,
        change,
      );
      hook?.('objects-updated', name);
      this.stmt.pruneHistory.run(now - input.historyDays * DAY_MS);
      this.insertLog({
        source: name,
        startedMs: input.startedMs,
        finishedMs: now,
        outcome: input.outcome,
        httpStatus: input.httpStatus ?? null,
        bytes: input.bytes ?? null,
        objectsBefore: old.size,
        objectsAfter: fresh.size,
        added: objects.added.length,
        changed: objects.changed.length,
        removed: objects.removed.length,
        issues: input.issues?.length ?? 0,
        reason: input.reason ?? null,
        details: input.issues ?? [],
      });
      return {
        before: old.size,
        after: fresh.size,
        sourceAdded,
        sourceChanged,
        sourceRemoved,
        objects,
        records,
      };
    })();
  }

  /** Record an attempt that stored nothing (unchanged, failed, rejected) and its timing state. */
  recordOutcome(input: OutcomeInput): void {
    this.db.transaction(() => {
      this.stmt.sourceOutcome.run({
        name: input.source,
        outcome: input.outcome,
        reason: input.reason,
        failures: input.failures,
        retryAfter: input.retryAfterMs,
        unchanged: input.outcome === 'unchanged' ? input.finishedMs : null,
      });
      const count = this.sourceState(input.source)?.objectCount ?? null;
      this.insertLog({
        source: input.source,
        startedMs: input.startedMs,
        finishedMs: input.finishedMs,
        outcome: input.outcome,
        httpStatus: input.httpStatus ?? null,
        bytes: input.bytes ?? null,
        objectsBefore: count,
        objectsAfter: count,
        added: 0,
        changed: 0,
        removed: 0,
        issues: input.issues?.length ?? 0,
        reason: input.reason,
        details: input.issues ?? [],
      });
    })();
  }

  /** Current objects (all, or the given ids), ordered by NORAD id. */
  loadObjects(ids?: Iterable<number>): CatalogRecord[] {
    const rows = (
      ids === undefined
        ? this.stmt.allObjects.all()
        : this.stmt.someObjects.all(JSON.stringify([...new Set(ids)]))
    ) as ObjectRow[];
    const groupsCache = new Map<string, readonly string[]>();
    return rows.map((r) => recordFromRow(r, groupsCache));
  }

  /** Superseded element sets of an object, newest epoch first. */
  history(noradId: number): { source: string; replacedMs: number; elements: ElementSet }[] {
    return (
      this.stmt.history.all(noradId) as (ElementRow & { source: string; replaced_ms: number })[]
    ).map((r) => ({ source: r.source, replacedMs: r.replaced_ms, elements: elementFromRow(r) }));
  }

  /** Refresh log entries, newest first. */
  refreshLog(options: { source?: string; limit?: number } = {}): RefreshLogEntry[] {
    const limit = options.limit ?? 100;
    const rows = (
      options.source === undefined
        ? this.stmt.logAll.all(limit)
        : this.stmt.logBySource.all(options.source, limit)
    ) as LogRow[];
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      startedMs: r.started_ms,
      finishedMs: r.finished_ms,
      outcome: r.outcome as RefreshOutcome,
      httpStatus: r.http_status,
      bytes: r.bytes,
      objectsBefore: r.objects_before,
      objectsAfter: r.objects_after,
      added: r.added,
      changed: r.changed,
      removed: r.removed,
      issues: r.issues,
      reason: r.reason,
      details: r.details ? (JSON.parse(r.details) as string[]) : [],
    }));
  }

  /**
   * Add an entry to the refresh log for a source that keeps its data outside the element tables
   * (the SatNOGS transmitter list).
   */
  logRefresh(entry: Omit<RefreshLogEntry, 'id'>): void {
    this.insertLog(entry);
  }

  private insertLog(e: Omit<RefreshLogEntry, 'id'>): void {
    this.stmt.insertLog.run({
      source: e.source,
      started: e.startedMs,
      finished: e.finishedMs,
      outcome: e.outcome,
      status: e.httpStatus,
      bytes: e.bytes,
      before: e.objectsBefore,
      after: e.objectsAfter,
      added: e.added,
      changed: e.changed,
      removed: e.removed,
      issues: e.issues,
      reason: e.reason,
      details: e.details.length ? JSON.stringify(e.details.slice(0, MAX_LOGGED_ISSUES)) : null,
    });
  }

  /**
   * Re-derive the current element set of each affected object from the sources that list it:
   * the newest epoch wins; at equal epochs OMM beats TLE, then the source name decides. A set
   * that stops being current with a different epoch goes to the history. Must run inside a
   * transaction, after the source's rows were written (`change` describes that write).
   */
  private recompute(
    ids: Set<number>,
    nowMs: number,
    change: SourceChange | null,
  ): { changes: ObjectChanges; records: CatalogRecord[] } {
    const changes: ObjectChanges = { added: [], changed: [], removed: [], updated: [] };
    const records: CatalogRecord[] = [];
    if (ids.size === 0) return { changes, records };
    const groupLists = new Map<string, readonly string[]>();
    const record = (
      id: number,
      source: string,
      groupsJson: string,
      stdMagnitude: number | null,
      updatedMs: number,
    ): CatalogRecord => {
      const elements =
        change !== null && source === change.name
          ? change.fresh.get(id)!
          : elementFromRow(this.stmt.storedRow.get(source, id) as ElementRow);
      let groups = groupLists.get(groupsJson);
      if (groups === undefined) {
        groups = Object.freeze(JSON.parse(groupsJson) as string[]);
        groupLists.set(groupsJson, groups);
      }
      return {
        noradId: id,
        name: elements.name,
        intlDesignator: elements.intlDesignator,
        groups,
        stdMagnitude,
        source,
        elements,
        updatedMs,
      };
    };
    const groupsOf = new Map<string, string[]>();
    for (const row of this.stmt.allSources.all() as SourceRow[]) {
      groupsOf.set(row.name, JSON.parse(row.groups) as string[]);
    }
    const list = JSON.stringify([...ids]);
    const candidates = new Map<number, Candidate[]>();
    for (const c of this.stmt.candidatesOf.all(list) as Candidate[]) {
      const l = candidates.get(c.norad_id);
      if (l) l.push(c);
      else candidates.set(c.norad_id, [c]);
    }
    const currents = new Map<number, CurrentRow>();
    for (const o of this.stmt.currentOf.all(list) as CurrentRow[]) currents.set(o.norad_id, o);

    /** The values of `source`'s set for `id` as they were before this write. */
    const valuesBefore = (source: string, id: number): CompareValues | undefined =>
      change !== null && source === change.name
        ? change.old.get(id)
        : this.storedValues(source, id);
    /** The values of `source`'s set for `id` now. */
    const valuesNow = (source: string, id: number): CompareValues | undefined => {
      if (change !== null && source === change.name) {
        const el = change.fresh.get(id);
        return el ? compareValues(el) : undefined;
      }
      return this.storedValues(source, id);
    };

    for (const id of [...ids].sort((a, b) => a - b)) {
      const cands = candidates.get(id) ?? [];
      const current = currents.get(id);
      if (cands.length === 0) {
        if (current) {
          // A current set of another source (this write's are archived before they go).
          if (change === null || current.source !== change.name) {
            this.stmt.archiveIfCurrent.run({ source: current.source, id, now: nowMs });
          }
          this.stmt.deleteObject.run(id);
          changes.removed.push(id);
        }
        continue;
      }
      let best = cands[0]!;
      for (const c of cands) {
        if (
          c.epoch_ms > best.epoch_ms ||
          (c.epoch_ms === best.epoch_ms &&
            (formatRank(c.format) > formatRank(best.format) ||
              (formatRank(c.format) === formatRank(best.format) && c.source < best.source)))
        ) {
          best = c;
        }
      }
      const groups = new Set<string>();
      for (const c of cands) for (const g of groupsOf.get(c.source) ?? []) groups.add(g);
      const groupsJson = JSON.stringify([...groups].sort());
      const stdMag = this.magnitudes(id);
      if (current === undefined) {
        this.stmt.upsertObject.run({
          id,
          source: best.source,
          groups: groupsJson,
          stdMag,
          updated: nowMs,
        });
        changes.added.push(id);
        records.push(record(id, best.source, groupsJson, stdMag, nowMs));
        continue;
      }
      let kind: 'same' | 'metadata' | 'elements';
      if (current.source === best.source) {
        kind =
          change !== null && best.source === change.name
            ? ((change.kinds.get(id) as 'metadata' | 'elements' | undefined) ?? 'same')
            : 'same';
      } else {
        const before = valuesBefore(current.source, id);
        const now = valuesNow(best.source, id)!;
        kind = before === undefined ? 'elements' : difference(before, now);
        if (kind === 'same') kind = 'metadata';
        if (
          before !== undefined &&
          before[0] !== now[0] &&
          (change === null || current.source !== change.name)
        ) {
          this.stmt.archiveIfCurrent.run({ source: current.source, id, now: nowMs });
        }
      }
      if (kind === 'same' && current.groups === groupsJson && current.std_mag === stdMag) {
        continue;
      }
      const updated = kind === 'elements' ? nowMs : current.updated_ms;
      this.stmt.upsertObject.run({ id, source: best.source, groups: groupsJson, stdMag, updated });
      if (kind === 'elements') changes.changed.push(id);
      else changes.updated.push(id);
      records.push(record(id, best.source, groupsJson, stdMag, updated));
    }
    return { changes, records };
  }

  private storedValues(source: string, id: number): CompareValues | undefined {
    const row = this.stmt.storedCompare.get(source, id) as unknown[] | undefined;
    return row?.slice(1);
  }
}

interface Candidate {
  norad_id: number;
  source: string;
  epoch_ms: number;
  format: string;
}

interface CurrentRow {
  norad_id: number;
  source: string;
  groups: string;
  std_mag: number | null;
  updated_ms: number;
}

/** One source's write, as `recompute` needs to know it. */
interface SourceChange {
  name: string;
  /** Its sets before the write, in `COMPARE_COLUMNS` order. */
  old: Map<number, CompareValues>;
  fresh: Map<number, ElementSet>;
  /** Ids whose set was added, removed, or changed in its elements or only its metadata. */
  kinds: Map<number, 'added' | 'removed' | 'elements' | 'metadata'>;
}

function sourceFromRow(r: SourceRow): SourceState {
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

function prepare(db: Database.Database) {
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
      `SELECT norad_id, source, epoch_ms, format FROM source_elements
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
