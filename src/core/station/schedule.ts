/**
 * A station's schedule: which passes to work when several overlap, maximising the total priority
 * exactly (weighted interval scheduling). Pure.
 *
 * Two passes a, b (a first) can both be worked when
 *   AOS(b) >= LOS(a) + travel(end position of a -> start position of b) + turnaround,
 * with travel from the rotator's slew rates (0 without rotator). Because the gap depends on both
 * passes, the textbook predecessor p(j) does not exist. But a schedule is a chain in time in
 * which only consecutive passes constrain each other (the rotator goes straight from one to the
 * next), so over passes sorted by LOS
 *   best(j) = priority(j) + max(0, max { best(i) : i before j, compatible(i, j) })
 * is exact. It is evaluated in O(n log n + n k): every pass whose LOS is at least the largest
 * possible travel time (the rotator's full range at its slew rates) plus the turnaround before
 * AOS(j) is compatible whatever the positions, so a prefix maximum found by binary search covers
 * those, and only the k passes ending within that margin are checked one by one.
 *
 * Ties are broken deterministically: passes are ordered by LOS, then AOS, then key; among equally
 * good predecessors (or final passes) the one earliest in that order wins.
 */
import { type RotatorPosition, type RotatorSpec, travelSeconds } from './rotator.js';

export interface ScheduleCandidate<T = unknown> {
  /** Unique and stable (e.g. `25544@2026-08-22T12:00:00Z`): the last tie-breaker. */
  key: string;
  /** Positive weight. */
  priority: number;
  aosMs: number;
  losMs: number;
  maxElevationDeg: number;
  /** Rotator position at AOS and at LOS (from the pass's rotator plan); null without rotator. */
  startPosition: RotatorPosition | null;
  endPosition: RotatorPosition | null;
  /** Filters of the satellite's entry in the station. */
  minPeakElevationDeg?: number;
  minDurationSeconds?: number;
  /** Carried through untouched (the pass, its plan, its transmitter). */
  item: T;
}

export interface ScheduleOptions {
  /** Setup time between two passes, s (the whole gap without rotator). */
  turnaroundSeconds: number;
  rotator: RotatorSpec | null;
}

export type RejectReason =
  | { kind: 'below-min-peak'; maxElevationDeg: number; minPeakElevationDeg: number }
  | { kind: 'too-short'; durationSeconds: number; minDurationSeconds: number }
  /** Keys of the scheduled passes it cannot be worked with. */
  | { kind: 'conflict'; conflictsWith: string[] };

export interface ScheduleResult<T> {
  /** In time order. */
  scheduled: ScheduleCandidate<T>[];
  /** In time order (AOS), each with its reason. */
  rejected: { candidate: ScheduleCandidate<T>; reason: RejectReason }[];
  totalPriority: number;
}

/** Seconds needed between LOS of `a` and AOS of `b`: travel + turnaround. */
export function gapSeconds(
  a: Pick<ScheduleCandidate, 'endPosition'>,
  b: Pick<ScheduleCandidate, 'startPosition'>,
  options: ScheduleOptions,
): number {
  const travel =
    options.rotator && a.endPosition && b.startPosition
      ? travelSeconds(options.rotator, a.endPosition, b.startPosition)
      : 0;
  return travel + options.turnaroundSeconds;
}

/** `b` can be worked after `a`. */
export function compatible(
  a: ScheduleCandidate,
  b: ScheduleCandidate,
  options: ScheduleOptions,
): boolean {
  return b.aosMs >= a.losMs + gapSeconds(a, b, options) * 1000;
}

/** The longest travel a rotator can ever need, s. */
export function maxTravelSeconds(rotator: RotatorSpec | null): number {
  if (!rotator) return 0;
  return Math.max(
    (rotator.azimuthMaxDeg - rotator.azimuthMinDeg) / rotator.azimuthRateDegS,
    (rotator.elevationMaxDeg - rotator.elevationMinDeg) / rotator.elevationRateDegS,
  );
}

function order(a: ScheduleCandidate, b: ScheduleCandidate): number {
  return a.losMs - b.losMs || a.aosMs - b.aosMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Last index in `los` (ascending) with value <= x, or -1. */
function lastAtOrBefore(los: Float64Array, x: number, hi: number): number {
  let lo = 0;
  let h = hi;
  while (lo < h) {
    const mid = (lo + h) >> 1;
    if (los[mid]! <= x) lo = mid + 1;
    else h = mid;
  }
  return lo - 1;
}

/**
 * Plan which passes to work: filter by each satellite's minimum peak elevation and duration, then
 * the exact maximum-priority chain (see the module comment).
 *
 * @throws RangeError for a non-positive or non-finite priority, or a pass ending before it starts.
 */
export function schedulePasses<T>(
  candidates: readonly ScheduleCandidate<T>[],
  options: ScheduleOptions,
): ScheduleResult<T> {
  const rejected: ScheduleResult<T>['rejected'] = [];
  const eligible: ScheduleCandidate<T>[] = [];
  for (const c of candidates) {
    if (!(Number.isFinite(c.priority) && c.priority > 0)) {
      throw new RangeError(`priority of ${c.key} must be a positive number`);
    }
    if (!(c.losMs >= c.aosMs)) throw new RangeError(`${c.key} ends before it starts`);
    const duration = (c.losMs - c.aosMs) / 1000;
    if (c.minPeakElevationDeg !== undefined && c.maxElevationDeg < c.minPeakElevationDeg) {
      rejected.push({
        candidate: c,
        reason: {
          kind: 'below-min-peak',
          maxElevationDeg: c.maxElevationDeg,
          minPeakElevationDeg: c.minPeakElevationDeg,
        },
      });
    } else if (c.minDurationSeconds !== undefined && duration < c.minDurationSeconds) {
      rejected.push({
        candidate: c,
        reason: {
          kind: 'too-short',
          durationSeconds: duration,
          minDurationSeconds: c.minDurationSeconds,
        },
      });
    } else {
      eligible.push(c);
    }
  }
  const sorted = [...eligible].sort(order);
  const n = sorted.length;
  const los = Float64Array.from(sorted, (c) => c.losMs);
  const best = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  /** Index of the best `best` among 0..i (earliest on ties). */
  const prefixArg = new Int32Array(n);
  const marginMs = (maxTravelSeconds(options.rotator) + options.turnaroundSeconds) * 1000;
  const turnMs = options.turnaroundSeconds * 1000;
  for (let j = 0; j < n; j++) {
    const c = sorted[j]!;
    let bestPrev = -1;
    let bestValue = 0;
    // Every pass ending this early is compatible whatever the rotator positions.
    const sure = lastAtOrBefore(los, c.aosMs - marginMs, j);
    if (sure >= 0) {
      const k = prefixArg[sure]!;
      bestPrev = k;
      bestValue = best[k]!;
    }
    // The rest that end before AOS - turnaround: check each.
    const maybe = lastAtOrBefore(los, c.aosMs - turnMs, j);
    for (let i = sure + 1; i <= maybe; i++) {
      if (best[i]! > bestValue && compatible(sorted[i]!, c, options)) {
        bestValue = best[i]!;
        bestPrev = i;
      }
    }
    best[j] = c.priority + bestValue;
    prev[j] = bestPrev;
    prefixArg[j] = j > 0 && best[prefixArg[j - 1]!]! >= best[j]! ? prefixArg[j - 1]! : j;
  }
  const chosen: ScheduleCandidate<T>[] = [];
  if (n > 0) {
    for (let j = prefixArg[n - 1]!; j >= 0; j = prev[j]!) chosen.push(sorted[j]!);
    chosen.reverse();
  }
  const inPlan = new Set(chosen);
  // Scheduled passes further than the margin from a rejected one never conflict with it.
  const chosenLos = Float64Array.from(chosen, (c) => c.losMs);
  for (const c of sorted) {
    if (inPlan.has(c)) continue;
    const conflictsWith: string[] = [];
    for (
      let i = lastAtOrBefore(chosenLos, c.aosMs - marginMs, chosen.length) + 1;
      i < chosen.length && chosen[i]!.aosMs < c.losMs + marginMs;
      i++
    ) {
      const s = chosen[i]!;
      const ok = order(s, c) < 0 ? compatible(s, c, options) : compatible(c, s, options);
      if (!ok) conflictsWith.push(s.key);
    }
    rejected.push({ candidate: c, reason: { kind: 'conflict', conflictsWith } });
  }
  rejected.sort((a, b) => a.candidate.aosMs - b.candidate.aosMs || order(a.candidate, b.candidate));
  return {
    scheduled: chosen,
    rejected,
    totalPriority: chosen.reduce((s, c) => s + c.priority, 0),
  };
}
