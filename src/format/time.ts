/**
 * Instants at the edges: parsing user timestamps (an explicit UTC offset is required) and
 * rendering UTC or zone-local ISO 8601 with milliseconds. luxon is used only here.
 */
import { DateTime, IANAZone, Info, type Zone } from 'luxon';

import { InputError } from './input-error.js';

// Kept in its own module so that the command line can recognise it without loading luxon.
export { InputError };

const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parse an ISO 8601 timestamp that carries its UTC offset (`Z` or `+hh:mm`) into epoch ms.
 * A timestamp without an offset is ambiguous: it is read in `zone` when one is given (the CLI's
 * `--tz`), and refused with a message saying how to fix it otherwise (`hint` adds a way).
 */
export function parseInstant(
  text: string,
  field: string,
  zone: string | null = null,
  hint = '',
): number {
  const s = text.trim();
  const plain = plainInstant(s);
  if (plain !== null) return plain;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s)) {
    throw new InputError(
      field,
      `${field} "${text}" is not an ISO 8601 timestamp; use e.g. 2026-08-21T20:00:00Z or 2026-08-21T22:00:00+02:00`,
    );
  }
  if (!HAS_OFFSET.test(s) && zone === null) {
    throw new InputError(
      field,
      `${field} "${text}" has no UTC offset, so it could mean any time zone; add "Z" for UTC (${s}Z) or an offset such as "+02:00"${hint}`,
    );
  }
  const dt = HAS_OFFSET.test(s)
    ? DateTime.fromISO(s, { setZone: true })
    : DateTime.fromISO(s, { zone: zone ?? 'UTC' });
  if (!dt.isValid) {
    throw new InputError(
      field,
      `${field} "${text}" is not a valid timestamp (${dt.invalidExplanation ?? dt.invalidReason})`,
    );
  }
  // ISO 8601 and RFC 3339 allow any hh:mm, but no place on Earth is more than 18 h from UTC
  // (the limit java.time and others enforce too); a larger offset is a mistake.
  if (Math.abs(dt.offset) > 18 * 60) {
    throw new InputError(
      field,
      `${field} "${text}" has a UTC offset beyond ±18:00; use e.g. "Z" or "+02:00"`,
    );
  }
  return dt.toMillis();
}

// The common spelling, `2026-08-21T20:00:00Z` or `…:00.250+02:00`, read without luxon (a request's
// `start` is parsed on every uncached query). Anything else, or any field out of its range, is
// left to luxon, which gives the same instant and the error messages.
const PLAIN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch ms of a plain ISO 8601 instant with its offset, or null to ask luxon. */
function plainInstant(s: string): number | null {
  const m = PLAIN.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const offsetHours = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[10] === undefined ? 0 : Number(m[10]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > MONTH_DAYS[month - 1]! + (month === 2 && leap ? 1 : 0) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 17 ||
    offsetMinutes > 59
  ) {
    return null;
  }
  // luxon's reading of a fraction: whole milliseconds, the rest dropped.
  const ms = m[7] === undefined ? 0 : Math.floor(Number.parseFloat(`0.${m[7]}`) * 1000);
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** Check an IANA zone name (`Europe/Amsterdam`); throws `InputError` naming `field` if unknown. */
export function checkZone(zone: string, field: string): string {
  if (!IANAZone.isValidZone(zone)) {
    throw new InputError(
      field,
      `${field} "${zone}" is not a known IANA time zone; use a name such as Europe/Amsterdam or UTC`,
    );
  }
  return zone;
}

/**
 * ISO 8601 with milliseconds (rounded): UTC with `Z` by default, or local time with the zone's
 * offset.
 */
export function formatInstant(epochMs: number, zone?: string | null): string {
  // Computed instants carry fractions of a millisecond: round (Date alone would truncate).
  const ms = Math.round(epochMs);
  if (!zone) return new Date(ms).toISOString();
  const z = zoneOf(zone);
  if (!z.zone.isValid || !(Math.abs(ms) <= MAX_DATE_MS - DAY_MS)) {
    return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: false }) ?? '';
  }
  // luxon's own reading (`toISO`): the local fields at the zone's offset, then that offset, or
  // `Z` for a zero offset of a fixed (universal) zone.
  const offset = offsetAt(z, ms);
  const local = new Date(ms + offset * 60_000).toISOString();
  if (offset === 0 && z.zone.isUniversal) return local;
  const a = Math.abs(offset);
  return `${local.slice(0, -1)}${offset < 0 ? '-' : '+'}${two(Math.trunc(a / 60))}:${two(Math.trunc(a % 60))}`;
}

const MAX_DATE_MS = 8.64e15;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** A zone as luxon reads it, with its offsets (minutes) by UTC hour where one holds all hour. */
interface ZoneOffsets {
  zone: Zone;
  hours: Map<number, number>;
}
const zones = new Map<string, ZoneOffsets>();
const MAX_ZONES = 64;
const MAX_HOURS = 100_000;

function zoneOf(name: string): ZoneOffsets {
  let z = zones.get(name);
  if (!z) {
    if (zones.size >= MAX_ZONES) zones.clear();
    z = { zone: Info.normalizeZone(name), hours: new Map() };
    zones.set(name, z);
  }
  return z;
}

/**
 * The zone's offset at `ms`, as luxon computes it (`Zone.offset`), asked once per UTC hour: an
 * hour that starts and ends at the same offset has it throughout (no zone changes its offset
 * twice within an hour); an hour with a change asks luxon for the instant itself.
 */
function offsetAt(z: ZoneOffsets, ms: number): number {
  if (z.zone.isUniversal) return z.zone.offset(ms);
  const hour = Math.floor(ms / HOUR_MS);
  let offset = z.hours.get(hour);
  if (offset === undefined) {
    const first = z.zone.offset(hour * HOUR_MS);
    if (first !== z.zone.offset(hour * HOUR_MS + HOUR_MS - 1)) return z.zone.offset(ms);
    if (z.hours.size >= MAX_HOURS) z.hours.clear();
    z.hours.set(hour, first);
    offset = first;
  }
  return offset;
}

/** Local date and time of day for tables: `2026-08-21`, `21:43:07`. */
export function localParts(epochMs: number, zone?: string | null): { date: string; time: string } {
  const dt = DateTime.fromMillis(Math.round(epochMs), { zone: zone ?? 'UTC' });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm:ss') };
}
