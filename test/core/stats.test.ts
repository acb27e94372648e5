import { describe, expect, it } from 'vitest';
import { quantile, quantileSorted } from '../../src/core/stats.js';

describe('quantiles', () => {
  it("interpolate between order statistics as numpy's default does", () => {
    // numpy 1.24.2: np.quantile([3,1,4,1,5,9,2,6], [0, 0.1, 0.25, 0.5, 0.9, 1])
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const numpy = [1.0, 1.0, 1.75, 3.5, 6.8999999999999995, 9.0];
    [0, 0.1, 0.25, 0.5, 0.9, 1].forEach((q, i) => {
      expect(quantile(values, q)).toBeCloseTo(numpy[i]!, 12);
    });
    expect(values).toEqual([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(quantileSorted([1, 1, 2, 3, 4, 5, 6, 9], 0.25)).toBe(1.75);
  });

  it('are NaN for no values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});
