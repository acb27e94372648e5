/** The pass search's public types, shared by the finder, the bulk search and visibility. */
import type { PropagationError } from '../orbit/errors.js';
import type { HorizonMask } from './horizon-mask.js';

/** A moment of a pass as seen from the observer. */
export interface PassPoint {
  /** UTC epoch milliseconds. */
  timeMs: number;
  azimuthDeg: number;
  elevationDeg: number;
  rangeKm: number;
}

/**
 * One pass: the satellite above the minimum elevation (and the horizon mask) from AOS to LOS.
 * A pass cut by the search window has `truncated: true` and `aos` and/or `los` null; its `tca`
 * is then the highest point inside the window.
 */
export interface Pass {
  noradId: number;
  aos: PassPoint | null;
  /**
   * The highest point of the pass inside the window: its highest culmination or, for a pass cut
   * by the window, the window edge when that is higher (a window that starts on the way down).
   */
  tca: PassPoint;
  los: PassPoint | null;
  maxElevationDeg: number;
  /** Seconds from AOS to LOS; for truncated passes, the part inside the window. */
  durationSeconds: number;
  truncated: boolean;
  /** Every local maximum of elevation inside the pass (HEO passes can have several). */
  culminations: PassPoint[];
}

export interface PassSearch {
  /** Window start and end, UTC epoch ms: passes are searched in [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** Minimum elevation, degrees (default 0). */
  minElevationDeg?: number;
  /** Obstructions: the satellite counts only when also above the mask. */
  horizonMask?: HorizonMask | null;
}

export interface PassSearchResult {
  passes: Pass[];
  /** Set when SGP4 failed inside the window (e.g. decay): passes before it are kept. */
  error: PropagationError | null;
  /** SGP4 evaluations spent, for benchmarks. */
  evaluations: number;
}

/**
 * Where TEME states come from: SGP4 itself (the default), or an interpolated ephemeris shared by
 * many observers (`SharedEphemeris`).
 */
export interface StateSource {
  /** Position (km) and velocity (km/s) at `epochMs` into `out[0..5]`; 0 or an SGP4 error code. */
  stateInto(epochMs: number, out: Float64Array): number;
}
