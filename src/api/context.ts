/**
 * What the API's parts share: its dependencies (`ApiDeps`), what handlers use (`ApiContext`), the
 * app type, and `featureApp()`, the sub-app each feature under `routes/` builds its routes on.
 * Routes import this module, never `app.ts` (which mounts them).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Alerts } from '../alerts/index.js';
import type { Catalog, RefreshRequest, SourceReport, SourceStatus } from '../catalog/index.js';
import type { Transmitter, TransmitterSourceStatus } from '../catalog/transmitters/index.js';
import type { PredictionPool } from '../predict/pool.js';
import type { Predictions } from '../predict/predictions.js';
import type { StationMetric } from '../station/control-set.js';
import type { Stations } from '../station/registry.js';
import type { StationRuntime } from '../station/runtime.js';
import type { Watch } from '../watch/index.js';
import type { HeavyLimiter } from './heavy.js';
import type { Metrics } from './metrics.js';
import { validationHook } from './problem.js';
import type { ResponseCache } from './respond.js';
import type { ApiConfig } from './settings.js';

/** What the API needs of the driven stations (`StationControl` in src/station). */
export interface StationControlView {
  get(name: string): StationRuntime | undefined;
  /** Why an enabled station is not driven (its runtime could not be made). */
  problem?(name: string): string | undefined;
  metrics(): StationMetric[];
}

export type ApiLog = (event: { event: string } & Record<string, unknown>) => void;

/** What the API needs of the transmitter list. */
export interface TransmitterLookup {
  forSatellite(noradId: number): readonly Transmitter[];
  get(uuid: string): Transmitter | undefined;
  status(): TransmitterSourceStatus;
}

export interface ApiDeps {
  /** The API's settings sections, the named observers and the admin token. */
  config: ApiConfig;
  catalog: Catalog;
  /** Current time, epoch ms. */
  clock: () => number;
  /** Configured sources with their refresh state. */
  sources: () => SourceStatus[];
  /** Run a refresh now; absent when the server has no refresher. */
  refresh?: (request: RefreshRequest) => Promise<SourceReport[]>;
  /** Ready once a catalog is loaded. */
  ready: () => boolean;
  log: ApiLog;
  /** Memory the response cache may hold, bytes (default `api.cacheMegabytes`). */
  cacheBytes?: number;
  /** Shared with whoever counts refresh outcomes (see `serveHttp` in main.ts). */
  metrics?: Metrics;
  /**
   * Base URL the server is reached at (`alerts.publicUrl`), for absolute links in answers; never
   * taken from a request's Host header. Without it links are relative or left out.
   */
  publicUrl?: string | null;
  /** The alerts service; the /v1/subscriptions routes exist only with it. */
  alerts?: Alerts | null;
  /** The SatNOGS transmitter list (transmitter and Doppler-per-transmitter routes). */
  transmitters?: TransmitterLookup | null;
  /** The catalog watch; /v1/events and /v1/satellites/{id}/history exist only with it. */
  watch?: Watch | null;
  /**
   * Configured and stored stations (`PUT`/`DELETE /v1/stations/{name}` need its store); the
   * configured ones only when absent.
   */
  stations?: Stations | null;
  /** The stations driven through hamlib (status route, live stream, metrics). */
  stationControl?: StationControlView | null;
  /**
   * Worker threads for many-satellite predictions (`/v1/passes` with a group or ids), so they
   * never hold the event loop; without one they are computed on it in slices.
   */
  predictionPool?: PredictionPool | null;
  /** Time between two events of a live stream, ms (default 1000; tests shorten it). */
  liveIntervalMs?: number;
}

/** What route handlers share. */
export interface ApiContext {
  deps: ApiDeps;
  predictions: Predictions;
  /** The limit on expensive requests computed at once. */
  heavy: HeavyLimiter;
  cache: ResponseCache;
  metrics: Metrics;
}

/** Per-request values middleware shares. */
export type AppEnv = { Variables: { cachedRoute: string } };

export type App = OpenAPIHono<AppEnv>;

/**
 * A feature's sub-app, mounted by `createApp` with `app.route('/', …)`. Invalid parameters are
 * answered by the one validation hook (problem+json naming each field); anything a handler throws
 * reaches the parent app's `onError`.
 */
export function featureApp(): App {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
