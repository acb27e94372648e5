import { describe, expect, it } from 'vitest';
import {
  dopplerTuning,
  nominalTuning,
  type RadioLink,
  TuningError,
} from '../../../src/core/radio/index.js';

const rs44: RadioLink = {
  type: 'transponder',
  invert: true,
  uplink: { lowHz: 145_935_000, highHz: 145_995_000 },
  downlink: { lowHz: 435_610_000, highHz: 435_670_000 },
};
const ao7a: RadioLink = {
  type: 'transponder',
  invert: false,
  uplink: { lowHz: 145_850_000, highHz: 145_950_000 },
  downlink: { lowHz: 29_400_000, highHz: 29_500_000 },
};

describe('nominal tuning of a transmitter', () => {
  it('pairs an inverting transponder: the top of the downlink is the bottom of the uplink', () => {
    expect(nominalTuning(rs44, 435_670_000)).toEqual({
      downlinkHz: 435_670_000,
      uplinkHz: 145_935_000,
    });
    expect(nominalTuning(rs44, 435_610_000)).toEqual({
      downlinkHz: 435_610_000,
      uplinkHz: 145_995_000,
    });
    expect(nominalTuning(rs44)).toEqual({ downlinkHz: 435_640_000, uplinkHz: 145_965_000 });
  });

  it('pairs a non-inverting transponder edge to edge', () => {
    expect(nominalTuning(ao7a, 29_400_000)).toEqual({
      downlinkHz: 29_400_000,
      uplinkHz: 145_850_000,
    });
    expect(nominalTuning(ao7a, 29_425_000).uplinkHz).toBe(145_875_000);
  });

  it('scales the offset when the passbands differ in width', () => {
    const t: RadioLink = { ...ao7a, uplink: { lowHz: 145_850_000, highHz: 146_050_000 } };
    expect(nominalTuning(t, 29_450_000).uplinkHz).toBe(145_950_000);
  });

  it('refuses a downlink outside the passband, or on a link without one', () => {
    expect(() => nominalTuning(rs44, 435_700_000)).toThrow(TuningError);
    expect(() => nominalTuning(rs44, 435_700_000)).toThrow(
      /outside the transponder's downlink passband/,
    );
    const beacon: RadioLink = {
      type: 'transmitter',
      invert: false,
      downlink: { lowHz: 437_800_000, highHz: 437_800_000 },
      uplink: null,
    };
    expect(nominalTuning(beacon)).toEqual({ downlinkHz: 437_800_000, uplinkHz: null });
    expect(() => nominalTuning(beacon, 437_000_000)).toThrow(/not the transmitter's downlink/);
    expect(() => nominalTuning({ ...beacon, downlink: null, uplink: beacon.downlink }, 1)).toThrow(
      /no downlink/,
    );
  });
});

describe('Doppler tuning', () => {
  const fm = nominalTuning({
    type: 'transceiver',
    invert: false,
    downlink: { lowHz: 437_800_000, highHz: 437_800_000 },
    uplink: { lowHz: 145_990_000, highHz: 145_990_000 },
  });

  it('tunes the receiver high and transmits low while the satellite approaches', () => {
    const t = dopplerTuning(fm, -6);
    expect(t.downlinkHz! - 437_800_000).toBeCloseTo((437_800_000 * 6) / 299_792.458, 3);
    expect(t.uplinkHz!).toBeLessThan(145_990_000);
    // What the satellite hears of that uplink is the nominal.
    expect(t.uplinkHz! * (1 + 6 / 299_792.458)).toBeCloseTo(145_990_000, 3);
  });

  it('gives null for a link direction the transmitter does not have', () => {
    expect(dopplerTuning({ downlinkHz: 137_100_000, uplinkHz: null }, 3)).toEqual({
      downlinkHz: 137_100_000 * (1 - 3 / 299_792.458),
      uplinkHz: null,
    });
  });

  it('moves the downlink down and the uplink up from approach to recession (inverting transponder)', () => {
    // Inverting: uplink + downlink is constant at the satellite, so on the ground the sum drifts.
    const nominal = nominalTuning(rs44, 435_650_000);
    const a = dopplerTuning(nominal, -5);
    const b = dopplerTuning(nominal, 5);
    expect(a.downlinkHz!).toBeGreaterThan(b.downlinkHz!);
    expect(a.uplinkHz!).toBeLessThan(b.uplinkHz!);
  });
});
