/**
 * The Moon beside a visible part of a pass: where it is, how much of it is lit, and how close the
 * satellite's track comes to it. A bright Moon near the track washes out a faint satellite and
 * is what an astrophotographer wants to know about (or is hoping for).
 */
import { type Site, siteTeme } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme } from '../orbit/topocentric.js';
import { gridMinimum } from '../search/index.js';
import { gmst } from '../time.js';
import { RAD, type Vec3 } from '../units.js';

/** Anything that gives a body's geocentric TEME position (km): `SunTrack`, `MoonTrack`. */
export interface TemeSource {
  temeKm(epochMs: number): Vec3;
}

/** A bright Moon is at least this much lit... */
export const BRIGHT_MOON_MIN_FRACTION = 0.25;
/** ...and counts as near the track within this angle of it, degrees. */
export const MOON_NEAR_TRACK_DEG = 10;

/** The Moon during one visible part of a pass. */
export interface MoonNearTrack {
  /** Instant of the satellite's closest approach to the Moon's centre, epoch ms. */
  closestMs: number;
  /** Smallest angle between the satellite and the Moon's centre over the part, degrees. */
  minSeparationDeg: number;
  /** The Moon at `closestMs`: topocentric azimuth and geometric elevation, degrees. */
  azimuthDeg: number;
  elevationDeg: number;
  /** Illuminated fraction of the Moon's disc, 0-1. */
  illuminatedFraction: number;
  /**
   * The Moon is above the horizon, at least `BRIGHT_MOON_MIN_FRACTION` lit, and the track passes
   * within `MOON_NEAR_TRACK_DEG` of it.
   */
  brightNearTrack: boolean;
}

const look = new Look();
const state = new Float64Array(6);

/** Unit vector (east, north, up) of the look in `look`. */
function enu(l: Look): [number, number, number] {
  const ce = Math.cos(l.elevationRad);
  return [ce * Math.sin(l.azimuthRad), ce * Math.cos(l.azimuthRad), Math.sin(l.elevationRad)];
}

/** The topocentric look at a geocentric TEME point (km) from `site`. */
function lookAt(teme: Vec3, theta: number, site: Site): Look {
  state[0] = teme.x;
  state[1] = teme.y;
  state[2] = teme.z;
  state[3] = 0;
  state[4] = 0;
  state[5] = 0;
  return lookFromTeme(state, theta, site, look);
}

function angleDeg(a: [number, number, number], b: [number, number, number]): number {
  const cx = a[1] * b[2] - a[2] * b[1];
  const cy = a[2] * b[0] - a[0] * b[2];
  const cz = a[0] * b[1] - a[1] * b[0];
  return Math.atan2(Math.hypot(cx, cy, cz), a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) * RAD;
}

/**
 * The Moon during [fromMs, toMs] of a satellite's track (a visible part of a pass). The
 * separation (smooth, with one minimum along a near-great-circle track) is sampled every 5 s, or
 * at 12 points on a part longer than a minute, and its
 * minimum refined by Brent's method to 10 ms; the Moon's direction comes from `moon` (a
 * `MoonTrack`), topocentric (parallax included). Null when SGP4 fails inside the span.
 */
export function moonNearTrack(
  orbit: Orbit,
  site: Site,
  fromMs: number,
  toMs: number,
  sun: TemeSource,
  moon: TemeSource,
): MoonNearTrack | null {
  const sample = (t: number) => {
    if (orbit.temeInto(t, state) !== 0) return null;
    const theta = gmst(t);
    const sat = enu(lookFromTeme(state, theta, site, look));
    const m = enu(lookAt(moon.temeKm(t), theta, site));
    return { separation: angleDeg(sat, m) };
  };
  const span = Math.max(0, toMs - fromMs);
  const intervals = Math.min(12, Math.max(1, Math.ceil(span / 5000)));
  const found = gridMinimum(sample, (s) => s.separation, fromMs, toMs, intervals, 10);
  if (!found) return null;
  const t = found.t;
  const theta = gmst(t);
  const moonTeme = moon.temeKm(t);
  const mLook = lookAt(moonTeme, theta, site);
  const azimuthDeg = mLook.azimuthRad * RAD;
  const elevationDeg = mLook.elevationRad * RAD;
  // Phase angle at the Moon between the Sun and the observer; lit fraction (1 + cos i) / 2.
  const sunTeme = sun.temeKm(t);
  const obs = siteTeme(site, theta);
  const toSun = [sunTeme.x - moonTeme.x, sunTeme.y - moonTeme.y, sunTeme.z - moonTeme.z] as [
    number,
    number,
    number,
  ];
  const toObs = [obs.x - moonTeme.x, obs.y - moonTeme.y, obs.z - moonTeme.z] as [
    number,
    number,
    number,
  ];
  const phase = angleDeg(toSun, toObs);
  const illuminatedFraction = (1 + Math.cos(phase / RAD)) / 2;
  const minSeparationDeg = found.value;
  return {
    closestMs: t,
    minSeparationDeg,
    azimuthDeg,
    elevationDeg,
    illuminatedFraction,
    brightNearTrack:
      elevationDeg > 0 &&
      illuminatedFraction >= BRIGHT_MOON_MIN_FRACTION &&
      minSeparationDeg <= MOON_NEAR_TRACK_DEG,
  };
}
