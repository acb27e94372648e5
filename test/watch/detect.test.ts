import { describe, expect, it } from 'vitest';
import {
  checkDecay,
  checkManoeuvre,
  estimateReentry,
  expectedDrift,
  launchOf,
  orbitShape,
} from '../../src/watch/index.js';
import { activeAugust, activeJuly, byId, withImpulse } from './real-data.js';

const DAY_MS = 86_400_000;
const aug = () => byId(activeAugust());
const jul = () => byId(activeJuly());

describe('manoeuvres', () => {
  it('a real pair of sets six weeks apart with nothing happening is a refit, not an event', () => {
    // NOAA 20: sun-synchronous at 830 km, no manoeuvre between the two snapshots.
    const check = checkManoeuvre(jul().get(43013)!, aug().get(43013)!)!;
    expect(check.orbitClass).toBe('leo-high');
    expect(check.change.ageDays).toBeGreaterThan(40);
    expect(Math.abs(check.change.deltaSemiMajorAxisKm)).toBeLessThan(0.05);
    expect(check.manoeuvre).toBe(false);
  });

  it('a known tangential delta-v applied to the real set is found, estimated within 20%', () => {
    const before = jul().get(43013)!;
    for (const dv of [1, 3]) {
      const check = checkManoeuvre(
        before,
        withImpulse(aug().get(43013)!, { tangentialMs: dv, afterSeconds: 0.001 }),
      )!;
      expect(check.manoeuvre).toBe(true);
      expect(check.change.deltaSemiMajorAxisKm).toBeGreaterThan(0);
      expect(Math.abs(check.change.deltaVMPerS - dv) / dv).toBeLessThan(0.2);
    }
  });

  it('a small change one minute later is a refit; a 0.5 m/s burn on the ISS is a manoeuvre', () => {
    const iss = aug().get(25544)!;
    const refit = checkManoeuvre(iss, withImpulse(iss, { tangentialMs: 0.05 }))!;
    expect(refit.manoeuvre).toBe(false);
    const burn = checkManoeuvre(iss, withImpulse(iss, { tangentialMs: 0.5 }))!;
    expect(burn.manoeuvre).toBe(true);
    expect(burn.change.ageDays).toBeCloseTo(60 / 86_400, 6);
    expect(burn.change.deltaVMPerS).toBeGreaterThan(0.4);
    expect(burn.change.deltaVMPerS).toBeLessThan(0.6);
    // A prograde burn raises the orbit: the old set, propagated, is below the new one.
    expect(burn.change.radialKm).toBeLessThan(0);
  });

  it('an inclination change is found and costs 2 v sin(di/2)', () => {
    const noaa = aug().get(43013)!;
    const check = checkManoeuvre(noaa, withImpulse(noaa, { inclinationDeg: 0.05 }))!;
    expect(check.manoeuvre).toBe(true);
    expect(check.change.deltaInclinationDeg).toBeCloseTo(0.05, 4);
    const v = Math.sqrt(398600.8 / check.change.semiMajorAxisKm) * 1000;
    const expected = 2 * v * Math.sin((0.05 * Math.PI) / 180 / 2);
    expect(Math.abs(check.change.deltaVMPerS - expected) / expected).toBeLessThan(0.2);
  });

  it('finds the real relocation of a geostationary satellite between the snapshots', () => {
    // WILDBLUE-1 changed its mean semi-major axis by about 300 km between July and August 2026.
    const check = checkManoeuvre(jul().get(29643)!, aug().get(29643)!)!;
    expect(check.orbitClass).toBe('geo');
    expect(check.manoeuvre).toBe(true);
    expect(check.change.deltaSemiMajorAxisKm).toBeGreaterThan(250);
  });

  it('expects more drift for older sets and for lower orbits', () => {
    expect(expectedDrift('leo-low', 10).semiMajorAxisKm).toBeGreaterThan(
      expectedDrift('leo-low', 1).semiMajorAxisKm,
    );
    expect(expectedDrift('leo-low', 1).semiMajorAxisKm).toBeGreaterThan(
      expectedDrift('leo-high', 1).semiMajorAxisKm,
    );
  });

  it('does not compare sets out of order or of different orbit classes', () => {
    const iss = aug().get(25544)!;
    expect(checkManoeuvre(iss, jul().get(25544)!)).toBeNull();
    expect(checkManoeuvre(jul().get(25544)!, aug().get(29643)!)).toBeNull();
  });
});

describe('decays', () => {
  const now = Date.parse('2026-08-22T03:00:00Z');
  const settings = { perigeeKm: 200, horizonDays: 7 };

  it('reports a real Starlink whose perigee is below 150 km and which SGP4 decays within days', () => {
    const history = [jul().get(46129)!, aug().get(46129)!];
    expect(orbitShape(history[1]!).perigeeKm).toBeLessThan(150);
    const found = checkDecay(history, now, settings);
    expect(found.map((d) => d.reason).sort()).toEqual(['perigee-low', 'sgp4-decay']);
    const sgp4 = found.find((d) => d.reason === 'sgp4-decay')!;
    expect(sgp4.sgp4DecayMs).toBeGreaterThan(now);
    expect(sgp4.sgp4DecayMs).toBeLessThan(now + 7 * DAY_MS);
    const re = sgp4.reentry!;
    expect(re.basis).toBe('history');
    expect(re.decayRateKmPerDay).toBeLessThan(0);
    expect(re.earliestMs).toBeLessThan(re.timeMs);
    // The history's rate puts re-entry after SGP4 gives up: the window ends there.
    expect(re.cappedBySgp4).toBe(true);
    expect(re.latestMs).toBe(sgp4.sgp4DecayMs);
    expect(re.timeMs).toBeLessThanOrEqual(re.latestMs);
    expect(re.uncertaintyDays).toBeGreaterThan(0);
  });

  it('reports nothing for the ISS, and only SGP4 decay for an object above the perigee threshold', () => {
    expect(checkDecay([aug().get(25544)!], now, settings)).toEqual([]);
    // STARLINK-1597: perigee 223 km, SGP4 gives up within the week.
    const found = checkDecay([jul().get(46142)!, aug().get(46142)!], now, settings);
    expect(found.map((d) => d.reason)).toEqual(['sgp4-decay']);
  });

  it('caps the re-entry window at the SGP4 decay time: a braked object comes down within days, not years', () => {
    // A real low, near-circular object braked so that its perigee comes down to about 150 km; its
    // mean motion derivative is still the slow one of before the brake.
    const low = [...aug().values()].find((e) => {
      const shape = orbitShape(e);
      return e.noradId !== 25544 && shape.perigeeKm > 450 && shape.apogeeKm < 700;
    })!;
    const shape = orbitShape(low);
    const a = 6378.135 + (shape.perigeeKm + shape.apogeeKm) / 2;
    const brakeMs = (-(shape.perigeeKm - 150) * Math.sqrt(398600.8 / a) * 1000) / (2 * a);
    const braked = withImpulse(low, { tangentialMs: brakeMs, afterSeconds: 600 });
    expect(orbitShape(braked).perigeeKm).toBeLessThan(160);
    const uncapped = estimateReentry([braked])!;
    expect(uncapped.latestMs - braked.epochMs).toBeGreaterThan(365 * DAY_MS);
    const at = braked.epochMs;
    const found = checkDecay([braked], at, settings);
    expect(found.map((d) => d.reason).sort()).toEqual(['perigee-low', 'sgp4-decay']);
    for (const d of found) {
      expect(d.sgp4DecayMs).toBeLessThan(at + 7 * DAY_MS);
      const re = d.reentry!;
      expect(re.cappedBySgp4).toBe(true);
      expect(re.latestMs).toBe(d.sgp4DecayMs);
      expect(re.timeMs).toBeLessThanOrEqual(re.latestMs);
      expect(re.earliestMs).toBeLessThanOrEqual(re.timeMs);
      expect(re.uncertaintyDays).toBeCloseTo((re.latestMs - re.earliestMs) / 2 / DAY_MS, 9);
    }
    // Without SGP4 decay in the horizon, the window is left as estimated.
    const later = checkDecay([braked], at, { perigeeKm: 200, horizonDays: 0 });
    expect(later.map((d) => d.reason)).toEqual(['perigee-low']);
    expect(later[0]!.reentry).toEqual(uncapped);
  });

  it('estimates from the mean motion derivative when there is no history', () => {
    const re = estimateReentry([aug().get(46129)!])!;
    expect(re.basis).toBe('mean-motion-derivative');
    expect(re.timeMs).toBeGreaterThan(aug().get(46129)!.epochMs);
    // NOAA 20 at 830 km: centuries away (the watch asks only for low perigees).
    const noaa = estimateReentry([aug().get(43013)!])!;
    expect(noaa.timeMs - aug().get(43013)!.epochMs).toBeGreaterThan(100 * 365 * DAY_MS);
  });
});

describe('launches', () => {
  it('groups objects by international designator year and number', () => {
    expect(launchOf('1998-067A')).toBe('1998-067');
    expect(launchOf('2026-045BZ')).toBe('2026-045');
    expect(launchOf(null)).toBeNull();
    expect(launchOf('')).toBeNull();
    const iss = aug().get(25544)!;
    expect(launchOf(iss.intlDesignator)).toBe('1998-067');
  });
});
