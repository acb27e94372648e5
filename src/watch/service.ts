/**
 * The catalog watch: after every catalog change (a refresh, an import, another process) and once
 * over the stored history, it finds new objects and launches, decays and manoeuvres and stores
 * them as events (`WatchStore`). Detection runs after the change in time-based slices (`Slices`),
 * each its own transaction: a process killed mid-run keeps whole slices, and the next run (a
 * restart's scan over the store) finds the rest. It never blocks or fails a refresh; a run that
 * fails is redone over the whole store at the next change or after a backoff, whichever comes
 * first; running it twice stores nothing twice.
 */
import type {
  CatalogChange,
  CatalogRecord,
  CatalogStore,
  Catalog as CatalogType,
} from '../catalog/index.js';
import { type SliceOptions, Slices } from '../compute/slices.js';
import type { ElementSet } from '../core/elements/index.js';
import type { Orbit } from '../core/orbit/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { type ConjunctionQuery, type ConjunctionResult, screenCatalog } from './conjunctions.js';
import { orbitShape } from './detect.js';
import { launchVisibility } from './launch-visibility.js';
import { EventRecorder } from './record.js';
import type { WatchSettings } from './settings.js';
import type { EventQuery, WatchEvent, WatchStore } from './store.js';

/** Work between yields to the event loop, ms (each slice is one transaction). */
const SLICE_MS = 10;
/** First retry of a failed detection run, ms; doubled after each failure up to `RETRY_MAX_MS`. */
const RETRY_MS = 60_000;
const RETRY_MAX_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MEMO_SIZE = 16;
const BASELINE_KEY = 'baseline_ms';
const HISTORY_SCAN_KEY = 'history_scan_ms';

export type WatchLog = (event: { event: string } & Record<string, unknown>) => void;

export interface WatchOptions {
  settings: WatchSettings;
  store: WatchStore;
  /** The catalog store, for element history. */
  catalogStore: Pick<CatalogStore, 'history'>;
  catalog: CatalogType;
  clock: () => number;
  log: WatchLog;
  /** The configuration's named observers: where new launches are first visible from. */
  observers?: ObserversSettings;
  /** New events, after they are stored (the alerts hook). */
  onEvents?: (events: WatchEvent[]) => void;
  /** How detection runs yield (default: every 10 ms of work); tests count the yields. */
  slices?: Omit<SliceOptions, 'signal'>;
  /** First retry of a failed run, ms (default 60 s, doubling up to an hour). */
  retryMs?: number;
}

/** One element set of an object's history, as the API shows it. */
export interface HistoryPoint {
  elements: ElementSet;
  source: string | null;
  current: boolean;
  perigeeKm: number;
  apogeeKm: number;
  periodMinutes: number;
}

export class Watch {
  readonly store: WatchStore;
  private readonly options: WatchOptions;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  /** A run failed: the next one scans the whole store (`scanStored`) first. */
  private failed = false;
  private retryDelayMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly memo = new Map<string, Promise<ConjunctionResult>>();

  constructor(options: WatchOptions) {
    this.options = options;
    this.store = options.store;
    this.retryDelayMs = options.retryMs ?? RETRY_MS;
  }

  /** The `watch` settings section it runs with. */
  get settings(): WatchSettings {
    return this.options.settings;
  }

  /** Follow catalog changes, and scan what is stored now. Resolves once listening. */
  start(): void {
    this.unsubscribe = this.options.catalog.onChange((change) => {
      void this.enqueue(async () => {
        if (this.failed) await this.redo();
        await this.onChange(change);
        await this.screenConfigured();
      });
    });
    void this.enqueue(async () => {
      await this.scanStored();
      await this.screenConfigured();
    });
  }

  /** Wait for queued detection runs. */
  idle(): Promise<void> {
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.queue;
  }

  /**
   * Run `job` after the ones queued before it; errors are logged, never thrown. After a failure
   * the whole store is scanned again (`scanStored`, idempotent) at the next change, or after a
   * backoff if no change comes first.
   */
  enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (this.stopped) return;
      try {
        await job();
      } catch (error) {
        this.options.log({
          event: 'error',
          where: 'catalog watch',
          message: (error as Error).message,
        });
        this.failed = true;
        this.scheduleRetry();
      }
    });
    return this.queue;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(RETRY_MAX_MS, delay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.failed) void this.enqueue(() => this.redo());
    }, delay);
    this.retryTimer.unref();
  }

  /** Redo what a failed run missed: a scan over everything stored. */
  private async redo(): Promise<void> {
    this.options.log({ event: 'watch', run: 'retry after a failed run' });
    await this.scanStored();
    this.failed = false;
    this.retryDelayMs = this.options.retryMs ?? RETRY_MS;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * Close approaches of one satellite with the whole catalog (memoised per catalog version and
   * query). Rejects with `ConjunctionError` when the satellite is not in the catalog.
   */
  conjunctions(q: ConjunctionQuery): Promise<ConjunctionResult> {
    const key = `${this.options.catalog.version}:${q.noradId}:${q.startMs}:${q.days}:${q.maxKm}`;
    let hit = this.memo.get(key);
    if (!hit) {
      hit = screenCatalog(this.options.catalog, q);
      hit.catch(() => this.memo.delete(key));
      this.memo.set(key, hit);
      while (this.memo.size > MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
    }
    return hit;
  }

  /** Screen the configured satellites and store their approaches as `conjunction.upcoming`. */
  async screenConfigured(): Promise<number> {
    const c = this.options.settings.conjunctions;
    const recorder = this.recorder();
    for (const id of c.satellites) {
      if (this.stopped || !this.options.catalog.has(id)) continue;
      let result: ConjunctionResult;
      try {
        result = await this.conjunctions({
          noradId: id,
          startMs: Math.floor(recorder.nowMs / 60_000) * 60_000,
          days: c.days,
          maxKm: c.maxKm,
        });
      } catch (error) {
        this.options.log({
          event: 'error',
          where: 'conjunction screening',
          noradId: id,
          message: (error as Error).message,
        });
        continue;
      }
      if (this.stopped) return 0;
      recorder.approaches(result);
      this.options.log({
        event: 'watch',
        run: 'conjunctions',
        noradId: id,
        approaches: result.approaches.length,
        events: recorder.found.length,
        ms: Math.round(result.elapsedMs),
      });
    }
    this.publish(recorder.found);
    return recorder.found.length;
  }

  events(query: EventQuery): WatchEvent[] {
    return this.store.events(query);
  }

  /** An object's element sets, oldest first, the current one last (when it has one). */
  elementHistory(
    noradId: number,
  ): { elements: ElementSet; source: string | null; current: boolean }[] {
    const seen = new Set<string>();
    const out: { elements: ElementSet; source: string | null; current: boolean }[] = [];
    const current = this.options.catalog.record(noradId);
    for (const h of this.options.catalogStore.history(noradId)) {
      if (seen.has(h.elements.epochIso)) continue;
      if (current && h.elements.epochIso === current.elements.epochIso) continue;
      seen.add(h.elements.epochIso);
      out.push({ elements: h.elements, source: h.source, current: false });
    }
    out.reverse();
    if (current) out.push({ elements: current.elements, source: current.source, current: true });
    return out;
  }

  /** The history with each set's perigee, apogee and period. */
  history(noradId: number): HistoryPoint[] {
    return this.elementHistory(noradId).map((h) => ({ ...h, ...orbitShape(h.elements) }));
  }

  /**
   * Scan the stored catalog and history: the first time, remember every object (no "new"
   * events for what was there before the watch); every time, manoeuvres between stored sets and
   * decays of current sets. Idempotent.
   */
  async scanStored(): Promise<number> {
    const recorder = this.recorder();
    const { nowMs } = recorder;
    const records = this.options.catalog.records();
    if (records.length === 0) return 0;
    const slices = this.slices();
    const baseline = this.store.getMeta(BASELINE_KEY) === null;
    if (baseline) {
      // Set once every object is remembered: a run killed before redoes the baseline.
      await this.inSlices(slices, records, (rec) =>
        this.store.rememberObject(rec.noradId, rec.groups, nowMs),
      );
      if (this.stopped) return 0;
      this.store.setMeta(BASELINE_KEY, String(nowMs));
    } else {
      await this.newObjects(slices, recorder, records);
    }
    await this.inSlices(slices, records, (rec) => {
      const history = this.elementHistory(rec.noradId).map((h) => h.elements);
      for (let i = 1; i < history.length; i++) {
        recorder.manoeuvre(rec, history[i - 1]!, history[i]!);
      }
      recorder.decays(rec, history);
    });
    if (!this.stopped) this.store.setMeta(HISTORY_SCAN_KEY, String(nowMs));
    this.publish(recorder.found);
    this.options.log({
      event: 'watch',
      run: 'stored history',
      objects: records.length,
      events: recorder.found.length,
      baseline,
      ms: this.options.clock() - nowMs,
    });
    return recorder.found.length;
  }

  /** Detection for one catalog change. */
  async onChange(change: CatalogChange): Promise<number> {
    if (this.store.getMeta(BASELINE_KEY) === null) {
      await this.scanStored();
      return 0;
    }
    const recorder = this.recorder();
    const { nowMs } = recorder;
    const slices = this.slices();
    await this.newObjects(slices, recorder, this.records([...change.added, ...change.updated]));
    await this.inSlices(slices, this.records(change.changed), (rec) => {
      const history = this.elementHistory(rec.noradId).map((h) => h.elements);
      const n = history.length;
      if (n >= 2) recorder.manoeuvre(rec, history[n - 2]!, history[n - 1]!);
      recorder.decays(rec, history);
    });
    await this.inSlices(slices, this.records(change.added), (rec) => {
      recorder.decays(rec, [rec.elements]);
    });
    await this.inSlices(slices, change.removed, (id) => {
      recorder.leftCatalog(
        id,
        this.elementHistory(id).map((h) => h.elements),
      );
    });
    this.publish(recorder.found);
    if (recorder.found.length > 0 || change.changed.length > 0) {
      this.options.log({
        event: 'watch',
        run: 'catalog change',
        sources: change.sources,
        events: recorder.found.length,
        ms: this.options.clock() - nowMs,
      });
    }
    return recorder.found.length;
  }

  private slices(): Slices {
    return new Slices({ sliceMs: SLICE_MS, ...this.options.slices });
  }

  private recorder(): EventRecorder {
    return new EventRecorder(this.store, this.options.settings, this.options.clock());
  }

  /** The catalog records of these ids (those still in it). */
  private records(ids: readonly number[]): CatalogRecord[] {
    return ids
      .map((id) => this.options.catalog.record(id))
      .filter((x): x is CatalogRecord => x !== undefined);
  }

  /**
   * New objects (first seen in the catalog or in a group) and their launches. An object is
   * remembered in the transaction that stores its events, so a run killed midway leaves the rest
   * new. Then each launch of the last `launches.days` without it (those found in this run, or by
   * a run stopped before this step) gets when it is first visible from each named observer.
   */
  private async newObjects(
    slices: Slices,
    recorder: EventRecorder,
    records: readonly CatalogRecord[],
  ) {
    await this.inSlices(slices, records, (rec) => recorder.newObject(rec));
    const { launches } = this.options.settings;
    const sinceMs = recorder.nowMs - launches.days * DAY_MS;
    for (const launch of this.store.launchesWithoutVisibility(sinceMs)) {
      if (this.stopped) return;
      await slices.pause();
      const members = this.records((launch.details.members as number[] | undefined) ?? []);
      const visibility = await launchVisibility(members, this.options.observers ?? {}, {
        ...launches,
        fromMs: recorder.nowMs,
        staleAfterDays: this.options.catalog.staleAfterDays,
        orbit: (r) => this.orbitOf(r.noradId),
      });
      const details = { ...launch.details, visibility };
      this.store.updateDetails(launch.key, details);
      const found = recorder.found.find((e) => e.key === launch.key);
      if (found) found.details = details;
    }
  }

  private orbitOf(noradId: number): Orbit | null {
    try {
      return this.options.catalog.orbit(noradId) ?? null;
    } catch {
      return null;
    }
  }

  private publish(found: WatchEvent[]): void {
    if (found.length === 0 || !this.options.onEvents) return;
    try {
      this.options.onEvents(found);
    } catch (error) {
      this.options.log({
        event: 'error',
        where: 'catalog watch listener',
        message: (error as Error).message,
      });
    }
  }

  /**
   * `fn` over `items` in slices of `slices`' length, each slice one transaction; stops between
   * slices once the watch is stopped.
   */
  private async inSlices<T>(
    slices: Slices,
    items: readonly T[],
    fn: (item: T) => void,
  ): Promise<void> {
    let i = 0;
    while (i < items.length && !this.stopped) {
      const due = this.store.transaction(() => {
        while (i < items.length) {
          fn(items[i++]!);
          if (slices.due()) return true;
        }
        return false;
      });
      if (due) await slices.pause();
    }
  }
}
