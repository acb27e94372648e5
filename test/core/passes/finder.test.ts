import { describe, expect, it } from 'vitest';
import { Site } from '../../../src/core/orbit/index.js';
import { findPasses, HorizonMask, type Pass } from '../../../src/core/passes/index.js';
import { orbitFromTle, orbitOf } from '../../helpers/tle.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-08-21T12:00:00Z');
const netherlands = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });

/** Elevation (deg) straight from propagation, independent of the finder. */
function elevationAt(key: Parameters<typeof orbitOf>[0], site: Site, t: number): number {
  return orbitOf(key).look(t, site).elevationDeg;
}

describe('findPasses on LEO', () => {
  const iss = orbitOf('iss');
  const { passes, error } = findPasses(iss, netherlands, { startMs: T0, endMs: T0 + 3 * DAY });

  it('finds complete, time-ordered, non-overlapping passes', () => {
    expect(error).toBeNull();
    expect(passes.length).toBeGreaterThan(10);
    for (const [i, p] of passes.entries()) {
      expect(p.aos).not.toBeNull();
      expect(p.los).not.toBeNull();
      expect(p.truncated).toBe(false);
      expect(p.aos!.timeMs).toBeLessThan(p.tca.timeMs);
      expect(p.tca.timeMs).toBeLessThan(p.los!.timeMs);
      expect(p.durationSeconds).toBeCloseTo((p.los!.timeMs - p.aos!.timeMs) / 1000, 6);
      const next = passes[i + 1];
      if (next) expect(p.los!.timeMs).toBeLessThan(next.aos!.timeMs);
    }
  });

  it('puts AOS and LOS on the threshold and TCA at the highest point', () => {
    for (const p of passes) {
      expect(Math.abs(p.aos!.elevationDeg)).toBeLessThan(1e-3);
      expect(Math.abs(p.los!.elevationDeg)).toBeLessThan(1e-3);
      // Independent propagation one second either side of TCA is lower.
      expect(elevationAt('iss', netherlands, p.tca.timeMs - 1000)).toBeLessThan(p.maxElevationDeg);
      expect(elevationAt('iss', netherlands, p.tca.timeMs + 1000)).toBeLessThan(p.maxElevationDeg);
      expect(p.maxElevationDeg).toBe(p.tca.elevationDeg);
    }
  });

  it('agrees with a dense one-second scan on every crossing', () => {
    const site = netherlands;
    const crossings: number[] = [];
    let prevUp = elevationAt('iss', site, T0) > 0;
    for (let t = T0 + 1000; t <= T0 + 3 * DAY; t += 1000) {
      const up = iss.look(t, site).elevationDeg > 0;
      if (up !== prevUp) crossings.push(t);
      prevUp = up;
    }
    const found = passes.flatMap((p) => [p.aos!.timeMs, p.los!.timeMs]);
    expect(found.length).toBe(crossings.length);
    for (const [i, t] of crossings.entries()) {
      // The scan's crossing lies in (t - 1 s, t].
      expect(found[i]!).toBeGreaterThan(t - 1000);
      expect(found[i]!).toBeLessThanOrEqual(t);
    }
  });

  it('raises the threshold: fewer, shorter passes, all reaching the minimum elevation', () => {
    const high = findPasses(iss, netherlands, {
      startMs: T0,
      endMs: T0 + 3 * DAY,
      minElevationDeg: 30,
    }).passes;
    expect(high.length).toBeGreaterThan(0);
    expect(high.length).toBeLessThan(passes.length);
    for (const p of high) {
      expect(p.maxElevationDeg).toBeGreaterThanOrEqual(30);
      expect(p.aos!.elevationDeg).toBeCloseTo(30, 3);
      const around = passes.find(
        (q) => q.aos!.timeMs < p.aos!.timeMs && q.los!.timeMs > p.los!.timeMs,
      );
      expect(around).toBeDefined();
    }
  });
});

describe('window edges', () => {
  const iss = orbitOf('iss');
  const all = findPasses(iss, netherlands, { startMs: T0, endMs: T0 + DAY }).passes;
  const p = all[1]!;

  it('returns a pass in progress at the start with a null AOS', () => {
    const start = p.tca.timeMs;
    const cut = findPasses(iss, netherlands, { startMs: start, endMs: start + 2 * HOUR }).passes;
    const first = cut[0]!;
    expect(first.truncated).toBe(true);
    expect(first.aos).toBeNull();
    expect(first.los!.timeMs).toBeCloseTo(p.los!.timeMs, -1);
    expect(first.durationSeconds).toBeCloseTo((p.los!.timeMs - start) / 1000, 0);
  });

  it('returns a pass running past the end with a null LOS', () => {
    const end = p.tca.timeMs;
    const cut = findPasses(iss, netherlands, { startMs: end - 2 * HOUR, endMs: end }).passes;
    const lastPass = cut.at(-1)!;
    expect(lastPass.truncated).toBe(true);
    expect(lastPass.los).toBeNull();
    expect(lastPass.aos!.timeMs).toBeCloseTo(p.aos!.timeMs, -1);
  });

  it('refuses an empty window', () => {
    expect(() => findPasses(iss, netherlands, { startMs: T0, endMs: T0 })).toThrow(RangeError);
  });
});

describe('geostationary orbits', () => {
  it('GEO that never sets: one pass covering the whole window, both ends null', () => {
    const { passes, error } = findPasses(orbitOf('astra1m'), netherlands, {
      startMs: T0,
      endMs: T0 + 3 * DAY,
    });
    expect(error).toBeNull();
    expect(passes).toHaveLength(1);
    const [p] = passes as [Pass];
    expect(p.aos).toBeNull();
    expect(p.los).toBeNull();
    expect(p.truncated).toBe(true);
    expect(p.durationSeconds).toBe(3 * 86_400);
    expect(p.maxElevationDeg).toBeGreaterThan(25);
    expect(p.maxElevationDeg).toBeLessThan(35);
  });

  it('GEO that never rises: no passes', () => {
    const { passes, error } = findPasses(orbitOf('goes18'), netherlands, {
      startMs: T0,
      endMs: T0 + 3 * DAY,
    });
    expect(error).toBeNull();
    expect(passes).toEqual([]);
    expect(elevationAt('goes18', netherlands, T0)).toBeLessThan(-10);
  });
});

describe('highly elliptical orbits', () => {
  it('Molniya-type passes last hours and stay above the threshold throughout', () => {
    const { passes } = findPasses(orbitOf('meridian7'), netherlands, {
      startMs: T0,
      endMs: T0 + 4 * DAY,
    });
    const complete = passes.filter((p) => !p.truncated);
    expect(complete.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...complete.map((p) => p.durationSeconds))).toBeGreaterThan(8 * 3600);
    for (const p of complete) {
      for (let t = p.aos!.timeMs + 60_000; t < p.los!.timeMs; t += 15 * 60_000) {
        expect(elevationAt('meridian7', netherlands, t)).toBeGreaterThan(0);
      }
    }
  });

  it('reports every culmination of a pass with two maxima, TCA at the higher one', () => {
    const { passes } = findPasses(orbitOf('polar'), netherlands, {
      startMs: T0,
      endMs: T0 + 4 * DAY,
    });
    const twin = passes.find((p) => p.culminations.length >= 2);
    expect(twin).toBeDefined();
    const c = twin!.culminations;
    expect(twin!.maxElevationDeg).toBe(Math.max(...c.map((x) => x.elevationDeg)));
    // Between two culminations elevation dips but stays above the threshold.
    const mid = (c[0]!.timeMs + c[1]!.timeMs) / 2;
    const dip = elevationAt('polar', netherlands, mid);
    expect(dip).toBeGreaterThan(0);
    expect(dip).toBeLessThan(Math.min(c[0]!.elevationDeg, c[1]!.elevationDeg));
  });
});

describe('decayed objects', () => {
  it('keeps the passes before SGP4 fails and reports the failure', () => {
    const orbit = orbitOf('starlink1623');
    const { passes, error } = findPasses(orbit, netherlands, {
      startMs: orbit.elements.epochMs,
      endMs: orbit.elements.epochMs + 5 * DAY,
    });
    expect(error).not.toBeNull();
    expect(error!.noradId).toBe(46129);
    expect(error!.code).toBeGreaterThan(0);
    const failAt = error!.epochMs;
    expect(failAt).toBeGreaterThan(orbit.elements.epochMs + DAY);
    expect(failAt).toBeLessThan(orbit.elements.epochMs + 2 * DAY);
    expect(passes.length).toBeGreaterThan(0);
    for (const p of passes) expect(p.tca.timeMs).toBeLessThan(failAt);
  });

  it('returns no passes and the error when the window starts after the failure', () => {
    const orbit = orbitOf('starlink1623');
    const start = orbit.elements.epochMs + 3 * DAY;
    const { passes, error } = findPasses(orbit, netherlands, {
      startMs: start,
      endMs: start + DAY,
    });
    expect(passes).toEqual([]);
    expect(error?.epochMs).toBe(start);
  });
});

describe('horizon mask', () => {
  const iss = orbitOf('iss');
  // Trees to the east: 25 deg between azimuth 45 and 135, open elsewhere.
  const mask = new HorizonMask([
    { azimuthDeg: 40, elevationDeg: 0 },
    { azimuthDeg: 45, elevationDeg: 25 },
    { azimuthDeg: 135, elevationDeg: 25 },
    { azimuthDeg: 140, elevationDeg: 0 },
  ]);

  it('interpolates between points and wraps through north', () => {
    expect(mask.elevationAt(90)).toBe(25);
    expect(mask.elevationAt(42.5)).toBeCloseTo(12.5, 10);
    expect(mask.elevationAt(300)).toBe(0);
    const wrap = new HorizonMask([
      { azimuthDeg: 350, elevationDeg: 10 },
      { azimuthDeg: 10, elevationDeg: 20 },
    ]);
    expect(wrap.elevationAt(0)).toBeCloseTo(15, 10);
    expect(wrap.elevationAt(-10)).toBeCloseTo(10, 10);
    expect(() => new HorizonMask([])).toThrow(/at least one point/);
    expect(
      () =>
        new HorizonMask([
          { azimuthDeg: 10, elevationDeg: 5 },
          { azimuthDeg: 370, elevationDeg: 6 },
        ]),
    ).toThrow(/given twice/);
  });

  it('starts and ends masked passes on the mask, inside unmasked passes', () => {
    const window = { startMs: T0, endMs: T0 + 3 * DAY };
    const open = findPasses(iss, netherlands, window).passes;
    const masked = findPasses(iss, netherlands, { ...window, horizonMask: mask }).passes;
    expect(masked.length).toBeGreaterThan(0);
    let clipped = 0;
    for (const p of masked) {
      for (const edge of [p.aos!, p.los!]) {
        const limit = Math.max(0, mask.elevationAt(edge.azimuthDeg));
        expect(Math.abs(edge.elevationDeg - limit)).toBeLessThan(0.01);
        if (limit > 1) clipped++;
      }
      // Where the mask is open the masked and open crossings coincide (to the 1 ms tolerance).
      const around = open.find(
        (q) => q.aos!.timeMs <= p.aos!.timeMs + 2 && q.los!.timeMs >= p.los!.timeMs - 2,
      );
      expect(around).toBeDefined();
    }
    expect(clipped).toBeGreaterThan(0);
  });
});

describe('element sets propagated far from their epoch', () => {
  it('finds the passes of a decaying object weeks before its epoch, when it flew higher', () => {
    // LEMUR-2-SPECIAL-K, 2026-08-19, perigee ~216 km with heavy drag: SGP4 puts it near 480 km
    // three weeks earlier, well above its epoch apogee.
    const orbit = orbitFromTle(
      'LEMUR-2-SPECIAL-K',
      '1 48273U 21034F   26231.80024369  .02747306  25107-5  18282-2 0  9992',
      '2 48273  97.5535 324.8090 0014393 262.4839  97.4813 16.16748205291734',
    );
    const sydney = new Site({ latitudeDeg: -33.9, longitudeDeg: 151.2, altitudeM: 50 });
    const start = Date.parse('2026-08-02T00:00:00Z');
    const end = start + 2 * DAY;
    const { passes } = findPasses(orbit, sydney, { startMs: start, endMs: end });
    // Independent dense scan: rises every 5 s (passes here last minutes).
    let rises = 0;
    let up = orbit.look(start, sydney).elevationDeg > 0;
    for (let t = start + 5000; t < end; t += 5000) {
      const now = orbit.look(t, sydney).elevationDeg > 0;
      if (now && !up) rises++;
      up = now;
    }
    expect(rises).toBeGreaterThanOrEqual(8);
    expect(passes.filter((p) => p.aos !== null)).toHaveLength(rises);
  });
});
