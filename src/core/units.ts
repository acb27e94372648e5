/** Degree/radian conversion and small vector helpers used across core. Radians stay inside core. */

export const DEG = Math.PI / 180;
export const RAD = 180 / Math.PI;
export const TWO_PI = 2 * Math.PI;

/** Milliseconds in a day / minute. */
export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

/** The physical constants live in `constants.ts`; re-exported here for existing importers. */
export {
  EARTH_ROTATION_RAD_S,
  SPEED_OF_LIGHT_KM_S,
  WGS84_A_KM,
  WGS84_E2,
  WGS84_F,
} from './constants.js';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Normalise an angle in degrees to [0, 360). */
export function wrap360(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r;
}

/** Normalise an angle in degrees to [-180, 180). */
export function wrap180(deg: number): number {
  return wrap360(deg + 180) - 180;
}
