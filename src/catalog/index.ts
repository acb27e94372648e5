export { type BodyVerdict, describeIssue, isNotUpdatedAnswer, judgeBody } from './body.js';
export {
  Catalog,
  type CatalogChange,
  type CatalogEntry,
  type CatalogGroup,
  type CatalogOptions,
  type CatalogPage,
  type CatalogSearch,
  type CatalogSummary,
} from './catalog.js';
export {
  FetchError,
  type FetchedBody,
  type FetchOutcome,
  fetchBody,
  fetchSource,
  USER_AGENT,
} from './fetch.js';
export {
  BUNDLED_STDMAG_PATH,
  bundledMagnitudes,
  bundledStdMagnitude,
  deriveStdMagnitudes,
  parseStdMagnitudesJson,
  STDMAG_SOURCE_PATHS,
  type StdMagnitudes,
  stdMagnitudeSource,
  stdMagnitudesJson,
} from './magnitudes.js';
export type { CatalogRecord } from './records.js';
export {
  Refresher,
  type RefresherOptions,
  type RefreshRequest,
  type RefreshSettings,
  type SourceReport,
  type SourceStatus,
  UnknownSourceError,
} from './refresh.js';
export type { CatalogReport } from './report.js';
export {
  backoffMs,
  NETWORK_PREFIX,
  NetworkRetries,
  networkRetryMs,
  nextAttempt,
  type SetTimer,
  unrefTimer,
} from './retry.js';
export { type RefreshJob, type RefreshJobOptions, startRefreshJob } from './schedule.js';
export { SCHEMA_VERSION, StoreVersionError } from './schema.js';
export {
  BUNDLED_SNAPSHOT_DIR,
  loadSnapshotIfEmpty,
  readSnapshot,
  SNAPSHOT_META_KEY,
  type Snapshot,
  type SnapshotLoad,
  type SnapshotManifest,
} from './snapshot.js';
export {
  CELESTRAK_MIN_INTERVAL_MS,
  celestrakCatnrUrl,
  celestrakGroupUrl,
  matchSources,
  type SourceKind,
  type SourceSpec,
  sourcesFromConfig,
} from './sources.js';
export { openSqliteFile, StoreFileError } from './sqlite-file.js';
export { BUNDLED_STARS_PATH, bundledStars } from './stars.js';
export {
  CatalogStore,
  type DataOrigin,
  type ObjectChanges,
  type RefreshLogEntry,
  type RefreshOutcome,
  type SourceState,
  type StoreHooks,
  type StoreOptions,
  type TransactionStage,
} from './store.js';
