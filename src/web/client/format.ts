/**
 * Formatting for the page: local dates and times in any IANA zone (the browser's Intl, no
 * library), compass points, durations. Pure functions; safe to import in Node tests.
 */

import { compassPoint } from '../../format/compass.js';

/** The 16-point compass direction of an azimuth in degrees (the server's own function). */
export const compass = compassPoint;

/** `213° SSW` */
export function direction(azimuthDeg: number): string {
  return `${Math.round(azimuthDeg) % 360}° ${compass(azimuthDeg)}`;
}

/** `5m16s`, `1h02m`. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s >= 3600) {
    const h = Math.floor(s / 3600);
    return `${h}h${String(Math.round((s - h * 3600) / 60)).padStart(2, '0')}m`;
  }
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The browser's IANA zone. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether the runtime knows this IANA zone. */
export function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalParts {
  /** `2026-08-22` */
  date: string;
  /** `Sat` */
  weekday: string;
  /** `21:43:07` */
  time: string;
  /** `21:43` */
  minute: string;
  /** `GMT+2` */
  offset: string;
}

/** Local calendar parts of an instant (ISO string or epoch ms) in `zone`. */
export function local(instant: string | number, zone: string): LocalParts {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(ms)) parts[p.type] = p.value;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: parts.weekday ?? '',
    time,
    minute: time.slice(0, 5),
    offset: parts.timeZoneName ?? '',
  };
}

/** A number with fixed decimals and a real minus sign. */
export function num(x: number, decimals = 0): string {
  return x
    .toFixed(decimals)
    .replace(/^-(?=[\d.]*[1-9])/, '−')
    .replace(/^-/, '');
}
