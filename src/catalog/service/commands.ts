/**
 * The catalog's one-shot use cases behind the `passwatch refresh`, `catalog`, `import` and
 * `passes` commands: each opens the data directory's store, does its work and closes it.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import { parseElements } from '../../core/elements/index.js';
import type { Log } from '../../log.js';
import type { Catalog } from '../catalog.js';
import type { Refresher, RefreshRequest, SourceReport, SourceStatus } from '../refresh.js';
import type { CatalogReport } from '../report.js';
import { sourcesFromConfig } from '../sources.js';
import type { CatalogStore } from '../store.js';
import { loadCatalog, refreshWithTransmitters } from './lifecycle.js';
import { type CatalogConfig, openCatalog } from './open.js';

const quiet: Log = () => {};

/**
 * Refresh the store once (the `passwatch refresh` command) and close it.
 *
 * @throws UnknownSourceError
 */
export async function refreshOnce(
  request: RefreshRequest,
  options: { config: CatalogConfig; clock: () => number; fetch?: typeof fetch; log?: Log },
): Promise<SourceReport[]> {
  const { config } = options;
  const opened = openCatalog(config, {
    clock: options.clock,
    log: options.log ?? quiet,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    return await refreshWithTransmitters(config, opened, request);
  } finally {
    opened.store.close();
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

/** Read the store's catalog state (the `passwatch catalog` command) without refreshing anything. */
export function catalogReport(options: {
  config: CatalogConfig;
  clock: () => number;
}): CatalogReport {
  const { config, clock } = options;
  const { store, refresher, catalog } = openCatalog(config, { clock, log: quiet });
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
 * The catalog `serve` keeps fresh, read once for a command-line prediction: the data directory's
 * store, with the bundled snapshot loaded into it first when it is empty (as `serve` does).
 * The store is closed before this returns; the records stay in memory.
 */
export function storedCatalog(options: { config: CatalogConfig; clock: () => number }): Catalog {
  return withStoredCatalog(options, ({ catalog }) => catalog);
}

/**
 * Run `use` on the data directory's catalog (filled as by `storedCatalog`) and transmitter list,
 * then close the store.
 */
export function withStoredCatalog<T>(
  options: { config: CatalogConfig; clock: () => number },
  use: (opened: ReturnType<typeof openCatalog>) => T,
): T {
  const { config, clock } = options;
  const specs = sourcesFromConfig(config.catalog);
  const opened = openCatalog(config, { clock, log: quiet, specs });
  loadCatalog(opened, config, { clock, log: quiet, specs });
  try {
    return use(opened);
  } finally {
    opened.store.close();
  }
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
 * @throws ImportError
 */
export function importFile(
  file: string,
  options: {
    config: CatalogConfig;
    clock: () => number;
    group?: string | null;
    /** Directory a relative `file` is read from; the process's by default. */
    cwd?: string;
  },
): ImportReport {
  const { config, clock } = options;
  const path = options.cwd === undefined ? resolvePath(file) : resolvePath(options.cwd, file);
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
  const { store } = openCatalog(config, { clock, log: quiet });
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
