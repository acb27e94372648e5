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
  // The bracket and the last point are kept in locals, not `Found` objects: one sample per
  // iteration and no other allocation (this runs for every culmination the finder refines).
  let aT = lo.t;
  const aPositive = lo.value > 0;
  let bT = hi.t;
  let fa = lo.value;
  let fb = hi.value;
  let side = 0;
  let lastFound: Found<S> | null = Math.abs(fa) < Math.abs(fb) ? lo : hi;
  let lastT = 0;
  let lastValue = 0;
  let lastSample: S | null = null;
  // The bracket's ends with their true (not halved) values, for `answer: 'nearer'`.
  let aValue = lo.value;
  let aSample = lo.sample;
  let bValue = hi.value;
  let bSample = hi.sample;
  for (let i = 0; i < maxIterations && Math.abs(bT - aT) > tolerance; i++) {
    let t = (aT * fb - bT * fa) / (fb - fa);
    const span = bT - aT;
    const off = span * guard;
    const inside = span > 0 ? t > aT + off && t < bT - off : t < aT + off && t > bT - off;
    if ((guard > 0 && !inside) || (bisectEvery > 0 && i % bisectEvery === bisectEvery - 1)) {
      t = aT + span / 2;
    }
    const s = sample(t);
    if (s === null) return null;
    const v = value(s);
    lastFound = null;
    lastT = t;
    lastValue = v;
    lastSample = s;
    if (Math.abs(v) < valueTolerance) return { t, value: v, sample: s };
    if (v > 0 === aPositive) {
      aT = t;
      fa = v;
      aValue = v;
      aSample = s;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      bT = t;
      fb = v;
      bValue = v;
      bSample = s;
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  if (answer === 'nearer') {
    return Math.abs(aValue) < Math.abs(bValue)
      ? { t: aT, value: aValue, sample: aSample }
      : { t: bT, value: bValue, sample: bSample };
  }
  return lastFound ?? { t: lastT, value: lastValue, sample: lastSample as S };
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
  // Bracket ends and the best point in locals, not `Found` objects: one sample per iteration and
  // no other allocation (this runs for every rise and set the finder refines).
  let aT = lo.t;
  let aV = lo.value;
  let aS = lo.sample;
  let bT = hi.t;
  let bV = hi.value;
  let bS = hi.sample;
  // Which end each is still the caller's own point (returned as given).
  let aGiven = true;
  let bGiven = true;
  const aFirst = Math.abs(aV) < Math.abs(bV);
  let bestT = aFirst ? aT : bT;
  let bestV = aFirst ? aV : bV;
  let bestS = aFirst ? aS : bS;
  for (let i = 0; i < maxIterations && bT - aT > tolerance; i++) {
    let t = Number.NaN;
    if (slope) {
      const d = slope(bestS);
      if (d !== 0) t = bestT - bestV / d;
    }
    if (!(t > aT && t < bT)) t = (aT * bV - bT * aV) / (bV - aV);
    if (!(t > aT && t < bT) || i >= newtonIterations) t = (aT + bT) / 2;
    const s = sample(t);
    if (s === null) return null;
    const v = value(s);
    if (v > 0 === aV > 0) {
      aT = t;
      aV = v;
      aS = s;
      aGiven = false;
    } else {
      bT = t;
      bV = v;
      bS = s;
      bGiven = false;
    }
    if (slope) {
      const d = slope(s);
      if (d !== 0 && Math.abs(v / d) < tolerance / 2) return { t, value: v, sample: s };
    }
    bestT = t;
    bestV = v;
    bestS = s;
  }
  if (Math.abs(aV) < Math.abs(bV)) return aGiven ? lo : { t: aT, value: aV, sample: aS };
  return bGiven ? hi : { t: bT, value: bV, sample: bS };
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
 * `tolerance` (converged; f is not sampled at the final point) or after `maxIterations` steps; it
 * stops early (not converged) when `accept(next, slope)` refuses a step.
 *
 * f is called from one place, the loop's first line (its first two turns sample the starting
 * points): an optimising compiler inlines f and what it calls there once, where three call sites
 * would exhaust its inlining budget and call f out of line, boxing each argument and result.
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
  let fx = 0;
  let xPrev = x1;
  let fPrev = 0;
  let at = x0;
  for (let i = -1; i < maxIterations; i++) {
    const value = f(at);
    if (i === -1) {
      // The first starting point; the second comes next.
      fx = value;
      at = x1;
      continue;
    }
    // Turn 0 samples x1 (the previous point), later turns the point the last step reached.
    if (i === 0) fPrev = value;
    else fx = value;
    const slope = (fx - fPrev) / (x - xPrev);
    const step = -fx / slope;
    if (!accept(x + step, slope)) break;
    xPrev = x;
    fPrev = fx;
    x += step;
    if (Math.abs(step) < tolerance) return { x, converged: true };
    at = x;
  }
  return { x, converged: false };
}
