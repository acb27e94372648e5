/**
 * The JSON of `GET /v1/events` (the catalog watch's events, with a launch's first visibility) and
 * of `GET /v1/transits`, as types: part of `wire.ts`, which re-exports them. Pure types.
 */

/** The first visible part of a pass of one of a launch's objects from one observer. */
export interface FirstVisible {
  noradId: number;
  name: string;
  /** The visible part: start and end (ISO 8601 UTC), brightest magnitude. */
  start: string;
  end: string;
  brightestMagnitude: number | null;
  /** The pass: its culmination and maximum elevation. */
  tca: string;
  maxElevationDeg: number;
  /** The elements' age at the start of the visible part, and whether they are stale there. */
  elementsAgeDays: number;
  stale: boolean;
}

/** `details.visibility` of a `catalog.launch` event: when its objects are first visible. */
export interface LaunchVisibility {
  from: string;
  days: number;
  maxMagnitude: number;
  /** The objects searched, with their standard magnitude (null: unknown, never `visible`). */
  objects: { noradId: number; name: string; stdMagnitude: number | null }[];
  /** Per named observer: the first visible part in the window, or null when there is none. */
  firstVisible: Record<string, FirstVisible | null>;
}

/**
 * A catalog watch event as `GET /v1/events` serves it. `details` depend on `type` and are stored
 * as JSON by the watch since its first version (fields were added and renamed since), so they are
 * left open here and readers check each field they use.
 */
export interface WatchEventJson {
  id: number;
  type:
    | 'catalog.new'
    | 'catalog.launch'
    | 'catalog.decay'
    | 'catalog.manoeuvre'
    | 'conjunction.upcoming';
  noradId: number | null;
  name: string | null;
  /** International designator year-number, e.g. `2026-045`. */
  launch: string | null;
  groups: string[];
  /** When it happened (or will): for a window, its end. */
  time: string;
  window: { start: string; end: string } | null;
  detected: string;
  details: Record<string, unknown>;
}

/** One page of `GET /v1/events`, newest first. */
export interface EventsResponse {
  items: WatchEventJson[];
  nextCursor: string | null;
}

/** One transit of `GET /v1/transits` (and of a `transit.upcoming` alert). */
export interface TransitJson {
  noradId: number;
  name: string;
  body: 'sun' | 'moon';
  kind: 'transit' | 'near-miss';
  /** Smallest separation seen from the observer, to 0.1 s. */
  time: string;
  durationSeconds: number;
  minSeparation: number;
  bodyRadius: number;
  fromObserver: boolean;
  /** Apparent size of the satellite, arcseconds (null when its size is not known). */
  satelliteAngularSizeArcsec: number | null;
  rangeKm: number;
  bodyAzimuth: number;
  bodyElevation: number;
  /** The centre line's point nearest the observer, the distance and direction to travel there. */
  centreLine: {
    time: string;
    lat: number;
    lon: number;
    distanceKm: number;
    bearing: number;
    compass: string;
    halfWidthKm: number;
    /** The centre line around that point every 2 s of the satellite's motion, ±30 s: for a map. */
    path: { lat: number; lon: number }[];
  } | null;
  /** The elements behind it, worded as on a pass object (`PassJson`). */
  elementsEpoch: string;
  elementsAgeDays: number;
  stale: boolean;
  elementsWarning: string | null;
}

/** `GET /v1/transits`. */
export interface TransitsResponse {
  start: string;
  end: string;
  radiusKm: number;
  nearMissDeg: number;
  warnings: string[];
  transits: TransitJson[];
}
