/**
 * The finder's safe steps rest on bounds of how fast a satellite can turn (seen from the rotating
 * Earth), how far from the Earth's centre it can be, and how fast elevation can change. Check them
 * against SGP4 itself over real element sets, including eccentric, deep-space and decaying ones.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTle } from '../../../src/core/elements/index.js';
import { Orbit, Site } from '../../../src/core/orbit/index.js';
import { orbitBounds, turnRateBound } from '../../../src/core/passes/finder-bounds.js';
import { EARTH_ROTATION_RAD_S } from '../../../src/core/units.js';
import { orbitOf, TLE } from '../../helpers/tle.js';

const DAY = 86_400_000;
const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });

function fixture(name: string): Orbit[] {
  const path = new URL(`../../fixtures/elements/${name}`, import.meta.url);
  return parseTle(readFileSync(path, 'utf8'), name).elements.map((e) => new Orbit(e));
}

const cases: { orbits: Orbit[]; startMs: number }[] = [
  { orbits: fixture('active-slice.tle'), startMs: Date.parse('2026-07-10T12:00:00Z') },
  { orbits: fixture('amateur.tle'), startMs: Date.parse('2026-08-21T12:00:00Z') },
  {
    orbits: (Object.keys(TLE) as (keyof typeof TLE)[]).map((k) => orbitOf(k)),
    startMs: Date.parse('2026-08-22T00:00:00Z'),
  },
];

describe('finder bounds hold for SGP4', () => {
  it('turn rate, distance and elevation rate over 7 days', () => {
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    const dt = 5;
    let worstTurn = 0;
    let worstElRate = 0;
    let samples = 0;
    for (const { orbits, startMs } of cases) {
      const endMs = startMs + 7 * DAY;
      for (const orbit of orbits) {
        const bounds = orbitBounds(orbit, site, 0, startMs, endMs);
        for (let k = 0; k < 60; k++) {
          const t = startMs + ((endMs - startMs) * (k + 0.37)) / 60;
          if (orbit.temeInto(t, a) !== 0 || orbit.temeInto(t + dt * 1000, b) !== 0) continue;
          // Earth-fixed directions dt apart: undo the Earth's turn between them.
          const th = EARTH_ROTATION_RAD_S * dt;
          const x2 = Math.cos(th) * b[0]! + Math.sin(th) * b[1]!;
          const y2 = -Math.sin(th) * b[0]! + Math.cos(th) * b[1]!;
          const r1 = Math.hypot(a[0]!, a[1]!, a[2]!);
          const r2 = Math.hypot(x2, y2, b[2]!);
          const cos = (a[0]! * x2 + a[1]! * y2 + a[2]! * b[2]!) / (r1 * r2);
          const turn = Math.acos(Math.min(1, cos)) / dt;
          const rLo = Math.max(bounds.rMin, Math.min(r1, r2) - bounds.vMax * dt);
          worstTurn = Math.max(worstTurn, turn / turnRateBound(bounds, rLo));
          expect(r1).toBeGreaterThanOrEqual(bounds.rMin);
          expect(r1).toBeLessThanOrEqual(bounds.rMax);
          const el1 = orbit.look(t, site).elevationDeg;
          const el2 = orbit.look(t + dt * 1000, site).elevationDeg;
          worstElRate = Math.max(
            worstElRate,
            (Math.abs(el2 - el1) * Math.PI) / 180 / dt / bounds.elRateMax,
          );
          samples++;
        }
      }
    }
    expect(samples).toBeGreaterThan(20_000);
    expect(worstTurn).toBeLessThan(1);
    expect(worstElRate).toBeLessThan(1);
  });
});
