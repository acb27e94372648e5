/**
 * Fast pass search for near-Earth SGP4 orbits, the engine of the bulk search (`bulk.ts`).
 *
 * Two layers, neither a fixed grid:
 *
 * 1. **Where passes can be** — without propagating. SGP4's own secular terms (mean argument of
 *    latitude and node, drag included) give a mean direction of the satellite; its periodic terms
 *    are bounded in closed form from the record's coefficients (equation of the centre, J3
 *    long-period and J2 short-period terms), so the true direction lies within `deltaRad` of the
 *    mean one. A satellite at most `rMaxKm` from the Earth's centre is above the threshold only
 *    inside a cone of half-angle `psiMax` around the observer; so a pass needs the observer within
 *    X = psiMax + delta of the mean orbit plane (a closed-form band of the observer's angle
 *    around the node) and within X of the satellite along the plane. The latter angle grows
 *    monotonically inside the band, so each orbit gives one *approach window*, solved by Newton's
 *    method on the mean model. Outside the windows no pass is possible.
 *
 * 2. **The pass, if any** — per approach window, about three SGP4 evaluations: one near the mean
 *    culmination (a Newton step on the elevation, checked on elevation values when the pass is too
 *    flat for SGP4's velocity to be trusted), then one at each predicted crossing followed by a
 *    Newton correction. Crossings are predicted on a local two-body model built from the SGP4
 *    state. Anything unexpected (an extremum that is not a maximum, a crossing outside its bracket,
 *    a window that reaches the search window's edge) is handed to the general finder over that
 *    approach window only.
 *
 * Eligibility (`planNearEarth`): SGP4 (not SDP4), eccentricity at most `MAX_ECCENTRICITY`, and an
 * orbit that SGP4 provably propagates throughout the window (no decay, no eccentricity error).
 * Anything else goes to the general finder.
 */

import { GMST_RATE_RAD_S, WGS72 } from '../constants.js';
import type { Site } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme, sinElevationFromTeme } from '../orbit/topocentric.js';
import { type Found, illinoisRoot, newtonIterate, secantIterate } from '../search/index.js';
import { gmst } from '../time.js';
import { DEG, RAD, TWO_PI } from '../units.js';
import type { Pass, PassPoint, StateSource } from './finder.js';

const { xkePerMin: XKE, j2: J2, muKm3S2: MU_KM3_S2, earthRadiusKm: EARTH_RADIUS_KM } = WGS72;

/** Orbits more eccentric than this go to the general finder. */
export const MAX_ECCENTRICITY = 0.05;
/** Cone half-angles (with margins) above this go to the general finder. */
const MAX_CONE_RAD = 75 * DEG;
/** Lowest radius (Earth radii) SGP4 may reach in the window for the fast path (~128 km up). */
const MIN_RADIUS_ER = 1.02;
/** Geodetic and geocentric verticals differ by at most 0.193 deg. */
const GEODETIC_MARGIN_RAD = 0.25 * DEG;
/** Extra margin on the cone for rounding and the model's own approximations. */
const MODEL_MARGIN_RAD = 0.1 * DEG;
/** Approach windows are widened by this on each side, ms. */
const WINDOW_MARGIN_MS = 1000;
/** A Newton correction at most this long is applied without another evaluation, s. */
const ACCEPT_STEP_S = 0.5;
/** Largest culmination step taken from a Taylor model without re-evaluating, s. */
const TCA_REEVALUATE_S = 5;
/**
 * A first culmination step at most this long needs no refinement: the Newton residual is about
 * dt^2 / (2 tau) for a pass time scale tau >= 40 s (near the zenith), so ~10 ms. Seconds.
 */
const TCA_EXACT_S = 1;
/**
 * SGP4's velocity is not exactly the derivative of its position (over the active catalogue:
 * median 2 cm/s, 99th percentile 9 cm/s, decaying objects up to 4 m/s, varying several-fold around
 * an orbit). `velocityDoubt` probes it per object; when it could move a culmination found from the
 * elevation rate by more than `TCA_VELOCITY_SLACK_S`, the culmination is located on elevation
 * values instead.
 */
const TCA_VELOCITY_SLACK_S = 0.02;
/** Safety factor and floor on the probed inconsistency, km/s. */
const VELOCITY_DOUBT_FACTOR = 3;
const VELOCITY_DOUBT_FLOOR_KM_S = 5e-5;

/** Why an object is not on the fast path. */
export type NearEarthFallback =
  | 'deep-space'
  | 'eccentric'
  | 'near-decay'
  | 'wide-cone'
  | 'irregular-geometry';

/** What the mean model needs, per object and window. Times: seconds from `startMs`. */
export interface NearEarthPlan {
  readonly orbit: Orbit;
  readonly startMs: number;
  readonly endMs: number;
  /** Minutes since the element epoch at `startMs`. */
  readonly tau0: number;
  /** Mean argument of latitude: l0 + l1 t + no (c2 t^2 + c3 t^3 + c4 t^4 + c5 t^5), t in minutes. */
  readonly l0: number;
  readonly l1: number;
  readonly no: number;
  readonly c2: number;
  readonly c3: number;
  readonly c4: number;
  readonly c5: number;
  /** Mean node: node0 + nodeDot t + nodeCf t^2, t in minutes. */
  readonly node0: number;
  readonly nodeDot: number;
  readonly nodeCf: number;
  readonly cosI: number;
  readonly sinI: number;
  /** Largest distance from the Earth's centre in the window, km. */
  readonly rMaxKm: number;
  /** Bound on the angle between the true and the mean direction of the satellite, rad. */
  readonly deltaRad: number;
  /** Bounds of the mean argument of latitude's rate over the window, rad/s. */
  readonly lDotMin: number;
  readonly lDotMax: number;
  /** Bound of the node's rate over the window, rad/s. */
  readonly nodeRateMax: number;
}

/**
 * Bound of |true - mean anomaly| for eccentricity `e`: |E - M| <= e, plus the largest nu - E,
 * 2 atan((k - 1) / (2 sqrt k)) with k = sqrt((1 + e) / (1 - e)); and a hair for rounding.
 */
export function equationOfCentreBound(e: number): number {
  const k = Math.sqrt((1 + e) / (1 - e));
  return (e + 2 * Math.atan((k - 1) / (2 * Math.sqrt(k)))) * (1 + 1e-9) + 1e-12;
}

/**
 * The mean model and its error bounds for `orbit` over [startMs, endMs], or why the orbit must go
 * to the general finder.
 */
export function planNearEarth(
  orbit: Orbit,
  startMs: number,
  endMs: number,
): NearEarthPlan | NearEarthFallback {
  const rec = orbit.sgp4;
  if (rec.method !== 'n') return 'deep-space';
  const tau0 = orbit.minutesSinceEpoch(startMs);
  const tau1 = orbit.minutesSinceEpoch(endMs);
  const simple = rec.isimp === 1;
  const d2 = simple ? 0 : rec.d2;
  const d3 = simple ? 0 : rec.d3;
  const d4 = simple ? 0 : rec.d4;
  const c3 = simple ? 0 : rec.t3cof;
  const c4 = simple ? 0 : rec.t4cof;
  const c5 = simple ? 0 : rec.t5cof;
  const T = Math.max(Math.abs(tau0), Math.abs(tau1));
  // Sample the drag polynomials; Lipschitz bounds cover the gaps between samples.
  const n = 17;
  const h = (tau1 - tau0) / (n - 1);
  const tempaLip =
    Math.abs(rec.cc1) + T * (2 * Math.abs(d2) + T * (3 * Math.abs(d3) + T * 4 * Math.abs(d4)));
  const no = rec.no;
  const lDotLip =
    no *
    (2 * Math.abs(rec.t2cof) +
      T * (6 * Math.abs(c3) + T * (12 * Math.abs(c4) + T * 20 * Math.abs(c5))));
  let tempaMin = Number.POSITIVE_INFINITY;
  let tempaMax = Number.NEGATIVE_INFINITY;
  let lDotMin = Number.POSITIVE_INFINITY;
  let lDotMax = Number.NEGATIVE_INFINITY;
  const l1 = rec.mdot + rec.argpdot;
  for (let i = 0; i < n; i++) {
    const t = tau0 + i * h;
    const tempa = 1 - t * (rec.cc1 + t * (d2 + t * (d3 + t * d4)));
    tempaMin = Math.min(tempaMin, tempa);
    tempaMax = Math.max(tempaMax, tempa);
    const lDot = l1 + no * t * (2 * rec.t2cof + t * (3 * c3 + t * (4 * c4 + t * 5 * c5)));
    lDotMin = Math.min(lDotMin, lDot);
    lDotMax = Math.max(lDotMax, lDot);
  }
  tempaMin -= (tempaLip * h) / 2;
  tempaMax += (tempaLip * h) / 2;
  lDotMin -= (lDotLip * h) / 2;
  lDotMax += (lDotLip * h) / 2;
  if (!(tempaMin > 0)) return 'near-decay';
  const a0 = (XKE / no) ** (2 / 3);
  const amMin = a0 * tempaMin * tempaMin;
  const amMax = a0 * tempaMax * tempaMax;
  // Mean eccentricity: ecco - bstar cc4 t - bstar cc5 (sin M - sin M0).
  const emPeriodic = simple ? 0 : 2 * Math.abs(rec.bstar * rec.cc5);
  const em0 = rec.ecco - rec.bstar * rec.cc4 * tau0;
  const em1 = rec.ecco - rec.bstar * rec.cc4 * tau1;
  const emLo = Math.min(em0, em1) - emPeriodic;
  const emHi = Math.max(em0, em1) + emPeriodic;
  // SGP4 fails below -0.001; stay clear of it.
  if (emLo < -0.0009) return 'near-decay';
  const e = Math.max(Math.abs(emLo), Math.abs(emHi), 1e-6);
  if (e > MAX_ECCENTRICITY) return 'eccentric';
  const tempMax = 1 / (amMin * (1 - e * e));
  // J3 long-period terms act like extra eccentricity (aycof) and shift the mean longitude (xlcof).
  const eEff = e + Math.abs(rec.aycof) * tempMax;
  if (eEff >= 0.5) return 'eccentric';
  const plMin = amMin * (1 - eEff * eEff);
  const temp1Max = (0.5 * J2) / plMin;
  const temp2Max = temp1Max / plMin;
  const radiusFactor = 1.5 * temp2Max * Math.abs(rec.con41);
  const rMinEr = amMin * (1 - eEff) * (1 - radiusFactor) - 0.5 * temp1Max * rec.x1mth2;
  if (rMinEr < MIN_RADIUS_ER) return 'near-decay';
  const rMaxEr = amMax * (1 + eEff) * (1 + radiusFactor) + 0.5 * temp1Max * rec.x1mth2;
  const cosI = Math.cos(rec.inclo);
  const sinI = Math.sin(rec.inclo);
  const deltaU =
    tempMax * Math.abs(rec.xlcof) * e +
    equationOfCentreBound(eEff) +
    0.25 * temp2Max * Math.abs(rec.x7thm1);
  const deltaNode = 1.5 * temp2Max * Math.abs(cosI);
  const deltaIncl = 1.5 * temp2Max * Math.abs(cosI * sinI);
  return {
    orbit,
    startMs,
    endMs,
    tau0,
    l0: rec.mo + rec.argpo,
    l1,
    no,
    c2: rec.t2cof,
    c3,
    c4,
    c5,
    node0: rec.nodeo,
    nodeDot: rec.nodedot,
    nodeCf: rec.nodecf,
    cosI,
    sinI,
    rMaxKm: rMaxEr * EARTH_RADIUS_KM,
    deltaRad: deltaU + deltaNode + deltaIncl,
    lDotMin: lDotMin / 60,
    lDotMax: lDotMax / 60,
    nodeRateMax:
      Math.max(
        Math.abs(rec.nodedot + 2 * rec.nodecf * tau0),
        Math.abs(rec.nodedot + 2 * rec.nodecf * tau1),
      ) / 60,
  };
}

/** An interval of a search window in which a pass may happen, and where to look first (ms). */
export interface ApproachWindow {
  fromMs: number;
  toMs: number;
  seedMs: number;
}

const wrapPi = (x: number) => x - TWO_PI * Math.round(x / TWO_PI);
const same = (x: number) => x;
const point = (t: number, value: number): Found<number> => ({ t, value, sample: value });

/**
 * The observer and the mean model together: the observer's angle from the mean orbit plane (beta)
 * and along it from the satellite (phi), as functions of seconds from the window start.
 */
class MeanGeometry {
  readonly sinLat: number;
  readonly cosLat: number;
  private readonly alpha0: number;
  // Scratch results of `at` (avoids allocating in Newton loops).
  phi = 0;
  phiDot = 0;
  sinBeta = 0;
  betaDot = 0;

  constructor(
    readonly plan: NearEarthPlan,
    site: Site,
  ) {
    const r = Math.hypot(site.x, site.y, site.z);
    this.sinLat = site.z / r;
    this.cosLat = Math.hypot(site.x, site.y) / r;
    this.alpha0 = gmst(plan.startMs) + Math.atan2(site.y, site.x);
  }

  /** Minutes since epoch at `s` seconds from the window start. */
  private tau(s: number): number {
    return this.plan.tau0 + s / 60;
  }

  node(s: number): number {
    const p = this.plan;
    const t = this.tau(s);
    return p.node0 + p.nodeDot * t + p.nodeCf * t * t;
  }

  /** The observer's longitude around the mean node, unwrapped. */
  alpha(s: number): number {
    return this.alpha0 + GMST_RATE_RAD_S * s - this.node(s);
  }

  alphaDot(s: number): number {
    const p = this.plan;
    return GMST_RATE_RAD_S - (p.nodeDot + 2 * p.nodeCf * this.tau(s)) / 60;
  }

  /** Mean argument of latitude. */
  lat(s: number): number {
    const p = this.plan;
    const t = this.tau(s);
    return p.l0 + p.l1 * t + p.no * t * t * (p.c2 + t * (p.c3 + t * (p.c4 + t * p.c5)));
  }

  latDot(s: number): number {
    const p = this.plan;
    const t = this.tau(s);
    return (p.l1 + p.no * t * (2 * p.c2 + t * (3 * p.c3 + t * (4 * p.c4 + t * 5 * p.c5)))) / 60;
  }

  /** Fill phi, phiDot, sinBeta, betaDot at `s`. */
  at(s: number): void {
    const p = this.plan;
    const a = this.alpha(s);
    const aDot = this.alphaDot(s);
    const sa = Math.sin(a);
    const ca = Math.cos(a);
    const x = this.cosLat * ca;
    const y = this.cosLat * sa * p.cosI + this.sinLat * p.sinI;
    const xDot = -this.cosLat * sa * aDot;
    const yDot = this.cosLat * ca * p.cosI * aDot;
    const lambda = Math.atan2(y, x);
    const lambdaDot = (x * yDot - y * xDot) / (x * x + y * y);
    this.phi = this.lat(s) - lambda;
    this.phiDot = this.latDot(s) - lambdaDot;
    this.sinBeta = this.sinLat * p.cosI - this.cosLat * p.sinI * sa;
    const cosBeta = Math.sqrt(Math.max(1e-300, 1 - this.sinBeta * this.sinBeta));
    this.betaDot = (-this.cosLat * p.sinI * ca * aDot) / cosBeta;
  }

  /**
   * Seconds `s` near `guess` where phi = target (mod 2 pi), or NaN. Leaves the state of `at` for
   * the solution (to within the last, sub-millisecond step).
   */
  solvePhi(target: number, guess: number): number {
    this.target = target;
    const { x, converged } = newtonIterate(this.phiStep, guess, 1e-3, 12);
    return converged ? x : Number.NaN;
  }

  /** Invert the (monotonic) alpha(s) = target. */
  solveAlpha(target: number, guess: number): number {
    this.target = target;
    return newtonIterate(this.alphaStep, guess, 1e-4, 6).x;
  }

  /** Target of the Newton iteration in progress, and its steps (bound once, no allocation). */
  private target = 0;
  private readonly phiStep = (s: number): number => {
    this.at(s);
    return this.phiDot > 0 ? wrapPi(this.phi - this.target) / this.phiDot : Number.NaN;
  };
  private readonly alphaStep = (s: number): number =>
    (this.alpha(s) - this.target) / this.alphaDot(s);
}

/**
 * Approach windows of `plan` over `site` for a lowest threshold elevation (rad): every instant at
 * which the satellite can be above the threshold lies in one of them. Returns the windows in time
 * order, or why the geometry is unsuitable.
 */
export function approachWindows(
  plan: NearEarthPlan,
  site: Site,
  lowestThresholdRad: number,
): ApproachWindow[] | NearEarthFallback {
  const geo = new MeanGeometry(plan, site);
  const rSite = Math.hypot(site.x, site.y, site.z);
  const e0 = lowestThresholdRad - GEODETIC_MARGIN_RAD;
  const c = (rSite * Math.cos(e0)) / plan.rMaxKm;
  if (c >= 1) return [];
  const psiMax = Math.acos(c) - e0;
  const X = psiMax + plan.deltaRad + MODEL_MARGIN_RAD;
  if (X >= MAX_CONE_RAD) return 'wide-cone';
  const spanS = (plan.endMs - plan.startMs) / 1000;
  // Rate bounds. The observer moves on the unit sphere at cosLat * alphaDot; its distance to the
  // (fixed, in the node frame) orbit plane changes no faster, its angle along it no faster than
  // that over cos(beta).
  const alphaDotMax = GMST_RATE_RAD_S + plan.nodeRateMax;
  const betaDotMax = geo.cosLat * alphaDotMax;
  let halfWidth = 0;
  let phiDotMin = 0;
  for (let i = 0; i < 4; i++) {
    const betaCap = X + 2 * betaDotMax * halfWidth;
    if (betaCap >= 85 * DEG) return 'irregular-geometry';
    phiDotMin = plan.lDotMin - (geo.cosLat * alphaDotMax) / Math.cos(betaCap);
    if (!(phiDotMin > 0)) return 'irregular-geometry';
    halfWidth = X / phiDotMin;
  }
  const phiDotMax =
    plan.lDotMax + (geo.cosLat * alphaDotMax) / Math.cos(X + 2 * betaDotMax * halfWidth);
  // Consecutive windows must not overlap.
  if (2 * halfWidth >= TWO_PI / phiDotMax) return 'wide-cone';

  const bands = bandIntervals(geo, X, spanS);
  const windows: ApproachWindow[] = [];
  let lastCentre = Number.NEGATIVE_INFINITY;
  for (const [b0, b1] of bands) {
    geo.at(b0);
    const phi0 = geo.phi;
    let target = TWO_PI * Math.round(phi0 / TWO_PI);
    if (phi0 - target > X) target += TWO_PI;
    let guess = b0 + (target - phi0) / geo.phiDot;
    for (let guard = 0; guard < 100_000; guard++) {
      const centre = geo.solvePhi(target, guess);
      if (Number.isNaN(centre)) return 'irregular-geometry';
      // phi moves at least phiDotMin inside the window: |phi - target| < X only within it.
      const from = centre - halfWidth;
      const to = centre + halfWidth;
      if (from > b1) break;
      if (centre - lastCentre > 1) {
        if (centre - lastCentre < 2 * halfWidth) return 'irregular-geometry';
        lastCentre = centre;
        const w = to >= b0 ? approach(geo, from, to, centre, X, betaDotMax) : null;
        if (w) windows.push(w);
      }
      target += TWO_PI;
      guess = centre + TWO_PI / geo.phiDot;
    }
  }
  return windows;
}

/**
 * One approach window in ms, seeded at the mean model's closest approach; null when the observer
 * stays too far from the plane throughout (psi >= |beta| - betaDotMax |t - centre| >= X).
 */
function approach(
  geo: MeanGeometry,
  from: number,
  to: number,
  centre: number,
  X: number,
  betaDotMax: number,
): ApproachWindow | null {
  const beta = Math.asin(geo.sinBeta);
  if (Math.abs(beta) - betaDotMax * Math.max(centre - from, to - centre) >= X) return null;
  // cos psi = cos beta cos phi is highest where tan phi = -tan(beta) betaDot / phiDot.
  let seed = centre - (Math.tan(beta) * geo.betaDot) / (geo.phiDot * geo.phiDot);
  if (!(seed > from && seed < to)) seed = centre;
  const start = geo.plan.startMs;
  return {
    fromMs: start + from * 1000 - WINDOW_MARGIN_MS,
    toMs: start + to * 1000 + WINDOW_MARGIN_MS,
    seedMs: start + seed * 1000,
  };
}

/** Intervals (s from the window start) in which the observer is within X of the mean plane. */
function bandIntervals(geo: MeanGeometry, X: number, spanS: number): [number, number][] {
  const p = geo.plan;
  const A = geo.sinLat * p.cosI;
  const B = geo.cosLat * p.sinI;
  const sX = Math.sin(X);
  const whole: [number, number][] = [[0, spanS]];
  // sin beta = A - B sin(alpha); |sin beta| < sin X  <=>  s1 < sin(alpha) < s2.
  if (B < 1e-12) return Math.abs(A) < sX ? whole : [];
  const s1 = (A - sX) / B;
  const s2 = (A + sX) / B;
  if (s1 >= 1 || s2 <= -1) return [];
  if (s1 <= -1 && s2 >= 1) return whole;
  const arcs: [number, number][] = [];
  if (s1 <= -1) {
    const a2 = Math.asin(s2);
    arcs.push([Math.PI - a2, TWO_PI + a2]);
  } else if (s2 >= 1) {
    const a1 = Math.asin(s1);
    arcs.push([a1, Math.PI - a1]);
  } else {
    const a1 = Math.asin(s1);
    const a2 = Math.asin(s2);
    arcs.push([a1, a2], [Math.PI - a2, Math.PI - a1]);
  }
  const alphaStart = geo.alpha(0);
  const alphaEnd = geo.alpha(spanS);
  const rate = (alphaEnd - alphaStart) / spanS;
  const out: [number, number][] = [];
  for (const [lo, hi] of arcs) {
    const mFirst = Math.floor((alphaStart - hi) / TWO_PI);
    const mLast = Math.ceil((alphaEnd - lo) / TWO_PI);
    for (let m = mFirst; m <= mLast; m++) {
      const aLo = Math.max(lo + TWO_PI * m, alphaStart);
      const aHi = Math.min(hi + TWO_PI * m, alphaEnd);
      if (!(aHi > aLo)) continue;
      const sLo = aLo === alphaStart ? 0 : geo.solveAlpha(aLo, (aLo - alphaStart) / rate);
      const sHi = aHi === alphaEnd ? spanS : geo.solveAlpha(aHi, (aHi - alphaStart) / rate);
      out.push([Math.max(0, sLo - 1), Math.min(spanS, sHi + 1)]);
    }
  }
  out.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const iv of out) {
    const last = merged.at(-1);
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/**
 * Two-body (+J2) expansions of one SGP4 state: a Cartesian Taylor series for the few seconds around
 * it, and polar (radius, angle in the osculating plane) for the minutes of a pass.
 */
class LocalModel {
  t0 = 0;
  theta0 = 0;
  readonly s = new Float64Array(6);
  // Taylor: acceleration (two-body + J2) and two-body jerk.
  private ax = 0;
  private ay = 0;
  private az = 0;
  private jx = 0;
  private jy = 0;
  private jz = 0;
  // Polar: in-plane unit vectors, radius and angle expansions.
  private ux = 0;
  private uy = 0;
  private uz = 0;
  private wx = 0;
  private wy = 0;
  private wz = 0;
  private r0 = 0;
  private rDot = 0;
  /** Distance from the Earth's centre and angular rate in the plane at the origin, km, rad/s. */
  get radius(): number {
    return this.r0;
  }
  /** Angular rate of the satellite's direction seen from the rotating Earth, rad/s. */
  earthFixedRate = 0;
  private rDdot = 0;
  private nu0Dot = 0;
  private nuDdot = 0;
  readonly out = new Float64Array(6);

  constructor(private readonly site: Site) {}

  /** Expand around `state` at `t0`; the polar expansion only when `polar` (it costs more). */
  set(t0: number, state: Float64Array, polar = true): void {
    this.t0 = t0;
    this.theta0 = gmst(t0);
    const x = state[0]!;
    const y = state[1]!;
    const z = state[2]!;
    const vx = state[3]!;
    const vy = state[4]!;
    const vz = state[5]!;
    const s = this.s;
    s[0] = x;
    s[1] = y;
    s[2] = z;
    s[3] = vx;
    s[4] = vy;
    s[5] = vz;
    const r2 = x * x + y * y + z * z;
    const r = Math.sqrt(r2);
    const r3 = r2 * r;
    const r5 = r3 * r2;
    const k = (-1.5 * J2 * MU_KM3_S2 * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / r5;
    const zz = (5 * z * z) / r2;
    this.ax = (-MU_KM3_S2 * x) / r3 + k * x * (1 - zz);
    this.ay = (-MU_KM3_S2 * y) / r3 + k * y * (1 - zz);
    this.az = (-MU_KM3_S2 * z) / r3 + k * z * (3 - zz);
    const rv = x * vx + y * vy + z * vz;
    this.jx = -MU_KM3_S2 * (vx / r3 - (3 * x * rv) / r5);
    this.jy = -MU_KM3_S2 * (vy / r3 - (3 * y * rv) / r5);
    this.jz = -MU_KM3_S2 * (vz / r3 - (3 * z * rv) / r5);
    if (!polar) return;
    // Polar: h = r x v; w = (h x r) / (|h| r) is the in-plane direction of motion.
    const hx = y * vz - z * vy;
    const hy = z * vx - x * vz;
    const hz = x * vy - y * vx;
    const h = Math.sqrt(hx * hx + hy * hy + hz * hz);
    this.ux = x / r;
    this.uy = y / r;
    this.uz = z / r;
    this.wx = (hy * z - hz * y) / (h * r);
    this.wy = (hz * x - hx * z) / (h * r);
    this.wz = (hx * y - hy * x) / (h * r);
    this.r0 = r;
    this.rDot = rv / r;
    this.nu0Dot = h / r2;
    this.rDdot = r * this.nu0Dot * this.nu0Dot - MU_KM3_S2 / r2;
    // v - w x r, then its part across r: |r x v_ef| / r^2.
    const ex = vx + GMST_RATE_RAD_S * y;
    const ey = vy - GMST_RATE_RAD_S * x;
    const cx = y * vz - z * ey;
    const cy = z * ex - x * vz;
    const cz = x * ey - y * ex;
    this.earthFixedRate = Math.sqrt(cx * cx + cy * cy + cz * cz) / r2;
    this.nuDdot = (-2 * this.rDot * this.nu0Dot) / r;
  }

  /** Taylor-extrapolated state `dt` seconds from t0, into `out`. */
  taylor(dt: number): Float64Array {
    const s = this.s;
    const o = this.out;
    const h2 = (dt * dt) / 2;
    const h3 = (dt * dt * dt) / 6;
    o[0] = s[0]! + s[3]! * dt + this.ax * h2 + this.jx * h3;
    o[1] = s[1]! + s[4]! * dt + this.ay * h2 + this.jy * h3;
    o[2] = s[2]! + s[5]! * dt + this.az * h2 + this.jz * h3;
    o[3] = s[3]! + this.ax * dt + this.jx * h2;
    o[4] = s[4]! + this.ay * dt + this.jy * h2;
    o[5] = s[5]! + this.az * dt + this.jz * h2;
    return o;
  }

  /** Sine of the elevation from the site of the Taylor model at `dt`. */
  sinElTaylor(dt: number): number {
    const o = this.taylor(dt);
    return this.sinEl(o[0]!, o[1]!, o[2]!, dt);
  }

  /** Sine of the elevation from the site of the polar model at `dt`. */
  sinElPolar(dt: number): number {
    const rad = this.r0 + this.rDot * dt + 0.5 * this.rDdot * dt * dt;
    const nu = this.nu0Dot * dt + 0.5 * this.nuDdot * dt * dt;
    const c = Math.cos(nu) * rad;
    const s = Math.sin(nu) * rad;
    return this.sinEl(
      c * this.ux + s * this.wx,
      c * this.uy + s * this.wy,
      c * this.uz + s * this.wz,
      dt,
    );
  }

  private sinEl(x: number, y: number, z: number, dt: number): number {
    return sinElevationFromTeme(x, y, z, this.theta0 + GMST_RATE_RAD_S * dt, this.site);
  }
}

/** What solving one approach window gave. */
export type ApproachOutcome = 'none' | 'pass' | 'fallback' | 'error';

/**
 * Solves approach windows for one object and one site with few SGP4 evaluations; see the module
 * comment. Reused across windows (no allocation besides the pass found).
 */
export class ApproachSolver {
  /** States asked of the source (SGP4 evaluations when it propagates directly). */
  evaluations = 0;
  /** SGP4 error code of the last failed evaluation. */
  errorCode = 0;
  errorAt = 0;
  /** The pass found by the last `solve` that returned 'pass'. */
  pass: Pass | null = null;
  /** Bound on SGP4's velocity inconsistency for this object, km/s (see `probeVelocityDoubt`). */
  velocityDoubtKmS = 1e-3;
  private readonly state = new Float64Array(6);
  private readonly look = new Look();
  /** Elevation (rad), its rate (rad/s) and range (km) at the last evaluation. */
  private el = 0;
  private elRate = 0;
  private range = 0;
  /** Built at the culmination: predicts the crossings. */
  private readonly model: LocalModel;
  /** Built at each crossing evaluation: extrapolates the last Newton step. */
  private readonly near: LocalModel;
  private readonly sinTh: number;
  private readonly siteRadius: number;

  constructor(
    private readonly source: StateSource,
    private readonly noradId: number,
    private readonly site: Site,
    private readonly thresholdRad: number,
  ) {
    this.model = new LocalModel(site);
    this.near = new LocalModel(site);
    this.sinTh = Math.sin(thresholdRad);
    this.siteRadius = Math.hypot(site.x, site.y, site.z);
  }

  /** Evaluate at `t`: elevation, rate and range; false (error remembered) when SGP4 fails. */
  private evaluate(t: number): boolean {
    this.evaluations++;
    const code = this.source.stateInto(t, this.state);
    if (code !== 0) {
      this.errorCode = code;
      this.errorAt = t;
      return false;
    }
    // Elevation, its rate and range only: searches on elevation need no azimuth.
    const l = lookFromTeme(this.state, gmst(t), this.site, this.look, false);
    this.el = l.elevationRad;
    this.elRate = l.elevationRateRadS;
    this.range = l.rangeKm;
    return true;
  }

  /**
   * Measure SGP4's velocity against the derivative of its position (central difference over 0.1 s)
   * at four points of one orbit from `fromMs`, and keep a bound for `solve`. False when SGP4 fails.
   */
  probeVelocityDoubt(fromMs: number, periodMs: number): boolean {
    const a = this.state;
    const b = this.near.out;
    let worst = 0;
    for (let i = 0; i < 4; i++) {
      const t = fromMs + (i * periodMs) / 4;
      this.evaluations += 2;
      const codeA = this.source.stateInto(t - 50, a);
      const codeB = codeA === 0 ? this.source.stateInto(t + 50, b) : codeA;
      if (codeB !== 0) {
        this.errorCode = codeB;
        this.errorAt = t;
        return false;
      }
      const dx = (b[0]! - a[0]!) / 0.1 - (a[3]! + b[3]!) / 2;
      const dy = (b[1]! - a[1]!) / 0.1 - (a[4]! + b[4]!) / 2;
      const dz = (b[2]! - a[2]!) / 0.1 - (a[5]! + b[5]!) / 2;
      worst = Math.max(worst, Math.sqrt(dx * dx + dy * dy + dz * dz));
    }
    this.velocityDoubtKmS = VELOCITY_DOUBT_FACTOR * worst + VELOCITY_DOUBT_FLOOR_KM_S;
    return true;
  }

  /** Look angles of a model's Taylor state `dt` s from its origin, as a pass point. */
  private pointAt(model: LocalModel, dt: number): PassPoint {
    const t = model.t0 + dt * 1000;
    const l = lookFromTeme(model.taylor(dt), gmst(t), this.site, this.look);
    return {
      timeMs: t,
      azimuthDeg: l.azimuthRad * RAD,
      elevationDeg: l.elevationRad * RAD,
      rangeKm: l.rangeKm,
    };
  }

  /**
   * Look for a pass in [fromMs, toMs], where elevation has at most one maximum and the satellite is
   * below the threshold at both ends. 'fallback' means the assumptions did not hold here.
   */
  solve(w: ApproachWindow): ApproachOutcome {
    this.pass = null;
    const model = this.model;
    // --- Culmination: Newton steps on sin(elevation), curvature from the Taylor model.
    let t = w.seedMs;
    let k = 0;
    let dt = 0;
    for (let i = 0; ; i++) {
      if (!this.evaluate(t)) return 'error';
      model.set(t, this.state);
      const h = 1;
      const s0 = Math.sin(this.el);
      k = -(model.sinElTaylor(h) - 2 * s0 + model.sinElTaylor(-h)) / (h * h);
      if (!(k > 0)) return 'fallback';
      dt = (Math.cos(this.el) * this.elRate) / k;
      if (Math.abs(dt) <= TCA_REEVALUATE_S) break;
      if (i >= 4) return 'fallback';
      t += dt * 1000;
      if (!(t > w.fromMs && t < w.toMs)) return 'fallback';
    }
    const range = this.range;
    // How far SGP4's velocity (not exactly the derivative of its position) could move the root.
    const doubt = this.velocityDoubtKmS / range / k;
    let tcaDt = dt;
    if (doubt <= TCA_VELOCITY_SLACK_S) {
      // Finish on the Taylor model (accurate to millimetres over these seconds): Newton steps
      // with its slope; its curvature barely changes over them.
      if (Math.abs(dt) > TCA_EXACT_S) {
        const h = 0.25;
        const step = (x: number) =>
          -(model.sinElTaylor(x + h) - model.sinElTaylor(x - h)) / (2 * h) / k;
        tcaDt = newtonIterate(step, dt, 1e-3, 4).x;
      }
    } else {
      // Locate the maximum on elevation values: a second sample mirrored about the estimate, and
      // the vertex of the parabola through both with the model's curvature:
      // tm = (t1 + t2) / 2 + (s1 - s2) / (k (t1 - t2)).
      const s1 = Math.sin(this.el);
      const side = dt >= 0 ? 1 : -1;
      const d = dt + side * Math.max(Math.abs(dt), 1);
      if (!this.evaluate(t + d * 1000)) return 'error';
      const s2 = Math.sin(this.el);
      tcaDt = d / 2 + (s1 - s2) / (k * -d);
      // Extrapolate from the sample nearer the maximum.
      if (Math.abs(tcaDt - d) < Math.abs(tcaDt)) {
        model.set(t + d * 1000, this.state);
        tcaDt -= d;
      }
    }
    const tca = this.pointAt(model, tcaDt);
    if (!(tca.elevationDeg * DEG > this.thresholdRad)) return 'none';
    const tcaMs = tca.timeMs;
    if (!(tcaMs > w.fromMs && tcaMs < w.toMs)) return 'fallback';
    // Half the pass, for a circular orbit seen from a fixed observer: the starting guesses.
    // psi(el) = acos(rSite cos(el) / r) - el is the Earth-central angle at elevation el.
    const ratio = this.siteRadius / model.radius;
    const elMax = tca.elevationDeg * DEG;
    const psiTh = Math.acos(ratio * Math.cos(this.thresholdRad)) - this.thresholdRad;
    const psiMin = Math.acos(ratio * Math.cos(elMax)) - elMax;
    const cosRatio = Math.cos(psiTh) / Math.cos(psiMin);
    const half = (Math.acos(Math.min(1, cosRatio)) / model.earthFixedRate) * 1000;
    const aos = this.crossing(w.fromMs, tcaMs, tcaMs - half, 1);
    if (aos === null) return this.errorCode !== 0 ? 'error' : 'fallback';
    const los = this.crossing(tcaMs, w.toMs, tcaMs + half, -1);
    if (los === null) return this.errorCode !== 0 ? 'error' : 'fallback';
    this.pass = {
      noradId: this.noradId,
      aos,
      tca,
      los,
      maxElevationDeg: tca.elevationDeg,
      durationSeconds: (los.timeMs - aos.timeMs) / 1000,
      truncated: false,
      culminations: [tca],
    };
    return 'pass';
  }

  /**
   * The threshold crossing in (lo, hi): rising (`dir` 1) or setting (-1). Predicted on the polar
   * model (whose origin is the culmination's state), then Newton steps on SGP4 values.
   */
  private crossing(lo: number, hi: number, guess: number, dir: 1 | -1): PassPoint | null {
    const model = this.model;
    const sinTh = this.sinTh;
    // g(t) = sin(el) - sin(th) on the polar model: negative at the far end, positive at the top.
    const far = dir === 1 ? lo : hi;
    const top = dir === 1 ? hi : lo;
    const a = (far - model.t0) / 1000;
    const b = (top - model.t0) / 1000;
    const g = (x: number) => model.sinElPolar(x) - sinTh;
    // Secant steps on the model from the guess while they stay inside the window; the SGP4 step
    // that follows corrects the remaining ~0.1 s.
    const x0 = (guess - model.t0) / 1000;
    const inside = (next: number, slope: number) => slope * dir > 0 && (next - a) * (next - b) < 0;
    const secant = secantIterate(g, x0, x0 + 0.5, 0.1, 5, inside);
    let x = secant.x;
    if (!secant.converged) {
      // Otherwise Illinois iterations on the whole bracket, to 50 ms.
      const ga = g(a);
      const gb = g(b);
      if (!(ga < 0 && gb > 0)) return null;
      const root = illinoisRoot(g, same, point(a, ga), point(b, gb), 0.05, {
        maxIterations: 60,
        valueTolerance: 1e-8,
      });
      x = root ? root.t : (a + b) / 2;
    }
    // Newton on SGP4, kept inside the bracket; bisection when it leaves it.
    let bLo = Math.min(lo, hi);
    let bHi = Math.max(lo, hi);
    let t = model.t0 + x * 1000;
    for (let i = 0; i < 8; i++) {
      if (!this.evaluate(t)) return null;
      const g = this.el - this.thresholdRad;
      const rate = this.elRate;
      // Below the threshold on the far side of the crossing, above on the near side.
      if (g < 0 === (dir === 1)) bLo = Math.max(bLo, t);
      else bHi = Math.min(bHi, t);
      if (rate * dir > 0) {
        const step = -g / rate;
        if (Math.abs(step) <= ACCEPT_STEP_S) {
          const tc = t + step * 1000;
          if (tc > bLo - 1 && tc < bHi + 1) {
            this.near.set(t, this.state, false);
            return this.pointAt(this.near, step);
          }
        }
        const next = t + step * 1000;
        t = next > bLo && next < bHi ? next : (bLo + bHi) / 2;
      } else {
        t = (bLo + bHi) / 2;
      }
    }
    return null;
  }
}
