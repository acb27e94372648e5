/**
 * The transit search's work is bounded by how fast the separation can change, not by the length
 * of a pass: a geostationary satellite, whose "pass" is the whole window, costs a few thousand
 * propagations a week (it was sampled every second: over a million).
 */
import { describe, expect, it } from 'vitest';
import { Site } from '../../../src/core/orbit/index.js';
import type { Orbit } from '../../../src/core/orbit/propagate.js';
import { findTransits } from '../../../src/core/passes/index.js';
import { MoonTrack, SunTrack } from '../../../src/core/sky/index.js';
import { orbitOf } from '../../helpers/tle.js';

/** The orbit with every SGP4 propagation counted (all of them go through `temeAtMinutesInto`). */
function counted(orbit: Orbit): { orbit: Orbit; calls: () => number } {
  let n = 0;
  const wrapped = Object.create(orbit) as Orbit;
  wrapped.temeAtMinutesInto = (minutes: number, out: Float64Array, offset?: number) => {
    n++;
    return orbit.temeAtMinutesInto(minutes, out, offset);
  };
  return { orbit: wrapped, calls: () => n };
}

describe('findTransits work', () => {
  it('a GEO week at the equinox: under 20,000 propagations in all, a sun outage each day', () => {
    // As test/reference/transits/geo.json: ASTRA 1M from Libreville, 2026-09-19 for 7 days.
    const { orbit, calls } = counted(orbitOf('astra1m'));
    const site = new Site({ latitudeDeg: 0.39, longitudeDeg: 9.45, altitudeM: 10 });
    const startMs = Date.parse('2026-09-19T00:00:00Z');
    const endMs = startMs + 7 * 86_400_000;
    expect(orbit.look(startMs, site).elevationDeg).toBeGreaterThan(0);
    const found = findTransits(
      orbit,
      site,
      { startMs, endMs, radiusKm: 100, nearMissDeg: 1 },
      new SunTrack(startMs, endMs),
      new MoonTrack(startMs, endMs),
    );
    // The pass search (about 6,000 for a satellite that stays up) and the separation's minima.
    expect(calls()).toBeLessThan(20_000);
    const sunDays = new Set(
      found
        .filter((t) => t.body === 'sun')
        .map((t) => new Date(t.timeMs).toISOString().slice(0, 10)),
    );
    expect(sunDays.size).toBeGreaterThanOrEqual(6);
  });

  it('a GEO transit lasts minutes: the time on the disc is not cut at the first 5 s', () => {
    const { orbit } = counted(orbitOf('astra1m'));
    const site = new Site({ latitudeDeg: 0.39, longitudeDeg: 9.45, altitudeM: 10 });
    const startMs = Date.parse('2026-09-21T09:00:00Z');
    const endMs = startMs + 3 * 3_600_000;
    const [t] = findTransits(
      orbit,
      site,
      { startMs, endMs, radiusKm: 100, nearMissDeg: 1 },
      new SunTrack(startMs, endMs),
      new MoonTrack(startMs, endMs),
    );
    expect(t?.fromObserver).toBe(true);
    // The Sun's disc, 0.53 deg across, drifts past at 15 deg an hour: about two minutes.
    expect(t!.durationSeconds).toBeGreaterThan(100);
    expect(t!.durationSeconds).toBeLessThan(130);
  });
});
