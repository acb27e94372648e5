/**
 * A satellite's transit search in slices (`findTransitsInSlices`): cut only where the satellite
 * is below the horizon, it finds exactly what one `findTransits` call over the whole window finds,
 * and it waits for the event loop between slices.
 */
import { describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { findTransits } from '../../src/core/passes/index.js';
import { MoonTrack, SunTrack } from '../../src/core/sky/index.js';
import { findTransitsInSlices, TRANSIT_SLICE_MS, transitCuts } from '../../src/predict/transits.js';
import { orbitFromTle, TLE } from '../helpers/tle.js';
import { transitScan } from '../reference/transits/scan.js';

// The reference scan's satellites, observers and week (test/reference/transits: every transit
// over 7 days against python-sgp4 + PyEphem): transits on and off both discs, and near misses.
const scan = transitScan;
const startMs = Date.parse(scan.startIso);
const endMs = startMs + scan.days * 86_400_000;
const search = { startMs, endMs, radiusKm: scan.radiusKm, nearMissDeg: scan.nearMissDeg };

describe('findTransitsInSlices', () => {
  let total = 0;
  for (const [name, tle] of Object.entries(scan.satellites)) {
    for (const observer of scan.observers) {
      it(`${name} from ${observer.name}: the same transits as one call over the week`, async () => {
        const orbit = orbitFromTle(name, ...tle);
        const site = new Site(observer);
        const whole = findTransits(
          orbit,
          site,
          search,
          new SunTrack(startMs, endMs),
          new MoonTrack(startMs, endMs),
        );
        let pauses = 0;
        const sliced = await findTransitsInSlices(orbit, site, search, async () => {
          pauses++;
        });
        // One pause before each slice: the week is cut about every 4 hours.
        expect(pauses).toBeGreaterThanOrEqual((endMs - startMs) / (TRANSIT_SLICE_MS + 3_600_000));
        expect(sliced.map((t) => [t.body, t.kind, t.fromObserver])).toEqual(
          whole.map((t) => [t.body, t.kind, t.fromObserver]),
        );
        for (const [i, t] of sliced.entries()) {
          const w = whole[i]!;
          // The passes' ends are refined from another grid: agreement far inside the 0.1 s the
          // reference test allows (and the API's 0.1 s rounding).
          expect(Math.abs(t.timeMs - w.timeMs)).toBeLessThan(10);
          expect(Math.abs(t.minSeparationDeg - w.minSeparationDeg)).toBeLessThan(1e-6);
          expect(Math.abs(t.durationSeconds - w.durationSeconds)).toBeLessThan(1e-3);
          expect(t.centreLine === null).toBe(w.centreLine === null);
          if (t.centreLine && w.centreLine) {
            expect(Math.abs(t.centreLine.distanceKm - w.centreLine.distanceKm)).toBeLessThan(1e-3);
          }
        }
        total += whole.length;
      });
    }
  }

  it('compared transits in all (the cases are not empty)', () => {
    expect(total).toBeGreaterThanOrEqual(15);
  });

  it('cuts only where the satellite is below the horizon, about every slice', () => {
    const orbit = orbitFromTle(...TLE.iss);
    const site = new Site(scan.observers[0]!);
    const cuts = transitCuts(orbit, site, startMs, endMs);
    expect(cuts.length).toBeGreaterThanOrEqual(30);
    let previous = startMs;
    for (const cut of cuts) {
      expect(orbit.look(cut, site).elevationDeg).toBeLessThan(0);
      expect(cut - previous).toBeGreaterThanOrEqual(TRANSIT_SLICE_MS);
      expect(cut - previous).toBeLessThanOrEqual(TRANSIT_SLICE_MS + 3 * 3_600_000);
      previous = cut;
    }
  });

  it('does not cut a geostationary satellite that stays up (one slice, as before)', async () => {
    const orbit = orbitFromTle(...TLE.astra1m);
    const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });
    expect(orbit.look(startMs, site).elevationDeg).toBeGreaterThan(0);
    expect(transitCuts(orbit, site, startMs, endMs)).toEqual([]);
    // (Searched over 2 hours only: a week of an always-up satellite is seconds of work.)
    let pauses = 0;
    const twoHours = { ...search, endMs: startMs + 7_200_000 };
    await findTransitsInSlices(
      orbit,
      site,
      twoHours,
      async () => {
        pauses++;
      },
      1_800_000,
    );
    expect(pauses).toBe(1);
  });
});
