import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogStore, UnknownSourceError } from '../../src/catalog/index.js';
import { parseElements } from '../../src/core/elements/index.js';
import {
  FakeCelestrak,
  fixture,
  HOUR_MS,
  HTML_ERROR_PAGE,
  notUpdatedText,
  ommJson,
  TestClock,
  tempDir,
  testConfig,
  wire,
} from './helpers.js';

const STATIONS_JSON = fixture('catalog/satvisor-stations.json');
const VISUAL_JSON = fixture('catalog/satvisor-visual.json');
const AMATEUR_JSON = fixture('elements/satvisor-amateur.json');
const STATIONS_CSV = fixture('catalog/gpelements-stations.csv');
const AMATEUR_TLE = fixture('elements/amateur.tle');

const ids = (json: string): number[] =>
  (JSON.parse(json) as { NORAD_CAT_ID: number }[]).map((r) => r.NORAD_CAT_ID);

let server: FakeCelestrak;
beforeAll(async () => {
  server = await FakeCelestrak.start();
});
afterAll(async () => {
  await server.close();
});

let clock: TestClock;
let opened: ReturnType<typeof wire>[] = [];
beforeEach(() => {
  clock = new TestClock();
  server.requests.length = 0;
});
afterEach(() => {
  for (const o of opened) o.store.close();
  opened = [];
});

function setup(env: Record<string, string> = {}) {
  const w = wire(
    testConfig({
      PASSWATCH_CELESTRAK_URL: server.url,
      PASSWATCH_GROUPS: 'stations,visual',
      PASSWATCH_FETCH_TIMEOUT_SECONDS: '0.5',
      ...env,
    }),
    clock,
  );
  opened.push(w);
  return w;
}

function json(body: string) {
  return { body, contentType: 'application/json' };
}

describe('successful refresh', () => {
  it('loads OMM JSON groups, asking with FORMAT=json and a passwatch User-Agent', async () => {
    server.set('GROUP=stations', json(STATIONS_JSON));
    server.set('GROUP=visual', json(VISUAL_JSON));
    const { refresher, catalog, store } = setup();
    const reports = await refresher.refresh();
    expect(reports.map((r) => [r.source, r.outcome])).toEqual([
      ['celestrak:stations', 'updated'],
      ['celestrak:visual', 'updated'],
    ]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `${server.url}/NORAD/elements/gp.php?GROUP=stations&FORMAT=json`,
      `${server.url}/NORAD/elements/gp.php?GROUP=visual&FORMAT=json`,
    ]);
    for (const r of server.requests) expect(r.userAgent).toMatch(/^passwatch\/0\.1\.0 /);

    const union = new Set([...ids(STATIONS_JSON), ...ids(VISUAL_JSON)]);
    expect(catalog.size).toBe(union.size);
    expect(store.objectCount()).toBe(union.size);
    const iss = catalog.get(25544)!;
    expect(iss.name).toBe('ISS (ZARYA)');
    expect(iss.intlDesignator).toBe('1998-067A');
    expect(iss.groups).toEqual(['stations', 'visual']);
    expect(iss.stdMagnitude).toBe(-0.47); // MMT-9 observed (assets/magnitudes)
    expect(iss.elements.format).toBe('omm-json');
    expect(iss.elements.epochIso).toMatch(/^2026-04-2\dT.*\d{6}Z$/);
    expect(iss.elements.source).toBe(
      `${server.url}/NORAD/elements/gp.php?GROUP=stations&FORMAT=json`,
    );
    expect(iss.stale).toBe(true);
    expect(catalog.groups()).toEqual([
      { name: 'stations', count: ids(STATIONS_JSON).length },
      { name: 'visual', count: ids(VISUAL_JSON).length },
    ]);

    const stations = reports[0]!;
    expect(stations.objects).toEqual({
      before: 0,
      after: ids(STATIONS_JSON).length,
      added: ids(STATIONS_JSON).length,
      changed: 0,
      removed: 0,
    });
    expect(stations.bytes).toBe(Buffer.byteLength(STATIONS_JSON));
    expect(stations.nextAttemptMs).toBe(clock.nowMs + 2 * HOUR_MS);
    const [log] = store.refreshLog({ source: 'celestrak:stations' });
    expect(log).toMatchObject({
      outcome: 'updated',
      httpStatus: 200,
      bytes: Buffer.byteLength(STATIONS_JSON),
      objectsBefore: 0,
      objectsAfter: ids(STATIONS_JSON).length,
      issues: 0,
      reason: null,
    });
  });

  it('loads OMM CSV with FORMAT=csv', async () => {
    server.set('GROUP=stations', { body: STATIONS_CSV, contentType: 'text/csv' });
    const { refresher, catalog } = setup({
      PASSWATCH_GROUPS: 'stations',
      PASSWATCH_CELESTRAK_FORMAT: 'csv',
    });
    const [report] = await refresher.refresh();
    expect(report).toMatchObject({ outcome: 'updated', objects: { after: 76 } });
    expect(server.requests[0]!.format).toBe('csv');
    expect(catalog.size).toBe(76);
    expect(catalog.get(25544)!.elements).toMatchObject({
      format: 'omm-csv',
      epochIso: '2020-12-15T05:59:44.491200Z',
    });
  });

  it('loads single objects by CATNR', async () => {
    const iss = ommJson(STATIONS_JSON, (r) => r.filter((x) => x.NORAD_CAT_ID === 25544));
    server.set('CATNR=25544', json(iss));
    const { refresher, catalog } = setup({ PASSWATCH_GROUPS: '', PASSWATCH_CATNR: '25544' });
    const [report] = await refresher.refresh();
    expect(report).toMatchObject({ source: 'celestrak:catnr:25544', outcome: 'updated' });
    expect(server.requests[0]!.url).toBe(
      `${server.url}/NORAD/elements/gp.php?CATNR=25544&FORMAT=json`,
    );
    expect(catalog.ids()).toEqual([25544]);
    expect(catalog.get(25544)!.groups).toEqual([]);
  });

  it('loads other URLs and local files, detecting the format', async () => {
    const dir = tempDir();
    const file = join(dir, 'amateur.tle');
    writeFileSync(file, AMATEUR_TLE);
    server.set('/mirror/stations.csv', { body: STATIONS_CSV });
    const sources = [
      { name: 'local', path: file, groups: ['amsat'] },
      { name: 'mirror', url: `${server.url}/mirror/stations.csv` },
    ];
    const { refresher, catalog } = setup({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify(sources),
    });
    const reports = await refresher.refresh();
    expect(reports.map((r) => [r.source, r.outcome, r.objects?.after])).toEqual([
      ['local', 'updated', 96],
      ['mirror', 'updated', 76],
    ]);
    // The ISS is in both: the newer (2026) TLE wins over the 2020 CSV.
    const iss = catalog.get(25544)!;
    expect(iss.source).toBe('local');
    expect(iss.elements.tle?.line1).toMatch(/^1 25544U/);
    expect(iss.groups).toEqual(['amsat']);
    expect(catalog.members('amsat')).toHaveLength(96);
  });
});

describe('CelesTrak "not updated" answer', () => {
  for (const status of [403, 200]) {
    it(`with HTTP ${status} counts as unchanged, not as an error`, async () => {
      server.set('GROUP=stations', json(STATIONS_JSON));
      const { refresher, catalog, store } = setup({ PASSWATCH_GROUPS: 'stations' });
      await refresher.refresh();
      server.set('GROUP=stations', { status, body: notUpdatedText('GROUP=stations') });
      clock.advance(2 * HOUR_MS);
      const [report] = await refresher.refresh();
      expect(report).toMatchObject({
        outcome: 'unchanged',
        httpStatus: status,
        reason: 'GP data has not updated since your last successful',
        nextAttemptMs: clock.nowMs + 2 * HOUR_MS,
      });
      expect(catalog.size).toBe(ids(STATIONS_JSON).length);
      const state = store.sourceState('celestrak:stations')!;
      expect(state).toMatchObject({
        failures: 0,
        retryAfterMs: null,
        lastOutcome: 'unchanged',
        lastUnchangedMs: clock.nowMs,
        objectCount: ids(STATIONS_JSON).length,
      });
      expect(store.refreshLog({ source: 'celestrak:stations' })[0]).toMatchObject({
        outcome: 'unchanged',
        httpStatus: status,
      });
    });
  }
});

describe('failures keep the previous data and back off', () => {
  const cases: [string, () => void, 'failed' | 'rejected', RegExp][] = [
    [
      '404 "No GP data found"',
      () => server.set('GROUP=stations', { status: 404, body: 'No GP data found' }),
      'failed',
      /^HTTP 404: No GP data found$/,
    ],
    [
      '500',
      () => server.set('GROUP=stations', { status: 500, body: 'Internal Server Error' }),
      'failed',
      /^HTTP 500: Internal Server Error$/,
    ],
    [
      '429',
      () => server.set('GROUP=stations', { status: 429, body: 'Too Many Requests' }),
      'failed',
      /^HTTP 429/,
    ],
    [
      'a connection dropped mid-body',
      () => server.set('GROUP=stations', { body: STATIONS_JSON, dropAfterBytes: 1000 }),
      'failed',
      /^request failed while reading the body/,
    ],
    [
      'an HTML error page with status 200',
      () => server.set('GROUP=stations', { body: HTML_ERROR_PAGE, contentType: 'text/html' }),
      'rejected',
      /^HTML page instead of element sets \("503 Service Temporarily Unavailable"\)$/,
    ],
    [
      'a truncated JSON body',
      () => server.set('GROUP=stations', json(STATIONS_JSON.slice(0, 5000))),
      'rejected',
      /^truncated or invalid body: invalid JSON/,
    ],
    ['an empty body', () => server.set('GROUP=stations', json('')), 'rejected', /^empty body$/],
    [
      'an empty JSON array',
      () => server.set('GROUP=stations', json('[]')),
      'rejected',
      /^no usable element sets$/,
    ],
    [
      'a body that is not element sets',
      () => server.set('GROUP=stations', json('{"error": "maintenance"}')),
      'rejected',
      /^OMM JSON must be an array/,
    ],
  ];
  for (const [what, arrange, outcome, reason] of cases) {
    it(`${what}: ${outcome}, previous data serves on`, async () => {
      server.set('GROUP=stations', json(STATIONS_JSON));
      const { refresher, catalog, store } = setup({ PASSWATCH_GROUPS: 'stations' });
      await refresher.refresh();
      const before = catalog.records();
      arrange();
      clock.advance(2 * HOUR_MS);
      const [report] = await refresher.refresh();
      expect(report!.outcome).toBe(outcome);
      expect(report!.reason).toMatch(reason);
      expect(catalog.records()).toEqual(before);
      expect(store.loadObjects()).toEqual(before);
      expect(store.sourceState('celestrak:stations')).toMatchObject({
        failures: 1,
        retryAfterMs: report!.finishedMs + 2 * HOUR_MS,
        lastOutcome: outcome,
        objectCount: before.length,
        origin: 'network',
      });
      expect(store.refreshLog({ source: 'celestrak:stations' })[0]).toMatchObject({
        outcome,
        reason: report!.reason,
        objectsBefore: before.length,
        objectsAfter: before.length,
      });
    });
  }

  it('honours a Retry-After longer than the backoff', async () => {
    server.set('GROUP=stations', {
      status: 429,
      body: 'Too Many Requests',
      headers: { 'retry-after': String(10 * 3600) },
    });
    const { refresher } = setup({ PASSWATCH_GROUPS: 'stations' });
    const [report] = await refresher.refresh();
    expect(report!.nextAttemptMs).toBe(report!.finishedMs + 10 * HOUR_MS);
  });

  it('rejects a CSV body cut in the middle of a row', async () => {
    server.set('GROUP=stations', { body: STATIONS_CSV.slice(0, 5000) });
    const { refresher, catalog } = setup({
      PASSWATCH_GROUPS: 'stations',
      PASSWATCH_CELESTRAK_FORMAT: 'csv',
    });
    const [report] = await refresher.refresh();
    expect(report!.outcome).toBe('rejected');
    expect(report!.reason).toMatch(/^truncated body: the last row \(line \d+\) has no line break$/);
    expect(catalog.size).toBe(0);
  });

  it('rejects a TLE body that ends in a dangling record', async () => {
    const lines = AMATEUR_TLE.split('\r\n');
    const cut = `${lines.slice(0, 3 * 50 + 2).join('\r\n')}\r\n`;
    server.set('/amateur.tle', { body: cut });
    const { refresher } = setup({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'amsat', url: `${server.url}/amateur.tle` }]),
    });
    const [report] = await refresher.refresh();
    expect(report!.outcome).toBe('rejected');
    expect(report!.reason).toBe(
      'truncated body: the last line (line 152) is not a TLE line 2, so its record is incomplete',
    );
  });
});

describe('bad records inside a good body', () => {
  /** The amateur TLE file with line 2 of two records given a wrong checksum digit. */
  function withChecksumErrors(records: number[]): string {
    const lines = AMATEUR_TLE.split('\r\n');
    for (const r of records) {
      const i = 3 * r + 2;
      const line = lines[i]!;
      lines[i] = line.slice(0, 68) + String((Number(line[68]) + 1) % 10);
    }
    return lines.join('\r\n');
  }

  it('are left out and reported; the good records load', async () => {
    server.set('/amateur.tle', { body: withChecksumErrors([3, 40]) });
    const { refresher, catalog, store } = setup({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([
        { name: 'amsat', url: `${server.url}/amateur.tle`, format: 'tle' },
      ]),
    });
    const [report] = await refresher.refresh();
    expect(report!.outcome).toBe('updated');
    expect(report!.objects?.after).toBe(94);
    expect(report!.issues).toHaveLength(2);
    expect(report!.issues[0]).toMatch(
      /^line 12 \(NORAD \d+\): checksum mismatch on line 2: expected \d, found \d$/,
    );
    expect(report!.reason).toBe('accepted 94 element sets; left out 2 bad records');
    expect(catalog.size).toBe(94);
    const [log] = store.refreshLog({ source: 'amsat' });
    expect(log).toMatchObject({ outcome: 'updated', issues: 2, objectsAfter: 94 });
    expect(log!.details).toEqual(report!.issues);
  });

  it('reject the body when more than the allowed share are bad', async () => {
    server.set('/amateur.tle', { body: withChecksumErrors([...Array(30).keys()]) });
    const { refresher, catalog } = setup({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'amsat', url: `${server.url}/amateur.tle` }]),
    });
    const [report] = await refresher.refresh();
    expect(report!.outcome).toBe('rejected');
    expect(report!.reason).toMatch(/^30 of 96 records are bad \(more than 20%\); first: line 3 /);
    expect(report!.issues).toHaveLength(30);
    expect(catalog.size).toBe(0);
  });
});

describe('the drop rule', () => {
  it('rejects a body that lost most of the source’s objects, until accepted', async () => {
    server.set('GROUP=visual', json(VISUAL_JSON));
    const { refresher, catalog, store } = setup({ PASSWATCH_GROUPS: 'visual' });
    await refresher.refresh();
    const full = ids(VISUAL_JSON).length;
    server.set('GROUP=visual', json(ommJson(VISUAL_JSON, (r) => r.slice(0, 20))));
    clock.advance(2 * HOUR_MS);
    const [report] = await refresher.refresh();
    expect(report!.outcome).toBe('rejected');
    expect(report!.reason).toBe(
      `would remove ${full - 20} of the ${full} objects (${Math.round(((full - 20) / full) * 1000) / 10}%), more than the 20% allowed; the previous data stays (accept with "passwatch refresh --source celestrak:visual --accept-drop")`,
    );
    expect(catalog.size).toBe(full);

    // Accepting while the source backs off: remembered for its next due refresh.
    const [skipped] = await refresher.refresh({ sources: ['visual'], acceptDrop: true });
    expect(skipped!.outcome).toBe('skipped');
    clock.advance(2 * HOUR_MS);
    const [accepted] = await refresher.refresh();
    expect(accepted).toMatchObject({
      outcome: 'updated',
      objects: { after: 20, removed: full - 20 },
    });
    expect(catalog.size).toBe(20);
    expect(store.getMeta('accept-drop:celestrak:visual')).toBeNull();
  });

  it('accepts losing up to the allowed share', async () => {
    server.set('GROUP=visual', json(VISUAL_JSON));
    const { refresher, catalog } = setup({ PASSWATCH_GROUPS: 'visual' });
    await refresher.refresh();
    const full = ids(VISUAL_JSON).length;
    const keep = Math.ceil(full * 0.8);
    server.set('GROUP=visual', json(ommJson(VISUAL_JSON, (r) => r.slice(0, keep))));
    clock.advance(2 * HOUR_MS);
    const [report] = await refresher.refresh();
    expect(report!.outcome).toBe('updated');
    expect(catalog.size).toBe(keep);
  });
});

describe('one source failing never blocks the others', () => {
  it('loads the groups that answer', async () => {
    server.set('GROUP=stations', { status: 500, body: 'Internal Server Error' });
    server.set('GROUP=visual', { hang: true });
    server.set('GROUP=amateur', json(AMATEUR_JSON));
    const { refresher, catalog } = setup({ PASSWATCH_GROUPS: 'stations,visual,amateur' });
    const reports = await refresher.refresh();
    expect(reports.map((r) => r.outcome)).toEqual(['failed', 'failed', 'updated']);
    expect(catalog.size).toBe(ids(AMATEUR_JSON).length);
    expect(catalog.groups().map((g) => g.name)).toEqual(['amateur']);
  });
});

describe('timing', () => {
  it('backs off exponentially after errors, up to the cap, and resets on success', async () => {
    server.set('GROUP=stations', { status: 500, body: 'Internal Server Error' });
    const { refresher, store, config } = setup({ PASSWATCH_GROUPS: 'stations' });
    const start = clock.nowMs;
    const fetchedAt: number[] = [];
    const expectedWaits = [2, 4, 8, 16, 24, 24].map((h) => h * HOUR_MS);
    // Run the refresh every 30 minutes for 4 days and note when it actually fetched.
    for (let t = 0; t <= 4 * 24 * 2; t++) {
      const before = server.count('GROUP=stations');
      const [report] = await refresher.refresh();
      if (server.count('GROUP=stations') > before) {
        fetchedAt.push(clock.nowMs - start);
        expect(report!.outcome).toBe('failed');
      } else {
        expect(report!.outcome).toBe('skipped');
        expect(report!.reason).toMatch(
          /^backing off after \d+ failed attempts? in a row \(last: HTTP 500/,
        );
      }
      clock.advance(HOUR_MS / 2);
    }
    const gaps = fetchedAt.slice(1).map((t, i) => t - fetchedAt[i]!);
    expect(gaps).toEqual(expectedWaits.slice(0, gaps.length));
    expect(gaps.length).toBe(6);

    // The backoff is persisted: a restart does not reset it.
    store.close();
    const again = wire(config, clock);
    opened.push(again);
    const state = again.store.sourceState('celestrak:stations')!;
    expect(state.failures).toBe(7);
    expect(state.retryAfterMs).toBeGreaterThan(clock.nowMs);
    const [skipped] = await again.refresher.refresh();
    expect(skipped!.outcome).toBe('skipped');

    // Success resets it: the next fetch is 2 hours later again.
    server.set('GROUP=stations', json(STATIONS_JSON));
    clock.nowMs = state.retryAfterMs!;
    const [ok] = await again.refresher.refresh();
    expect(ok!.outcome).toBe('updated');
    expect(again.store.sourceState('celestrak:stations')).toMatchObject({
      failures: 0,
      retryAfterMs: null,
    });
    expect(ok!.nextAttemptMs).toBe(clock.nowMs + 2 * HOUR_MS);
  });

  it('never asks CelesTrak for the same query twice within 2 hours, even forced or restarted', async () => {
    server.set('GROUP=stations', json(STATIONS_JSON));
    const { refresher, config, store } = setup({ PASSWATCH_GROUPS: 'stations' });
    await refresher.refresh();
    clock.advance(2 * HOUR_MS - 1);
    const [forced] = await refresher.refresh({ force: true });
    expect(forced!.outcome).toBe('skipped');
    expect(forced!.reason).toMatch(
      /^fetched less than 120 min ago \(CelesTrak's data changes at most every 2 hours\)/,
    );
    store.close();
    const again = wire(config, clock);
    opened.push(again);
    expect((await again.refresher.refresh())[0]!.outcome).toBe('skipped');
    expect(server.count('GROUP=stations')).toBe(1);
    clock.advance(1);
    expect((await again.refresher.refresh())[0]!.outcome).toBe('updated');
    expect(server.count('GROUP=stations')).toBe(2);
  });

  it('lets --force skip the interval and backoff of other sources', async () => {
    server.set('/amateur.tle', { body: AMATEUR_TLE });
    const { refresher } = setup({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([
        { name: 'amsat', url: `${server.url}/amateur.tle`, minIntervalMinutes: 60 },
      ]),
    });
    await refresher.refresh();
    expect((await refresher.refresh())[0]!.outcome).toBe('skipped');
    expect((await refresher.refresh({ force: true }))[0]!.outcome).toBe('updated');
    expect(server.count('/amateur.tle')).toBe(2);
  });

  it('keeps CelesTrak’s 2-hour floor for CelesTrak URLs given as other sources', async () => {
    const { refresher } = setup({
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([
        {
          name: 'iss',
          url: 'https://celestrak.org/NORAD/elements/gp.php?CATNR=25544&FORMAT=json',
          minIntervalMinutes: 5,
        },
      ]),
    });
    const [spec] = refresher.sources;
    expect(spec).toMatchObject({ celestrak: true, minIntervalMs: 2 * HOUR_MS });
  });
});

describe('change announcements', () => {
  it('name the objects added, changed and removed after each successful refresh', async () => {
    server.set('GROUP=amateur', json(AMATEUR_JSON));
    const { refresher, catalog } = setup({ PASSWATCH_GROUPS: 'amateur' });
    const changes: unknown[] = [];
    catalog.onChange((c) => changes.push(c));
    await refresher.refresh();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      sources: ['celestrak:amateur'],
      added: ids(AMATEUR_JSON).sort((a, b) => a - b),
      changed: [],
      removed: [],
      version: 1,
    });

    const all = JSON.parse(AMATEUR_JSON) as Record<string, unknown>[];
    const [gone1, gone2, moved1, moved2] = [all[0]!, all[1]!, all[2]!, all[3]!].map(
      (r) => r.NORAD_CAT_ID as number,
    ) as [number, number, number, number];
    const iss = JSON.parse(STATIONS_JSON).find(
      (r: Record<string, unknown>) => r.NORAD_CAT_ID === 25544,
    );
    const unchangedId = all[10]!.NORAD_CAT_ID as number;
    const orbitBefore = catalog.orbit(unchangedId);
    const movedOrbitBefore = catalog.orbit(moved1);
    server.set(
      'GROUP=amateur',
      json(
        ommJson(AMATEUR_JSON, (r) => [
          ...r
            .slice(2)
            .map((x) =>
              x.NORAD_CAT_ID === moved1 || x.NORAD_CAT_ID === moved2
                ? { ...x, EPOCH: '2026-04-28T00:00:00.000000', MEAN_ANOMALY: 10 }
                : x,
            ),
          ...(r.some((x) => x.NORAD_CAT_ID === 25544) ? [] : [iss]),
        ]),
      ),
    );
    clock.advance(2 * HOUR_MS);
    await refresher.refresh();
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({
      sources: ['celestrak:amateur'],
      changed: [moved1, moved2].sort((a, b) => a - b),
      removed: [gone1, gone2].sort((a, b) => a - b),
      version: 2,
    });
    expect(catalog.has(gone1)).toBe(false);
    expect(catalog.get(moved1)!.elements.epochIso).toBe('2026-04-28T00:00:00.000000Z');
    // Orbits are cached until their elements change.
    expect(catalog.orbit(unchangedId)).toBe(orbitBefore);
    expect(catalog.orbit(moved1)).not.toBe(movedOrbitBefore);
    expect(catalog.orbit(moved1)!.elements.epochIso).toBe('2026-04-28T00:00:00.000000Z');

    // Nothing is announced when a refresh brings the same data.
    clock.advance(2 * HOUR_MS);
    const [same] = await refresher.refresh();
    expect(same!.outcome).toBe('updated');
    expect(changes).toHaveLength(2);
  });

  it('keeps superseded element sets as history', async () => {
    server.set('GROUP=amateur', json(AMATEUR_JSON));
    const { refresher, store } = setup({
      PASSWATCH_GROUPS: 'amateur',
      PASSWATCH_HISTORY_DAYS: '400',
    });
    await refresher.refresh();
    const first = JSON.parse(AMATEUR_JSON)[0] as Record<string, unknown>;
    const id = first.NORAD_CAT_ID as number;
    server.set(
      'GROUP=amateur',
      json(
        ommJson(AMATEUR_JSON, (r) =>
          r.map((x) => (x.NORAD_CAT_ID === id ? { ...x, EPOCH: '2026-04-29T00:00:00' } : x)),
        ),
      ),
    );
    clock.advance(2 * HOUR_MS);
    await refresher.refresh();
    const history = store.history(id);
    expect(history).toHaveLength(1);
    expect(history[0]!.elements.epochIso).toBe(
      parseElements(AMATEUR_JSON, '', 'omm-json').elements.find((e) => e.noradId === id)!.epochIso,
    );
    expect(history[0]!.replacedMs).toBe(clock.nowMs);
  });
});

describe('restart', () => {
  it('keeps the catalog, and drops sources no longer configured', async () => {
    server.set('GROUP=stations', json(STATIONS_JSON));
    server.set('GROUP=visual', json(VISUAL_JSON));
    const { refresher, catalog, store, config } = setup();
    await refresher.refresh();
    const records = catalog.records();
    store.close();

    const again = wire(config, clock);
    opened.push(again);
    expect(again.catalog.records()).toEqual(records);
    expect(again.store.sourceState('celestrak:visual')?.lastSuccessMs).toBe(clock.nowMs);
    again.store.close();

    const fewer = wire(
      {
        ...config,
        catalog: {
          ...config.catalog,
          celestrak: { ...config.catalog.celestrak, groups: ['stations'] },
        },
      },
      clock,
    );
    opened.push(fewer);
    expect(fewer.catalog.size).toBe(ids(STATIONS_JSON).length);
    expect(fewer.catalog.get(25544)!.groups).toEqual(['stations']);
    expect(fewer.store.sourceState('celestrak:visual')).toBeNull();
  });

  it('a second store on the same file sees committed data (another process refreshing)', async () => {
    server.set('GROUP=stations', json(STATIONS_JSON));
    const { refresher, config } = setup({ PASSWATCH_GROUPS: 'stations' });
    const reader = CatalogStore.open(join(config.dataDir, 'passwatch.sqlite'));
    try {
      const version = reader.dataVersion();
      await refresher.refresh();
      expect(reader.dataVersion()).not.toBe(version);
      expect(reader.objectCount()).toBe(ids(STATIONS_JSON).length);
    } finally {
      reader.close();
    }
  });
});

it('refuses unknown source names', async () => {
  const { refresher } = setup();
  expect(() => refresher.refresh({ sources: ['nope'] })).toThrow(UnknownSourceError);
  expect(() => refresher.refresh({ sources: ['nope'] })).toThrow(
    'no source "nope"; configured: celestrak:stations, celestrak:visual',
  );
});
