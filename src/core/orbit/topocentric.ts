/**
 * The look geometry, once: TEME -> Earth-fixed (rotation by the Greenwich sidereal angle, no polar
 * motion, as in SGP4 practice) -> the site's east/north/up frame. Every look angle, elevation rate
 * and Sun elevation in core comes from here.
 */
import { EARTH_ROTATION_RAD_S } from '../constants.js';
import type { Vec3 } from '../units.js';
import type { Site } from './observer.js';

/**
 * Where a satellite is seen from a site, in radians, km and seconds, with its Earth-fixed position.
 * Mutable so that hot loops reuse one instance (`lookFromTeme` fills it).
 */
export class Look {
  /** Elevation above the site's horizon (normal to the WGS84 ellipsoid), rad. */
  elevationRad = 0;
  /** Azimuth from north through east, [0, 2 pi) rad; not computed when asked for elevation only. */
  azimuthRad = 0;
  rangeKm = 0;
  /** Positive when the satellite moves away from the site, km/s. */
  rangeRateKmS = 0;
  /** Time derivative of the elevation, rad/s (from SGP4's velocity). */
  elevationRateRadS = 0;
  /** The satellite's Earth-fixed position, km. */
  ecfXKm = 0;
  ecfYKm = 0;
  ecfZKm = 0;
}

/**
 * Look angles and their rates of a TEME state (`state[0..5]`: x, y, z km; vx, vy, vz km/s) from
 * `site` at Greenwich sidereal angle `theta` (rad), into `out`. Without `azimuth` the azimuth is
 * left as it was (it costs an atan2 that searches on elevation do not need).
 */
export function lookFromTeme(
  state: Float64Array,
  theta: number,
  site: Site,
  out: Look,
  azimuth = true,
): Look {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const x = state[0]!;
  const y = state[1]!;
  const z = state[2]!;
  const vx = state[3]!;
  const vy = state[4]!;
  const vz = state[5]!;
  const xe = c * x + s * y;
  const ye = -s * x + c * y;
  // Earth-fixed velocity: rotate, then remove the frame's rotation (v - w x r).
  const vxe = c * vx + s * vy + EARTH_ROTATION_RAD_S * ye;
  const vye = -s * vx + c * vy - EARTH_ROTATION_RAD_S * xe;
  const rx = xe - site.x;
  const ry = ye - site.y;
  const rz = z - site.z;
  const range = Math.sqrt(rx * rx + ry * ry + rz * rz);
  const rangeRate = (rx * vxe + ry * vye + rz * vz) / range;
  const u = site.upX * rx + site.upY * ry + site.upZ * rz;
  const uDot = site.upX * vxe + site.upY * vye + site.upZ * vz;
  const sinEl = u / range;
  // d(sin el)/dt = (u' - sin(el) * range') / range; d(el)/dt = that / cos(el).
  const cosEl = Math.sqrt(Math.max(1e-300, 1 - sinEl * sinEl));
  out.elevationRad = Math.asin(sinEl);
  out.elevationRateRadS = (uDot - sinEl * rangeRate) / range / cosEl;
  out.rangeKm = range;
  out.rangeRateKmS = rangeRate;
  out.ecfXKm = xe;
  out.ecfYKm = ye;
  out.ecfZKm = z;
  if (azimuth) {
    const e = site.eastX * rx + site.eastY * ry;
    const n = site.northX * rx + site.northY * ry + site.northZ * rz;
    const az = Math.atan2(e, n);
    out.azimuthRad = az < 0 ? az + 2 * Math.PI : az;
  }
  return out;
}

/** Sine of the elevation of an Earth-fixed point (km) from `site`, parallax included. */
export function sinElevationFromEcf(x: number, y: number, z: number, site: Site): number {
  const rx = x - site.x;
  const ry = y - site.y;
  const rz = z - site.z;
  const u = site.upX * rx + site.upY * ry + site.upZ * rz;
  return u / Math.sqrt(rx * rx + ry * ry + rz * rz);
}

/** Sine of the elevation of a TEME point (km) from `site` at Greenwich sidereal angle `theta`. */
export function sinElevationFromTeme(
  x: number,
  y: number,
  z: number,
  theta: number,
  site: Site,
): number {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return sinElevationFromEcf(c * x + s * y, -s * x + c * y, z, site);
}

/** TEME -> Earth-fixed: rotation about z by the Greenwich sidereal angle `theta` (rad). */
export function temeToEcf(v: Vec3, theta: number): Vec3 {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return { x: c * v.x + s * v.y, y: -s * v.x + c * v.y, z: v.z };
}
