/**
 * A catalog watch over real stores in a directory, fed like a refresh feeds it: `load` replaces
 * the one source's element sets in the catalog store and the in-memory catalog at a given time.
 * Used by the watch tests, the kill child and `measure-slices.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog, CatalogStore } from '../../src/catalog/index.js';
import type { ElementSet } from '../../src/core/elements/index.js';
import {
  Watch,
  type WatchEvent,
  type WatchOptions,
  WatchStore,
  watchSettings,
} from '../../src/watch/index.js';

export const JULY_MS = Date.parse('2026-07-12T12:00:00Z');
export const AUGUST_MS = Date.parse('2026-08-22T03:00:00Z');
export const SOURCE = {
  name: 'celestrak:active',
  kind: 'celestrak-group' as const,
  location: 'GROUP=active',
  groups: ['active'],
};

export type WatchUnderTest = ReturnType<typeof watchUnderTest>;

export function watchUnderTest(
  dir = mkdtempSync(join(tmpdir(), 'passwatch-watch-')),
  options: Partial<
    Omit<WatchOptions, 'store' | 'catalogStore' | 'catalog' | 'clock' | 'settings'>
  > & {
    settings?: unknown;
    /** Standard magnitudes of the catalog store (default none). */
    magnitudes?: (noradId: number, meanMotionRevPerDay: number) => number | null;
  } = {},
) {
  const clock = { nowMs: JULY_MS };
  const { settings, magnitudes, ...rest } = options;
  const catalogStore = CatalogStore.open(
    join(dir, 'passwatch.sqlite'),
    magnitudes ? { magnitudes } : {},
  );
  const store = WatchStore.open(join(dir, 'watch.sqlite'));
  const catalog = new Catalog({ clock: () => clock.nowMs, staleAfterDays: 14 });
  const logs: Record<string, unknown>[] = [];
  const published: WatchEvent[] = [];
  const watch = new Watch({
    log: (e) => logs.push(e),
    onEvents: (events) => published.push(...events),
    ...rest,
    settings: watchSettings.parse(settings ?? {}),
    store,
    catalogStore,
    catalog,
    clock: () => clock.nowMs,
  });
  const load = (elements: readonly ElementSet[], atMs: number) => {
    clock.nowMs = atMs;
    catalogStore.replaceSource({
      source: SOURCE,
      elements,
      origin: 'network',
      outcome: 'updated',
      startedMs: atMs,
      finishedMs: atMs,
      historyDays: 400,
    });
    catalog.replaceAll(catalogStore.loadObjects(), [SOURCE.name]);
  };
  const close = async () => {
    await watch.stop();
    store.close();
    catalogStore.close();
  };
  return { dir, clock, catalogStore, store, catalog, watch, logs, published, load, close };
}
