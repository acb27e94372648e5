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

const R_EARTH = WGS72.earthRadiusKm;
const MU = WGS72.muKm3S2;
const DAY_S = 86_400;
/** Pad for SGP4's periodic terms and the sampling of the path filter, km. */
const RADIAL_PAD_KM = 10;
const GRID_S = 30;
const MIN_STEP_S = 10;
/** Pad of each object's node window for what the mean track leaves out (periodic terms), s. */
const TIME_PAD_S = 10;
/** Below this sine of the angle between the planes the time filter does not apply (coplanar). */
const COPLANAR_SINE = 0.1;

export interface ScreenOptions {
  /** Window start, epoch ms, and length, days. */
  startMs: number;
  days: number;
  /** Report approaches closer than this, km. */
  maxKm: number;
}

/** One close approach. */
export interface CloseApproach {
  primary: number;
  secondary: number;
  /** Time of closest approach, epoch ms (to about a millisecond). */
  tcaMs: number;
  missKm: number;
  relativeSpeedKmS: number;
  /** Primary's position at TCA (TEME, km) minus the secondary's, split radial/in-track/cross-track. */
  radialKm: number;
  inTrackKm: number;
  crossTrackKm: number;
}

export interface ScreenStats {
  secondaries: number;
  /** Left after the apogee/perigee filter, then after the orbit path filter. */
  afterApogeePerigee: number;
  afterPath: number;
  /** Secondaries sharing the primary's orbit (docked modules): within the threshold, at rest relative to it. */
  coLocated: number[];
  /** SGP4 evaluations spent in the fine search. */
  propagations: number;
  /** Coincidence windows the time filter left; pairs it could not filter (coplanar, eccentric, deep space). */
  windows: number;
  coplanar: number;
  /** Secondaries SGP4 could not propagate through the window (decay). */
  failed: number[];
}

interface Band {
  /** How far the mean motion derivative lowers the orbit over the window, km. */
  decayKm: number;
  perigeeKm: number;
  apogeeKm: number;
  vmaxKmS: number;
}

/** Radial band of an orbit over the window (radius from the Earth's centre, km). */
function band(o: Orbit, days: number): Band {
  const a = R_EARTH * ((o.perigeeKm + o.apogeeKm) / (2 * R_EARTH) + 1);
  // Mean motion derivative: ndot/2 in rev/day^2 → da over the window = (2/3) a (2 ndot t) / n.
  const ndot = Math.abs(2 * o.elements.meanMotionDot);
  const decay = ((2 / 3) * a * ndot * days) / o.elements.meanMotionRevPerDay;
  const q = R_EARTH + o.perigeeKm - decay;
  const Q = R_EARTH + o.apogeeKm;
  return {
    decayKm: decay,
    perigeeKm: q,
    apogeeKm: Q,
    vmaxKmS: Math.sqrt(MU * (2 / Math.max(q, R_EARTH) - 1 / a)),
  };
}

type V3 = [number, number, number];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: V3) => Math.hypot(a[0], a[1], a[2]);

/** Orbit normal, ascending-node direction, eccentricity data at `t` minutes from the epoch. */
function planeAt(o: Orbit, tMin: number) {
  const s = o.sgp4;
  const node = s.nodeo + s.nodedot * tMin;
  const argp = s.argpo + s.argpdot * tMin;
  const i = s.inclo;
  const h: V3 = [Math.sin(i) * Math.sin(node), -Math.sin(i) * Math.cos(node), Math.cos(i)];
  const nodeDir: V3 = [Math.cos(node), Math.sin(node), 0];
  const a = R_EARTH * ((o.perigeeKm + o.apogeeKm) / (2 * R_EARTH) + 1);
  return { h, nodeDir, argp, e: s.ecco, p: a * (1 - s.ecco * s.ecco) };
}

/** Orbit radius of `o` in direction `u` (unit, in its plane). */
function radiusToward(pl: ReturnType<typeof planeAt>, u: V3): number {
  const perp = cross(pl.h, pl.nodeDir);
  const lat = Math.atan2(dot(u, perp), dot(u, pl.nodeDir));
  return pl.p / (1 + pl.e * Math.cos(lat - pl.argp));
}

/**
 * Orbit path filter: could the two orbit paths come within `limitKm` during the window? Sampled
 * every 6 hours (the planes turn by at most a few degrees in between; the pad covers it).
 */
function pathsMeet(p: Orbit, s: Orbit, startMs: number, days: number, limitKm: number): boolean {
  const samples = Math.max(2, Math.ceil((days * 24) / 6) + 1);
  for (let k = 0; k < samples; k++) {
    const t = startMs + (k / (samples - 1)) * days * DAY_S * 1000;
    const pp = planeAt(p, p.minutesSinceEpoch(t));
    const ps = planeAt(s, s.minutesSinceEpoch(t));
    const line = cross(pp.h, ps.h);
    const sin = norm(line);
    // Nearly coplanar: the path filter does not apply.
    if (sin < 0.05) return true;
    const u: V3 = [line[0] / sin, line[1] / sin, line[2] / sin];
    for (const sign of [1, -1]) {
      const dir: V3 = [u[0] * sign, u[1] * sign, u[2] * sign];
      if (Math.abs(radiusToward(pp, dir) - radiusToward(ps, dir)) <= limitKm) return true;
    }
  }
  return false;
}

/**
 * An orbit's secular (mean) motion as SGP4 models it: node and perigee precession, the drag
 * polynomial in mean anomaly and semi-major axis, the equation of centre to second order in e. No
 * periodic terms: within a few km (tens of seconds of the windows' pad) of SGP4 in LEO.
 */
class MeanTrack {
  private readonly epochMs: number;
  readonly periodS: number;
  constructor(readonly orbit: Orbit) {
    this.epochMs = orbit.elements.epochMs;
    this.periodS = orbit.periodMinutes * 60;
  }

  /** Argument of latitude (rad, unwrapped), its rate (rad/s), node, inclination, speed at `ms`. */
  at(ms: number): {
    u: number;
    uSec: number;
    uDot: number;
    node: number;
    incl: number;
    speed: number;
  } {
    const s = this.orbit.sgp4;
    const t = (ms - this.epochMs) / 60_000;
    const t2 = t * t;
    let templ = s.t2cof * t2;
    let dTempl = 2 * s.t2cof * t;
    if (s.isimp !== 1) {
      templ += s.t3cof * t2 * t + t2 * t2 * (s.t4cof + t * s.t5cof);
      dTempl += 3 * s.t3cof * t2 + 4 * s.t4cof * t2 * t + 5 * s.t5cof * t2 * t2;
    }
    const m = s.mo + s.mdot * t + s.no * templ;
    const e = s.ecco;
    const uSec = s.argpo + s.argpdot * t + m;
    const u = uSec + 2 * e * Math.sin(m) + 1.25 * e * e * Math.sin(2 * m);
    const mDot = s.mdot + s.no * dTempl;
    const uDot = (s.argpdot + mDot * (1 + 2 * e * Math.cos(m))) / 60;
    const speed = Math.sqrt(MU / (R_EARTH * Math.cbrt((WGS72.xkePerMin / s.no) ** 2)));
    return {
      u,
      uSec,
      uDot,
      node: s.nodeo + s.nodedot * t + s.nodecf * t2,
      incl: s.inclo,
      speed,
    };
  }
}

const TWO_PI = 2 * Math.PI;
/** x wrapped into [-π, π). */
const wrapPi = (x: number) => x - TWO_PI * Math.floor((x + Math.PI) / TWO_PI);

function normal(node: number, incl: number): V3 {
  return [Math.sin(incl) * Math.sin(node), -Math.sin(incl) * Math.cos(node), Math.cos(incl)];
}

/**
 * Where the line of the two planes' crossing lies in one orbit's plane: the argument of
 * latitude of +n̂ (n̂ = ĥ_P × ĥ_S), and the sine of the angle between the planes.
 */
function nodeLatitude(own: { node: number; incl: number }, n: V3): number {
  const eNode: V3 = [Math.cos(own.node), Math.sin(own.node), 0];
  const perp = cross(normal(own.node, own.incl), eNode);
  return Math.atan2(dot(n, perp), dot(n, eNode));
}

/** The mutual node direction of two mean tracks at `ms`, and sin of the angle between planes. */
function mutualNode(p: MeanTrack, s: MeanTrack, ms: number) {
  const a = p.at(ms);
  const b = s.at(ms);
  const line = cross(normal(a.node, a.incl), normal(b.node, b.incl));
  const sin = norm(line);
  const n: V3 = [line[0] / sin, line[1] / sin, line[2] / sin];
  return { n, sin, a, b };
}

/** Chunks over which the mutual node line and the mean motions are taken as linear, ms. */
const CHUNK_MS = 3 * 3_600_000;

/**
 * Time filter (Hoots et al.): intervals in which both objects are near the same mutual node at
 * once, each within (D + pad)/(v sin I) of the other's plane (plus the equation of centre and a
 * pad in time for SGP4's periodic terms). In chunks of 3 hours the phase of each object relative
 * to the node line is linear in time, so every passage of the secondary is checked against the
 * primary's phase in a few operations. Returned as sorted, merged [start, end] epoch ms pairs.
 */
function coincidenceWindows(
  p: MeanTrack,
  s: MeanTrack,
  startMs: number,
  endMs: number,
  limitKm: number,
  sinMin: number,
): [number, number][] {
  const out: [number, number][] = [];
  const p0 = p.at(startMs);
  const s0 = s.at(startMs);
  const halfP = limitKm / (p0.speed * sinMin) + (2.5 * p.orbit.sgp4.ecco) / p0.uDot + TIME_PAD_S;
  const halfS = limitKm / (s0.speed * sinMin) + (2.5 * s.orbit.sgp4.ecco) / s0.uDot + TIME_PAD_S;
  const reach = (halfP + halfS) * 1000;
  let c = startMs - reach;
  let m0 = mutualNode(p, s, c);
  // Phases relative to the +n̂ direction, without the periodic terms.
  const phase = (m: ReturnType<typeof mutualNode>) => ({
    p: m.a.uSec - nodeLatitude(m.a, m.n),
    s: m.b.uSec - nodeLatitude(m.b, m.n),
  });
  let f0 = phase(m0);
  while (c < endMs + reach) {
    const c2 = c + CHUNK_MS;
    const m1 = mutualNode(p, s, c2);
    const f1raw = phase(m1);
    // Unwrap: the secular arguments are continuous; the node latitudes move little per chunk.
    const dp = m1.a.uSec - m0.a.uSec - wrapPi(nodeLatitude(m1.a, m1.n) - nodeLatitude(m0.a, m0.n));
    const ds = m1.b.uSec - m0.b.uSec - wrapPi(nodeLatitude(m1.b, m1.n) - nodeLatitude(m0.b, m0.n));
    const f1 = { p: f0.p + dp, s: f0.s + ds };
    void f1raw;
    // Passages of the secondary through +n̂ (phase ≡ 0) and −n̂ (phase ≡ π).
    const first = Math.ceil(f0.s / Math.PI);
    const last = Math.floor(f1.s / Math.PI);
    for (let k = first; k <= last; k++) {
      const x = (k * Math.PI - f0.s) / ds;
      const ts = c + x * CHUNK_MS;
      const pPhase = f0.p + x * dp - k * Math.PI;
      // Same node: the primary's phase must be near the same multiple of π as the secondary's
      // (k even: +n̂; odd: −n̂), so compare modulo 2π.
      const offsetMs = wrapPi(pPhase) / (dp / CHUNK_MS);
      if (Math.abs(offsetMs) <= reach) {
        const mid = ts - offsetMs / 2;
        const lo = Math.max(startMs, Math.min(ts, ts - offsetMs) - reach);
        const hi = Math.min(endMs, Math.max(ts, ts - offsetMs) + reach);
        void mid;
        if (lo < hi) out.push([lo, hi]);
      }
    }
    c = c2;
    m0 = m1;
    f0 = f1;
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of out) {
    const lastW = merged.at(-1);
    if (lastW && w[0] <= lastW[1]) lastW[1] = Math.max(lastW[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  return merged;
}

/** The smallest sine of the angle between the two planes over the window (6-hour samples). */
function minPlaneSine(p: MeanTrack, s: MeanTrack, startMs: number, endMs: number): number {
  let min = 1;
  const samples = Math.max(2, Math.ceil((endMs - startMs) / (6 * 3_600_000)) + 1);
  for (let k = 0; k < samples; k++) {
    const t = startMs + (k / (samples - 1)) * (endMs - startMs);
    min = Math.min(min, mutualNode(p, s, t).sin);
  }
  return min;
}

/** The primary's states on a grid, interpolated (cubic Hermite on position and velocity). */
class HermiteTable {
  private readonly states: Float64Array;
  readonly count: number;
  constructor(
    orbit: Orbit,
    readonly startMs: number,
    endMs: number,
  ) {
    this.count = Math.ceil((endMs - startMs) / (GRID_S * 1000)) + 2;
    this.states = new Float64Array(this.count * 6);
    for (let k = 0; k < this.count; k++) {
      const code = orbit.temeInto(startMs + k * GRID_S * 1000, this.states, k * 6);
      if (code !== 0)
        throw new Error(`the primary ${orbit.noradId} cannot be propagated (SGP4 error ${code})`);
    }
  }

  /** Position and velocity at `ms` into out[0..5]. */
  at(ms: number, out: Float64Array): void {
    const x = (ms - this.startMs) / (GRID_S * 1000);
    const k = Math.min(this.count - 2, Math.max(0, Math.floor(x)));
    const s = x - k;
    const h = GRID_S;
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = s3 - 2 * s2 + s;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = s3 - s2;
    const d00 = (6 * s2 - 6 * s) / h;
    const d10 = 3 * s2 - 4 * s + 1;
    const d01 = (-6 * s2 + 6 * s) / h;
    const d11 = 3 * s2 - 2 * s;
    const a = this.states;
    const i0 = k * 6;
    const i1 = i0 + 6;
    for (let c = 0; c < 3; c++) {
      const p0 = a[i0 + c]!;
      const v0 = a[i0 + 3 + c]!;
      const p1 = a[i1 + c]!;
      const v1 = a[i1 + 3 + c]!;
      out[c] = h00 * p0 + h10 * h * v0 + h01 * p1 + h11 * h * v1;
      out[3 + c] = d00 * p0 + d10 * v0 + d01 * p1 + d11 * v1;
    }
  }
}

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

/** The range-rate zero in [aMs, bMs] (closing at a, opening at b) with SGP4 for both. */
function refine(
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
