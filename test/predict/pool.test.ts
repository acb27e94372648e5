/**
 * The prediction pool gives exactly what the in-thread driver gives: the same passes (every
 * field), errors, stale notes and order, for awkward orbits, an unusable element set, horizon
 * masks and visibility filters; it stops handing out work on abort and at its deadline.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { HorizonMask } from '../../src/core/passes/index.js';
import { DeadlineExceeded, type PassQuery, predictMany } from '../../src/predict/many.js';
import { PredictionPool } from '../../src/predict/pool.js';
import { elementsFromTle, TLE } from '../helpers/tle.js';

const DAY = 86_400_000;
const START = Date.parse('2026-08-21T12:00:00Z');
const amateur = parseTle(
  readFileSync(new URL('../fixtures/elements/amateur.tle', import.meta.url), 'utf8'),
  'amateur.tle',
).elements;
const awkward: ElementSet[] = (
  ['astra1m', 'goes18', 'meridian7', 'polar', 'starlink1623', 'iss'] as const
).map((k) => {
  const [name, line1, line2] = TLE[k];
  return elementsFromTle(name, line1, line2);
});
const broken: ElementSet = { ...awkward[5]!, noradId: 999_001, eccentricity: 1.5, tle: null };
const targets = [...awkward, broken, ...amateur].map((elements, i) => ({
  noradId: elements.noradId,
  name: elements.name,
  elements,
  stdMagnitude: i % 3 === 0 ? null : -1 + (i % 7),
}));

const base: PassQuery = {
  observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 10 },
  horizonMask: null,
  startMs: START,
  endMs: START + 2 * DAY,
  minElevationDeg: 0,
  visibleOnly: false,
  maxMagnitude: 6,
  maxSunElevationDeg: -6,
};
const queries: [string, PassQuery][] = [
  ['all passes', base],
  [
    'a horizon mask, a minimum and peak elevation, from the south',
    {
      ...base,
      observer: { latitudeDeg: -33.9, longitudeDeg: 151.2, altitudeM: 40 },
      horizonMask: new HorizonMask([
        { azimuthDeg: 40, elevationDeg: 0 },
        { azimuthDeg: 90, elevationDeg: 20 },
        { azimuthDeg: 380, elevationDeg: 5 },
      ]),
      minElevationDeg: 10,
      minPeakElevationDeg: 30,
    },
  ],
  ['visible only, faint limit', { ...base, visibleOnly: true, maxMagnitude: 3 }],
];

const pool = new PredictionPool({ threads: 2 });
afterAll(() => pool.close());

describe('PredictionPool', () => {
  it.each(queries)('gives what predictMany gives in this thread: %s', async (_, q) => {
    const options = { staleAfterDays: 2 };
    const direct = await predictMany(targets, q, options);
    const pooled = await pool.many(targets, q, options);
    expect(direct.items.length).toBeGreaterThan(0);
    expect(pooled).toStrictEqual(direct);
    // The records are the caller's own objects, as in this thread.
    expect(pooled.items.every((i) => targets.includes(i.record))).toBe(true);
    expect(pooled.errors.map((e) => e.noradId)).toContain(999_001);
  });

  it('sends an element set whole only until the thread has it, and a new one again', async () => {
    const own = new PredictionPool({ threads: 2 });
    try {
      const direct = await predictMany(targets, base);
      // Cold threads have none: the chunks are sent again with their element sets.
      expect(await own.many(targets, base)).toStrictEqual(direct);
      expect(own.resent).toBeGreaterThan(0);
      // Each thread learns the sets of the chunks it is sent whole; soon a call resends nothing.
      let quiet = false;
      for (let i = 0; i < 30 && !quiet; i++) {
        const before = own.resent;
        expect(await own.many(targets, base)).toStrictEqual(direct);
        quiet = own.resent === before;
      }
      expect(quiet).toBe(true);
      // Another element set object for an object (a refresh) is sent, and used.
      const changed = targets.map((t, i) => (i === 5 ? { ...t, elements: amateur[3]! } : t));
      const before = own.resent;
      expect(await own.many(changed, base)).toStrictEqual(await predictMany(changed, base));
      expect(own.resent).toBeGreaterThan(before);
    } finally {
      await own.close();
    }
  });

  it('keeps the order of the objects when it does not sort', async () => {
    const direct = await predictMany(targets, base, { sort: false });
    expect(await pool.many(targets, base, { sort: false })).toStrictEqual(direct);
  });

  it('gives up with the signal reason once aborted, handing out no more work', async () => {
    const controller = new AbortController();
    const before = pool.chunks;
    const answer = pool.many(targets, base, { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(answer).rejects.toThrow('client went away');
    // At most the chunks already given to the two threads.
    expect(pool.chunks - before).toBeLessThanOrEqual(2);
  });

  it('gives up at its deadline', async () => {
    await expect(pool.many(targets, base, { timeoutSeconds: 0 })).rejects.toBeInstanceOf(
      DeadlineExceeded,
    );
  });

  it('starts its threads on first use, or all at once when warmed', async () => {
    const fresh = new PredictionPool({ threads: 2 });
    try {
      expect(fresh.started).toBe(0);
      fresh.warm();
      expect(fresh.started).toBe(2);
      expect((await fresh.many(targets.slice(0, 3), base)).items.length).toBeGreaterThan(0);
      expect(fresh.started).toBe(2);
    } finally {
      await fresh.close();
    }
    expect(fresh.started).toBe(0);
  });

  it('answers nothing for no satellites, without starting work', async () => {
    const before = pool.chunks;
    expect(await pool.many([], base, { staleAfterDays: 2 })).toEqual({
      items: [],
      errors: [],
      stale: [],
    });
    expect(pool.chunks).toBe(before);
  });
});
