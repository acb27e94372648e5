/**
 * Physical constants of core, each defined once.
 *
 * Two Earth models on purpose: SGP4 (and every bound or model built on its elements) uses WGS72
 * (Vallado 2006, satellite.js `constants`); observers, the ellipsoid seen from a satellite and
 * sub-satellite points use WGS84.
 */
import { constants as sgp4Constants } from 'satellite.js';

/** WGS72 gravity as SGP4 uses it (satellite.js `constants`, Vallado's `getgravconst('wgs72')`). */
export const WGS72 = {
  /** Gravitational parameter, km^3/s^2. */
  muKm3S2: sgp4Constants.mu,
  /** Equatorial radius, km: SGP4's distance unit ("Earth radii"). */
  earthRadiusKm: sgp4Constants.earthRadius,
  /** Second zonal harmonic. */
  j2: sgp4Constants.j2,
  /** sqrt(mu) in Earth radii^1.5 per minute: SGP4's `xke`. */
  xkePerMin: sgp4Constants.xke,
} as const;

/** WGS84 ellipsoid: equatorial radius (km), flattening, first eccentricity squared. */
export const WGS84_A_KM = 6378.137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

/** Earth rotation rate, rad/s (IERS). */
export const EARTH_ROTATION_RAD_S = 7.292115146706979e-5;

/**
 * Rate of Greenwich mean sidereal time as `gmst` computes it (IAU 1982, linear term), rad/s: the
 * rotation SGP4's TEME frame sees. Within 1e-11 rad/s of `EARTH_ROTATION_RAD_S`.
 */
export const GMST_RATE_RAD_S =
  ((876600 * 3600 + 8640184.812866) / (36525 * 86400)) * ((2 * Math.PI) / 86400);

/** Speed of light, km/s. */
export const SPEED_OF_LIGHT_KM_S = 299_792.458;

/** Nominal solar radius (IAU 2015 Resolution B3), km. */
export const SUN_RADIUS_KM = 695_700;
