/**
 * When a new launch is first visible from each named observer: the existing pass search
 * (`predict/many.ts`, `visibleOnly`) over the coming days for a few of the launch's objects, the
 * first visible part per observer. `visible` as everywhere: sunlit, dark sky (Sun at or below
 * −6°), magnitude known and at most the naked-eye limit. The cost is bounded: at most
 * `watch.launches.objects` objects (those with a known magnitude first, then by piece letter),
 * `watch.launches.days` ahead, per observer.
 */
import type { CatalogRecord } from '../catalog/index.js';
import type { Orbit } from '../core/orbit/index.js';
import { HorizonMask } from '../core/passes/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { elementsAge } from '../format/drift.js';
import type { FirstVisible, LaunchVisibility } from '../format/wire.js';
import { predictMany } from '../predict/many.js';
import { DEFAULT_MAX_MAGNITUDE } from '../predict/predictions.js';

const DAY_MS = 86_400_000;
const r = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const iso = (ms: number) => new Date(ms).toISOString();

export interface LaunchSearch {
  /** Days ahead of the detection to search. */
  days: number;
  /** At most this many of the launch's objects are searched. */
  objects: number;
}

// The answer's shapes are wire types: the page reads them from `GET /v1/events` too.
export type { FirstVisible, LaunchVisibility };

/** The objects searched: known magnitude first, then by international designator (piece A first). */
export function leadObjects(members: readonly CatalogRecord[], count: number): CatalogRecord[] {
  return [...members]
    .sort(
      (a, b) =>
        Number(a.stdMagnitude === null) - Number(b.stdMagnitude === null) ||
        (a.intlDesignator ?? '').length - (b.intlDesignator ?? '').length ||
        (a.intlDesignator ?? '').localeCompare(b.intlDesignator ?? '') ||
        a.noradId - b.noradId,
    )
    .slice(0, count);
}

/** Search the launch's lead objects from every named observer. */
export async function launchVisibility(
  members: readonly CatalogRecord[],
  observers: ObserversSettings,
  options: LaunchSearch & {
    fromMs: number;
    staleAfterDays: number;
    orbit?: (record: CatalogRecord) => Orbit | null;
  },
): Promise<LaunchVisibility> {
  const objects = leadObjects(members, options.objects);
  const startMs = options.fromMs;
  const endMs = startMs + options.days * DAY_MS;
  const firstVisible: Record<string, FirstVisible | null> = {};
  for (const [name, o] of Object.entries(observers)) {
    const { items } = await predictMany(
      objects,
      {
        observer: { latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt },
        horizonMask: o.horizonMask
          ? new HorizonMask(
              o.horizonMask.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })),
            )
          : null,
        startMs,
        endMs,
        minElevationDeg: o.minElevation,
        visibleOnly: true,
        maxMagnitude: DEFAULT_MAX_MAGNITUDE,
        maxSunElevationDeg: -6,
      },
      options.orbit ? { orbit: options.orbit } : {},
    );
    let best: FirstVisible | null = null;
    let bestMs = Number.POSITIVE_INFINITY;
    for (const { record, pass } of items) {
      const part = pass.visible[0];
      if (!part || part.start.timeMs >= bestMs) continue;
      bestMs = part.start.timeMs;
      const age = elementsAge(record.elements, part.start.timeMs, options.staleAfterDays);
      best = {
        noradId: record.noradId,
        name: record.name,
        start: iso(part.start.timeMs),
        end: iso(part.end.timeMs),
        brightestMagnitude: part.brightestMagnitude === null ? null : r(part.brightestMagnitude, 1),
        tca: iso(pass.tca.timeMs),
        maxElevationDeg: r(pass.maxElevationDeg, 1),
        elementsAgeDays: age.ageDays,
        stale: age.stale,
      };
    }
    firstVisible[name] = best;
  }
  return {
    from: iso(startMs),
    days: options.days,
    maxMagnitude: DEFAULT_MAX_MAGNITUDE,
    objects: objects.map((x) => ({
      noradId: x.noradId,
      name: x.name,
      stdMagnitude: x.stdMagnitude,
    })),
    firstVisible,
  };
}
