/**
 * Every local minimum of a function that may come within a limit, by steps the caller bounds: far
 * from the limit the search leaps as far as the caller guarantees the function stays above it,
 * near it the search samples at a fine step, and each minimum of the samples is refined by Brent's
 * method (as a pass search steps by what the motion allows, then refines).
 */
import { brentMinimum, type Found, foundAt } from './minimize.js';

const GOLDEN = 0.381966011250105;

/**
 * The local minima of `value(sample(t))` on [from, to], in time order, each refined to
 * `tolerance`; the ends count as minima when the function falls towards them. `clearFor(s, t)`
 * is how long after t the function is guaranteed to stay above the caller's limit (0 or less
 * when it may not be above it at t): the search steps by that, but never by less than
 * `fineStep`. Minima are reported wherever the guarantee does not rule out that they come within
 * the limit (the caller filters by the value), and any two minima of the function more than
 * `fineStep` (> 0) apart are told apart. The search stops where sampling fails (null).
 */
export function minimaWithin<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  from: number,
  to: number,
  clearFor: (s: S, t: number) => number,
  fineStep: number,
  tolerance: number,
): Found<S>[] {
  const out: Found<S>[] = [];
  const first = foundAt(sample, value, from);
  if (!first) return out;
  // The last two samples and whether each is above the limit with the gap after it cleared.
  let prev: Found<S> | null = null;
  let prevClear = false;
  let cur = first;
  let curClear = false;
  for (;;) {
    if (cur.t >= to) break;
    const clear = clearFor(cur.sample, cur.t);
    curClear = clear >= fineStep;
    const next = foundAt(sample, value, Math.min(to, cur.t + Math.max(fineStep, clear)));
    if (!next) break;
    if (prev === null) {
      if (cur.value < next.value && !curClear) out.push(atEnd(sample, value, cur, next, tolerance));
    } else if (cur.value <= prev.value && cur.value < next.value && !(prevClear && curClear)) {
      // A minimum within the limit can only lie in an uncleared gap: keep Brent's method out of a
      // long cleared one (it could settle on another minimum there).
      const lo = prevClear ? Math.max(prev.t, cur.t - fineStep) : prev.t;
      const hi = curClear ? Math.min(next.t, cur.t + fineStep) : next.t;
      out.push(brentMinimum(sample, value, lo, cur, hi, tolerance));
    }
    prev = cur;
    prevClear = curClear;
    cur = next;
  }
  if (prev !== null && cur.t >= to && cur.value < prev.value && !prevClear) {
    out.push(atEnd(sample, value, cur, prev, tolerance));
  }
  return out;
}

/**
 * The minimum near an end sample `end` whose neighbour `other` is higher: it may lie just inside,
 * before the neighbour (as `gridMinimum` does at its ends).
 */
function atEnd<S>(
  sample: (t: number) => S | null,
  value: (s: S) => number,
  end: Found<S>,
  other: Found<S>,
  tolerance: number,
): Found<S> {
  const mid = foundAt(sample, value, end.t + GOLDEN * (other.t - end.t));
  if (!mid) return end;
  const found = brentMinimum(
    sample,
    value,
    Math.min(end.t, other.t),
    mid,
    Math.max(end.t, other.t),
    tolerance,
  );
  return found.value < end.value ? found : end;
}
