/**
 * Close approaches against a brute-force python-sgp4 screen (no filters, every 10 s, TCA by
 * bisection on the range rate): the fixture and the script that made it are in conjunctions/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenConjunctions } from '../../src/core/conjunction/index.js';
import { parseTle } from '../../src/core/elements/index.js';
import { Orbit } from '../../src/core/orbit/index.js';

interface Reference {
  tool: string;
  start: string;
  days: number;
  maxKm: number;
  approaches: {
    secondary: number;
    tcaSecondsFromStart: number;
    missKm: number;
    relativeSpeedKmS: number;
  }[];
}

const dir = new URL('./conjunctions/', import.meta.url);
const reference = JSON.parse(
  readFileSync(new URL('brute-force-iss.json', dir), 'utf8'),
) as Reference;
const [primary, ...secondaries] = parseTle(
  readFileSync(new URL('sample.tle', dir), 'utf8'),
  'sample.tle',
).elements.map((e) => new Orbit(e));

describe('close approaches of the ISS against a brute-force python-sgp4 screen', () => {
  const startMs = Date.parse(reference.start);
  const { approaches, stats } = screenConjunctions(primary!, secondaries, {
    startMs,
    days: reference.days,
    maxKm: reference.maxKm,
  });
  // Docked modules sit at the ISS all week: the brute force lists every wiggle, the screen
  // reports them once as co-located.
  const moving = reference.approaches.filter((a) => a.relativeSpeedKmS >= 0.01);
  const docked = new Set(
    reference.approaches.filter((a) => a.relativeSpeedKmS < 0.01).map((a) => a.secondary),
  );

  it('misses no approach under the threshold, and finds none the brute force does not', () => {
    expect(moving.length).toBeGreaterThan(50);
    expect(approaches.length).toBe(moving.length);
    // Co-located: every docked object of the brute force (and modules with the very same
    // elements, whose range rate never changes sign), none with a moving approach.
    for (const id of docked) expect(stats.coLocated).toContain(id);
    expect(moving.filter((a) => stats.coLocated.includes(a.secondary))).toEqual([]);
  });

  it('agrees on every TCA within 0.1 s and every miss distance within 10 m', () => {
    for (const ref of moving) {
      const tca = startMs + ref.tcaSecondsFromStart * 1000;
      const ours = approaches.find(
        (a) => a.secondary === ref.secondary && Math.abs(a.tcaMs - tca) < 60_000,
      );
      expect(ours, `${ref.secondary} at ${new Date(tca).toISOString()}`).toBeDefined();
      expect(Math.abs(ours!.tcaMs - tca)).toBeLessThan(100);
      expect(Math.abs(ours!.missKm - ref.missKm)).toBeLessThan(0.01);
      expect(Math.abs(ours!.relativeSpeedKmS - ref.relativeSpeedKmS)).toBeLessThan(0.001);
    }
  });

  it('pins the closest real case: a CubeSat 8.3 km from the ISS on 2026-08-24', () => {
    const closest = moving
      .filter((a) => a.secondary === 62391)
      .reduce((a, b) => (a.missKm < b.missKm ? a : b));
    const ours = approaches.find(
      (a) =>
        a.secondary === 62391 &&
        Math.abs(a.tcaMs - (startMs + closest.tcaSecondsFromStart * 1000)) < 100,
    )!;
    expect(new Date(ours.tcaMs).toISOString().slice(0, 19)).toBe('2026-08-24T01:23:27');
    expect(ours.missKm).toBeCloseTo(closest.missKm, 2);
  });
});
