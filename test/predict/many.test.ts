import { describe, expect, it } from 'vitest';
import { decodePass, encodePass } from '../../src/alerts/pass-record.js';
import type { PredictedPass } from '../../src/core/passes/index.js';
import { predictMany, sortPasses } from '../../src/predict/many.js';

const query = {
  observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 },
  horizonMask: null,
  startMs: Date.UTC(2026, 7, 22),
  endMs: Date.UTC(2026, 7, 23),
  minElevationDeg: 0,
  visibleOnly: false,
  maxMagnitude: 6,
  maxSunElevationDeg: -6,
};

describe('the many-satellites driver', () => {
  it('gives up with the signal reason once aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client went away'));
    await expect(predictMany([], query, { signal: controller.signal })).rejects.toThrow(
      'client went away',
    );
  });

  it('answers nothing for no satellites', async () => {
    expect(await predictMany([], query, { staleAfterDays: 14 })).toEqual({
      items: [],
      errors: [],
      stale: [],
    });
  });
});

describe("the answer order of many satellites' passes", () => {
  // Passes with an AOS, and some without (up at the window's start: sorted by their TCA), with
  // many equal starts and equal NORAD ids, so the ties show whether the sort is stable.
  const items = Array.from({ length: 2_000 }, (_, i) => {
    const at = { timeMs: 1_000 * ((i * 7_919) % 97) };
    const pass = { aos: i % 5 === 0 ? null : at, tca: { timeMs: at.timeMs + (i % 3) } };
    return { record: { noradId: 25_000 + ((i * 31) % 13) }, pass: pass as PredictedPass, tag: i };
  });

  it('is by start, then NORAD id, and keeps the found order among equals', () => {
    const sorted = items.slice();
    sortPasses(sorted as never[]);
    const start = (x: (typeof items)[number]) => (x.pass.aos ?? x.pass.tca).timeMs;
    const expected = items
      .map((x, index) => ({ x, index }))
      .sort(
        (a, b) =>
          start(a.x) - start(b.x) || a.x.record.noradId - b.x.record.noradId || a.index - b.index,
      )
      .map(({ x }) => x.tag);
    expect(sorted.map((x) => x.tag)).toEqual(expected);
    expect(new Set(sorted.map((x) => x.tag)).size).toBe(items.length);
  });
});

describe('the stored pass record', () => {
  const record = {
    noradId: 25544,
    aos: { time: '2026-08-22T20:00:00Z', azimuth: 250 },
    tca: { time: '2026-08-22T20:05:00Z' },
    los: null,
    maxElevation: 41.5,
    durationSeconds: 600,
    visible: [],
  };

  it('reads back what it wrote, keys in their stored order', () => {
    const text = encodePass(record);
    expect(decodePass(text)).toEqual(record);
    expect(JSON.stringify(decodePass(text))).toBe(text);
  });

  it('refuses a row that is not a pass, naming the field', () => {
    expect(() => decodePass(JSON.stringify({ ...record, maxElevation: 'high' }))).toThrow(
      /maxElevation/,
    );
  });
});
