/**
 * The satellite.js internals passwatch reads (src/core/orbit/sgp4-record.ts) still mean what
 * Vallado's SGP4 initialisation (sgp4init/initl, Vallado et al. 2006, AIAA 2006-6753) makes them:
 * checked against the formulas that define them, on near-Earth, simplified-drag and deep-space
 * orbits. A satellite.js upgrade that renames, drops or redefines one fails here, naming it.
 */
import { twoline2satrec } from 'satellite.js';
import { describe, expect, it } from 'vitest';
import { WGS72 } from '../../../src/core/constants.js';
import {
  lastDragFactor,
  Sgp4RecordError,
  settleRecordShape,
  sgp4Coefficients,
} from '../../../src/core/orbit/sgp4-record.js';
import { TLE } from '../../helpers/tle.js';

const J3 = -0.00000253881;
const close = (a: number, b: number, rel = 1e-9) =>
  Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

function expectField(field: string, actual: number, expected: number, rel = 1e-9): void {
  expect(
    close(actual, expected, rel),
    `satellite.js field '${field}': ${actual} vs ${expected}`,
  ).toBe(true);
}

describe('satellite.js SGP4 record (the fields passwatch reads)', () => {
  for (const key of Object.keys(TLE) as (keyof typeof TLE)[]) {
    const [, l1, l2] = TLE[key];
    it(`${key}: every field is there and means what Vallado's initialisation makes it`, () => {
      const satrec = twoline2satrec(l1, l2);
      const c = sgp4Coefficients(satrec);
      const revPerDay = Number(l2.slice(52, 63));
      const inclRad = (Number(l2.slice(8, 16)) * Math.PI) / 180;
      const ecc = Number(`0.${l2.slice(26, 33).trim()}`);
      // Deep-space initialisation adds the lunar-solar periodics to the epoch elements.
      const rel = c.method === 'n' ? 1e-12 : 1e-2;
      expectField('inclo', c.inclo, inclRad, rel);
      expectField('ecco', c.ecco, ecc, rel);
      // Un-Kozai'd mean motion: within 0.2 % of the TLE's (Kozai) value, rad/min.
      expectField('no', c.no, (revPerDay * 2 * Math.PI) / 1440, 2e-3);
      expect(c.method, "satellite.js field 'method'").toBe((2 * Math.PI) / c.no >= 225 ? 'd' : 'n');
      // Vallado's initl works from the inclination of the element set.
      const cosi = Math.cos(inclRad);
      const sini = Math.sin(inclRad);
      // SDP4 recomputes these at every propagation from the perturbed inclination; passwatch
      // reads them for near-Earth orbits only.
      if (c.method === 'n') {
        expectField('con41', c.con41, 3 * cosi * cosi - 1);
        expectField('x1mth2', c.x1mth2, 1 - cosi * cosi);
        expectField('x7thm1', c.x7thm1, 7 * cosi * cosi - 1);
        // J3 long-period amplitudes: xlcof / aycof = (3 + 5 cos i) / (2 (1 + cos i)).
        expectField('aycof', c.aycof, -0.5 * (J3 / WGS72.j2) * sini, 1e-6);
        expectField('xlcof', c.xlcof, (c.aycof * (3 + 5 * cosi)) / (2 * (1 + cosi)), 1e-6);
      }
      // Semi-major axis (Earth radii) from the un-Kozai'd mean motion: altp, alta.
      const a = (WGS72.xkePerMin / c.no) ** (2 / 3);
      expectField('altp', c.altp, a * (1 - c.ecco) - 1, 1e-9);
      expectField('alta', c.alta, a * (1 + c.ecco) - 1, 1e-9);
      // Secular rates: the node regresses for prograde orbits; mdot is about the mean motion.
      expect(Math.sign(c.nodedot), "satellite.js field 'nodedot'").toBe(cosi > 0 ? -1 : 1);
      expectField('mdot', c.mdot, c.no, 5e-3);
      expect(c.isimp === 0 || c.isimp === 1, "satellite.js field 'isimp'").toBe(true);
      // Drag polynomial (full model only): t2cof = 1.5 cc1, t3cof = d2 + 2 cc1^2, ...
      expectField('t2cof', c.t2cof, 1.5 * c.cc1, 1e-12);
      if (c.isimp !== 1 && c.method === 'n') {
        const cc1sq = c.cc1 * c.cc1;
        expectField('t3cof', c.t3cof, c.d2 + 2 * cc1sq, 1e-9);
        expectField('t4cof', c.t4cof, 0.25 * (3 * c.d3 + c.cc1 * (12 * c.d2 + 10 * cc1sq)), 1e-9);
        expectField(
          't5cof',
          c.t5cof,
          0.2 * (3 * c.d4 + 12 * c.cc1 * c.d3 + 6 * c.d2 * c.d2 + 15 * cc1sq * (2 * c.d2 + cc1sq)),
          1e-9,
        );
      }
      for (const f of [
        'bstar',
        'cc4',
        'cc5',
        'nodecf',
        'argpdot',
        'mo',
        'nodeo',
        'argpo',
      ] as const) {
        expect(Number.isFinite(c[f]), `satellite.js field '${f}'`).toBe(true);
      }
      // The drag factor after a propagation: 1 at epoch, below 1 later for positive drag.
      expect(lastDragFactor(satrec), "satellite.js field 'tempa'").toBe(1);
    });
  }

  for (const key of Object.keys(TLE) as (keyof typeof TLE)[]) {
    it(`${key}: settling the record's shape changes none of its values`, () => {
      const [, l1, l2] = TLE[key];
      const fresh = twoline2satrec(l1, l2) as unknown as Record<string, unknown>;
      const settled = twoline2satrec(l1, l2);
      settleRecordShape(settled);
      const fields = settled as unknown as Record<string, unknown>;
      expect(Object.keys(fields)).toEqual(Object.keys(fresh));
      for (const [name, value] of Object.entries(fresh)) {
        // The time is -0 instead of 0 (the point of it); every other value is the same.
        if (name === 't') expect(Object.is(fields.t, -0)).toBe(true);
        else expect(fields[name], `field '${name}'`).toStrictEqual(value);
      }
    });
  }

  it('copies every field under its own name (each getter reads the value of its field)', () => {
    for (const key of Object.keys(TLE) as (keyof typeof TLE)[]) {
      const [, l1, l2] = TLE[key];
      const satrec = twoline2satrec(l1, l2) as unknown as Record<string, unknown>;
      const c = sgp4Coefficients(satrec as unknown as ReturnType<typeof twoline2satrec>);
      const names = Object.keys(Object.getOwnPropertyDescriptors(Object.getPrototypeOf(c))).filter(
        (name) => name !== 'constructor',
      );
      expect(names).toHaveLength(29);
      for (const name of names) {
        expect((c as unknown as Record<string, unknown>)[name], `${key}: '${name}'`).toBe(
          satrec[name],
        );
      }
      expect(c.method).toBe(satrec.method);
    }
  });

  it('names the field when one is missing or not a number', () => {
    const [, l1, l2] = TLE.iss;
    const satrec = twoline2satrec(l1, l2);
    const broken = { ...satrec } as unknown as Record<string, unknown>;
    delete broken.t2cof;
    expect(() => sgp4Coefficients(broken as unknown as typeof satrec)).toThrow(Sgp4RecordError);
    expect(() => sgp4Coefficients(broken as unknown as typeof satrec)).toThrow(/'t2cof'/);
    const renamed = { ...satrec, method: 'near' } as unknown as typeof satrec;
    expect(() => sgp4Coefficients(renamed)).toThrow(/'method'/);
  });
});
