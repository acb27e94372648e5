import { describe, expect, it } from 'vitest';
import type { RotatorSpec } from '../../../src/core/station/rotator.js';
import {
  compatible,
  type ScheduleCandidate,
  type ScheduleOptions,
  schedulePasses,
} from '../../../src/core/station/schedule.js';

const rotator: RotatorSpec = {
  azimuthMinDeg: 0,
  azimuthMaxDeg: 450,
  elevationMinDeg: 0,
  elevationMaxDeg: 90,
  azimuthRateDegS: 3,
  elevationRateDegS: 2,
  park: { azimuthDeg: 0, elevationDeg: 0 },
};
const T0 = Date.parse('2026-08-22T00:00:00Z');

function pass(
  key: string,
  aosMin: number,
  losMin: number,
  priority = 1,
  extra: Partial<ScheduleCandidate<null>> = {},
): ScheduleCandidate<null> {
  return {
    key,
    priority,
    aosMs: T0 + aosMin * 60_000,
    losMs: T0 + losMin * 60_000,
    maxElevationDeg: 45,
    startPosition: { azimuthDeg: 0, elevationDeg: 0 },
    endPosition: { azimuthDeg: 0, elevationDeg: 0 },
    item: null,
    ...extra,
  };
}

/** A seeded PRNG (mulberry32), so that failures repeat. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The best total over every subset whose passes, in time order, are pairwise consecutive-compatible. */
function bruteForce(cands: ScheduleCandidate<null>[], options: ScheduleOptions): number {
  const sorted = [...cands].sort((a, b) => a.losMs - b.losMs || a.aosMs - b.aosMs);
  let best = 0;
  for (let mask = 1; mask < 1 << sorted.length; mask++) {
    const chain = sorted.filter((_, i) => mask & (1 << i));
    if (chain.every((c, i) => i === 0 || compatible(chain[i - 1]!, c, options))) {
      best = Math.max(
        best,
        chain.reduce((s, c) => s + c.priority, 0),
      );
    }
  }
  return best;
}

function randomCase(r: () => number, n: number): ScheduleCandidate<null>[] {
  return Array.from({ length: n }, (_, i) => {
    const aos = r() * 180;
    const dur = 2 + r() * 15;
    return pass(`p${i}`, aos, aos + dur, 1 + Math.floor(r() * 5), {
      startPosition: { azimuthDeg: r() * 450, elevationDeg: r() * 90 },
      endPosition: { azimuthDeg: r() * 450, elevationDeg: r() * 90 },
    });
  });
}

describe('the schedule', () => {
  it('works the heavier of two overlapping passes', () => {
    const r = schedulePasses([pass('a', 0, 10, 1), pass('b', 5, 15, 3)], {
      turnaroundSeconds: 0,
      rotator: null,
    });
    expect(r.scheduled.map((c) => c.key)).toEqual(['b']);
    expect(r.rejected).toEqual([
      {
        candidate: expect.objectContaining({ key: 'a' }),
        reason: { kind: 'conflict', conflictsWith: ['b'] },
      },
    ]);
    expect(r.totalPriority).toBe(3);
  });

  it('prefers two light passes to one heavy pass that overlaps both when they weigh more', () => {
    const r = schedulePasses([pass('a', 0, 10, 2), pass('big', 5, 25, 3), pass('c', 20, 30, 2)], {
      turnaroundSeconds: 60,
      rotator: null,
    });
    expect(r.scheduled.map((c) => c.key)).toEqual(['a', 'c']);
    expect(r.totalPriority).toBe(4);
  });

  it('needs the turnaround, and the rotator travel between end and start positions', () => {
    const a = pass('a', 0, 10, 1, { endPosition: { azimuthDeg: 400, elevationDeg: 0 } });
    // b starts 2 min after a ends, 360° away in azimuth: 120 s of travel + 30 s turnaround > 120 s.
    const b = pass('b', 12, 20, 1, { startPosition: { azimuthDeg: 40, elevationDeg: 0 } });
    const options = { turnaroundSeconds: 30, rotator };
    expect(schedulePasses([a, b], options).scheduled).toHaveLength(1);
    // Start b 30 s later and both fit.
    const later = { ...b, aosMs: b.aosMs + 30_000 };
    expect(schedulePasses([a, later], options).scheduled.map((c) => c.key)).toEqual(['a', 'b']);
    // Without rotator only the turnaround counts.
    expect(schedulePasses([a, b], { turnaroundSeconds: 30, rotator: null }).scheduled).toHaveLength(
      2,
    );
  });

  it('rejects passes below the minimum peak elevation or too short, with the figures', () => {
    const r = schedulePasses(
      [
        pass('low', 0, 10, 1, { maxElevationDeg: 8, minPeakElevationDeg: 10 }),
        pass('short', 20, 22, 1, { minDurationSeconds: 180 }),
        pass('ok', 30, 40, 1, { minPeakElevationDeg: 10, minDurationSeconds: 180 }),
      ],
      { turnaroundSeconds: 0, rotator: null },
    );
    expect(r.scheduled.map((c) => c.key)).toEqual(['ok']);
    expect(r.rejected.map((x) => [x.candidate.key, x.reason])).toEqual([
      ['low', { kind: 'below-min-peak', maxElevationDeg: 8, minPeakElevationDeg: 10 }],
      ['short', { kind: 'too-short', durationSeconds: 120, minDurationSeconds: 180 }],
    ]);
  });

  it('refuses a non-positive priority', () => {
    expect(() =>
      schedulePasses([pass('a', 0, 1, 0)], { turnaroundSeconds: 0, rotator: null }),
    ).toThrow(/positive/);
    expect(() =>
      schedulePasses([pass('a', 0, 1, -2)], { turnaroundSeconds: 0, rotator: null }),
    ).toThrow(RangeError);
  });

  it('is deterministic: equal totals go to the plan ending earliest, whatever the input order', () => {
    const cands = [pass('x', 0, 10, 1), pass('y', 5, 15, 1), pass('z', 5, 15, 1)];
    const a = schedulePasses(cands, { turnaroundSeconds: 0, rotator: null });
    const b = schedulePasses([...cands].reverse(), { turnaroundSeconds: 0, rotator: null });
    expect(a.scheduled.map((c) => c.key)).toEqual(['x']);
    expect(b.scheduled.map((c) => c.key)).toEqual(['x']);
  });

  it('matches a brute-force optimum on 400 random small cases, and every plan is workable', () => {
    const r = rng(13);
    let withTravelBinding = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = 3 + Math.floor(r() * 10);
      const cands = randomCase(r, n);
      const options: ScheduleOptions = {
        turnaroundSeconds: Math.floor(r() * 120),
        rotator:
          trial % 4 === 3
            ? null
            : { ...rotator, azimuthRateDegS: 0.5 + r() * 6, elevationRateDegS: 0.5 + r() * 6 },
      };
      const result = schedulePasses(cands, options);
      expect(result.totalPriority, `trial ${trial}`).toBe(bruteForce(cands, options));
      for (const [i, c] of result.scheduled.entries()) {
        if (i > 0) expect(compatible(result.scheduled[i - 1]!, c, options)).toBe(true);
      }
      expect(result.scheduled.length + result.rejected.length).toBe(n);
      for (const rej of result.rejected) {
        expect(rej.reason.kind).toBe('conflict');
        if (rej.reason.kind === 'conflict')
          expect(rej.reason.conflictsWith.length).toBeGreaterThan(0);
      }
      // Count the cases where the travel decides (it would differ without the rotator).
      if (
        options.rotator &&
        schedulePasses(cands, { ...options, rotator: null }).totalPriority !== result.totalPriority
      ) {
        withTravelBinding++;
      }
    }
    expect(withTravelBinding).toBeGreaterThan(50);
  });
});
