/**
 * The service parses fetched catalogues on a worker thread: a refresh stores exactly what parsing
 * on the main thread stores (same report, same records, same rejected records), and parses
 * nothing on the main thread.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type PasswatchHandle, startPasswatch } from '../../src/main.js';
import { TestClock, tempDir, testConfig } from './helpers.js';

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
  const reports = await handle.refresh({ sources: ['amateur'], force: true });
  const report = reports.find((r) => r.source === 'amateur')!;
  return { handle, report, mainThreadParses: parses.mainThread };
}

describe('a refresh in the service', () => {
  it('parses on a worker thread and stores what a main-thread parse stores', async () => {
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
    expect(worker.report.reason).toMatch(/left out 1/);
    expect(worker.report.outcome).toBe('updated');
    expect(worker.report.issues).toHaveLength(1);
    const { startedMs: _a, finishedMs: _b, nextAttemptMs: _c, ...w } = worker.report;
    const { startedMs: _d, finishedMs: _e, nextAttemptMs: _f, ...l } = local.report;
    expect(w).toEqual(l);
    expect(worker.handle.catalog.size).toBeGreaterThan(50);
    expect(worker.handle.catalog.records()).toEqual(local.handle.catalog.records());
  });
});
