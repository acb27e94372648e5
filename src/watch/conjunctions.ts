/**
 * Close approaches over the catalog: one satellite screened against every other object
 * (`core/conjunction`), in slices so the server keeps answering while it runs.
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import {
  type CloseApproach,
  ConjunctionScreen,
  type ScreenStats,
} from '../core/conjunction/index.js';
import type { Orbit } from '../core/orbit/index.js';
import { type ElementsAge, elementsAge, staleWarningsAt } from '../format/drift.js';

const SLICE = 400;
const DAY_MS = 86_400_000;

export interface ConjunctionQuery {
  noradId: number;
  startMs: number;
  days: number;
  maxKm: number;
}

export interface Conjunction extends CloseApproach {
  other: CatalogRecord;
  /** The screened satellite's elements at the TCA: age and `stale`. */
  primaryAge: ElementsAge;
  /** The other object's elements at the TCA. */
  otherAge: ElementsAge;
}

export interface ConjunctionResult {
  primary: CatalogRecord;
  query: ConjunctionQuery;
  approaches: Conjunction[];
  stats: ScreenStats;
  /** `catalog.staleDays`: elements older than this at a TCA are stale. */
  staleAfterDays: number;
  /** The screened satellite's elements at the window's start. */
  primaryAge: ElementsAge;
  /** One sentence per object whose elements are stale at one of its approaches (at the latest). */
  warnings: string[];
  /** How long the screening took, ms (wall clock, with the pauses between slices). */
  elapsedMs: number;
}

/** The primary is not in the catalog, or SGP4 cannot propagate it over the window. */
export class ConjunctionError extends Error {
  override readonly name = 'ConjunctionError';
}

function orbitOf(catalog: Catalog, id: number): Orbit | undefined {
  try {
    return catalog.orbit(id);
  } catch {
    return undefined;
  }
}

/** Screen one catalog object against the whole catalog. */
export async function screenCatalog(
  catalog: Catalog,
  q: ConjunctionQuery,
  pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Promise<ConjunctionResult> {
  const began = performance.now();
  const primary = catalog.record(q.noradId);
  const primaryOrbit = orbitOf(catalog, q.noradId);
  if (!primary || !primaryOrbit) {
    throw new ConjunctionError(
      `NORAD id ${q.noradId} is not in the catalog (or SGP4 cannot start its elements)`,
    );
  }
  let screen: ConjunctionScreen;
  try {
    screen = new ConjunctionScreen(primaryOrbit, {
      startMs: q.startMs,
      days: q.days,
      maxKm: q.maxKm,
    });
  } catch (error) {
    throw new ConjunctionError((error as Error).message);
  }
  const ids = catalog.ids();
  for (let i = 0; i < ids.length; i += SLICE) {
    const orbits: Orbit[] = [];
    for (const id of ids.slice(i, i + SLICE)) {
      const o = orbitOf(catalog, id);
      if (o) orbits.push(o);
    }
    screen.screen(orbits);
    if (i + SLICE < ids.length) await pause();
  }
  const { approaches, stats } = screen.result();
  const staleAfterDays = catalog.staleAfterDays;
  const found = approaches.flatMap((a): Conjunction[] => {
    const other = catalog.record(a.secondary);
    if (!other) return [];
    return [
      {
        ...a,
        other,
        primaryAge: elementsAge(primary.elements, a.tcaMs, staleAfterDays),
        otherAge: elementsAge(other.elements, a.tcaMs, staleAfterDays),
      },
    ];
  });
  return {
    primary,
    query: q,
    approaches: found,
    stats,
    staleAfterDays,
    primaryAge: elementsAge(primary.elements, q.startMs, staleAfterDays),
    // The satellite's at its latest approach (at the start when it has none), then the others'.
    warnings: staleWarningsAt(
      [
        ...(found.length ? found : [{ tcaMs: q.startMs }]).map((a) => ({
          elements: primary.elements,
          atMs: a.tcaMs,
        })),
        ...found.map((a) => ({ elements: a.other.elements, atMs: a.tcaMs })),
      ],
      staleAfterDays,
    ),
    elapsedMs: performance.now() - began,
  };
}

/** The window's end, epoch ms. */
export function windowEnd(q: ConjunctionQuery): number {
  return q.startMs + q.days * DAY_MS;
}
