import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_SNAPSHOT_DIR, readSnapshot } from '../../src/catalog/index.js';
import { parseTle } from '../../src/core/elements/index.js';
import { Site } from '../../src/core/orbit/index.js';
import { predictPasses } from '../../src/core/passes/index.js';
import { SunTrack } from '../../src/core/sky/index.js';
import { type LogEvent, type StartOptions, startPasswatch } from '../../src/main.js';
import { FakeCelestrak, fixture, TestClock, tempDir, testConfig } from './helpers.js';

const DAY_MS = 86_400_000;
const SNAPSHOT_GROUPS = {
  'celestrak:stations': 21,
  'celestrak:visual': 157,
  'celestrak:amateur': 96,
  'celestrak:weather': 74,
  'celestrak:gnss': 64,
  'celestrak:geo': 568,
};

let server: FakeCelestrak;
beforeAll(async () => {
  server = await FakeCelestrak.start();
});
afterAll(async () => {
  await server.close();
});

async function start(
  env: Record<string, string>,
  clock: TestClock,
  extra: Partial<StartOptions> = {},
) {
  const events: LogEvent[] = [];
  const handle = await startPasswatch({
    config: testConfig({ PASSWATCH_CELESTRAK_URL: server.url, ...env }),
    clock: clock.now,
    log: (e) => events.push(e),
    schedule: false,
    refreshOnStart: false,
    ...extra,
  });
  return { handle, events };
}

describe('the bundled snapshot', () => {
  it('fills an empty store, with honest ages: everything is stale in November 2026', async () => {
    const clock = new TestClock(Date.parse('2026-11-24T18:00:00Z'));
    const { handle, events } = await start({}, clock);
    try {
      const { catalog } = handle;
      expect(catalog.size).toBe(952);
      expect(events.find((e) => e.event === 'snapshot')).toMatchObject({
        loaded: true,
        snapshotDate: '2026-08-22',
        objects: 952,
        sources: SNAPSHOT_GROUPS,
        newestEpoch: '2026-08-21T19:47:51.893Z',
        stale: true,
      });
      expect(events.find((e) => e.event === 'catalog')).toMatchObject({ objects: 952, stale: 952 });
      const iss = catalog.get(25544)!;
      expect(iss.stale).toBe(true);
      expect(iss.ageDays).toBeGreaterThan(90);
      expect(iss.groups).toEqual(['amateur', 'stations', 'visual']);
      expect(iss.stdMagnitude).toBe(-0.47); // MMT-9 observed (assets/magnitudes)
      expect(iss.elements.source).toBe('passwatch bundled snapshot (CelesTrak GP 2026-08-22)');
      // The lines are exactly as CelesTrak served them.
      const served = parseTle(fixture('elements/stations.tle'), '').elements.find(
        (e) => e.noradId === 25544,
      )!;
      expect(iss.elements.tle).toEqual(served.tle);
      expect(catalog.members('gnss')).toHaveLength(64);
      expect(handle.store.sourceState('celestrak:stations')).toMatchObject({
        origin: 'snapshot',
        lastAttemptMs: null,
        lastSuccessMs: null,
      });
      expect(handle.store.refreshLog({ source: 'celestrak:visual' })[0]).toMatchObject({
        outcome: 'snapshot',
        objectsAfter: 157,
      });

      // Real passes at once, with no network.
      const orbit = catalog.orbit(25544)!;
      const startMs = clock.nowMs;
      const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });
      const { passes, error } = predictPasses(orbit, site, {
        startMs,
        endMs: startMs + DAY_MS,
        minElevationDeg: 10,
        sun: new SunTrack(startMs, startMs + DAY_MS),
        stdMagnitude: iss.stdMagnitude,
      });
      expect(error).toBeNull();
      expect(passes.length).toBeGreaterThan(0);
    } finally {
      await handle.stop();
    }
  });

  it('is loaded once: not again after a restart, nor into a store emptied later', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const first = await start({ PASSWATCH_DATA_DIR: dataDir }, clock);
    await first.handle.stop();
    const second = await start({ PASSWATCH_DATA_DIR: dataDir }, clock);
    expect(second.events.find((e) => e.event === 'snapshot')).toBeUndefined();
    expect(second.handle.store.refreshLog({ source: 'celestrak:stations' })).toHaveLength(1);
    expect(second.handle.catalog.size).toBe(952);
    await second.handle.stop();
    // Only groups the snapshot does not hold: the store empties...
    const third = await start({ PASSWATCH_DATA_DIR: dataDir, PASSWATCH_GROUPS: 'noaa' }, clock);
    expect(third.handle.catalog.size).toBe(0);
    await third.handle.stop();
    // ...and stays empty when the snapshot's groups come back.
    const fourth = await start({ PASSWATCH_DATA_DIR: dataDir }, clock);
    expect(fourth.handle.catalog.size).toBe(0);
    await fourth.handle.stop();
  });

  it('never goes over newer data', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    server.set('GROUP=stations', { body: fixture('catalog/satvisor-stations.json') });
    const first = await start(
      { PASSWATCH_DATA_DIR: dataDir, PASSWATCH_GROUPS: 'stations', PASSWATCH_SNAPSHOT: 'false' },
      clock,
    );
    await first.handle.refresh();
    const network = first.handle.catalog.records();
    await first.handle.stop();
    const second = await start(
      { PASSWATCH_DATA_DIR: dataDir, PASSWATCH_GROUPS: 'stations' },
      clock,
    );
    expect(second.events.find((e) => e.event === 'snapshot')).toBeUndefined();
    expect(second.handle.catalog.records()).toEqual(network);
    expect(second.handle.catalog.get(25544)!.elements.format).toBe('omm-json');
    await second.handle.stop();
  });

  it('is replaced by the first download of each group, even a smaller one', async () => {
    const clock = new TestClock();
    const visual = JSON.parse(fixture('catalog/satvisor-visual.json')) as unknown[];
    server.set('GROUP=visual', { body: JSON.stringify(visual.slice(0, 30)) });
    const { handle } = await start({ PASSWATCH_GROUPS: 'visual,stations' }, clock);
    try {
      const changes: unknown[] = [];
      handle.catalog.onChange((c) => changes.push(c));
      const reports = await handle.refresh({ sources: ['visual'] });
      expect(reports[0]).toMatchObject({ outcome: 'updated', objects: { before: 157, after: 30 } });
      expect(handle.catalog.members('visual')).toHaveLength(30);
      expect(handle.store.sourceState('celestrak:visual')).toMatchObject({ origin: 'network' });
      expect(changes).toHaveLength(1);
      // Stations keep their snapshot data.
      expect(handle.catalog.members('stations')).toHaveLength(21);
      expect(handle.catalog.get(25544)!.elements.source).toMatch(/^passwatch bundled snapshot/);
    } finally {
      await handle.stop();
    }
  });

  it('can be turned off', async () => {
    const { handle } = await start({ PASSWATCH_SNAPSHOT: 'false' }, new TestClock());
    expect(handle.catalog.size).toBe(0);
    await handle.stop();
  });

  it('refuses a snapshot whose elements do not match the manifest', () => {
    const dir = tempDir();
    cpSync(BUNDLED_SNAPSHOT_DIR, dir, { recursive: true });
    const file = join(dir, 'elements.tle');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ISS (ZARYA)', 'ISS (ZARYA!)'));
    expect(() => readSnapshot(dir)).toThrow(/does not match its SHA-256/);
  });

  it('matches its manifest', () => {
    const { manifest, elements } = readSnapshot();
    expect(elements.size).toBe(manifest.objects);
    const epochs = [...elements.values()].map((e) => e.epochMs).sort((a, b) => a - b);
    expect(new Date(epochs[0]!).toISOString()).toBe(manifest.epochs.oldest);
    expect(new Date(epochs.at(-1)!).toISOString()).toBe(manifest.epochs.newest);
    for (const ids of Object.values(manifest.groups)) {
      for (const id of ids) expect(elements.has(id)).toBe(true);
    }
  });
});
