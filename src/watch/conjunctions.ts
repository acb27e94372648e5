/**
 * Close approaches over the catalog: one satellite screened against every other object
 * (`core/conjunction`), in slices so the server keeps answering while it runs. Objects docked
 * together on the other side (a station and its modules, each catalogued) make one approach.
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
/**
 * Two objects are docked together (co-orbiting) when they are this close, km, and this slow
 * relative to each other, km/s, at an approach and again half an orbit and an orbit later: the
 * separate element sets of one station's modules put them a few hundred metres apart at most.
 */
const DOCKED_KM = 2;
const DOCKED_KMS = 0.01;
/** Approaches to docked objects this close in time are one approach, ms. */
const SAME_TCA_MS = 120_000;

export interface ConjunctionQuery {
  noradId: number;
  startMs: number;
  days: number;
  maxKm: number;
}

/** An object docked to an approach's other object: the same approach, its own figures. */
export interface CoOrbiting {
  other: CatalogRecord;
  tcaMs: number;
  missKm: number;
}

export interface Conjunction extends CloseApproach {
  /** The other object: of objects docked together, the lowest NORAD id (a station's core). */
  other: CatalogRecord;
  /** The objects docked to `other`, each approached at the same time (empty for most). */
  coOrbiting: CoOrbiting[];
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
  const found = dockedTogether(catalog, approaches).flatMap(([a, ...docked]): Conjunction[] => {
    const other = catalog.record(a!.secondary);
    if (!other) return [];
    return [
      {
        ...a!,
        other,
        coOrbiting: docked.flatMap((d) => {
          const record = catalog.record(d.secondary);
          return record ? [{ other: record, tcaMs: d.tcaMs, missKm: d.missKm }] : [];
        }),
        primaryAge: elementsAge(primary.elements, a!.tcaMs, staleAfterDays),
        otherAge: elementsAge(other.elements, a!.tcaMs, staleAfterDays),
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

/**
 * Approaches (by TCA) grouped so that objects docked together make one group, the lowest NORAD id
 * first: approaches within two minutes of each other whose objects stay within 2 km and 10 m/s of
 * each other at the TCA, half an orbit and an orbit later.
 */
function dockedTogether(catalog: Catalog, approaches: readonly CloseApproach[]): CloseApproach[][] {
  const groups: CloseApproach[][] = [];
  for (const a of approaches) {
    const group = groups.find(
      (g) =>
        Math.abs(g[0]!.tcaMs - a.tcaMs) < SAME_TCA_MS &&
        docked(orbitOf(catalog, g[0]!.secondary), orbitOf(catalog, a.secondary), g[0]!.tcaMs),
    );
    if (group) group.push(a);
    else groups.push([a]);
  }
  for (const g of groups) g.sort((x, y) => x.secondary - y.secondary);
  return groups.sort((x, y) => x[0]!.tcaMs - y[0]!.tcaMs || x[0]!.secondary - y[0]!.secondary);
}

function docked(a: Orbit | undefined, b: Orbit | undefined, atMs: number): boolean {
  if (!a || !b) return false;
  const sa = new Float64Array(6);
  const sb = new Float64Array(6);
  const orbitMs = a.periodMinutes * 60_000;
  for (const ms of [atMs, atMs + orbitMs / 2, atMs + orbitMs]) {
    if (a.temeInto(ms, sa) !== 0 || b.temeInto(ms, sb) !== 0) return false;
    const d = Math.hypot(sa[0]! - sb[0]!, sa[1]! - sb[1]!, sa[2]! - sb[2]!);
    const v = Math.hypot(sa[3]! - sb[3]!, sa[4]! - sb[4]!, sa[5]! - sb[5]!);
    if (d > DOCKED_KM || v > DOCKED_KMS) return false;
  }
  return true;
}

/** The window's end, epoch ms. */
export function windowEnd(q: ConjunctionQuery): number {
  return q.startMs + q.days * DAY_MS;
}
