/**
 * The catalog watch inside the running service (`startPasswatch`), fed by refreshes of a file
 * source over the bundled snapshot: an object already known appearing in a new group, and a
 * detection run that fails (its store throws) without failing the refresh.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ElementSet, formatTle } from '../../src/core/elements/index.js';
import type { LogEvent } from '../../src/log.js';
import { type PasswatchHandle, startPasswatch } from '../../src/main.js';
import { TestClock, tempDir, testConfig } from '../catalog/helpers.js';
import { activeAugust } from './real-data.js';

const NOW = Date.parse('2026-08-22T12:00:00Z');

const handles: PasswatchHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.stop();
  vi.restoreAllMocks();
});

/** A file source `mine` (group `mine`) over the bundled snapshot, in `dataDir`. */
async function started(dataDir: string, file: string, logs: LogEvent[] = []) {
  const handle = await startPasswatch({
    config: testConfig({
      PASSWATCH_DATA_DIR: dataDir,
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'mine', path: file, groups: ['mine'] }]),
    }),
    clock: new TestClock(NOW).now,
    log: (e) => logs.push(e),
    schedule: false,
    refreshOnStart: false,
    alerts: false,
  });
  handles.push(handle);
  await handle.watch!.idle();
  return handle;
}

function writeTle(file: string, sets: readonly ElementSet[]): void {
  const text = sets.map((e) => {
    const tle = e.tle ?? formatTle(e)!;
    return `${e.name}\n${tle.line1}\n${tle.line2}\n`;
  });
  writeFileSync(file, text.join(''));
}

async function refresh(handle: PasswatchHandle) {
  const reports = await handle.refresh({ sources: ['mine'], force: true });
  await handle.watch!.idle();
  return reports.find((r) => r.source === 'mine')!;
}

const newEvents = (handle: PasswatchHandle) =>
  handle.watch!.events({ types: ['catalog.new'], limit: 1000 });

/** Objects of the August catalogue that the bundled snapshot does not have. */
function notInCatalog(handle: PasswatchHandle, n: number): ElementSet[] {
  return activeAugust()
    .filter((e) => !handle.catalog.has(e.noradId) && (e.tle ?? formatTle(e)) !== null)
    .slice(0, n);
}

describe('catalog.new for an object first seen in a group', () => {
  it('is stored once, with reason group, for an object already in the catalog; a new object is new to the catalog', async () => {
    const dir = tempDir();
    const file = join(dir, 'mine.tle');
    writeTle(file, []);
    const handle = await started(dir, file);
    const iss = handle.catalog.record(25544)!;
    expect(iss.groups).not.toContain('mine');
    expect(newEvents(handle)).toEqual([]);
    const [stranger] = notInCatalog(handle, 1);

    writeTle(file, [iss.elements, stranger!]);
    expect((await refresh(handle)).outcome).toBe('updated');
    expect(handle.catalog.record(25544)!.groups).toContain('mine');
    const events = newEvents(handle);
    const byId = new Map(events.map((e) => [e.noradId, e]));
    expect(events).toHaveLength(2);
    expect(byId.get(25544)!.details).toMatchObject({ reason: 'group', group: 'mine' });
    expect(byId.get(25544)!.key).toBe('new:25544:group:mine');
    expect(byId.get(stranger!.noradId)!.details.reason).toBe('catalog');
    expect(byId.get(stranger!.noradId)!.details).not.toHaveProperty('group');

    // The next refresh of the same file, and a restart: nothing new again.
    await refresh(handle);
    expect(newEvents(handle)).toHaveLength(2);
    await handle.stop();
    handles.length = 0;
    const again = await started(dir, file);
    expect(newEvents(again)).toHaveLength(2);
  }, 120_000);
});

describe('a detection run that fails', () => {
  it('leaves the refresh committed, is logged, and is redone at the next refresh', async () => {
    const dir = tempDir();
    const file = join(dir, 'mine.tle');
    writeTle(file, []);
    const logs: LogEvent[] = [];
    const handle = await started(dir, file, logs);
    const [first, second] = notInCatalog(handle, 2);

    // The watch's store fails while the run stores its events (as a full disk would).
    const failing = vi.spyOn(handle.watch!.store, 'addEvent').mockImplementationOnce(() => {
      throw new Error('SQLITE_FULL: database or disk is full');
    });
    writeTle(file, [first!]);
    const report = await refresh(handle);
    expect(failing).toHaveBeenCalled();
    expect(report.outcome).toBe('updated');
    expect(handle.catalog.has(first!.noradId)).toBe(true);
    expect(handle.store.loadObjects().some((o) => o.noradId === first!.noradId)).toBe(true);
    expect(logs).toContainEqual(
      expect.objectContaining({
        event: 'error',
        where: 'catalog watch',
        message: 'SQLITE_FULL: database or disk is full',
      }),
    );
    expect(newEvents(handle)).toEqual([]);

    // The next refresh redoes what the failed run missed, then detects its own change.
    writeTle(file, [first!, second!]);
    expect((await refresh(handle)).outcome).toBe('updated');
    const both = [first!.noradId, second!.noradId].sort();
    expect(
      newEvents(handle)
        .map((e) => e.noradId)
        .sort(),
    ).toEqual(both);
    expect(logs).toContainEqual(
      expect.objectContaining({ event: 'watch', run: 'retry after a failed run' }),
    );

    // Once each: a restart finds nothing more.
    await handle.stop();
    handles.length = 0;
    const again = await started(dir, file);
    expect(
      newEvents(again)
        .map((e) => e.noradId)
        .sort(),
    ).toEqual(both);
  }, 120_000);
});
