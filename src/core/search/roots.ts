/**
 * Roots of a scalar function of one variable, for the pass search: the bracket refiners of
 * Skyfield's `searchlib.py` (`find_discrete`'s bisection, and the secant and Newton steps its
 * callers take), written for functions that are costly to sample (one SGP4 evaluation each) and
 * may fail to sample (SGP4 errors: a null sample). Each function keeps the caller's sample type
 * `S`, so the caller gets back what it computed at the root.
 */
import type { Found } from './minimize.js';

/** Options of `illinoisRoot`. */
export interface IllinoisOptions {
  maxIterations: number;
  /**
   * Keep each secant point this share of the bracket away from its ends, bisecting instead
   * (0: no guard).
   */
  guard?: number;
  /** Bisect every this many iterations, whatever the secant says (0: never). */
  bisectEvery?: number;
  /** Stop as soon as |value| falls below this. */
  valueTolerance?: number;
  /**
   * What to return: the last point sampled (default), or the end of the final bracket whose
   * value is nearer to zero (the better of two samples at most `tolerance` apart).
   */
  answer?: 'last' | 'nearer';
}

/**
 * The root of value(sample(t)) between `lo` and `hi`, whose values differ in sign, by the Illinois
 * variant of regula falsi (the end that stays twice in a row has its value halved), until the
 * bracket is `tolerance` wide. Returns the last point sampled (or the end nearer to zero when the
 * bracket is already narrow enough, or always with `answer: 'nearer'`); null when sampling fails.
 */
export function illinoisRoot<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  lo: Found<S>,
  hi: Found<S>,
  tolerance: number,
  options: IllinoisOptions,
): Found<S> | null {
  const { maxIterations, guard = 0, bisectEvery = 0, valueTolerance = 0, answer } = options;
  let a = lo;
  let b = hi;
  let fa = a.value;
  let fb = b.value;
  let side = 0;
  let last: Found<S> = Math.abs(fa) < Math.abs(fb) ? a : b;
  for (let i = 0; i < maxIterations && Math.abs(b.t - a.t) > tolerance; i++) {
    let t = (a.t * fb - b.t * fa) / (fb - fa);
    const span = b.t - a.t;
    const off = span * guard;
    const inside = span > 0 ? t > a.t + off && t < b.t - off : t < a.t + off && t > b.t - off;
    if ((guard > 0 && !inside) || (bisectEvery > 0 && i % bisectEvery === bisectEvery - 1)) {
      t = a.t + span / 2;
    }
    const s = sample(t);
    if (s === null) return null;
    last = { t, value: value(s), sample: s };
    if (Math.abs(last.value) < valueTolerance) return last;
    if (last.value > 0 === a.value > 0) {
      a = last;
      fa = last.value;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = last;
      fb = last.value;
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  if (answer === 'nearer') return Math.abs(a.value) < Math.abs(b.value) ? a : b;
  return last;
}

/**
 * The root of value(sample(t)) in the bracket (lo, hi), whose values differ in sign, to
 * `tolerance`: Newton steps from `slope` (d value / dt at a sample; null for none) while they stay
 * inside the bracket, else a secant step, else (and always after `newtonIterations`) bisection.
 * Converged when the Newton correction is below half the tolerance; otherwise the bracket end
 * nearer to zero once it is `tolerance` wide. Null when sampling fails.
 */
export function bracketedRoot<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  slope: ((s: S) => number) | null,
  lo: Found<S>,
  hi: Found<S>,
  tolerance: number,
  maxIterations = 80,
  newtonIterations = 8,
): Found<S> | null {
  let a = lo;
  let b = hi;
  let best = Math.abs(a.value) < Math.abs(b.value) ? a : b;
  for (let i = 0; i < maxIterations && b.t - a.t > tolerance; i++) {
    let t = Number.NaN;
    if (slope) {
      const d = slope(best.sample);
      if (d !== 0) t = best.t - best.value / d;
    }
    if (!(t > a.t && t < b.t)) t = (a.t * b.value - b.t * a.value) / (b.value - a.value);
    if (!(t > a.t && t < b.t) || i >= newtonIterations) t = (a.t + b.t) / 2;
    const s = sample(t);
    if (s === null) return null;
    const p: Found<S> = { t, value: value(s), sample: s };
    if (p.value > 0 === a.value > 0) a = p;
    else b = p;
    if (slope) {
      const d = slope(s);
      if (d !== 0 && Math.abs(p.value / d) < tolerance / 2) return p;
    }
    best = p;
  }
  return Math.abs(a.value) < Math.abs(b.value) ? a : b;
}

/**
 * Newton's iteration x <- x - step(x), where `step` returns f(x) / f'(x) (NaN to give up), until
 * a step is shorter than `tolerance` (converged) or after `maxIterations`.
 */
export function newtonIterate(
  step: (x: number) => number,
  x0: number,
  tolerance: number,
  maxIterations: number,
): { x: number; converged: boolean } {
  let x = x0;
  for (let i = 0; i < maxIterations; i++) {
    const d = step(x);
    if (Number.isNaN(d)) return { x: Number.NaN, converged: false };
    x -= d;
    if (Math.abs(d) < tolerance) return { x, converged: true };
  }
  return { x, converged: false };
}

/**
 * The secant method on f from x0 and x1 (f(x0) first, then f(x1)), until a step is shorter than
 * `tolerance` (converged; f is not sampled at the final point) or after `maxIterations`; it stops
 * early (not converged) when `accept(next, slope)` refuses a step.
 */
export function secantIterate(
  f: (x: number) => number,
  x0: number,
  x1: number,
  tolerance: number,
  maxIterations: number,
  accept: (next: number, slope: number) => boolean,
): { x: number; converged: boolean } {
  let x = x0;
  let fx = f(x0);
  let xPrev = x1;
  let fPrev = f(x1);
  for (let i = 0; i < maxIterations; i++) {
    const slope = (fx - fPrev) / (x - xPrev);
    const step = -fx / slope;
    if (!accept(x + step, slope)) break;
    xPrev = x;
    fPrev = fx;
    x += step;
    if (Math.abs(step) < tolerance) return { x, converged: true };
    fx = f(x);
  }
  return { x, converged: false };
}
