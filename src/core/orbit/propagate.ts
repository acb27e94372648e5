import { json2satrec, type SatRec, sgp4, twoline2satrec } from 'satellite.js';
import { WGS72 } from '../constants.js';
import { ommRecord } from '../elements/omm-record.js';
import type { ElementSet } from '../elements/types.js';
import { gmst } from '../time.js';
import { MS_PER_MINUTE, RAD, type Vec3 } from '../units.js';
import { errorKindFromCode, PropagationError } from './errors.js';
import { ecfToGeodetic, type Geodetic, type Site } from './observer.js';
import {
  lastDragFactor,
  type Sgp4Coefficients,
  settleNewRecord,
  sgp4Coefficients,
} from './sgp4-record.js';
import { Look, lookFromTeme, temeToEcf } from './topocentric.js';

/** Position (km) and velocity (km/s) in SGP4's TEME frame. */
export interface StateVector {
  positionKm: Vec3;
  velocityKmS: Vec3;
}

/** SGP4's averaged orbit at an instant (see `Orbit.meanElementsAt`). */
export interface MeanElements {
  semiMajorAxisKm: number;
  eccentricity: number;
  inclinationDeg: number;
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
    settleNewRecord(this.satrec, elements.tle ? 'tle' : 'omm');
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
   * SGP4's mean elements at an instant (the averaged orbit with secular gravity and drag applied,
   * short-period terms removed), or null when SGP4 fails there (decay).
   */
  meanElementsAt(epochMs: number): MeanElements | null {
    const satrec = this.satrec;
    const pv = sgp4(satrec, (epochMs - this.epochMs) / MS_PER_MINUTE);
    if (pv === null || lastDragFactor(satrec) <= 0) return null;
    const m = pv.meanElements;
    return {
      semiMajorAxisKm: m.am * WGS72.earthRadiusKm,
      eccentricity: m.em,
      inclinationDeg: m.im * RAD,
    };
  }

  /** Azimuth, elevation, range and range rate from an observer site. */
  look(epochMs: number, site: Site): Topocentric {
    const state = new Float64Array(6);
    const code = this.temeInto(epochMs, state);
    if (code !== 0) throw new PropagationError(errorKindFromCode(code), this.noradId, epochMs);
    const l = lookFromTeme(state, gmst(epochMs), site, new Look());
    return {
      azimuthDeg: l.azimuthRad * RAD,
      elevationDeg: l.elevationRad * RAD,
      rangeKm: l.rangeKm,
      rangeRateKmS: l.rangeRateKmS,
    };
  }

  /** Sub-satellite point (WGS84 geodetic latitude/longitude) and height above the ellipsoid. */
  subSatellitePoint(epochMs: number): Geodetic {
    const r = temeToEcf(this.teme(epochMs).positionKm, gmst(epochMs));
    return ecfToGeodetic(r.x, r.y, r.z);
  }
}
