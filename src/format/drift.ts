/**
 * How far SGP4 predictions drift as element sets age, per orbit class, as measured by
 * `scripts/drift/measure.ts` on CelesTrak data (table in `drift-measured.ts`, README "How old
 * elements go wrong"), and the words every answer uses to warn about stale elements.
 */
import { WGS72 } from '../core/constants.js';
import type { ElementSet } from '../core/elements/index.js';
import { DRIFT_MEASURED, type DriftRow } from './drift-measured.js';

export type OrbitClassId = 'leo-low' | 'leo-high' | 'meo' | 'geo' | 'heo';

export interface OrbitClass {
  id: OrbitClassId;
  /** Short words for users. */
  label: string;
}

export const ORBIT_CLASSES: readonly OrbitClass[] = [
  { id: 'leo-low', label: 'low Earth orbit below 500 km (high drag)' },
  { id: 'leo-high', label: 'low Earth orbit 500–2000 km (low drag)' },
  { id: 'meo', label: 'medium Earth orbit' },
  { id: 'geo', label: 'geosynchronous orbit' },
  { id: 'heo', label: 'highly elliptical orbit' },
];

const MU_KM3_S2 = WGS72.muKm3S2;
const EARTH_RADIUS_KM = WGS72.earthRadiusKm;

/** Orbit class of an element set: eccentricity, period and perigee height decide. */
export function orbitClassOf(
  el: Pick<ElementSet, 'meanMotionRevPerDay' | 'eccentricity'>,
): OrbitClassId {
  const periodMin = 1440 / el.meanMotionRevPerDay;
  if (el.eccentricity >= 0.25) return 'heo';
  if (periodMin >= 1300) return 'geo';
  const n = (el.meanMotionRevPerDay * 2 * Math.PI) / 86_400;
  const aKm = Math.cbrt(MU_KM3_S2 / (n * n));
  const apogeeKm = aKm * (1 + el.eccentricity) - EARTH_RADIUS_KM;
  const perigeeKm = aKm * (1 - el.eccentricity) - EARTH_RADIUS_KM;
  if (apogeeKm > 2000) return 'meo';
  return perigeeKm < 500 ? 'leo-low' : 'leo-high';
}

/** The measured row of a class closest to an age (days). */
export function driftRow(orbitClass: OrbitClassId, ageDays: number): DriftRow | null {
  let best: DriftRow | null = null;
  for (const row of DRIFT_MEASURED.rows) {
    if (row.orbitClass !== orbitClass || row.objects === 0) continue;
    if (best === null || Math.abs(row.ageDays - ageDays) < Math.abs(best.ageDays - ageDays)) {
      best = row;
    }
  }
  return best;
}

/** What an answer says about the age of the elements behind one prediction. */
export interface ElementsAge {
  /** Element epoch, ISO 8601 UTC. */
  epoch: string;
  /** Days from the epoch to the predicted instant (TCA, or the start of a track). */
  ageDays: number;
  /** Older than `catalog.staleDays` at the predicted instant. */
  stale: boolean;
  orbitClass: OrbitClassId;
}

const round = (x: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function km(x: number): string {
  return x >= 100 ? `${Math.round(x / 10) * 10} km` : `${round(x, x < 10 ? 1 : 0)} km`;
}

function duration(seconds: number): string {
  return seconds >= 90
    ? `${round(seconds / 60, seconds >= 600 ? 0 : 1)} min`
    : `${round(seconds)} s`;
}

/**
 * The physics, in words a user understands, for elements of a class at an age: how fast they
 * drift (measured) and what that does to a pass.
 */
export function driftWords(orbitClass: OrbitClassId, ageDays: number): string {
  const row = driftRow(orbitClass, ageDays);
  const label = ORBIT_CLASSES.find((c) => c.id === orbitClass)!.label;
  if (row === null) {
    return `SGP4 elements drift as they age; refresh the catalog for reliable times.`;
  }
  const perDay = row.positionKm.median / row.ageDays;
  let text = `SGP4 elements drift with age: in ${label} they drifted about ${km(perDay)} a day in our measurement (${round(row.ageDays)}-day-old sets were ${km(row.positionKm.median)} off, median; 1 in 10 more than ${km(row.positionKm.p90)})`;
  if (row.passTimeSeconds !== null) {
    text += `, which put pass times ${duration(row.passTimeSeconds.median)} off (median; 1 in 10 more than ${duration(row.passTimeSeconds.p90)})`;
    if (row.missedPassShare > 0) {
      text += ` and predicted ${round(row.missedPassShare * 100)}% of passes that did not happen or missed real ones`;
    }
  }
  text += '.';
  return text;
}

/** One-line warning about stale elements behind a prediction, with the measured physics. */
export function staleWarning(
  object: { name: string; noradId: number },
  age: ElementsAge,
  staleAfterDays: number,
): string {
  const who = object.name ? `${object.name} (${object.noradId})` : String(object.noradId);
  return `${who}: its elements (epoch ${age.epoch.slice(0, 10)}) are ${round(age.ageDays)} days old at this prediction, more than the ${staleAfterDays}-day limit (stale). ${driftWords(age.orbitClass, age.ageDays)} Refresh the catalog (passwatch refresh) or import newer elements (passwatch import FILE).`;
}

/** Age of an element set at an instant. */
export function elementsAge(
  el: Pick<ElementSet, 'epochIso' | 'epochMs' | 'meanMotionRevPerDay' | 'eccentricity'>,
  atMs: number,
  staleAfterDays: number,
): ElementsAge {
  const ageDays = (atMs - el.epochMs) / 86_400_000;
  return {
    epoch: el.epochIso,
    ageDays: round(ageDays, 3),
    stale: Math.abs(ageDays) > staleAfterDays,
    orbitClass: orbitClassOf(el),
  };
}

/** An object's element set and an instant a prediction from it is for. */
export interface PredictionAt {
  elements: Pick<
    ElementSet,
    'name' | 'noradId' | 'epochIso' | 'epochMs' | 'meanMotionRevPerDay' | 'eccentricity'
  >;
  atMs: number;
}

/**
 * One warning per object whose elements are stale at some of these predictions (worded at its
 * latest instant, where they are oldest), in the order the objects first appear.
 */
export function staleWarningsAt(items: Iterable<PredictionAt>, staleAfterDays: number): string[] {
  const latest = new Map<number, PredictionAt>();
  for (const item of items) {
    const before = latest.get(item.elements.noradId);
    if (before === undefined || item.atMs > before.atMs) latest.set(item.elements.noradId, item);
  }
  const out: string[] = [];
  for (const { elements, atMs } of latest.values()) {
    const age = elementsAge(elements, atMs, staleAfterDays);
    if (age.stale) out.push(staleWarning(elements, age, staleAfterDays));
  }
  return out;
}

/**
 * Warnings for many objects at once (e.g. everything above the horizon): one sentence per orbit
 * class with stale elements, with the measured drift at the median age of those objects.
 */
export function staleSummary(ages: readonly ElementsAge[], staleAfterDays: number): string[] {
  const byClass = new Map<OrbitClassId, number[]>();
  for (const a of ages) {
    if (!a.stale) continue;
    const list = byClass.get(a.orbitClass) ?? [];
    list.push(a.ageDays);
    byClass.set(a.orbitClass, list);
  }
  const out: string[] = [];
  for (const cls of ORBIT_CLASSES) {
    const list = byClass.get(cls.id);
    if (!list) continue;
    list.sort((x, y) => x - y);
    const median = list[Math.floor(list.length / 2)]!;
    out.push(
      `${list.length} object${list.length === 1 ? '' : 's'} in ${cls.label} ha${list.length === 1 ? 's' : 've'} elements more than ${staleAfterDays} days old (stale; median ${round(median)} days). ${driftWords(cls.id, median)}`,
    );
  }
  return out;
}
