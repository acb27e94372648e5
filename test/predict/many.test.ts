import { describe, expect, it } from 'vitest';
import { decodePass, encodePass } from '../../src/alerts/pass-record.js';
import { predictMany } from '../../src/predict/many.js';

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
