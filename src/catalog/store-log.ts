/** The refresh log: one row per attempt of every source, kept in the catalog store. */
import type { LogRow, Statements } from './store-statements.js';
import type { RefreshLogEntry, RefreshOutcome } from './store-types.js';

/** Issues kept per refresh log entry. */
const MAX_LOGGED_ISSUES = 50;

/** Append an entry (its issues cut to the first 50). */
export function insertLogEntry(stmt: Statements, e: Omit<RefreshLogEntry, 'id'>): void {
  stmt.insertLog.run({
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

/** Entries, newest first: all sources or one, at most `limit` (100). */
export function readRefreshLog(
  stmt: Statements,
  options: { source?: string; limit?: number },
): RefreshLogEntry[] {
  const limit = options.limit ?? 100;
  const rows = (
    options.source === undefined
      ? stmt.logAll.all(limit)
      : stmt.logBySource.all(options.source, limit)
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
