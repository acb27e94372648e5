import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInstant, InputError, parseInstant } from '../../src/format/time.js';

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

/** The reference: luxon's local ISO 8601 (what formatInstant always gave for a zone). */
const luxonIso = (ms: number, zone: string) =>
  DateTime.fromMillis(Math.round(ms), { zone }).toISO({ suppressMilliseconds: false }) ?? '';

describe('formatInstant in a zone', () => {
  // Offsets of every kind: DST north and south, half and quarter hours, 30-minute DST (Lord Howe),
  // negative, beyond ±12 h, local mean time before standard time, a fixed UTC and a zone that
  // dropped a day (Apia, December 2011).
  const zones = [
    'Europe/Amsterdam',
    'Europe/London',
    'America/New_York',
    'America/St_Johns',
    'America/Sao_Paulo',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'Pacific/Kiritimati',
    'Pacific/Apia',
    'Pacific/Pago_Pago',
    'Africa/Casablanca',
    'Antarctica/Troll',
    'Europe/Dublin',
    'Asia/Tehran',
    'UTC',
    'Etc/UTC',
    'Etc/GMT+5',
  ];

  it('gives luxon’s text at every minute around each offset change of 2011 and 2026', () => {
    let changes = 0;
    for (const zone of zones) {
      for (const year of [2011, 2026]) {
        const start = Date.UTC(year, 0, 1);
        let previous = luxonIso(start, zone).slice(-6);
        for (let hour = 1; hour <= 366 * 24; hour++) {
          const ms = start + hour * 3_600_000;
          const offset = luxonIso(ms, zone).slice(-6);
          if (offset === previous) continue;
          previous = offset;
          changes++;
          // Every minute of the two hours before and after, and the milliseconds at the change.
          for (let m = -120; m <= 120; m++) {
            const t = ms + m * 60_000;
            expect(formatInstant(t, zone)).toBe(luxonIso(t, zone));
            expect(formatInstant(t + 59_999.6, zone)).toBe(luxonIso(t + 59_999.6, zone));
          }
        }
      }
    }
    expect(changes).toBeGreaterThan(40);
  });

  it('gives luxon’s text for 20,000 instants from year 1700 to 2400 in every zone listed', () => {
    const next = random(7);
    const all = Intl.supportedValuesOf('timeZone');
    const lo = Date.UTC(1700, 0, 1);
    const hi = Date.UTC(2400, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const zone = i % 2 === 0 ? zones[i % zones.length]! : all[i % all.length]!;
      const ms = lo + next() * (hi - lo);
      expect(formatInstant(ms, zone)).toBe(luxonIso(ms, zone));
    }
  });

  it('gives luxon’s text at the edges: years past 9999 and before 0, the last valid instants', () => {
    for (const zone of ['Europe/Amsterdam', 'America/New_York', 'UTC']) {
      for (const ms of [
        Date.UTC(9999, 11, 31, 23, 30),
        Date.UTC(10_000, 0, 1, 5),
        Date.UTC(-1, 5, 1),
        Date.UTC(0, 0, 1),
        -62_198_755_200_000,
        8.64e15,
        -8.64e15,
        8.64e15 - 3_600_000,
        0,
        -0.4,
      ]) {
        expect(formatInstant(ms, zone)).toBe(luxonIso(ms, zone));
      }
    }
  });
});
