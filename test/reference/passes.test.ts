/**
 * The pass finder against Skyfield 1.45 (test/reference/passes: fixtures and the script that made
 * them). AOS/LOS within 1 s, TCA within 2 s, max elevation within 0.02 deg, no missed or extra
 * pass except grazing ones (max elevation within 0.05 deg of the threshold). TCA is the highest
 * point inside the window: for a pass cut by the window it is the window edge when that is higher
 * than every culmination inside (the `cut-*` cases), exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Orbit, Site } from '../../src/core/orbit/index.js';
import {
  BulkSearcher,
  findPasses,
  type Pass,
  type PassSearch,
} from '../../src/core/passes/index.js';
import { orbitFromTle } from '../helpers/tle.js';

interface RefPoint {
  time: string;
  azimuthDeg: number;
  elevationDeg: number;
}
interface RefPass {
  rise: RefPoint | null;
  culminations: RefPoint[];
  set: RefPoint | null;
  maxElevationDeg: number;
  /** The highest point inside the window: a culmination or, for a cut pass, a window edge. */
  highest: RefPoint;
  grazing: boolean;
}
interface RefCase {
  id: string;
  description: string;
  name: string;
  tle: [string, string];
  observer: { latitudeDeg: number; longitudeDeg: number; altitudeM: number };
  minElevationDeg: number;
  start: string;
  end: string;
  passes: RefPass[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./passes/passes.json', import.meta.url), 'utf8'),
) as { cases: RefCase[] };

const GRAZING_DEG = 0.05;
/** Elevation resolution at which two TCA instants count as equally high. */
const FLAT_DEG = 1e-7;
const t = (p: RefPoint) => Date.parse(p.time);

/** Reference pass window [rise or window start, set or window end]. */
function span(p: RefPass, c: RefCase): [number, number] {
  return [p.rise ? t(p.rise) : Date.parse(c.start), p.set ? t(p.set) : Date.parse(c.end)];
}

function ourSpan(p: Pass, c: RefCase): [number, number] {
  return [p.aos?.timeMs ?? Date.parse(c.start), p.los?.timeMs ?? Date.parse(c.end)];
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];

type Engine = (orbit: Orbit, site: Site, search: PassSearch) => Pass[];

/** Both pass searches: the general finder, and the bulk search the API and CLI use. */
const engines: [string, Engine][] = [
  ['findPasses', (orbit, site, search) => findPasses(orbit, site, search).passes],
  [
    'BulkSearcher',
    (orbit, site, search) =>
      new BulkSearcher([{ site, minElevationDeg: search.minElevationDeg ?? 0 }], search).search(
        orbit,
      ).passes[0]!,
  ],
];

for (const [engine, findAll] of engines) {
  /** Worst differences over all cases, printed once for the closing note. */
  const worst = { aosLos: 0, tca: 0, maxEl: 0 };
  let flatTcas = 0;

  describe(`${engine} against Skyfield find_events (refined)`, () => {
    for (const c of fixture.cases) {
      it(`${c.id}: ${c.description}`, () => {
        const orbit = orbitFromTle(c.name, c.tle[0], c.tle[1]);
        const site = new Site(c.observer);
        const passes = findAll(orbit, site, {
          startMs: Date.parse(c.start),
          endMs: Date.parse(c.end),
          minElevationDeg: c.minElevationDeg,
        });
        const matched = new Set<Pass>();
        for (const ref of c.passes) {
          const mine = passes.find((p) => overlaps(ourSpan(p, c), span(ref, c)));
          if (!mine) {
            expect(ref.grazing, `missed pass rising ${ref.rise?.time}`).toBe(true);
            continue;
          }
          matched.add(mine);
          expect(mine.aos === null, 'pass in progress at start').toBe(ref.rise === null);
          expect(mine.los === null, 'pass in progress at end').toBe(ref.set === null);
          if (ref.rise && mine.aos) {
            const d = Math.abs(mine.aos.timeMs - t(ref.rise));
            worst.aosLos = Math.max(worst.aosLos, d);
            expect(d, `AOS ${ref.rise.time}`).toBeLessThanOrEqual(1000);
            expect(Math.abs(mine.aos.azimuthDeg - ref.rise.azimuthDeg) % 360).toBeLessThan(0.1);
          }
          if (ref.set && mine.los) {
            const d = Math.abs(mine.los.timeMs - t(ref.set));
            worst.aosLos = Math.max(worst.aosLos, d);
            expect(d, `LOS ${ref.set.time}`).toBeLessThanOrEqual(1000);
          }
          const dMax = Math.abs(mine.maxElevationDeg - ref.maxElevationDeg);
          worst.maxEl = Math.max(worst.maxEl, dMax);
          expect(dMax, `max elevation of pass rising ${ref.rise?.time}`).toBeLessThanOrEqual(0.02);
          // TCA is the highest point inside the window: a culmination, or the window edge of a cut
          // pass that starts on the way down (or ends on the way up) above any culmination.
          const top = ref.highest;
          const d = Math.abs(mine.tca.timeMs - t(top));
          const el = (ms: number) => orbit.look(ms, site).elevationDeg;
          const peak = el(mine.tca.timeMs);
          const drop = peak - Math.max(el(mine.tca.timeMs - 2000), el(mine.tca.timeMs + 2000));
          const atEdge = t(top) === Date.parse(c.start) || t(top) === Date.parse(c.end);
          if (atEdge || drop > FLAT_DEG) {
            worst.tca = Math.max(worst.tca, d);
            expect(d, `TCA ${top.time}`).toBeLessThanOrEqual(atEdge ? 0 : 2000);
          } else {
            // A flat culmination (GEO): elevation changes by less than FLAT_DEG within 2 s, so
            // its time is not defined to 2 s by either model. Ours and Skyfield's TCA must then
            // be equally high (by our propagation) to that same resolution.
            flatTcas++;
            expect(Math.abs(peak - el(t(top))), `flat TCA ${top.time}`).toBeLessThan(FLAT_DEG);
          }
          // Every interior culmination of the reference is one of ours (and no more).
          expect(mine.culminations.length).toBe(ref.culminations.length);
        }
        for (const p of passes) {
          if (matched.has(p)) continue;
          // An extra pass is allowed only when it grazes the threshold.
          expect(
            p.maxElevationDeg - c.minElevationDeg,
            `extra pass at ${p.tca.timeMs}`,
          ).toBeLessThanOrEqual(GRAZING_DEG);
        }
      });
    }

    it('reports its worst differences', () => {
      console.log(
        `${engine} vs Skyfield: worst AOS/LOS ${worst.aosLos.toFixed(0)} ms, TCA ${worst.tca.toFixed(0)} ms, max elevation ${worst.maxEl.toFixed(5)} deg; ${flatTcas} flat (GEO) culminations compared by elevation`,
      );
      expect(fixture.cases.length).toBeGreaterThan(20);
    });
  });
}
