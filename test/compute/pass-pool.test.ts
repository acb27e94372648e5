import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PassPool } from '../../src/compute/pass-pool.js';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { Orbit, Site } from '../../src/core/orbit/index.js';
import { findPassesBulk, HorizonMask } from '../../src/core/passes/index.js';
import { elementsFromTle, TLE } from '../helpers/tle.js';

const DAY = 86_400_000;
const START = Date.parse('2026-08-21T12:00:00Z');
const amateur = parseTle(
  readFileSync(new URL('../fixtures/elements/amateur.tle', import.meta.url), 'utf8'),
  'amateur.tle',
).elements;
/** GEO (a pass without ends), HEO (several culminations), a decaying LEO, the ISS. */
const awkward: ElementSet[] = (
  ['astra1m', 'goes18', 'meridian7', 'polar', 'starlink1623', 'iss'] as const
).map((k) => {
  const [name, line1, line2] = TLE[k];
  return elementsFromTle(name, line1, line2);
});
const observers = [
  { observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 } },
  {
    observer: { latitudeDeg: -33.9, longitudeDeg: 151.2, altitudeM: 0 },
    minElevationDeg: 10,
    horizonMask: [
      { azimuthDeg: 40, elevationDeg: 0 },
      { azimuthDeg: 90, elevationDeg: 20 },
      { azimuthDeg: 140, elevationDeg: 0 },
    ],
  },
];
const window = { startMs: START, endMs: START + 3 * DAY };
const pool = new PassPool({ threads: 2, chunkSize: 16 });
afterAll(() => pool.close());

describe('PassPool', () => {
  const elements = [...awkward, ...amateur];

  it('gives exactly what findPassesBulk gives in one thread, object by object', async () => {
    const packed = await pool.search(elements, observers, window);
    const direct = findPassesBulk(
      elements.map((e) => new Orbit(e)),
      observers.map((o) => ({
        site: new Site(o.observer),
        minElevationDeg: o.minElevationDeg ?? 0,
        horizonMask: o.horizonMask ? new HorizonMask(o.horizonMask) : null,
      })),
      window,
    );
    expect(packed.objectCount).toBe(elements.length);
    expect(packed.passCount).toBe(direct.passCount);
    expect(packed.evaluations).toBe(direct.evaluations);
    for (const [i, expected] of direct.objects.entries()) {
      const got = packed.objectResult(i);
      expect(got.noradId).toBe(expected.noradId);
      expect(got.passes).toEqual(expected.passes);
      expect(got.error?.message).toBe(expected.error?.message);
      expect(got).toMatchObject({
        stale: expected.stale,
        method: expected.method,
        fallback: expected.fallback,
        evaluations: expected.evaluations,
      });
      expect(got.epochDistanceDays).toBeCloseTo(expected.epochDistanceDays, 9);
      expect(packed.object(i).passCount).toBe(expected.passes.flat().length);
    }
    // The awkward ones survive the round trip: no ends, several culminations, an error.
    const astra = packed.passes(0, 0);
    expect(astra).toHaveLength(1);
    expect(astra[0]!.aos).toBeNull();
    expect(astra[0]!.los).toBeNull();
    expect(
      packed.passes(2, 0).some((p) => p.culminations.length >= 2) ||
        packed.passes(3, 0).some((p) => p.culminations.length >= 2),
    ).toBe(true);
    expect(packed.object(4).error?.kind).toMatch(/decayed|eccentricity/);
  });

  it('searches in the calling thread with threads: 0, with the same result', async () => {
    const inline = new PassPool({ threads: 0 });
    const a = await inline.search(amateur, observers.slice(0, 1), window);
    const b = await pool.search(amateur, observers.slice(0, 1), window);
    expect(a.passCount).toBe(b.passCount);
    for (let i = 0; i < a.objectCount; i++) expect(a.passes(i, 0)).toEqual(b.passes(i, 0));
  });

  it('turns element sets that cannot be initialised into error records', async () => {
    const broken: ElementSet = { ...amateur[0]!, tle: null, meanMotionRevPerDay: 0 };
    expect(() => new Orbit(broken)).toThrow();
    const r = await pool.search([amateur[1]!, broken, amateur[2]!], observers, window);
    expect(r.objectCount).toBe(3);
    const bad = r.object(1);
    expect(bad.fallback).toBe('invalid-elements');
    expect(bad.error?.kind).toBe('invalid-elements');
    expect(bad.passCount).toBe(0);
    expect(r.object(0).error).toBeNull();
    expect(r.passCountOf(2, 0)).toBeGreaterThan(0);
  });

  it('refuses an empty window or no observers', async () => {
    await expect(pool.search(amateur, [], window)).rejects.toThrow(/at least one site/);
    await expect(pool.search(amateur, observers, { startMs: START, endMs: START })).rejects.toThrow(
      RangeError,
    );
  });
});
