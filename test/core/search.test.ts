import { describe, expect, it } from 'vitest';
import { brentMinimum, gridMinimum } from '../../src/core/search/minimize.js';

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
