import { describe, expect, it } from 'vitest';
import { Orbit, revolutionNumber } from '../../../src/core/orbit/index.js';
import { elementsFromTle, TLE } from '../../helpers/tle.js';

const DAY = 86_400_000;

/** Ascending node crossings found from SGP4 positions (TEME z turning positive). */
function nodeCrossings(key: keyof typeof TLE, days: number, stepMs: number): number[] {
  const el = elementsFromTle(TLE[key][0], TLE[key][1], TLE[key][2]);
  const orbit = new Orbit(el);
  const out: number[] = [];
  let prevZ = orbit.teme(el.epochMs).positionKm.z;
  for (let t = el.epochMs + stepMs; t < el.epochMs + days * DAY; t += stepMs) {
    const z = orbit.teme(t).positionKm.z;
    if (prevZ < 0 && z >= 0) out.push(t);
    prevZ = z;
  }
  return out;
}

describe('revolutionNumber', () => {
  for (const key of ['iss', 'meridian7'] as const) {
    it(`${key}: counts one revolution per ascending node for two weeks`, () => {
      const el = elementsFromTle(TLE[key][0], TLE[key][1], TLE[key][2]);
      const step = key === 'iss' ? 10_000 : 60_000;
      const crossings = nodeCrossings(key, 14, step);
      expect(crossings.length).toBeGreaterThan(20);
      for (const [i, t] of crossings.entries()) {
        // A minute either side of each crossing the numbers differ by exactly one.
        const before = revolutionNumber(el, t - step - 60_000)!;
        const after = revolutionNumber(el, t + 60_000)!;
        expect(after - before).toBe(1);
        expect(after).toBe(revolutionNumber(el, crossings[0]! + 60_000)! + i);
      }
    });
  }

  it('starts from the revolution number at epoch and is null without one', () => {
    const el = elementsFromTle(TLE.iss[0], TLE.iss[1], TLE.iss[2]);
    expect(revolutionNumber(el, el.epochMs)).toBe(58188);
    expect(revolutionNumber({ ...el, revAtEpoch: null }, el.epochMs)).toBeNull();
  });
});
