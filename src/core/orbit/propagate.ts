import { json2satrec, type SatRec, sgp4, twoline2satrec } from 'satellite.js';
import { EARTH_ROTATION_RAD_S, WGS72 } from '../constants.js';
import { ommRecord } from '../elements/omm-record.js';
import type { ElementSet } from '../elements/types.js';
import { gmst } from '../time.js';
import { MS_PER_MINUTE, RAD, type Vec3 } from '../units.js';
import { errorKindFromCode, PropagationError } from './errors.js';
import { ecfToGeodetic, type Geodetic, type Site } from './observer.js';
import { lastDragFactor, type Sgp4Coefficients, sgp4Coefficients } from './sgp4-record.js';

/** Position (km) and velocity (km/s) in SGP4's TEME frame. */
export interface StateVector {
  positionKm: Vec3;
  velocityKmS: Vec3;
}

/** Where a satellite is seen from a site. */
export interface Topocentric {
  azimuthDeg: number;
  elevationDeg: number;
  rangeKm: number;
  /** Positive when the satellite moves away from the observer. */
  rangeRateKmS: number;
}

/**
 * Scratch layout written by `Orbit.lookInto`: radians and km, for hot loops.
 * [0] elevation rad, [1] azimuth rad, [2] range km, [3] range rate km/s, [4] elevation rate rad/s,
 * [5..7] satellite Earth-fixed position km.
 */
export const LOOK_SIZE = 8;

/**
 * An element set ready to propagate with SGP4/SDP4 (satellite.js, Vallado's 2006+ code).
 * TLE-sourced sets propagate from their original lines; OMM sets from their full-precision fields.
 */
export class Orbit {
  readonly elements: ElementSet;
  readonly noradId: number;
  /** Orbital period from the mean motion, minutes. */
  readonly periodMinutes: number;
  /** Perigee and apogee heights above a 6378.135 km sphere, km (from SGP4 initialisation). */
  readonly perigeeKm: number;
  readonly apogeeKm: number;
  /** True for deep-space (SDP4) orbits: period of 225 minutes or more. */
  readonly deepSpace: boolean;
  /**
   * SGP4's initialised coefficients (checked, read once: see `sgp4-record.ts`). Their secular terms
   * let the pass search bound the motion without propagating. Propagate with `temeInto`.
   */
  readonly sgp4: Sgp4Coefficients;
  private readonly satrec: SatRec;
  private readonly epochMs: number;

  constructor(elements: ElementSet) {
    this.elements = elements;
    this.noradId = elements.noradId;
    this.satrec = elements.tle
      ? twoline2satrec(elements.tle.line1, elements.tle.line2)
      : // satellite.js types CLASSIFICATION_TYPE as 'U' | 'C'; it plays no part in SGP4.
        json2satrec({ ...ommRecord(elements), CLASSIFICATION_TYPE: 'U' });
    this.epochMs = elements.epochMs;
    if (this.satrec.error !== 0 || !Number.isFinite(this.satrec.no) || this.satrec.no <= 0) {
      throw new PropagationError(
        this.satrec.error ? errorKindFromCode(this.satrec.error) : 'invalid-elements',
        elements.noradId,
        elements.epochMs,
      );
    }
    this.sgp4 = sgp4Coefficients(this.satrec);
    this.periodMinutes = (2 * Math.PI) / this.sgp4.no;
    this.perigeeKm = this.sgp4.altp * WGS72.earthRadiusKm;
    this.apogeeKm = this.sgp4.alta * WGS72.earthRadiusKm;
    this.deepSpace = this.sgp4.method === 'd';
  }

  /** Minutes from the element epoch to an instant. */
  minutesSinceEpoch(epochMs: number): number {
    return (epochMs - this.epochMs) / MS_PER_MINUTE;
  }

  /**
   * TEME position and velocity at `epochMs` written into `out[offset..offset+5]`
   * (x, y, z km; vx, vy, vz km/s). Returns 0, or the SGP4 error code (6 for decay).
   */
  temeInto(epochMs: number, out: Float64Array, offset = 0): number {
    return this.temeAtMinutesInto((epochMs - this.epochMs) / MS_PER_MINUTE, out, offset);
  }

  /** As `temeInto`, at a time given in minutes since the element epoch (SGP4's `tsince`). */
  temeAtMinutesInto(minutesSinceEpoch: number, out: Float64Array, offset = 0): number {
    const satrec = this.satrec;
    const pv = sgp4(satrec, minutesSinceEpoch);
    if (pv === null) return satrec.error || 6;
    // Community decay check (satellite.js 7.1 `communityDecayCheckEnabled`): SGP4 keeps
    // producing positions for long-decayed objects; treat them as decayed.
    if (lastDragFactor(satrec) <= 0) {
      satrec.error = 6;
      return 6;
    }
    const { position: r, velocity: v } = pv;
    out[offset] = r.x;
    out[offset + 1] = r.y;
    out[offset + 2] = r.z;
    out[offset + 3] = v.x;
    out[offset + 4] = v.y;
    out[offset + 5] = v.z;
    return 0;
  }

  /** TEME state at an instant; throws `PropagationError` when SGP4 fails. */
  teme(epochMs: number): StateVector {
    const buf = new Float64Array(6);
    const code = this.temeInto(epochMs, buf);
    if (code !== 0) throw new PropagationError(errorKindFromCode(code), this.noradId, epochMs);
    return {
      positionKm: { x: buf[0]!, y: buf[1]!, z: buf[2]! },
      velocityKmS: { x: buf[3]!, y: buf[4]!, z: buf[5]! },
    };
  }

  /**
   * Look angles and their rates from `site` at `epochMs`, written into `out` (see `LOOK_SIZE`).
   * Returns 0 or an SGP4 error code.
   */
  lookInto(epochMs: number, site: Site, out: Float64Array): number {
    const code = this.temeInto(epochMs, out, 0);
    if (code !== 0) return code;
    lookFromTeme(out, gmst(epochMs), site, out);
    return 0;
  }

  /** Azimuth, elevation, range and range rate from an observer site. */
  look(epochMs: number, site: Site): Topocentric {
    const out = new Float64Array(LOOK_SIZE);
    const code = this.lookInto(epochMs, site, out);
    if (code !== 0) throw new PropagationError(errorKindFromCode(code), this.noradId, epochMs);
    return {
      azimuthDeg: out[1]! * RAD,
      elevationDeg: out[0]! * RAD,
      rangeKm: out[2]!,
      rangeRateKmS: out[3]!,
    };
  }

  /** Sub-satellite point (WGS84 geodetic latitude/longitude) and height above the ellipsoid. */
  subSatellitePoint(epochMs: number): Geodetic {
    const { positionKm: r } = this.teme(epochMs);
    const th = gmst(epochMs);
    const c = Math.cos(th);
    const s = Math.sin(th);
    return ecfToGeodetic(c * r.x + s * r.y, -s * r.x + c * r.y, r.z);
  }
}

/**
 * Topocentric look angles from a TEME state `[x, y, z, vx, vy, vz]` (km, km/s) at Greenwich
 * sidereal angle `theta` (rad). Writes the `LOOK_SIZE` layout into `out` (may alias `state`).
 */
export function lookFromTeme(
  state: Float64Array,
  theta: number,
  site: Site,
  out: Float64Array,
): void {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const x = state[0]!;
  const y = state[1]!;
  const z = state[2]!;
  const vx = state[3]!;
  const vy = state[4]!;
  const vz = state[5]!;
  // TEME -> Earth-fixed (polar motion ignored, as in SGP4 practice).
  const xe = c * x + s * y;
  const ye = -s * x + c * y;
  const ze = z;
  // Earth-fixed velocity: rotate, then remove the frame's rotation (v - w x r).
  const vxe = c * vx + s * vy + EARTH_ROTATION_RAD_S * ye;
  const vye = -s * vx + c * vy - EARTH_ROTATION_RAD_S * xe;
  const vze = vz;
  const rx = xe - site.x;
  const ry = ye - site.y;
  const rz = ze - site.z;
  const e = site.eastX * rx + site.eastY * ry;
  const n = site.northX * rx + site.northY * ry + site.northZ * rz;
  const u = site.upX * rx + site.upY * ry + site.upZ * rz;
  const range = Math.sqrt(rx * rx + ry * ry + rz * rz);
  const rangeRate = (rx * vxe + ry * vye + rz * vze) / range;
  const uDot = site.upX * vxe + site.upY * vye + site.upZ * vze;
  const sinEl = u / range;
  const el = Math.asin(sinEl);
  // d(sin el)/dt = (u' - sin(el) * range') / range; d(el)/dt = that / cos(el).
  const cosEl = Math.sqrt(Math.max(1e-300, 1 - sinEl * sinEl));
  const elRate = (uDot - sinEl * rangeRate) / range / cosEl;
  let az = Math.atan2(e, n);
  if (az < 0) az += 2 * Math.PI;
  out[0] = el;
  out[1] = az;
  out[2] = range;
  out[3] = rangeRate;
  out[4] = elRate;
  out[5] = xe;
  out[6] = ye;
  out[7] = ze;
}
