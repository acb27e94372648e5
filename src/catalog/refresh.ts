/**
 * Refreshing sources: CelesTrak's policy (2-hour floor per query, "not updated" answers,
 * exponential backoff after errors), all-or-nothing loading per source, and the drop rule.
 */
import { describeIssue } from './body.js';
import { type FetchedBody, fetchSource } from './fetch.js';
import { localLoader, type SourceLoader } from './loader.js';
import type { CatalogRecord } from './records.js';
import type { RefreshRequest, RefreshSettings, SourceReport } from './refresh-types.js';
import {
  backoffMs,
  isNetworkReason,
  NETWORK_PREFIX,
  NetworkRetries,
  networkRetryMs,
  nextAttempt,
  type SetTimer,
  skipReason,
} from './retry.js';
import { matchSources, type SourceSpec } from './sources.js';
import type { CatalogStore, ObjectChanges, ReplaceSourceResult, SourceState } from './store.js';

export type { RefreshRequest, RefreshSettings, SourceReport } from './refresh-types.js';

export interface RefresherOptions {
  store: CatalogStore;
  sources: readonly SourceSpec[];
  settings: RefreshSettings;
  /** Current time, epoch ms. */
  clock: () => number;
  fetch?: typeof fetch;
  /** Told about every source's outcome, skipped ones included. */
  onOutcome?: (report: SourceReport) => void;
  /** Told after a commit that changed objects, with their new records. */
  onCommit?: (source: string, changes: ObjectChanges, records: CatalogRecord[]) => void;
  /**
   * Schedules the retry after a network failure (`unrefTimer` in the server); returns a
   * function that cancels it. Absent or null: retries are left to the caller's schedule.
   */
  setTimer?: SetTimer | null;
  /**
   * Judges a fetched body and writes what it accepts: in this thread through `store` by default
   * (`localLoader`); the server passes one that does both on a worker thread with its own store
   * connection (`RefreshThread`), with the same verdicts and the same rows.
   */
  loader?: SourceLoader;
}

/** A source's configuration and persisted state, for status pages. */
export interface SourceStatus {
  spec: SourceSpec;
  state: SourceState | null;
  nextAttemptMs: number;
}

/** The names given to `refresh` do not match any configured source. */
export class UnknownSourceError extends Error {
  override readonly name = 'UnknownSourceError';
}

const ACCEPT_DROP_KEY = 'accept-drop:';

/** Runs refreshes, one at a time. */
export class Refresher {
  private readonly options: RefresherOptions;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stopping = new AbortController();
  /** Failures the store could not record (a full disk), by source, until one is recorded. */
  private readonly unrecorded = new Map<string, { atMs: number; reason: string }>();
  /** Pending network-failure retries by source name. */
  private readonly retries: NetworkRetries;
  private readonly loader: SourceLoader;
  private writes = 0;
  private readonly written: { before: number; after: number }[] = [];

  constructor(options: RefresherOptions) {
    this.options = options;
    this.loader = options.loader ?? localLoader(options.store);
    this.retries = new NetworkRetries(options.setTimer ?? null, options.clock);
  }

  get sources(): readonly SourceSpec[] {
    return this.options.sources;
  }

  /**
   * Refresh every due source (or the named ones), one after another; one source failing never
   * stops the others. Calls made while a refresh runs wait for it.
   *
   * @throws UnknownSourceError when a requested name matches no source.
   */
  refresh(request: RefreshRequest = {}): Promise<SourceReport[]> {
    const specs = this.select(request.sources);
    const run = this.queue.then(() => this.run(specs, request));
    this.queue = run.catch(() => {});
    return run;
  }

  /** Resolves when no refresh is running. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /**
   * Stop: abort requests in flight (their sources are reported `skipped`, not failed) and skip
   * whatever is still queued. Resolves when the running refresh has ended.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.retries.stop();
    await this.idle();
  }

  /**
   * True from the start of a source's write until its records are handed to `onCommit`: a
   * reader watching the store for other processes' commits waits until it is false.
   */
  get writing(): boolean {
    return this.writes > 0;
  }

  /**
   * The store's objects version before and after each write this refresher committed since the
   * last call, oldest first (at most the last 100), and forgets them: with these a reader that
   * watches the store for other connections' commits tells its own writes from theirs.
   */
  takeWrittenVersions(): { before: number; after: number }[] {
    return this.written.splice(0);
  }

  /** Sources with a network-failure retry scheduled (for tests and status). */
  get pendingRetries(): string[] {
    return this.retries.sources;
  }

  /** Every source with its stored state and the earliest time it may be fetched again. */
  status(): SourceStatus[] {
    return this.options.sources.map((spec) => {
      const stored = this.options.store.sourceState(spec.name);
      const unrecorded = this.unrecorded.get(spec.name);
      // A failure the store could not record (a full disk) still shows until one is recorded.
      const state =
        stored && unrecorded && (stored.lastAttemptMs ?? 0) <= unrecorded.atMs
          ? {
              ...stored,
              lastOutcome: 'failed' as const,
              lastReason: unrecorded.reason,
              failures: stored.failures + 1,
            }
          : stored;
      return { spec, state, nextAttemptMs: nextAttempt(spec, state) };
    });
  }

  private select(names: readonly string[] | undefined): SourceSpec[] {
    if (names === undefined || names.length === 0) return [...this.options.sources];
    const out: SourceSpec[] = [];
    for (const name of names) {
      const found = matchSources(this.options.sources, name);
      if (found.length === 0) {
        throw new UnknownSourceError(
          `no source "${name}"; configured: ${this.options.sources.map((s) => s.name).join(', ')}`,
        );
      }
      for (const s of found) if (!out.includes(s)) out.push(s);
    }
    return out;
  }

  private async run(specs: SourceSpec[], request: RefreshRequest): Promise<SourceReport[]> {
    const reports: SourceReport[] = [];
    for (const spec of specs) {
      if (this.stopping.signal.aborted) break;
      let report: SourceReport;
      try {
        report = await this.refreshOne(spec, request);
      } catch (error) {
        const now = this.options.clock();
        const reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
        this.unrecorded.set(spec.name, { atMs: now, reason });
        report = {
          source: spec.name,
          outcome: 'failed',
          reason,
          startedMs: now,
          finishedMs: now,
          httpStatus: null,
          bytes: null,
          objects: null,
          issues: [],
          nextAttemptMs: now,
        };
      }
      reports.push(report);
      // After a network failure, refresh that source again when its short wait is over.
      if (report.networkFailure) {
        this.retries.schedule(report.source, report.nextAttemptMs, () => {
          this.refresh({ sources: [report.source] }).catch(() => {});
        });
      } else if (report.outcome !== 'skipped') {
        this.retries.cancel(report.source);
      }
      this.options.onOutcome?.(report);
    }
    return reports;
  }

  private async refreshOne(spec: SourceSpec, request: RefreshRequest): Promise<SourceReport> {
    const { store, settings, clock } = this.options;
    const startedMs = clock();
    const acceptKey = ACCEPT_DROP_KEY + spec.name;
    if (request.acceptDrop) store.setMeta(acceptKey, '1');
    const before = store.sourceState(spec.name);
    // A forced refresh of a CelesTrak source may skip only the wait after a network failure,
    // never the 2-hour rule after its last real contact with CelesTrak.
    const networkWait = before?.lastOutcome === 'failed' && isNetworkReason(before.lastReason);
    if (request.force && spec.celestrak && networkWait) {
      store.clearRetry(spec.name);
    }
    const force = Boolean(request.force) && !spec.celestrak;
    if (!store.claimAttempt(spec, startedMs, spec.minIntervalMs, force)) {
      const state = store.sourceState(spec.name);
      const next = nextAttempt(spec, state);
      return {
        source: spec.name,
        outcome: 'skipped',
        reason: skipReason(spec, state, next),
        startedMs,
        finishedMs: startedMs,
        httpStatus: null,
        bytes: null,
        objects: null,
        issues: [],
        nextAttemptMs: next,
      };
    }

    const base = {
      source: spec.name,
      startedMs,
      httpStatus: null as number | null,
      bytes: null as number | null,
    };
    const fail = (
      outcome: 'failed' | 'rejected',
      reason: string,
      issues: string[] = [],
      retryAfterMs: number | null = null,
      network = false,
    ): SourceReport => {
      const finishedMs = clock();
      const failures = (store.sourceState(spec.name)?.failures ?? 0) + 1;
      if (network) {
        // The server was never reached: this attempt does not count for its minimum interval,
        // and the retry comes soon (minutes, growing with each network failure in a row).
        const networkFailures = networkWait ? failures : 1;
        const retryAt = finishedMs + networkRetryMs(networkFailures, settings);
        store.restoreAttempt(spec.name, before?.lastAttemptMs ?? null);
        store.recordOutcome({
          source: spec.name,
          outcome,
          startedMs,
          finishedMs,
          failures: networkFailures,
          retryAfterMs: retryAt,
          reason: `${NETWORK_PREFIX}${reason}`,
          httpStatus: null,
          bytes: null,
          issues,
        });
        const floor =
          before?.lastAttemptMs === null || before?.lastAttemptMs === undefined
            ? 0
            : before.lastAttemptMs + spec.minIntervalMs;
        return {
          ...base,
          outcome,
          reason: `${NETWORK_PREFIX}${reason}`,
          finishedMs,
          objects: null,
          issues,
          nextAttemptMs: Math.max(retryAt, floor),
          networkFailure: true,
        };
      }
      const delay = Math.max(backoffMs(failures, settings), retryAfterMs ?? 0);
      const retryAt = finishedMs + delay;
      try {
        store.recordOutcome({
          source: spec.name,
          outcome,
          startedMs,
          finishedMs,
          failures,
          retryAfterMs: retryAt,
          reason,
          httpStatus: base.httpStatus,
          bytes: base.bytes,
          issues,
        });
        this.unrecorded.delete(spec.name);
      } catch (error) {
        this.unrecorded.set(spec.name, {
          atMs: finishedMs,
          reason: `${reason} (not recorded in the store: ${describeError(error)})`,
        });
      }
      return {
        ...base,
        outcome,
        reason,
        finishedMs,
        objects: null,
        issues,
        nextAttemptMs: Math.max(retryAt, startedMs + spec.minIntervalMs),
      };
    };

    const fetched = await fetchSource(spec, settings, {
      clock,
      signal: this.stopping.signal,
      fetch: this.options.fetch,
    });
    if (fetched.kind === 'failed') {
      return fail('failed', fetched.reason, [], null, fetched.network);
    }
    if (fetched.kind === 'aborted') {
      const finishedMs = clock();
      return {
        ...base,
        outcome: 'skipped',
        reason: 'request aborted: passwatch is stopping',
        finishedMs,
        objects: null,
        issues: [],
        nextAttemptMs: startedMs + spec.minIntervalMs,
      };
    }
    const body: FetchedBody = fetched.body;
    base.httpStatus = body.status;
    base.bytes = body.bytes;

    const verdict = await this.loader.judge(spec, body, settings.maxDropShare);
    if (verdict.kind === 'unchanged') {
      const finishedMs = clock();
      store.recordOutcome({
        source: spec.name,
        outcome: 'unchanged',
        startedMs,
        finishedMs,
        failures: 0,
        retryAfterMs: null,
        reason: verdict.message,
        httpStatus: body.status,
        bytes: body.bytes,
      });
      return {
        ...base,
        outcome: 'unchanged',
        reason: verdict.message,
        finishedMs,
        objects: null,
        issues: [],
        nextAttemptMs: startedMs + spec.minIntervalMs,
      };
    }
    if (verdict.kind === 'failed') {
      return fail('failed', verdict.reason, [], body.retryAfterMs);
    }
    if (verdict.kind === 'rejected') {
      return fail('rejected', verdict.reason, verdict.issues.map(describeIssue));
    }

    const issues = verdict.issues.map(describeIssue);
    const state = store.sourceState(spec.name);
    if (state?.origin === 'network' && state.objectCount > 0) {
      const before = store.sourceNoradIds(spec.name);
      const kept = new Set(verdict.noradIds);
      let lost = 0;
      for (const id of before) if (!kept.has(id)) lost++;
      const share = lost / before.size;
      if (share > settings.maxDropShare && store.getMeta(acceptKey) === null) {
        this.loader.discard(spec.name);
        return fail(
          'rejected',
          `would remove ${lost} of the ${before.size} objects (${pct(share)}), more than the ${pct(settings.maxDropShare)} allowed; the previous data stays (accept with "passwatch refresh --source ${spec.name} --accept-drop")`,
          issues,
        );
      }
    }

    const finishedMs = clock();
    const acceptedReason = issues.length
      ? `accepted ${verdict.noradIds.length} element sets; left out ${issues.length} bad record${issues.length === 1 ? '' : 's'}`
      : null;
    let result: ReplaceSourceResult;
    // From the write until its records are applied, `writing` is true (see there).
    this.writes++;
    try {
      try {
        result = await this.loader.write({
          source: spec,
          origin: 'network',
          outcome: 'updated',
          startedMs,
          finishedMs,
          historyDays: settings.historyDays,
          httpStatus: body.status,
          bytes: body.bytes,
          issues,
          reason: acceptedReason,
        });
      } catch (error) {
        // Nothing was committed (one transaction): the previous data stays. SQLITE_FULL is a full
        // disk (or a size limit); either way the refresh failed and says why.
        const code = (error as { code?: unknown }).code;
        const why = code === 'SQLITE_FULL' ? 'the disk is full' : describeError(error);
        return fail(
          'failed',
          `the elements could not be stored (${why}); the previous data stays`,
          issues,
        );
      }
      this.written.push(result.objectsVersion);
      if (this.written.length > 100) this.written.shift();
      this.unrecorded.delete(spec.name);
      store.deleteMeta(acceptKey);
      const { objects } = result;
      if (
        objects.added.length +
          objects.changed.length +
          objects.removed.length +
          objects.updated.length >
        0
      ) {
        this.options.onCommit?.(spec.name, objects, result.records);
      }
    } finally {
      this.writes--;
    }
    const { objects } = result;
    return {
      ...base,
      outcome: 'updated',
      reason: acceptedReason,
      finishedMs,
      objects: {
        before: result.before,
        after: result.after,
        added: objects.added.length,
        changed: objects.changed.length,
        removed: objects.removed.length,
      },
      issues,
      nextAttemptMs: startedMs + spec.minIntervalMs,
    };
  }
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
