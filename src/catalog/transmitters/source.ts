/**
 * The SatNOGS DB transmitter list as a refreshed source, with the element catalog's rules and
 * machinery: `fetchSource` (timeout, size cap, User-Agent), the catalog's backoff and its quick
 * retries after a network failure (1, 2, 4, 8, then every 15 minutes), all-or-nothing
 * commits in the catalog store (last good list kept in its `meta` table), the refresh log, and
 * the bundled list until the first good download.
 */
import { type FetchedBody, fetchSource } from '../fetch.js';
import type { RefreshSettings, SourceReport } from '../refresh.js';
import {
  backoffMs,
  isNetworkReason,
  NETWORK_PREFIX,
  NetworkRetries,
  networkRetryMs,
  type SetTimer,
} from '../retry.js';
import type { SourceSpec } from '../sources.js';
import type { CatalogStore, DataOrigin, RefreshOutcome } from '../store.js';
import { BUNDLED_TRANSMITTERS_DATE, readBundledTransmitters } from './bundled.js';
import {
  byNoradId,
  parseTransmitterList,
  type Transmitter,
  TransmitterListError,
} from './parse.js';

/** The source's name in the refresh log and `/v1/catalog`. */
export const TRANSMITTER_SOURCE_NAME = 'satnogs:transmitters';

/** `${base}/api/transmitters/?format=json`. */
export function satnogsTransmittersUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/transmitters/?format=json`;
}

const DATA_KEY = 'transmitters:data';
const STATE_KEY = 'transmitters:state';

export interface TransmitterSourceOptions {
  store: CatalogStore;
  /** SatNOGS DB base URL (`https://db.satnogs.org`). */
  baseUrl: string;
  settings: Pick<
    RefreshSettings,
    | 'timeoutMs'
    | 'maxBytes'
    | 'backoffBaseMs'
    | 'backoffMaxMs'
    | 'maxDropShare'
    | 'userAgent'
    | 'networkRetryBaseMs'
    | 'networkRetryMaxMs'
  >;
  /** Least time between two downloads, ms. */
  minIntervalMs: number;
  clock: () => number;
  fetch?: typeof fetch;
  /** The bundled list's path (tests). */
  bundledPath?: string;
  onOutcome?: (report: SourceReport) => void;
  /**
   * Schedules the retry after a network failure (`unrefTimer` in the server). Absent: retries
   * are left to the daily job.
   */
  setTimer?: SetTimer;
}

/** The source's persisted refresh state. */
export interface TransmitterSourceState {
  lastAttemptMs: number | null;
  lastSuccessMs: number | null;
  lastOutcome: RefreshOutcome | null;
  lastReason: string | null;
  failures: number;
  retryAfterMs: number | null;
}

/** What `/v1/catalog` shows of the transmitter list. */
export interface TransmitterSourceStatus extends TransmitterSourceState {
  name: string;
  url: string;
  /** `snapshot`: the bundled list of 2026-08-08; `network`: the last good download. */
  origin: DataOrigin;
  /** When the list in use was fetched (the bundled list: its date). */
  dataAsOf: string;
  transmitters: number;
  satellites: number;
  nextAttemptMs: number;
}

interface StoredData {
  fetchedMs: number;
  transmitters: Transmitter[];
}

const EMPTY_STATE: TransmitterSourceState = {
  lastAttemptMs: null,
  lastSuccessMs: null,
  lastOutcome: null,
  lastReason: null,
  failures: 0,
  retryAfterMs: null,
};

/** The transmitter list in memory, refreshed from SatNOGS DB. */
export class TransmitterSource {
  private readonly options: TransmitterSourceOptions;
  private readonly spec: SourceSpec;
  private origin: DataOrigin = 'snapshot';
  private dataAsOf = BUNDLED_TRANSMITTERS_DATE;
  private list: Transmitter[] = [];
  private bySatellite = new Map<number, Transmitter[]>();
  private byUuid = new Map<string, Transmitter>();
  private queue: Promise<unknown> = Promise.resolve();
  private loaded = false;
  private readonly stopping = new AbortController();
  private readonly retries: NetworkRetries;

  constructor(options: TransmitterSourceOptions) {
    this.options = options;
    this.retries = new NetworkRetries(options.setTimer ?? null, options.clock);
    this.spec = {
      name: TRANSMITTER_SOURCE_NAME,
      kind: 'url',
      location: satnogsTransmittersUrl(options.baseUrl),
      format: 'auto',
      groups: [],
      celestrak: false,
      minIntervalMs: options.minIntervalMs,
    };
  }

  /** Read the last good list from the store, or the bundled one, on first use. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    const stored = this.options.store.getMeta(DATA_KEY);
    if (stored !== null) {
      const data = JSON.parse(stored) as StoredData;
      this.use(data.transmitters, 'network', new Date(data.fetchedMs).toISOString());
    } else {
      this.use(
        readBundledTransmitters(this.options.bundledPath).transmitters,
        'snapshot',
        BUNDLED_TRANSMITTERS_DATE,
      );
    }
  }

  /** All transmitters of a satellite (empty when it has none). */
  forSatellite(noradId: number): readonly Transmitter[] {
    this.load();
    return this.bySatellite.get(noradId) ?? [];
  }

  /** One transmitter by its SatNOGS uuid. */
  get(uuid: string): Transmitter | undefined {
    this.load();
    return this.byUuid.get(uuid);
  }

  get size(): number {
    this.load();
    return this.list.length;
  }

  status(): TransmitterSourceStatus {
    this.load();
    const state = this.state();
    return {
      name: TRANSMITTER_SOURCE_NAME,
      url: this.spec.location,
      origin: this.origin,
      dataAsOf: this.dataAsOf,
      transmitters: this.list.length,
      satellites: this.bySatellite.size,
      ...state,
      nextAttemptMs: this.nextAttempt(state),
    };
  }

  /**
   * Download the list when due (or now with `force`, which still respects a server's
   * Retry-After through the backoff only when not forced). All or nothing: a failed, refused or
   * suspicious body leaves the current list in place.
   */
  refresh(request: { force?: boolean } = {}): Promise<SourceReport> {
    const run = this.queue.then(() => this.refreshOne(Boolean(request.force)));
    this.queue = run.catch(() => {});
    return run.then((report) => {
      // After a network failure, try again when its short wait is over.
      if (report.networkFailure) {
        this.retries.schedule(TRANSMITTER_SOURCE_NAME, report.nextAttemptMs, () => {
          this.refresh().catch(() => {});
        });
      } else if (report.outcome !== 'skipped') {
        this.retries.cancel(TRANSMITTER_SOURCE_NAME);
      }
      this.options.onOutcome?.(report);
      return report;
    });
  }

  /** Resolves when no download is running. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** A network-failure retry is pending (for tests and status). */
  get retryPending(): boolean {
    return this.retries.sources.length > 0;
  }

  /** Abort a download in flight, cancel a pending retry, and wait for the download to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.retries.stop();
    await this.queue;
  }

  private use(list: Transmitter[], origin: DataOrigin, asOf: string): void {
    this.list = list;
    this.bySatellite = byNoradId(list);
    this.byUuid = new Map(list.map((t) => [t.uuid, t]));
    this.origin = origin;
    this.dataAsOf = asOf;
  }

  private state(): TransmitterSourceState {
    const raw = this.options.store.getMeta(STATE_KEY);
    return raw === null ? { ...EMPTY_STATE } : { ...EMPTY_STATE, ...(JSON.parse(raw) as object) };
  }

  private nextAttempt(state: TransmitterSourceState): number {
    const afterInterval =
      state.lastAttemptMs === null ? 0 : state.lastAttemptMs + this.options.minIntervalMs;
    return Math.max(afterInterval, state.retryAfterMs ?? 0);
  }

  private async refreshOne(force: boolean): Promise<SourceReport> {
    this.load();
    const { store, settings, clock } = this.options;
    const startedMs = clock();
    const before = this.list.length;
    const report = (
      outcome: RefreshOutcome,
      reason: string | null,
      extra: Partial<SourceReport> = {},
    ): SourceReport => ({
      source: TRANSMITTER_SOURCE_NAME,
      outcome,
      reason,
      startedMs,
      finishedMs: clock(),
      httpStatus: null,
      bytes: null,
      objects: null,
      issues: [],
      nextAttemptMs: this.nextAttempt(this.state()),
      ...extra,
    });

    // Claim the attempt atomically (two processes sharing a store never both download).
    const claimed = store.transaction(() => {
      const state = this.state();
      if (!force && startedMs < this.nextAttempt(state)) return null;
      store.setMeta(STATE_KEY, JSON.stringify({ ...state, lastAttemptMs: startedMs }));
      return state;
    });
    if (claimed === null) {
      const state = this.state();
      const at = new Date(this.nextAttempt(state)).toISOString();
      const why =
        state.failures > 0 && isNetworkReason(state.lastReason)
          ? `waiting after ${state.failures} network failure${state.failures === 1 ? '' : 's'} in a row (last: ${state.lastReason}); next attempt at ${at}`
          : state.failures > 0
            ? `backing off after ${state.failures} failed attempt${state.failures === 1 ? '' : 's'} in a row (last: ${state.lastReason ?? 'unknown'}); next attempt at ${at}`
            : `fetched less than ${this.options.minIntervalMs / 60_000} min ago; next attempt at ${at}`;
      return report('skipped', why);
    }

    let httpStatus: number | null = null;
    let bytes: number | null = null;
    /** Store a failed or rejected attempt's state and log entry; the list in use stays. */
    const record = (
      outcome: 'failed' | 'rejected',
      reason: string,
      r: {
        failures: number;
        retryAfterMs: number;
        lastAttemptMs: number | null;
        issues: string[];
        finishedMs: number;
      },
    ): SourceReport => {
      const { issues, finishedMs } = r;
      store.transaction(() => {
        store.setMeta(
          STATE_KEY,
          JSON.stringify({
            ...claimed,
            lastAttemptMs: r.lastAttemptMs,
            lastOutcome: outcome,
            lastReason: reason,
            failures: r.failures,
            retryAfterMs: r.retryAfterMs,
          } satisfies TransmitterSourceState),
        );
        store.logRefresh({
          source: TRANSMITTER_SOURCE_NAME,
          startedMs,
          finishedMs,
          outcome,
          httpStatus,
          bytes,
          objectsBefore: before,
          objectsAfter: before,
          added: 0,
          changed: 0,
          removed: 0,
          issues: issues.length,
          reason,
          details: issues.slice(0, 50),
        });
      });
      return report(outcome, reason, { httpStatus, bytes, issues, finishedMs });
    };
    const fail = (
      outcome: 'failed' | 'rejected',
      reason: string,
      issues: string[] = [],
      retryAfterMs: number | null = null,
    ): SourceReport => {
      const finishedMs = clock();
      const failures = claimed.failures + 1;
      const retryAt = finishedMs + Math.max(backoffMs(failures, settings), retryAfterMs ?? 0);
      return record(outcome, reason, {
        failures,
        retryAfterMs: retryAt,
        lastAttemptMs: startedMs,
        issues,
        finishedMs,
      });
    };
    /**
     * The server was never reached: the attempt does not count for the minimum interval, and
     * the retry comes soon (minutes, growing with each network failure in a row).
     */
    const failNetwork = (message: string): SourceReport => {
      const finishedMs = clock();
      const networkWait = claimed.lastOutcome === 'failed' && isNetworkReason(claimed.lastReason);
      const failures = networkWait ? claimed.failures + 1 : 1;
      const report = record('failed', `${NETWORK_PREFIX}${message}`, {
        failures,
        retryAfterMs: finishedMs + networkRetryMs(failures, settings),
        lastAttemptMs: claimed.lastAttemptMs,
        issues: [],
        finishedMs,
      });
      return { ...report, networkFailure: true };
    };

    const fetched = await fetchSource(this.spec, settings, {
      clock,
      signal: this.stopping.signal,
      fetch: this.options.fetch,
    });
    if (fetched.kind === 'aborted') {
      return report('skipped', 'request aborted: passwatch is stopping');
    }
    if (fetched.kind === 'failed') {
      return fetched.network ? failNetwork(fetched.reason) : fail('failed', fetched.reason);
    }
    const body: FetchedBody = fetched.body;
    httpStatus = body.status;
    bytes = body.bytes;
    if (body.status !== null && (body.status < 200 || body.status > 299)) {
      return fail('failed', `HTTP ${body.status}`, [], body.retryAfterMs);
    }
    const text = body.text.trim();
    if (text === '') return fail('rejected', 'empty body');
    if (/^<(!doctype|html)/i.test(text)) return fail('rejected', 'HTML page instead of JSON');
    let parsed: ReturnType<typeof parseTransmitterList>;
    try {
      parsed = parseTransmitterList(text);
    } catch (error) {
      if (error instanceof TransmitterListError) return fail('rejected', error.message);
      throw error;
    }
    const issues = parsed.issues.map(
      (i) => `record ${i.index}${i.uuid ? ` (${i.uuid})` : ''}: ${i.reason}`,
    );
    const total = parsed.transmitters.length + parsed.issues.length;
    if (parsed.transmitters.length === 0) {
      return fail('rejected', 'no usable transmitter in the body', issues);
    }
    if (parsed.issues.length / total > settings.maxDropShare) {
      return fail(
        'rejected',
        `${parsed.issues.length} of ${total} records are bad, more than the ${Math.round(settings.maxDropShare * 100)}% allowed`,
        issues,
      );
    }
    const next = new Map(parsed.transmitters.map((t) => [t.uuid, t]));
    let removed = 0;
    let changed = 0;
    for (const [uuid, old] of this.byUuid) {
      const now = next.get(uuid);
      if (!now) removed++;
      else if (JSON.stringify(now) !== JSON.stringify(old)) changed++;
    }
    const added = parsed.transmitters.length - (before - removed);
    if (this.origin === 'network' && before > 0 && removed / before > settings.maxDropShare) {
      return fail(
        'rejected',
        `would remove ${removed} of the ${before} transmitters, more than the ${Math.round(settings.maxDropShare * 100)}% allowed; the previous list stays`,
        issues,
      );
    }
    const finishedMs = clock();
    const reason = issues.length
      ? `accepted ${parsed.transmitters.length} transmitters; left out ${issues.length} bad record${issues.length === 1 ? '' : 's'}`
      : null;
    store.transaction(() => {
      store.setMeta(
        DATA_KEY,
        JSON.stringify({
          fetchedMs: finishedMs,
          transmitters: parsed.transmitters,
        } satisfies StoredData),
      );
      store.setMeta(
        STATE_KEY,
        JSON.stringify({
          lastAttemptMs: startedMs,
          lastSuccessMs: finishedMs,
          lastOutcome: 'updated',
          lastReason: reason,
          failures: 0,
          retryAfterMs: null,
        } satisfies TransmitterSourceState),
      );
      store.logRefresh({
        source: TRANSMITTER_SOURCE_NAME,
        startedMs,
        finishedMs,
        outcome: 'updated',
        httpStatus,
        bytes,
        objectsBefore: before,
        objectsAfter: parsed.transmitters.length,
        added,
        changed,
        removed,
        issues: issues.length,
        reason,
        details: issues.slice(0, 50),
      });
    });
    this.use(parsed.transmitters, 'network', new Date(finishedMs).toISOString());
    return report('updated', reason, {
      httpStatus,
      bytes,
      issues,
      finishedMs,
      objects: { before, after: parsed.transmitters.length, added, changed, removed },
    });
  }
}
