/**
 * The store's files under hostile conditions: created private, an empty or damaged file named in
 * a clear error (never silently replaced, never blamed on the other database), and a refresh that
 * cannot be stored (a full disk, simulated with SQLite's max_page_count) recorded as failed.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStore } from '../../src/alerts/store.js';
import { CatalogStore, StoreFileError } from '../../src/catalog/index.js';
import { RefreshThread } from '../../src/catalog/refresh-thread.js';
import { openCatalog, storePath } from '../../src/catalog/service/index.js';
import { FakeCelestrak, fixture, HOUR_MS, TestClock, tempDir, testConfig } from './helpers.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('store files', () => {
  it('are created 0600 in a data directory created 0700', () => {
    const dataDir = join(tempDir(), 'new', 'data');
    const config = testConfig({ PASSWATCH_DATA_DIR: dataDir });
    const opened = openCatalog(config, { clock: () => 0, log: () => {} });
    const alerts = AlertStore.open(join(dataDir, 'alerts.sqlite'));
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const file of ['passwatch.sqlite', 'passwatch.sqlite-wal', 'alerts.sqlite']) {
        expect(mode(join(dataDir, file)), file).toBe(0o600);
      }
    } finally {
      alerts.close();
      opened.store.close();
    }
  });

  it('leave an existing data directory as it is', () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    const opened = openCatalog(testConfig({ PASSWATCH_DATA_DIR: dataDir }), {
      clock: () => 0,
      log: () => {},
    });
    opened.store.close();
    expect(mode(dataDir)).toBe(0o755);
  });

  it('that are empty are refused, naming the file', () => {
    const dir = tempDir();
    for (const [name, open] of [
      ['passwatch.sqlite', (p: string) => CatalogStore.open(p)],
      ['alerts.sqlite', (p: string) => AlertStore.open(p)],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, '');
      expect(() => open(path)).toThrow(StoreFileError);
      expect(() => open(path)).toThrow(new RegExp(`${path.replace(/[.]/g, '\\.')} is empty`));
      expect(statSync(path).size).toBe(0);
    }
  });

  it('that are not databases are refused, naming the file and what it holds', () => {
    const dir = tempDir();
    const junk = Buffer.alloc(8192, 0x5a);
    const catalogPath = join(dir, 'passwatch.sqlite');
    const alertsPath = join(dir, 'alerts.sqlite');
    writeFileSync(catalogPath, junk);
    writeFileSync(alertsPath, junk);
    expect(() => CatalogStore.open(catalogPath)).toThrow(
      /^the catalog store .*passwatch\.sqlite is damaged or not a SQLite database/,
    );
    expect(() => AlertStore.open(alertsPath)).toThrow(
      /^the alerts database .*alerts\.sqlite is damaged or not a SQLite database/,
    );
    // Nothing was written over them.
    expect(statSync(catalogPath).size).toBe(8192);
  });
});

describe('a refresh that cannot be stored', () => {
  let server: FakeCelestrak;
  beforeAll(async () => {
    server = await FakeCelestrak.start();
  });
  afterAll(() => server.close());

  it.each([
    ['in the calling thread', false],
    ["on the refresh's worker thread", true],
  ])(
    'written %s, is recorded as failed with the reason, and the previous data stays',
    async (_, onThread) => {
      const clock = new TestClock();
      const config = testConfig({
        PASSWATCH_CELESTRAK_URL: server.url,
        PASSWATCH_GROUPS: 'stations',
        PASSWATCH_MAX_DROP_SHARE: '1',
      });
      server.set('GROUP=stations', {
        body: fixture('catalog/satvisor-stations.json'),
        contentType: 'application/json',
      });
      const first = openCatalog(config, { clock: clock.now, log: () => {} });
      expect((await first.refresher.refresh())[0]!.outcome).toBe('updated');
      const pages = first.store.pageCount();
      const before = first.store.objectCount();
      first.store.close();

      // Reopened with no room to grow: the next, larger body cannot be written.
      const thread = onThread ? new RefreshThread(storePath(config), { maxPages: pages }) : null;
      const full = openCatalog(config, {
        clock: clock.now,
        log: () => {},
        storeOptions: { maxPages: pages },
        ...(thread ? { loader: thread } : {}),
      });
      try {
        full.catalog.replaceAll(full.store.loadObjects(), ['startup']);
        server.set('GROUP=stations', {
          body: fixture('catalog/satvisor-visual.json'),
          contentType: 'application/json',
        });
        clock.advance(3 * HOUR_MS);
        const [report] = await full.refresher.refresh();
        expect(report!.outcome).toBe('failed');
        expect(report!.reason).toMatch(/could not be stored \(the disk is full\)/);
        const [status] = full.refresher.status();
        expect(status!.state!.lastOutcome).toBe('failed');
        expect(status!.state!.lastReason).toMatch(/the disk is full/);
        expect(full.store.objectCount()).toBe(before);
        expect(full.catalog.size).toBe(before);
      } finally {
        await thread?.close();
        full.store.close();
      }
    },
  );
});
