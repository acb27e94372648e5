import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

const ISS = 25544;
const WHERE = 'lat=52&lon=5&alt=0';
const WINDOW = 'start=2026-08-22T00:00:00Z&days=2';
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/;

describe('health, readiness, metrics', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await api.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.objects).toBeGreaterThan(900);
  });

  it('serves Prometheus text with request, refresh and catalog metrics', async () => {
    await api.get(`/v1/satellites/${ISS}`);
    const { res, text } = await api.get('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toMatch(
      /passwatch_http_requests_total\{method="GET",route="\/v1\/satellites\/:noradId",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /passwatch_http_request_duration_seconds_bucket\{route="\/v1\/satellites\/:noradId",le="\+Inf"\} \d+/,
    );
    expect(text).toMatch(/passwatch_catalog_objects 9\d\d/);
    expect(text).toContain('# TYPE passwatch_refresh_total counter');
    expect(text).toMatch(/passwatch_catalog_median_age_days [\d.]+/);
  });

  it('logs one structured line per request', async () => {
    await api.get(`/v1/satellites?search=ISS`);
    const line = api.logs.findLast((l) => l.event === 'request');
    expect(line).toMatchObject({
      event: 'request',
      method: 'GET',
      route: '/v1/satellites',
      status: 200,
    });
    expect(typeof line!.ms).toBe('number');
  });
});

describe('catalog routes', () => {
  it('searches by name, NORAD id and designator, with groups and pagination', async () => {
    const byName = await api.get('/v1/satellites?search=ISS%20(ZARYA)');
    expect(byName.body.items[0]).toMatchObject({
      noradId: ISS,
      intlDesignator: '1998-067A',
      stale: false,
    });
    expect(byName.body.items[0].groups).toContain('stations');
    expect((await api.get('/v1/satellites?search=25544')).body.items[0].noradId).toBe(ISS);
    expect((await api.get('/v1/satellites?search=1998-067A')).body.items[0].noradId).toBe(ISS);
    const page1 = await api.get('/v1/satellites?group=amateur&limit=10');
    expect(page1.body.items).toHaveLength(10);
    expect(page1.body.total).toBe(96);
    const page2 = await api.get(
      `/v1/satellites?group=amateur&limit=10&cursor=${page1.body.nextCursor}`,
    );
    const ids1 = page1.body.items.map((i: { noradId: number }) => i.noradId);
    for (const item of page2.body.items) expect(ids1).not.toContain(item.noradId);
  });

  it('returns one satellite with TLE lines, OMM fields, source, age and stale flag', async () => {
    const { body } = await api.get(`/v1/satellites/${ISS}`);
    expect(body.elements.tle.line1).toMatch(/^1 25544U 98067A {3}26233\.53315667/);
    expect(body.elements.omm).toMatchObject({
      NORAD_CAT_ID: ISS,
      EPOCH: '2026-08-21T12:47:44.736288',
    });
    expect(body.source).toMatch(/^celestrak:/);
    expect(body.ageDays).toBeCloseTo(0.967, 2);
    expect(body.stale).toBe(false);
    expect(body.staleAfterDays).toBe(14);
  });

  it('flags stale elements relative to the clock', async () => {
    const later = await apiUnderTest();
    later.clock.advance(30 * 86_400_000);
    expect((await later.get(`/v1/satellites/${ISS}`)).body.stale).toBe(true);
    await later.stop();
  });

  it('reports sources and ages on /v1/catalog', async () => {
    const { body } = await api.get('/v1/catalog');
    expect(body.objects).toBeGreaterThan(900);
    expect(body.sources.map((s: { name: string }) => s.name)).toContain('celestrak:stations');
    expect(body.sources[0]).toHaveProperty('lastOutcome');
    expect(body.medianAgeDays).toBeGreaterThan(0);
  });

  it('needs the admin token to refresh', async () => {
    expect((await api.get('/v1/catalog/refresh', { method: 'POST' })).status).toBe(401);
    const wrong = await api.get('/v1/catalog/refresh', {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.res.headers.get('content-type')).toBe('application/problem+json');
    const ok = await api.get('/v1/catalog/refresh?source=stations', {
      method: 'POST',
      headers: { authorization: 'Bearer secret-token-0123456789' },
    });
    expect(ok.status).toBe(200);
    expect(api.refreshes.at(-1)).toEqual({ sources: ['stations'] });
  });

  it('refuses refresh when no admin token is configured', async () => {
    const open = await apiUnderTest({ PASSWATCH_ADMIN_TOKEN: '' });
    const r = await open.get('/v1/catalog/refresh', {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
    });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/PASSWATCH_ADMIN_TOKEN/);
    await open.stop();
  });
});

describe('passes', () => {
  it('serves one satellite’s passes with the observer, settings and element age echoed', async () => {
    const { status, body } = await api.get(`/v1/satellites/${ISS}/passes?${WHERE}&${WINDOW}`);
    expect(status).toBe(200);
    expect(body.observer).toEqual({ name: null, lat: 52, lon: 5, alt: 0, horizonMask: null });
    expect(body.settings).toMatchObject({
      start: '2026-08-22T00:00:00.000Z',
      end: '2026-08-24T00:00:00.000Z',
      minElevation: 0,
      visibleOnly: false,
    });
    expect(body.elements).toMatchObject({ epoch: '2026-08-21T12:47:44.736288Z', stale: false });
    expect(body.passes.length).toBeGreaterThan(8);
    for (const p of body.passes) {
      expect(p.aos.time).toMatch(ISO_MS);
      expect(typeof p.revolution).toBe('number');
    }
  });

  it('serves the same pass objects as the CLI for the same query', async () => {
    const api1 = (await api.get(`/v1/satellites/${ISS}/passes?${WHERE}&${WINDOW}`)).body.passes;
    let out = '';
    const io: CliIo = {
      out: (t) => {
        out += t;
      },
      err: () => {},
      now: () => 0,
    };
    const stations = fileURLToPath(new URL('../fixtures/elements/stations.tle', import.meta.url));
    await main(
      [
        'passes',
        '--elements',
        stations,
        '--sat',
        '25544',
        '--lat',
        '52',
        '--lon',
        '5',
        '--alt',
        '0',
        '--start',
        '2026-08-22T00:00:00Z',
        '--days',
        '2',
        '--json',
      ],
      io,
    );
    const cli = JSON.parse(out).passes;
    // The API's pass items add the revolution number; both give the magnitude's source.
    expect(api1.map(({ revolution: _, ...p }: { revolution: number }) => p)).toEqual(cli);
    expect(cli[0].magnitudeSource).toBe('observed');
  });

  it('renders local times under tz and uses a named observer with its mask and threshold', async () => {
    const local = await api.get(`/v1/satellites/${ISS}/passes?observer=home&${WINDOW}`);
    expect(local.status).toBe(200);
    expect(local.body.observer.name).toBe('home');
    expect(local.body.observer.horizonMask).toHaveLength(4);
    expect(local.body.settings.tz).toBe('Europe/Amsterdam');
    expect(local.body.settings.minElevation).toBe(10);
    for (const p of local.body.passes) {
      expect(p.aos.time.endsWith('+02:00')).toBe(true);
      expect(p.aos.elevation).toBeGreaterThanOrEqual(9.99);
    }
    const utc = await api.get(`/v1/satellites/${ISS}/passes?observer=home&${WINDOW}&tz=UTC`);
    expect(utc.body.passes[0].aos.time).toMatch(/(Z|\+00:00)$/);
  });

  it('merges many satellites in time order: what can I see tonight', async () => {
    const { body } = await api.get(
      `/v1/passes?${WHERE}&group=visual&visibleOnly=true&maxMagnitude=3&${WINDOW}`,
    );
    expect(body.satellites).toBe(157);
    expect(body.passes.length).toBeGreaterThan(20);
    const starts = body.passes.map((p: { aos: { time: string } | null; tca: { time: string } }) =>
      Date.parse((p.aos ?? p.tca).time),
    );
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const p of body.passes) {
      expect(p.visible.length).toBeGreaterThan(0);
      expect(
        Math.min(...p.visible.map((v: { brightestMagnitude: number }) => v.brightestMagnitude)),
      ).toBeLessThanOrEqual(3);
    }
  });

  it('lists every amateur pass above 20 deg, by group or ids', async () => {
    const byGroup = await api.get(`/v1/passes?${WHERE}&group=amateur&minElevation=20&${WINDOW}`);
    expect(byGroup.body.passes.length).toBeGreaterThan(50);
    for (const p of byGroup.body.passes) expect(p.maxElevation).toBeGreaterThanOrEqual(20);
    const byIds = await api.get(`/v1/passes?${WHERE}&ids=25544,43017&minElevation=20&${WINDOW}`);
    expect(new Set(byIds.body.passes.map((p: { noradId: number }) => p.noradId))).toEqual(
      new Set([25544, 43017]),
    );
  });

  it('refuses a request over the work budget with 422 explaining the limit', async () => {
    const small = await apiUnderTest({ PASSWATCH_API_WORK_BUDGET: '100' });
    const r = await small.get(`/v1/passes?${WHERE}&group=visual&${WINDOW}`);
    expect(r.status).toBe(422);
    expect(r.body.detail).toMatch(
      /157 satellites × 2\.00 days = 314 satellite-days, over this server's budget of 100/,
    );
    expect(r.body.budgetSatelliteDays).toBe(100);
    await small.stop();
  });
});

describe('an element set SGP4 cannot use', () => {
  it('is reported per object, never a failed request', async () => {
    const iss = api.handle.catalog.record(ISS)!;
    const broken = {
      ...iss,
      noradId: 999_001,
      name: 'BROKEN',
      elements: { ...iss.elements, noradId: 999_001, tle: null, eccentricity: 1.5 },
    };
    api.handle.catalog.apply({ upserts: [broken], removed: [], sources: ['test'] });
    try {
      const many = await api.get(`/v1/passes?${WHERE}&ids=999001,25544&${WINDOW}`);
      expect(many.status).toBe(200);
      expect(many.body.errors).toEqual([
        expect.objectContaining({
          noradId: 999_001,
          message: expect.stringMatching(/eccentricity/),
        }),
      ]);
      expect(many.body.passes.length).toBeGreaterThan(0);
      const one = await api.get(`/v1/satellites/999001/passes?${WHERE}&${WINDOW}`);
      expect(one.status).toBe(200);
      expect(one.body.passes).toEqual([]);
      expect(one.body.errors).toHaveLength(1);
      const track = await api.get(
        `/v1/satellites/999001/track?${WHERE}&start=2026-08-22T00:00:00Z`,
      );
      expect(track.status).toBe(200);
      expect(track.body.errors).toHaveLength(1);
      expect((await api.get(`/v1/above?${WHERE}`)).status).toBe(200);
    } finally {
      api.handle.catalog.apply({ upserts: [], removed: [999_001], sources: ['test'] });
    }
  });
});

describe('track and above', () => {
  it('tracks a span with look angles, range rate, Doppler, sub-point and sunlight', async () => {
    const { body } = await api.get(
      `/v1/satellites/${ISS}/track?${WHERE}&start=2026-08-22T02:55:00Z&end=2026-08-22T03:06:00Z&step=60&frequency=145800000`,
    );
    expect(body.points).toHaveLength(12);
    const p = body.points[5];
    for (const k of [
      'azimuth',
      'elevation',
      'rangeKm',
      'rangeRateKmS',
      'dopplerFactor',
      'frequencyHz',
      'latitude',
      'longitude',
      'altitudeKm',
      'sunlit',
      'magnitude',
    ]) {
      expect(p).toHaveProperty(k);
    }
    expect(p.altitudeKm).toBeGreaterThan(380);
    expect(p.altitudeKm).toBeLessThan(440);
    // Approaching: heard above the nominal frequency; receding: below.
    const first = body.points[0];
    const last = body.points.at(-1);
    expect(first.rangeRateKmS).toBeLessThan(0);
    expect(first.frequencyHz).toBeGreaterThan(145_800_000);
    expect(last.frequencyHz).toBeLessThan(145_800_000);
  });

  it('tracks exactly one pass from AOS to LOS with pass=AOS', async () => {
    const passes = (await api.get(`/v1/satellites/${ISS}/passes?${WHERE}&${WINDOW}`)).body.passes;
    const p = passes[1];
    const { body } = await api.get(
      `/v1/satellites/${ISS}/track?${WHERE}&pass=${p.aos.time}&step=5`,
    );
    expect(body.points[0].time).toBe(p.aos.time);
    // LOS is recomputed for the track: the same crossing to within a millisecond or two.
    expect(
      Math.abs(Date.parse(body.points.at(-1).time) - Date.parse(p.los.time)),
    ).toBeLessThanOrEqual(2);
    expect(body.points[0].azimuth).toBeCloseTo(p.aos.azimuth, 2);
    expect(body.points[0].elevation).toBeCloseTo(0, 2);
    const missing = await api.get(`/v1/satellites/${ISS}/track?${WHERE}&pass=2026-08-22T12:00:00Z`);
    expect(missing.status).toBe(404);
  });

  it('lists what is above the horizon now, highest first', async () => {
    const { body } = await api.get(`/v1/above?${WHERE}&group=geo`);
    expect(body.items.length).toBeGreaterThan(50);
    const els = body.items.map((i: { elevation: number }) => i.elevation);
    expect(els).toEqual([...els].sort((a, b) => b - a));
    expect(els.at(-1)).toBeGreaterThanOrEqual(0);
    expect(body.items[0]).toHaveProperty('compass');
  });
});

describe('calendar feeds', () => {
  it('produce RFC 5545 that an independent parser reads, one event per pass', async () => {
    const json = (await api.get(`/v1/satellites/${ISS}/passes?${WHERE}&${WINDOW}`)).body.passes;
    const { res, text } = await api.get(`/v1/satellites/${ISS}/passes.ics?${WHERE}&${WINDOW}`);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(text).toContain('\r\n');
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(json.length);
    for (const [i, e] of events.entries()) {
      expect(e.startDate.toJSDate().getTime()).toBe(
        Math.round(Date.parse(json[i].aos.time) / 1000) * 1000,
      );
      expect(e.summary).toContain('ISS (ZARYA)');
      expect(e.description).toContain('TCA');
    }
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('keeps UIDs when refreshed elements move the passes by seconds', async () => {
    const url = `/v1/satellites/${ISS}/passes.ics?${WHERE}&${WINDOW}`;
    const uids = (text: string) =>
      new ICAL.Component(ICAL.parse(text))
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v));
    const before = uids((await api.get(url)).text);
    // New elements: the same orbit, mean anomaly nudged (about 2 s along track).
    const record = api.handle.catalog.record(ISS)!;
    const elements = {
      ...record.elements,
      tle: null,
      format: 'omm-json' as const,
      meanAnomalyDeg: record.elements.meanAnomalyDeg + 0.03,
    };
    api.handle.catalog.apply({
      upserts: [{ ...record, elements }],
      removed: [],
      sources: ['test'],
    });
    const after = uids((await api.get(url)).text);
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    const moved = after.map(
      (e, i) => e.startDate.toJSDate().getTime() - before[i]!.startDate.toJSDate().getTime(),
    );
    expect(moved.some((d) => d !== 0)).toBe(true);
    for (const d of moved) expect(Math.abs(d)).toBeLessThan(10_000);
    api.handle.catalog.replaceAll(api.handle.store.loadObjects(), ['test']);
  });

  it('serves a multi-satellite feed', async () => {
    const { text } = await api.get(`/v1/passes.ics?${WHERE}&ids=25544,20580&${WINDOW}`);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(10);
  });
});

describe('caching', () => {
  it('answers identical queries from memory with an ETag, and 304 to If-None-Match', async () => {
    const url = `/v1/satellites/${ISS}/passes?${WHERE}&start=2026-08-22T00:00:00Z&days=3`;
    const misses = api.context.cache.misses;
    const first = await api.get(url);
    // Looked up once: the fast path's miss, not again by the route.
    expect(api.context.cache.misses).toBe(misses + 1);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(first.res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const hits = api.context.cache.hits;
    const second = await api.get(url);
    expect(api.context.cache.hits).toBe(hits + 1);
    expect(second.text).toBe(first.text);
    const cond = await api.get(url, { headers: { 'if-none-match': etag } });
    expect(cond.status).toBe(304);
  });

  it('invalidates on a catalog change', async () => {
    const url = `/v1/satellites/${ISS}/passes?${WHERE}&start=2026-08-22T00:00:00Z&days=3`;
    const etag = (await api.get(url)).res.headers.get('etag');
    const record = api.handle.catalog.record(ISS)!;
    api.handle.catalog.apply({
      upserts: [
        {
          ...record,
          elements: {
            ...record.elements,
            tle: null,
            meanAnomalyDeg: record.elements.meanAnomalyDeg + 0.5,
          },
        },
      ],
      removed: [],
      sources: ['test'],
    });
    const after = await api.get(url);
    expect(after.res.headers.get('etag')).not.toBe(etag);
    api.handle.catalog.replaceAll(api.handle.store.loadObjects(), ['test']);
  });
});

describe('OpenAPI and docs', () => {
  it('publishes a valid OpenAPI 3.1 document listing every route', async () => {
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/v1/above',
        '/v1/catalog',
        '/v1/catalog/refresh',
        '/v1/conjunctions',
        '/v1/conjunctions.ics',
        '/v1/events',
        '/v1/observers',
        '/v1/passes',
        '/v1/passes.ics',
        '/v1/satellites',
        '/v1/satellites/{noradId}',
        '/v1/satellites/{noradId}/live',
        '/v1/satellites/{noradId}/history',
        '/v1/satellites/{noradId}/passes',
        '/v1/satellites/{noradId}/passes.ics',
        '/v1/satellites/{noradId}/track',
        '/v1/satellites/{noradId}/transmitters',
        '/v1/sky',
        '/v1/transits',
        '/v1/stations',
        '/v1/stations/{name}',
        '/v1/stations/{name}/schedule',
        '/v1/stations/{name}/schedule.ics',
        '/v1/stations/{name}/status',
      ].sort(),
    );
  });

  it('serves interactive docs with their own assets (no CDN)', async () => {
    const page = await api.get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of page.text.matchAll(/(?:href|src)="([^"]+)"/g)) {
      const r = await api.app.request(asset[1]!);
      expect(r.status, asset[1]).toBe(200);
    }
  });
});
