/**
 * Layer 1 of the near-Earth fast path (see plan.ts): where passes can be, from the mean model
 * alone. The observer's angle from the mean orbit plane and along it give, per orbit, one approach
 * window outside which no pass is possible.
 */
import { GMST_RATE_RAD_S } from '../../constants.js';
import type { Site } from '../../orbit/observer.js';
import { newtonIterate } from '../../search/index.js';
import { gmst } from '../../time.js';
import { DEG, TWO_PI } from '../../units.js';
import type { NearEarthFallback, NearEarthPlan } from './plan.js';

/** Cone half-angles (with margins) above this go to the general finder. */
const MAX_CONE_RAD = 75 * DEG;
/** Geodetic and geocentric verticals differ by at most 0.193 deg. */
const GEODETIC_MARGIN_RAD = 0.25 * DEG;
/** Extra margin on the cone for rounding and the model's own approximations. */
const MODEL_MARGIN_RAD = 0.1 * DEG;
/** Approach windows are widened by this on each side, ms. */
const WINDOW_MARGIN_MS = 1000;

/** An interval of a search window in which a pass may happen, and where to look first (ms). */
export interface ApproachWindow {
  fromMs: number;
  toMs: number;
  seedMs: number;
}

const wrapPi = (x: number) => x - TWO_PI * Math.round(x / TWO_PI);

/**
 * The observer and the mean model together: the observer's angle from the mean orbit plane (beta)
 * and along it from the satellite (phi), as functions of seconds from the window start. Made once
 * per site and `reset` for each plan (its Newton steps are closures: made per object, they would
 * cost an allocation each, and under tsx a rename).
 */
export class MeanGeometry {
  readonly sinLat: number;
  readonly cosLat: number;
  private readonly siteLongitude: number;
  private alpha0 = 0;
  private alphaStartMs = Number.NaN;
  private current: NearEarthPlan | null = null;
  // Scratch results of `at` (avoids allocating in Newton loops).
  phi = 0;
  phiDot = 0;
  sinBeta = 0;
  betaDot = 0;

  constructor(readonly site: Site) {
    const r = Math.hypot(site.x, site.y, site.z);
    this.sinLat = site.z / r;
    this.cosLat = Math.hypot(site.x, site.y) / r;
    this.siteLongitude = Math.atan2(site.y, site.x);
  }

  /** The list `approachWindows` returns, and every window object it has held (reused). */
  private readonly windows: ApproachWindow[] = [];
  private readonly windowObjects: ApproachWindow[] = [];

  /** An empty window list, replacing the last one (its window objects are reused). */
  clearWindows(): ApproachWindow[] {
    this.windows.length = 0;
    return this.windows;
  }

  /** Add a window to the current list. */
  addWindow(fromMs: number, toMs: number, seedMs: number): void {
    const i = this.windows.length;
    let w = this.windowObjects[i];
    if (w === undefined) {
      w = { fromMs, toMs, seedMs };
      this.windowObjects.push(w);
    } else {
      w.fromMs = fromMs;
      w.toMs = toMs;
      w.seedMs = seedMs;
    }
    this.windows.push(w);
  }

  /** The plan in use (see `reset`). */
  get plan(): NearEarthPlan {
    return this.current!;
  }

  /** Use the mean model of another object (or window). */
  reset(plan: NearEarthPlan): this {
    this.current = plan;
    if (plan.startMs !== this.alphaStartMs) {
      this.alphaStartMs = plan.startMs;
      this.alpha0 = gmst(plan.startMs) + this.siteLongitude;
    }
    return this;
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
 * order, or why the geometry is unsuitable. A search over many objects passes one `geometry` of
 * the site for all of them; the list and its windows then belong to the geometry and are reused
 * by its next call (no allocation per object), so read them before asking for the next object's.
 */
export function approachWindows(
  plan: NearEarthPlan,
  site: Site,
  lowestThresholdRad: number,
  geometry: MeanGeometry = new MeanGeometry(site),
): ApproachWindow[] | NearEarthFallback {
  if (geometry.site !== site) throw new RangeError('approachWindows: geometry of another site');
  const geo = geometry.reset(plan);
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
  const windows = geo.clearWindows();
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
        if (to >= b0) approach(geo, from, to, centre, X, betaDotMax);
      }
      target += TWO_PI;
      guess = centre + TWO_PI / geo.phiDot;
    }
  }
  return windows;
}

/**
 * Add one approach window in ms to `geo`'s list, seeded at the mean model's closest approach;
 * none when the observer stays too far from the plane throughout
 * (psi >= |beta| - betaDotMax |t - centre| >= X).
 */
function approach(
  geo: MeanGeometry,
  from: number,
  to: number,
  centre: number,
  X: number,
  betaDotMax: number,
): void {
  const beta = Math.asin(geo.sinBeta);
  if (Math.abs(beta) - betaDotMax * Math.max(centre - from, to - centre) >= X) return;
  // cos psi = cos beta cos phi is highest where tan phi = -tan(beta) betaDot / phiDot.
  let seed = centre - (Math.tan(beta) * geo.betaDot) / (geo.phiDot * geo.phiDot);
  if (!(seed > from && seed < to)) seed = centre;
  const start = geo.plan.startMs;
  geo.addWindow(
    start + from * 1000 - WINDOW_MARGIN_MS,
    start + to * 1000 + WINDOW_MARGIN_MS,
    start + seed * 1000,
  );
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
