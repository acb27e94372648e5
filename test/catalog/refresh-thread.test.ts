/**
 * The service parses and writes fetched catalogues on a worker thread: a refresh stores exactly
 * what parsing and writing on the main thread stores (same report, same records, same rejected
 * records), and neither parses nor writes element sets on the main thread.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CatalogChange, CatalogStore } from '../../src/catalog/index.js';
import { localLoader } from '../../src/catalog/loader.js';
import { RECORD_PAGE, RefreshThread } from '../../src/catalog/refresh-thread.js';
import { openCatalog, refreshOnce, storePath } from '../../src/catalog/service/index.js';
import { type PasswatchHandle, startPasswatch } from '../../src/main.js';
import { fixture, TestClock, tempDir, testConfig } from './helpers.js';

// Every parse on this thread goes through the core's parseElements; the worker thread loads its
// own copy of the core, which this does not count.
const parses = vi.hoisted(() => ({ mainThread: 0 }));
vi.mock('../../src/core/elements/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/core/elements/index.js')>();
  return {
    ...core,
    parseElements: (...args: Parameters<typeof core.parseElements>) => {
      parses.mainThread++;
      return core.parseElements(...args);
    },
  };
});

const handles: PasswatchHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.stop();
});

async function refreshed(parseOnWorker: boolean, file: string) {
  const handle = await startPasswatch({
    config: testConfig({
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'amateur', path: file, groups: ['amateur'] }]),
    }),
    clock: new TestClock(Date.parse('2026-08-22T12:00:00Z')).now,
    log: () => {},
    schedule: false,
    refreshOnStart: false,
    alerts: false,
    parseOnWorker,
  });
  handles.push(handle);
  parses.mainThread = 0;
  // Source writes on this thread (the worker thread has its own CatalogStore class).
  const writes = vi.spyOn(CatalogStore.prototype, 'replaceSource');
  const reports = await handle.refresh({ sources: ['amateur'], force: true });
  const mainThreadWrites = writes.mock.calls.length;
  writes.mockRestore();
  const report = reports.find((r) => r.source === 'amateur')!;
  return { handle, report, mainThreadParses: parses.mainThread, mainThreadWrites };
}

describe('a refresh in the service', () => {
  it('parses and writes on a worker thread, and stores what the main thread stores', async () => {
    // The amateur list with one record broken (a bad checksum is left out and reported).
    const dir = tempDir();
    const file = join(dir, 'amateur.tle');
    copyFileSync(new URL('../fixtures/elements/amateur.tle', import.meta.url), file);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = `${lines[2]!.slice(0, -1)}${(Number(lines[2]!.at(-1)) + 1) % 10}`;
    writeFileSync(file, lines.join('\n'));

    const worker = await refreshed(true, file);
    const local = await refreshed(false, file);
    expect(local.mainThreadParses).toBeGreaterThan(0);
    expect(worker.mainThreadParses).toBe(0);
    expect(local.mainThreadWrites).toBe(1);
    expect(worker.mainThreadWrites).toBe(0);
    expect(worker.report.reason).toMatch(/left out 1/);
    expect(worker.report.outcome).toBe('updated');
    expect(worker.report.issues).toHaveLength(1);
    const { startedMs: _a, finishedMs: _b, nextAttemptMs: _c, ...w } = worker.report;
    const { startedMs: _d, finishedMs: _e, nextAttemptMs: _f, ...l } = local.report;
    expect(w).toEqual(l);
    expect(worker.handle.catalog.size).toBeGreaterThan(50);
    expect(worker.handle.catalog.records()).toEqual(local.handle.catalog.records());
    // What the worker committed is what this thread's connection reads.
    expect(worker.handle.store.loadObjects()).toEqual(local.handle.store.loadObjects());
    expect(worker.handle.store.refreshLog()[0]).toMatchObject({
      source: 'amateur',
      outcome: 'updated',
      issues: 1,
    });
  });
});

describe('the service watching the store for other processes', () => {
  it('does not reload after its own worker write, and reloads after another process commits', async () => {
    const dir = tempDir();
    const file = join(dir, 'ham.tle');
    copyFileSync(new URL('../fixtures/elements/amateur.tle', import.meta.url), file);
    const clock = new TestClock(Date.parse('2026-08-22T12:00:00Z'));
    const config = testConfig({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'ham', path: file, groups: ['ham'] }]),
    });
    const handle = await startPasswatch({
      config,
      clock: clock.now,
      log: () => {},
      schedule: false,
      refreshOnStart: false,
      alerts: false,
      parseOnWorker: true,
      syncIntervalMs: 10,
    });
    handles.push(handle);
    const changes: CatalogChange[] = [];
    handle.catalog.onChange((c) => changes.push(c));
    const loads = vi.spyOn(handle.store, 'loadObjects');
    const looks = vi.spyOn(handle.store, 'dataVersion');

    const [own] = await handle.refresh({ sources: ['ham'], force: true });
    expect(own!.outcome).toBe('updated');
    expect(changes.map((c) => c.sources)).toEqual([['ham']]);
    const added = changes[0]!.added.length;
    expect(added).toBeGreaterThan(50);
    // The worker's commit is another connection's: the watch sees it, and knows it as its own.
    const looked = looks.mock.calls.length;
    await expect.poll(() => looks.mock.calls.length).toBeGreaterThan(looked + 3);
    expect(loads).not.toHaveBeenCalled();

    // Another process (`passwatch refresh`) stores the list without its first 10 objects.
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.slice(30).join('\n'));
    clock.advance(60_000);
    const [other] = await refreshOnce(
      { sources: ['ham'], force: true },
      { config, clock: clock.now },
    );
    expect(other!.outcome).toBe('updated');
    await expect.poll(() => changes.length).toBe(2);
    expect(changes[1]!.sources).toEqual(['store']);
    expect(changes[1]!.removed).toHaveLength(10);
    expect(handle.catalog.size).toBe(added - 10);
    expect(loads).toHaveBeenCalledTimes(1);
  });
});

describe('a RefreshThread', () => {
  it('writes a whole catalogue as this thread would, its records handed back in pages', async () => {
    const body = {
      status: 200,
      contentType: 'text/csv',
      text: fixture('catalog/active-2026-07-10.csv.gz'),
      bytes: 0,
      retryAfterMs: null,
    };
    const write = async (onThread: boolean) => {
      const config = testConfig({
        PASSWATCH_GROUPS: '',
        PASSWATCH_SOURCES: JSON.stringify([{ name: 'all', path: '/nowhere.csv' }]),
      });
      const thread = onThread ? new RefreshThread(storePath(config)) : null;
      const opened = openCatalog(config, { clock: () => 0, log: () => {} });
      const loader = thread ?? localLoader(opened.store);
      try {
        const spec = opened.refresher.sources[0]!;
        const verdict = await loader.judge(spec, body, 0.1);
        if (verdict.kind !== 'parsed') throw new Error(`not parsed: ${verdict.kind}`);
        const result = await loader.write({
          source: spec,
          origin: 'file',
          outcome: 'updated',
          startedMs: 1,
          finishedMs: 2,
          historyDays: 30,
        });
        return { ids: verdict.noradIds, result, stored: opened.store.loadObjects() };
      } finally {
        await thread?.close();
        opened.store.close();
      }
    };
    const worker = await write(true);
    const local = await write(false);
    expect(worker.ids).toHaveLength(15_985);
    expect(worker.ids).toEqual(local.ids);
    expect(worker.result.records.length).toBeGreaterThan(10 * RECORD_PAGE);
    expect(worker.result).toEqual(local.result);
    expect(worker.stored).toEqual(local.stored);
  });
});
