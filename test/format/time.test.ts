import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { InputError, parseInstant } from '../../src/format/time.js';

/** The reference: luxon reading the timestamp with its own offset (what parseInstant always did). */
function luxonMs(text: string): number {
  const dt = DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid) throw new Error(`luxon refuses ${text}`);
  return dt.toMillis();
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('parseInstant', () => {
  it('gives luxon’s instant for 5,000 timestamps in the common spellings', () => {
    const next = random(11);
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
    for (let i = 0; i < 5000; i++) {
      const year = int(1000, 9999);
      const month = int(1, 12);
      const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const day = int(1, days);
      let text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(int(0, 23))}:${pad(int(0, 59))}`;
      const form = int(0, 2);
      if (form > 0) text += `:${pad(int(0, 59))}`;
      if (form > 1) text += `.${String(int(0, 999_999_999)).slice(0, int(1, 9))}`;
      text +=
        next() < 0.4 ? 'Z' : `${next() < 0.5 ? '-' : '+'}${pad(int(0, 17))}:${pad(int(0, 59))}`;
      expect(parseInstant(text, 'start'), text).toBe(luxonMs(text));
    }
  });

  it('gives luxon’s instant at the edges: leap days, fractions, 24:00, ±18:00, -00:00, other spellings', () => {
    for (const text of [
      '2024-02-29T23:59:59.999Z',
      '2000-02-29T00:00:00Z',
      '2026-12-31T23:59:59.9999999Z',
      '2026-08-22T00:00:00.0005Z',
      '2026-08-22T00:00:00.57Z',
      '2026-08-22T00:00:00.29+05:30',
      '2026-08-22T00:00Z',
      '2026-08-22T00:00:00-00:00',
      '2026-08-22T00:00:00+18:00',
      '2026-08-22T00:00:00-18:00',
      '2026-08-22T12:00:00+0200',
      '2026-08-22T12:00:00+02',
      '2026-08-22T12:00:00z',
      '  2026-08-22T12:00:00Z  ',
      '1970-01-01T00:00:00Z',
      '2026-08-22T24:00:00Z',
      '2026-08-22T00:00:00+01:75',
      '0999-12-31T23:59:59Z',
      '0050-06-01T00:00:00Z',
    ]) {
      expect(parseInstant(text, 'start'), text).toBe(luxonMs(text.trim()));
    }
  });

  it('still refuses what it refused: impossible dates and times, offsets beyond ±18:00, no offset', () => {
    for (const text of [
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-08-00T00:00:00Z',
      '2026-08-22T23:60:00Z',
      '2026-08-22T23:59:60Z',
      '2026-08-22T00:00:00+18:01',
      '2026-08-22T00:00:00+19:00',
      '2026-08-22T00:00:00',
      '2026-08-22',
      'yesterday',
    ]) {
      expect(() => parseInstant(text, 'start'), text).toThrow(InputError);
    }
  });
});
