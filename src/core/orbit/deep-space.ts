/**
 * Whether SGP4 treats an element set as deep space (SDP4), decided from the elements alone,
 * without initialising SGP4: cheap enough to classify the whole catalog on a request's path.
 */

import { WGS72 } from '../constants.js';
import type { ElementSet } from '../elements/types.js';
import { DEG } from '../units.js';

/** SGP4's deep-space threshold: an orbital period of 225 minutes or more. */
export const DEEP_SPACE_PERIOD_MINUTES = 225;

/**
 * The orbital period SGP4 works with, minutes: from the element set's (Kozai) mean motion
 * recovered to Brouwer's mean motion as `sgp4init`'s `initl` does (WGS72), so that
 * `periodMinutes >= 225` is exactly SGP4's deep-space test. Null when the mean motion is not
 * positive.
 */
export function sgp4PeriodMinutes(
  el: Pick<ElementSet, 'meanMotionRevPerDay' | 'eccentricity' | 'inclinationDeg'>,
): number | null {
  const noKozai = (el.meanMotionRevPerDay * 2 * Math.PI) / 1440; // rad/min
  if (!(noKozai > 0)) return null;
  const eccsq = el.eccentricity * el.eccentricity;
  const omeosq = 1 - eccsq;
  const rteosq = Math.sqrt(omeosq);
  const cosio = Math.cos(el.inclinationDeg * DEG);
  const ak = (WGS72.xkePerMin / noKozai) ** (2 / 3);
  const d1 = (0.75 * WGS72.j2 * (3 * cosio * cosio - 1)) / (rteosq * omeosq);
  let del = d1 / (ak * ak);
  const adel = ak * (1 - del * del - del * (1 / 3 + (134 * del * del) / 81));
  del = d1 / (adel * adel);
  const no = noKozai / (1 + del);
  return (2 * Math.PI) / no;
}

/** True when SGP4 would propagate these elements with its deep-space (SDP4) branch. */
export function isDeepSpace(
  el: Pick<ElementSet, 'meanMotionRevPerDay' | 'eccentricity' | 'inclinationDeg'>,
): boolean {
  return (sgp4PeriodMinutes(el) ?? 0) >= DEEP_SPACE_PERIOD_MINUTES;
}
