/**
 * An element set: one object's SGP4 mean elements at an epoch, with where it came from.
 * Parsed from TLE/3LE or CelesTrak OMM (JSON/CSV); see `parseTle`, `parseOmmJson`, `parseOmmCsv`.
 */
export interface ElementSet {
  /** NORAD catalogue number (Alpha-5 decoded: A0000 = 100000); up to 9 digits from OMM. */
  noradId: number;
  /** Object name ('' when the source has none, e.g. a 2-line TLE). */
  name: string;
  /** International designator, COSPAR style `1998-067A` (null when unknown). */
  intlDesignator: string | null;
  classification: string;
  /** Epoch, UTC epoch milliseconds. */
  epochMs: number;
  /** Epoch as given by the source, ISO 8601 UTC with up to microseconds and a `Z`. */
  epochIso: string;
  meanMotionRevPerDay: number;
  eccentricity: number;
  inclinationDeg: number;
  raanDeg: number;
  argPerigeeDeg: number;
  meanAnomalyDeg: number;
  /** B* drag term, 1/earth radii. */
  bstar: number;
  /** First derivative of mean motion / 2, rev/day^2 (as in TLE line 1). */
  meanMotionDot: number;
  /** Second derivative of mean motion / 6, rev/day^3. */
  meanMotionDdot: number;
  elementSetNo: number | null;
  revAtEpoch: number | null;
  /** Ephemeris type: always 0 (SGP4) for accepted sets. */
  ephemerisType: 0;
  /** Where this set came from (file path, URL, group), for provenance. */
  source: string;
  format: ElementFormat;
  /** The original TLE lines when parsed from TLE; propagation then uses them verbatim. */
  tle: { line1: string; line2: string } | null;
}

export type ElementFormat = 'tle' | 'omm-json' | 'omm-csv';

/** A record that could not be loaded, with its 1-based line (TLE/CSV) or array index (JSON). */
export interface ElementParseIssue {
  /** 1-based line number for TLE and CSV; 1-based record index for OMM JSON. */
  line: number;
  /** NORAD id when it could be read. */
  noradId: number | null;
  reason: string;
}

export interface ElementParseResult {
  elements: ElementSet[];
  issues: ElementParseIssue[];
}
