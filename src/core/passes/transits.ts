/**
 * Transits of a satellite across the Sun's or the Moon's disc, and near misses, for an observer and
 * the ground around it.
 *
 * Geometry (one frame, TEME, km): the satellite S (SGP4), the body B (geocentric apparent,
 * `SunTrack`/`MoonTrack`), the observer O. From the observer the satellite is seen at the angle
 * θ(t) from the body's centre; the body's apparent radius is ρ = asin(R/|B − O|). The **centre
 * line** is where the transit is central: at each instant the point where the line from the body's
 * centre through the satellite meets the WGS84 ellipsoid (no atmosphere). The transit is visible
 * (the satellite inside the disc) within about ρ·|S − C| of it on the ground, a strip a few km wide.
 *
 * Search: the passes of the satellite over the observer (for one that never sets, the whole
 * window). In each, every local minimum of θ that can come within reach of the disc (the disc, the
 * near-miss angle and the angle that `radiusKm` subtends at the satellite's range) is found by
 * `minimaWithin`: far from the body it leaps ahead for as long as θ surely stays beyond reach (the
 * satellite moves at most its perigee speed plus the observer's relative to the observer, so its
 * direction turns by at most asin(that distance / range); the body's by its own small rate); near
 * it, it samples every second (a GEO: every ~9 s, the time it turns 0.001 rad) and refines each
 * minimum by Brent's method to 1 ms. Then the disc entry and exit by bisection, and the centre
 * line's closest point to the observer by Brent's method on the ground distance.
 */
import { GMST_RATE_RAD_S, WGS72, WGS84_A_KM, WGS84_F } from '../constants.js';
import { ecfToGeodetic, type Site, siteTeme } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { temeToEcf } from '../orbit/topocentric.js';
import { brentMinimum, type Found, gridMinimum, minimaWithin } from '../search/index.js';
import { MOON_RADIUS_KM } from '../sky/bodies.js';
import { SUN_RADIUS_KM } from '../sky/shadow.js';
import { gmst } from '../time.js';
import { RAD, type Vec3 } from '../units.js';
import type { TemeSource } from './moon-near.js';
import { predictPasses } from './predict.js';
import type { SunSource } from './visibility.js';

const Z_SCALE = 1 / (1 - WGS84_F);

export type TransitBody = 'sun' | 'moon';

/** One transit (or near miss) of a satellite across a body. */
export interface Transit {
  body: TransitBody;
  /**
   * `transit`: the satellite crosses the disc as seen from the observer, or the centre line passes
   * within `radiusKm`; `near-miss`: it passes within `nearMissDeg` of the disc's edge.
   */
  kind: 'transit' | 'near-miss';
  /** Instant of the smallest separation seen from the observer, epoch ms. */
  timeMs: number;
  /** Smallest angle between the satellite and the disc's centre from the observer, degrees. */
  minSeparationDeg: number;
  /** The disc's apparent radius, degrees. */
  bodyRadiusDeg: number;
  /** True when the satellite crosses the disc as seen from the observer. */
  fromObserver: boolean;
  /** Seconds the satellite is on the disc as seen from the observer (0 when it misses). */
  durationSeconds: number;
  /** Satellite range from the observer at `timeMs`, km. */
  rangeKm: number;
  /** The body's elevation and azimuth from the observer at `timeMs`, degrees. */
  bodyElevationDeg: number;
  bodyAzimuthDeg: number;
  /** The centre line's point nearest the observer, when the line crosses the ground near it. */
  centreLine: {
    timeMs: number;
    latitudeDeg: number;
    longitudeDeg: number;
    /** Ground distance from the observer (chord, km) and the bearing to travel, degrees. */
    distanceKm: number;
    bearingDeg: number;
    /** Half-width of the strip from which the satellite is seen on the disc, km. */
    halfWidthKm: number;
    /**
     * The centre line around that point, for a map: where it meets the ground every
     * `CENTRE_LINE_STEP_MS` from `CENTRE_LINE_HALF_SPAN_MS` before to as long after `timeMs`.
     */
    path: { latitudeDeg: number; longitudeDeg: number }[];
  } | null;
}

export interface TransitSearch {
  startMs: number;
  endMs: number;
  /** Report transits whose centre line passes within this distance of the observer, km. */
  radiusKm: number;
  /** Also report near misses: the satellite passing within this angle of the disc's edge, deg. */
  nearMissDeg: number;
}

/** The centre line's `path` spans this either side of its point nearest the observer. */
export const CENTRE_LINE_HALF_SPAN_MS = 30_000;
export const CENTRE_LINE_STEP_MS = 2_000;

const state = new Float64Array(6);

function satTeme(orbit: Orbit, t: number): Vec3 | null {
  if (orbit.temeInto(t, state) !== 0) return null;
  return { x: state[0]!, y: state[1]!, z: state[2]! };
}

const sub = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
const norm = (a: Vec3) => Math.hypot(a.x, a.y, a.z);
function angleRad(a: Vec3, b: Vec3): number {
  const cx = a.y * b.z - a.z * b.y;
  const cy = a.z * b.x - a.x * b.z;
  const cz = a.x * b.y - a.y * b.x;
  return Math.atan2(Math.hypot(cx, cy, cz), a.x * b.x + a.y * b.y + a.z * b.z);
}

/**
 * Where the line from the body's centre through the satellite meets the WGS84 ellipsoid (TEME,
 * km), or null when it misses the Earth.
 */
export function centreLinePoint(sat: Vec3, body: Vec3): Vec3 | null {
  const d0 = sub(sat, body);
  const n0 = norm(d0);
  // In the z-scaled space the ellipsoid is a sphere of radius a.
  const s = { x: sat.x, y: sat.y, z: sat.z * Z_SCALE };
  const d = { x: d0.x / n0, y: d0.y / n0, z: (d0.z / n0) * Z_SCALE };
  const dd = d.x * d.x + d.y * d.y + d.z * d.z;
  const sd = s.x * d.x + s.y * d.y + s.z * d.z;
  const ss = s.x * s.x + s.y * s.y + s.z * s.z - WGS84_A_KM * WGS84_A_KM;
  const disc = sd * sd - dd * ss;
  if (disc < 0) return null;
  const lambda = (-sd - Math.sqrt(disc)) / dd;
  if (lambda < 0) return null;
  return { x: s.x + lambda * d.x, y: s.y + lambda * d.y, z: (s.z + lambda * d.z) / Z_SCALE };
}

/**
 * The directions of the Sun and the Moon from an observer turn by at most this, rad/s: the Earth's
 * orbital motion (2.06e-7 at perihelion) or the Moon's (3.1e-6 at perigee), plus the observer's
 * rotation (0.47 km/s) across their distance.
 */
const BODY_TURN_RAD_S = { sun: 2.2e-7, moon: 5e-6 } as const;
/** The bodies' speed relative to an observer is at most this, km/s (their distance changes less). */
const BODY_SPEED_KM_S = { sun: 31, moon: 1.6 } as const;
/** Margin on the satellite's perigee speed from its mean elements (osculating speeds, drag). */
const SPEED_MARGIN = 1.1;
/**
 * Near a body the separation is sampled at the step over which the satellite's direction turns by
 * at most this (at the nearest range it can have), but at least every `FINE_STEP_MS` (LEO: 1 s).
 */
const FINE_TURN_RAD = 0.001;
const FINE_STEP_MS = 1000;

/**
 * Transits and near misses of one satellite across the Sun and the Moon for an observer. `sun`
 * and `moon` are the bodies' TEME tables over the window (`SunTrack`, `MoonTrack`). Every local
 * minimum of the separation within reach is one entry: a pass (or a satellite that never sets, a
 * whole window) can hold several.
 */
export function findTransits(
  orbit: Orbit,
  site: Site,
  search: TransitSearch,
  sun: SunSource & TemeSource,
  moon: TemeSource,
): Transit[] {
  const { passes } = predictPasses(orbit, site, {
    startMs: search.startMs,
    endMs: search.endMs,
    minElevationDeg: 0,
    sun,
    stdMagnitude: null,
  });
  const out: Transit[] = [];
  const bounds = motionBounds(orbit, site);
  for (const pass of passes) {
    const from = pass.aos?.timeMs ?? search.startMs;
    const to = pass.los?.timeMs ?? search.endMs;
    for (const [body, track, radiusKm] of [
      ['sun', sun, SUN_RADIUS_KM],
      ['moon', moon, MOON_RADIUS_KM],
    ] as const) {
      out.push(...transitsIn(orbit, site, from, to, body, track, radiusKm, search, bounds));
    }
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * True when at `tMs` the satellite is farther from both bodies than what `findTransits` reports
 * (the disc, the near-miss angle and the angle `radiusKm` subtends) plus `marginDeg`: a window cut
 * there splits no transit, even while the satellite stays up. False when it cannot be propagated.
 */
export function clearOfBodies(
  orbit: Orbit,
  site: Site,
  tMs: number,
  search: TransitSearch,
  sun: TemeSource,
  moon: TemeSource,
  marginDeg: number,
): boolean {
  const s = satTeme(orbit, tMs);
  if (!s) return false;
  const o = siteTeme(site, gmst(tMs));
  const us = sub(s, o);
  const range = norm(us);
  for (const [track, radiusKm] of [
    [sun, SUN_RADIUS_KM],
    [moon, MOON_RADIUS_KM],
  ] as const) {
    const ub = sub(track.temeKm(tMs), o);
    const reach =
      Math.asin(Math.min(1, radiusKm / norm(ub))) +
      (search.nearMissDeg + marginDeg) / RAD +
      Math.atan(search.radiusKm / range);
    if (angleRad(us, ub) <= reach) return false;
  }
  return true;
}

/** What bounds how fast the satellite's direction from the observer can turn. */
interface MotionBounds {
  /** Largest speed of the satellite relative to the observer, km/s. */
  relativeSpeedKmS: number;
  /** The fine sampling step near a body, ms. */
  fineStepMs: number;
}

function motionBounds(orbit: Orbit, site: Site): MotionBounds {
  const R = WGS72.earthRadiusKm;
  const perigeeKm = R + orbit.perigeeKm;
  const aKm = R + (orbit.perigeeKm + orbit.apogeeKm) / 2;
  const perigeeSpeed = Math.sqrt(WGS72.muKm3S2 * Math.max(0, 2 / perigeeKm - 1 / aKm));
  const observerSpeed = GMST_RATE_RAD_S * Math.hypot(site.x, site.y) * 1.001;
  const relativeSpeedKmS = SPEED_MARGIN * perigeeSpeed + observerSpeed;
  const nearestKm = 0.98 * perigeeKm - Math.hypot(site.x, site.y, site.z);
  const fineStepMs =
    nearestKm > 0
      ? Math.max(FINE_STEP_MS, ((FINE_TURN_RAD * nearestKm) / relativeSpeedKmS) * 1000)
      : FINE_STEP_MS;
  return { relativeSpeedKmS, fineStepMs };
}

/** The separation sampled at one instant (TEME, km; rad). */
interface TransitLook {
  t: number;
  s: Vec3;
  b: Vec3;
  o: Vec3;
  theta: number;
  sep: number;
  range: number;
  bodyDist: number;
}

function transitsIn(
  orbit: Orbit,
  site: Site,
  from: number,
  to: number,
  body: TransitBody,
  track: TemeSource,
  bodyRadiusKm: number,
  search: TransitSearch,
  bounds: MotionBounds,
): Transit[] {
  const look = (t: number): TransitLook | null => {
    const s = satTeme(orbit, t);
    if (!s) return null;
    const theta = gmst(t);
    const o = siteTeme(site, theta);
    const b = track.temeKm(t);
    const us = sub(s, o);
    const ub = sub(b, o);
    return { t, s, b, o, theta, sep: angleRad(us, ub), range: norm(us), bodyDist: norm(ub) };
  };
  const nearMissRad = search.nearMissDeg / RAD;
  // Within reach: the disc, the near-miss angle and the angle `radiusKm` subtends at the range.
  const reach = (rangeKm: number, bodyDistKm: number) =>
    Math.asin(Math.min(1, bodyRadiusKm / bodyDistKm)) +
    nearMissRad +
    Math.atan(search.radiusKm / rangeKm);
  const vRel = bounds.relativeSpeedKmS;
  const bodyTurn = BODY_TURN_RAD_S[body];
  const bodySpeed = BODY_SPEED_KM_S[body];
  // How long the separation surely stays beyond reach: over dt the satellite moves at most
  // vRel·dt relative to the observer, so its direction turns by at most asin(vRel·dt / range); the
  // body's by bodyTurn·dt; and reach can grow only as far as the ranges can shrink.
  const clearFor = (l: TransitLook) => {
    const gap = l.sep - reach(l.range, l.bodyDist);
    if (gap <= 0) return 0;
    let dt = gap / (vRel / l.range + bodyTurn);
    for (let i = 0; i < 40; i++, dt *= 0.7) {
      const moved = vRel * dt;
      if (moved >= l.range || bodySpeed * dt >= l.bodyDist) continue;
      const turn = Math.asin(moved / l.range) + bodyTurn * dt;
      if (turn < l.sep - reach(l.range - moved, l.bodyDist - bodySpeed * dt)) return dt * 1000;
    }
    return 0;
  };
  const out: Transit[] = [];
  const minima = minimaWithin(look, (l) => l.sep, from, to, clearFor, bounds.fineStepMs, 1);
  for (const found of minima) {
    if (found.value > reach(found.sample.range, found.sample.bodyDist)) continue;
    const t = transitAt(orbit, site, found, look, body, track, bodyRadiusKm, search);
    if (t) out.push(t);
  }
  return out;
}

/** The transit or near miss at a minimum of the separation, or null when it is neither. */
function transitAt(
  orbit: Orbit,
  site: Site,
  found: Found<TransitLook>,
  look: (t: number) => TransitLook | null,
  body: TransitBody,
  track: TemeSource,
  bodyRadiusKm: number,
  search: TransitSearch,
): Transit | null {
  const best = found.sample;
  // The body must be above the horizon for the observer.
  const bodyEcf = temeToEcf(sub(best.b, best.o), best.theta);
  const upComp = site.upX * bodyEcf.x + site.upY * bodyEcf.y + site.upZ * bodyEcf.z;
  const bodyElevationDeg = Math.asin(upComp / norm(bodyEcf)) * RAD;
  if (bodyElevationDeg <= 0) return null;
  const rho = Math.asin(bodyRadiusKm / best.bodyDist);
  const tMin = found.t;
  // Disc entry and exit from the observer, by bisection to 1 ms, from a point off the disc 5 s
  // away (a LEO crosses in under a second), or 10 s, 20 s... (a GEO takes minutes).
  let durationSeconds = 0;
  if (found.value < rho) {
    const edge = (inside: number, direction: 1 | -1) => {
      let span = 5000;
      for (; span < 86_400_000; span *= 2) {
        const l = look(inside + direction * span);
        if (!l || l.sep >= rho) break;
      }
      let a = inside;
      let b = inside + direction * span;
      while (Math.abs(b - a) > 1) {
        const m = (a + b) / 2;
        const l = look(m);
        if (l && l.sep < rho) a = m;
        else b = m;
      }
      return (a + b) / 2;
    };
    durationSeconds = (edge(tMin, 1) - edge(tMin, -1)) / 1000;
  }
  // The centre line near the observer: the ground point nearest the observer.
  const ground = (t: number) => {
    const s = satTeme(orbit, t);
    if (!s) return null;
    const c = centreLinePoint(s, track.temeKm(t));
    if (!c) return null;
    const theta = gmst(t);
    const ecf = temeToEcf(c, theta);
    const dx = ecf.x - site.x;
    const dy = ecf.y - site.y;
    const dz = ecf.z - site.z;
    return { ecf, dx, dy, dz, dist: Math.hypot(dx, dy, dz), s };
  };
  let centreLine: Transit['centreLine'] = null;
  const g0 = ground(tMin);
  if (g0) {
    const span = 30_000;
    const near = gridMinimum(ground, (g) => g.dist, tMin - span, tMin + span, 60, 1);
    if (near) {
      const refined = brentMinimum(ground, (g) => g.dist, near.t - 1000, near, near.t + 1000, 0.5);
      const g = refined.sample;
      const geo = ecfToGeodetic(g.ecf.x, g.ecf.y, g.ecf.z);
      const east = site.eastX * g.dx + site.eastY * g.dy;
      const north = site.northX * g.dx + site.northY * g.dy + site.northZ * g.dz;
      const bearing = Math.atan2(east, north) * RAD;
      const satGround = norm(sub(g.s, temeToEcfInverse(g.ecf, gmst(refined.t))));
      const path: { latitudeDeg: number; longitudeDeg: number }[] = [];
      for (
        let dt = -CENTRE_LINE_HALF_SPAN_MS;
        dt <= CENTRE_LINE_HALF_SPAN_MS;
        dt += CENTRE_LINE_STEP_MS
      ) {
        const p = ground(refined.t + dt);
        if (!p) continue;
        const at = ecfToGeodetic(p.ecf.x, p.ecf.y, p.ecf.z);
        path.push({ latitudeDeg: at.latitudeDeg, longitudeDeg: at.longitudeDeg });
      }
      centreLine = {
        timeMs: refined.t,
        latitudeDeg: geo.latitudeDeg,
        longitudeDeg: geo.longitudeDeg,
        distanceKm: g.dist,
        bearingDeg: bearing < 0 ? bearing + 360 : bearing,
        halfWidthKm: rho * satGround,
        path,
      };
    }
  }
  const withinRadius = centreLine !== null && centreLine.distanceKm <= search.radiusKm;
  const nearMiss = found.value - rho <= search.nearMissDeg / RAD;
  if (!withinRadius && !nearMiss && found.value >= rho) return null;
  const bodyEast = site.eastX * bodyEcf.x + site.eastY * bodyEcf.y;
  const bodyNorth = site.northX * bodyEcf.x + site.northY * bodyEcf.y + site.northZ * bodyEcf.z;
  const az = Math.atan2(bodyEast, bodyNorth) * RAD;
  return {
    body,
    kind: found.value < rho || withinRadius ? 'transit' : 'near-miss',
    timeMs: tMin,
    minSeparationDeg: found.value * RAD,
    bodyRadiusDeg: rho * RAD,
    fromObserver: found.value < rho,
    durationSeconds,
    rangeKm: best.range,
    bodyElevationDeg,
    bodyAzimuthDeg: az < 0 ? az + 360 : az,
    centreLine,
  };
}

/** Earth-fixed back to TEME at Greenwich sidereal angle `theta`. */
function temeToEcfInverse(v: Vec3, theta: number): Vec3 {
  return temeToEcf(v, -theta);
}
