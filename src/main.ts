/**
 * Composition root: the only reader of `process.env`. Loads the config, opens the catalog
 * (store, bundled snapshot, refresh job), starts the alerts and the HTTP server with the page
 * mounted beside the API. The process entry (src/entry.ts) gives the CLI these as its use cases.
 */
import { Alerts, type AlertsOptions, alertStorePath } from './alerts/index.js';
import { createApp } from './api/app.js';
import { Metrics } from './api/metrics.js';
import { listen, type RunningServer } from './api/server.js';
import {
  type Catalog,
  type CatalogReport,
  type CatalogStore,
  type LogEvent,
  loadSnapshotIfEmpty,
  openCatalog,
  type Refresher,
  type RefreshJob,
  type RefreshRequest,
  readCatalogReport,
  refreshStore,
  type SourceReport,
  type StoreOptions,
  sourcesFromConfig,
  startRefreshJob,
  USER_AGENT,
} from './catalog/index.js';
import { type Config, type Env, loadConfig } from './config/index.js';
import { VERSION } from './version.js';
import { webApp } from './web/index.js';

export {
  type CatalogReport,
  type LogEvent,
  type OpenCatalog,
  openCatalog,
  refreshEvent,
  storePath,
} from './catalog/index.js';

const DAY_MS = 86_400_000;

export interface StartOptions {
  /** Environment to read settings from; `process.env` by default. */
  env?: Env;
  /** Directory relative paths are resolved against; `process.cwd()` by default. */
  cwd?: string;
  /** Use this config instead of loading one. */
  config?: Config;
  /** Current time, epoch ms (tests drive it). */
  clock?: () => number;
  fetch?: typeof fetch;
  /** Where log events go; one JSON line each on stdout by default. */
  log?: (event: LogEvent) => void;
  /** Start the cron job (default true). */
  schedule?: boolean;
  /** Refresh due sources right after start (default: config `catalog.refresh.onStart`). */
  refreshOnStart?: boolean;
  /** How often to look for changes committed by another process (`passwatch refresh`), ms. */
  syncIntervalMs?: number;
  /** Store tuning and test hooks. */
  storeOptions?: Omit<StoreOptions, 'magnitudes'>;
  /** Snapshot folder (tests); the bundled one by default. */
  snapshotDir?: string;
  /**
   * `false`: no alerts even if the config enables them. Otherwise test hooks for the alerts
   * service (timers, jitter, pass source, database path).
   */
  alerts?: false | Partial<Pick<AlertsOptions, 'timers' | 'random' | 'passSource' | 'storePath'>>;
}

export interface PasswatchHandle {
  config: Config;
  /** The clock everything was started with, epoch ms. */
  clock: () => number;
  catalog: Catalog;
  store: CatalogStore;
  refresher: Refresher;
  /** The start-up refresh, when one was started. */
  startupRefresh: Promise<SourceReport[]> | null;
  /** The alerts service (planner, deliveries, MQTT), or null when alerts are off. */
  alerts: Alerts | null;
  /** Refresh now (see `RefreshRequest`), logging each outcome. */
  refresh(request?: RefreshRequest): Promise<SourceReport[]>;
  /** Stop the job, wait for a running refresh, close the store. */
  stop(): Promise<void>;
}

/** Write one log event as a JSON line on stdout. */
export function jsonLog(event: LogEvent): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
}

/** The config from the environment (`process.env` unless given). */
export function configFromEnv(env: Env = process.env, cwd: string = process.cwd()): Config {
  return loadConfig(env, { cwd });
}

/**
 * Start passwatch's catalog service.
 *
 * @throws ConfigError with every problem when the configuration is invalid.
 */
export async function startPasswatch(options: StartOptions = {}): Promise<PasswatchHandle> {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? jsonLog;
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const specs = sourcesFromConfig(config.catalog);
  const { store, refresher, catalog } = openCatalog(config, {
    clock,
    log,
    specs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.storeOptions ? { storeOptions: options.storeOptions } : {}),
  });
  log({
    event: 'start',
    version: VERSION,
    store: store.path,
    sources: specs.map((s) => s.name),
  });

  try {
    if (config.catalog.snapshot) {
      const load = loadSnapshotIfEmpty(store, specs, {
        nowMs: clock(),
        historyDays: config.catalog.historyDays,
        ...(options.snapshotDir ? { dir: options.snapshotDir } : {}),
      });
      if (load.loaded && load.manifest) {
        const newest = Date.parse(load.manifest.epochs.newest);
        log({
          event: 'snapshot',
          loaded: true,
          snapshotDate: load.manifest.snapshotDate,
          objects: load.objects,
          sources: load.sources,
          newestEpoch: load.manifest.epochs.newest,
          newestAgeDays: round((clock() - newest) / DAY_MS, 2),
          stale: clock() - newest > config.catalog.staleDays * DAY_MS,
        });
      }
    }
    catalog.replaceAll(store.loadObjects(), ['startup']);
  } catch (error) {
    store.close();
    throw error;
  }
  logCatalog(catalog, clock(), log);

  let alerts: Alerts | null = null;
  if (config.alerts.enabled && options.alerts !== false) {
    try {
      alerts = await Alerts.start({
        settings: config.alerts,
        observers: config.observers,
        storePath: alertStorePath(config.dataDir),
        catalog,
        clock,
        log,
        schedule: options.schedule ?? true,
        version: VERSION,
        userAgent: USER_AGENT,
        ...options.alerts,
      });
    } catch (error) {
      store.close();
      throw error;
    }
  }

  let lastVersion = store.dataVersion();
  const sync = setInterval(() => {
    const version = store.dataVersion();
    if (version === lastVersion) return;
    lastVersion = version;
    catalog.replaceAll(store.loadObjects(), ['store']);
  }, options.syncIntervalMs ?? 30_000);

  const refresh = (request: RefreshRequest = {}) => refresher.refresh(request);
  let job: RefreshJob | null = null;
  if (options.schedule ?? true) {
    job = startRefreshJob({
      schedule: config.catalog.refresh.schedule,
      timezone: config.catalog.refresh.timezone,
      jitterMs: config.catalog.refresh.jitterMinutes * 60_000,
      run: () => refresh(),
      onError: (error) => log({ event: 'error', where: 'refresh job', message: describe(error) }),
    });
  }
  const startupRefresh =
    (options.refreshOnStart ?? config.catalog.refresh.onStart) ? refresh() : null;
  startupRefresh?.catch((error) =>
    log({ event: 'error', where: 'start-up refresh', message: describe(error) }),
  );

  let stopped = false;
  return {
    config,
    clock,
    catalog,
    store,
    refresher,
    startupRefresh,
    alerts,
    refresh,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(sync);
      await job?.stop();
      await refresher.stop();
      await alerts?.stop();
      store.close();
      log({ event: 'stop' });
    },
  };
}

function logCatalog(catalog: Catalog, nowMs: number, log: (event: LogEvent) => void): void {
  const s = catalog.summary(nowMs);
  log({
    event: 'catalog',
    objects: s.objects,
    stale: s.stale,
    staleAfterDays: s.staleAfterDays,
    oldestEpoch: s.oldestEpochMs === null ? null : new Date(s.oldestEpochMs).toISOString(),
    newestEpoch: s.newestEpochMs === null ? null : new Date(s.newestEpochMs).toISOString(),
    medianAgeDays: s.medianAgeDays === null ? null : round(s.medianAgeDays, 2),
    groups: catalog.groups(),
  });
}

/**
 * Refresh the store once (the `passwatch refresh` command) and close it.
 *
 * @throws ConfigError, UnknownSourceError
 */
export function refreshOnce(
  request: RefreshRequest,
  options: {
    env?: Env;
    cwd?: string;
    config?: Config;
    clock?: () => number;
    fetch?: typeof fetch;
    log?: (event: LogEvent) => void;
  } = {},
): Promise<SourceReport[]> {
  return refreshStore(options.config ?? configFromEnv(options.env, options.cwd), request, options);
}

/**
 * Read the store's catalog state without refreshing anything (the `passwatch catalog` command).
 *
 * @throws ConfigError
 */
export function catalogReport(
  options: { env?: Env; cwd?: string; config?: Config; clock?: () => number } = {},
): CatalogReport {
  return readCatalogReport(options.config ?? configFromEnv(options.env, options.cwd), options);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ServeOptions extends StartOptions {
  /** Override the configured port (0 picks a free one). */
  port?: number;
  host?: string;
}

export interface ServingHandle extends PasswatchHandle {
  server: RunningServer;
}

/**
 * Start passwatch with its HTTP API: the catalog service of `startPasswatch` plus the Hono app
 * listening on the configured host and port. Refresh outcomes are counted in /metrics.
 */
export async function serveHttp(options: ServeOptions = {}): Promise<ServingHandle> {
  const metrics = new Metrics();
  const log = options.log ?? jsonLog;
  const handle = await startPasswatch({
    ...options,
    log: (event) => {
      if (event.event === 'refresh') metrics.refresh(String(event.source), String(event.outcome));
      log(event);
    },
  });
  const { app } = createApp({
    config: handle.config,
    catalog: handle.catalog,
    clock: handle.clock,
    sources: () => handle.refresher.status(),
    refresh: (request) => handle.refresh(request),
    ready: () => handle.catalog.size > 0,
    log,
    metrics,
    alerts: handle.alerts,
  });
  // The page is its own Hono app, mounted beside the API (it only talks to the API over HTTP).
  app.route('/', webApp());
  let server: RunningServer;
  try {
    server = await listen(
      app,
      options.host ?? handle.config.server.host,
      options.port ?? handle.config.server.port,
    );
  } catch (error) {
    await handle.stop();
    throw error;
  }
  log({ event: 'listening', host: server.host, port: server.port });
  return {
    ...handle,
    server,
    stop: async () => {
      await server.close();
      await handle.stop();
    },
  };
}
