/**
 * Fast pass search for near-Earth SGP4 orbits, the engine of the bulk search (`../bulk.ts`). This
 * module holds the mean model (`planNearEarth`); `windows.ts` is layer 1, `solver.ts` layer 2.
 *
 * Two layers, neither a fixed grid:
 *
 * 1. **Where passes can be** — without propagating. SGP4's own secular terms (mean argument of
 *    latitude and node, drag included) give a mean direction of the satellite; its periodic terms
 *    are bounded in closed form from the record's coefficients (equation of the centre, J3
 *    long-period and J2 short-period terms), so the true direction lies within `deltaRad` of the
 *    mean one. A satellite at most `rMaxKm` from the Earth's centre is above the threshold only
 *    inside a cone of half-angle `psiMax` around the observer; so a pass needs the observer within
 *    X = psiMax + delta of the mean orbit plane (a closed-form band of the observer's angle
 *    around the node) and within X of the satellite along the plane. The latter angle grows
 *    monotonically inside the band, so each orbit gives one *approach window*, solved by Newton's
 *    method on the mean model. Outside the windows no pass is possible.
 *
 * 2. **The pass, if any** — per approach window, about three SGP4 evaluations: one near the mean
 *    culmination (a Newton step on the elevation, checked on elevation values when the pass is too
 *    flat for SGP4's velocity to be trusted), then one at each predicted crossing followed by a
 *    Newton correction. Crossings are predicted on a local two-body model built from the SGP4
 *    state. Anything unexpected (an extremum that is not a maximum, a crossing outside its bracket,
 *    a window that reaches the search window's edge) is handed to the general finder over that
 *    approach window only.
 *
 * Eligibility (`planNearEarth`): SGP4 (not SDP4), eccentricity at most `MAX_ECCENTRICITY`, and an
 * orbit that SGP4 provably propagates throughout the window (no decay, no eccentricity error).
 * Anything else goes to the general finder.
 */
import { WGS72 } from '../../constants.js';
import type { Orbit } from '../../orbit/propagate.js';

const { xkePerMin: XKE, j2: J2, earthRadiusKm: EARTH_RADIUS_KM } = WGS72;

/** Orbits more eccentric than this go to the general finder. */
export const MAX_ECCENTRICITY = 0.05;
/** Lowest radius (Earth radii) SGP4 may reach in the window for the fast path (~128 km up). */
const MIN_RADIUS_ER = 1.02;

/** Why an object is not on the fast path. */
export type NearEarthFallback =
  | 'deep-space'
  | 'eccentric'
  | 'near-decay'
  | 'wide-cone'
  | 'irregular-geometry';

/** What the mean model needs, per object and window. Times: seconds from `startMs`. */
export interface NearEarthPlan {
  readonly orbit: Orbit;
  readonly startMs: number;
  readonly endMs: number;
  /** Minutes since the element epoch at `startMs`. */
  readonly tau0: number;
  /** Mean argument of latitude: l0 + l1 t + no (c2 t^2 + c3 t^3 + c4 t^4 + c5 t^5), t in minutes. */
  readonly l0: number;
  readonly l1: number;
  readonly no: number;
  readonly c2: number;
  readonly c3: number;
  readonly c4: number;
  readonly c5: number;
  /** Mean node: node0 + nodeDot t + nodeCf t^2, t in minutes. */
  readonly node0: number;
  readonly nodeDot: number;
  readonly nodeCf: number;
  readonly cosI: number;
  readonly sinI: number;
  /** Largest distance from the Earth's centre in the window, km. */
  readonly rMaxKm: number;
  /** Bound on the angle between the true and the mean direction of the satellite, rad. */
  readonly deltaRad: number;
  /** Bounds of the mean argument of latitude's rate over the window, rad/s. */
  readonly lDotMin: number;
  readonly lDotMax: number;
  /** Bound of the node's rate over the window, rad/s. */
  readonly nodeRateMax: number;
}

/**
 * Bound of |true - mean anomaly| for eccentricity `e`: |E - M| <= e, plus the largest nu - E,
 * 2 atan((k - 1) / (2 sqrt k)) with k = sqrt((1 + e) / (1 - e)); and a hair for rounding.
 */
export function equationOfCentreBound(e: number): number {
  const k = Math.sqrt((1 + e) / (1 - e));
  return (e + 2 * Math.atan((k - 1) / (2 * Math.sqrt(k)))) * (1 + 1e-9) + 1e-12;
}

/**
 * The mean model and its error bounds for `orbit` over [startMs, endMs], or why the orbit must go
 * to the general finder.
 */
export function planNearEarth(
  orbit: Orbit,
  startMs: number,
  endMs: number,
): NearEarthPlan | NearEarthFallback {
  const rec = orbit.sgp4;
  if (rec.method !== 'n') return 'deep-space';
  const tau0 = orbit.minutesSinceEpoch(startMs);
  const tau1 = orbit.minutesSinceEpoch(endMs);
  const simple = rec.isimp === 1;
  const d2 = simple ? 0 : rec.d2;
  const d3 = simple ? 0 : rec.d3;
  const d4 = simple ? 0 : rec.d4;
  const c3 = simple ? 0 : rec.t3cof;
  const c4 = simple ? 0 : rec.t4cof;
  const c5 = simple ? 0 : rec.t5cof;
  const T = Math.max(Math.abs(tau0), Math.abs(tau1));
  // Sample the drag polynomials; Lipschitz bounds cover the gaps between samples.
  const n = 17;
  const h = (tau1 - tau0) / (n - 1);
  const tempaLip =
    Math.abs(rec.cc1) + T * (2 * Math.abs(d2) + T * (3 * Math.abs(d3) + T * 4 * Math.abs(d4)));
  const no = rec.no;
  const lDotLip =
    no *
    (2 * Math.abs(rec.t2cof) +
      T * (6 * Math.abs(c3) + T * (12 * Math.abs(c4) + T * 20 * Math.abs(c5))));
  let tempaMin = Number.POSITIVE_INFINITY;
  let tempaMax = Number.NEGATIVE_INFINITY;
  let lDotMin = Number.POSITIVE_INFINITY;
  let lDotMax = Number.NEGATIVE_INFINITY;
  const l1 = rec.mdot + rec.argpdot;
  for (let i = 0; i < n; i++) {
    const t = tau0 + i * h;
    const tempa = 1 - t * (rec.cc1 + t * (d2 + t * (d3 + t * d4)));
    tempaMin = Math.min(tempaMin, tempa);
    tempaMax = Math.max(tempaMax, tempa);
    const lDot = l1 + no * t * (2 * rec.t2cof + t * (3 * c3 + t * (4 * c4 + t * 5 * c5)));
    lDotMin = Math.min(lDotMin, lDot);
    lDotMax = Math.max(lDotMax, lDot);
  }
  tempaMin -= (tempaLip * h) / 2;
  tempaMax += (tempaLip * h) / 2;
  lDotMin -= (lDotLip * h) / 2;
  lDotMax += (lDotLip * h) / 2;
  if (!(tempaMin > 0)) return 'near-decay';
  const a0 = (XKE / no) ** (2 / 3);
  const amMin = a0 * tempaMin * tempaMin;
  const amMax = a0 * tempaMax * tempaMax;
  // Mean eccentricity: ecco - bstar cc4 t - bstar cc5 (sin M - sin M0).
  const emPeriodic = simple ? 0 : 2 * Math.abs(rec.bstar * rec.cc5);
  const em0 = rec.ecco - rec.bstar * rec.cc4 * tau0;
  const em1 = rec.ecco - rec.bstar * rec.cc4 * tau1;
  const emLo = Math.min(em0, em1) - emPeriodic;
  const emHi = Math.max(em0, em1) + emPeriodic;
  // SGP4 fails below -0.001; stay clear of it.
  if (emLo < -0.0009) return 'near-decay';
  const e = Math.max(Math.abs(emLo), Math.abs(emHi), 1e-6);
  if (e > MAX_ECCENTRICITY) return 'eccentric';
  const tempMax = 1 / (amMin * (1 - e * e));
  // J3 long-period terms act like extra eccentricity (aycof) and shift the mean longitude (xlcof).
  const eEff = e + Math.abs(rec.aycof) * tempMax;
  if (eEff >= 0.5) return 'eccentric';
  const plMin = amMin * (1 - eEff * eEff);
  const temp1Max = (0.5 * J2) / plMin;
  const temp2Max = temp1Max / plMin;
  const radiusFactor = 1.5 * temp2Max * Math.abs(rec.con41);
  const rMinEr = amMin * (1 - eEff) * (1 - radiusFactor) - 0.5 * temp1Max * rec.x1mth2;
  if (rMinEr < MIN_RADIUS_ER) return 'near-decay';
  const rMaxEr = amMax * (1 + eEff) * (1 + radiusFactor) + 0.5 * temp1Max * rec.x1mth2;
  const cosI = Math.cos(rec.inclo);
  const sinI = Math.sin(rec.inclo);
  const deltaU =
    tempMax * Math.abs(rec.xlcof) * e +
    equationOfCentreBound(eEff) +
    0.25 * temp2Max * Math.abs(rec.x7thm1);
  const deltaNode = 1.5 * temp2Max * Math.abs(cosI);
  const deltaIncl = 1.5 * temp2Max * Math.abs(cosI * sinI);
  return {
    orbit,
    startMs,
    endMs,
    tau0,
    l0: rec.mo + rec.argpo,
    l1,
    no,
    c2: rec.t2cof,
    c3,
    c4,
    c5,
    node0: rec.nodeo,
    nodeDot: rec.nodedot,
    nodeCf: rec.nodecf,
    cosI,
    sinI,
    rMaxKm: rMaxEr * EARTH_RADIUS_KM,
    deltaRad: deltaU + deltaNode + deltaIncl,
    lDotMin: lDotMin / 60,
    lDotMax: lDotMax / 60,
    nodeRateMax:
      Math.max(
        Math.abs(rec.nodedot + 2 * rec.nodecf * tau0),
        Math.abs(rec.nodedot + 2 * rec.nodecf * tau1),
      ) / 60,
  };
}
