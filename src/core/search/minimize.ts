/**
 * Minimum of a scalar function of one variable (time, usually ms) on a bracket: Brent's method
 * (parabolic steps with a golden-section fallback), as Skyfield's `find_maxima` refines its
 * maxima and Numerical Recipes' `brent` does. Pure and allocation-free apart from the result.
 */

/** A point found by a search: the argument and the function value there. */
export interface Found<S = number> {
  t: number;
  value: number;
  /** What the function returned besides its value (a sample), when it was given as a sampler. */
  sample: S;
}

const GOLDEN = 0.381966011250105;

/**
 * Brent's minimisation of `value(sample(t))` on [lo, hi] from a first point lo < x < hi (for a
 * bracket, value(x) <= value(lo), value(hi); without one it still converges to a local minimum
 * inside or to an end), until the interval around the minimum is `tolerance` wide.
 * `sample` returns what the caller wants kept at each point (null stops the search: the best
 * point so far is returned); `value` reads the quantity to minimise from it.
 */
export function brentMinimum<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  lo: number,
  x0: Found<S>,
  hi: number,
  tolerance: number,
  maxIterations = 100,
): Found<S> {
  let a = lo;
  let b = hi;
  let x = x0;
  let w = x0;
  let v = x0;
  let d = 0;
  let e = 0;
  const tol = tolerance / 2;
  for (let i = 0; i < maxIterations; i++) {
    const m = (a + b) / 2;
    if (Math.abs(x.t - m) <= 2 * tol - (b - a) / 2) return x;
    let golden = true;
    if (Math.abs(e) > tol) {
      const r = (x.t - w.t) * (x.value - v.value);
      let q = (x.t - v.t) * (x.value - w.value);
      let p = (x.t - v.t) * q - (x.t - w.t) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - x.t) && p < q * (b - x.t)) {
        e = d;
        d = p / q;
        const u = x.t + d;
        if (u - a < 2 * tol || b - u < 2 * tol) d = m > x.t ? tol : -tol;
        golden = false;
      }
    }
    if (golden) {
      e = x.t >= m ? a - x.t : b - x.t;
      d = GOLDEN * e;
    }
    const ut = Math.abs(d) >= tol ? x.t + d : x.t + (d > 0 ? tol : -tol);
    const s = sample(ut);
    if (s === null) return x;
    const u: Found<S> = { t: ut, value: value(s), sample: s };
    if (u.value <= x.value) {
      if (u.t >= x.t) a = x.t;
      else b = x.t;
      v = w;
      w = x;
      x = u;
    } else {
      if (u.t < x.t) a = u.t;
      else b = u.t;
      if (u.value <= w.value || w === x) {
        v = w;
        w = u;
      } else if (u.value <= v.value || v === x || v === w) {
        v = u;
      }
    }
  }
  return x;
}

/**
 * The minimum of `value(sample(t))` over [from, to], ends included: the function is sampled at
 * `intervals` + 1 evenly spaced points, then the best one is refined by `brentMinimum` between
 * its neighbours to `tolerance`. Exact for any function with a single minimum between two
 * consecutive samples of the grid. Null when no point could be sampled.
 */
export function gridMinimum<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  from: number,
  to: number,
  intervals: number,
  tolerance: number,
): Found<S> | null {
  const n = Math.max(1, Math.ceil(intervals));
  const points: (Found<S> | null)[] = [];
  let best = -1;
  for (let i = 0; i <= n; i++) {
    const t = i === n ? to : from + ((to - from) * i) / n;
    const s = sample(t);
    const p = s === null ? null : { t, value: value(s), sample: s };
    points.push(p);
    if (p && (best < 0 || p.value < points[best]!.value)) best = i;
  }
  if (best < 0) return null;
  const x = points[best]!;
  if (!(x.value < Number.POSITIVE_INFINITY)) return x;
  if (best > 0 && best < n) {
    const left = points[best - 1];
    const right = points[best + 1];
    if (!left || !right) return x;
    return brentMinimum(sample, value, left.t, x, right.t, tolerance);
  }
  // Best at an end: the minimum may still lie just inside, before the neighbouring sample.
  const other = points[best === 0 ? 1 : n - 1];
  if (!other) return x;
  const lo = Math.min(x.t, other.t);
  const hi = Math.max(x.t, other.t);
  const mt = x.t + GOLDEN * (other.t - x.t);
  const ms = sample(mt);
  if (ms === null) return x;
  // Brent's method needs no bracket to converge on [lo, hi]; it may end at the end itself.
  const found = brentMinimum(
    sample,
    value,
    lo,
    { t: mt, value: value(ms), sample: ms },
    hi,
    tolerance,
  );
  return found.value < x.value ? found : x;
}

/** A bracket of a minimum: lo.t < x.t < hi.t with x.value <= lo.value, hi.value. */
export interface MinimumBracket<S> {
  lo: Found<S>;
  x: Found<S>;
  hi: Found<S>;
}

/**
 * Bracket a minimum of value(sample(t)) near `seed`: probe `step` either side, then walk downhill
 * with steps growing by the golden ratio (at most `maxSteps`) until the middle point is the lowest.
 * The bracket, or the lowest point reached when sampling fails or the walk gives up.
 */
export function bracketMinimum<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  seed: Found<S>,
  step: number,
  maxSteps = 40,
): MinimumBracket<S> | Found<S> {
  const at = (t: number): Found<S> | null => {
    const s = sample(t);
    return s === null ? null : { t, value: value(s), sample: s };
  };
  let h = step;
  let left = at(seed.t - h);
  let right = at(seed.t + h);
  if (!left || !right) return seed;
  let mid = seed;
  for (let i = 0; i < maxSteps && !(mid.value <= left.value && mid.value <= right.value); i++) {
    h *= 1.618;
    if (left.value < mid.value) {
      right = mid;
      mid = left;
      const next = at(mid.t - h);
      if (!next) return mid;
      left = next;
    } else {
      left = mid;
      mid = right;
      const next = at(mid.t + h);
      if (!next) return mid;
      right = next;
    }
  }
  return { lo: left, x: mid, hi: right };
}
