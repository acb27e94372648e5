/** Degree/radian conversion and small vector helpers used across core. Radians stay inside core. */

export const DEG = Math.PI / 180;
export const RAD = 180 / Math.PI;
export const TWO_PI = 2 * Math.PI;

/** Milliseconds in a day / minute. */
export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

/** WGS84 ellipsoid (km). */
export const WGS84_A_KM = 6378.137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

/** Earth rotation rate, rad/s (IERS). */
export const EARTH_ROTATION_RAD_S = 7.292115146706979e-5;

/** Speed of light, km/s. */
export const SPEED_OF_LIGHT_KM_S = 299_792.458;

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
