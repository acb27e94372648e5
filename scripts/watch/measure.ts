/**
 * Measure how much an object's element sets disagree when nothing happened to it beyond what
 * SGP4 models: the previous set propagated to the next set's epoch against the next set, per
 * orbit class, on the real CelesTrak histories the repository holds. The catalog watch
 * (`src/watch/`) calls a change a manoeuvre only beyond this expectation.
 *
 * Run: `nice node --import tsx scripts/watch/measure.ts` (about 3 s, no network). Reads
 *   test/fixtures/catalog/active-2026-07-10.csv.gz  CelesTrak GROUP=active, ~2026-07-10 (OMM CSV)
 *   test/fixtures/catalog/active-2026-08-22.tle.gz  CelesTrak GROUP=active, 2026-08-22 (TLE)
 *   test/fixtures/watch/groups-2026-04-27.tle.gz    stations/amateur/visual/weather/gnss/geo, 2026-04-27
 * and writes scripts/watch/drift.json, scripts/watch/drift.md and src/watch/drift-expected.ts
 * (run `npx biome check --write src/watch/drift-expected.ts` afterwards).
 *
 * For every object in both sets of a pair with the same orbit class: |Δa| per day of age (SGP4
 * mean semi-major axis, next set minus previous propagated) and |Δi| per day. The expected drift
 * rate of a class is the 90th percentile over all three pairs pooled (a tenth of these real
 * changes are larger, most of them manoeuvres: station keeping, orbit raising, reboosts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type ElementSet, parseOmmCsv, parseTle } from '../../src/core/elements/index.js';
import { compareElementSets, type ElementSetChange, Orbit } from '../../src/core/orbit/index.js';
import { quantile } from '../../src/core/stats.js';
import { ORBIT_CLASSES, type OrbitClassId, orbitClassOf } from '../../src/format/drift.js';
import { VERSION } from '../../src/version.js';
import { REFIT_FLOOR } from '../../src/watch/floor.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const QUANTILE = 0.9;

function read(path: string): string {
  return gunzipSync(readFileSync(join(root, path))).toString('utf8');
}
const byId = (els: ElementSet[]) => new Map(els.map((e) => [e.noradId, e]));

export function loadHistories(): {
  label: string;
  old: Map<number, ElementSet>;
  next: Map<number, ElementSet>;
}[] {
  const jul = byId(
    parseOmmCsv(read('test/fixtures/catalog/active-2026-07-10.csv.gz'), 'jul').elements,
  );
  const aug = byId(
    parseTle(read('test/fixtures/catalog/active-2026-08-22.tle.gz'), 'aug').elements,
  );
  const apr = byId(parseTle(read('test/fixtures/watch/groups-2026-04-27.tle.gz'), 'apr').elements);
  return [
    { label: '2026-07-10 → 2026-08-22 (active)', old: jul, next: aug },
    { label: '2026-04-27 → 2026-07-10 (groups)', old: apr, next: jul },
    { label: '2026-04-27 → 2026-08-22 (groups)', old: apr, next: aug },
  ];
}

const sig = (x: number, digits = 3) => Number(x.toPrecision(digits));

export interface PairChange {
  noradId: number;
  name: string;
  orbitClass: OrbitClassId;
  change: ElementSetChange;
}

export function pairChanges(
  old: Map<number, ElementSet>,
  next: Map<number, ElementSet>,
): PairChange[] {
  const out: PairChange[] = [];
  for (const [id, n] of next) {
    const o = old.get(id);
    if (!o || o.epochMs >= n.epochMs) continue;
    const cls = orbitClassOf(n);
    if (orbitClassOf(o) !== cls) continue;
    let change: ElementSetChange | null;
    try {
      change = compareElementSets(new Orbit(o), new Orbit(n));
    } catch {
      continue;
    }
    if (change) out.push({ noradId: id, name: n.name, orbitClass: cls, change });
  }
  return out;
}

export interface ExpectedDrift {
  orbitClass: OrbitClassId;
  /** Pairs measured (all three histories pooled). */
  pairs: number;
  /** Median age of those pairs, days. */
  ageDaysMedian: number;
  /** 90th percentile of |Δa| / age, km per day; and of |Δi| / age, degrees per day. */
  semiMajorAxisKmPerDay: number;
  inclinationDegPerDay: number;
  /** Median of the same, for the note. */
  semiMajorAxisKmPerDayMedian: number;
  inclinationDegPerDayMedian: number;
}

function main(): void {
  const histories = loadHistories();
  const pooled = new Map<OrbitClassId, PairChange[]>();
  const perPair: Record<
    string,
    Record<
      string,
      { pairs: number; ageDays: number; daP50: number; daP90: number; diP50: number; diP90: number }
    >
  > = {};
  for (const h of histories) {
    const changes = pairChanges(h.old, h.next);
    perPair[h.label] = {};
    for (const cls of ORBIT_CLASSES) {
      const c = changes.filter((x) => x.orbitClass === cls.id);
      if (c.length === 0) continue;
      const list = pooled.get(cls.id) ?? [];
      list.push(...c);
      pooled.set(cls.id, list);
      const da = c.map((x) => Math.abs(x.change.deltaSemiMajorAxisKm) / x.change.ageDays);
      const di = c.map((x) => Math.abs(x.change.deltaInclinationDeg) / x.change.ageDays);
      perPair[h.label]![cls.id] = {
        pairs: c.length,
        ageDays: sig(
          quantile(
            c.map((x) => x.change.ageDays),
            0.5,
          ),
        ),
        daP50: sig(quantile(da, 0.5)),
        daP90: sig(quantile(da, QUANTILE)),
        diP50: sig(quantile(di, 0.5)),
        diP90: sig(quantile(di, QUANTILE)),
      };
    }
  }
  const expected: ExpectedDrift[] = ORBIT_CLASSES.map((cls) => {
    const c = pooled.get(cls.id) ?? [];
    const da = c.map((x) => Math.abs(x.change.deltaSemiMajorAxisKm) / x.change.ageDays);
    const di = c.map((x) => Math.abs(x.change.deltaInclinationDeg) / x.change.ageDays);
    return {
      orbitClass: cls.id,
      pairs: c.length,
      ageDaysMedian: sig(
        quantile(
          c.map((x) => x.change.ageDays),
          0.5,
        ),
      ),
      semiMajorAxisKmPerDay: sig(quantile(da, QUANTILE)),
      inclinationDegPerDay: sig(quantile(di, QUANTILE)),
      semiMajorAxisKmPerDayMedian: sig(quantile(da, 0.5)),
      inclinationDegPerDayMedian: sig(quantile(di, 0.5)),
    };
  });
  const measured = new Date().toISOString().slice(0, 10);
  const tool = `passwatch ${VERSION} (satellite.js 7.1 SGP4 mean elements), Node ${process.version}`;
  writeFileSync(
    join(here, 'drift.json'),
    `${JSON.stringify({ measured, tool, quantile: QUANTILE, expected, perPair }, null, 1)}\n`,
  );

  const md = [
    `Measured ${measured} with ${tool}; ${QUANTILE * 100}th percentile of the per-day change, three histories pooled.`,
    '',
    '| orbit class | pairs | age (median) | Δa km/day median / p90 | Δi deg/day median / p90 | refit floor Δa / Δi |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...expected.map(
      (e) =>
        `| ${ORBIT_CLASSES.find((c) => c.id === e.orbitClass)!.label} | ${e.pairs} | ${e.ageDaysMedian} d | ${e.semiMajorAxisKmPerDayMedian} / ${e.semiMajorAxisKmPerDay} | ${e.inclinationDegPerDayMedian} / ${e.inclinationDegPerDay} | ${REFIT_FLOOR[e.orbitClass].semiMajorAxisKm} km / ${REFIT_FLOOR[e.orbitClass].inclinationDeg}° |`,
    ),
    '',
  ].join('\n');
  writeFileSync(join(here, 'drift.md'), md);

  const ts = `/**
 * Generated by scripts/watch/measure.ts (${measured}, ${tool}): do not edit by hand.
 * The ${QUANTILE * 100}th percentile, per orbit class, of how fast an object's SGP4 mean semi-major axis and
 * inclination disagree between its element sets (the earlier set propagated to the later one's
 * epoch), on the real CelesTrak histories of 2026-04-27, 2026-07-10 and 2026-08-22.
 */
import type { OrbitClassId } from '../format/drift.js';

export interface ExpectedDriftRate {
  /** Pairs of sets measured; median age of the pairs, days. */
  pairs: number;
  ageDaysMedian: number;
  semiMajorAxisKmPerDay: number;
  inclinationDegPerDay: number;
}

export const EXPECTED_DRIFT: { measured: string; rates: Record<OrbitClassId, ExpectedDriftRate> } = ${JSON.stringify(
    {
      measured,
      rates: Object.fromEntries(
        expected.map((e) => [
          e.orbitClass,
          {
            pairs: e.pairs,
            ageDaysMedian: e.ageDaysMedian,
            semiMajorAxisKmPerDay: e.semiMajorAxisKmPerDay,
            inclinationDegPerDay: e.inclinationDegPerDay,
          },
        ]),
      ),
    },
    null,
    2,
  )};
`;
  writeFileSync(join(root, 'src', 'watch', 'drift-expected.ts'), ts);
  console.log(md);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
