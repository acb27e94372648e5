/**
 * Sun and Moon transits of catalog satellites for one observer, as the API serves them: shared by
 * `GET /v1/transits` and the `transit.upcoming` alert.
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import { nextSlice } from '../compute/slices.js';
import { type Observer, type Orbit, Site } from '../core/orbit/index.js';
import {
  clearOfBodies,
  findTransits,
  type Transit,
  type TransitSearch,
} from '../core/passes/index.js';
import { MoonTrack, SunTrack } from '../core/sky/index.js';
import { compassPoint } from '../format/compass.js';
import { elementsAge, staleWarning } from '../format/drift.js';
import { formatInstant } from '../format/time.js';
import type { TransitJson } from '../format/wire.js';

/** The ISS and Tiangong: large enough to be seen against the disc. */
export const DEFAULT_TRANSIT_SATELLITES = [25544, 48274];
/** Largest dimension, metres (approximate), for the angular size. */
const SIZE_M: Record<number, number> = { 25544: 109, 48274: 57 };

export interface TransitQuery {
  observer: Observer;
  startMs: number;
  endMs: number;
  /** Transits whose centre line passes within this distance of the observer, km. */
  radiusKm: number;
  /** Near misses within this angle of the disc's edge, degrees (0: none). */
  nearMissDeg: number;
  zone: string | null;
}

/** A satellite's window is searched in slices of about this length (a few ms each). */
export const TRANSIT_SLICE_MS = 4 * 3_600_000;
/** A cut is looked for at this step, up to `CUT_SEARCH_MS` after the slice's nominal end. */
const CUT_STEP_MS = 60_000;
const CUT_SEARCH_MS = 3 * 3_600_000;
/** A cut is made where the satellite is at least this far below the horizon, degrees... */
const CUT_BELOW_DEG = -1;
/**
 * ...or, when none is found this long after the nominal end (a satellite that stays up, e.g. GEO),
 * where it is this far beyond reach of both bodies (`clearOfBodies`).
 */
const CLEAR_AFTER_MS = 20 * 60_000;
const CLEAR_MARGIN_DEG = 1;

/**
 * Instants in (startMs, endMs) at which a satellite's transit search can be cut without changing
 * what it finds: about every `sliceMs`, each moved on to a time the satellite is below the
 * horizon, so no pass (and no transit, which happens during a pass) spans it. Where it stays up
 * (GEO), and `clear` is given, a cut is made where `clear(t)` holds (far from both bodies: no
 * transit spans it either) once no time below the horizon is found within `CLEAR_AFTER_MS`. None
 * after a time it cannot be propagated (the rest is searched in one piece).
 */
export function transitCuts(
  orbit: Orbit,
  site: Site,
  startMs: number,
  endMs: number,
  sliceMs = TRANSIT_SLICE_MS,
  clear?: (tMs: number) => boolean,
): number[] {
  const cuts: number[] = [];
  let nominal = startMs + sliceMs;
  while (nominal < endMs) {
    let cut: number | null = null;
    const last = Math.min(endMs, nominal + CUT_SEARCH_MS);
    for (let t = nominal; t < last && cut === null; t += CUT_STEP_MS) {
      try {
        if (orbit.look(t, site).elevationDeg < CUT_BELOW_DEG) cut = t;
        else if (clear && t - nominal >= CLEAR_AFTER_MS && clear(t)) cut = t;
      } catch {
        return cuts;
      }
    }
    if (cut === null) {
      nominal = last;
      continue;
    }
    cuts.push(cut);
    nominal = cut + sliceMs;
  }
  return cuts;
}

/**
 * `findTransits` over the window in slices cut where the satellite is below the horizon or, for a
 * satellite that stays up, far from both bodies (`transitCuts`), the same transits as one call, waiting for `pause()` before each slice so the
 * event loop runs between them. The Sun and Moon tables are made per slice (their nodes sit on a
 * fixed grid, so the positions are the same).
 */
export async function findTransitsInSlices(
  orbit: Orbit,
  site: Site,
  search: TransitSearch,
  pause: () => Promise<void> = nextSlice,
  sliceMs = TRANSIT_SLICE_MS,
): Promise<Transit[]> {
  // The bodies' tables for a clear check: a short one around the instant (same nodes, same values).
  const clear = (t: number) =>
    clearOfBodies(
      orbit,
      site,
      t,
      search,
      new SunTrack(t - CUT_STEP_MS, t + CUT_STEP_MS),
      new MoonTrack(t - CUT_STEP_MS, t + CUT_STEP_MS),
      CLEAR_MARGIN_DEG,
    );
  const edges = [
    search.startMs,
    ...transitCuts(orbit, site, search.startMs, search.endMs, sliceMs, clear),
    search.endMs,
  ];
  const found: Transit[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    await pause();
    const startMs = edges[i]!;
    const endMs = edges[i + 1]!;
    const slice = { ...search, startMs, endMs };
    found.push(
      ...findTransits(
        orbit,
        site,
        slice,
        new SunTrack(startMs, endMs),
        new MoonTrack(startMs, endMs),
      ),
    );
  }
  return found.sort((a, b) => a.timeMs - b.timeMs);
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const tenths = (ms: number) => Math.round(ms / 100) * 100;

/**
 * The transits of `records` in time order, and a warning per satellite whose elements are stale
 * by the window's end. Each satellite's window is searched in slices (`findTransitsInSlices`,
 * about 10 ms of work per satellite-day in all, GEO included), taking turns with other sliced work
 * on the event loop; `signal` aborts between slices.
 */
export async function findCatalogTransits(
  catalog: Catalog,
  records: readonly CatalogRecord[],
  q: TransitQuery,
  signal?: AbortSignal,
): Promise<{ transits: TransitJson[]; warnings: string[] }> {
  const site = new Site(q.observer);
  const pause = async () => {
    await nextSlice();
    signal?.throwIfAborted();
  };
  const transits: TransitJson[] = [];
  const warnings: string[] = [];
  const staleDays = catalog.staleAfterDays;
  for (const record of records) {
    await pause();
    const orbit = catalog.orbit(record.noradId);
    if (!orbit) continue;
    const search = { startMs: q.startMs, endMs: q.endMs, radiusKm: q.radiusKm };
    const found = await findTransitsInSlices(
      orbit,
      site,
      { ...search, nearMissDeg: q.nearMissDeg },
      pause,
    );
    const worst = elementsAge(record.elements, q.endMs, staleDays);
    if (worst.stale) warnings.push(staleWarning(record.elements, worst, staleDays));
    for (const t of found) {
      const age = elementsAge(record.elements, t.timeMs, staleDays);
      const size = SIZE_M[record.noradId];
      const cl = t.centreLine;
      transits.push({
        noradId: record.noradId,
        name: record.name,
        body: t.body,
        kind: t.kind,
        time: formatInstant(tenths(t.timeMs), q.zone),
        durationSeconds: round(t.durationSeconds, 1),
        minSeparation: round(t.minSeparationDeg, 4),
        bodyRadius: round(t.bodyRadiusDeg, 4),
        fromObserver: t.fromObserver,
        satelliteAngularSizeArcsec:
          size === undefined ? null : round(((size / 1000 / t.rangeKm) * 180 * 3600) / Math.PI, 1),
        rangeKm: round(t.rangeKm, 1),
        bodyAzimuth: round(t.bodyAzimuthDeg, 2),
        bodyElevation: round(t.bodyElevationDeg, 2),
        centreLine: cl
          ? {
              time: formatInstant(tenths(cl.timeMs), q.zone),
              lat: round(cl.latitudeDeg, 5),
              lon: round(cl.longitudeDeg, 5),
              distanceKm: round(cl.distanceKm, 2),
              bearing: round(cl.bearingDeg, 1),
              compass: compassPoint(cl.bearingDeg),
              halfWidthKm: round(cl.halfWidthKm, 2),
              path: cl.path.map((q) => ({
                lat: round(q.latitudeDeg, 5),
                lon: round(q.longitudeDeg, 5),
              })),
            }
          : null,
        elementsEpoch: record.elements.epochIso,
        elementsAgeDays: age.ageDays,
        stale: age.stale,
        elementsWarning: age.stale ? staleWarning(record.elements, age, staleDays) : null,
      });
    }
  }
  transits.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  return { transits, warnings };
}
