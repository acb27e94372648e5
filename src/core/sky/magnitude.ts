/**
 * Visual magnitude of a sunlit satellite from its standard magnitude.
 *
 * Standard magnitude convention (satvisor `stdmag.json`, bundled as
 * assets/magnitudes/satvisor-stdmag.json): the magnitude at 1000 km range and 90 deg phase angle,
 * for a diffuse (Lambertian) sphere. Many table values are estimates, not measurements: McCants'
 * quicksat magnitude + 1.0 where McCants lists the object, else derived from the radar cross
 * section (albedo 0.15), else a name-prefix or object-type guess. Expect errors of a magnitude or
 * more for individual objects, and more for tumbling, flat or specular ones.
 */
import { DEG, RAD, type Vec3 } from '../units.js';

/**
 * Diffuse (Lambertian) sphere phase function F(phi) = [sin phi + (pi - phi) cos phi] / pi,
 * phi in radians: 1 at full phase (phi = 0), 1/pi at 90 deg, 0 at 180 deg.
 * McCue, Williams & Morford (1971), "Optical characteristics of artificial satellites",
 * Planet. Space Sci. 19, 851; Hejduk (2011), "Specular and diffuse components in spherical
 * satellite photometric modeling", AMOS Conference.
 */
export function lambertSpherePhase(phaseAngleRad: number): number {
  if (phaseAngleRad >= Math.PI) return 0;
  const phi = Math.max(0, phaseAngleRad);
  return (Math.sin(phi) + (Math.PI - phi) * Math.cos(phi)) / Math.PI;
}

/**
 * Phase angle at the satellite between the directions to the Sun and to the observer, degrees
 * (0 = the observer sees the fully lit face, 180 = looking at the unlit side). All three vectors
 * geocentric in the same frame (TEME), km.
 */
export function phaseAngleDeg(satTemeKm: Vec3, sunTemeKm: Vec3, observerTemeKm: Vec3): number {
  const ax = sunTemeKm.x - satTemeKm.x;
  const ay = sunTemeKm.y - satTemeKm.y;
  const az = sunTemeKm.z - satTemeKm.z;
  const bx = observerTemeKm.x - satTemeKm.x;
  const by = observerTemeKm.y - satTemeKm.y;
  const bz = observerTemeKm.z - satTemeKm.z;
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz) * RAD;
}

/**
 * Apparent visual magnitude of a sunlit satellite:
 *   m = stdMag + 5 log10(rangeKm / 1000) - 2.5 log10(pi F(phi))
 * with F the Lambertian sphere phase function (`lambertSpherePhase`); the phase term vanishes at
 * 90 deg, where the standard magnitude is defined. Returns +Infinity at 180 deg (no lit face
 * visible). No atmospheric extinction. Throws `RangeError` for a non-positive or non-finite range.
 */
export function visualMagnitude(stdMag: number, rangeKm: number, phaseAngleDeg: number): number {
  if (!(rangeKm > 0) || !Number.isFinite(rangeKm)) {
    throw new RangeError(`rangeKm must be a positive finite number (got ${rangeKm})`);
  }
  const f = phaseAngleDeg >= 180 ? 0 : lambertSpherePhase(phaseAngleDeg * DEG);
  if (f <= 0) return Number.POSITIVE_INFINITY;
  return stdMag + 5 * Math.log10(rangeKm / 1000) - 2.5 * Math.log10(Math.PI * f);
}

/** A table entry that was skipped, with why. */
export interface StdMagIssue {
  /** The JSON key as written. */
  key: string;
  reason: string;
}

/** Standard magnitudes by NORAD id, and the entries that were left out. */
export interface StdMagTable {
  magnitudes: Map<number, number>;
  issues: StdMagIssue[];
}

/** Standard magnitudes outside this range are rejected as implausible. */
export const STD_MAG_MIN = -10;
export const STD_MAG_MAX = 30;

/**
 * Parse a `{ "<norad>": stdMag }` JSON table (the satvisor `stdmag.json` layout). Pure.
 * Entries whose key is not a NORAD id (positive integer, up to 9 digits) or whose value is not a
 * finite number in [STD_MAG_MIN, STD_MAG_MAX] are left out and listed in `issues`.
 * Throws `SyntaxError` when the text is not JSON or not a JSON object.
 */
export function parseStdMagTable(jsonText: string): StdMagTable {
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new SyntaxError(`standard magnitude table is not valid JSON: ${why}`);
  }
  return stdMagTableFromObject(doc);
}

/** `parseStdMagTable` on an already parsed JSON value. Pure. */
export function stdMagTableFromObject(doc: unknown): StdMagTable {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SyntaxError('standard magnitude table must be a JSON object { "<norad>": stdMag }');
  }
  const magnitudes = new Map<number, number>();
  const issues: StdMagIssue[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!/^[0-9]{1,9}$/.test(key) || Number(key) === 0) {
      issues.push({ key, reason: 'key is not a NORAD catalogue number' });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push({ key, reason: `value ${JSON.stringify(value)} is not a finite number` });
      continue;
    }
    if (value < STD_MAG_MIN || value > STD_MAG_MAX) {
      issues.push({
        key,
        reason: `magnitude ${value} outside [${STD_MAG_MIN}, ${STD_MAG_MAX}]`,
      });
      continue;
    }
    magnitudes.set(Number(key), value);
  }
  return { magnitudes, issues };
}
