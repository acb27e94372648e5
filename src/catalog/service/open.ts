/**
 * Opening the catalog: the data directory's store with the configured sources registered, a
 * refresher, the in-memory catalog kept in step with it and the SatNOGS transmitter list.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, type Log, type LogEvent } from '../../log.js';
import { Catalog } from '../catalog.js';
import { catalogStdMagnitude } from '../magnitudes.js';
import {
  Refresher,
  type RefresherOptions,
  type RefreshSettings,
  type SourceReport,
} from '../refresh.js';
import type { CatalogSettings } from '../settings.js';
import { type SourceSpec, sourcesFromConfig } from '../sources.js';
import { CatalogStore, type StoreOptions } from '../store.js';
import { TransmitterSource } from '../transmitters/index.js';

/** What the catalog reads of the configuration: the data directory and its own section. */
export interface CatalogConfig {
  dataDir: string;
  catalog: CatalogSettings;
}

/** What `openCatalog` wires up. */
export interface OpenCatalog {
  store: CatalogStore;
  refresher: Refresher;
  catalog: Catalog;
  transmitters: TransmitterSource;
}

export interface OpenCatalogOptions {
  clock: () => number;
  log: Log;
  specs?: SourceSpec[];
  fetch?: typeof fetch;
  storeOptions?: Omit<StoreOptions, 'magnitudes'>;
  /** Schedules network-failure retries (the server); none when absent. */
  setTimer?: (run: () => void, delayMs: number) => () => void;
  /**
   * Judges fetched bodies and writes them (`RefresherOptions.loader`, e.g. a `RefreshThread` on
   * this store's file); in this thread through the store when absent.
   */
  loader?: RefresherOptions['loader'];
}

/** Path of the store file inside the data directory. */
export function storePath(config: { dataDir: string }): string {
  return join(config.dataDir, 'passwatch.sqlite');
}

/**
 * Open the store (creating the data directory), register the configured sources, and build a
 * refresher and an in-memory catalog kept in step with it. The catalog starts empty: fill it
 * with `catalog.replaceAll(store.loadObjects())`.
 */
export function openCatalog(config: CatalogConfig, options: OpenCatalogOptions): OpenCatalog {
  const { clock, log } = options;
  const specs = options.specs ?? sourcesFromConfig(config.catalog);
  // Private when passwatch creates it: the stores hold webhook secrets.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = CatalogStore.open(storePath(config), {
    ...options.storeOptions,
    magnitudes: catalogStdMagnitude,
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
      log({ event: 'error', where: 'catalog change listener', message: describeError(error) }),
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
  const settings = refreshSettings(config.catalog);
  const refresher = new Refresher({
    store,
    sources: specs,
    settings,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.setTimer ? { setTimer: options.setTimer } : {}),
    ...(options.loader ? { loader: options.loader } : {}),
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
    ...(options.setTimer ? { setTimer: options.setTimer } : {}),
    onOutcome: (report) => log(refreshEvent(report)),
  });
  return { store, refresher, catalog, transmitters };
}

/** The refresher's settings from the catalog section. */
export function refreshSettings(catalog: CatalogSettings): RefreshSettings {
  return {
    timeoutMs: catalog.refresh.timeoutSeconds * 1000,
    maxBytes: Math.round(catalog.refresh.maxBodyMegabytes * 1024 * 1024),
    backoffBaseMs: catalog.refresh.backoffBaseMinutes * 60_000,
    backoffMaxMs: catalog.refresh.backoffMaxMinutes * 60_000,
    maxDropShare: catalog.refresh.maxDropShare,
    historyDays: catalog.historyDays,
  };
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
