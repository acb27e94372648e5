import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Site, siteTeme } from '../../../src/core/orbit/index.js';
import {
  isSunlit,
  lambertSpherePhase,
  parseStdMagTable,
  phaseAngleDeg,
  SunTrack,
  visualMagnitude,
} from '../../../src/core/sky/index.js';
import { gmst } from '../../../src/core/time.js';
import { DEG } from '../../../src/core/units.js';
import { orbitFromTle } from '../../helpers/tle.js';

describe('lambertSpherePhase', () => {
  it('is 1 at full phase, 1/pi at 90 deg and 0 at 180 deg', () => {
    expect(lambertSpherePhase(0)).toBeCloseTo(1, 12);
    expect(lambertSpherePhase(90 * DEG)).toBeCloseTo(1 / Math.PI, 12);
    expect(lambertSpherePhase(Math.PI)).toBeCloseTo(0, 12);
  });
});

describe('visualMagnitude', () => {
  it('equals the standard magnitude at 1000 km and 90 deg phase', () => {
    expect(visualMagnitude(4.2, 1000, 90)).toBeCloseTo(4.2, 12);
  });

  it('dims by 5 log10(2) = 1.505 mag when the range doubles', () => {
    expect(visualMagnitude(4.2, 2000, 90) - 4.2).toBeCloseTo(5 * Math.log10(2), 12);
  });

  it('brightens by 2.5 log10(pi) = 1.243 mag at full phase', () => {
    expect(visualMagnitude(4.2, 1000, 0) - 4.2).toBeCloseTo(-2.5 * Math.log10(Math.PI), 12);
  });

  it('gets fainter as the phase angle grows', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let phi = 0; phi < 180; phi += 5) {
      const m = visualMagnitude(0, 1000, phi);
      expect(m).toBeGreaterThan(previous);
      previous = m;
    }
  });

  it('returns +Infinity when only the unlit side faces the observer', () => {
    expect(visualMagnitude(4.2, 1000, 180)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a non-positive range', () => {
    expect(() => visualMagnitude(4.2, 0, 90)).toThrow(RangeError);
    expect(() => visualMagnitude(4.2, Number.NaN, 90)).toThrow(RangeError);
  });
});

describe('phaseAngleDeg', () => {
  const sat = { x: 7000, y: 0, z: 0 };
  it('is 0 when the observer sits between the satellite and the Sun', () => {
    expect(phaseAngleDeg(sat, { x: 1.5e8, y: 0, z: 0 }, { x: 8000, y: 0, z: 0 })).toBeCloseTo(0, 9);
  });
  it('is 90 deg when the Sun and the observer are at right angles', () => {
    expect(phaseAngleDeg(sat, { x: 7000, y: 1.5e8, z: 0 }, { x: 6378, y: 0, z: 0 })).toBeCloseTo(
      90,
      9,
    );
  });
  it('is 180 deg when the observer looks at the night side', () => {
    expect(phaseAngleDeg(sat, { x: -1.5e8, y: 0, z: 0 }, { x: 8000, y: 0, z: 0 })).toBeCloseTo(
      180,
      9,
    );
  });
});

describe('parseStdMagTable', () => {
  it('reads NORAD ids and magnitudes', () => {
    const { magnitudes, issues } = parseStdMagTable('{"25544": -1, "20580": 2.5}');
    expect(issues).toEqual([]);
    expect(magnitudes.get(25544)).toBe(-1);
    expect(magnitudes.get(20580)).toBe(2.5);
  });

  it('leaves out and reports entries with bad keys, non-numeric or implausible values', () => {
    const { magnitudes, issues } = parseStdMagTable(
      '{"5": 10.5, "abc": 3, "0": 3, "11": "8.5", "12": null, "13": 99, "14": -1e3, "1.5": 2}',
    );
    expect([...magnitudes]).toEqual([[5, 10.5]]);
    expect(issues.map((i) => i.key).sort()).toEqual(['0', '1.5', '11', '12', '13', '14', 'abc']);
    expect(issues.find((i) => i.key === '11')?.reason).toMatch(/not a finite number/);
    expect(issues.find((i) => i.key === '13')?.reason).toMatch(/outside/);
  });

  it('throws a SyntaxError for text that is not a JSON object', () => {
    expect(() => parseStdMagTable('{"5": ')).toThrow(SyntaxError);
    expect(() => parseStdMagTable('[1, 2]')).toThrow(SyntaxError);
    expect(() => parseStdMagTable('null')).toThrow(SyntaxError);
  });

  it('reads the bundled satvisor table without issues (ISS = -1.0)', () => {
    const text = readFileSync(
      new URL('../../../assets/magnitudes/satvisor-stdmag.json', import.meta.url),
      'utf8',
    );
    const { magnitudes, issues } = parseStdMagTable(text);
    expect(issues).toEqual([]);
    expect(magnitudes.size).toBe(33_705);
    expect(magnitudes.get(25544)).toBe(-1);
  });
});

describe('ISS high night pass', () => {
  // CelesTrak GP, 2026-08-22 snapshot (shared/data/tle/stations.tle).
  const line1 = '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995';
  const line2 = '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884';
  const ISS_STD_MAG = -1.0; // bundled satvisor table
  // New York City, pre-dawn pass of 2026-08-21 (about 04:24 EDT), five hours before the epoch.
  const site = new Site({ latitudeDeg: 40.7128, longitudeDeg: -74.006, altitudeM: 10 });
  const from = Date.parse('2026-08-21T08:15:00Z');
  const to = Date.parse('2026-08-21T08:32:00Z');

  it('lands near -3.5 at culmination (measured -3.35 at 80 deg elevation, 422 km, phase 71 deg)', () => {
    const orbit = orbitFromTle('ISS (ZARYA)', line1, line2);
    const sun = new SunTrack(from, to);
    let culmination = from;
    let best = Number.NEGATIVE_INFINITY;
    for (let t = from; t <= to; t += 250) {
      const el = orbit.look(t, site).elevationDeg;
      if (el > best) {
        best = el;
        culmination = t;
      }
    }
    const look = orbit.look(culmination, site);
    const sat = orbit.teme(culmination).positionKm;
    const sunKm = sun.temeKm(culmination);
    expect(look.elevationDeg).toBeGreaterThan(70);
    expect(isSunlit(sat, sunKm)).toBe(true);
    expect(sun.elevationDeg(site, culmination)).toBeLessThan(-6);
    const phase = phaseAngleDeg(sat, sunKm, siteTeme(site, gmst(culmination)));
    const mag = visualMagnitude(ISS_STD_MAG, look.rangeKm, phase);
    expect(mag).toBeGreaterThan(-4.0);
    expect(mag).toBeLessThan(-3.0);
    expect(mag).toBeCloseTo(-3.35, 2);
  });
});
