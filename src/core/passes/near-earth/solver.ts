/**
 * Layer 2 of the near-Earth fast path (see plan.ts): the pass inside one approach window, with
 * about three SGP4 evaluations. The culmination and the final crossing steps are Newton steps
 * that accept a correction from a local model (Taylor or polar, `LocalModel`) without another SGP4
 * evaluation; they stay here rather than in `core/search`, which only ever samples the function
 * it searches.
 */
import type { Site } from '../../orbit/observer.js';
import { Look, lookFromTeme } from '../../orbit/topocentric.js';
import { type Found, illinoisRoot, newtonIterate, secantIterate } from '../../search/index.js';
import { gmst } from '../../time.js';
import { DEG, RAD } from '../../units.js';
import type { Pass, PassPoint, StateSource } from '../types.js';
import { LocalModel } from './local-model.js';
import type { ApproachWindow } from './windows.js';

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

const same = (x: number) => x;
const point = (t: number, value: number): Found<number> => ({ t, value, sample: value });

/** What solving one approach window gave. */
export type ApproachOutcome = 'none' | 'pass' | 'fallback' | 'error';

/**
 * Solves approach windows for one site with few SGP4 evaluations; see the module comment. Made
 * once per site and `reset` for each object, it is reused across windows and objects (no
 * allocation besides the pass found).
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
  /**
   * The functions the searches below iterate, made once per solver with their parameters in
   * fields: closures made per window or object cost an allocation each (and, under tsx, a rename).
   */
  private tcaCurvature = 0;
  private crossDir: 1 | -1 = 1;
  private crossA = 0;
  private crossB = 0;
  /** Newton step towards the culmination on the Taylor model's elevation rate. */
  private readonly tcaStep = (x: number) =>
    -(this.model.sinElTaylor(x + 0.25) - this.model.sinElTaylor(x - 0.25)) /
    (2 * 0.25) /
    this.tcaCurvature;
  /** g(x) = sin(el) - sin(th) on the polar model, x seconds from its origin. */
  private readonly crossG = (x: number) => this.model.sinElPolar(x) - this.sinTh;
  /** A secant step is kept while it heads the right way and stays inside the bracket. */
  private readonly crossInside = (next: number, slope: number) =>
    slope * this.crossDir > 0 && (next - this.crossA) * (next - this.crossB) < 0;

  private source: StateSource | null = null;
  private noradId = 0;

  constructor(
    private readonly site: Site,
    private readonly thresholdRad: number,
  ) {
    this.model = new LocalModel(site);
    this.near = new LocalModel(site);
    this.sinTh = Math.sin(thresholdRad);
    this.siteRadius = Math.hypot(site.x, site.y, site.z);
  }

  /** Start on another object, whose states come from `source`. */
  reset(source: StateSource, noradId: number): this {
    this.source = source;
    this.noradId = noradId;
    this.evaluations = 0;
    this.errorCode = 0;
    this.errorAt = 0;
    this.pass = null;
    this.velocityDoubtKmS = 1e-3;
    return this;
  }

  /** Evaluate at `t`: elevation, rate and range; false (error remembered) when SGP4 fails. */
  private evaluate(t: number): boolean {
    this.evaluations++;
    const code = this.source!.stateInto(t, this.state);
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
      const source = this.source!;
      const codeA = source.stateInto(t - 50, a);
      const codeB = codeA === 0 ? source.stateInto(t + 50, b) : codeA;
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

  /**
   * Newton steps towards the culmination on the Taylor model from `dt` s, with curvature `k`
   * (a method of its own for the reason given at `predictCrossing`).
   */
  private culminationOnModel(dt: number, k: number): number {
    this.tcaCurvature = k;
    return newtonIterate(this.tcaStep, dt, 1e-3, 4).x;
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
      if (Math.abs(dt) > TCA_EXACT_S) tcaDt = this.culminationOnModel(dt, k);
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
   * The crossing on the polar model, x seconds from its origin, between `a` (below the threshold)
   * and `b` (above); NaN when the model does not cross there. Secant steps from `x0` while they
   * stay inside the bracket (the SGP4 step that follows corrects the remaining ~0.1 s), otherwise
   * Illinois iterations on the whole bracket, to 50 ms.
   *
   * A method of its own (not part of `crossing`): V8 inlines into each optimised function only so
   * much code, and `crossing`'s SGP4 evaluation and pass point use it up; here the model's
   * functions are inlined into the loop, not called with each double boxed.
   */
  private predictCrossing(a: number, b: number, x0: number, dir: 1 | -1): number {
    const g = this.crossG;
    this.crossDir = dir;
    this.crossA = a;
    this.crossB = b;
    const secant = secantIterate(g, x0, x0 + 0.5, 0.1, 5, this.crossInside);
    if (secant.converged) return secant.x;
    const ga = g(a);
    const gb = g(b);
    if (!(ga < 0 && gb > 0)) return Number.NaN;
    const root = illinoisRoot(g, same, point(a, ga), point(b, gb), 0.05, {
      maxIterations: 60,
      valueTolerance: 1e-8,
    });
    return root ? root.t : (a + b) / 2;
  }

  /**
   * The threshold crossing in (lo, hi): rising (`dir` 1) or setting (-1). Predicted on the polar
   * model (whose origin is the culmination's state), then Newton steps on SGP4 values.
   */
  private crossing(lo: number, hi: number, guess: number, dir: 1 | -1): PassPoint | null {
    const model = this.model;
    // g(t) = sin(el) - sin(th) on the polar model: negative at the far end, positive at the top.
    const far = dir === 1 ? lo : hi;
    const top = dir === 1 ? hi : lo;
    const x = this.predictCrossing(
      (far - model.t0) / 1000,
      (top - model.t0) / 1000,
      (guess - model.t0) / 1000,
      dir,
    );
    if (Number.isNaN(x)) return null;
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
