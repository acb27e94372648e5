/**
 * Opening the catalog from its settings: the store in the data directory, the configured
 * sources, a refresher and an in-memory catalog kept in step with it; and the two things the
 * `passwatch refresh` and `passwatch catalog` commands do with it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from './catalog.js';
import { bundledStdMagnitudes } from './magnitudes.js';
import {
  Refresher,
  type RefreshRequest,
  type RefreshSettings,
  type SourceReport,
} from './refresh.js';
import type { CatalogSettings } from './settings.js';
import { type SourceSpec, sourcesFromConfig } from './sources.js';
import { CatalogStore, type StoreOptions } from './store.js';

/** One structured log event; written as one JSON line with a `time` field. */
export type LogEvent = { event: string } & Record<string, unknown>;

/** What the catalog reads of the configuration: its section and the data directory. */
export interface CatalogConfig {
  /** Absolute path of the data directory. */
  dataDir: string;
  catalog: CatalogSettings;
}

/** Path of the store file inside the data directory. */
export function storePath(dataDir: string): string {
  return join(dataDir, 'passwatch.sqlite');
}

/** What `openCatalog` wires up. */
export interface OpenCatalog {
  store: CatalogStore;
  refresher: Refresher;
  catalog: Catalog;
}

/**
 * Open the store (creating the data directory), register the configured sources, and build a
 * refresher and an in-memory catalog kept in step with it. The catalog starts empty: fill it
 * with `catalog.replaceAll(store.loadObjects())`.
 */
export function openCatalog(
  config: CatalogConfig,
  options: {
    clock: () => number;
    log: (event: LogEvent) => void;
    specs?: SourceSpec[];
    fetch?: typeof fetch;
    storeOptions?: Omit<StoreOptions, 'magnitudes'>;
  },
): OpenCatalog {
  const { clock, log } = options;
  const specs = options.specs ?? sourcesFromConfig(config.catalog);
  mkdirSync(config.dataDir, { recursive: true });
  const magnitudes = bundledStdMagnitudes();
  const store = CatalogStore.open(storePath(config.dataDir), {
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
    onOutcome: (report) => log(refreshEvent(report)),
    onCommit: (source, changes, records) =>
      catalog.apply({ upserts: records, removed: changes.removed, sources: [source] }),
  });
  return { store, refresher, catalog };
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

/**
 * Refresh the store once (the `passwatch refresh` command) and close it.
 *
 * @throws UnknownSourceError
 */
export async function refreshStore(
  config: CatalogConfig,
  request: RefreshRequest,
  options: { clock?: () => number; fetch?: typeof fetch; log?: (event: LogEvent) => void } = {},
): Promise<SourceReport[]> {
  const { store, refresher } = openCatalog(config, {
    clock: options.clock ?? Date.now,
    log: options.log ?? (() => {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    return await refresher.refresh(request);
  } finally {
    store.close();
  }
}

/** The catalog's state for `passwatch catalog`: summary, groups and every source's status. */
export interface CatalogReport {
  nowMs: number;
  summary: ReturnType<Catalog['summary']>;
  groups: ReturnType<Catalog['groups']>;
  sources: ReturnType<Refresher['status']>;
}

/** Read the store's catalog state without refreshing anything. */
export function readCatalogReport(
  config: CatalogConfig,
  options: { clock?: () => number } = {},
): CatalogReport {
  const clock = options.clock ?? Date.now;
  const { store, refresher, catalog } = openCatalog(config, { clock, log: () => {} });
  try {
    catalog.replaceAll(store.loadObjects(), ['startup']);
    const nowMs = clock();
    return {
      nowMs,
      summary: catalog.summary(nowMs),
      groups: catalog.groups(),
      sources: refresher.status(),
    };
  } finally {
    store.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
