/**
 * What the catalog watch finds in element sets: manoeuvres (a new set beyond the drift expected
 * for its orbit class and age), decays (low perigee, SGP4 decay ahead, an estimated re-entry
 * window) and launches (international designator year-number). No I/O, no clock.
 */
import { WGS72 } from '../core/constants.js';
import type { ElementSet } from '../core/elements/index.js';
import {
  compareElementSets,
  type ElementSetChange,
  Orbit,
  sgp4DecayMs,
} from '../core/orbit/index.js';
import { type OrbitClassId, orbitClassOf } from '../format/drift.js';
import { EXPECTED_DRIFT } from './drift-expected.js';
import { REFIT_FLOOR } from './floor.js';

const DAY_MS = 86_400_000;
const EARTH_RADIUS_KM = WGS72.earthRadiusKm;
/** Perigee height taken as re-entry, km. */
export const REENTRY_PERIGEE_KM = 120;
/** Density scale height of the thermosphere below ~350 km used by the re-entry estimate, km. */
export const SCALE_HEIGHT_KM = 50;
/** Relative uncertainty of a re-entry estimate from the decay rate alone (the usual ±25%). */
export const REENTRY_RELATIVE_UNCERTAINTY = 0.25;

/** `1998-067A` → `1998-067`; null when the designator is unknown or not of that form. */
export function launchOf(intlDesignator: string | null): string | null {
  if (!intlDesignator) return null;
  const m = /^(\d{4})-(\d{3})/.exec(intlDesignator.trim());
  return m ? `${m[1]}-${m[2]}` : null;
}

/** The change two successive fits may show with nothing happening, at an age (days). */
export function expectedDrift(
  orbitClass: OrbitClassId,
  ageDays: number,
  factor = 1,
): { semiMajorAxisKm: number; inclinationDeg: number } {
  const floor = REFIT_FLOOR[orbitClass];
  const rate = EXPECTED_DRIFT.rates[orbitClass];
  const age = Math.abs(ageDays);
  return {
    semiMajorAxisKm: factor * (floor.semiMajorAxisKm + rate.semiMajorAxisKmPerDay * age),
    inclinationDeg: factor * (floor.inclinationDeg + rate.inclinationDegPerDay * age),
  };
}

export interface ManoeuvreCheck {
  orbitClass: OrbitClassId;
  change: ElementSetChange;
  expected: { semiMajorAxisKm: number; inclinationDeg: number };
  /** Beyond the expectation in semi-major axis or inclination: a manoeuvre, not a refit. */
  manoeuvre: boolean;
}

/**
 * Compare a new element set with the previous one of the same object. Null when they cannot be
 * compared (SGP4 fails, the orbit class changed, or the new set is not newer).
 */
export function checkManoeuvre(
  previous: ElementSet,
  next: ElementSet,
  factor = 1,
): ManoeuvreCheck | null {
  if (next.epochMs <= previous.epochMs) return null;
  const orbitClass = orbitClassOf(next);
  if (orbitClassOf(previous) !== orbitClass) return null;
  let change: ElementSetChange | null;
  try {
    change = compareElementSets(new Orbit(previous), new Orbit(next));
  } catch {
    return null;
  }
  if (change === null) return null;
  const expected = expectedDrift(orbitClass, change.ageDays, factor);
  const manoeuvre =
    Math.abs(change.deltaSemiMajorAxisKm) > expected.semiMajorAxisKm ||
    Math.abs(change.deltaInclinationDeg) > expected.inclinationDeg;
  return { orbitClass, change, expected, manoeuvre };
}

/** Perigee and apogee heights (km above 6378.135 km) and period (minutes) of a set. */
export function orbitShape(el: ElementSet): {
  perigeeKm: number;
  apogeeKm: number;
  periodMinutes: number;
  semiMajorAxisKm: number;
} {
  try {
    const o = new Orbit(el);
    return {
      perigeeKm: o.perigeeKm,
      apogeeKm: o.apogeeKm,
      periodMinutes: o.periodMinutes,
      semiMajorAxisKm: o.sgp4.no > 0 ? (o.perigeeKm + o.apogeeKm) / 2 + EARTH_RADIUS_KM : 0,
    };
  } catch {
    const n = (el.meanMotionRevPerDay * 2 * Math.PI) / 86_400;
    const a = Math.cbrt(WGS72.muKm3S2 / (n * n));
    return {
      perigeeKm: a * (1 - el.eccentricity) - EARTH_RADIUS_KM,
      apogeeKm: a * (1 + el.eccentricity) - EARTH_RADIUS_KM,
      periodMinutes: 1440 / el.meanMotionRevPerDay,
      semiMajorAxisKm: a,
    };
  }
}

/** An estimated re-entry window and how it was made. */
export interface ReentryEstimate {
  /** Most likely re-entry, and the window around it, epoch ms. */
  timeMs: number;
  earliestMs: number;
  latestMs: number;
  /** Half the window, days: how uncertain the estimate is. */
  uncertaintyDays: number;
  /** Mean semi-major axis decay rate used, km/day (negative). */
  decayRateKmPerDay: number;
  /** Where the rate came from: successive stored sets, or the set's own mean motion derivative. */
  basis: 'history' | 'mean-motion-derivative';
  /** The window was cut at the time SGP4 decays the orbit (it ended later). */
  cappedBySgp4: boolean;
}

/**
 * Estimate when an object re-enters (perigee down to 120 km) from its element history, newest
 * last: the decay rate of the mean semi-major axis between successive sets (or, with one set,
 * from its mean motion derivative), carried down through an exponential atmosphere of 50 km
 * scale height (the rate grows e-fold per 50 km of descent). The window spans the fastest and
 * slowest of the last three rates, widened by ±25%. Null when the orbit is not decaying.
 */
export function estimateReentry(history: readonly ElementSet[]): ReentryEstimate | null {
  const latest = history.at(-1);
  if (!latest) return null;
  const shape = orbitShape(latest);
  const rates: number[] = [];
  let basis: ReentryEstimate['basis'] = 'history';
  const recent = history.slice(-4);
  for (let i = 1; i < recent.length; i++) {
    const a0 = orbitShape(recent[i - 1]!).semiMajorAxisKm;
    const a1 = orbitShape(recent[i]!).semiMajorAxisKm;
    const days = (recent[i]!.epochMs - recent[i - 1]!.epochMs) / DAY_MS;
    if (days > 0.01) rates.push((a1 - a0) / days);
  }
  if (rates.length === 0 || rates.every((r) => r >= 0)) {
    // ndot/2 in rev/day^2: da/dt = -(2/3) a (dn/dt) / n.
    const ndot = 2 * latest.meanMotionDot;
    if (!(ndot > 0)) return null;
    rates.length = 0;
    rates.push((-(2 / 3) * shape.semiMajorAxisKm * ndot) / latest.meanMotionRevPerDay);
    basis = 'mean-motion-derivative';
  }
  const decaying = rates.filter((r) => r < 0);
  if (decaying.length === 0) return null;
  const height = shape.perigeeKm - REENTRY_PERIGEE_KM;
  const days = (rate: number) =>
    height <= 0 ? 0 : (SCALE_HEIGHT_KM * (1 - Math.exp(-height / SCALE_HEIGHT_KM))) / -rate;
  const latestRate = decaying.at(-1)!;
  const fastest = Math.min(...decaying);
  const slowest = Math.max(...decaying);
  const u = REENTRY_RELATIVE_UNCERTAINTY;
  const mid = latest.epochMs + days(latestRate) * DAY_MS;
  const earliest = latest.epochMs + days(fastest) * (1 - u) * DAY_MS;
  const latestEnd = latest.epochMs + days(slowest) * (1 + u) * DAY_MS;
  return {
    timeMs: mid,
    earliestMs: Math.min(earliest, mid),
    latestMs: Math.max(latestEnd, mid),
    uncertaintyDays: (Math.max(latestEnd, mid) - Math.min(earliest, mid)) / 2 / DAY_MS,
    decayRateKmPerDay: latestRate,
    basis,
    cappedBySgp4: false,
  };
}

/**
 * A re-entry window no later than the time SGP4 decays the orbit: a rate estimated from a mean
 * motion derivative or from sets before a brake can put re-entry years away while the current set
 * comes down within days. The window's end and, when later, the most likely time move to the SGP4
 * decay time; the start is no later than the SGP4 time less the usual ±25% of the time from the
 * set's epoch (`fromMs`) to it.
 */
export function capReentry(
  re: ReentryEstimate,
  sgp4DecayMs: number,
  fromMs: number,
): ReentryEstimate {
  if (re.latestMs <= sgp4DecayMs) return re;
  const latestMs = sgp4DecayMs;
  const timeMs = Math.min(re.timeMs, latestMs);
  const early = fromMs + Math.max(0, sgp4DecayMs - fromMs) * (1 - REENTRY_RELATIVE_UNCERTAINTY);
  const earliestMs = Math.min(re.earliestMs, early, timeMs);
  return {
    ...re,
    timeMs,
    earliestMs,
    latestMs,
    uncertaintyDays: (latestMs - earliestMs) / 2 / DAY_MS,
    cappedBySgp4: true,
  };
}

/** Why an object is reported as decaying. */
export type DecayReason = 'perigee-low' | 'sgp4-decay' | 'left-catalog';

export interface DecayCheck {
  reason: DecayReason;
  perigeeKm: number;
  /** When SGP4 stops (decay), epoch ms, for `sgp4-decay`. */
  sgp4DecayMs: number | null;
  reentry: ReentryEstimate | null;
}

/**
 * Decay findings for an object's current set (`history` newest last, ending with it) at `nowMs`:
 * perigee below `perigeeKm`, and SGP4 decay within `horizonDays`.
 */
export function checkDecay(
  history: readonly ElementSet[],
  nowMs: number,
  settings: { perigeeKm: number; horizonDays: number },
): DecayCheck[] {
  const latest = history.at(-1);
  if (!latest) return [];
  const shape = orbitShape(latest);
  // SGP4 cannot decay an orbit within weeks whose perigee is far above the drag region.
  if (shape.perigeeKm > Math.max(settings.perigeeKm, 600)) return [];
  const out: DecayCheck[] = [];
  let decayMs: number | null = null;
  if (settings.horizonDays > 0) {
    try {
      decayMs = sgp4DecayMs(
        new Orbit(latest),
        Math.max(nowMs, latest.epochMs),
        nowMs + settings.horizonDays * DAY_MS,
      );
    } catch {
      decayMs = latest.epochMs;
    }
  }
  const estimate =
    shape.perigeeKm < settings.perigeeKm || decayMs !== null ? estimateReentry(history) : null;
  const reentry =
    estimate && decayMs !== null ? capReentry(estimate, decayMs, latest.epochMs) : estimate;
  if (shape.perigeeKm < settings.perigeeKm) {
    out.push({ reason: 'perigee-low', perigeeKm: shape.perigeeKm, sgp4DecayMs: decayMs, reentry });
  }
  if (decayMs !== null) {
    out.push({ reason: 'sgp4-decay', perigeeKm: shape.perigeeKm, sgp4DecayMs: decayMs, reentry });
  }
  return out;
}
