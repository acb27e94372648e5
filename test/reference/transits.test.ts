/**
 * ISS transits of the Sun and the Moon (`findTransits`, `src/core/passes/transits.ts`) against an
 * independent computation: python-sgp4 + PyEphem + Skyfield's timescale, fixture made by
 * test/reference/transits/make_transits.py (see its docstring).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { findTransits } from '../../src/core/passes/index.js';
import { MoonTrack, SunTrack } from '../../src/core/sky/index.js';
import { orbitFromTle } from '../helpers/tle.js';

interface Case {
  name: string;
  body: 'sun' | 'moon';
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
  minSeparationMs: number;
  minSeparationDeg: number;
  centreNearestMs: number;
  centreNearestEcfKm: [number, number, number];
  centreNearestDistanceKm: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('./transits/transits.json', import.meta.url), 'utf8'),
) as { tle: [string, string]; cases: Case[] };

describe('Sun and Moon transits against python-sgp4 + PyEphem', () => {
  const orbit = orbitFromTle('ISS (ZARYA)', ...fixture.tle);
  for (const c of fixture.cases) {
    it(`${c.name}: time within 0.1 s, centre line within 0.5 km`, () => {
      const site = new Site(c);
      const startMs = c.minSeparationMs - 3_600_000;
      const endMs = c.minSeparationMs + 3_600_000;
      const found = findTransits(
        orbit,
        site,
        { startMs, endMs, radiusKm: 50, nearMissDeg: 1 },
        new SunTrack(startMs, endMs),
        new MoonTrack(startMs, endMs),
      ).filter((t) => t.body === c.body);
      expect(found).toHaveLength(1);
      const t = found[0]!;
      const dt = Math.abs(t.timeMs - c.minSeparationMs);
      const cl = t.centreLine!;
      const p = new Site({
        latitudeDeg: cl.latitudeDeg,
        longitudeDeg: cl.longitudeDeg,
        altitudeM: 0,
      });
      const dKm = Math.hypot(
        p.x - c.centreNearestEcfKm[0],
        p.y - c.centreNearestEcfKm[1],
        p.z - c.centreNearestEcfKm[2],
      );
      console.log(c.name, { dtMs: dt, sepDeg: t.minSeparationDeg - c.minSeparationDeg, dKm });
      expect(dt).toBeLessThan(100);
      expect(Math.abs(t.minSeparationDeg - c.minSeparationDeg)).toBeLessThan(0.002);
      expect(dKm).toBeLessThan(0.5);
      expect(Math.abs(cl.distanceKm - c.centreNearestDistanceKm)).toBeLessThan(0.5);
      expect(t.fromObserver).toBe(c.minSeparationDeg < t.bodyRadiusDeg);
    });
  }
});
