/** The screening's fine search: TCA as the zero of the range rate, with SGP4 for both objects. */
import type { Orbit } from '../orbit/propagate.js';
import { bisectFlip, illinoisRoot } from '../search/index.js';
import type { CloseApproach, ScreenStats } from './types.js';
import { cross, dot, norm, type V3 } from './vector.js';

/** Width of the bisected bracket before the secant steps, and of the final one, ms. */
const COARSE_MS = 1000;
const FINE_MS = 0.1;

/** The range-rate zero in [aMs, bMs] (closing at a, opening at b) with SGP4 for both. */
export function refine(
  p: Orbit,
  s: Orbit,
  aMs: number,
  bMs: number,
  stats: ScreenStats,
): CloseApproach | null {
  const ps = new Float64Array(6);
  const ss = new Float64Array(6);
  const rate = (ms: number): number | null => {
    stats.propagations += 2;
    if (p.temeInto(ms, ps) !== 0 || s.temeInto(ms, ss) !== 0) return null;
    return (
      (ps[0]! - ss[0]!) * (ps[3]! - ss[3]!) +
      (ps[1]! - ss[1]!) * (ps[4]! - ss[4]!) +
      (ps[2]! - ss[2]!) * (ps[5]! - ss[5]!)
    );
  };
  const flo = rate(aMs);
  const fhi = rate(bMs);
  if (flo === null || fhi === null) return null;
  // Bisection to 1 s (the range rate is far from linear over a screening step), then secant
  // steps (regula falsi, Illinois) to 1e-4 s.
  const coarse = bisectFlip(
    rate,
    (v) => (v === null ? undefined : v < 0),
    aMs,
    flo,
    bMs,
    fhi,
    COARSE_MS,
  );
  // A bracket still wider than 1 s means SGP4 failed for one of the objects inside it.
  if (coarse.after === null || coarse.afterT - coarse.beforeT > COARSE_MS) return null;
  const fine = illinoisRoot(
    rate,
    (v) => v,
    { t: coarse.beforeT, value: coarse.before, sample: coarse.before },
    { t: coarse.afterT, value: coarse.after, sample: coarse.after },
    FINE_MS,
    { maxIterations: 60, answer: 'nearer' },
  );
  if (fine === null) return null;
  const tca = fine.t;
  p.temeInto(tca, ps);
  s.temeInto(tca, ss);
  const dr: V3 = [ps[0]! - ss[0]!, ps[1]! - ss[1]!, ps[2]! - ss[2]!];
  const dv: V3 = [ps[3]! - ss[3]!, ps[4]! - ss[4]!, ps[5]! - ss[5]!];
  const r: V3 = [ps[0]!, ps[1]!, ps[2]!];
  const v: V3 = [ps[3]!, ps[4]!, ps[5]!];
  const rHat: V3 = [r[0] / norm(r), r[1] / norm(r), r[2] / norm(r)];
  const hVec = cross(r, v);
  const hHat: V3 = [hVec[0] / norm(hVec), hVec[1] / norm(hVec), hVec[2] / norm(hVec)];
  const tHat = cross(hHat, rHat);
  return {
    primary: p.noradId,
    secondary: s.noradId,
    tcaMs: tca,
    missKm: norm(dr),
    relativeSpeedKmS: norm(dv),
    radialKm: dot(dr, rHat),
    inTrackKm: dot(dr, tHat),
    crossTrackKm: dot(dr, hHat),
  };
}
