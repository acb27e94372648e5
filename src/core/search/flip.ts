/**
 * Where a yes/no condition flips: bisection, as Skyfield's `find_discrete` refines the instants
 * at which a discrete function of time changes (shadow entry, twilight, SGP4 failing).
 */

/** The two sides of a flip after bisection: the last point before it, the first after. */
export interface FlipBracket<S> {
  beforeT: number;
  before: S;
  afterT: number;
  after: S | null;
}

/**
 * Bisect the flip between `beforeT` (where the condition has its first value) and `afterT` (where
 * it has the other), until they are at most `tolerance` apart or after `maxIterations`.
 * `side(sample(t))` says which side t is on: true before the flip, false after, undefined to stop
 * (the bracket so far is returned). `sample` may return null (SGP4 failed); `side` decides what
 * that means.
 */
export function bisectFlip<S>(
  sample: (t: number) => S | null,
  side: (s: S | null) => boolean | undefined,
  beforeT: number,
  before: S,
  afterT: number,
  after: S | null,
  tolerance: number,
  maxIterations = Number.POSITIVE_INFINITY,
): FlipBracket<S> {
  const out: FlipBracket<S> = { beforeT, before, afterT, after };
  for (let i = 0; i < maxIterations && out.afterT - out.beforeT > tolerance; i++) {
    const t = (out.beforeT + out.afterT) / 2;
    const s = sample(t);
    const isBefore = side(s);
    if (isBefore === undefined) break;
    if (isBefore && s !== null) {
      out.beforeT = t;
      out.before = s;
    } else {
      out.afterT = t;
      out.after = s;
    }
  }
  return out;
}
