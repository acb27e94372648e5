/**
 * Every answer carrying a prediction says how old its elements are and whether they are stale;
 * readiness, /v1/catalog and /metrics report freshness; a request without `start` means now,
 * whatever the response cache holds. The API over the bundled snapshot (epochs up to
 * 2026-08-21), with a pinned clock moved by hand.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { driftRow } from '../../src/format/drift.js';
import { apiUnderTest, NOW } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => {
  api.clock.nowMs = NOW;
});

const DAY = 86_400_000;
const ISS = 25544;
const WHERE = 'lat=52&lon=5&alt=0';
/** 100 days after the snapshot: every element set is stale. */
const LATE = '2026-11-30T00:00:00Z';

describe('element age in every answer', () => {
  it('/v1/satellites/{id}/passes: fresh elements, no warning', async () => {
    const { body } = await api.get(
      `/v1/satellites/${ISS}/passes?${WHERE}&start=2026-08-22T00:00:00Z&days=1`,
    );
    expect(body.elements).toMatchObject({
      stale: false,
      staleAfterDays: 14,
      orbitClass: 'leo-low',
    });
    expect(body.warnings).toEqual([]);
    expect(body.passes.length).toBeGreaterThan(0);
    for (const p of body.passes) {
      expect(p).toMatchObject({ stale: false, elementsWarning: null });
      expect(p.elementsAgeDays).toBeLessThan(2);
    }
  });

  it('/v1/satellites/{id}/passes: stale elements, a warning with the measured drift', async () => {
    const { body } = await api.get(`/v1/satellites/${ISS}/passes?${WHERE}&start=${LATE}&days=1`);
    expect(body.elements.stale).toBe(true);
    expect(body.elements.ageDays).toBeGreaterThan(100);
    expect(body.warnings).toHaveLength(1);
    const row = driftRow('leo-low', body.elements.ageDays)!;
    expect(body.warnings[0]).toMatch(
      /^ISS \(ZARYA\) \(25544\): its elements \(epoch 2026-08-21\) are 10\d days old at this prediction, more than the 14-day limit \(stale\)\. SGP4 elements drift with age/,
    );
    expect(body.warnings[0]).toContain(`${Math.round(row.ageDays)}-day-old sets were`);
    for (const p of body.passes) {
      expect(p.stale).toBe(true);
      expect(p.elementsWarning).toMatch(/^ISS \(ZARYA\) \(25544\): its elements/);
    }
  });

  it('/v1/passes: a top-level warnings list and a per-pass stale flag', async () => {
    const fresh = await api.get(
      `/v1/passes?${WHERE}&group=stations&start=2026-08-22T00:00:00Z&days=1`,
    );
    expect(fresh.body.warnings).toEqual([]);
    expect(fresh.body.passes.every((p: { stale: boolean }) => !p.stale)).toBe(true);
    const late = await api.get(`/v1/passes?${WHERE}&group=stations&start=${LATE}&days=1`);
    const ids = new Set(late.body.passes.map((p: { noradId: number }) => p.noradId));
    expect(late.body.passes.every((p: { stale: boolean }) => p.stale)).toBe(true);
    // One warning per satellite with stale passes.
    expect(late.body.warnings).toHaveLength(ids.size);
    expect(late.body.warnings.join('\n')).toContain('ISS (ZARYA) (25544): its elements');
  });

  it('/track: the elements object and a warning when stale', async () => {
    const fresh = await api.get(
      `/v1/satellites/${ISS}/track?${WHERE}&start=2026-08-22T00:00:00Z&end=2026-08-22T00:10:00Z&step=60`,
    );
    expect(fresh.body.elements).toMatchObject({
      epoch: '2026-08-21T12:47:44.736288Z',
      stale: false,
    });
    expect(fresh.body.warnings).toEqual([]);
    const late = await api.get(`/v1/satellites/${ISS}/track?${WHERE}&start=${LATE}&step=60`);
    expect(late.body.elements.stale).toBe(true);
    expect(late.body.warnings[0]).toMatch(/^ISS \(ZARYA\) \(25544\): its elements/);
  });

  it('/above: per item age and stale, warnings per orbit class', async () => {
    const fresh = await api.get(`/v1/above?${WHERE}`);
    expect(fresh.body.items.length).toBeGreaterThan(0);
    expect(fresh.body.items[0]).toHaveProperty('elementsAgeDays');
    // The few objects whose elements are already old are counted in the warnings.
    const staleNow = fresh.body.items.filter((i: { stale: boolean }) => i.stale).length;
    expect(staleNow).toBeLessThan(fresh.body.items.length / 10);
    const counted = fresh.body.warnings.map((w: string) => Number(/^(\d+) object/.exec(w)![1]));
    expect(counted.reduce((a: number, b: number) => a + b, 0)).toBe(staleNow);
    api.clock.nowMs = Date.parse(LATE);
    const late = await api.get(`/v1/above?${WHERE}`);
    expect(late.body.items.every((i: { stale: boolean }) => i.stale)).toBe(true);
    expect(late.body.warnings.length).toBeGreaterThan(0);
    expect(late.body.warnings.join('\n')).toMatch(
      /^\d+ objects? in geosynchronous orbit ha(s|ve) elements more than 14 days old \(stale; median 10\d days\)\. SGP4 elements drift/m,
    );
  });

  it('ICS: each event description gives the age, and the warning when stale', async () => {
    const parse = (text: string) =>
      new ICAL.Component(ICAL.parse(text))
        .getAllSubcomponents('vevent')
        .map((e) => String(e.getFirstPropertyValue('description')));
    const fresh = parse(
      (await api.get(`/v1/satellites/${ISS}/passes.ics?${WHERE}&start=2026-08-22T00:00:00Z&days=1`))
        .text,
    );
    expect(fresh.length).toBeGreaterThan(0);
    for (const d of fresh) {
      expect(d).toMatch(
        /Elements epoch 2026-08-21T12:47:44\.736288Z, 0\.\d days before this pass\./,
      );
      expect(d).not.toContain('WARNING');
    }
    const late = parse(
      (await api.get(`/v1/satellites/${ISS}/passes.ics?${WHERE}&start=${LATE}&days=1`)).text,
    );
    for (const d of late) {
      expect(d).toMatch(/, 10\d\.\d days before this pass \(stale\)\./);
      expect(d).toMatch(
        /\nWARNING: ISS \(ZARYA\) \(25544\): its elements .* SGP4 elements drift with age/,
      );
    }
  });
});

describe('freshness of the catalog', () => {
  it('/readyz stays 200 and says ready while fresh, stale when old', async () => {
    const fresh = await api.get('/readyz');
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe('ready');
    expect(fresh.body.freshness).toMatchObject({ status: 'fresh', staleAfterDays: 14 });
    expect(fresh.body.freshness.newestAgeDays).toBeLessThan(1);
    api.clock.nowMs = Date.parse(LATE);
    const stale = await api.get('/readyz');
    expect(stale.status).toBe(200);
    expect(stale.body.status).toBe('stale');
    expect(stale.body.freshness).toMatchObject({ status: 'stale', staleShare: 1 });
    expect(stale.body.freshness.medianAgeDays).toBeGreaterThan(100);
    expect(stale.body.freshness.sources.map((s: { name: string }) => s.name)).toContain(
      'celestrak:stations',
    );
  });

  it('/v1/catalog reports newest and median age, stale share, last success per source', async () => {
    api.clock.nowMs = NOW + 10 * DAY;
    const { body } = await api.get('/v1/catalog');
    expect(body.status).toBe('fresh');
    expect(body.freshness.newestAgeDays).toBeGreaterThan(10);
    expect(body.freshness.staleShare).toBeGreaterThan(0);
    expect(body.freshness.staleShare).toBeLessThan(0.2);
    const stations = body.freshness.sources.find(
      (s: { name: string }) => s.name === 'celestrak:stations',
    );
    // Loaded from the bundled snapshot: never downloaded.
    expect(stations).toMatchObject({ origin: 'snapshot', lastSuccess: null });
  });

  it('/metrics has the same as gauges', async () => {
    api.clock.nowMs = Date.parse(LATE);
    const { text } = await api.get('/metrics');
    expect(text).toMatch(/^passwatch_catalog_newest_age_days 10\d\.\d+$/m);
    expect(text).toMatch(/^passwatch_catalog_stale_share 1$/m);
    expect(text).toMatch(/^passwatch_catalog_stale 1$/m);
    expect(text).toMatch(
      /^passwatch_source_last_success_timestamp_seconds\{source="celestrak:stations"\} NaN$/m,
    );
    // One HELP line per metric, even with a series per source.
    expect(text.match(/# HELP passwatch_source_last_success_timestamp_seconds /g)).toHaveLength(1);
  });
});

describe('"now" means now', () => {
  const floorMinute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

  for (const route of [
    `/v1/satellites/${ISS}/passes?${WHERE}&days=1`,
    `/v1/passes?${WHERE}&group=stations&days=1`,
  ]) {
    it(`${route.split('?')[0]} without start answers for the current minute, whatever the cache holds`, async () => {
      api.clock.nowMs = NOW + 17_345;
      const first = await api.get(route);
      expect(first.body.settings.start).toBe(floorMinute(api.clock.nowMs));
      expect(first.res.headers.get('cache-control')).toBe('public, max-age=43');
      // Same minute: the cache answers, the window started less than 60 s ago.
      api.clock.advance(30_000);
      const again = await api.get(route);
      expect(again.text).toBe(first.text);
      // Three hours later: a new window, not the cached one.
      api.clock.advance(3 * 3_600_000);
      const later = await api.get(route);
      expect(later.body.settings.start).toBe(floorMinute(api.clock.nowMs));
      expect(Date.parse(later.body.settings.start)).toBeGreaterThan(api.clock.nowMs - 60_000);
      const firstPass = later.body.passes[0];
      expect(Date.parse(firstPass.los?.time ?? firstPass.tca.time)).toBeGreaterThan(
        api.clock.nowMs - 60_000,
      );
    });
  }

  it('the ICS feed and /track without start too', async () => {
    api.clock.nowMs = NOW;
    const ics = `/v1/satellites/${ISS}/passes.ics?${WHERE}&days=1`;
    const track = `/v1/satellites/${ISS}/track?${WHERE}&step=60`;
    const firstIcs = (await api.get(ics)).text;
    const firstTrack = (await api.get(track)).body;
    expect(firstTrack.points[0].time).toBe(new Date(NOW).toISOString());
    api.clock.advance(2 * 3_600_000);
    const laterIcs = (await api.get(ics)).text;
    expect(laterIcs).not.toBe(firstIcs);
    const starts = new ICAL.Component(ICAL.parse(laterIcs))
      .getAllSubcomponents('vevent')
      .map((e) => (e.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime());
    expect(Math.min(...starts)).toBeGreaterThan(api.clock.nowMs - 60_000);
    const laterTrack = (await api.get(track)).body;
    expect(laterTrack.points[0].time).toBe(new Date(NOW + 2 * 3_600_000).toISOString());
  });

  it('keeps caching requests with an explicit start as before', async () => {
    const route = `/v1/satellites/${ISS}/passes?${WHERE}&start=2026-08-22T00:00:00Z&days=1`;
    const first = await api.get(route);
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=60');
    api.clock.advance(3 * 3_600_000);
    expect((await api.get(route)).text).toBe(first.text);
  });
});
