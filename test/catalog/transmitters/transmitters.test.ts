import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../../src/catalog/index.js';
import {
  parseTransmitterList,
  parseTransmitterRecords,
  readBundledTransmitters,
  TRANSMITTER_SOURCE_NAME,
  TransmitterListError,
  TransmitterSource,
} from '../../../src/catalog/transmitters/index.js';
import { FakeCelestrak, HOUR_MS, HTML_ERROR_PAGE, TestClock, tempDir } from '../helpers.js';

const bundled = readBundledTransmitters();

/** The raw SatNOGS records of the bundled list, to serve from the fake server. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_TRANSMITTERS_PATH } from '../../../src/catalog/transmitters/index.js';

const RAW = JSON.parse(
  gunzipSync(readFileSync(BUNDLED_TRANSMITTERS_PATH)).toString('utf8'),
) as Record<string, unknown>[];

describe('the bundled SatNOGS DB list (2026-08-08)', () => {
  it('parses every record of the real dump', () => {
    expect(bundled.issues).toEqual([]);
    expect(bundled.transmitters).toHaveLength(2910);
    const types = { transmitter: 0, transceiver: 0, transponder: 0 };
    for (const t of bundled.transmitters) types[t.type]++;
    expect(types).toEqual({ transmitter: 2794, transceiver: 86, transponder: 30 });
    expect(new Set(bundled.transmitters.map((t) => t.noradId)).size).toBe(1636);
    expect(bundled.transmitters.filter((t) => t.uplink !== null)).toHaveLength(110);
  });

  it("normalises AO-7's mode V/A linear transponder", () => {
    const t = bundled.transmitters.find((x) => x.uuid === 'aBrZNKzhZH4gguH8F75o86');
    expect(t).toEqual({
      uuid: 'aBrZNKzhZH4gguH8F75o86',
      noradId: 7530,
      description: 'Mode V/A (A) Lin SSB',
      type: 'transponder',
      mode: 'USB',
      uplinkMode: 'USB',
      downlink: { lowHz: 29_400_000, highHz: 29_500_000 },
      uplink: { lowHz: 145_850_000, highHz: 145_950_000 },
      invert: false,
      baud: null,
      status: 'active',
      service: 'Amateur',
      updated: '2019-11-07T00:01:17.910Z',
    });
  });

  it('gives a single frequency as a range of width zero and no uplink as null', () => {
    const t = bundled.transmitters.find((x) => x.uuid === 'UzPz4gcsNBPKPKAFPmer7g')!;
    expect(t.downlink).toEqual({ lowHz: 136_658_500, highHz: 136_658_500 });
    expect(t.uplink).toBeNull();
    expect(t.type).toBe('transmitter');
  });
});

describe('parsing a transmitter list', () => {
  const good = RAW[0]!;

  it('leaves out bad records with their index and reason, keeps the rest', () => {
    const { transmitters, issues } = parseTransmitterRecords([
      good,
      { ...good, uuid: 'x1', norad_cat_id: null },
      { ...good, uuid: 'x2', type: 'Beacon' },
      { ...good, uuid: 'x3', downlink_low: -5 },
      { ...good, uuid: 'x4', downlink_low: null, downlink_high: null },
      good,
    ]);
    expect(transmitters.map((t) => t.uuid)).toEqual([good.uuid]);
    expect(issues.map((i) => [i.index, i.uuid])).toEqual([
      [1, 'x1'],
      [2, 'x2'],
      [3, 'x3'],
      [4, 'x4'],
      [5, good.uuid],
    ]);
    expect(issues[0]!.reason).toMatch(/norad_cat_id/);
    expect(issues[3]!.reason).toMatch(/no downlink and no uplink/);
    expect(issues[4]!.reason).toMatch(/repeated uuid/);
  });

  it('orders a reversed range', () => {
    const [t] = parseTransmitterRecords([
      { ...good, downlink_low: 437_900_000, downlink_high: 437_800_000 },
    ]).transmitters;
    expect(t!.downlink).toEqual({ lowHz: 437_800_000, highHz: 437_900_000 });
  });

  it('refuses a body that is not a JSON array', () => {
    expect(() => parseTransmitterList('{"detail":"Not found."}')).toThrow(TransmitterListError);
    expect(() => parseTransmitterList('<html>')).toThrow(/not JSON/);
  });
});

describe('the SatNOGS transmitter source', () => {
  let server: FakeCelestrak;
  let store: CatalogStore;
  let dir: string;
  const clock = new TestClock();
  const settings = {
    timeoutMs: 2000,
    maxBytes: 20 * 1024 * 1024,
    backoffBaseMs: 10 * 60_000,
    backoffMaxMs: 6 * HOUR_MS,
    maxDropShare: 0.5,
  };
  const open = () =>
    new TransmitterSource({
      store,
      baseUrl: server.url,
      settings,
      minIntervalMs: 5 * 60_000,
      clock: clock.now,
    });
  const serve = (records: unknown[]) =>
    server.set('/api/transmitters/', {
      body: JSON.stringify(records),
      contentType: 'application/json',
    });

  beforeEach(async () => {
    server = await FakeCelestrak.start();
    dir = tempDir();
    store = CatalogStore.open(join(dir, 'catalog.db'));
    clock.nowMs = Date.parse('2026-11-24T12:00:00Z');
  });
  afterEach(async () => {
    store.close();
    await server.close();
  });

  it('serves the bundled list until the first download, then the download', async () => {
    const source = open();
    expect(source.status()).toMatchObject({
      origin: 'snapshot',
      transmitters: 2910,
      dataAsOf: '2026-08-08',
    });
    expect(source.forSatellite(7530).map((t) => t.type)).toContain('transponder');
    const slice = RAW.filter((r) => r.norad_cat_id === 7530 || r.norad_cat_id === 25544);
    serve(slice);
    const report = await source.refresh();
    expect(report.outcome).toBe('updated');
    expect(report.objects).toMatchObject({
      before: 2910,
      after: slice.length,
      removed: 2910 - slice.length,
    });
    expect(source.size).toBe(slice.length);
    expect(source.status()).toMatchObject({ origin: 'network', satellites: 2 });
    expect(server.requests[0]!.url).toMatch(/\/api\/transmitters\/\?format=json$/);
    expect(server.requests[0]!.userAgent).toMatch(/^passwatch\//);
    const log = store.refreshLog({ source: TRANSMITTER_SOURCE_NAME });
    expect(log[0]).toMatchObject({
      outcome: 'updated',
      objectsAfter: slice.length,
      httpStatus: 200,
    });
    // A restart reads the last good list from the store, not the bundled one.
    const again = open();
    expect(again.status()).toMatchObject({ origin: 'network', transmitters: slice.length });
  });

  it('keeps the last good list on errors, backs off, and refuses bad bodies', async () => {
    const source = open();
    serve(RAW.slice(0, 100));
    expect((await source.refresh()).outcome).toBe('updated');

    clock.advance(13 * HOUR_MS);
    server.set('/api/transmitters/', {
      status: 503,
      body: HTML_ERROR_PAGE,
      contentType: 'text/html',
    });
    const failed = await source.refresh();
    expect(failed).toMatchObject({ outcome: 'failed', reason: 'HTTP 503' });
    expect(source.size).toBe(100);
    // Backing off: the next attempt is after the backoff, and before then nothing is fetched.
    clock.advance(60_000);
    const skipped = await source.refresh();
    expect(skipped.outcome).toBe('skipped');
    expect(skipped.reason).toMatch(/backing off after 1 failed attempt/);
    expect(server.count('/api/transmitters/')).toBe(2);

    clock.advance(10 * 60_000);
    server.set('/api/transmitters/', { body: HTML_ERROR_PAGE, contentType: 'text/html' });
    expect(await source.refresh()).toMatchObject({ outcome: 'rejected' });
    expect(source.status().failures).toBe(2);

    clock.advance(HOUR_MS);
    serve(RAW.slice(0, 10));
    const dropped = await source.refresh();
    expect(dropped.outcome).toBe('rejected');
    expect(dropped.reason).toMatch(/would remove 90 of the 100/);
    expect(source.size).toBe(100);

    clock.advance(4 * HOUR_MS);
    serve([...RAW.slice(0, 100), { uuid: 'bad' }]);
    const fine = await source.refresh();
    expect(fine.outcome).toBe('updated');
    expect(fine.issues).toHaveLength(1);
    expect(source.status()).toMatchObject({ failures: 0, transmitters: 100 });
    expect(store.refreshLog({ source: TRANSMITTER_SOURCE_NAME }).map((e) => e.outcome)).toEqual([
      'updated',
      'rejected',
      'rejected',
      'failed',
      'updated',
    ]);
  });

  it('times out a server that never answers and keeps the bundled list', async () => {
    server.set('/api/transmitters/', { hang: true });
    const source = new TransmitterSource({
      store,
      baseUrl: server.url,
      settings: { ...settings, timeoutMs: 200 },
      minIntervalMs: HOUR_MS,
      clock: clock.now,
    });
    const report = await source.refresh();
    expect(report.outcome).toBe('failed');
    expect(report.reason).toMatch(/timed out/);
    expect(source.status()).toMatchObject({ origin: 'snapshot', transmitters: 2910 });
  });
});
