import { describe, expect, it } from 'vitest';
import { minimaWithin } from '../../src/core/search/index.js';

const id = (x: number) => x;

describe('minimaWithin', () => {
  // Three dips over [0, 100000] (|f'| <= 0.002 everywhere): two come below 0.1, one stays at 0.5.
  const dip = (t: number, at: number, depth: number) => depth * Math.exp(-(((t - at) / 300) ** 2));
  const f = (t: number) =>
    1 -
    dip(t, 20_000, 0.95) -
    dip(t, 21_500, 0.92) -
    dip(t, 60_000, 0.5) +
    0.3 * Math.sin(t / 5000);
  const rate = 0.95 * 0.0029 + 0.92 * 0.0029 + 0.5 * 0.0029 + 0.3 / 5000;
  const limit = 0.1;

  it('finds every minimum within the limit, skipping ahead far from it', () => {
    let samples = 0;
    const sample = (t: number) => {
      samples++;
      return f(t);
    };
    const found = minimaWithin(sample, id, 0, 100_000, (v) => (v - limit) / rate, 1, 1e-3);
    const within = found.filter((m) => m.value <= limit);
    expect(within.map((m) => Math.round(m.t / 100))).toEqual([200, 215]);
    // A dense scan at the fine step would take 100,001 samples.
    expect(samples).toBeLessThan(5_000);
    for (const m of within) {
      expect(f(m.t - 0.01)).toBeGreaterThanOrEqual(m.value);
      expect(f(m.t + 0.01)).toBeGreaterThanOrEqual(m.value);
    }
  });

  it('without a guarantee it samples at the fine step and reports every minimum', () => {
    const found = minimaWithin(f, id, 0, 100_000, () => 0, 50, 1e-3);
    const near = (at: number) => found.some((m) => Math.abs(m.t - at) < 60);
    expect(near(20_000) && near(21_500) && near(60_000)).toBe(true);
  });

  it('reports an end the function falls towards, and stops where sampling fails', () => {
    const falling = minimaWithin(
      (t) => 10 - t,
      id,
      0,
      5,
      () => 0,
      1,
      1e-6,
    );
    expect(falling).toHaveLength(1);
    expect(falling[0]!.t).toBe(5);
    const rising = minimaWithin(
      (t) => t,
      id,
      0,
      5,
      () => 0,
      1,
      1e-6,
    );
    expect(rising.map((m) => m.t)).toEqual([0]);
    const broken = minimaWithin(
      (t) => (t < 3 ? (t - 10) ** 2 : null),
      id,
      0,
      20,
      () => 0,
      1,
      1e-6,
    );
    expect(broken).toEqual([]);
  });
});
