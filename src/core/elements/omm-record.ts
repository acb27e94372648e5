import type { ElementSet } from './types.js';

/** An element set as a CelesTrak OMM JSON record (the fields CelesTrak serves). */
export interface OmmRecord {
  OBJECT_NAME: string;
  OBJECT_ID: string;
  /** ISO 8601 without a zone (UTC), with microseconds, as CelesTrak writes it. */
  EPOCH: string;
  MEAN_MOTION: number;
  ECCENTRICITY: number;
  INCLINATION: number;
  RA_OF_ASC_NODE: number;
  ARG_OF_PERICENTER: number;
  MEAN_ANOMALY: number;
  EPHEMERIS_TYPE: 0;
  CLASSIFICATION_TYPE: string;
  NORAD_CAT_ID: number;
  ELEMENT_SET_NO: number;
  REV_AT_EPOCH: number;
  BSTAR: number;
  MEAN_MOTION_DOT: number;
  MEAN_MOTION_DDOT: number;
}

/** The OMM record of an element set (missing set and revolution numbers as 999 and 0). */
export function ommRecord(el: ElementSet): OmmRecord {
  return {
    OBJECT_NAME: el.name,
    OBJECT_ID: el.intlDesignator ?? '',
    EPOCH: el.epochIso.replace(/Z$/, ''),
    MEAN_MOTION: el.meanMotionRevPerDay,
    ECCENTRICITY: el.eccentricity,
    INCLINATION: el.inclinationDeg,
    RA_OF_ASC_NODE: el.raanDeg,
    ARG_OF_PERICENTER: el.argPerigeeDeg,
    MEAN_ANOMALY: el.meanAnomalyDeg,
    EPHEMERIS_TYPE: 0,
    CLASSIFICATION_TYPE: el.classification,
    NORAD_CAT_ID: el.noradId,
    ELEMENT_SET_NO: el.elementSetNo ?? 999,
    REV_AT_EPOCH: el.revAtEpoch ?? 0,
    BSTAR: el.bstar,
    MEAN_MOTION_DOT: el.meanMotionDot,
    MEAN_MOTION_DDOT: el.meanMotionDdot,
  };
}
