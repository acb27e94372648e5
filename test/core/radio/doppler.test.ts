import { describe, expect, it } from 'vitest';
import { dopplerFactor, dopplerShiftedHz, uplinkHz } from '../../../src/core/radio/index.js';

describe('Doppler', () => {
  it('hears an approaching satellite higher than nominal (145.800 MHz at -7 km/s: +3.4 kHz)', () => {
    const shift = dopplerShiftedHz(145_800_000, -7) - 145_800_000;
    expect(shift).toBeCloseTo((145_800_000 * 7) / 299_792.458, 6);
    expect(shift).toBeGreaterThan(3404);
    expect(shift).toBeLessThan(3405);
  });

  it('hears a receding satellite lower than nominal', () => {
    expect(dopplerShiftedHz(435_000_000, 6.5)).toBeLessThan(435_000_000);
  });

  it('leaves the frequency alone at zero range rate', () => {
    expect(dopplerFactor(0)).toBe(1);
    expect(dopplerShiftedHz(145_800_000, 0)).toBe(145_800_000);
  });

  it('transmits lower than nominal to an approaching satellite, so that it hears the nominal', () => {
    const tx = uplinkHz(435_000_000, -7);
    expect(tx).toBeLessThan(435_000_000);
    expect(dopplerShiftedHz(tx, -7)).toBeCloseTo(435_000_000, 6);
  });

  it('inverts the downlink shift exactly for any range rate', () => {
    for (const v of [-7.8, -3, -0.1, 0.1, 3, 7.8]) {
      expect(uplinkHz(dopplerShiftedHz(2_400_000_000, v), v)).toBeCloseTo(2_400_000_000, 4);
    }
  });
});
