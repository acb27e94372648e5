/**
 * What the watch stores for what it detects: one `EventRecorder` per detection run turns new
 * objects and launches, manoeuvres, decays, departures and close approaches into events with
 * stable keys (`WatchStore.addEvent` keeps each once) and collects the ones stored for the first
 * time, to publish.
 */
import type { CatalogRecord } from '../catalog/index.js';
import type { ElementSet } from '../core/elements/index.js';
import { orbitClassOf, staleWarningsAt } from '../format/drift.js';
import type { ConjunctionResult } from './conjunctions.js';
import {
  checkDecay,
  checkManoeuvre,
  type DecayCheck,
  estimateReentry,
  launchOf,
  orbitShape,
} from './detect.js';
import type { WatchSettings } from './settings.js';
import type { NewWatchEvent, WatchEvent, WatchStore } from './store.js';

/** Two predictions of one pair's approach this close in time are the same approach, ms. */
const SAME_APPROACH_MS = 15 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();
const r = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export class EventRecorder {
  /** Events stored for the first time in this run, in order. */
  readonly found: WatchEvent[] = [];

  constructor(
    private readonly store: WatchStore,
    private readonly settings: WatchSettings,
    /** The run's time, epoch ms: when its events are detected. */
    readonly nowMs: number,
  ) {}

  private add(event: NewWatchEvent): void {
    const stored = this.store.addEvent(event);
    if (stored) this.found.push(stored);
  }

  /** The objects known before this run, and those it remembered since. */
  private known: Map<number, string[]> | null = null;

  /**
   * A new object (first seen in the catalog or in a group) and its launch; remembers it. Call
   * inside a store transaction, so the object is remembered with its events or not at all.
   */
  newObject(rec: CatalogRecord): void {
    const { nowMs } = this;
    this.known ??= this.store.knownObjects();
    const before = this.known.get(rec.noradId);
    if (before !== undefined && rec.groups.every((g) => before.includes(g))) return;
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
      this.add({
        ...base,
        key: `new:${rec.noradId}`,
        type: 'catalog.new',
        details: { reason: 'catalog', ...orbit },
      });
      if (launch !== null) this.launch(launch, rec);
    } else {
      for (const g of rec.groups) {
        if (before.includes(g)) continue;
        this.add({
          ...base,
          key: `new:${rec.noradId}:group:${g}`,
          type: 'catalog.new',
          details: { reason: 'group', group: g, ...orbit },
        });
      }
    }
    this.store.rememberObject(rec.noradId, rec.groups, nowMs);
    this.known.set(rec.noradId, [...rec.groups]);
  }

  private launch(launch: string, rec: CatalogRecord): void {
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
    this.add({
      key,
      type: 'catalog.launch',
      noradId: null,
      name: rec.name,
      launch,
      groups: [...rec.groups],
      timeMs: this.nowMs,
      windowStartMs: null,
      windowEndMs: null,
      detectedMs: this.nowMs,
      details: { members: [rec.noradId] },
    });
  }

  /** A manoeuvre between two consecutive element sets of an object, when there was one. */
  manoeuvre(rec: CatalogRecord, previous: ElementSet, next: ElementSet): void {
    const check = checkManoeuvre(previous, next, this.settings.manoeuvreFactor);
    if (check === null || !check.manoeuvre) return;
    const c = check.change;
    this.add({
      key: `manoeuvre:${rec.noradId}:${previous.epochIso}:${next.epochIso}`,
      type: 'catalog.manoeuvre',
      noradId: rec.noradId,
      name: rec.name,
      launch: launchOf(rec.intlDesignator),
      groups: [...rec.groups],
      timeMs: next.epochMs,
      windowStartMs: previous.epochMs,
      windowEndMs: next.epochMs,
      detectedMs: this.nowMs,
      details: {
        orbitClass: check.orbitClass,
        previousEpoch: previous.epochIso,
        epoch: next.epochIso,
        ageDays: r(c.ageDays, 3),
        deltaSemiMajorAxisKm: r(c.deltaSemiMajorAxisKm, 3),
        deltaInclinationDeg: r(c.deltaInclinationDeg, 5),
        deltaVMPerS: r(c.deltaVMPerS, 2),
        positionKm: r(c.positionKm, 1),
        alongTrackKm: r(c.alongTrackKm, 1),
        radialKm: r(c.radialKm, 1),
        crossTrackKm: r(c.crossTrackKm, 1),
        expectedSemiMajorAxisKm: r(check.expected.semiMajorAxisKm, 3),
        expectedInclinationDeg: r(check.expected.inclinationDeg, 5),
      },
    });
  }

  /** Decays of an object from its element history (oldest first, the current set last). */
  decays(rec: CatalogRecord, history: ElementSet[]): void {
    for (const d of checkDecay(history, this.nowMs, this.settings.decay)) {
      this.add(this.decayEvent(rec.noradId, rec.name, rec.intlDesignator, rec.groups, d));
    }
  }

  private decayEvent(
    noradId: number,
    name: string,
    intl: string | null,
    groups: readonly string[],
    d: DecayCheck,
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
        d.reason === 'sgp4-decay' && d.sgp4DecayMs !== null
          ? d.sgp4DecayMs
          : (re?.timeMs ?? this.nowMs),
      windowStartMs: re?.earliestMs ?? null,
      windowEndMs: re?.latestMs ?? null,
      detectedMs: this.nowMs,
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
              cappedBySgp4: re.cappedBySgp4,
            }
          : null,
      },
    };
  }

  /**
   * An object gone from every source (`history`: its stored sets, oldest first): a decay when its
   * last perigee was low.
   */
  leftCatalog(noradId: number, history: ElementSet[]): void {
    const last = history.at(-1);
    if (!last) return;
    const shape = orbitShape(last);
    if (shape.perigeeKm >= this.settings.decay.leftCatalogPerigeeKm) return;
    if (orbitClassOf(last) !== 'leo-low') return;
    const groups = this.store.knownObjects().get(noradId) ?? [];
    this.add(
      this.decayEvent(noradId, last.name, last.intlDesignator, groups, {
        reason: 'left-catalog',
        perigeeKm: shape.perigeeKm,
        sgp4DecayMs: null,
        reentry: estimateReentry(history),
      }),
    );
  }

  /**
   * One satellite's screened approaches as `conjunction.upcoming` events: a new event per new
   * approach; one re-predicted by seconds updates its event (time and details) in place.
   */
  approaches(result: ConjunctionResult): void {
    const id = result.primary.noradId;
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
          coOrbiting: a.coOrbiting.map((c) => ({
            noradId: c.other.noradId,
            name: c.other.name,
            missKm: r(c.missKm, 3),
          })),
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
        this.add({
          key: `conjunction:${id}:${a.secondary}:${Math.round(a.tcaMs / 1000)}`,
          type: 'conjunction.upcoming',
          noradId: id,
          name: result.primary.name,
          launch: launchOf(result.primary.intlDesignator),
          groups: [...result.primary.groups],
          timeMs: a.tcaMs,
          windowStartMs: null,
          windowEndMs: null,
          detectedMs: this.nowMs,
          details,
        });
      }
    });
  }
}
