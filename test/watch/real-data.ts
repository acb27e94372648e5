/**
 * The real CelesTrak histories of the watch tests (copies under test/fixtures, see their
 * READMEs): the active catalogue of about 2026-07-10 and of 2026-08-22, and six groups of
 * 2026-04-27.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Catalog, CatalogStore } from '../../src/catalog/index.js';
import { type ElementSet, parseOmmCsv, parseTle } from '../../src/core/elements/index.js';
import { launchOf } from '../../src/watch/index.js';

const fixture = (path: string) =>
  gunzipSync(readFileSync(new URL(`../fixtures/${path}`, import.meta.url))).toString('utf8');

let july: ElementSet[] | null = null;
let august: ElementSet[] | null = null;

export function activeJuly(): ElementSet[] {
  july ??= parseOmmCsv(fixture('catalog/active-2026-07-10.csv.gz'), 'active-2026-07-10').elements;
  return july;
}

export function activeAugust(): ElementSet[] {
  august ??= parseTle(fixture('catalog/active-2026-08-22.tle.gz'), 'active-2026-08-22').elements;
  return august;
}

export function groupsApril(): ElementSet[] {
  return parseTle(fixture('watch/groups-2026-04-27.tle.gz'), 'groups-2026-04-27').elements;
}

export function byId(sets: readonly ElementSet[]): Map<number, ElementSet> {
  return new Map(sets.map((e) => [e.noradId, e]));
}

const MU = 398600.8;

/**
 * `el` after an impulse: `tangentialMs` along the velocity (changes the semi-major axis by
 * 2aΔv/v) and an inclination change of `inclinationDeg`, as an OMM-style set `afterSeconds` later
 * (mean anomaly advanced along the orbit).
 */
export function withImpulse(
  el: ElementSet,
  opts: { tangentialMs?: number; inclinationDeg?: number; afterSeconds?: number },
): ElementSet {
  const n = (el.meanMotionRevPerDay * 2 * Math.PI) / 86_400;
  const a = Math.cbrt(MU / (n * n));
  const v = Math.sqrt(MU / a);
  const da = (2 * a * (opts.tangentialMs ?? 0)) / 1000 / v;
  const after = opts.afterSeconds ?? 60;
  const epochMs = el.epochMs + after * 1000;
  return {
    ...el,
    tle: null,
    format: 'omm-json',
    epochMs,
    epochIso: new Date(epochMs).toISOString(),
    meanMotionRevPerDay: el.meanMotionRevPerDay * (a / (a + da)) ** 1.5,
    inclinationDeg: el.inclinationDeg + (opts.inclinationDeg ?? 0),
    meanAnomalyDeg: (el.meanAnomalyDeg + (el.meanMotionRevPerDay * 360 * after) / 86_400) % 360,
  };
}

/** What a later import needs of a running passwatch (`PasswatchHandle` has both). */
export interface Running {
  store: Pick<CatalogStore, 'replaceSource' | 'loadObjects'>;
  catalog: Pick<Catalog, 'has' | 'record' | 'replaceAll'>;
}

/** A real object of the August catalogue, of a known launch, that `catalog` does not hold. */
export function newcomerFor(catalog: Pick<Catalog, 'has'>): ElementSet {
  return activeAugust().find(
    (e) => !catalog.has(e.noradId) && launchOf(e.intlDesignator) !== null,
  )!;
}

/**
 * An import into a running passwatch at `nowMs`, stored as `passwatch import` stores it (source
 * `import:later`, in `groups`) and applied to its catalog: the ISS after a burn of `burnMs` along
 * track, `hours` after its current set, and the `extra` sets. The caller waits for the watch.
 */
export function importLater(
  running: Running,
  nowMs: number,
  opts: { burnMs?: number; hours?: number; extra?: readonly ElementSet[]; groups?: string[] } = {},
): void {
  const iss = running.catalog.record(25544)!.elements;
  running.store.replaceSource({
    source: {
      name: 'import:later',
      kind: 'import',
      location: 'later.tle',
      groups: opts.groups ?? ['amateur'],
    },
    elements: [
      withImpulse(iss, { tangentialMs: opts.burnMs ?? 1, afterSeconds: (opts.hours ?? 1) * 3600 }),
      ...(opts.extra ?? []),
    ],
    origin: 'file',
    outcome: 'updated',
    startedMs: nowMs,
    finishedMs: nowMs,
    historyDays: 30,
  });
  running.catalog.replaceAll(running.store.loadObjects(), ['import:later']);
}
