/**
 * The JSON the HTTP API serves, as types: the one module both sides use. The server builds its
 * answers against these (`format/pass-json.ts`, the API routes) and the
 * page (`web/client/`) imports them with `import type`, so nothing of this reaches the page's
 * bundle and there is no second copy to keep equal. Pure types: no imports, no code. The catalog
 * watch's events and the transits are in `wire-events.ts`, re-exported here.
 *
 * Times are ISO 8601 strings with milliseconds; angles in degrees, distances in km.
 */

export type * from './wire-events.js';

export interface PassPointJson {
  time: string;
  azimuth: number;
  elevation: number;
  rangeKm: number;
}

/** The Moon during a visible part of a pass. */
export interface MoonNearJson {
  /** When the satellite is closest to the Moon's centre. */
  closest: string;
  /** Smallest angle between the satellite and the Moon's centre, degrees. */
  minSeparation: number;
  /** The Moon's azimuth and elevation (geometric) at `closest`. */
  azimuth: number;
  elevation: number;
  /** Lit fraction of the Moon's disc, 0-1. */
  illuminatedFraction: number;
  /** Moon above the horizon, at least a quarter lit, the track within 10 degrees of it. */
  brightNearTrack: boolean;
}

/** Where a point of a track is among the stars. */
export interface NearStarJson {
  name: string;
  /** Degrees from the star. */
  separation: number;
  direction: 'at' | 'above' | 'below' | 'left of' | 'right of';
  /** "5° below Vega". */
  text: string;
}

export interface VisibleSegmentJson {
  start: PassPointJson;
  end: PassPointJson;
  brightestMagnitude: number | null;
  brightest: (PassPointJson & { magnitude: number }) | null;
  /** The Moon during this part; null when it could not be computed. */
  moon: MoonNearJson | null;
  /**
   * The named stars (magnitude 2.5 or brighter, within 20°) nearest the start and the end, and in
   * words: "from 5° below Vega to Arcturus".
   */
  nearStars: { start: NearStarJson | null; end: NearStarJson | null; text: string | null };
}

export interface PassJson {
  noradId: number;
  name: string;
  aos: PassPointJson | null;
  tca: PassPointJson;
  los: PassPointJson | null;
  maxElevation: number;
  durationSeconds: number;
  truncated: boolean;
  culminations: PassPointJson[];
  visible: VisibleSegmentJson[];
  elementsEpoch: string;
  /** Days from the element epoch to TCA: how far the prediction reaches from its elements. */
  elementsAgeDays: number;
  /** The elements are older than `catalog.staleDays` at TCA: the pass may be minutes off or not happen. */
  stale: boolean;
  /** For a stale pass: how far off it may be, in words, from the measured drift; else null. */
  elementsWarning: string | null;
}

/** Where a standard magnitude comes from (see the README's "Magnitudes"). */
export type MagnitudeSourceJson = 'observed' | 'catalog' | 'estimated';

/** A pass as the API serves it: the pass object plus its revolution number. */
export interface PassItemJson extends PassJson {
  revolution: number | null;
  /** Source of the standard magnitude behind every magnitude of the pass; null without one. */
  magnitudeSource: MagnitudeSourceJson | null;
}

export interface MaskPoint {
  azimuth: number;
  elevation: number;
}

export interface ObserverEcho {
  name: string | null;
  lat: number;
  lon: number;
  alt: number;
  horizonMask: MaskPoint[] | null;
}

/** The settings a pass answer was computed with, as the query gave them or by default. */
export interface PassSettings {
  start: string;
  end: string;
  minElevation: number;
  minPeakElevation: number | null;
  visibleOnly: boolean;
  maxMagnitude: number;
  maxSunElevation: number;
  tz: string | null;
}

/** The element set behind an answer: its epoch, age, and whether it is stale. */
export interface ElementsAgeJson {
  epoch: string;
  ageDays: number;
  stale: boolean;
  staleAfterDays: number;
  orbitClass: string;
}

/** A satellite SGP4 could not propagate through the window, with where it failed. */
export interface PassErrorJson {
  noradId: number;
  name: string;
  message: string;
  at: string;
}

/** `/v1/satellites/{noradId}/passes`. */
export interface SatellitePassesResponse {
  satellite: SatelliteSummary;
  observer: ObserverEcho;
  settings: PassSettings;
  elements: ElementsAgeJson;
  warnings: string[];
  passes: PassItemJson[];
  errors: PassErrorJson[];
}

/** `/v1/passes`. */
export interface PassesResponse {
  observer: ObserverEcho;
  settings: PassSettings;
  satellites: number;
  /** One sentence per satellite whose elements are stale for some of these passes. */
  warnings: string[];
  passes: PassItemJson[];
  truncatedAt: number | null;
  errors: PassErrorJson[];
}

export interface TrackPoint {
  time: string;
  azimuth: number;
  elevation: number;
  rangeKm: number;
  rangeRateKmS: number;
  latitude: number;
  longitude: number;
  altitudeKm: number;
  sunlit: boolean;
  magnitude: number | null;
}

export interface TrackResponse {
  noradId: number;
  name: string;
  magnitudeSource: MagnitudeSourceJson | null;
  points: TrackPoint[];
  errors: { message: string; at: string }[];
}

export interface AboveItem extends TrackPoint {
  noradId: number;
  name: string;
  compass: string;
  visible: boolean;
  magnitudeSource: MagnitudeSourceJson | null;
}

export interface AboveResponse {
  time: string;
  sunElevation: number;
  items: AboveItem[];
}

/** A body in `GET /v1/sky`. */
export interface SkyBodyJson {
  azimuth: number;
  elevation: number;
  compass: string;
  aboveHorizon: boolean;
  magnitude: number;
  angularDiameter: number;
}

/** `GET /v1/sky`: the Sun, the Moon, the bright planets and (with `stars=`) the stars. */
export interface SkyResponse {
  time: string;
  twilight: 'day' | 'civil' | 'nautical' | 'astronomical' | 'night';
  darkSky: boolean;
  sun: SkyBodyJson & { rise: string | null; set: string | null };
  moon: SkyBodyJson & {
    rise: string | null;
    set: string | null;
    illuminatedFraction: number;
    phase: string;
  };
  planets: (SkyBodyJson & { name: string })[];
  stars?: {
    hip: number;
    name: string | null;
    designation: string | null;
    magnitude: number;
    azimuth: number;
    elevation: number;
  }[];
}

export interface NamedObserver {
  name: string;
  lat: number;
  lon: number;
  alt: number;
  minElevation: number;
  timezone: string | null;
  horizonMask: MaskPoint[] | null;
}

/** `GET /v1/observers`. */
export interface ObserversResponse {
  observers: NamedObserver[];
}

export interface CatalogInfo {
  objects: number;
  stale: number;
  staleAfterDays: number;
  groups: { name: string; count: number }[];
}

export interface SatelliteSummary {
  noradId: number;
  name: string;
  intlDesignator: string | null;
  groups: string[];
  stdMagnitude: number | null;
  stdMagnitudeSource: MagnitudeSourceJson | null;
  epoch: string;
  ageDays: number;
  stale: boolean;
  source: string;
}

export interface SatelliteDetail extends SatelliteSummary {
  elements: { omm: { MEAN_MOTION?: number | string } };
}

/** `GET /v1/satellites`: one page of the catalog. */
export interface SatellitesPage {
  items: SatelliteSummary[];
  nextCursor: string | null;
  total: number;
}

/** The first event of a live stream (`/v1/satellites/{noradId}/live`, event `satellite`). */
export interface LiveSatelliteEvent {
  noradId: number;
  name: string;
  observer: string | null;
  station: string | null;
  location: { lat: number; lon: number; alt: number };
  /** The station is driven through hamlib: `rotator.reported` is its rotator's. */
  driven: boolean;
  transmitter: ({ uuid: string; description: string } & Record<string, unknown>) | null;
  intervalSeconds: number;
  staleAfterDays: number;
}

/** A `position` event of a live stream, once a second. */
export interface LivePositionEvent {
  time: string;
  azimuth: number;
  elevation: number;
  rangeKm: number;
  rangeRateKmS: number;
  /** Doppler-corrected, with a transmitter. */
  downlinkHz?: number;
  uplinkHz?: number;
  /** With station=: the plan's position during a pass, the driven rotator's report. */
  rotator: {
    plan: { azimuth: number; elevation: number } | null;
    reported: { azimuth: number; elevation: number } | null;
    tracking: boolean;
  } | null;
  elements: { epoch: string; ageDays: number; stale: boolean };
}

/** A frequency range of a transmitter, Hz (a single frequency has `lowHz == highHz`). */
export interface FrequencyRangeJson {
  lowHz: number;
  highHz: number;
}

/** One SatNOGS transmitter (`GET /v1/satellites/{noradId}/transmitters`). */
export interface TransmitterJson {
  uuid: string;
  noradId: number;
  description: string;
  type: 'transmitter' | 'transceiver' | 'transponder';
  mode: string | null;
  uplinkMode: string | null;
  downlink: FrequencyRangeJson | null;
  uplink: FrequencyRangeJson | null;
  invert: boolean;
  baud: number | null;
  status: string;
  service: string;
  updated: string;
}

export interface TransmittersResponse {
  noradId: number;
  name: string;
  transmitters: TransmitterJson[];
  source: { dataAsOf: string | null; licence: string } & Record<string, unknown>;
}

/** A point of a station pass: time and direction. */
export interface StationPointJson {
  time: string;
  azimuth: number;
  elevation: number;
}

/** A rotator plan (`normal`, `overlap` or `flip`) as the schedule gives it. */
export interface RotatorPlanJson {
  mode: 'normal' | 'overlap' | 'flip';
  overTheTop: boolean;
  start: { azimuth: number; elevation: number };
  end: { azimuth: number; elevation: number };
  /** When the rotator must leave park to be at `start` at AOS. */
  moveFromPark: string;
  travelFromParkSeconds: number;
  maxPointingErrorDeg: number;
  warnings: {
    kind: string;
    from: string;
    to: string;
    required: number;
    limit: number;
    message: string;
  }[];
}

/** One pass of a station's schedule. */
export interface StationPassJson {
  key: string;
  noradId: number;
  name: string;
  priority: number;
  aos: StationPointJson | null;
  tca: StationPointJson;
  los: StationPointJson | null;
  maxElevation: number;
  durationSeconds: number;
  elementsEpoch: string | null;
  elementsAgeDays: number | null;
  stale: boolean | null;
  transmitter: {
    uuid: string;
    description: string;
    type: string;
    mode: string | null;
    uplinkMode: string | null;
    invert: boolean;
    nominalDownlinkHz: number | null;
    nominalUplinkHz: number | null;
  } | null;
  rotator: RotatorPlanJson | null;
}

/** Why a pass is not worked. */
export type RejectReasonJson = { kind: string; message: string } & Record<string, unknown>;

/** `GET /v1/stations/{name}/schedule`. */
export interface StationScheduleJson {
  station: string;
  start: string;
  end: string;
  totalPriority: number;
  scheduled: StationPassJson[];
  rejected: (StationPassJson & { reason: RejectReasonJson })[];
  problems: { noradId: number; message: string }[];
}

/** A station as `GET /v1/stations` lists it (its settings as configured or stored). */
export interface StationJson {
  name: string;
  owner: 'config' | 'api';
  observer?: string;
  lat?: number;
  lon?: number;
  alt?: number;
  minElevation?: number;
  horizonMask?: MaskPoint[] | null;
  timezone?: string | null;
  rotator: Record<string, unknown> | null;
  turnaroundSeconds: number;
  satellites: { noradId: number; priority: number; transmitter: string | null }[];
}

/** `GET /v1/stations`: the stations, and the problems of those that could not be built. */
export interface StationsResponse {
  stations: StationJson[];
  problems: { name: string; message: string }[];
}

/** A track point with the extras of `transmitter=` and `station=`. */
export interface RadioTrackPoint extends TrackPoint {
  downlinkHz?: number;
  uplinkHz?: number;
  rotator?: { azimuth: number; elevation: number };
}

/** A track (`GET /v1/satellites/{noradId}/track`) asked with `transmitter=` or `station=`. */
export interface RadioTrackResponse extends Omit<TrackResponse, 'points'> {
  points: RadioTrackPoint[];
}
