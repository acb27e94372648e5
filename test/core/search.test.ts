import { describe, expect, it } from 'vitest';
import {
  bisectFlip,
  bracketedRoot,
  bracketMinimum,
  brentMinimum,
  gridMinimum,
  illinoisRoot,
  newtonIterate,
  secantIterate,
} from '../../src/core/search/index.js';

const id = (x: number) => x;

describe('brentMinimum', () => {
  it('finds the minimum of a parabola to the tolerance', () => {
    const f = (t: number) => (t - 3.3) ** 2;
    const x = brentMinimum(f, id, 0, { t: 2, value: f(2), sample: f(2) }, 10, 1e-6);
    expect(Math.abs(x.t - 3.3)).toBeLessThan(1e-6);
  });

  it('finds the minimum of a non-parabolic function (cosine)', () => {
    const f = (t: number) => Math.cos(t);
    const x = brentMinimum(f, id, 2, { t: 3, value: f(3), sample: f(3) }, 5, 1e-7);
    expect(Math.abs(x.t - Math.PI)).toBeLessThan(1e-6);
  });

  it('stops at the best point so far when sampling fails', () => {
    let calls = 0;
    const f = (t: number) => (++calls > 2 ? null : (t - 1) ** 2);
    const x = brentMinimum(f, (v) => v, 0, { t: 0.5, value: 0.25, sample: 0.25 }, 3, 1e-9);
    expect(x.value).toBeLessThanOrEqual(0.25);
  });
});

describe('gridMinimum', () => {
  it('finds a narrow dip that lies between the ends and is missed by the ends alone', () => {
    // A dip 2 wide on [0, 100]: its ends are 1 and 0.9; its minimum -1 at 37.
    const f = (t: number) =>
      Math.abs(t - 37) < 1 ? -Math.cos(((t - 37) * Math.PI) / 2) : 1 - t / 1000;
    const x = gridMinimum(f, id, 0, 100, 64, 1e-6)!;
    expect(x.t).toBeCloseTo(37, 4);
    expect(x.value).toBeCloseTo(-1, 8);
  });

  it('returns an end when the function is lowest there', () => {
    const f = (t: number) => t;
    expect(gridMinimum(f, id, 2, 5, 8, 1e-6)!.t).toBe(2);
  });

  it('finds a minimum just inside an end', () => {
    const f = (t: number) => (t - 0.05) ** 2;
    const x = gridMinimum(f, id, 0, 10, 10, 1e-7)!;
    expect(Math.abs(x.t - 0.05)).toBeLessThan(1e-6);
  });

  it('is null when nothing can be sampled', () => {
    expect(gridMinimum(() => null, id, 0, 1, 4, 1e-3)).toBeNull();
  });
});

describe('bracketMinimum', () => {
  it('walks downhill from a seed far from the minimum and brackets it', () => {
    const f = (t: number) => (t - 100) ** 2;
    const b = bracketMinimum(f, id, { t: 0, value: f(0), sample: f(0) }, 1);
    if (!('lo' in b)) throw new Error('no bracket');
    expect(b.lo.t).toBeLessThan(100);
    expect(b.hi.t).toBeGreaterThan(100);
    expect(b.x.value).toBeLessThanOrEqual(Math.min(b.lo.value, b.hi.value));
    const m = brentMinimum(f, id, b.lo.t, b.x, b.hi.t, 1e-6);
    expect(Math.abs(m.t - 100)).toBeLessThan(1e-5);
  });

  it('gives the lowest point reached when sampling fails', () => {
    const f = (t: number) => (t < -10 ? null : (t + 100) ** 2);
    const b = bracketMinimum(f, (v) => v, { t: 0, value: 1e4, sample: 1e4 }, 1);
    expect('lo' in b).toBe(false);
    expect((b as { t: number }).t).toBeLessThan(0);
  });
});

describe('illinoisRoot', () => {
  it("answers the final bracket's end nearer to zero with answer: 'nearer'", () => {
    // A root with ripples on it (as a range rate computed by SGP4 has at the microsecond level):
    // the last secant point is not always the better end of the final bracket.
    const f = (t: number) => t - 0.3 + 1e-3 * Math.sin(1e4 * t);
    const lo = { t: 0, value: f(0), sample: f(0) };
    const hi = { t: 1, value: f(1), sample: f(1) };
    const last = illinoisRoot(f, id, lo, hi, 1e-2, { maxIterations: 60 })!;
    const nearer = illinoisRoot(f, id, lo, hi, 1e-2, { maxIterations: 60, answer: 'nearer' })!;
    expect(Math.abs(nearer.t - last.t)).toBeLessThanOrEqual(1e-2);
    expect(Math.sign(nearer.value)).not.toBe(Math.sign(last.value));
    expect(Math.abs(nearer.value)).toBeLessThan(Math.abs(last.value));
    expect(nearer.value).toBe(f(nearer.t));
  });

  it('converges on a root in fewer evaluations than bisection', () => {
    let n = 0;
    const f = (t: number) => {
      n++;
      return Math.exp(t) - 5;
    };
    const r = illinoisRoot(
      f,
      id,
      { t: 0, value: -4, sample: -4 },
      { t: 4, value: f(4), sample: f(4) },
      1e-9,
      {
        maxIterations: 100,
        valueTolerance: 1e-12,
      },
    )!;
    expect(Math.abs(r.t - Math.log(5))).toBeLessThan(1e-9);
    expect(n).toBeLessThan(20);
  });

  it('with a guard and periodic bisection still lands on the root of a lopsided function', () => {
    const f = (t: number) => t ** 9 - 1e-9;
    const r = illinoisRoot(
      f,
      id,
      { t: 0, value: f(0), sample: f(0) },
      { t: 1, value: f(1), sample: f(1) },
      1e-12,
      {
        maxIterations: 200,
        guard: 0.01,
        bisectEvery: 6,
      },
    )!;
    expect(Math.abs(r.t - 0.1)).toBeLessThan(1e-9);
  });

  it('is null when sampling fails', () => {
    const r = illinoisRoot(
      () => null,
      id,
      { t: 0, value: -1, sample: -1 },
      { t: 1, value: 1, sample: 1 },
      1e-3,
      {
        maxIterations: 10,
      },
    );
    expect(r).toBeNull();
  });
});

describe('bracketedRoot', () => {
  const f = (t: number) => Math.sin(t) - 0.5;
  const at = (t: number) => ({ t, value: f(t), sample: t });
  it('converges by Newton steps when a slope is given', () => {
    let n = 0;
    const sample = (t: number) => {
      n++;
      return t;
    };
    const r = bracketedRoot(sample, f, (t) => Math.cos(t), at(0), at(1.5), 1e-9)!;
    expect(Math.abs(r.t - Math.PI / 6)).toBeLessThan(1e-9);
    expect(n).toBeLessThan(8);
  });

  it('converges by secant and bisection without a slope', () => {
    const r = bracketedRoot((t) => t, f, null, at(0), at(1.5), 1e-9)!;
    expect(Math.abs(r.t - Math.PI / 6)).toBeLessThan(1e-9);
  });
});

describe('newtonIterate and secantIterate', () => {
  it('Newton finds sqrt(2) and reports convergence', () => {
    const r = newtonIterate((x) => (x * x - 2) / (2 * x), 1, 1e-12, 20);
    expect(r.converged).toBe(true);
    expect(r.x).toBeCloseTo(Math.SQRT2, 12);
  });

  it('Newton gives up on a NaN step', () => {
    expect(newtonIterate(() => Number.NaN, 1, 1e-9, 5)).toEqual({
      x: Number.NaN,
      converged: false,
    });
  });

  it('secant finds a root and stops when a step is refused', () => {
    const f = (x: number) => x * x * x - 8;
    const ok = secantIterate(f, 3, 3.5, 1e-10, 50, () => true);
    expect(ok.converged).toBe(true);
    expect(ok.x).toBeCloseTo(2, 9);
    const refused = secantIterate(f, 3, 3.5, 1e-10, 50, (next) => next > 2.5);
    expect(refused.converged).toBe(false);
    expect(refused.x).toBe(3);
  });

  it('secant samples x0, then x1, then once per step taken, never after the last', () => {
    const calls: number[] = [];
    const f = (x: number) => {
      calls.push(x);
      return x * x * x - 8;
    };
    const r = secantIterate(f, 3, 3.5, 1e-10, 3, () => true);
    expect(r.converged).toBe(false);
    // Three steps: samples at x0, x1 and after the first two steps only.
    expect(calls.slice(0, 2)).toEqual([3, 3.5]);
    expect(calls).toHaveLength(4);
    expect(calls[3]).not.toBe(r.x);
    calls.length = 0;
    expect(secantIterate(f, 3, 3.5, 1e-10, 50, () => false)).toEqual({ x: 3, converged: false });
    expect(calls).toEqual([3, 3.5]);
  });
});

describe('bisectFlip', () => {
  it('narrows a flip to the tolerance, keeping both sides', () => {
    const b = bisectFlip(
      (t) => t,
      (s) => s !== null && s < Math.PI,
      0,
      0,
      10,
      10,
      1e-6,
    );
    expect(b.afterT - b.beforeT).toBeLessThanOrEqual(1e-6);
    expect(b.beforeT).toBeLessThan(Math.PI);
    expect(b.afterT).toBeGreaterThanOrEqual(Math.PI);
  });

  it('treats a failed sample as the far side when asked to (last good instant)', () => {
    const sample = (t: number) => (t < 7.25 ? t : null);
    const b = bisectFlip(sample, (s) => s !== null, 0, 0, 10, null, 0.01);
    expect(b.before).toBeLessThan(7.25);
    expect(7.25 - b.before).toBeLessThan(0.01);
  });

  it('stops when the side is unknown, and after maxIterations', () => {
    const stop = bisectFlip(
      (t) => t,
      () => undefined,
      0,
      0,
      10,
      10,
      1e-6,
    );
    expect([stop.beforeT, stop.afterT]).toEqual([0, 10]);
    const few = bisectFlip(
      (t) => t,
      (s) => s !== null && s < 3,
      0,
      0,
      8,
      8,
      0,
      3,
    );
    expect(few.afterT - few.beforeT).toBe(1);
  });
});
