/**
 * Bright stars in an observer's sky, and the named star nearest a point ("5° below Vega").
 *
 * Positions are J2000 (the bundled catalogue, see assets/stars/README.md), turned to the observer's
 * horizon by astronomy-engine's `Rotation_EQJ_HOR` (precession, nutation, Earth rotation). Proper
 * motion and annual aberration (at most 20") are left out: good to 0.04° (α Cen by 2035) for charts and
 * words, checked against PyEphem's star catalogue (test/reference/stars).
 */
import { Observer as AstroObserver, Rotation_EQJ_HOR } from 'astronomy-engine';
import type { Observer } from '../orbit/observer.js';
import { DEG, RAD, wrap180 } from '../units.js';
import { astroTime } from './sun.js';

export interface Star {
  /** Hipparcos number. */
  hip: number;
  /** J2000 right ascension and declination, degrees. */
  raDeg: number;
  decDeg: number;
  /** Visual magnitude. */
  magnitude: number;
  /** Proper name (Vega), or null. */
  name: string | null;
  /** Bayer or Flamsteed designation with the constellation (α Lyr), or null. */
  designation: string | null;
}

/** A star where the observer sees it. */
export interface StarPlace {
  star: Star;
  azimuthDeg: number;
  /** Geometric elevation, degrees (no refraction). */
  elevationDeg: number;
}

/**
 * Parse the bundled catalogue: `{ columns: [hip, raDeg, decDeg, mag, name, designation],
 * stars: [[...], ...] }`. Pure; throws `SyntaxError` on a malformed file.
 */
export function parseStarCatalogue(text: string): Star[] {
  const doc = JSON.parse(text) as { stars?: unknown };
  if (!Array.isArray(doc.stars)) throw new SyntaxError('star catalogue: no "stars" array');
  return doc.stars.map((row, i) => {
    if (!Array.isArray(row) || row.length < 6) {
      throw new SyntaxError(`star catalogue: row ${i} is not [hip, ra, dec, mag, name, desig]`);
    }
    const [hip, ra, dec, mag, name, desig] = row as unknown[];
    if (![hip, ra, dec, mag].every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new SyntaxError(`star catalogue: row ${i} has a non-numeric field`);
    }
    return {
      hip: hip as number,
      raDeg: ra as number,
      decDeg: dec as number,
      magnitude: mag as number,
      name: typeof name === 'string' && name !== '' ? name : null,
      designation: typeof desig === 'string' && desig !== '' ? desig : null,
    };
  });
}

/** A star's direction as (north, west, up), written by `StarField.toHorizon`. */
const HORIZON = new Float64Array(3);

/** The rotation from equatorial J2000 to the observer's horizon (north, west, up) at an instant. */
function horizonRotation(observer: Observer, epochMs: number): number[][] {
  return Rotation_EQJ_HOR(
    astroTime(epochMs),
    new AstroObserver(observer.latitudeDeg, observer.longitudeDeg, observer.altitudeM),
  ).rot;
}

/** Elevation of the direction in `HORIZON`, degrees. */
const horizonElevationDeg = () => Math.asin(Math.max(-1, Math.min(1, HORIZON[2]!))) * RAD;

/** Azimuth of the direction in `HORIZON`, degrees from north, 0–360. */
function horizonAzimuthDeg(): number {
  const az = Math.atan2(-HORIZON[1]!, HORIZON[0]!) * RAD;
  return az < 0 ? az + 360 : az;
}

/** A set of stars with their J2000 unit vectors precomputed. */
export class StarField {
  readonly stars: readonly Star[];
  private readonly unit: Float64Array;
  /** `brighterThan`'s answers by magnitude limit (a few limits are ever asked for). */
  private readonly byMagnitude = new Map<number, Int32Array>();

  constructor(stars: readonly Star[]) {
    this.stars = stars;
    this.unit = new Float64Array(stars.length * 3);
    stars.forEach((s, i) => {
      const ra = s.raDeg * DEG;
      const dec = s.decDeg * DEG;
      this.unit[i * 3] = Math.cos(dec) * Math.cos(ra);
      this.unit[i * 3 + 1] = Math.cos(dec) * Math.sin(ra);
      this.unit[i * 3 + 2] = Math.sin(dec);
    });
  }

  /**
   * Every star of magnitude `maxMagnitude` or brighter with its azimuth and elevation at an
   * instant; those below `minElevationDeg` (default 0) are left out.
   */
  sky(
    observer: Observer,
    epochMs: number,
    options: { maxMagnitude?: number; minElevationDeg?: number } = {},
  ): StarPlace[] {
    const maxMag = options.maxMagnitude ?? Number.POSITIVE_INFINITY;
    const minEl = options.minElevationDeg ?? 0;
    const r = horizonRotation(observer, epochMs);
    const out: StarPlace[] = [];
    for (const i of this.brighterThan(maxMag)) {
      const star = this.stars[i]!;
      this.toHorizon(r, i);
      const elevationDeg = horizonElevationDeg();
      if (elevationDeg < minEl) continue;
      out.push({ star, azimuthDeg: horizonAzimuthDeg(), elevationDeg });
    }
    return out;
  }

  /** Star `i`'s unit direction rotated by `r` (equatorial J2000 → horizon) into `HORIZON`. */
  private toHorizon(r: number[][], i: number): void {
    const x = this.unit[i * 3]!;
    const y = this.unit[i * 3 + 1]!;
    const z = this.unit[i * 3 + 2]!;
    // astronomy-engine's matrices act as v' = r^T-indexed: v'[j] = sum_i r[i][j] v[i].
    HORIZON[0] = r[0]![0]! * x + r[1]![0]! * y + r[2]![0]! * z;
    HORIZON[1] = r[0]![1]! * x + r[1]![1]! * y + r[2]![1]! * z;
    HORIZON[2] = r[0]![2]! * x + r[1]![2]! * y + r[2]![2]! * z;
  }

  /**
   * `nearestNamedStar(this.sky(observer, epochMs, options), azimuthDeg, elevationDeg,
   * maxSeparationDeg)`, the same answer without placing every star: a star whose direction is
   * farther from the point than the nearest so far (by its dot product, with a margin far above
   * rounding) is passed over before its azimuth and separation are computed.
   */
  nearestNamed(
    observer: Observer,
    epochMs: number,
    azimuthDeg: number,
    elevationDeg: number,
    options: { maxMagnitude?: number; minElevationDeg?: number } = {},
    maxSeparationDeg = 20,
  ): NearStar | null {
    const maxMag = options.maxMagnitude ?? Number.POSITIVE_INFINITY;
    const minEl = options.minElevationDeg ?? 0;
    const r = horizonRotation(observer, epochMs);
    // The point's direction as (north, west, up).
    const ce = Math.cos(elevationDeg * DEG);
    const pn = ce * Math.cos(azimuthDeg * DEG);
    const pw = -ce * Math.sin(azimuthDeg * DEG);
    const pu = Math.sin(elevationDeg * DEG);
    let best: StarPlace | null = null;
    let bestSep = Number.POSITIVE_INFINITY;
    let bestDot = Number.NEGATIVE_INFINITY;
    for (const i of this.brighterThan(maxMag)) {
      const star = this.stars[i]!;
      if (!star.name) continue;
      this.toHorizon(r, i);
      const starEl = horizonElevationDeg();
      if (starEl < minEl) continue;
      // A cosine 1e-9 lower is an angle at least 1e-9 rad wider, far beyond rounding.
      const dot = pn * HORIZON[0]! + pw * HORIZON[1]! + pu * HORIZON[2]!;
      if (dot < bestDot - 1e-9) continue;
      const starAz = horizonAzimuthDeg();
      const sep = separationDeg(azimuthDeg, elevationDeg, starAz, starEl);
      if (sep < bestSep) {
        bestSep = sep;
        best = { star, azimuthDeg: starAz, elevationDeg: starEl };
        bestDot = dot;
      }
    }
    return nearStar(best, bestSep, azimuthDeg, elevationDeg, maxSeparationDeg);
  }

  /** Indices of the stars of magnitude `maxMagnitude` or brighter, in catalogue order (memo). */
  private brighterThan(maxMagnitude: number): Int32Array {
    let indices = this.byMagnitude.get(maxMagnitude);
    if (!indices) {
      const chosen: number[] = [];
      this.stars.forEach((star, i) => {
        if (!(star.magnitude > maxMagnitude)) chosen.push(i);
      });
      indices = Int32Array.from(chosen);
      if (this.byMagnitude.size >= 16) this.byMagnitude.clear();
      this.byMagnitude.set(maxMagnitude, indices);
    }
    return indices;
  }
}

/** Named stars this bright or brighter are used to say where a track starts and ends. */
export const NEAR_STAR_MAX_MAGNITUDE = 2.5;

/** Where a point of the sky is relative to a named star. */
export interface NearStar {
  name: string;
  /** Angle between the point and the star, degrees. */
  separationDeg: number;
  /**
   * The point relative to the star as a person facing the star sees it: `at` (within 1°),
   * `above`, `below`, `left of`, `right of`.
   */
  direction: 'at' | 'above' | 'below' | 'left of' | 'right of';
  /** In words: "5° below Vega", "at Arcturus". */
  text: string;
}

/** Angle between two (azimuth, elevation) directions, degrees. */
export function separationDeg(az1: number, el1: number, az2: number, el2: number): number {
  const a = el1 * DEG;
  const b = el2 * DEG;
  const dAz = (az2 - az1) * DEG;
  const x = Math.cos(b) * Math.sin(dAz);
  const y = Math.cos(a) * Math.sin(b) - Math.sin(a) * Math.cos(b) * Math.cos(dAz);
  const z = Math.sin(a) * Math.sin(b) + Math.cos(a) * Math.cos(b) * Math.cos(dAz);
  return Math.atan2(Math.hypot(x, y), z) * RAD;
}

/** "from 5° below Vega to Arcturus": where a track starts and ends among the stars. */
export function nearStarsText(start: NearStar | null, end: NearStar | null): string | null {
  const to = end ? (end.direction === 'at' ? end.name : end.text) : null;
  if (start && to) return `from ${start.text} to ${to}`;
  if (start) return `from ${start.text}`;
  return to ? `to ${to}` : null;
}

/**
 * The named star (among `candidates`, e.g. the sky's stars with a proper name) nearest a point
 * (azimuth, elevation), described from the star: "5° below Vega". Null when none is within
 * `maxSeparationDeg` (default 20).
 */
export function nearestNamedStar(
  candidates: readonly StarPlace[],
  azimuthDeg: number,
  elevationDeg: number,
  maxSeparationDeg = 20,
): NearStar | null {
  let best: StarPlace | null = null;
  let bestSep = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (!c.star.name) continue;
    const sep = separationDeg(azimuthDeg, elevationDeg, c.azimuthDeg, c.elevationDeg);
    if (sep < bestSep) {
      bestSep = sep;
      best = c;
    }
  }
  return nearStar(best, bestSep, azimuthDeg, elevationDeg, maxSeparationDeg);
}

/** `nearestNamedStar`'s answer from the nearest named star and its separation. */
function nearStar(
  best: StarPlace | null,
  bestSep: number,
  azimuthDeg: number,
  elevationDeg: number,
  maxSeparationDeg: number,
): NearStar | null {
  if (!best || bestSep > maxSeparationDeg) return null;
  const name = best.star.name!;
  if (bestSep < 1) return { name, separationDeg: bestSep, direction: 'at', text: `at ${name}` };
  const up = elevationDeg - best.elevationDeg;
  const across = wrap180(azimuthDeg - best.azimuthDeg) * Math.cos(best.elevationDeg * DEG);
  const direction: NearStar['direction'] =
    Math.abs(up) >= Math.abs(across)
      ? up > 0
        ? 'above'
        : 'below'
      : across > 0
        ? 'right of'
        : 'left of';
  return {
    name,
    separationDeg: bestSep,
    direction,
    text: `${Math.round(bestSep)}° ${direction} ${name}`,
  };
}
