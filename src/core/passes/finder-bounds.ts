/**
 * How fast a satellite can move as seen from an observer, bounded from its mean orbit over a
 * search window without propagating: the finder's provably safe steps far from the observer
 * (`safeStepMs`) rest on these bounds. test/core/passes/finder-bounds.test.ts checks them against
 * SGP4 over real element sets.
 */
import { EARTH_ROTATION_RAD_S, WGS72 } from '../constants.js';
import type { Site } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { DEG } from '../units.js';

const { muKm3S2: MU_KM3_S2, earthRadiusKm: EARTH_RADIUS_KM } = WGS72;
/** Margin on the visibility cone: geodetic vs geocentric vertical, SGP4 periodics. */
const CONE_MARGIN_RAD = 0.5 * DEG;

/** Bounds of an orbit's motion over a search window (exported for tests). */
export interface OrbitBounds {
  /** Largest geocentric angle from the observer at which the lowest threshold can be met. */
  psiMax: number;
  /** Bounds of the distance from the Earth's centre, km, and of the speed, km/s. */
  rMin: number;
  rMax: number;
  vMax: number;
  /** Bounds of the specific angular momentum, km^2/s. */
  hMin: number;
  hMax: number;
  /** Lowest cosine of the inclination (with a margin for its periodic terms). */
  cosInclMin: number;
  /** Upper bound of |d(elevation)/dt| from the site, rad/s. */
  elRateMax: number;
  /** Largest near-region step, ms. */
  maxStepMs: number;
}

/** Margins on the mean orbit for SGP4's periodic terms (a few km, hundredths of a degree). */
const RADIUS_MARGIN_KM = 50;
const MOMENTUM_MARGIN = 1.05;
const INCLINATION_MARGIN_RAD = 0.5 * DEG;

export function orbitBounds(
  orbit: Orbit,
  site: Site,
  lowestThresholdRad: number,
  startMs: number,
  endMs: number,
): OrbitBounds {
  const rSite = Math.sqrt(site.x * site.x + site.y * site.y + site.z * site.z);
  // Generous radius bounds: SGP4 short-period terms move a few km around the mean orbit, and
  // its drag factor tempa^2 scales it over the window: below 1 after the epoch, above 1 before it
  // (a decaying object was higher in the past) or with a negative B*.
  const [shrink, grow] = dragScale(orbit, startMs, endMs);
  // Osculating apogees exceed the mean one by up to ~0.2 % (measured over the catalogue).
  const rApogee = (EARTH_RADIUS_KM + orbit.apogeeKm) * grow * 1.005 + RADIUS_MARGIN_KM;
  const rPerigee = Math.max(
    EARTH_RADIUS_KM * 0.9,
    (EARTH_RADIUS_KM + orbit.perigeeKm) * shrink - RADIUS_MARGIN_KM,
  );
  const e = Math.min(0.99, Math.max(0, orbit.elements.eccentricity));
  const a = (rApogee + rPerigee) / 2;
  const vPerigee = Math.sqrt((MU_KM3_S2 * (1 + e)) / (a * (1 - e)));
  const aMean = EARTH_RADIUS_KM + (orbit.apogeeKm + orbit.perigeeKm) / 2;
  const h = Math.sqrt(MU_KM3_S2 * aMean * (1 - e * e));
  const incl = orbit.elements.inclinationDeg * DEG;
  const el = lowestThresholdRad - CONE_MARGIN_RAD;
  const c = (rSite / rApogee) * Math.cos(el);
  const psiMax = c >= 1 ? 0 : Math.acos(c) - el + CONE_MARGIN_RAD;
  const bounds: OrbitBounds = {
    psiMax,
    rMin: rPerigee,
    rMax: rApogee,
    vMax: MOMENTUM_MARGIN * vPerigee,
    hMin: h / MOMENTUM_MARGIN,
    hMax: Math.max(h, rPerigee * vPerigee) * MOMENTUM_MARGIN,
    cosInclMin: Math.cos(Math.min(Math.PI, incl + INCLINATION_MARGIN_RAD)),
    elRateMax: 0,
    maxStepMs: (orbit.periodMinutes * 60_000) / 24,
  };
  // Elevation turns no faster than the satellite's Earth-fixed velocity across the line of sight
  // over the shortest range: transverse speed r * turn rate plus radial speed |r'| <= mu e / h.
  const radialSpeedMax = (MOMENTUM_MARGIN * MU_KM3_S2 * (e + 0.01)) / bounds.hMin;
  const transverse = rApogee * turnRateBound(bounds, rPerigee);
  bounds.elRateMax = (transverse + radialSpeedMax) / Math.max(1, rPerigee - rSite);
  return bounds;
}

/**
 * Lowest and highest ratio of SGP4's drag-scaled semi-major axis to its epoch value over the
 * window: a(t) = a0 tempa(t)^2 with tempa = 1 - cc1 t - d2 t^2 - d3 t^3 - d4 t^4 (t in minutes;
 * only the linear term for the simplified and deep-space models), sampled, with a 5 % allowance
 * on the change. [1, 1] without drag; a lowest of 0 once the object decays in the window.
 */
function dragScale(orbit: Orbit, startMs: number, endMs: number): [number, number] {
  const rec = orbit.sgp4;
  const full = rec.isimp !== 1;
  let lowest = 1;
  let highest = 1;
  for (let i = 0; i <= 16; i++) {
    const t = orbit.minutesSinceEpoch(startMs + ((endMs - startMs) * i) / 16);
    const tempa = full
      ? 1 - t * (rec.cc1 + t * (rec.d2 + t * (rec.d3 + t * rec.d4)))
      : 1 - rec.cc1 * t;
    lowest = Math.min(lowest, tempa);
    highest = Math.max(highest, tempa);
  }
  const grow = 1 + 1.05 * (highest * highest - 1);
  if (!(lowest > 0)) return [0, grow];
  return [Math.max(0, 1 - 1.05 * (1 - lowest * lowest)), grow];
}

/**
 * Upper bound of how fast the direction of the satellite turns about the Earth's centre, seen from
 * the rotating Earth, while it stays at least `rLo` km from the centre (rad/s). Its inertial
 * angular velocity is h/r^2 along the orbit normal; Earth-fixed, |h/r^2 W - wE z|, which is
 * sqrt(x^2 + wE^2 - 2 x wE cos i) for x = h/r^2: convex in x, so largest at an end of its range.
 * Geostationary satellites barely turn at all; low orbits turn at about their mean motion.
 */
export function turnRateBound(b: OrbitBounds, rLo: number): number {
  return Math.max(
    earthFixedRate(b.hMax / (rLo * rLo), b.cosInclMin),
    earthFixedRate(b.hMin / (b.rMax * b.rMax), b.cosInclMin),
  );
}

/** |x W - wE z| for an angle i between W and z. */
function earthFixedRate(x: number, cosIncl: number): number {
  const w = EARTH_ROTATION_RAD_S;
  return Math.sqrt(Math.max(0, x * x + w * w - 2 * x * w * cosIncl));
}

/** Turn-rate bound over a step of `ms` starting `rNow` km from the Earth's centre. */
function turnRateOver(b: OrbitBounds, rNow: number, ms: number): number {
  return turnRateBound(b, Math.max(b.rMin, rNow - (b.vMax * ms) / 1000));
}

/**
 * The longest step (ms, at most `capMs`) over which the satellite, now `rNow` km from the
 * Earth's centre, cannot turn by more than `budgetRad`. Radius-aware: the distance cannot drop
 * faster than the highest speed, so an eccentric orbit near apogee takes long steps.
 */
export function safeStepMs(b: OrbitBounds, rNow: number, budgetRad: number, capMs: number): number {
  if (!(budgetRad > 0)) return 0;
  const capRate = turnRateOver(b, rNow, capMs);
  if ((capMs / 1000) * capRate <= budgetRad) return capMs;
  // Safe: over `lo` the turn rate is at most its bound over the (longer) cap.
  let lo = (budgetRad / capRate) * 1000;
  if (rNow - (b.vMax * lo) / 1000 <= b.rMin) return lo;
  // Eight halvings of [lo, cap]: the step stays safe, within 0.4 % of the longest safe one.
  // Written out rather than with `bisectFlip`: this runs twice per step of every pass search, and
  // the closures and bracket object that call would make cost more than the halvings.
  let hi = capMs;
  for (let i = 0; i < 8 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if ((mid / 1000) * turnRateOver(b, rNow, mid) <= budgetRad) lo = mid;
    else hi = mid;
  }
  return lo;
}
