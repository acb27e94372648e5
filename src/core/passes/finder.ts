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
  type IllinoisOptions,
  illinoisRoot,
} from '../search/index.js';
import { gmst } from '../time.js';
import { DEG, RAD } from '../units.js';
import { DirectStates } from './ephemeris.js';
import { type OrbitBounds, orbitBounds, safeStepMs } from './finder-bounds.js';
import type { HorizonMask } from './horizon-mask.js';
import type { Pass, PassPoint, PassSearch, PassSearchResult, StateSource } from './types.js';

export type { Pass, PassPoint, PassSearch, PassSearchResult, StateSource } from './types.js';

/** Angle the satellite may move (seen from the Earth's centre) between near-region samples. */
const NEAR_STEP_RAD = 4 * DEG;
const ROOT_TOLERANCE_MS = 1;
const EXTREMUM_TOLERANCE_MS = 20;
const RATE_ROOT_TOLERANCE_MS = 1000;
const RATE_ROOT: IllinoisOptions = { maxIterations: 40, guard: 0.01, bisectEvery: 6 };
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

/** The newest track, kept alive on purpose: see `newest` in `bulk.ts`. */
const newest: { track?: Track } = {};

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
  /**
   * `at` as a function, made once per search: the searches below are handed it many times.
   * Assigned in the constructor, where it takes no name: a class field would be renamed on every
   * search under tsx (esbuild's keepNames), a cost of `npm run bench` only.
   */
  readonly sample: (t: number) => Sample | null;

  constructor(
    private readonly states: StateSource,
    private readonly site: Site,
    private readonly thresholdRad: number,
    private readonly mask: HorizonMask | null,
  ) {
    this.siteRadius = Math.sqrt(site.x * site.x + site.y * site.y + site.z * site.z);
    this.sample = (t) => this.at(t);
    newest.track = this;
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

/**
 * The quantities the searches read from a sample, made once: closures made per refinement cost an
 * allocation each (and, under tsx's keepNames, a `name` property defined on each).
 */
const rateOf = (s: Sample) => s.elRate;
const gOf = (s: Sample) => s.g;
const gSlopeOf = (s: Sample) => s.elRate / 1000;
const negativeElevation = (s: Sample) => -s.el;
const elevation = (s: Sample) => s.el;

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
  const at = track.sample;
  const rate = rateOf;
  const seed = illinoisRoot(
    at,
    rate,
    found(a, rate),
    found(b, rate),
    RATE_ROOT_TOLERANCE_MS,
    RATE_ROOT,
  );
  if (!seed) return null;
  // -sign * elevation: minimised, so a maximum of elevation for sign 1.
  const f = sign === 1 ? negativeElevation : elevation;
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
  const g = gOf;
  const root = bracketedRoot(
    track.sample,
    g,
    useRate ? gSlopeOf : null,
    found(a, g),
    found(b, g),
    ROOT_TOLERANCE_MS,
  );
  return root ? root.sample : null;
}

/** A pass being assembled: its rise (null when it began before the window) and culminations. */
interface OpenPass {
  aos: Sample | null;
  start: Sample;
  culminations: Sample[];
}

/** Turn the time-ordered events into passes, cutting at the window edges. */
function assemble(noradId: number, first: Sample, last: Sample, events: PassEvent[]): Pass[] {
  events.sort((x, y) => x.s.t - y.s.t);
  const passes: Pass[] = [];
  let open: OpenPass | null = first.g > 0 ? { aos: null, start: first, culminations: [] } : null;
  for (const { kind, s } of events) {
    if (kind === 'rise') {
      if (!open) open = { aos: s, start: s, culminations: [] };
    } else if (kind === 'set') {
      if (open) passes.push(closePass(noradId, open, s, s));
      open = null;
    } else if (open) {
      open.culminations.push(s);
    }
  }
  if (open) passes.push(closePass(noradId, open, last, null));
  return passes;
}

/** The pass of `open` ending at `end`; `los` null when the window cuts it there. */
function closePass(noradId: number, open: OpenPass, end: Sample, los: Sample | null): Pass {
  const { aos, start, culminations } = open;
  // The highest point inside the window: a culmination or, for a cut pass, a window edge.
  let top: Sample | undefined;
  for (const s of culminations) if (top === undefined || s.el > top.el) top = s;
  if (aos === null && (top === undefined || start.el > top.el)) top = start;
  if (los === null && (top === undefined || end.el > top.el)) top = end;
  if (top === undefined) top = start.el >= end.el ? start : end;
  return {
    noradId,
    aos: aos ? point(aos) : null,
    tca: point(top),
    los: los ? point(los) : null,
    maxElevationDeg: top.el * RAD,
    durationSeconds: (end.t - start.t) / 1000,
    truncated: aos === null || los === null,
    culminations: culminations.map(point),
  };
}
