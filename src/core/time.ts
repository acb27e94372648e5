/**
 * Time scales used by core. Instants are UTC epoch milliseconds; SGP4 (and satellite.js)
 * treat UT1 = UTC, and so does passwatch.
 */
import { MS_PER_DAY, TWO_PI } from './units.js';

/** Julian date of the Unix epoch 1970-01-01T00:00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;

/** Julian date (UTC, used as UT1) of an instant given in epoch milliseconds. */
export function julianDate(epochMs: number): number {
  return epochMs / MS_PER_DAY + JD_UNIX_EPOCH;
}

/** Epoch milliseconds of a Julian date. */
export function epochMsFromJulianDate(jd: number): number {
  return (jd - JD_UNIX_EPOCH) * MS_PER_DAY;
}

/**
 * Greenwich mean sidereal time (IAU 1982, Vallado 2004 eq. 3-45) in radians, the angle SGP4's TEME
 * frame is rotated by to reach Earth-fixed coordinates. Same formula as satellite.js `gstime`.
 */
export function gmst(epochMs: number): number {
  const tut1 = (julianDate(epochMs) - 2451545.0) / 36525.0;
  let seconds =
    -6.2e-6 * tut1 * tut1 * tut1 +
    0.093104 * tut1 * tut1 +
    (876600.0 * 3600 + 8640184.812866) * tut1 +
    67310.54841;
  seconds %= 86400;
  let theta = (seconds / 86400) * TWO_PI;
  if (theta < 0) theta += TWO_PI;
  return theta;
}

/** ISO 8601 UTC with milliseconds. */
export function isoUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
