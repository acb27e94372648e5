import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogChange } from '../src/catalog/index.js';
import { refreshOnce } from '../src/catalog/service/index.js';
import { type LogEvent, startPasswatch } from '../src/main.js';
import { FakeCelestrak, fixture, TestClock, testConfig } from './catalog/helpers.js';

let server: FakeCelestrak;
beforeAll(async () => {
  server = await FakeCelestrak.start();
  server.set('GROUP=stations', { body: fixture('catalog/satvisor-stations.json') });
  server.set('GROUP=amateur', { status: 500, body: 'Internal Server Error' });
});
afterAll(async () => {
  await server.close();
});

describe('startPasswatch', () => {
  it('refreshes on start, logging one event per outcome, and stops cleanly', async () => {
    const clock = new TestClock();
    const events: LogEvent[] = [];
    const handle = await startPasswatch({
      config: testConfig({
        PASSWATCH_CELESTRAK_URL: server.url,
        PASSWATCH_GROUPS: 'stations,amateur',
        PASSWATCH_REFRESH_ON_START: 'true',
      }),
      clock: clock.now,
      log: (e) => events.push(e),
    });
    const reports = await handle.startupRefresh!;
    expect(reports.map((r) => r.outcome)).toEqual(['updated', 'failed']);
    await handle.stop();
    expect(events.map((e) => e.event)).toEqual([
      'start',
      'snapshot',
      'catalog-change',
      'catalog',
      'catalog-change',
      'refresh',
      'refresh',
      'stop',
    ]);
    expect(events[5]).toMatchObject({
      event: 'refresh',
      source: 'celestrak:stations',
      outcome: 'updated',
      httpStatus: 200,
      objectsBefore: 21,
      objectsAfter: 28,
    });
    expect(events[6]).toMatchObject({
      event: 'refresh',
      source: 'celestrak:amateur',
      outcome: 'failed',
      reason: 'HTTP 500: Internal Server Error',
      nextAttempt: new Date(clock.nowMs + 2 * 3_600_000).toISOString(),
    });
    expect(handle.store.isOpen).toBe(false);
  });

  it('stop() aborts a request in flight without counting it as a failure', async () => {
    server.set('GROUP=weather', { hang: true });
    const stationsBefore = server.count('GROUP=stations');
    const clock = new TestClock();
    const events: LogEvent[] = [];
    const handle = await startPasswatch({
      config: testConfig({
        PASSWATCH_CELESTRAK_URL: server.url,
        PASSWATCH_GROUPS: 'weather,stations',
        PASSWATCH_REFRESH_ON_START: 'true',
        PASSWATCH_FETCH_TIMEOUT_SECONDS: '60',
      }),
      clock: clock.now,
      log: (e) => events.push(e),
      schedule: false,
    });
    // The request hangs at the server (and would for the 60 s fetch timeout): stop() must end it.
    while (server.count('GROUP=weather') === 0) await new Promise((r) => setTimeout(r, 10));
    const store = handle.store;
    const [weather] = await Promise.all([handle.startupRefresh!.then((r) => r[0]), handle.stop()]);
    expect(weather).toMatchObject({
      outcome: 'skipped',
      reason: 'request aborted: passwatch is stopping',
    });
    expect(events.filter((e) => e.event === 'refresh')).toHaveLength(1);
    expect(server.count('GROUP=stations')).toBe(stationsBefore);
    expect(store.isOpen).toBe(false);
  });

  it('picks up what another process (passwatch refresh) committed to the store', async () => {
    const clock = new TestClock();
    const config = testConfig({
      PASSWATCH_CELESTRAK_URL: server.url,
      PASSWATCH_GROUPS: 'stations',
      PASSWATCH_SNAPSHOT: 'false',
    });
    const handle = await startPasswatch({
      config,
      clock: clock.now,
      log: () => {},
      schedule: false,
      syncIntervalMs: 20,
    });
    try {
      const seen = new Promise<CatalogChange>((resolve) => handle.catalog.onChange(resolve));
      const [report] = await refreshOnce({}, { config, clock: clock.now });
      expect(report!.outcome).toBe('updated');
      const change = await seen;
      expect(change.sources).toEqual(['store']);
      expect(change.added).toHaveLength(28);
      expect(handle.catalog.size).toBe(28);
    } finally {
      await handle.stop();
    }
  });
});
