/**
 * The Earth's shadow as seen from a satellite.
 *
 * Geometry: the Earth is the WGS84 ellipsoid and has no atmosphere (no refraction, no extinction,
 * no grazing-ray dimming: real shadow boundaries come a few seconds earlier/later and are softer).
 * Scaling every z coordinate by a/b turns the ellipsoid into a sphere of radius a; the scaling is
 * affine, so straight lines stay straight and "does the satellite->Sun segment touch the
 * ellipsoid" becomes an exact sphere test. Both the satellite and the Sun's *position* (not a unit
 * direction) are scaled. Inputs are geocentric vectors in one frame whose z axis is the Earth's
 * rotation axis (TEME or Earth-fixed), km.
 */
import { SUN_RADIUS_KM, WGS84_A_KM, WGS84_F } from '../constants.js';
import type { Vec3 } from '../units.js';

export { SUN_RADIUS_KM };

/** a/b of WGS84: multiply z by this to make the ellipsoid a sphere of radius a. */
const Z_SCALE = 1 / (1 - WGS84_F);

/** Whether the Sun's centre is visible from the satellite, and how much of its disc is hidden. */
export interface ShadowState {
  /** True when the line of sight from the satellite to the Sun's centre clears the Earth. */
  sunlit: boolean;
  /**
   * Fraction of the Sun's disc area hidden by the Earth's disc as seen from the satellite:
   * 0 = whole disc visible, 1 = umbra. Between 0 and 1 in the penumbra (about 0.5 when the
   * centre is on the limb).
   */
  penumbraFraction: number;
}

/**
 * Signed clearance of the satellite->Sun-centre line of sight above the Earth, km: the distance
 * from the Earth's centre to that ray (or to the satellite itself when the Sun is on the far side
 * of the satellite from the Earth's centre) minus a, measured in the z-scaled space where the
 * WGS84 ellipsoid is a sphere of radius a (within 0.34 % of true km). Positive when sunlit, zero on
 * the shadow boundary, negative in shadow; continuous in time, so it suits bisection or secant
 * searches for shadow entry and exit.
 */
export function sunlitMarginKm(satTemeKm: Vec3, sunTemeKm: Vec3): number {
  const sx = satTemeKm.x;
  const sy = satTemeKm.y;
  const sz = satTemeKm.z * Z_SCALE;
  let dx = sunTemeKm.x - sx;
  let dy = sunTemeKm.y - sy;
  let dz = sunTemeKm.z * Z_SCALE - sz;
  const dn = Math.sqrt(dx * dx + dy * dy + dz * dz);
  dx /= dn;
  dy /= dn;
  dz /= dn;
  const along = sx * dx + sy * dy + sz * dz;
  if (along >= 0) return Math.sqrt(sx * sx + sy * sy + sz * sz) - WGS84_A_KM;
  const cx = sx - along * dx;
  const cy = sy - along * dy;
  const cz = sz - along * dz;
  return Math.sqrt(cx * cx + cy * cy + cz * cz) - WGS84_A_KM;
}

/** True when the Sun's centre is visible from the satellite (`sunlitMarginKm > 0`). */
export function isSunlit(satTemeKm: Vec3, sunTemeKm: Vec3): boolean {
  return sunlitMarginKm(satTemeKm, sunTemeKm) > 0;
}

/**
 * Shadow state of a satellite: `sunlit` (Sun's centre visible) and the fraction of the solar disc
 * hidden by the Earth. The fraction is the overlap area of two circles with the apparent radii of
 * the Sun and of the Earth (in the z-scaled space), separated by the apparent angle between their
 * centres, over the Sun's disc area: the conical model of Montenbruck & Gill, "Satellite Orbits"
 * (2000), section 3.4.2. The planar overlap formula ignores the curvature of the Earth's limb
 * across the 0.5 deg solar disc (an error of well under 1 % of the fraction).
 */
export function shadow(satTemeKm: Vec3, sunTemeKm: Vec3): ShadowState {
  return {
    sunlit: sunlitMarginKm(satTemeKm, sunTemeKm) > 0,
    penumbraFraction: penumbraFraction(satTemeKm, sunTemeKm),
  };
}

/** `shadow`'s `penumbraFraction` alone (the magnitude of a satellite known to be sunlit). */
export function penumbraFraction(satTemeKm: Vec3, sunTemeKm: Vec3): number {
  const sx = satTemeKm.x;
  const sy = satTemeKm.y;
  const sz = satTemeKm.z * Z_SCALE;
  const dx = sunTemeKm.x - sx;
  const dy = sunTemeKm.y - sy;
  const dz = sunTemeKm.z * Z_SCALE - sz;
  const rSat = Math.sqrt(sx * sx + sy * sy + sz * sz);
  const rSun = Math.sqrt(dx * dx + dy * dy + dz * dz);
  // Apparent radii (rad) and separation of the centres (rad) as seen from the satellite.
  const a = Math.asin(Math.min(1, SUN_RADIUS_KM / rSun));
  const b = Math.asin(Math.min(1, WGS84_A_KM / rSat));
  const cosC = -(sx * dx + sy * dy + sz * dz) / (rSat * rSun);
  const c = Math.acos(Math.max(-1, Math.min(1, cosC)));
  return hiddenFraction(a, b, c);
}

/** Fraction of a disc of radius a hidden by a disc of radius b, centres c apart (planar). */
function hiddenFraction(a: number, b: number, c: number): number {
  if (c >= a + b) return 0;
  if (c <= b - a) return 1;
  // Earth's disc smaller than the Sun's and inside it (annular; not reachable from orbit).
  if (c <= a - b) return (b * b) / (a * a);
  const x = (c * c + a * a - b * b) / (2 * c);
  const y = Math.sqrt(Math.max(0, a * a - x * x));
  const area =
    a * a * Math.acos(Math.max(-1, Math.min(1, x / a))) +
    b * b * Math.acos(Math.max(-1, Math.min(1, (c - x) / b))) -
    c * y;
  return Math.max(0, Math.min(1, area / (Math.PI * a * a)));
}
