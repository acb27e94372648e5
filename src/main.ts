/**
 * Composition root: the only reader of `process.env`. Wires the configuration to the catalog
 * (store, refresh jobs), the alerts service, the HTTP API with the page, and the command line's
 * use cases. It decides nothing itself: each piece lives in its own layer.
 */
import { Alerts, type AlertsOptions, alertStorePath } from './alerts/index.js';
import { createApp } from './api/app.js';
import { Metrics } from './api/metrics.js';
import { listen, type RunningServer } from './api/server.js';
import {
  type Catalog,
  type CatalogStore,
  type Refresher,
  type RefreshRequest,
  type SourceReport,
  type StoreOptions,
  sourcesFromConfig,
  USER_AGENT,
  unrefTimer,
} from './catalog/index.js';
import { RefreshThread } from './catalog/refresh-thread.js';
import {
  catalogReport,
  importFile,
  loadCatalog,
  openCatalog,
  refreshOnce,
  sourceStatuses,
  startCatalogJobs,
  storedCatalog,
  storePath,
  withStoredCatalog,
} from './catalog/service/index.js';
import type { TransmitterSource } from './catalog/transmitters/index.js';
import type { CliServices } from './cli/io.js';
import { type Config, type Env, loadConfig } from './config/index.js';
import { jsonLine, LineBatch, type LogEvent } from './log.js';
import { PredictionPool } from './predict/pool.js';
import { StationControl } from './station/control-set.js';
import { openStations, type Stations } from './station/registry.js';
import { stationScheduleReport } from './station/schedule-report.js';
import { stationSchedules } from './station/service.js';
import { VERSION } from './version.js';
import { startWatch, type Watch } from './watch/index.js';
import { webApp } from './web/index.js';

export type { LogEvent } from './log.js';

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
  /**
   * Schedules the quick retry after a network failure (default: an unref'd setTimeout; tests
   * pass their own). Only with `schedule`.
   */
  setTimer?: (run: () => void, delayMs: number) => () => void;
  /** How often to look for changes committed by another process (`passwatch refresh`, `import`), ms. */
  syncIntervalMs?: number;
  /**
   * Parse fetched catalogues and write them to the store on a worker thread, off the event loop
   * (default: with `schedule`, i.e. in the long-running service; a one-off `passwatch refresh`
   * does both in its own thread).
   */
  parseOnWorker?: boolean;
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
  /** The SatNOGS transmitter list, refreshed with the elements. */
  transmitters: TransmitterSource;
  /** The start-up refresh, when one was started. */
  startupRefresh: Promise<SourceReport[]> | null;
  /** The alerts service (planner, deliveries, MQTT), or null when alerts are off. */
  alerts: Alerts | null;
  /** The catalog watch (events: new objects, decays, manoeuvres), or null when it is off. */
  watch: Watch | null;
  /** Radio stations: the configured ones and those stored through the API. */
  stations: Stations;
  /** Refresh now (see `RefreshRequest`), logging each outcome. */
  refresh(request?: RefreshRequest): Promise<SourceReport[]>;
  /** Stop the job, wait for a running refresh, close the store. */
  stop(): Promise<void>;
}

let stdoutLines: LineBatch | null = null;

/**
 * Write one log event as a JSON line on stdout. Lines of one event-loop turn go out in one write
 * (a busy server logs every request); whatever waits is written when the process exits.
 */
export function jsonLog(event: LogEvent): void {
  if (!stdoutLines) {
    const lines = new LineBatch((text) => process.stdout.write(text));
    process.once('exit', () => lines.flush());
    stdoutLines = lines;
  }
  stdoutLines.push(jsonLine(event, Date.now()));
}

/** The config from the environment (`process.env` unless given). @throws ConfigError */
export function configFromEnv(env: Env = process.env, cwd: string = process.cwd()): Config {
  return loadConfig(env, { cwd });
}

/**
 * Start passwatch's catalog service (and the alerts service when enabled).
 *
 * @throws ConfigError with every problem when the configuration is invalid.
 */
export async function startPasswatch(options: StartOptions = {}): Promise<PasswatchHandle> {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? jsonLog;
  const schedule = options.schedule ?? true;
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const specs = sourcesFromConfig(config.catalog);
  // The service parses and writes refreshed catalogues on a worker thread with its own store
  // connection; a one-off `passwatch refresh` does both in its own thread.
  const refreshThread =
    (options.parseOnWorker ?? schedule)
      ? new RefreshThread(storePath(config), options.storeOptions)
      : null;
  const opened = openCatalog(config, {
    clock,
    log,
    specs,
    ...(refreshThread ? { loader: refreshThread } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.storeOptions ? { storeOptions: options.storeOptions } : {}),
    ...(schedule ? { setTimer: options.setTimer ?? unrefTimer } : {}),
  });
  const { store, catalog } = opened;
  log({ event: 'start', version: VERSION, store: store.path, sources: specs.map((s) => s.name) });
  loadCatalog(opened, config, {
    clock,
    log,
    specs,
    ...(options.snapshotDir ? { snapshotDir: options.snapshotDir } : {}),
  });
  let stationDb: ReturnType<typeof openStations>;
  try {
    stationDb = openStations(config);
  } catch (error) {
    await refreshThread?.close();
    store.close();
    throw error;
  }
  const { stations } = stationDb;

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
        schedule,
        version: VERSION,
        userAgent: USER_AGENT,
        stations: stationSchedules(() => stations.view(), {
          catalog,
          transmitter: (uuid) => opened.transmitters.get(uuid),
        }),
        ...options.alerts,
      });
    } catch (error) {
      await refreshThread?.close();
      stationDb.close();
      store.close();
      throw error;
    }
  }

  let watching: ReturnType<typeof startWatch> | null = null;
  try {
    watching = config.watch.enabled
      ? startWatch({
          settings: config.watch,
          observers: config.observers,
          dataDir: config.dataDir,
          catalogStore: store,
          catalog,
          clock,
          log,
          onEvents: (events) => alerts?.catalogEvents(events),
        })
      : null;
  } catch (error) {
    // An unusable watch store: stop what was started, or its timers keep the process running.
    await alerts?.stop();
    await refreshThread?.close();
    stationDb.close();
    store.close();
    throw error;
  }
  // Events stored while the alerts were not running (a crash, a restart) are delivered now.
  if (watching && alerts) {
    alerts.catalogEvents(watching.watch.store.eventsAfter(alerts.lastCatalogEventId()));
  }

  const jobs = startCatalogJobs(opened, config, {
    log,
    schedule,
    refreshOnStart: options.refreshOnStart ?? config.catalog.refresh.onStart,
    syncIntervalMs: options.syncIntervalMs ?? 5_000,
  });
  let stopped = false;
  return {
    config,
    clock,
    ...opened,
    startupRefresh: jobs.startupRefresh,
    alerts,
    watch: watching?.watch ?? null,
    stations,
    refresh: jobs.refresh,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await jobs.stop();
      await alerts?.stop();
      await watching?.close();
      await refreshThread?.close();
      stationDb.close();
      store.close();
      log({ event: 'stop' });
    },
  };
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
  // Stations with control.enabled, configured or stored through the API, are driven through
  // hamlib during their scheduled passes; the control follows the stored stations' changes.
  const stationControl = StationControl.start({
    stations: handle.stations,
    catalog: handle.catalog,
    transmitter: (uuid) => handle.transmitters.get(uuid),
    clock: { now: handle.clock },
    onEvent: log,
  });
  // Many-satellite predictions run on worker threads, off the event loop.
  const predictionPool = new PredictionPool();
  const { app, hits } = createApp({
    config: handle.config,
    catalog: handle.catalog,
    clock: handle.clock,
    predictionPool,
    sources: () => sourceStatuses(handle.store, handle.refresher),
    refresh: (request) => handle.refresh(request),
    ready: () => handle.catalog.size > 0,
    log,
    metrics,
    alerts: handle.alerts,
    watch: handle.watch,
    publicUrl: handle.config.alerts.publicUrl,
    transmitters: handle.transmitters,
    stations: handle.stations,
    stationControl,
  });
  // The page is its own Hono app, mounted beside the API (it only talks to the API over HTTP).
  app.route('/', webApp());
  let server: RunningServer;
  try {
    server = await listen(
      app,
      options.host ?? handle.config.server.host,
      options.port ?? handle.config.server.port,
      hits,
    );
  } catch (error) {
    await predictionPool.close();
    await stationControl.stop();
    await handle.stop();
    throw error;
  }
  log({ event: 'listening', host: server.host, port: server.port });
  // The first group request then waits for no thread to start.
  predictionPool.warm();
  return {
    ...handle,
    server,
    stop: async () => {
      await server.close();
      await predictionPool.close();
      await stationControl.stop();
      await handle.stop();
    },
  };
}

/**
 * The command line's use cases over the configuration of `env` (`process.env` by default):
 * what `src/entry.ts` hands the CLI.
 */
export function cliServices(env: Env = process.env, cwd: string = process.cwd()): CliServices {
  const config = () => configFromEnv(env, cwd);
  return {
    serve: () => serveHttp({ env, cwd }),
    refresh: async (request, clock) => refreshOnce(request, { config: config(), clock }),
    catalogReport: async (clock) => catalogReport({ config: config(), clock }),
    observers: async () => config().observers,
    storedCatalog: async (clock) => {
      const c = config();
      return { dataDir: c.dataDir, catalog: storedCatalog({ config: c, clock }) };
    },
    importFile: async (file, group, clock) =>
      importFile(file, { config: config(), clock, group, cwd }),
    stationSchedule: async (name, window, clock) =>
      stationScheduleReport(config(), name, window, clock),
    stationSources: async (clock) => {
      const c = config();
      const stationDb = openStations(c);
      let stations: ReturnType<Stations['view']>;
      try {
        stations = stationDb.stations.view();
      } finally {
        stationDb.close();
      }
      return withStoredCatalog({ config: c, clock }, ({ catalog, transmitters }) => {
        // The transmitter list is read from the store on first use: read it before it closes.
        void transmitters.size;
        return { config: c, stations, catalog, transmitters };
      });
    },
  };
}
