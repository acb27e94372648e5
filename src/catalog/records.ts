/**
 * The catalog's unit of data, and its mapping to and from store rows.
 */
import type { ElementFormat, ElementSet } from '../core/elements/index.js';

/** One object as the catalog holds it: its current element set and its metadata. */
export interface CatalogRecord {
  noradId: number;
  /** Name from the current element set. */
  name: string;
  /** COSPAR designator, e.g. `1998-067A`, or null. */
  intlDesignator: string | null;
  /** Groups of every source that lists the object, sorted. */
  groups: readonly string[];
  /** Standard magnitude (bundled table, see assets/magnitudes), or null when unknown. */
  stdMagnitude: number | null;
  /** The source whose element set is current, e.g. `celestrak:stations`. */
  source: string;
  /** The current element set (the newest epoch among the sources that list the object). */
  elements: ElementSet;
  /** When this element set became current in the store, epoch ms. */
  updatedMs: number;
}

/** A stored element set's columns (see schema.ts). */
export interface ElementRow {
  norad_id: number;
  name: string;
  intl_designator: string | null;
  classification: string;
  epoch_ms: number;
  epoch_iso: string;
  mean_motion: number;
  eccentricity: number;
  inclination: number;
  raan: number;
  arg_perigee: number;
  mean_anomaly: number;
  bstar: number;
  mean_motion_dot: number;
  mean_motion_ddot: number;
  element_set_no: number | null;
  rev_at_epoch: number | null;
  provenance: string;
  format: string;
  tle_line1: string | null;
  tle_line2: string | null;
}

/** An object joined with its current element set. */
export interface ObjectRow extends ElementRow {
  source: string;
  groups: string;
  std_mag: number | null;
  updated_ms: number;
}

/** Named parameters for the element columns. */
export function elementParams(el: ElementSet): Omit<ElementRow, never> {
  return {
    norad_id: el.noradId,
    name: el.name,
    intl_designator: el.intlDesignator,
    classification: el.classification,
    epoch_ms: el.epochMs,
    epoch_iso: el.epochIso,
    mean_motion: el.meanMotionRevPerDay,
    eccentricity: el.eccentricity,
    inclination: el.inclinationDeg,
    raan: el.raanDeg,
    arg_perigee: el.argPerigeeDeg,
    mean_anomaly: el.meanAnomalyDeg,
    bstar: el.bstar,
    mean_motion_dot: el.meanMotionDot,
    mean_motion_ddot: el.meanMotionDdot,
    element_set_no: el.elementSetNo,
    rev_at_epoch: el.revAtEpoch,
    provenance: el.source,
    format: el.format,
    tle_line1: el.tle?.line1 ?? null,
    tle_line2: el.tle?.line2 ?? null,
  };
}

export function elementFromRow(r: ElementRow): ElementSet {
  return {
    noradId: r.norad_id,
    name: r.name,
    intlDesignator: r.intl_designator,
    classification: r.classification,
    epochMs: r.epoch_ms,
    epochIso: r.epoch_iso,
    meanMotionRevPerDay: r.mean_motion,
    eccentricity: r.eccentricity,
    inclinationDeg: r.inclination,
    raanDeg: r.raan,
    argPerigeeDeg: r.arg_perigee,
    meanAnomalyDeg: r.mean_anomaly,
    bstar: r.bstar,
    meanMotionDot: r.mean_motion_dot,
    meanMotionDdot: r.mean_motion_ddot,
    elementSetNo: r.element_set_no,
    revAtEpoch: r.rev_at_epoch,
    ephemerisType: 0,
    source: r.provenance,
    format: r.format as ElementFormat,
    tle:
      r.tle_line1 !== null && r.tle_line2 !== null
        ? { line1: r.tle_line1, line2: r.tle_line2 }
        : null,
  };
}

/**
 * A record from a joined row. `groupsCache` shares the parsed group lists between records
 * (most objects have one of a few lists).
 */
export function recordFromRow(
  r: ObjectRow,
  groupsCache: Map<string, readonly string[]> = new Map(),
): CatalogRecord {
  let groups = groupsCache.get(r.groups);
  if (groups === undefined) {
    groups = Object.freeze(JSON.parse(r.groups) as string[]);
    groupsCache.set(r.groups, groups);
  }
  return {
    noradId: r.norad_id,
    name: r.name,
    intlDesignator: r.intl_designator,
    groups,
    stdMagnitude: r.std_mag,
    source: r.source,
    elements: elementFromRow(r),
    updatedMs: r.updated_ms,
  };
}

/**
 * Columns compared to tell whether a stored set differs from another, in this order; the first
 * 16 are the elements (what a prediction depends on), then name and provenance.
 */
export const COMPARE_COLUMNS = [
  'epoch_iso',
  'mean_motion',
  'eccentricity',
  'inclination',
  'raan',
  'arg_perigee',
  'mean_anomaly',
  'bstar',
  'mean_motion_dot',
  'mean_motion_ddot',
  'element_set_no',
  'rev_at_epoch',
  'classification',
  'intl_designator',
  'format',
  'tle_line1',
  'tle_line2',
  'name',
  'provenance',
] as const;
const ELEMENT_COUNT = COMPARE_COLUMNS.length - 2;

/** Every column of an element row but `norad_id`: the compared ones and `epoch_ms`. */
export const ELEMENT_COLUMNS = [
  ...COMPARE_COLUMNS,
  'epoch_ms',
] as const satisfies readonly (keyof ElementRow)[];

/** An element set's values in `COMPARE_COLUMNS` order. */
export type CompareValues = readonly unknown[];

export function compareValues(el: ElementSet): CompareValues {
  return [
    el.epochIso,
    el.meanMotionRevPerDay,
    el.eccentricity,
    el.inclinationDeg,
    el.raanDeg,
    el.argPerigeeDeg,
    el.meanAnomalyDeg,
    el.bstar,
    el.meanMotionDot,
    el.meanMotionDdot,
    el.elementSetNo,
    el.revAtEpoch,
    el.classification,
    el.intlDesignator,
    el.format,
    el.tle?.line1 ?? null,
    el.tle?.line2 ?? null,
    el.name,
    el.source,
  ];
}

/** How two value lists differ: not at all, only in name/provenance, or in the elements. */
export function difference(a: CompareValues, b: CompareValues): 'same' | 'metadata' | 'elements' {
  for (let i = 0; i < ELEMENT_COUNT; i++) if (a[i] !== b[i]) return 'elements';
  for (let i = ELEMENT_COUNT; i < a.length; i++) if (a[i] !== b[i]) return 'metadata';
  return 'same';
}

/** True when two element sets give the same predictions (name and provenance aside). */
export function sameElements(a: ElementSet, b: ElementSet): boolean {
  return difference(compareValues(a), compareValues(b)) !== 'elements';
}

/** Rank for choosing among sources at equal epochs: OMM keeps full precision, TLE does not. */
export function formatRank(format: string): number {
  return format === 'tle' ? 0 : 1;
}
