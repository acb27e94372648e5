/**
 * A satellite's transit search in slices (`findTransitsInSlices`): cut where the satellite is
 * below the horizon (or, for one that stays up, far from both bodies), it finds exactly what one
 * `findTransits` call over the whole window finds, and it waits for the event loop between slices.
 */
import { describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { clearOfBodies, findTransits } from '../../src/core/passes/index.js';
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

  it('cuts a geostationary satellite that stays up by time, where it is far from both bodies', async () => {
    // ASTRA 1M from Libreville over the week of the September equinox (test/reference/transits/
    // geo.json): the Sun passes behind it once a day; one call would hold the loop for the week.
    const orbit = orbitFromTle(...TLE.astra1m);
    const site = new Site({ latitudeDeg: 0.39, longitudeDeg: 9.45, altitudeM: 10 });
    const geoStart = Date.parse('2026-09-19T00:00:00Z');
    const week = { ...search, startMs: geoStart, endMs: geoStart + 7 * 86_400_000 };
    const sun = new SunTrack(week.startMs, week.endMs);
    const moon = new MoonTrack(week.startMs, week.endMs);
    const whole = findTransits(orbit, site, week, sun, moon);
    expect(whole.filter((t) => t.body === 'sun').length).toBeGreaterThanOrEqual(6);
    let pauses = 0;
    const sliced = await findTransitsInSlices(orbit, site, week, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThanOrEqual(30);
    expect(sliced.map((t) => [t.body, t.kind])).toEqual(whole.map((t) => [t.body, t.kind]));
    for (const [i, t] of sliced.entries()) {
      expect(Math.abs(t.timeMs - whole[i]!.timeMs)).toBeLessThan(10);
      expect(Math.abs(t.minSeparationDeg - whole[i]!.minSeparationDeg)).toBeLessThan(1e-6);
    }
    // Each cut with the satellite up, and 1 deg beyond reach of both bodies: the Sun drifts past a
    // GEO at 15 deg an hour, so at least 4 minutes from any minimum.
    const cuts = transitCuts(orbit, site, week.startMs, week.endMs, TRANSIT_SLICE_MS, (t) =>
      clearOfBodies(orbit, site, t, week, sun, moon, 1),
    );
    expect(cuts.length).toBeGreaterThanOrEqual(30);
    for (const cut of cuts) {
      expect(orbit.look(cut, site).elevationDeg).toBeGreaterThan(0);
      for (const t of whole) expect(Math.abs(t.timeMs - cut)).toBeGreaterThan(240_000);
    }
    // Without a clear check nothing cuts it (one slice).
    expect(transitCuts(orbit, site, week.startMs, week.endMs)).toEqual([]);
  });
});
