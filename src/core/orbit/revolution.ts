import { WGS72 } from '../constants.js';
import type { ElementSet } from '../elements/types.js';
import { DEG, MS_PER_DAY } from '../units.js';

const { j2: J2, earthRadiusKm: EARTH_RADIUS_KM, muKm3S2: MU_KM3_S2 } = WGS72;

/**
 * Mean anomaly at the ascending node (true anomaly = -omega) minus that of a circular orbit
 * (-omega), radians: zero for circular orbits, large for Molniya-type ones.
 */
function nodeOffset(e: number, omega: number): number {
  const nu = -omega;
  const E =
    2 * Math.atan2(Math.sqrt(1 - e) * Math.sin(nu / 2), Math.sqrt(1 + e) * Math.cos(nu / 2));
  const d = E - e * Math.sin(E) + omega;
  return d - 2 * Math.PI * Math.round(d / (2 * Math.PI));
}

/**
 * Revolution (orbit) number at an instant: the element set's revolution number at epoch plus the
 * ascending-node crossings since. A new revolution starts at each ascending node (TLE convention).
 * The node is where the true anomaly equals minus the argument of perigee; the mean anomaly
 * advances with the (anomalistic) mean motion and n-dot, the perigee with its J2 drift. Stable
 * across element refreshes except within seconds of a node crossing. Null when the set carries
 * no revolution number.
 */
export function revolutionNumber(el: ElementSet, epochMs: number): number | null {
  if (el.revAtEpoch === null) return null;
  const days = (epochMs - el.epochMs) / MS_PER_DAY;
  const n = el.meanMotionRevPerDay;
  const nRadS = (n * 2 * Math.PI) / 86_400;
  const a = Math.cbrt(MU_KM3_S2 / (nRadS * nRadS));
  const e = el.eccentricity;
  const p = a * (1 - e * e);
  const cosI = Math.cos(el.inclinationDeg * DEG);
  // J2 drift of the argument of perigee, radians per revolution.
  const wDot = 2 * Math.PI * 1.5 * J2 * (EARTH_RADIUS_KM / p) ** 2 * (2 - 2.5 * (1 - cosI * cosI));
  const w0 = el.argPerigeeDeg * DEG;
  const w = w0 + wDot * n * days;
  const m0 = el.meanAnomalyDeg * DEG;
  // Fraction of a revolution since the last ascending node, at epoch.
  const phase0 = ((((m0 + w0 - nodeOffset(e, w0)) / (2 * Math.PI)) % 1) + 1) % 1;
  const drift = w - w0 - (nodeOffset(e, w) - nodeOffset(e, w0));
  const revs = phase0 + n * days + el.meanMotionDot * days * days + drift / (2 * Math.PI);
  return el.revAtEpoch + Math.floor(revs);
}
