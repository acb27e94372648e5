/**
 * The screening's time filter (Hoots et al.): windows in which both objects are near the same
 * mutual node at once, from each orbit's mean (secular) motion as SGP4 models it.
 */
import { WGS72 } from '../constants.js';
import type { Orbit } from '../orbit/propagate.js';
import { cross, dot, norm, type V3 } from './vector.js';

const R_EARTH = WGS72.earthRadiusKm;
const MU = WGS72.muKm3S2;
/** Pad of each object's node window for what the mean track leaves out (periodic terms), s. */
const TIME_PAD_S = 10;

/**
 * An orbit's secular (mean) motion as SGP4 models it: node and perigee precession, the drag
 * polynomial in mean anomaly and semi-major axis, the equation of centre to second order in e. No
 * periodic terms: within a few km (tens of seconds of the windows' pad) of SGP4 in LEO.
 */
export class MeanTrack {
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
export function coincidenceWindows(
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
export function minPlaneSine(p: MeanTrack, s: MeanTrack, startMs: number, endMs: number): number {
  let min = 1;
  const samples = Math.max(2, Math.ceil((endMs - startMs) / (6 * 3_600_000)) + 1);
  for (let k = 0; k < samples; k++) {
    const t = startMs + (k / (samples - 1)) * (endMs - startMs);
    min = Math.min(min, mutualNode(p, s, t).sin);
  }
  return min;
}
