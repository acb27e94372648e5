/** The screening's fine search: TCA as the zero of the range rate, with SGP4 for both objects. */
import type { Orbit } from '../orbit/propagate.js';
import type { CloseApproach, ScreenStats } from './types.js';
import { cross, dot, norm, type V3 } from './vector.js';

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
  let lo = aMs;
  let hi = bMs;
  let flo = rate(lo);
  let fhi = rate(hi);
  if (flo === null || fhi === null) return null;
  // Bisection to 1 s, then secant steps (regula falsi, Illinois) to 1e-4 s.
  while (hi - lo > 1000) {
    const mid = (lo + hi) / 2;
    const fm = rate(mid);
    if (fm === null) return null;
    if (fm < 0) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
      fhi = fm;
    }
  }
  let side = 0;
  for (let k = 0; k < 60 && hi - lo > 0.1; k++) {
    const mid = (lo * fhi - hi * flo) / (fhi - flo);
    const fm = rate(mid);
    if (fm === null) return null;
    if (fm < 0) {
      lo = mid;
      flo = fm;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = mid;
      fhi = fm;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  const tca = Math.abs(flo) < Math.abs(fhi) ? lo : hi;
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
