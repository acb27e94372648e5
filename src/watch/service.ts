/**
 * The catalog watch: after every catalog change (a refresh, an import, another process) and once
 * over the stored history, it finds new objects and launches, decays and manoeuvres and stores
 * them as events (`WatchStore`). Detection runs after the change, in slices that let the event
 * loop breathe; it never blocks or fails a refresh, and running it twice stores nothing twice.
 */
import type {
  CatalogChange,
  CatalogRecord,
  CatalogStore,
  Catalog as CatalogType,
} from '../catalog/index.js';
import type { ElementSet } from '../core/elements/index.js';
import { orbitClassOf, staleWarningsAt } from '../format/drift.js';
import { type ConjunctionQuery, type ConjunctionResult, screenCatalog } from './conjunctions.js';
import {
  checkDecay,
  checkManoeuvre,
  type DecayCheck,
  estimateReentry,
  launchOf,
  orbitShape,
} from './detect.js';
import type { WatchSettings } from './settings.js';
import type { EventQuery, NewWatchEvent, WatchEvent, WatchStore } from './store.js';

const SLICE = 250;
/** Two predictions of one pair's approach this close in time are the same approach, ms. */
const SAME_APPROACH_MS = 15 * 60_000;
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
  /** New events, after they are stored (the alerts hook). */
  onEvents?: (events: WatchEvent[]) => void;
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

const iso = (ms: number) => new Date(ms).toISOString();
const r = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export class Watch {
  readonly store: WatchStore;
  private readonly options: WatchOptions;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly memo = new Map<string, Promise<ConjunctionResult>>();

  constructor(options: WatchOptions) {
    this.options = options;
    this.store = options.store;
  }

  /** The `watch` settings section it runs with. */
  get settings(): WatchSettings {
    return this.options.settings;
  }

  /** Follow catalog changes, and scan what is stored now. Resolves once listening. */
  start(): void {
    this.unsubscribe = this.options.catalog.onChange((change) => {
      void this.enqueue(async () => {
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
    await this.queue;
  }

  /** Run `job` after the ones queued before it; errors are logged, never thrown. */
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
      }
    });
    return this.queue;
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
    const nowMs = this.options.clock();
    const found: WatchEvent[] = [];
    for (const id of c.satellites) {
      if (this.stopped || !this.options.catalog.has(id)) continue;
      let result: ConjunctionResult;
      try {
        result = await this.conjunctions({
          noradId: id,
          startMs: Math.floor(nowMs / 60_000) * 60_000,
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
      const known = this.store.events({
        types: ['conjunction.upcoming'],
        noradId: id,
        limit: 10_000,
      });
      this.store.transaction(() => {
        for (const a of result.approaches) {
          const details = {
            otherNoradId: a.secondary,
            otherName: a.other.name,
            otherIntlDesignator: a.other.intlDesignator,
            tca: iso(a.tcaMs),
            missKm: r(a.missKm, 3),
            relativeSpeedKmS: r(a.relativeSpeedKmS, 3),
            radialKm: r(a.radialKm, 3),
            inTrackKm: r(a.inTrackKm, 3),
            crossTrackKm: r(a.crossTrackKm, 3),
            elementsEpoch: result.primary.elements.epochIso,
            elementsAgeDays: a.primaryAge.ageDays,
            stale: a.primaryAge.stale,
            otherElementsEpoch: a.other.elements.epochIso,
            otherElementsAgeDays: a.otherAge.ageDays,
            otherStale: a.otherAge.stale,
            warnings: staleWarningsAt(
              [
                { elements: result.primary.elements, atMs: a.tcaMs },
                { elements: a.other.elements, atMs: a.tcaMs },
              ],
              result.staleAfterDays,
            ),
          };
          const same = known.find(
            (e) =>
              e.details.otherNoradId === a.secondary &&
              Math.abs(e.timeMs - a.tcaMs) < SAME_APPROACH_MS,
          );
          if (same) {
            this.store.updateTimeAndDetails(same.key, a.tcaMs, details);
            continue;
          }
          this.add(
            {
              key: `conjunction:${id}:${a.secondary}:${Math.round(a.tcaMs / 1000)}`,
              type: 'conjunction.upcoming',
              noradId: id,
              name: result.primary.name,
              launch: launchOf(result.primary.intlDesignator),
              groups: [...result.primary.groups],
              timeMs: a.tcaMs,
              windowStartMs: null,
              windowEndMs: null,
              detectedMs: nowMs,
              details,
            },
            found,
          );
        }
      });
      this.options.log({
        event: 'watch',
        run: 'conjunctions',
        noradId: id,
        approaches: result.approaches.length,
        events: found.length,
        ms: Math.round(result.elapsedMs),
      });
    }
    this.publish(found);
    return found.length;
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
    const nowMs = this.options.clock();
    const records = this.options.catalog.records();
    if (records.length === 0) return 0;
    const found: WatchEvent[] = [];
    const baseline = this.store.getMeta(BASELINE_KEY) === null;
    if (baseline) {
      this.store.transaction(() => {
        for (const rec of records) this.store.rememberObject(rec.noradId, rec.groups, nowMs);
        this.store.setMeta(BASELINE_KEY, String(nowMs));
      });
    } else {
      await this.newObjects(
        records.map((x) => x.noradId),
        nowMs,
        found,
      );
    }
    await this.inSlices(records, (rec) => {
      const history = this.elementHistory(rec.noradId).map((h) => h.elements);
      for (let i = 1; i < history.length; i++) {
        this.manoeuvre(rec, history[i - 1]!, history[i]!, nowMs, found);
      }
      this.decays(rec, history, nowMs, found);
    });
    this.store.setMeta(HISTORY_SCAN_KEY, String(nowMs));
    this.publish(found);
    this.options.log({
      event: 'watch',
      run: 'stored history',
      objects: records.length,
      events: found.length,
      baseline,
      ms: this.options.clock() - nowMs,
    });
    return found.length;
  }

  /** Detection for one catalog change. */
  async onChange(change: CatalogChange): Promise<number> {
    const nowMs = this.options.clock();
    const found: WatchEvent[] = [];
    if (this.store.getMeta(BASELINE_KEY) === null) {
      await this.scanStored();
      return 0;
    }
    await this.newObjects([...change.added, ...change.updated], nowMs, found);
    const changed = change.changed
      .map((id) => this.options.catalog.record(id))
      .filter((x): x is CatalogRecord => x !== undefined);
    await this.inSlices(changed, (rec) => {
      const history = this.elementHistory(rec.noradId).map((h) => h.elements);
      const n = history.length;
      if (n >= 2) this.manoeuvre(rec, history[n - 2]!, history[n - 1]!, nowMs, found);
      this.decays(rec, history, nowMs, found);
    });
    const added = change.added
      .map((id) => this.options.catalog.record(id))
      .filter((x): x is CatalogRecord => x !== undefined);
    await this.inSlices(added, (rec) => {
      this.decays(rec, [rec.elements], nowMs, found);
    });
    for (const id of change.removed) this.leftCatalog(id, nowMs, found);
    this.publish(found);
    if (found.length > 0 || change.changed.length > 0) {
      this.options.log({
        event: 'watch',
        run: 'catalog change',
        sources: change.sources,
        events: found.length,
        ms: this.options.clock() - nowMs,
      });
    }
    return found.length;
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

  private add(event: NewWatchEvent, found: WatchEvent[]): void {
    const stored = this.store.addEvent(event);
    if (stored) found.push(stored);
  }

  /** New objects (first seen in the catalog or in a group) and their launches. */
  private async newObjects(
    ids: readonly number[],
    nowMs: number,
    found: WatchEvent[],
  ): Promise<void> {
    const known = this.store.knownObjects();
    const records = ids
      .map((id) => this.options.catalog.record(id))
      .filter((x): x is CatalogRecord => x !== undefined);
    this.store.transaction(() => {
      for (const rec of records) {
        const before = known.get(rec.noradId);
        const launch = launchOf(rec.intlDesignator);
        const shape = orbitShape(rec.elements);
        const base = {
          noradId: rec.noradId,
          name: rec.name,
          launch,
          groups: [...rec.groups],
          timeMs: nowMs,
          windowStartMs: null,
          windowEndMs: null,
          detectedMs: nowMs,
        };
        const orbit = {
          epoch: rec.elements.epochIso,
          intlDesignator: rec.intlDesignator,
          perigeeKm: r(shape.perigeeKm, 1),
          apogeeKm: r(shape.apogeeKm, 1),
          periodMinutes: r(shape.periodMinutes, 2),
          inclinationDeg: rec.elements.inclinationDeg,
        };
        if (before === undefined) {
          this.add(
            {
              ...base,
              key: `new:${rec.noradId}`,
              type: 'catalog.new',
              details: { reason: 'catalog', ...orbit },
            },
            found,
          );
          if (launch !== null) this.launch(launch, rec, nowMs, found);
        } else {
          for (const g of rec.groups) {
            if (before.includes(g)) continue;
            this.add(
              {
                ...base,
                key: `new:${rec.noradId}:group:${g}`,
                type: 'catalog.new',
                details: { reason: 'group', group: g, ...orbit },
              },
              found,
            );
          }
        }
        if (before === undefined || rec.groups.some((g) => !before.includes(g))) {
          this.store.rememberObject(rec.noradId, rec.groups, nowMs);
          known.set(rec.noradId, [...rec.groups]);
        }
      }
    });
    await Promise.resolve();
  }

  private launch(launch: string, rec: CatalogRecord, nowMs: number, found: WatchEvent[]): void {
    const key = `launch:${launch}`;
    const existing = this.store.eventByKey(key);
    if (existing) {
      const members = (existing.details.members as number[] | undefined) ?? [];
      if (!members.includes(rec.noradId)) {
        this.store.updateDetails(key, {
          ...existing.details,
          members: [...members, rec.noradId].sort((a, b) => a - b),
        });
      }
      return;
    }
    this.add(
      {
        key,
        type: 'catalog.launch',
        noradId: null,
        name: rec.name,
        launch,
        groups: [...rec.groups],
        timeMs: nowMs,
        windowStartMs: null,
        windowEndMs: null,
        detectedMs: nowMs,
        details: { members: [rec.noradId] },
      },
      found,
    );
  }

  private manoeuvre(
    rec: CatalogRecord,
    previous: ElementSet,
    next: ElementSet,
    nowMs: number,
    found: WatchEvent[],
  ): void {
    const check = checkManoeuvre(previous, next, this.options.settings.manoeuvreFactor);
    if (check === null || !check.manoeuvre) return;
    const c = check.change;
    this.add(
      {
        key: `manoeuvre:${rec.noradId}:${previous.epochIso}:${next.epochIso}`,
        type: 'catalog.manoeuvre',
        noradId: rec.noradId,
        name: rec.name,
        launch: launchOf(rec.intlDesignator),
        groups: [...rec.groups],
        timeMs: next.epochMs,
        windowStartMs: previous.epochMs,
        windowEndMs: next.epochMs,
        detectedMs: nowMs,
        details: {
          orbitClass: check.orbitClass,
          previousEpoch: previous.epochIso,
          epoch: next.epochIso,
          ageDays: r(c.ageDays, 3),
          deltaSemiMajorAxisKm: r(c.deltaSemiMajorAxisKm, 3),
          deltaInclinationDeg: r(c.deltaInclinationDeg, 5),
          deltaVMs: r(c.deltaVMs, 2),
          positionKm: r(c.positionKm, 1),
          alongTrackKm: r(c.alongTrackKm, 1),
          radialKm: r(c.radialKm, 1),
          crossTrackKm: r(c.crossTrackKm, 1),
          expectedSemiMajorAxisKm: r(check.expected.semiMajorAxisKm, 3),
          expectedInclinationDeg: r(check.expected.inclinationDeg, 5),
        },
      },
      found,
    );
  }

  private decays(
    rec: CatalogRecord,
    history: ElementSet[],
    nowMs: number,
    found: WatchEvent[],
  ): void {
    for (const d of checkDecay(history, nowMs, this.options.settings.decay)) {
      this.add(
        this.decayEvent(rec.noradId, rec.name, rec.intlDesignator, rec.groups, d, nowMs),
        found,
      );
    }
  }

  private decayEvent(
    noradId: number,
    name: string,
    intl: string | null,
    groups: readonly string[],
    d: DecayCheck,
    nowMs: number,
  ): NewWatchEvent {
    const re = d.reentry;
    return {
      key: `decay:${noradId}:${d.reason}`,
      type: 'catalog.decay',
      noradId,
      name,
      launch: launchOf(intl),
      groups: [...groups],
      timeMs:
        d.reason === 'sgp4-decay' && d.sgp4DecayMs !== null ? d.sgp4DecayMs : (re?.timeMs ?? nowMs),
      windowStartMs: re?.earliestMs ?? null,
      windowEndMs: re?.latestMs ?? null,
      detectedMs: nowMs,
      details: {
        reason: d.reason,
        perigeeKm: r(d.perigeeKm, 1),
        sgp4Decay: d.sgp4DecayMs === null ? null : iso(d.sgp4DecayMs),
        reentry: re
          ? {
              time: iso(re.timeMs),
              earliest: iso(re.earliestMs),
              latest: iso(re.latestMs),
              uncertaintyDays: r(re.uncertaintyDays, 2),
              decayRateKmPerDay: r(re.decayRateKmPerDay, 4),
              basis: re.basis,
            }
          : null,
      },
    };
  }

  /** An object gone from every source: a decay when its last perigee was low. */
  private leftCatalog(noradId: number, nowMs: number, found: WatchEvent[]): void {
    const history = this.elementHistory(noradId).map((h) => h.elements);
    const last = history.at(-1);
    if (!last) return;
    const shape = orbitShape(last);
    if (shape.perigeeKm >= this.options.settings.decay.leftCatalogPerigeeKm) return;
    if (orbitClassOf(last) !== 'leo-low') return;
    const groups = this.store.knownObjects().get(noradId) ?? [];
    this.add(
      this.decayEvent(
        noradId,
        last.name,
        last.intlDesignator,
        groups,
        {
          reason: 'left-catalog',
          perigeeKm: shape.perigeeKm,
          sgp4DecayMs: null,
          reentry: estimateReentry(history),
        },
        nowMs,
      ),
      found,
    );
  }

  private async inSlices<T>(items: readonly T[], fn: (item: T) => void): Promise<void> {
    for (let i = 0; i < items.length; i += SLICE) {
      if (this.stopped) return;
      const slice = items.slice(i, i + SLICE);
      this.store.transaction(() => {
        for (const item of slice) fn(item);
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
