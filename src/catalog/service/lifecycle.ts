/**
 * The catalog as the server runs it: filled from the store (the bundled snapshot first when the
 * store is empty), kept in step with changes other processes commit, and refreshed on schedule.
 */
import { describeError, type Log } from '../../log.js';
import type { Catalog } from '../catalog.js';
import { type RefreshRequest, type SourceReport, UnknownSourceError } from '../refresh.js';
import { type RefreshJob, startRefreshJob } from '../schedule.js';
import { loadSnapshotIfEmpty } from '../snapshot.js';
import { type SourceSpec, sourcesFromConfig } from '../sources.js';
import { TRANSMITTER_SOURCE_NAME } from '../transmitters/index.js';
import type { CatalogConfig, OpenCatalog } from './open.js';

const DAY_MS = 86_400_000;

/**
 * Load the bundled snapshot into an empty store (when `catalog.snapshot` is on), then fill the
 * in-memory catalog from the store, logging both. Closes the store if loading fails.
 */
export function loadCatalog(
  opened: OpenCatalog,
  config: CatalogConfig,
  options: { clock: () => number; log: Log; specs?: readonly SourceSpec[]; snapshotDir?: string },
): void {
  const { store, catalog } = opened;
  const { clock, log } = options;
  try {
    if (config.catalog.snapshot) {
      const load = loadSnapshotIfEmpty(store, options.specs ?? sourcesFromConfig(config.catalog), {
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
}

/** The running catalog jobs of `startCatalogJobs`. */
export interface CatalogJobs {
  /** The start-up refresh, when one was started. */
  startupRefresh: Promise<SourceReport[]> | null;
  /** Refresh now (see `RefreshRequest`). */
  refresh(request?: RefreshRequest): Promise<SourceReport[]>;
  /** Stop the jobs and the store sync, and wait for a running refresh. Leaves the store open. */
  stop(): Promise<void>;
}

/**
 * Keep the catalog in step with changes committed by other processes (`passwatch refresh`,
 * `import`), and, with `schedule`, refresh the element sources and the transmitter list on
 * their cron schedules.
 */
export function startCatalogJobs(
  opened: OpenCatalog,
  config: CatalogConfig,
  options: {
    log: Log;
    /** Start the cron jobs. */
    schedule: boolean;
    /** Refresh due sources now. */
    refreshOnStart: boolean;
    /** How often to look for changes committed by another process, ms. */
    syncIntervalMs: number;
  },
): CatalogJobs {
  const { store, catalog, refresher, transmitters } = opened;
  const { log } = options;
  let lastVersion = store.dataVersion();
  let lastObjects = store.objectsVersion();
  const sync = setInterval(() => {
    // A write of the refresher's (on its worker's connection too) is applied when it returns.
    if (refresher.writing) return;
    const version = store.dataVersion();
    if (version === lastVersion) return;
    lastVersion = version;
    // Another connection committed. The objects are as applied here if no commit changed them
    // but the refresher's own writes (on its worker thread), each from the version before it.
    let applied = lastObjects;
    for (const w of refresher.takeWrittenVersions()) if (w.before === applied) applied = w.after;
    const objects = store.objectsVersion();
    lastObjects = objects;
    if (objects === applied) return;
    catalog.replaceAll(store.loadObjects(), ['store']);
  }, options.syncIntervalMs);

  const refresh = (request: RefreshRequest = {}) =>
    refreshWithTransmitters(config, opened, request);
  const jobs: RefreshJob[] = [];
  if (options.schedule) {
    jobs.push(
      startRefreshJob({
        schedule: config.catalog.refresh.schedule,
        timezone: config.catalog.refresh.timezone,
        jitterMs: config.catalog.refresh.jitterMinutes * 60_000,
        run: () => refresh(),
        onError: (error) =>
          log({ event: 'error', where: 'refresh job', message: describeError(error) }),
      }),
    );
  }
  if (options.schedule && config.catalog.transmitters.enabled) {
    jobs.push(
      startRefreshJob({
        schedule: config.catalog.transmitters.schedule,
        timezone: 'UTC',
        jitterMs: config.catalog.refresh.jitterMinutes * 60_000,
        run: () => transmitters.refresh(),
        onError: (error) =>
          log({ event: 'error', where: 'transmitter refresh job', message: describeError(error) }),
      }),
    );
  }
  const startupRefresh = options.refreshOnStart ? refresh() : null;
  startupRefresh?.catch((error) =>
    log({ event: 'error', where: 'start-up refresh', message: describeError(error) }),
  );
  return {
    startupRefresh,
    refresh,
    stop: async () => {
      clearInterval(sync);
      for (const job of jobs) await job.stop();
      await refresher.stop();
      await transmitters.stop();
    },
  };
}

/**
 * Refresh the element sources, or, when the request names `satnogs:transmitters`, also the
 * SatNOGS transmitter list (which otherwise has its own daily job).
 *
 * @throws UnknownSourceError when a requested name matches no source.
 */
export async function refreshWithTransmitters(
  config: CatalogConfig,
  opened: Pick<OpenCatalog, 'refresher' | 'transmitters'>,
  request: RefreshRequest,
): Promise<SourceReport[]> {
  const { refresher, transmitters } = opened;
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

function logCatalog(catalog: Catalog, nowMs: number, log: Log): void {
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
