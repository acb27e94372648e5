/**
 * The one look-geometry kernel (src/core/orbit/topocentric.ts) against satellite.js's own
 * transforms (eciToEcf + ecfToLookAngles, an independent implementation) and against finite
 * differences for its rates.
 */
import { degreesToRadians, ecfToLookAngles, eciToEcf, gstime } from 'satellite.js';
import { describe, expect, it } from 'vitest';
import {
  Look,
  lookFromTeme,
  Site,
  sinElevationFromEcf,
  sinElevationFromTeme,
  temeToEcf,
} from '../../../src/core/orbit/index.js';
import { gmst } from '../../../src/core/time.js';
import { orbitOf } from '../../helpers/tle.js';

const observer = { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 30 };
const site = new Site(observer);
const start = Date.parse('2026-08-22T00:00:00Z');

describe('lookFromTeme', () => {
  const orbit = orbitOf('iss');
  const state = new Float64Array(6);
  it('agrees with satellite.js look angles and range over a day', () => {
    const gd = {
      latitude: degreesToRadians(observer.latitudeDeg),
      longitude: degreesToRadians(observer.longitudeDeg),
      height: observer.altitudeM / 1000,
    };
    for (let t = start; t < start + 86_400_000; t += 600_000) {
      expect(orbit.temeInto(t, state)).toBe(0);
      const look = lookFromTeme(state, gmst(t), site, new Look());
      const ecf = eciToEcf({ x: state[0]!, y: state[1]!, z: state[2]! }, gstime(new Date(t)));
      const ref = ecfToLookAngles(gd, ecf);
      expect(look.elevationRad).toBeCloseTo(ref.elevation, 9);
      expect(Math.cos(look.azimuthRad - ref.azimuth)).toBeCloseTo(1, 9);
      expect(look.rangeKm).toBeCloseTo(ref.rangeSat, 6);
      expect(look.ecfXKm).toBeCloseTo(ecf.x, 6);
      expect(
        Math.asin(sinElevationFromTeme(state[0]!, state[1]!, state[2]!, gmst(t), site)),
      ).toBeCloseTo(look.elevationRad, 12);
      const e = temeToEcf({ x: state[0]!, y: state[1]!, z: state[2]! }, gmst(t));
      expect(Math.asin(sinElevationFromEcf(e.x, e.y, e.z, site))).toBeCloseTo(
        look.elevationRad,
        12,
      );
    }
  });

  it('gives elevation and range rates that match finite differences', () => {
    const a = new Look();
    const b = new Look();
    const mid = new Look();
    for (let t = start; t < start + 86_400_000; t += 3_600_000) {
      orbit.temeInto(t - 500, state);
      lookFromTeme(state, gmst(t - 500), site, a);
      orbit.temeInto(t + 500, state);
      lookFromTeme(state, gmst(t + 500), site, b);
      orbit.temeInto(t, state);
      lookFromTeme(state, gmst(t), site, mid);
      expect(Math.abs(mid.elevationRateRadS - (b.elevationRad - a.elevationRad))).toBeLessThan(
        1e-6,
      );
      expect(Math.abs(mid.rangeRateKmS - (b.rangeKm - a.rangeKm))).toBeLessThan(1e-3);
    }
  });

  it('leaves the azimuth alone when asked for elevation only', () => {
    orbit.temeInto(start, state);
    const look = new Look();
    look.azimuthRad = 123;
    lookFromTeme(state, gmst(start), site, look, false);
    expect(look.azimuthRad).toBe(123);
  });
});
