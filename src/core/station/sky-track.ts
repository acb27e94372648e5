import { errorKindFromCode, PropagationError } from '../orbit/errors.js';
import type { Site } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme } from '../orbit/topocentric.js';
import { gmst } from '../time.js';
import { RAD, wrap180 } from '../units.js';
import type { SkyPoint } from './rotator.js';

export interface SkyTrackOptions {
  /** Step where the direction changes slowly, s (default 10). */
  coarseSeconds?: number;
  /** Step where it turns fast (near zenith), s (default 1). */
  fineSeconds?: number;
  /** A coarse step turning more than this in azimuth or elevation is resampled finely, deg (default 4). */
  maxTurnDeg?: number;
}

/**
 * A pass's sky track for rotator planning: AOS and LOS included, coarse steps where the
 * direction changes slowly and fine steps where it turns fast (the keyhole near zenith), so that
 * rate checks see the peaks at a fraction of the cost of a fine grid.
 *
 * @throws PropagationError when SGP4 fails inside the span.
 */
export function skyTrack(
  orbit: Orbit,
  site: Site,
  fromMs: number,
  toMs: number,
  options: SkyTrackOptions = {},
): SkyPoint[] {
  const coarse = (options.coarseSeconds ?? 10) * 1000;
  const fine = (options.fineSeconds ?? 1) * 1000;
  const maxTurn = options.maxTurnDeg ?? 4;
  const state = new Float64Array(6);
  const look = new Look();
  const at = (t: number): SkyPoint => {
    const code = orbit.temeInto(t, state);
    if (code !== 0) throw new PropagationError(errorKindFromCode(code), orbit.noradId, t);
    lookFromTeme(state, gmst(t), site, look);
    const az = look.azimuthRad * RAD;
    return { timeMs: t, azimuthDeg: az < 0 ? az + 360 : az, elevationDeg: look.elevationRad * RAD };
  };
  const out: SkyPoint[] = [at(fromMs)];
  for (let t = fromMs; t < toMs; ) {
    const next = Math.min(toMs, t + coarse);
    const p = at(next);
    const prev = out.at(-1)!;
    const turn = Math.max(
      Math.abs(wrap180(p.azimuthDeg - prev.azimuthDeg)),
      Math.abs(p.elevationDeg - prev.elevationDeg),
    );
    if (turn > maxTurn && next - t > fine) {
      for (let u = t + fine; u < next; u += fine) out.push(at(u));
    }
    out.push(p);
    t = next;
  }
  return out;
}
