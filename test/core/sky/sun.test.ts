import { describe, expect, it } from 'vitest';
import { Site } from '../../../src/core/orbit/index.js';
import {
  equationOfEquinoxesDeg,
  SunTrack,
  sunEcfKm,
  sunElevationDeg,
  sunTemeKm,
} from '../../../src/core/sky/index.js';
import { gmst } from '../../../src/core/time.js';
import { RAD, type Vec3 } from '../../../src/core/units.js';

const AU_KM = 149_597_870.7;
const T0 = Date.parse('2026-08-20T00:00:00Z');

function angleDeg(a: Vec3, b: Vec3): number {
  const cx = a.y * b.z - a.z * b.y;
  const cy = a.z * b.x - a.x * b.z;
  const cz = a.x * b.y - a.y * b.x;
  return Math.atan2(Math.hypot(cx, cy, cz), a.x * b.x + a.y * b.y + a.z * b.z) * RAD;
}

describe('sunTemeKm', () => {
  it('keeps the Sun between perihelion and aphelion distance', () => {
    for (let d = 0; d < 366; d += 7) {
      const v = sunTemeKm(Date.parse('2026-01-01T00:00:00Z') + d * 86_400_000);
      const au = Math.hypot(v.x, v.y, v.z) / AU_KM;
      expect(au).toBeGreaterThan(0.983);
      expect(au).toBeLessThan(1.0168);
    }
  });

  it('puts the Sun at declination +23.44 deg at the June 2026 solstice', () => {
    const v = sunTemeKm(Date.parse('2026-06-21T08:24:00Z'));
    const decDeg = Math.asin(v.z / Math.hypot(v.x, v.y, v.z)) * RAD;
    expect(decDeg).toBeCloseTo(23.44, 2);
  });

  it('places the Sun near RA 0 (TEME) at the March 2026 equinox', () => {
    const v = sunTemeKm(Date.parse('2026-03-20T14:46:00Z'));
    expect(Math.abs(Math.atan2(v.y, v.x) * RAD)).toBeLessThan(0.05);
    expect(Math.abs(Math.asin(v.z / Math.hypot(v.x, v.y, v.z)) * RAD)).toBeLessThan(0.02);
  });
});

describe('equationOfEquinoxesDeg', () => {
  it('stays within the nutation bound of 1.2 s of time (0.005 deg)', () => {
    for (let d = 0; d < 6800; d += 97) {
      const e = equationOfEquinoxesDeg(Date.parse('2020-01-01T00:00:00Z') + d * 86_400_000);
      expect(Math.abs(e)).toBeLessThan(0.005);
    }
  });
});

describe('sunEcfKm and sunElevationDeg', () => {
  it('rotates the TEME vector about the pole by GMST', () => {
    const t = T0 + 12_345_678;
    const teme = sunTemeKm(t);
    const ecf = sunEcfKm(t);
    expect(ecf.z).toBeCloseTo(teme.z, 3);
    const lonTeme = Math.atan2(teme.y, teme.x);
    const lonEcf = Math.atan2(ecf.y, ecf.x);
    const diff = (((lonTeme - lonEcf - gmst(t)) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI);
    expect(Math.abs(diff - Math.PI)).toBeLessThan(1e-12);
  });

  it('puts the Sun at the zenith where the ellipsoid normal points at it', () => {
    const t = T0 + 40_000_000;
    const s = sunEcfKm(t);
    const site = new Site({
      latitudeDeg: Math.atan2(s.z, Math.hypot(s.x, s.y)) * RAD,
      longitudeDeg: Math.atan2(s.y, s.x) * RAD,
      altitudeM: 0,
    });
    // Only the 8.8" solar parallax separates the topocentric from the geocentric direction.
    expect(sunElevationDeg(site, t)).toBeGreaterThan(89.997);
  });

  it('has the Sun below the horizon at local midnight and above it at local noon in London (August)', () => {
    const london = new Site({ latitudeDeg: 51.5074, longitudeDeg: -0.1278, altitudeM: 11 });
    expect(sunElevationDeg(london, Date.parse('2026-08-21T00:00:00Z'))).toBeLessThan(-15);
    const noon = sunElevationDeg(london, Date.parse('2026-08-21T12:03:00Z'));
    expect(noon).toBeGreaterThan(50);
    expect(noon).toBeLessThan(51);
  });
});

describe('SunTrack', () => {
  const start = T0;
  const end = T0 + 3 * 86_400_000;
  const track = new SunTrack(start, end);

  it('interpolates the TEME direction within 0.0005 deg (measured ~1.5e-7 deg) of sunTemeKm', () => {
    let worst = 0;
    let worstRel = 0;
    for (let t = start; t <= end; t += 86_400_000 / 97) {
      const a = track.temeKm(t);
      const b = sunTemeKm(t);
      worst = Math.max(worst, angleDeg(a, b));
      worstRel = Math.max(
        worstRel,
        Math.abs(Math.hypot(a.x, a.y, a.z) / Math.hypot(b.x, b.y, b.z) - 1),
      );
    }
    expect(worst).toBeLessThan(0.0005);
    expect(worst).toBeLessThan(1e-6);
    expect(worstRel).toBeLessThan(1e-9);
  });

  it('matches the direct functions for Earth-fixed position and elevation', () => {
    const site = new Site({ latitudeDeg: 40.7128, longitudeDeg: -74.006, altitudeM: 10 });
    for (let t = start; t <= end; t += 3_456_789) {
      expect(track.elevationDeg(site, t)).toBeCloseTo(sunElevationDeg(site, t), 6);
      expect(angleDeg(track.ecfKm(t), sunEcfKm(t))).toBeLessThan(1e-6);
    }
  });

  it('answers at both ends of its window and refuses instants outside it', () => {
    expect(angleDeg(track.temeKm(start), sunTemeKm(start))).toBeLessThan(1e-6);
    expect(angleDeg(track.temeKm(end), sunTemeKm(end))).toBeLessThan(1e-6);
  });

  it('answers instants outside its span from the same grid, as accurately (no RangeError)', () => {
    // A pass that runs past the request window asks the Sun there (issue 10: a 500 on a GEO pass).
    const day = 86_400_000;
    for (const t of [start - 1, start - 0.3 * day, end + 1, end + 6_610_499, end + 40 * day]) {
      expect(angleDeg(track.temeKm(t), sunTemeKm(t))).toBeLessThan(1e-6);
      expect(
        track.elevationDeg(new Site({ latitudeDeg: -30.4, longitudeDeg: 80, altitudeM: 0 }), t),
      ).toBeCloseTo(
        sunElevationDeg(new Site({ latitudeDeg: -30.4, longitudeDeg: 80, altitudeM: 0 }), t),
        5,
      );
    }
    expect(() => track.temeKm(Number.NaN)).toThrow(RangeError);
  });

  it('accepts a zero-length window and rejects a reversed one or a bad step', () => {
    expect(angleDeg(new SunTrack(start, start).temeKm(start), sunTemeKm(start))).toBeLessThan(1e-6);
    expect(() => new SunTrack(end, start)).toThrow(RangeError);
    expect(() => new SunTrack(start, end, 0)).toThrow(RangeError);
  });
});
