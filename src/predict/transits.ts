/**
 * Sun and Moon transits of catalog satellites for one observer, as the API serves them: shared by
 * `GET /v1/transits` and the `transit.upcoming` alert.
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import { type Observer, Site } from '../core/orbit/index.js';
import { findTransits } from '../core/passes/index.js';
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

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const tenths = (ms: number) => Math.round(ms / 100) * 100;

/**
 * The transits of `records` in time order, and a warning per satellite whose elements are stale
 * by the window's end. Yields to the event loop between satellites (about 0.15 s of work per
 * satellite-day); `signal` aborts between them.
 */
export async function findCatalogTransits(
  catalog: Catalog,
  records: readonly CatalogRecord[],
  q: TransitQuery,
  signal?: AbortSignal,
): Promise<{ transits: TransitJson[]; warnings: string[] }> {
  const site = new Site(q.observer);
  const sun = new SunTrack(q.startMs, q.endMs);
  const moon = new MoonTrack(q.startMs, q.endMs);
  const transits: TransitJson[] = [];
  const warnings: string[] = [];
  const staleDays = catalog.staleAfterDays;
  for (const record of records) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    const orbit = catalog.orbit(record.noradId);
    if (!orbit) continue;
    const window = { startMs: q.startMs, endMs: q.endMs, radiusKm: q.radiusKm };
    const found = findTransits(orbit, site, { ...window, nearMissDeg: q.nearMissDeg }, sun, moon);
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
