/**
 * Composition root: the only reader of `process.env`. Loads the config, opens the store, loads
 * the bundled snapshot into an empty store, builds the in-memory catalog and starts the refresh
 * job. The HTTP server (issue 4) and the alert planner (issue 5) attach to the handle.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve as resolvePath } from 'node:path';
import { Alerts, type AlertsOptions, alertStorePath } from './alerts/index.js';
import { createApp } from './api/app.js';
import { Metrics } from './api/metrics.js';
import { listen, type RunningServer } from './api/server.js';
import type { CatalogReport } from './catalog/index.js';
import {
  bundledStdMagnitudes,
  Catalog,
  CatalogStore,
  loadSnapshotIfEmpty,
  Refresher,
  type RefreshJob,
  type RefreshRequest,
  type RefreshSettings,
  type SourceReport,
  type SourceSpec,
  type SourceStatus,
  type StoreOptions,
  sourcesFromConfig,
  startRefreshJob,
  UnknownSourceError,
  USER_AGENT,
  unrefTimer,
} from './catalog/index.js';
import { TRANSMITTER_SOURCE_NAME, TransmitterSource } from './catalog/transmitters/index.js';
import { type Config, type Env, loadConfig } from './config/index.js';
import { parseElements } from './core/elements/index.js';
import { scheduleJson, scheduleStation, stationSpec } from './station/service.js';
import { VERSION } from './version.js';
import { startWatch, type Watch } from './watch/index.js';
import { webApp } from './web/index.js';

const DAY_MS = 86_400_000;

/** One structured log event; written as one JSON line with a `time` field. */
export type LogEvent = { event: string } & Record<string, unknown>;

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
  /** Refresh now (see `RefreshRequest`), logging each outcome. */
  refresh(request?: RefreshRequest): Promise<SourceReport[]>;
  /** Stop the job, wait for a running refresh, close the store. */
  stop(): Promise<void>;
}

/** Path of the store file inside the data directory. */
export function storePath(config: Config): string {
  return join(config.dataDir, 'passwatch.sqlite');
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
  const { store, refresher, catalog, transmitters } = openCatalog(config, {
    clock,
    log,
    specs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.storeOptions ? { storeOptions: options.storeOptions } : {}),
    ...((options.schedule ?? true) ? { setTimer: options.setTimer ?? unrefTimer } : {}),
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

  const watching = config.watch.enabled
    ? startWatch({
        settings: config.watch,
        dataDir: config.dataDir,
        catalogStore: store,
        catalog,
        clock,
        log,
        onEvents: (events) => alerts?.catalogEvents(events),
      })
    : null;
  // Events stored while the alerts were not running (a crash, a restart) are delivered now.
  if (watching && alerts) {
    alerts.catalogEvents(watching.watch.store.eventsAfter(alerts.lastCatalogEventId()));
  }

  let lastVersion = store.dataVersion();
  const sync = setInterval(() => {
    const version = store.dataVersion();
    if (version === lastVersion) return;
    lastVersion = version;
    catalog.replaceAll(store.loadObjects(), ['store']);
  }, options.syncIntervalMs ?? 5_000);

  const refresh = (request: RefreshRequest = {}) =>
    refreshWithTransmitters(config, refresher, transmitters, request);
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
  let transmitterJob: RefreshJob | null = null;
  if ((options.schedule ?? true) && config.catalog.transmitters.enabled) {
    transmitterJob = startRefreshJob({
      schedule: config.catalog.transmitters.schedule,
      timezone: 'UTC',
      jitterMs: config.catalog.refresh.jitterMinutes * 60_000,
      run: () => transmitters.refresh(),
      onError: (error) =>
        log({ event: 'error', where: 'transmitter refresh job', message: describe(error) }),
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
    transmitters,
    startupRefresh,
    alerts,
    watch: watching?.watch ?? null,
    refresh,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(sync);
      await job?.stop();
      await transmitterJob?.stop();
      await refresher.stop();
      await transmitters.stop();
      await alerts?.stop();
      await watching?.close();
      store.close();
      log({ event: 'stop' });
    },
  };
}

/** What `openCatalog` wires up. */
export interface OpenCatalog {
  store: CatalogStore;
  refresher: Refresher;
  catalog: Catalog;
  transmitters: TransmitterSource;
}

/**
 * Refresh the element sources, or, when the request names `satnogs:transmitters`, also the
 * SatNOGS transmitter list (which otherwise has its own daily job).
 *
 * @throws UnknownSourceError when a requested name matches no source.
 */
export async function refreshWithTransmitters(
  config: Config,
  refresher: Refresher,
  transmitters: TransmitterSource,
  request: RefreshRequest,
): Promise<SourceReport[]> {
  const names = request.sources ?? [];
  const elementNames = names.filter((n) => n !== TRANSMITTER_SOURCE_NAME);
  const wantsTransmitters = elementNames.length < names.length;
  const reports =
    names.length > 0 && elementNames.length === 0
      ? []
      : await refresher.refresh(names.length > 0 ? { ...request, sources: elementNames } : request);
  if (wantsTransmitters) {
    if (!config.catalog.transmitters.enabled) {
      throw new UnknownSourceError(
        `${TRANSMITTER_SOURCE_NAME} is off (catalog.transmitters.enabled is false)`,
      );
    }
    reports.push(await transmitters.refresh({ force: Boolean(request.force) }));
  }
  return reports;
}

/**
 * Open the store (creating the data directory), register the configured sources, and build a
 * refresher and an in-memory catalog kept in step with it. The catalog starts empty: fill it
 * with `catalog.replaceAll(store.loadObjects())`.
 */
export function openCatalog(
  config: Config,
  options: {
    clock: () => number;
    log: (event: LogEvent) => void;
    specs?: SourceSpec[];
    fetch?: typeof fetch;
    storeOptions?: Omit<StoreOptions, 'magnitudes'>;
    /** Schedules network-failure retries (the server); none when absent. */
    setTimer?: (run: () => void, delayMs: number) => () => void;
  },
): OpenCatalog {
  const { clock, log } = options;
  const specs = options.specs ?? sourcesFromConfig(config.catalog);
  // Private when passwatch creates it: the stores hold webhook secrets.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const magnitudes = bundledStdMagnitudes();
  const store = CatalogStore.open(storePath(config), {
    ...options.storeOptions,
    magnitudes: (id) => magnitudes.get(id) ?? null,
  });
  try {
    store.syncSources(specs, clock());
  } catch (error) {
    store.close();
    throw error;
  }
  const catalog = new Catalog({
    clock,
    staleAfterDays: config.catalog.staleDays,
    onListenerError: (error) =>
      log({ event: 'error', where: 'catalog change listener', message: describe(error) }),
  });
  catalog.onChange((change) =>
    log({
      event: 'catalog-change',
      sources: change.sources,
      version: change.version,
      added: change.added.length,
      changed: change.changed.length,
      removed: change.removed.length,
      updated: change.updated.length,
    }),
  );
  const settings: RefreshSettings = {
    timeoutMs: config.catalog.refresh.timeoutSeconds * 1000,
    maxBytes: Math.round(config.catalog.refresh.maxBodyMegabytes * 1024 * 1024),
    backoffBaseMs: config.catalog.refresh.backoffBaseMinutes * 60_000,
    backoffMaxMs: config.catalog.refresh.backoffMaxMinutes * 60_000,
    maxDropShare: config.catalog.refresh.maxDropShare,
    historyDays: config.catalog.historyDays,
  };
  const refresher = new Refresher({
    store,
    sources: specs,
    settings,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.setTimer ? { setTimer: options.setTimer } : {}),
    onOutcome: (report) => log(refreshEvent(report)),
    onCommit: (source, changes, records) =>
      catalog.apply({ upserts: records, removed: changes.removed, sources: [source] }),
  });
  const transmitters = new TransmitterSource({
    store,
    baseUrl: config.catalog.transmitters.baseUrl,
    settings,
    minIntervalMs: config.catalog.transmitters.minIntervalHours * 3_600_000,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onOutcome: (report) => log(refreshEvent(report)),
  });
  return { store, refresher, catalog, transmitters };
}

/**
 * Refresh the store once (the `passwatch refresh` command) and close it.
 *
 * @throws ConfigError, UnknownSourceError
 */
export async function refreshOnce(
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
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const { store, refresher, transmitters } = openCatalog(config, {
    clock: options.clock ?? Date.now,
    log: options.log ?? (() => {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    return await refreshWithTransmitters(config, refresher, transmitters, request);
  } finally {
    store.close();
  }
}

/** Every source with its state: the configured ones, then imported files. */
export function sourceStatuses(store: CatalogStore, refresher: Refresher): SourceStatus[] {
  return [
    ...refresher.status(),
    ...store
      .sourceStates()
      .filter((st) => st.kind === 'import')
      .map((st) => ({
        spec: {
          name: st.name,
          kind: st.kind,
          location: st.location,
          format: 'auto' as const,
          groups: st.groups,
          celestrak: false,
          minIntervalMs: 0,
        },
        state: st,
        // Never fetched: imported again by hand.
        nextAttemptMs: Number.POSITIVE_INFINITY,
      })),
  ];
}

/** What `passwatch import` did. */
export interface ImportReport {
  /** The store source holding the file's element sets: `import:<file name>`. */
  source: string;
  path: string;
  group: string | null;
  /** Element sets loaded, and bad records left out (`line N: reason`). */
  elements: number;
  issues: string[];
  added: number;
  changed: number;
  removed: number;
}

/** A file could not be imported (unreadable, no valid element set): nothing was stored. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/**
 * Load a TLE/3LE/OMM file into the data directory's store as its own source
 * (`import:<file name>`, data origin `file`), all or nothing. Importing the same file again
 * replaces what it brought before. A running server picks the change up within seconds.
 *
 * @throws ConfigError, ImportError
 */
export function importFile(
  file: string,
  options: {
    group?: string | null;
    env?: Env;
    cwd?: string;
    config?: Config;
    clock?: () => number;
  } = {},
): ImportReport {
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const clock = options.clock ?? Date.now;
  const path = resolvePath(options.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ImportError(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  const parsed = parseElements(text, `file:${path}`);
  const issues = parsed.issues.map((i) => `line ${i.line}: ${i.reason}`);
  if (parsed.elements.length === 0) {
    throw new ImportError(
      `no valid element set in ${file}${issues.length ? `: ${issues[0]}` : ''}; nothing was imported`,
    );
  }
  const group = options.group ?? null;
  const { store } = openCatalog(config, { clock, log: () => {} });
  try {
    const startedMs = clock();
    const source = `import:${basename(path)}`;
    const result = store.replaceSource({
      source: { name: source, kind: 'import', location: path, groups: group ? [group] : [] },
      elements: parsed.elements,
      origin: 'file',
      outcome: 'updated',
      startedMs,
      finishedMs: clock(),
      historyDays: config.catalog.historyDays,
      issues,
      reason: `imported ${parsed.elements.length} element sets from ${path}`,
    });
    return {
      source,
      path,
      group,
      elements: parsed.elements.length,
      issues,
      added: result.objects.added.length,
      changed: result.objects.changed.length,
      removed: result.objects.removed.length,
    };
  } finally {
    store.close();
  }
}

/** The log event for one source's refresh outcome. */
export function refreshEvent(r: SourceReport): LogEvent {
  return {
    event: 'refresh',
    source: r.source,
    outcome: r.outcome,
    reason: r.reason,
    httpStatus: r.httpStatus,
    bytes: r.bytes,
    objectsBefore: r.objects?.before ?? null,
    objectsAfter: r.objects?.after ?? null,
    added: r.objects?.added ?? null,
    changed: r.objects?.changed ?? null,
    removed: r.objects?.removed ?? null,
    issues: r.issues.length,
    firstIssues: r.issues.slice(0, 3),
    durationMs: Math.round(r.finishedMs - r.startedMs),
    nextAttempt: new Date(r.nextAttemptMs).toISOString(),
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

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The catalog's state for `passwatch catalog`: summary, groups and every source's status. */
export type { CatalogReport };

/**
 * Read the store's catalog state without refreshing anything.
 *
 * @throws ConfigError
 */
/**
 * The catalog `serve` keeps fresh, read once for a command-line prediction: the data directory's
 * store, with the bundled snapshot loaded into it first when it is empty (as `serve` does).
 * The store is closed before this returns; the records stay in memory.
 */
export function storedCatalog(
  options: { env?: Env; cwd?: string; config?: Config; clock?: () => number } = {},
): { config: Config; catalog: Catalog } {
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const clock = options.clock ?? Date.now;
  const specs = sourcesFromConfig(config.catalog);
  const { store, catalog } = openCatalog(config, { clock, log: () => {}, specs });
  try {
    if (config.catalog.snapshot) {
      loadSnapshotIfEmpty(store, specs, {
        nowMs: clock(),
        historyDays: config.catalog.historyDays,
      });
    }
    catalog.replaceAll(store.loadObjects(), ['startup']);
    return { config, catalog };
  } finally {
    store.close();
  }
}

export function catalogReport(
  options: { env?: Env; cwd?: string; config?: Config; clock?: () => number } = {},
): CatalogReport {
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const clock = options.clock ?? Date.now;
  const { store, refresher, catalog } = openCatalog(config, { clock, log: () => {} });
  try {
    catalog.replaceAll(store.loadObjects(), ['startup']);
    const nowMs = clock();
    return {
      nowMs,
      summary: catalog.summary(nowMs),
      groups: catalog.groups(),
      sources: sourceStatuses(store, refresher),
    };
  } finally {
    store.close();
  }
}

/**
 * A configured station's schedule from the stored catalog and transmitter list (the `passwatch
 * schedule` command); fetches nothing.
 *
 * @throws ConfigError, UnknownStationError
 */
export function stationScheduleReport(
  name: string,
  window: { startMs?: number; days: number },
  options: { env?: Env; cwd?: string; config?: Config; clock?: () => number } = {},
): { config: Config; json: ReturnType<typeof scheduleJson> } {
  const config = options.config ?? configFromEnv(options.env, options.cwd);
  const clock = options.clock ?? Date.now;
  stationSpec(config, name);
  const { store, catalog, transmitters } = openCatalog(config, { clock, log: () => {} });
  try {
    if (config.catalog.snapshot) {
      loadSnapshotIfEmpty(store, sourcesFromConfig(config.catalog), {
        nowMs: clock(),
        historyDays: config.catalog.historyDays,
      });
    }
    catalog.replaceAll(store.loadObjects(), ['startup']);
    const startMs = window.startMs ?? Math.floor(clock() / 60_000) * 60_000;
    const schedule = scheduleStation(
      config,
      name,
      { catalog, transmitter: (uuid) => transmitters.get(uuid) },
      { startMs, endMs: startMs + window.days * DAY_MS },
    );
    const observer = config.observers[config.stations[name]!.observer];
    return { config, json: scheduleJson(schedule, catalog, observer?.timezone ?? null) };
  } finally {
    store.close();
  }
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
    sources: () => sourceStatuses(handle.store, handle.refresher),
    refresh: (request) => handle.refresh(request),
    ready: () => handle.catalog.size > 0,
    log,
    metrics,
    alerts: handle.alerts,
    watch: handle.watch,
    publicUrl: handle.config.alerts.publicUrl,
    transmitters: handle.transmitters,
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
