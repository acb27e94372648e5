/**
 * The screening's first two sieves (Hoots, Crawford & Roehrich 1984): the apogee/perigee filter
 * on each orbit's radial band over the window, and the orbit path filter on the two orbits' radii
 * where their planes cross.
 */
import { WGS72 } from '../constants.js';
import type { Orbit } from '../orbit/propagate.js';
import { cross, dot, norm, type V3 } from './vector.js';

const R_EARTH = WGS72.earthRadiusKm;
const MU = WGS72.muKm3S2;
const DAY_S = 86_400;
/** Pad for SGP4's periodic terms and the sampling of the path filter, km. */
export const RADIAL_PAD_KM = 10;

export interface Band {
  /** How far the mean motion derivative lowers the orbit over the window, km. */
  decayKm: number;
  perigeeKm: number;
  apogeeKm: number;
  vmaxKmS: number;
}

/** Radial band of an orbit over the window (radius from the Earth's centre, km). */
export function band(o: Orbit, days: number): Band {
  const a = R_EARTH * ((o.perigeeKm + o.apogeeKm) / (2 * R_EARTH) + 1);
  // Mean motion derivative: ndot/2 in rev/day^2 → da over the window = (2/3) a (2 ndot t) / n.
  const ndot = Math.abs(2 * o.elements.meanMotionDot);
  const decay = ((2 / 3) * a * ndot * days) / o.elements.meanMotionRevPerDay;
  const q = R_EARTH + o.perigeeKm - decay;
  const Q = R_EARTH + o.apogeeKm;
  return {
    decayKm: decay,
    perigeeKm: q,
    apogeeKm: Q,
    vmaxKmS: Math.sqrt(MU * (2 / Math.max(q, R_EARTH) - 1 / a)),
  };
}

/** Orbit normal, ascending-node direction, eccentricity data at `t` minutes from the epoch. */
function planeAt(o: Orbit, tMin: number) {
  const s = o.sgp4;
  const node = s.nodeo + s.nodedot * tMin;
  const argp = s.argpo + s.argpdot * tMin;
  const i = s.inclo;
  const h: V3 = [Math.sin(i) * Math.sin(node), -Math.sin(i) * Math.cos(node), Math.cos(i)];
  const nodeDir: V3 = [Math.cos(node), Math.sin(node), 0];
  const a = R_EARTH * ((o.perigeeKm + o.apogeeKm) / (2 * R_EARTH) + 1);
  return { h, nodeDir, argp, e: s.ecco, p: a * (1 - s.ecco * s.ecco) };
}

/** Orbit radius of `o` in direction `u` (unit, in its plane). */
function radiusToward(pl: ReturnType<typeof planeAt>, u: V3): number {
  const perp = cross(pl.h, pl.nodeDir);
  const lat = Math.atan2(dot(u, perp), dot(u, pl.nodeDir));
  return pl.p / (1 + pl.e * Math.cos(lat - pl.argp));
}

/**
 * Orbit path filter: could the two orbit paths come within `limitKm` during the window? Sampled
 * every 6 hours (the planes turn by at most a few degrees in between; the pad covers it).
 */
export function pathsMeet(
  p: Orbit,
  s: Orbit,
  startMs: number,
  days: number,
  limitKm: number,
): boolean {
  const samples = Math.max(2, Math.ceil((days * 24) / 6) + 1);
  for (let k = 0; k < samples; k++) {
    const t = startMs + (k / (samples - 1)) * days * DAY_S * 1000;
    const pp = planeAt(p, p.minutesSinceEpoch(t));
    const ps = planeAt(s, s.minutesSinceEpoch(t));
    const line = cross(pp.h, ps.h);
    const sin = norm(line);
    // Nearly coplanar: the path filter does not apply.
    if (sin < 0.05) return true;
    const u: V3 = [line[0] / sin, line[1] / sin, line[2] / sin];
    for (const sign of [1, -1]) {
      const dir: V3 = [u[0] * sign, u[1] * sign, u[2] * sign];
      if (Math.abs(radiusToward(pp, dir) - radiusToward(ps, dir)) <= limitKm) return true;
    }
  }
  return false;
}
