/** What a close-approach screening is asked and what it answers. */
export interface ScreenOptions {
  /** Window start, epoch ms, and length, days. */
  startMs: number;
  days: number;
  /** Report approaches closer than this, km. */
  maxKm: number;
}

/** One close approach. */
export interface CloseApproach {
  primary: number;
  secondary: number;
  /** Time of closest approach, epoch ms (to about a millisecond). */
  tcaMs: number;
  missKm: number;
  relativeSpeedKmS: number;
  /** Primary's position at TCA (TEME, km) minus the secondary's, split radial/in-track/cross-track. */
  radialKm: number;
  inTrackKm: number;
  crossTrackKm: number;
}

export interface ScreenStats {
  secondaries: number;
  /** Left after the apogee/perigee filter, then after the orbit path filter. */
  afterApogeePerigee: number;
  afterPath: number;
  /** Secondaries sharing the primary's orbit (docked modules): within the threshold, at rest relative to it. */
  coLocated: number[];
  /** SGP4 evaluations spent in the fine search. */
  propagations: number;
  /** Coincidence windows the time filter left; pairs it could not filter (coplanar, eccentric, deep space). */
  windows: number;
  coplanar: number;
  /** Secondaries SGP4 could not propagate through the window (decay). */
  failed: number[];
}
