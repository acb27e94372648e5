/** The catalog store's public types: its options, sources' state, writes and their outcomes. */
import type { ElementSet } from '../core/elements/index.js';
import type { CatalogRecord } from './records.js';
import type { SourceKind } from './sources.js';

/** Stages inside a source's write transaction, reported to `StoreHooks.inTransaction`. */
export type TransactionStage = 'elements-removed' | 'elements-written' | 'objects-updated';

export interface StoreHooks {
  /**
   * Called inside a source's write transaction, before it commits. Crash tests use it to kill
   * the process with the transaction open; it must not touch the store. Called on the thread
   * that writes; when the write runs on a worker thread (`RefreshThread`), it is called on the
   * thread that asked for the write while the worker waits, transaction open, until the returned
   * promise settles.
   */
  inTransaction?: (stage: TransactionStage, source: string) => void | Promise<void>;
}

export interface StoreOptions {
  /**
   * Standard magnitude of an object whose current elements have this mean motion (rev/day),
   * stored as object metadata: the choice of source depends on the orbit.
   */
  magnitudes?: (noradId: number, meanMotionRevPerDay: number) => number | null;
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
  /** `CatalogStore.objectsVersion()` as this write found it, and as it committed it. */
  objectsVersion: { before: number; after: number };
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
