export {
  type Conjunction,
  ConjunctionError,
  type ConjunctionQuery,
  type ConjunctionResult,
  type CoOrbiting,
  screenCatalog,
} from './conjunctions.js';
export {
  capReentry,
  checkDecay,
  checkManoeuvre,
  type DecayCheck,
  type DecayReason,
  estimateReentry,
  expectedDrift,
  launchOf,
  type ManoeuvreCheck,
  orbitShape,
  type ReentryEstimate,
} from './detect.js';
export {
  type FirstVisible,
  type LaunchVisibility,
  launchVisibility,
  leadObjects,
} from './launch-visibility.js';
export { type HistoryPoint, Watch, type WatchLog, type WatchOptions } from './service.js';
export { type WatchSettings, watchSettings } from './settings.js';
export { startWatch, watchStorePath } from './start.js';
export {
  type EventQuery,
  type NewWatchEvent,
  WATCH_EVENT_TYPES,
  type WatchEvent,
  type WatchEventType,
  WatchStore,
} from './store.js';
