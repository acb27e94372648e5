import { describe, expect, it } from 'vitest';
import {
  planRotator,
  type RotatorSpec,
  rotatorPositionAt,
  rotatorProblems,
  travelSeconds,
} from '../../../src/core/station/rotator.js';
import { linePass } from './sky-tracks.js';

const base: RotatorSpec = {
  azimuthMinDeg: 0,
  azimuthMaxDeg: 360,
  elevationMinDeg: 0,
  elevationMaxDeg: 90,
  azimuthRateDegS: 6,
  elevationRateDegS: 6,
  park: { azimuthDeg: 180, elevationDeg: 0 },
};
const overlap: RotatorSpec = { ...base, azimuthMaxDeg: 450 };
const centred: RotatorSpec = {
  ...base,
  azimuthMinDeg: -180,
  azimuthMaxDeg: 180,
  park: { azimuthDeg: 0, elevationDeg: 0 },
};
const flip: RotatorSpec = { ...base, elevationMaxDeg: 180 };

/** A pass culminating at 40° due north, moving west to east: crosses north (the 0/360 stop). */
const northPass = linePass({ closestAzimuthDeg: 0, offsetKm: 590 });
/** The same due south: crosses 180 (the −180/180 stop). */
const southPass = linePass({ closestAzimuthDeg: 180, offsetKm: 590 });
/** Nearly overhead: culminates at 89.4°, 5 km east of the observer. */
const overhead = linePass({ closestAzimuthDeg: 90, offsetKm: 5 });

function continuous(plan: ReturnType<typeof planRotator>, spec: RotatorSpec): void {
  for (const p of plan.points) {
    expect(p.azimuthDeg).toBeGreaterThanOrEqual(spec.azimuthMinDeg - 1e-9);
    expect(p.azimuthDeg).toBeLessThanOrEqual(spec.azimuthMaxDeg + 1e-9);
    expect(p.elevationDeg).toBeGreaterThanOrEqual(spec.elevationMinDeg - 1e-9);
    expect(p.elevationDeg).toBeLessThanOrEqual(spec.elevationMaxDeg + 1e-9);
  }
}

/** The direction a rotator position points at, as a unit (east, north, up) vector. */
function pointing(azDeg: number, elDeg: number): [number, number, number] {
  const a = (azDeg * Math.PI) / 180;
  const e = (elDeg * Math.PI) / 180;
  return [Math.cos(e) * Math.sin(a), Math.cos(e) * Math.cos(a), Math.sin(e)];
}
function angleDeg(u: number[], v: number[]): number {
  const dot = u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  return (Math.acos(Math.min(1, Math.max(-1, dot))) * 180) / Math.PI;
}

describe('rotator plans', () => {
  it('checks the test tracks: the north pass crosses north at 40°, the overhead one peaks above 89°', () => {
    const peak = northPass.reduce((a, b) => (b.elevationDeg > a.elevationDeg ? b : a));
    expect(peak.elevationDeg).toBeCloseTo(40.3, 0);
    expect(Math.min(peak.azimuthDeg, 360 - peak.azimuthDeg)).toBeLessThan(0.5);
    expect(northPass[0]!.azimuthDeg).toBeGreaterThan(270);
    expect(northPass.at(-1)!.azimuthDeg).toBeLessThan(90);
    expect(Math.max(...overhead.map((p) => p.elevationDeg))).toBeGreaterThan(89);
  });

  it('follows a pass that stays clear of the stop in normal mode, exactly', () => {
    const plan = planRotator(base, southPass);
    expect(plan.mode).toBe('normal');
    expect(plan.warnings).toEqual([]);
    for (const [i, p] of plan.points.entries()) {
      expect(p.azimuthDeg).toBeCloseTo(southPass[i]!.azimuthDeg, 9);
      expect(p.elevationDeg).toBeCloseTo(southPass[i]!.elevationDeg, 9);
    }
  });

  it('uses the 360–450° overlap for a pass crossing north', () => {
    const plan = planRotator(overlap, northPass);
    expect(plan.mode).toBe('overlap');
    expect(plan.warnings).toEqual([]);
    continuous(plan, overlap);
    expect(plan.start.azimuthDeg).toBeCloseTo(northPass[0]!.azimuthDeg, 9);
    expect(plan.end.azimuthDeg).toBeCloseTo(northPass.at(-1)!.azimuthDeg + 360, 9);
    expect(Math.max(...plan.points.map((p) => p.azimuthDeg))).toBeGreaterThan(360);
  });

  it('unwinds, and says so, on a 0–360° mount without overlap or flip', () => {
    const plan = planRotator(base, northPass);
    expect(plan.mode).toBe('normal');
    continuous(plan, base);
    const unwinds = plan.warnings.filter((w) => w.kind === 'unwind');
    expect(unwinds).toHaveLength(1);
    expect(unwinds[0]!.message).toMatch(
      /crosses the azimuth stop.*loses the satellite for about 60 s/,
    );
    // It never jumps through the stop: every step but the unwind is small.
    const jumps = plan.points
      .slice(1)
      .filter((p, i) => Math.abs(p.azimuthDeg - plan.points[i]!.azimuthDeg) > 90);
    expect(jumps).toHaveLength(1);
  });

  it('on a 0–450° mount, unwinds where it loses least when even the overlap is not enough', () => {
    // From about 350° clockwise to about 170°: 0–450 holds 350→450 but not 450→530.
    const wide = linePass({ closestAzimuthDeg: 80, offsetKm: 150 });
    expect(wide[0]!.azimuthDeg).toBeGreaterThan(300);
    expect(wide.at(-1)!.azimuthDeg).toBeGreaterThan(100);
    const plan = planRotator(overlap, wide);
    continuous(plan, overlap);
    const unwinds = plan.warnings.filter((w) => w.kind === 'unwind');
    expect(unwinds).toHaveLength(1);
    // At the north crossing near AOS (low), not at 450° high in the pass.
    const at = wide.find((p) => p.timeMs === unwinds[0]!.fromMs)!;
    const peak = Math.max(...wide.map((p) => p.elevationDeg));
    expect(at.elevationDeg).toBeLessThan(peak / 2);
  });

  it('on a −180–180° mount: north is in the middle, south is the stop', () => {
    const north = planRotator(centred, northPass);
    expect(north.mode).toBe('normal');
    expect(north.warnings).toEqual([]);
    expect(north.start.azimuthDeg).toBeLessThan(0);
    expect(north.end.azimuthDeg).toBeGreaterThan(0);
    continuous(north, centred);
    const south = planRotator(centred, southPass);
    expect(south.warnings.map((w) => w.kind)).toEqual(['unwind']);
    continuous(south, centred);
  });

  it('mirrors a north-crossing pass on a 0–360° flip mount, pointing exactly', () => {
    const plan = planRotator(flip, northPass);
    expect(plan.mode).toBe('flip');
    expect(plan.overTheTop).toBe(false);
    expect(plan.warnings).toEqual([]);
    continuous(plan, flip);
    expect(Math.max(...plan.points.map((p) => p.elevationDeg))).toBeGreaterThan(90);
    for (const [i, p] of plan.points.entries()) {
      const sky = northPass[i]!;
      expect(
        angleDeg(
          pointing(p.azimuthDeg, p.elevationDeg),
          pointing(sky.azimuthDeg, sky.elevationDeg),
        ),
      ).toBeLessThan(1e-4);
    }
  });

  it('warns about the keyhole when an az/el mount follows an overhead pass', () => {
    const plan = planRotator(overlap, overhead);
    expect(plan.mode).toBe('normal');
    const rate = plan.warnings.filter((w) => w.kind === 'azimuth-rate');
    expect(rate).toHaveLength(1);
    expect(rate[0]!.required).toBeGreaterThan(40);
    expect(rate[0]!.limit).toBe(6);
    // The keyhole is around the culmination.
    const tca = overhead.reduce((a, b) => (b.elevationDeg > a.elevationDeg ? b : a)).timeMs;
    expect(rate[0]!.fromMs).toBeLessThan(tca);
    expect(rate[0]!.toMs).toBeGreaterThan(tca);
  });

  it('goes over the top on a flip mount: azimuth nearly still, elevation 0 to 180°, no keyhole', () => {
    const plan = planRotator(flip, overhead);
    expect(plan.mode).toBe('flip');
    expect(plan.overTheTop).toBe(true);
    expect(plan.warnings).toEqual([]);
    continuous(plan, flip);
    const [low, high] = [plan.start.elevationDeg, plan.end.elevationDeg].sort((a, b) => a - b);
    expect(low).toBeLessThan(10);
    expect(high).toBeGreaterThan(170);
    const az = plan.points.map((p) => p.azimuthDeg);
    expect(Math.max(...az) - Math.min(...az)).toBeLessThan(1);
    // Pointing error at most 90° − max elevation, checked independently of the plan's own figure.
    for (const [i, p] of plan.points.entries()) {
      const sky = overhead[i]!;
      const off = angleDeg(
        pointing(p.azimuthDeg, p.elevationDeg),
        pointing(sky.azimuthDeg, sky.elevationDeg),
      );
      expect(off).toBeCloseTo(p.pointingErrorDeg, 6);
      expect(off).toBeLessThan(0.7);
    }
  });

  it('prefers an exact az/el plan on a flip mount when the pass allows it', () => {
    expect(planRotator(flip, southPass).mode).toBe('normal');
  });

  it('starts moving from park in time to be at the start position at AOS', () => {
    const plan = planRotator({ ...overlap, park: { azimuthDeg: 0, elevationDeg: 90 } }, northPass);
    const expected = Math.max(northPass[0]!.azimuthDeg / 6, (90 - plan.start.elevationDeg) / 6);
    expect(plan.travelFromParkSeconds).toBeCloseTo(expected, 9);
    expect(plan.moveFromParkMs).toBeCloseTo(northPass[0]!.timeMs - expected * 1000, 3);
  });

  it('interpolates the commanded position and computes slew times', () => {
    const plan = planRotator(overlap, northPass);
    const a = plan.points[10]!;
    const b = plan.points[11]!;
    const mid = rotatorPositionAt(plan, (a.timeMs + b.timeMs) / 2);
    expect(mid.azimuthDeg).toBeCloseTo((a.azimuthDeg + b.azimuthDeg) / 2, 9);
    expect(rotatorPositionAt(plan, 0)).toEqual(plan.start);
    expect(
      travelSeconds(
        base,
        { azimuthDeg: 10, elevationDeg: 0 },
        { azimuthDeg: 350, elevationDeg: 30 },
      ),
    ).toBeCloseTo(340 / 6, 9);
  });

  it('refuses rotators that cannot work, naming the field', () => {
    expect(rotatorProblems(base)).toEqual([]);
    expect(rotatorProblems({ ...base, azimuthMaxDeg: 350 })).toEqual([
      { field: 'azimuthMaxDeg', message: 'the azimuth range 0–350° cannot cover 360°' },
    ]);
    expect(rotatorProblems({ ...base, azimuthRateDegS: 0 }).map((p) => p.field)).toEqual([
      'azimuthRateDegS',
    ]);
    expect(rotatorProblems({ ...base, elevationMaxDeg: 200 }).map((p) => p.field)).toEqual([
      'elevationMaxDeg',
    ]);
    expect(
      rotatorProblems({ ...base, park: { azimuthDeg: 400, elevationDeg: 0 } }).map((p) => p.field),
    ).toEqual(['park']);
    expect(() => planRotator({ ...base, azimuthMaxDeg: 300 }, northPass)).toThrow(
      /cannot cover 360/,
    );
  });
});
