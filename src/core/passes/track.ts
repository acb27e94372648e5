import { errorKindFromCode, PropagationError } from '../orbit/errors.js';
import { ecfToGeodetic, type Site, siteTeme } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme } from '../orbit/topocentric.js';
import { dopplerFactor } from '../radio/doppler.js';
import { isSunlit } from '../sky/shadow.js';
import { gmst } from '../time.js';
import { RAD, type Vec3 } from '../units.js';
import { apparentMagnitude, type SunSource } from './visibility.js';

/** One sample of a satellite's track as seen from an observer. */
export interface TrackPoint {
  timeMs: number;
  azimuthDeg: number;
  elevationDeg: number;
  rangeKm: number;
  /** Positive when receding. */
  rangeRateKmS: number;
  /** Received / transmitted frequency (classical, first order): 1 - rangeRate / c. */
  dopplerFactor: number;
  /** Sub-satellite point (WGS84) and height above the ellipsoid. */
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeKm: number;
  /** The Sun's centre is visible from the satellite. */
  sunlit: boolean;
  /** Visual magnitude when sunlit and the standard magnitude is known, else null. */
  magnitude: number | null;
}

export interface TrackResult {
  points: TrackPoint[];
  /** SGP4 failure inside the span; points before it are kept. */
  error: PropagationError | null;
}

/**
 * Samples of a satellite's track every `stepMs` from `startMs` through `endMs` (the end is always
 * included): look angles, range rate and Doppler factor, sub-satellite point, sunlight and
 * magnitude. For sky charts, ground-track maps and antenna rotators.
 */
export function trackPoints(
  orbit: Orbit,
  site: Site,
  span: { startMs: number; endMs: number; stepMs: number },
  sun: SunSource,
  stdMagnitude: number | null,
): TrackResult {
  const { startMs, endMs, stepMs } = span;
  if (!(stepMs > 0)) throw new RangeError('the track step must be positive');
  if (!(endMs >= startMs)) throw new RangeError('the track must end at or after its start');
  const points: TrackPoint[] = [];
  const buf = new Float64Array(6);
  const look = new Look();
  const count = Math.floor((endMs - startMs) / stepMs);
  const times = Array.from({ length: count + 1 }, (_, i) => startMs + i * stepMs);
  if (times.at(-1)! < endMs) times.push(endMs);
  for (const t of times) {
    const code = orbit.temeInto(t, buf);
    if (code !== 0) {
      return { points, error: new PropagationError(errorKindFromCode(code), orbit.noradId, t) };
    }
    const sat: Vec3 = { x: buf[0]!, y: buf[1]!, z: buf[2]! };
    const theta = gmst(t);
    lookFromTeme(buf, theta, site, look);
    const sub = ecfToGeodetic(look.ecfXKm, look.ecfYKm, look.ecfZKm);
    const sunPos = sun.temeKm(t);
    const sunlit = isSunlit(sat, sunPos);
    const magnitude = sunlit
      ? apparentMagnitude(stdMagnitude, sat, sunPos, siteTeme(site, theta), look.rangeKm)
      : null;
    points.push({
      timeMs: t,
      azimuthDeg: look.azimuthRad * RAD,
      elevationDeg: look.elevationRad * RAD,
      rangeKm: look.rangeKm,
      rangeRateKmS: look.rangeRateKmS,
      dopplerFactor: dopplerFactor(look.rangeRateKmS),
      latitudeDeg: sub.latitudeDeg,
      longitudeDeg: sub.longitudeDeg,
      altitudeKm: sub.altitudeKm,
      sunlit,
      magnitude,
    });
  }
  return { points, error: null };
}
