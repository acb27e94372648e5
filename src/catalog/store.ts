/**
 * The durable catalog: SQLite (better-sqlite3) in WAL mode. Each source's element sets are
 * replaced in one transaction together with the objects they affect, the history and the refresh
 * log, so a crash leaves either the old or the new data of that source, never a mix.
 *
 * Its pieces: the public types (`store-types.ts`), the SQL (`store-statements.ts`), which set is
 * current for each object (`store-recompute.ts`), the refresh log (`store-log.ts`), the schema
 * and its migrations (`schema.ts`).
 */
import type Database from 'better-sqlite3';
import type { ElementSet } from '../core/elements/index.js';
import {
  type CatalogRecord,
  type CompareValues,
  compareValues,
  difference,
  type ElementRow,
  elementFromRow,
  elementParams,
  type ObjectRow,
  recordFromRow,
} from './records.js';
import { migrate } from './schema.js';
import { openSqliteFile } from './sqlite-file.js';
import { insertLogEntry, readRefreshLog } from './store-log.js';
import { recompute, type SourceChange } from './store-recompute.js';
import { prepare, type SourceRow, type Statements, sourceFromRow } from './store-statements.js';
import type {
  ObjectChanges,
  OutcomeInput,
  RefreshLogEntry,
  ReplaceSourceInput,
  ReplaceSourceResult,
  SourceIdentity,
  SourceState,
  StoreHooks,
  StoreOptions,
} from './store-types.js';

export type {
  DataOrigin,
  ObjectChanges,
  OutcomeInput,
  RefreshLogEntry,
  RefreshOutcome,
  ReplaceSourceInput,
  ReplaceSourceResult,
  SourceIdentity,
  SourceState,
  StoreHooks,
  StoreOptions,
  TransactionStage,
} from './store-types.js';

const DAY_MS = 86_400_000;
/** Meta key of the objects' version (see `objectsVersion`). */
const OBJECTS_VERSION_KEY = 'objects-version';
/** The SQLite catalog store. One per process and data file; other processes may share the file. */
export class CatalogStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly magnitudes: (noradId: number, meanMotionRevPerDay: number) => number | null;
  private readonly hooks: StoreHooks;
  private readonly stmt: Statements;

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

  /**
   * A number every write that changes the objects (a source's write, `syncSources`) raises in its
   * own transaction, whichever connection or process commits it: a reader that has applied the
   * write that committed version N need not reload while the store still says N.
   */
  objectsVersion(): number {
    return Number(this.getMeta(OBJECTS_VERSION_KEY) ?? 0);
  }

  private raiseObjectsVersion(): number {
    const next = this.objectsVersion() + 1;
    this.setMeta(OBJECTS_VERSION_KEY, String(next));
    return next;
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
      const result = recompute(this.stmt, this.magnitudes, affected, nowMs, null);
      if (result.records.length + result.changes.removed.length > 0) this.raiseObjectsVersion();
      return result;
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
      const { changes: objects, records } = recompute(
        this.stmt,
        this.magnitudes,
        new Set(change.kinds.keys()),
        now,
        change,
      );
      hook?.('objects-updated', name);
      const before = this.objectsVersion();
      const changed = records.length + objects.removed.length > 0;
      const after = changed ? this.raiseObjectsVersion() : before;
      this.stmt.pruneHistory.run(now - input.historyDays * DAY_MS);
      insertLogEntry(this.stmt, {
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
        objectsVersion: { before, after },
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
      insertLogEntry(this.stmt, {
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
    return readRefreshLog(this.stmt, options);
  }

  /**
   * Add an entry to the refresh log for a source that keeps its data outside the element tables
   * (the SatNOGS transmitter list).
   */
  logRefresh(entry: Omit<RefreshLogEntry, 'id'>): void {
    insertLogEntry(this.stmt, entry);
  }
}
