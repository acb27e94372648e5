/**
 * The brightest point of a visible segment: the magnitude sampled alone (`magnitudeSampler`) on a
 * grid that leaves out the points a bound proves dimmer (`brightestOnGrid`), and the apparent
 * magnitude itself (`apparentMagnitude`). Used by `visibility.ts`.
 */
import { type Site, siteTeme } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme } from '../orbit/topocentric.js';
import { type Found, gridMinimum, gridTime, refineGridPoint } from '../search/index.js';
import { lambertSpherePhase, phaseAngleDeg, visualMagnitude } from '../sky/magnitude.js';
import { penumbraFraction, sunlitMarginKm } from '../sky/shadow.js';
import { gmst } from '../time.js';
import { DEG, type Vec3 } from '../units.js';

/**
 * Visual magnitude of a sunlit satellite (TEME vectors, km), dimmed by the share of the Sun's
 * disc the Earth hides in the penumbra; null without a standard magnitude.
 */
export function apparentMagnitude(
  stdMagnitude: number | null,
  sat: Vec3,
  sunPos: Vec3,
  obs: Vec3,
  rangeKm: number,
): number | null {
  if (stdMagnitude === null) return null;
  const hidden = penumbraFraction(sat, sunPos);
  return (
    visualMagnitude(stdMagnitude, rangeKm, phaseAngleDeg(sat, sunPos, obs)) -
    2.5 * Math.log10(Math.max(1e-6, 1 - hidden))
  );
}

/** The brightest instant is located to this, ms (magnitude changes by < 0.001 over it). */
const BRIGHT_TOLERANCE_MS = 500;

const same = (x: number): number => x;

/** The grid points `brightestOnGrid` samples first: every `COARSE`th, and the last. */
const COARSE = 6;
/** The observer's speed in an inertial frame is below this, km/s (the Earth's rotation). */
const OBSERVER_SPEED_KM_S = 0.47;
/** A satellite's acceleration is below this, km/s² (gravity at the Earth's surface, 0.0098). */
const MAX_ACCELERATION_KM_S2 = 0.011;
/** The Sun's direction from a satellite turns by less than this, rad/s. */
const SUN_TURN_RAD_S = 1e-6;

/**
 * `gridMinimum(magnitudeAt, ...)` over [from, to] with the same answer, sampling fewer points:
 * every `COARSE`th point first, then only the points whose magnitude could be at most the best so
 * far. A point is left out when a lower bound of its magnitude is above that best. The magnitude
 * is at least `stdMagnitude + 5 log10(range / 1000) - 2.5 log10(pi f(phase))` (no penumbra), which
 * grows with the range and the phase angle (the Lambert phase function f falls on [0, pi]). From a
 * sampled neighbour, dt away: the range is at least its range less the relative speed times dt
 * (the satellite's speed there plus what gravity can add, plus the observer's), and the phase
 * angle at least its phase angle less dt times that speed over that least range (how fast the
 * observer's direction can turn, seen from the satellite) and the Sun's turn. So the lowest point,
 * the first of equals and its neighbours are those the whole grid would give.
 *
 * `fainter` when every instant of [from, to] (not only the grid's) is proven fainter than
 * `cutoff` from the first samples: then no search over the span finds a magnitude at or below it.
 */
export function brightestOnGrid(
  magnitudeAt: MagnitudeSampler,
  stdMagnitude: number,
  from: number,
  to: number,
  intervals: number,
  cutoff = Number.POSITIVE_INFINITY,
): Found<number> | null | 'fainter' {
  const n = Math.max(1, Math.ceil(intervals));
  const points: (Found<number> | null)[] = new Array(n + 1).fill(null);
  const sampled = new Uint8Array(n + 1);
  const rangeKm = new Float64Array(n + 1);
  const speedKmS = new Float64Array(n + 1);
  const phaseRad = new Float64Array(n + 1);
  let bestValue = Number.POSITIVE_INFINITY;
  let unsure = false;
  const at = (i: number) => {
    sampled[i] = 1;
    const t = gridTime(from, to, n, i);
    const value = magnitudeAt.at(t);
    if (value === null) return;
    if (Number.isNaN(value)) unsure = true;
    points[i] = { t, value, sample: value };
    rangeKm[i] = magnitudeAt.rangeKm;
    speedKmS[i] = magnitudeAt.speedKmS;
    phaseRad[i] = magnitudeAt.phaseRad;
    if (value < bestValue) bestValue = value;
  };
  for (let i = 0; i <= n; i += COARSE) at(i);
  if (!sampled[n]) at(n);
  // The bound at instant t from sampled point j (null: none there).
  const boundAt = (t: number, j: number) => {
    const p = points[j];
    if (!p) return Number.NEGATIVE_INFINITY;
    const dt = Math.abs(t - p.t) / 1000;
    const speed = speedKmS[j]! + OBSERVER_SPEED_KM_S + MAX_ACCELERATION_KM_S2 * dt;
    const nearest = rangeKm[j]! - 1.01 * speed * dt - 1;
    if (!(nearest > 0)) return Number.NEGATIVE_INFINITY;
    const phase = phaseRad[j]! - (1.01 * (speed / nearest) + SUN_TURN_RAD_S) * dt;
    const f = lambertSpherePhase(Math.max(0, phase));
    if (!(f > 0)) return Number.POSITIVE_INFINITY;
    return stdMagnitude + 5 * Math.log10(nearest / 1000) - 2.5 * Math.log10(Math.PI * f) - 1e-6;
  };
  const bound = (i: number, j: number) => boundAt(gridTime(from, to, n, i), j);
  if (bestValue > cutoff && !unsure) {
    // Between two coarse points the bound from each falls with the distance to it, so the lower
    // of the two at the midpoint bounds the whole span between them.
    let fainter = true;
    for (let a = 0; a < n && fainter; a += COARSE) {
      const b = Math.min(n, a + COARSE);
      const mid = (gridTime(from, to, n, a) + gridTime(from, to, n, b)) / 2;
      fainter = Math.min(boundAt(mid, a), boundAt(mid, b)) > cutoff;
    }
    if (fainter) return 'fainter';
  }
  // Each point bounded from the nearest sampled point before it and the next coarse one.
  let left = 0;
  for (let i = 1; i < n && !unsure; i++) {
    if (sampled[i]) {
      left = i;
      continue;
    }
    const right = Math.min(n, i - (i % COARSE) + COARSE);
    if (Math.max(bound(i, left), bound(i, right)) <= bestValue) {
      at(i);
      left = i;
    }
  }
  // A NaN magnitude (never seen) breaks the ordering the bound relies on: sample the whole grid.
  if (unsure) return gridMinimum(magnitudeAt.at, same, from, to, intervals, BRIGHT_TOLERANCE_MS);
  let best = -1;
  for (let i = 0; i <= n; i++) {
    const p = points[i];
    if (p && (best < 0 || p.value < points[best]!.value)) best = i;
  }
  if (best < 0) return null;
  for (const i of [best - 1, best + 1]) if (i >= 0 && i <= n && !sampled[i]) at(i);
  return refineGridPoint(magnitudeAt.at, same, points, best, BRIGHT_TOLERANCE_MS);
}

/**
 * The magnitude of `sample(t)` (+Infinity where it has none) without the rest of the sample; null
 * where SGP4 fails. After each sample, the range, the satellite's speed and the phase angle there.
 */
export interface MagnitudeSampler {
  at: (t: number) => number | null;
  rangeKm: number;
  speedKmS: number;
  phaseRad: number;
}

export function magnitudeSampler(
  orbit: Orbit,
  site: Site,
  sun: { temeKm(epochMs: number): Vec3 },
  stdMagnitude: number | null,
): MagnitudeSampler {
  const state = new Float64Array(6);
  const look = new Look();
  const out: MagnitudeSampler = {
    at: (t) => {
      if (orbit.temeInto(t, state) !== 0) return null;
      const theta = gmst(t);
      const sunPos = sun.temeKm(t);
      const sat: Vec3 = { x: state[0]!, y: state[1]!, z: state[2]! };
      // As `Sky.range`: the range does not depend on whether the azimuth is computed.
      lookFromTeme(state, theta, site, look, false);
      out.rangeKm = look.rangeKm;
      out.speedKmS = Math.hypot(state[3]!, state[4]!, state[5]!);
      const obs = siteTeme(site, theta);
      out.phaseRad = phaseAngleDeg(sat, sunPos, obs) * DEG;
      if (!(sunlitMarginKm(sat, sunPos) > 0)) return Number.POSITIVE_INFINITY;
      const m = apparentMagnitude(stdMagnitude, sat, sunPos, obs, look.rangeKm);
      return m ?? Number.POSITIVE_INFINITY;
    },
    rangeKm: 0,
    speedKmS: 0,
    phaseRad: 0,
  };
  return out;
}
