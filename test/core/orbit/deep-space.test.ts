import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../../src/catalog/snapshot.js';
import { type ElementSet, parseOmmCsv } from '../../../src/core/elements/index.js';
import { isDeepSpace, Orbit, sgp4PeriodMinutes } from '../../../src/core/orbit/index.js';
import { elementsFromTle, TLE } from '../../helpers/tle.js';

/** Whether SGP4 itself (satellite.js sgp4init) picks its deep-space branch, or null if unusable. */
function sgp4DeepSpace(el: ElementSet): boolean | null {
  try {
    return new Orbit(el).deepSpace;
  } catch {
    return null;
  }
}

function disagreements(elements: Iterable<ElementSet>) {
  let usable = 0;
  let deep = 0;
  const wrong: number[] = [];
  for (const el of elements) {
    const sgp4 = sgp4DeepSpace(el);
    if (sgp4 === null) continue;
    usable++;
    if (sgp4) deep++;
    if (isDeepSpace(el) !== sgp4) wrong.push(el.noradId);
  }
  return { usable, deep, wrong };
}

describe('isDeepSpace (from the elements, without initialising SGP4)', () => {
  it('agrees with SGP4 on every object of the 16,000-object active catalog (bench/data)', () => {
    const text = readFileSync(new URL('../../../bench/data/active.csv', import.meta.url), 'utf8');
    const { usable, deep, wrong } = disagreements(parseOmmCsv(text, 'active').elements);
    expect(usable).toBeGreaterThan(15_000);
    expect(deep).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
  });

  it('agrees with SGP4 on every object of the bundled snapshot (TLE)', () => {
    const { usable, deep, wrong } = disagreements(readSnapshot().elements.values());
    expect(usable).toBeGreaterThan(500);
    expect(deep).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it("uses SGP4's recovered (Brouwer) mean motion at the 225-minute edge, not the Kozai one", () => {
    const base = elementsFromTle(TLE.iss[0], TLE.iss[1], TLE.iss[2]);
    // Circular, equatorial: the recovered mean motion is a little slower than the Kozai one, so
    // an element set whose Kozai period is just under 225 min is deep space to SGP4.
    const at = (kozaiPeriodMin: number): ElementSet => ({
      ...base,
      tle: null,
      format: 'omm-json',
      eccentricity: 0.0001,
      inclinationDeg: 0,
      meanMotionRevPerDay: 1440 / kozaiPeriodMin,
    });
    const justUnder = at(224.995);
    expect(1440 / justUnder.meanMotionRevPerDay).toBeLessThan(225);
    expect(sgp4DeepSpace(justUnder)).toBe(true);
    expect(isDeepSpace(justUnder)).toBe(true);
    const clearlyUnder = at(224.9);
    expect(sgp4DeepSpace(clearlyUnder)).toBe(false);
    expect(isDeepSpace(clearlyUnder)).toBe(false);
    expect(sgp4PeriodMinutes(justUnder)).toBeCloseTo(new Orbit(justUnder).periodMinutes, 9);
  });

  it('has no period for a mean motion that is not positive', () => {
    const base = elementsFromTle(TLE.iss[0], TLE.iss[1], TLE.iss[2]);
    expect(sgp4PeriodMinutes({ ...base, meanMotionRevPerDay: 0 })).toBeNull();
    expect(isDeepSpace({ ...base, meanMotionRevPerDay: 0 })).toBe(false);
  });
});
