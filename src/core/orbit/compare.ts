/**
 * How one element set of an object differs from the previous one: the previous set propagated
 * to the new set's epoch against the new set at its own epoch (where SGP4 is best). The
 * catalog watch tells manoeuvres from refits with it; the decay search finds when SGP4 gives up.
 */
import { WGS72 } from '../constants.js';
import { bisectFlip } from '../search/index.js';
import type { Orbit } from './propagate.js';

const DAY_MS = 86_400_000;

/** The difference between two element sets of one object, at the newer set's epoch. */
export interface ElementSetChange {
  /** Days from the previous set's epoch to the new one's. */
  ageDays: number;
  /** Position of the propagated previous set minus the new set's, km: total and RTN components. */
  positionKm: number;
  radialKm: number;
  alongTrackKm: number;
  crossTrackKm: number;
  /** SGP4 mean semi-major axis of the new set minus the previous set's propagated, km. */
  deltaSemiMajorAxisKm: number;
  /** Mean inclination, new minus previous propagated, degrees. */
  deltaInclinationDeg: number;
  /** Mean semi-major axis of the new set, km. */
  semiMajorAxisKm: number;
  /**
   * The smallest impulse that explains the change, m/s: a tangential burn for the semi-major
   * axis (v Δa / 2a, near-circular orbit) combined with a normal burn for the inclination
   * (2 v sin(Δi/2)), v the circular speed at the mean semi-major axis.
   */
  deltaVMPerS: number;
}

/** Compare two sets of one object; null when SGP4 fails for either at the new epoch. */
export function compareElementSets(previous: Orbit, next: Orbit): ElementSetChange | null {
  const t = next.elements.epochMs;
  const a = new Float64Array(6);
  const b = new Float64Array(6);
  if (previous.temeInto(t, a) !== 0 || next.temeInto(t, b) !== 0) return null;
  const meanPrev = previous.meanElementsAt(t);
  const meanNext = next.meanElementsAt(t);
  if (meanPrev === null || meanNext === null) return null;

  // RTN frame of the new set: R along r, N along r × v, T = N × R.
  const rx = b[0]!;
  const ry = b[1]!;
  const rz = b[2]!;
  const rn = Math.hypot(rx, ry, rz);
  let nx = ry * b[5]! - rz * b[4]!;
  let ny = rz * b[3]! - rx * b[5]!;
  let nz = rx * b[4]! - ry * b[3]!;
  const nn = Math.hypot(nx, ny, nz);
  nx /= nn;
  ny /= nn;
  nz /= nn;
  const ux = rx / rn;
  const uy = ry / rn;
  const uz = rz / rn;
  const tx = ny * uz - nz * uy;
  const ty = nz * ux - nx * uz;
  const tz = nx * uy - ny * ux;
  const dx = a[0]! - rx;
  const dy = a[1]! - ry;
  const dz = a[2]! - rz;

  const deltaA = meanNext.semiMajorAxisKm - meanPrev.semiMajorAxisKm;
  const deltaI = meanNext.inclinationDeg - meanPrev.inclinationDeg;
  const aKm = meanNext.semiMajorAxisKm;
  const vKmS = Math.sqrt(WGS72.muKm3S2 / aKm);
  const dvTangential = (vKmS * Math.abs(deltaA)) / (2 * aKm);
  const dvNormal = 2 * vKmS * Math.sin(Math.abs(deltaI * (Math.PI / 180)) / 2);
  return {
    ageDays: (t - previous.elements.epochMs) / DAY_MS,
    positionKm: Math.hypot(dx, dy, dz),
    radialKm: dx * ux + dy * uy + dz * uz,
    alongTrackKm: dx * tx + dy * ty + dz * tz,
    crossTrackKm: dx * nx + dy * ny + dz * nz,
    deltaSemiMajorAxisKm: deltaA,
    deltaInclinationDeg: deltaI,
    semiMajorAxisKm: aKm,
    deltaVMPerS: Math.hypot(dvTangential, dvNormal) * 1000,
  };
}

/**
 * The first instant in [startMs, endMs] at which SGP4 reports decay for `orbit` (to within
 * `resolutionMs`), or null when it propagates through the whole window.
 */
export function sgp4DecayMs(
  orbit: Orbit,
  startMs: number,
  endMs: number,
  stepMs = 3_600_000,
  resolutionMs = 60_000,
): number | null {
  const buf = new Float64Array(6);
  const fails = (ms: number) => orbit.temeInto(ms, buf) !== 0;
  if (fails(startMs)) return startMs;
  let good = startMs;
  for (let t = startMs + stepMs; ; t += stepMs) {
    const at = Math.min(t, endMs);
    if (fails(at)) {
      const ok = (ms: number) => (fails(ms) ? null : ms);
      return bisectFlip(ok, (s) => s !== null, good, good, at, null, resolutionMs).afterT;
    }
    good = at;
    if (at >= endMs) return null;
  }
}
