export {
  type BulkFallback,
  type BulkMethod,
  type BulkObjectResult,
  type BulkResult,
  type BulkSearch,
  BulkSearcher,
  type BulkSite,
  DEFAULT_STALE_AFTER_DAYS,
  findPassesBulk,
} from './bulk.js';
export {
  findPasses,
  type Pass,
  type PassPoint,
  type PassSearch,
  type PassSearchResult,
} from './finder.js';
export { HorizonMask, type HorizonMaskPoint } from './horizon-mask.js';
export {
  BRIGHT_MOON_MIN_FRACTION,
  MOON_NEAR_TRACK_DEG,
  type MoonNearTrack,
  moonNearTrack,
} from './moon-near.js';
export {
  type PredictedPass,
  type PredictOptions,
  type PredictResult,
  predictPasses,
} from './predict.js';
export { type TrackPoint, type TrackResult, trackPoints } from './track.js';
export {
  centreLinePoint,
  clearOfBodies,
  findTransits,
  type Transit,
  type TransitBody,
  type TransitSearch,
} from './transits.js';
export {
  apparentMagnitude,
  type BrightPoint,
  DEFAULT_VISIBILITY,
  type SunSource,
  type VisibilityConditions,
  type VisibleSegment,
  visibleSegments,
} from './visibility.js';
