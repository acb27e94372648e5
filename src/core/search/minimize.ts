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
  // The three best points (x lowest, w second, v third) in locals, not `Found` objects: one sample
  // per iteration and no other allocation. Each point has a number (0: `x0`) to tell them apart.
  let xT = x0.t;
  let xV = x0.value;
  let xS = x0.sample;
  let xId = 0;
  let wT = xT;
  let wV = xV;
  let wId = 0;
  let vT = xT;
  let vV = xV;
  let vId = 0;
  let d = 0;
  let e = 0;
  const tol = tolerance / 2;
  for (let i = 0; i < maxIterations; i++) {
    const m = (a + b) / 2;
    if (Math.abs(xT - m) <= 2 * tol - (b - a) / 2) break;
    let golden = true;
    if (Math.abs(e) > tol) {
      const r = (xT - wT) * (xV - vV);
      let q = (xT - vT) * (xV - wV);
      let p = (xT - vT) * q - (xT - wT) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (a - xT) && p < q * (b - xT)) {
        e = d;
        d = p / q;
        const u = xT + d;
        if (u - a < 2 * tol || b - u < 2 * tol) d = m > xT ? tol : -tol;
        golden = false;
      }
    }
    if (golden) {
      e = xT >= m ? a - xT : b - xT;
      d = GOLDEN * e;
    }
    const ut = Math.abs(d) >= tol ? xT + d : xT + (d > 0 ? tol : -tol);
    const s = sample(ut);
    if (s === null) break;
    const uV = value(s);
    const uId = i + 1;
    if (uV <= xV) {
      if (ut >= xT) a = xT;
      else b = xT;
      vT = wT;
      vV = wV;
      vId = wId;
      wT = xT;
      wV = xV;
      wId = xId;
      xT = ut;
      xV = uV;
      xS = s;
      xId = uId;
    } else {
      if (ut < xT) a = ut;
      else b = ut;
      if (uV <= wV || wId === xId) {
        vT = wT;
        vV = wV;
        vId = wId;
        wT = ut;
        wV = uV;
        wId = uId;
      } else if (uV <= vV || vId === xId || vId === wId) {
        vT = ut;
        vV = uV;
        vId = uId;
      }
    }
  }
  return xId === 0 ? x0 : { t: xT, value: xV, sample: xS };
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
    const t = gridTime(from, to, n, i);
    const s = sample(t);
    const p = s === null ? null : { t, value: value(s), sample: s };
    points.push(p);
    if (p && (best < 0 || p.value < points[best]!.value)) best = i;
  }
  if (best < 0) return null;
  return refineGridPoint(sample, value, points, best, tolerance);
}

/** Point `i` of `gridMinimum`'s grid of `n` intervals over [from, to]. */
export function gridTime(from: number, to: number, n: number, i: number): number {
  return i === n ? to : from + ((to - from) * i) / n;
}

/**
 * `gridMinimum`'s second half: the grid's best point `points[best]` (the first of the lowest)
 * refined between its neighbours. Only the best point and its neighbours are read (null: the
 * sample failed there), so a caller that proves other points worse may leave them unsampled.
 */
export function refineGridPoint<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  points: readonly (Found<S> | null)[],
  best: number,
  tolerance: number,
): Found<S> {
  const n = points.length - 1;
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
  let h = step;
  let left = foundAt(sample, value, seed.t - h);
  let right = foundAt(sample, value, seed.t + h);
  if (!left || !right) return seed;
  let mid = seed;
  for (let i = 0; i < maxSteps && !(mid.value <= left.value && mid.value <= right.value); i++) {
    h *= 1.618;
    if (left.value < mid.value) {
      right = mid;
      mid = left;
      const next = foundAt(sample, value, mid.t - h);
      if (!next) return mid;
      left = next;
    } else {
      left = mid;
      mid = right;
      const next = foundAt(sample, value, mid.t + h);
      if (!next) return mid;
      right = next;
    }
  }
  return { lo: left, x: mid, hi: right };
}

/** `sample(t)` as a found point, or null. */
export function foundAt<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  t: number,
): Found<S> | null {
  const s = sample(t);
  return s === null ? null : { t, value: value(s), sample: s };
}
