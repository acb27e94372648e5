import { EARTH_ROTATION_RAD_S, WGS72 } from '../constants.js';
import { errorKindFromCode, PropagationError } from '../orbit/errors.js';
import type { Site } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme } from '../orbit/topocentric.js';
import {
  bisectFlip,
  bracketedRoot,
  bracketMinimum,
  brentMinimum,
  type Found,
  illinoisRoot,
} from '../search/index.js';
import { gmst } from '../time.js';
import { DEG, RAD } from '../units.js';
import { DirectStates } from './ephemeris.js';
import type { HorizonMask } from './horizon-mask.js';

/** A moment of a pass as seen from the observer. */
export interface PassPoint {
  /** UTC epoch milliseconds. */
  timeMs: number;
  azimuthDeg: number;
  elevationDeg: number;
  rangeKm: number;
}

/**
 * One pass: the satellite above the minimum elevation (and the horizon mask) from AOS to LOS.
 * A pass cut by the search window has `truncated: true` and `aos` and/or `los` null; its `tca`
 * is then the highest point inside the window.
 */
export interface Pass {
  noradId: number;
  aos: PassPoint | null;
  /**
   * The highest point of the pass inside the window: its highest culmination or, for a pass cut
   * by the window, the window edge when that is higher (a window that starts on the way down).
   */
  tca: PassPoint;
  los: PassPoint | null;
  maxElevationDeg: number;
  /** Seconds from AOS to LOS; for truncated passes, the part inside the window. */
  durationSeconds: number;
  truncated: boolean;
  /** Every local maximum of elevation inside the pass (HEO passes can have several). */
  culminations: PassPoint[];
}

export interface PassSearch {
  /** Window start and end, UTC epoch ms: passes are searched in [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** Minimum elevation, degrees (default 0). */
  minElevationDeg?: number;
  /** Obstructions: the satellite counts only when also above the mask. */
  horizonMask?: HorizonMask | null;
}

export interface PassSearchResult {
  passes: Pass[];
  /** Set when SGP4 failed inside the window (e.g. decay): passes before it are kept. */
  error: PropagationError | null;
  /** SGP4 evaluations spent, for benchmarks. */
  evaluations: number;
}

const { muKm3S2: MU_KM3_S2, earthRadiusKm: EARTH_RADIUS_KM } = WGS72;
/** Angle the satellite may move (seen from the Earth's centre) between near-region samples. */
const NEAR_STEP_RAD = 4 * DEG;
/** Margin on the visibility cone: geodetic vs geocentric vertical, SGP4 periodics. */
const CONE_MARGIN_RAD = 0.5 * DEG;
const ROOT_TOLERANCE_MS = 1;
const EXTREMUM_TOLERANCE_MS = 20;
const RATE_ROOT_TOLERANCE_MS = 1000;
/** Steps used with a horizon mask, whose threshold is not monotonic along a pass. */
const MASK_STEP_MS = 5_000;

interface Sample {
  t: number;
  el: number;
  az: number;
  range: number;
  elRate: number;
  /** Elevation minus the threshold in that direction, rad. */
  g: number;
  /** Geocentric angle between satellite and observer, rad. */
  psi: number;
  /** Distance of the satellite from the Earth's centre, km. */
  r: number;
}

type EventKind = 'rise' | 'set' | 'max';
interface PassEvent {
  kind: EventKind;
  s: Sample;
}

/**
 * Where TEME states come from: SGP4 itself (the default), or an interpolated ephemeris shared by
 * many observers (`SharedEphemeris`).
 */
export interface StateSource {
  /** Position (km) and velocity (km/s) at `epochMs` into `out[0..5]`; 0 or an SGP4 error code. */
  stateInto(epochMs: number, out: Float64Array): number;
}

/**
 * Evaluates look angles along one orbit for one site; counts evaluations; remembers failure.
 */
class Track {
  evaluations = 0;
  errorCode = 0;
  errorAt = 0;
  private readonly state = new Float64Array(6);
  private readonly look = new Look();
  private readonly siteRadius: number;

  constructor(
    private readonly states: StateSource,
    private readonly site: Site,
    private readonly thresholdRad: number,
    private readonly mask: HorizonMask | null,
  ) {
    this.siteRadius = Math.sqrt(site.x * site.x + site.y * site.y + site.z * site.z);
  }

  /** Sample at `t`, or null when SGP4 fails (the failure is remembered). */
  at(t: number): Sample | null {
    this.evaluations++;
    const code = this.states.stateInto(t, this.state);
    if (code !== 0) {
      if (this.errorCode === 0 || t < this.errorAt) {
        this.errorCode = code;
        this.errorAt = t;
      }
      return null;
    }
    const look = lookFromTeme(this.state, gmst(t), this.site, this.look);
    const el = look.elevationRad;
    const az = look.azimuthRad;
    const threshold = this.mask
      ? Math.max(this.thresholdRad, this.mask.elevationAt(az * RAD) * DEG)
      : this.thresholdRad;
    const site = this.site;
    const x = look.ecfXKm;
    const y = look.ecfYKm;
    const z = look.ecfZKm;
    const r = Math.sqrt(x * x + y * y + z * z);
    const cosPsi = (x * site.x + y * site.y + z * site.z) / (r * this.siteRadius);
    return {
      t,
      el,
      az,
      range: look.rangeKm,
      elRate: look.elevationRateRadS,
      g: el - threshold,
      psi: Math.acos(Math.min(1, Math.max(-1, cosPsi))),
      r,
    };
  }
}

function point(s: Sample): PassPoint {
  return { timeMs: s.t, azimuthDeg: s.az * RAD, elevationDeg: s.el * RAD, rangeKm: s.range };
}

/**
 * Find every pass of `orbit` over `site` in a window.
 *
 * Root finding, not a fixed grid: far from the observer the search jumps by a provably safe step
 * (the time the satellite needs, at its fastest, to reach the cone from which it could be above
 * the lowest threshold); near it, it samples elevation and its analytic rate, splits the time line
 * at elevation extrema (roots of the rate), and refines threshold crossings to 1 ms with a
 * safeguarded Newton iteration. Culminations are refined to 20 ms.
 *
 * The safe steps bound how fast the satellite's direction turns as seen from the rotating Earth
 * (so a geostationary satellite is stepped over in days, not minutes) and, for eccentric orbits,
 * use the current distance from the Earth's centre (long steps near apogee).
 *
 * `states` supplies TEME states: SGP4 on `orbit` by default; the bulk search passes an ephemeris
 * shared by many observers.
 */
export function findPasses(
  orbit: Orbit,
  site: Site,
  search: PassSearch,
  states: StateSource = new DirectStates(orbit),
): PassSearchResult {
  const { startMs, endMs } = search;
  if (!(endMs > startMs)) throw new RangeError('the search window must end after it starts');
  const mask = search.horizonMask ?? null;
  const minElevationDeg = search.minElevationDeg ?? 0;
  const thresholdRad = minElevationDeg * DEG;
  const track = new Track(states, site, thresholdRad, mask);
  const lowestThreshold = mask ? Math.max(thresholdRad, mask.minElevationDeg * DEG) : thresholdRad;
  const bounds = orbitBounds(orbit, site, lowestThreshold, startMs, endMs);

  const events: PassEvent[] = [];
  let prev = track.at(startMs);
  const first = prev;
  let last: Sample | null = prev;
  while (prev !== null && prev.t < endMs) {
    let step = nearStep(bounds, prev.r, mask !== null);
    const farStep = safeStepMs(bounds, prev.r, prev.psi - bounds.psiMax, endMs - prev.t);
    const certifiedBelow = farStep > step;
    if (certifiedBelow) step = farStep;
    const t = Math.min(endMs, prev.t + step);
    const cur = track.at(t);
    if (cur === null) {
      // SGP4 failed inside this step: close in on the last good instant, then stop.
      last = lastGood(track, prev, t);
      if (!certifiedBelow) scanInterval(track, prev, last, events, bounds, mask !== null);
      break;
    }
    if (!certifiedBelow) scanInterval(track, prev, cur, events, bounds, mask !== null);
    prev = cur;
    last = cur;
  }

  const passes = first && last ? assemble(orbit.noradId, first, last, events) : [];
  const error =
    track.errorCode !== 0
      ? new PropagationError(errorKindFromCode(track.errorCode), orbit.noradId, track.errorAt)
      : null;
  return { passes, error, evaluations: track.evaluations };
}

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
function safeStepMs(b: OrbitBounds, rNow: number, budgetRad: number, capMs: number): number {
  if (!(budgetRad > 0)) return 0;
  const capRate = turnRateOver(b, rNow, capMs);
  if ((capMs / 1000) * capRate <= budgetRad) return capMs;
  // Safe: over `lo` the turn rate is at most its bound over the (longer) cap.
  const lo = (budgetRad / capRate) * 1000;
  if (rNow - (b.vMax * lo) / 1000 <= b.rMin) return lo;
  // Eight halvings of [lo, cap]: the step stays safe, within 0.4 % of the longest safe one.
  const fits = (ms: number | null) =>
    ms !== null && (ms / 1000) * turnRateOver(b, rNow, ms) <= budgetRad;
  return bisectFlip((ms) => ms, fits, lo, lo, capMs, capMs, 0, 8).beforeT;
}

/**
 * Sampling step near the observer: the time to move a few degrees about the Earth's centre at the
 * fastest, never more than 1/24 orbit. Elevation has one extremum per approach, so at this spacing
 * the rate changes sign at most once between samples.
 */
function nearStep(bounds: OrbitBounds, rNow: number, masked: boolean): number {
  const step = safeStepMs(bounds, rNow, NEAR_STEP_RAD, bounds.maxStepMs);
  return masked ? Math.min(step, MASK_STEP_MS) : step;
}

/** Find the last instant SGP4 succeeds in (good.t, badT), to 1 s. */
function lastGood(track: Track, good: Sample, badT: number): Sample {
  return bisectFlip(
    (t) => track.at(t),
    (s) => s !== null,
    good.t,
    good,
    badT,
    null,
    1000,
  ).before;
}

/**
 * Record the events inside (a, b]: elevation extrema split the interval into monotonic pieces;
 * each piece with a sign change of g holds one crossing (with a mask, g is sampled finely).
 */
function scanInterval(
  track: Track,
  a: Sample,
  b: Sample,
  events: PassEvent[],
  bounds: OrbitBounds,
  masked: boolean,
): void {
  const pieces: Sample[] = [a];
  // Elevation is within reach of both ends: between them it stays within
  // (g(a) + g(b) -/+ rate * span) / 2. An extremum that cannot cross the threshold needs no search.
  const reach = masked ? Number.POSITIVE_INFINITY : (bounds.elRateMax * (b.t - a.t)) / 1000;
  if (a.elRate > 0 && b.elRate < 0 && a.g + b.g + reach > 0) {
    const m = refineExtremum(track, a, b, 1);
    if (m) {
      pieces.push(m);
      if (m.g > 0) events.push({ kind: 'max', s: m });
    }
  } else if (a.elRate < 0 && b.elRate > 0 && a.g + b.g - reach <= 0) {
    const m = refineExtremum(track, a, b, -1);
    if (m) pieces.push(m);
  }
  pieces.push(b);
  for (let i = 0; i + 1 < pieces.length; i++) {
    const p = pieces[i]!;
    const q = pieces[i + 1]!;
    if (p.g <= 0 === q.g <= 0) continue;
    const root = refineRoot(track, p, q, !masked);
    if (root) events.push({ kind: p.g <= 0 ? 'rise' : 'set', s: root });
  }
}

/**
 * The elevation extremum in (a, b), where the elevation rate changes sign: a maximum when it goes
 * from positive to negative (`sign` 1), a minimum otherwise (`sign` -1).
 *
 * SGP4's velocity is not exactly the time derivative of its position (by mm/s in LEO, cm/s in GEO,
 * dm/s in HEO), so the analytic rate only seeds the search (its root, by the Illinois method, to
 * about 1 s): the extremum is then bracketed and located on elevation values themselves with
 * Brent's method. On the flat culminations of GEO and HEO orbits the rate's root can lie far
 * (minutes) from the true maximum; the bracket follows it. Null if SGP4 fails.
 */
function refineExtremum(track: Track, a: Sample, b: Sample, sign: 1 | -1): Sample | null {
  const at = (t: number) => track.at(t);
  const rate = (s: Sample) => s.elRate;
  const seed = illinoisRoot(at, rate, found(a, rate), found(b, rate), RATE_ROOT_TOLERANCE_MS, {
    maxIterations: 40,
    guard: 0.01,
    bisectEvery: 6,
  });
  if (!seed) return null;
  const f = (s: Sample) => -sign * s.el;
  const step = Math.max(500, Math.min(60_000, (b.t - a.t) / 50));
  const bracket = bracketMinimum(at, f, found(seed.sample, f), step);
  if (!('lo' in bracket)) return bracket.sample;
  return brentMinimum(at, f, bracket.lo.t, bracket.x, bracket.hi.t, EXTREMUM_TOLERANCE_MS).sample;
}

/** A sample as a search point of the quantity `value`. */
function found(s: Sample, value: (s: Sample) => number): Found<Sample> {
  return { t: s.t, value: value(s), sample: s };
}

/**
 * Crossing of g = 0 in (a, b) where g(a) and g(b) differ in sign, to 1 ms: Newton steps on the
 * elevation rate (when the threshold is constant) kept inside the bracket, else secant steps,
 * else bisection.
 */
function refineRoot(track: Track, a: Sample, b: Sample, useRate: boolean): Sample | null {
  const g = (s: Sample) => s.g;
  const root = bracketedRoot(
    (t) => track.at(t),
    g,
    useRate ? (s: Sample) => s.elRate / 1000 : null,
    found(a, g),
    found(b, g),
    ROOT_TOLERANCE_MS,
  );
  return root ? root.sample : null;
}

/** Turn the time-ordered events into passes, cutting at the window edges. */
function assemble(noradId: number, first: Sample, last: Sample, events: PassEvent[]): Pass[] {
  events.sort((x, y) => x.s.t - y.s.t);
  const passes: Pass[] = [];
  let open: { aos: Sample | null; start: Sample; culminations: Sample[] } | null =
    first.g > 0 ? { aos: null, start: first, culminations: [] } : null;
  const close = (end: Sample, los: Sample | null) => {
    if (!open) return;
    const { aos, start, culminations } = open;
    // The highest point inside the window: a culmination or, for a cut pass, a window edge.
    let top: Sample | undefined;
    for (const s of culminations) if (top === undefined || s.el > top.el) top = s;
    if (aos === null && (top === undefined || start.el > top.el)) top = start;
    if (los === null && (top === undefined || end.el > top.el)) top = end;
    if (top === undefined) top = start.el >= end.el ? start : end;
    passes.push({
      noradId,
      aos: aos ? point(aos) : null,
      tca: point(top),
      los: los ? point(los) : null,
      maxElevationDeg: top.el * RAD,
      durationSeconds: (end.t - start.t) / 1000,
      truncated: aos === null || los === null,
      culminations: culminations.map(point),
    });
    open = null;
  };
  for (const { kind, s } of events) {
    if (kind === 'rise') {
      if (!open) open = { aos: s, start: s, culminations: [] };
    } else if (kind === 'set') {
      close(s, s);
    } else if (open) {
      open.culminations.push(s);
    }
  }
  close(last, null);
  return passes;
}
