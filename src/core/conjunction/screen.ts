/**
 * Close-approach screening: one primary orbit against many secondaries over a window, with the
 * standard sieve before the fine search (Hoots, Crawford & Roehrich 1984; Healy 1995):
 *
 * 1. apogee/perigee filter: the radial bands [perigee, apogee] of the two orbits, each widened by
 *    the decay the mean motion derivative predicts over the window and a pad for SGP4's periodic
 *    terms, must come within the threshold;
 * 2. orbit path filter: for orbits that are not coplanar, the two orbits' radii where their planes
 *    cross (the mutual nodes), sampled every few hours of the window, must come within the
 *    threshold plus the same pad;
 * 3. time filter: from any instant, the distance cannot fall to the threshold before
 *    τ = (ḋ + √(ḋ² + 2A(d − D)))/A, A bounding the relative acceleration (two gravity pulls at the
 *    lowest perigee), nor before (d − D)/v_max: the pair is stepped from bound to bound, so time
 *    spent far apart costs a few propagations;
 * 4. fine search: a closing-to-opening change of range rate brackets each approach; TCA is the
 *    zero of the range rate (bisection then secant, to 1e-4 s), with SGP4 for both objects.
 *
 * The primary's states come from a cubic Hermite table on a 30 s grid (position error well under a
 * metre in LEO) for the sieve; TCA and miss distance use SGP4 directly.
 */
import { WGS72 } from '../constants.js';
import type { Orbit } from '../orbit/propagate.js';
import { type Band, band, pathsMeet, RADIAL_PAD_KM } from './filters.js';
import { HermiteTable } from './hermite.js';
import { refine } from './refine.js';
import { coincidenceWindows, MeanTrack, minPlaneSine } from './time-filter.js';
import type { CloseApproach, ScreenOptions, ScreenStats } from './types.js';

export type { CloseApproach, ScreenOptions, ScreenStats } from './types.js';

const R_EARTH = WGS72.earthRadiusKm;
const MU = WGS72.muKm3S2;
const DAY_S = 86_400;
const MIN_STEP_S = 10;
/** Below this sine of the angle between the planes the time filter does not apply (coplanar). */
const COPLANAR_SINE = 0.1;

/**
 * Screen `primary` against `secondaries` for approaches closer than `maxKm` in the window.
 * Approaches are sorted by TCA.
 */
export function screenConjunctions(
  primary: Orbit,
  secondaries: Iterable<Orbit>,
  options: ScreenOptions,
): { approaches: CloseApproach[]; stats: ScreenStats } {
  const screen = new ConjunctionScreen(primary, options);
  screen.screen(secondaries);
  return screen.result();
}

/**
 * One primary's screening, fed secondaries in as many slices as the caller likes (so a server can
 * let other work run in between); `result` gives the approaches found so far, by TCA.
 */
export class ConjunctionScreen {
  readonly stats: ScreenStats = {
    secondaries: 0,
    afterApogeePerigee: 0,
    afterPath: 0,
    coLocated: [],
    propagations: 0,
    windows: 0,
    coplanar: 0,
    failed: [],
  };
  private readonly approaches: CloseApproach[] = [];
  private readonly table: HermiteTable;
  private readonly pTrack: MeanTrack;
  private readonly bp: Band;
  private readonly endMs: number;

  constructor(
    readonly primary: Orbit,
    readonly options: ScreenOptions,
  ) {
    this.endMs = options.startMs + options.days * DAY_S * 1000;
    this.table = new HermiteTable(primary, options.startMs, this.endMs);
    this.pTrack = new MeanTrack(primary);
    this.bp = band(primary, options.days);
  }

  result(): { approaches: CloseApproach[]; stats: ScreenStats } {
    return {
      approaches: [...this.approaches].sort((a, b) => a.tcaMs - b.tcaMs),
      stats: this.stats,
    };
  }

  screen(secondaries: Iterable<Orbit>): void {
    const { startMs, days, maxKm } = this.options;
    const { endMs, table, pTrack, bp, stats, approaches, primary } = this;
    const pState = new Float64Array(6);
    const sState = new Float64Array(6);

    for (const s of secondaries) {
      if (s.noradId === primary.noradId) continue;
      stats.secondaries++;
      const bs = band(s, days);
      const limit = maxKm + RADIAL_PAD_KM;
      if (Math.max(bp.perigeeKm, bs.perigeeKm) - Math.min(bp.apogeeKm, bs.apogeeKm) > limit)
        continue;
      stats.afterApogeePerigee++;
      if (!pathsMeet(primary, s, startMs, days, limit + bp.decayKm + bs.decayKm)) continue;
      stats.afterPath++;

      const rMin = Math.max(R_EARTH, Math.min(bp.perigeeKm, bs.perigeeKm) - RADIAL_PAD_KM);
      const accel = (2.02 * MU) / (rMin * rMin);
      const vmax = bp.vmaxKmS + bs.vmaxKmS;

      /** Relative state at `ms` (primary interpolated), or null when SGP4 fails. */
      const relative = (ms: number): { d: number; rate: number; speed: number } | null => {
        stats.propagations++;
        if (s.temeInto(ms, sState) !== 0) return null;
        table.at(ms, pState);
        const dx = pState[0]! - sState[0]!;
        const dy = pState[1]! - sState[1]!;
        const dz = pState[2]! - sState[2]!;
        const vx = pState[3]! - sState[3]!;
        const vy = pState[4]! - sState[4]!;
        const vz = pState[5]! - sState[5]!;
        const d = Math.hypot(dx, dy, dz);
        return { d, rate: (dx * vx + dy * vy + dz * vz) / d, speed: Math.hypot(vx, vy, vz) };
      };

      /**
       * How long the distance surely stays above the threshold, s: d + ḋτ − Aτ²/2 ≥ D with A the
       * relative acceleration bound (two gravity pulls; or the gravity gradient over 2d while the
       * distance surely stays below 2d), and never faster than (d − D)/v_max.
       */
      const safeStep = (d: number, rate: number, speed: number): number => {
        const gap = d - maxKm;
        if (gap <= 0) return MIN_STEP_S;
        const tau = (a: number) => (rate + Math.sqrt(rate * rate + 2 * a * gap)) / a;
        let step = Math.max(tau(accel), gap / vmax);
        const inner = rMin - 2 * d;
        if (inner > 3000) {
          const local = (2.05 * MU * 2 * d) / (inner * inner * inner) + 1e-7;
          const t = tau(local);
          if (d + speed * t + 0.5 * accel * t * t <= 2 * d) step = Math.max(step, t);
        }
        return Math.max(MIN_STEP_S, step);
      };

      const first = relative(startMs);
      if (first === null) {
        stats.failed.push(s.noradId);
        continue;
      }
      if (first.d < maxKm && first.speed < 0.01) {
        // Docked or flying in formation: always close, no approach to speak of.
        const later = relative(Math.min(endMs, startMs + 3_600_000));
        if (later !== null && later.d < maxKm) {
          stats.coLocated.push(s.noradId);
          continue;
        }
      }

      let intervals: [number, number][] = [[startMs, endMs]];
      const eccentric = s.sgp4.ecco >= 0.1 || primary.sgp4.ecco >= 0.1;
      if (!s.deepSpace && !primary.deepSpace && !eccentric) {
        const sTrack = new MeanTrack(s);
        const sinMin = minPlaneSine(pTrack, sTrack, startMs, endMs);
        if (sinMin >= COPLANAR_SINE) {
          intervals = coincidenceWindows(pTrack, sTrack, startMs, endMs, limit, sinMin);
          stats.windows += intervals.length;
        } else stats.coplanar++;
      } else stats.coplanar++;

      for (const [lo, hi] of intervals) {
        let prevT = lo;
        let prev = lo === startMs ? first : relative(lo);
        if (prev === null) {
          stats.failed.push(s.noradId);
          break;
        }
        let failed = false;
        while (prevT < hi) {
          const t = Math.min(hi, prevT + safeStep(prev.d, prev.rate, prev.speed) * 1000);
          const cur = relative(t);
          if (cur === null) {
            failed = true;
            break;
          }
          if (prev.rate < 0 && cur.rate >= 0) {
            const found = refine(primary, s, prevT, t, stats);
            if (found && found.missKm < maxKm) approaches.push(found);
          }
          prev = cur;
          prevT = t;
        }
        if (failed) {
          stats.failed.push(s.noradId);
          break;
        }
      }
    }
  }
}
