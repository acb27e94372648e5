import { describe, expect, it } from 'vitest';
import {
  decodeAlpha5,
  encodeAlpha5,
  MAX_ALPHA5_NORAD_ID,
} from '../../../src/core/elements/index.js';

describe('decodeAlpha5', () => {
  it('reads plain five-digit catalogue numbers, with or without leading zeros or spaces', () => {
    expect(decodeAlpha5('25544')).toBe(25544);
    expect(decodeAlpha5('00005')).toBe(5);
    expect(decodeAlpha5('    5')).toBe(5);
    expect(decodeAlpha5('99999')).toBe(99999);
  });

  it('reads a leading letter as 10-33, skipping I and O', () => {
    expect(decodeAlpha5('A0000')).toBe(100_000);
    expect(decodeAlpha5('A0001')).toBe(100_001);
    expect(decodeAlpha5('H9999')).toBe(179_999);
    expect(decodeAlpha5('J0000')).toBe(180_000);
    expect(decodeAlpha5('N9999')).toBe(229_999);
    expect(decodeAlpha5('P0000')).toBe(230_000);
    expect(decodeAlpha5('Z9999')).toBe(339_999);
  });

  it('refuses I, O, lowercase letters, letters elsewhere and wrong lengths', () => {
    for (const field of [
      'I0000',
      'O0000',
      'a0000',
      '1A000',
      'AA000',
      'A000',
      'A00000',
      '',
      '     ',
    ]) {
      expect(decodeAlpha5(field), field).toBeNull();
    }
  });
});

describe('encodeAlpha5', () => {
  it('zero-pads numbers below 100000', () => {
    expect(encodeAlpha5(0)).toBe('00000');
    expect(encodeAlpha5(5)).toBe('00005');
    expect(encodeAlpha5(99_999)).toBe('99999');
  });

  it('writes 100000-339999 with a letter, skipping I and O', () => {
    expect(encodeAlpha5(100_000)).toBe('A0000');
    expect(encodeAlpha5(179_999)).toBe('H9999');
    expect(encodeAlpha5(180_000)).toBe('J0000');
    expect(encodeAlpha5(230_000)).toBe('P0000');
    expect(encodeAlpha5(MAX_ALPHA5_NORAD_ID)).toBe('Z9999');
  });

  it('returns null for numbers that do not fit five characters', () => {
    for (const id of [340_000, 999_999_999, -1, 1.5, Number.NaN]) {
      expect(encodeAlpha5(id), String(id)).toBeNull();
    }
  });

  it('round-trips with decodeAlpha5 across every leading letter', () => {
    for (let lead = 0; lead <= 33; lead++) {
      for (const rest of [0, 1, 4321, 9999]) {
        const id = lead * 10_000 + rest;
        const field = encodeAlpha5(id);
        expect(field).not.toBeNull();
        expect(decodeAlpha5(field!)).toBe(id);
        expect(field).not.toMatch(/[IO]/);
      }
    }
  });
});
