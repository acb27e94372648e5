/**
 * Issue 10: "visible" means a person can see it (sunlit, dark sky, known magnitude at most
 * maxMagnitude), no valid request answers 500, and one failing object never fails a group.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orbit } from '../../src/core/orbit/index.js';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

/** Night in the Netherlands, late August: GEO objects are sunlit (no eclipse season yet). */
const NIGHT = Date.parse('2026-08-22T22:00:00Z');
const WHERE = 'lat=52&lon=5&alt=0';

describe('/v1/above calls an object visible only when a person can see it', () => {
  it('does not call faint sunlit GEO objects visible at night; sunlit and darkSky stay true', async () => {
    api.clock.nowMs = NIGHT;
    const { status, body } = await api.get(`/v1/above?${WHERE}&group=geo`);
    expect(status).toBe(200);
    expect(body.darkSky).toBe(true);
    expect(body.maxMagnitude).toBe(6);
    const sunlit = body.items.filter((i: { sunlit: boolean }) => i.sunlit);
    // Dozens of GEO objects are above, sunlit, under a dark sky ...
    expect(sunlit.length).toBeGreaterThan(50);
    for (const i of body.items) expect(i.darkSky).toBe(true);
    // ... and none is a naked-eye object: GEO magnitudes are 10 or fainter.
    const mags = sunlit
      .map((i: { magnitude: number | null }) => i.magnitude)
      .filter((m: number | null) => m !== null);
    expect(Math.min(...mags)).toBeGreaterThan(9);
    expect(body.items.filter((i: { visible: boolean }) => i.visible)).toEqual([]);
  });

  it('counts them visible under a telescope limit (maxMagnitude=30), those with a magnitude only', async () => {
    api.clock.nowMs = NIGHT;
    const { body } = await api.get(`/v1/above?${WHERE}&group=geo&maxMagnitude=30`);
    const visible = body.items.filter((i: { visible: boolean }) => i.visible);
    expect(visible.length).toBeGreaterThan(50);
    for (const i of visible) {
      expect(i.sunlit).toBe(true);
      expect(i.magnitude).not.toBeNull();
      expect(i.magnitude).toBeLessThanOrEqual(30);
    }
    // Sunlit objects without a standard magnitude are never visible.
    for (const i of body.items) if (i.magnitude === null) expect(i.visible).toBe(false);
  });

  it('says visible for the bright ones in the visual group, with the limit applied', async () => {
    api.clock.nowMs = NIGHT;
    const { body } = await api.get(`/v1/above?${WHERE}&group=visual&maxMagnitude=5`);
    for (const i of body.items) {
      expect(i.visible).toBe(i.sunlit && i.darkSky && i.magnitude !== null && i.magnitude <= 5);
    }
  });

  it('rejects a maxMagnitude out of range, naming the field', async () => {
    const r = await api.get(`/v1/above?${WHERE}&maxMagnitude=99`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/maxMagnitude/);
  });
});

describe('pass lists keep only the visible parts a person can see', () => {
  const night = `${WHERE}&start=2026-08-22T18:00:00Z&days=1`;

  it('lists no visible GEO pass at the default limit, many at maxMagnitude=30', async () => {
    const faint = await api.get(`/v1/passes?${night}&group=geo&visibleOnly=true`);
    expect(faint.status).toBe(200);
    expect(faint.body.settings.maxMagnitude).toBe(6);
    expect(faint.body.passes).toEqual([]);
    const scope = await api.get(
      `/v1/passes?${night}&group=geo&visibleOnly=true&maxMagnitude=30&limit=10000`,
    );
    expect(scope.body.passes.length).toBeGreaterThan(50);
    for (const p of scope.body.passes) {
      expect(p.visible.length).toBeGreaterThan(0);
      for (const v of p.visible) expect(v.brightestMagnitude).toBeLessThanOrEqual(30);
    }
  });

  it('drops visible segments fainter than the limit from every pass', async () => {
    const all = await api.get(`/v1/passes?${night}&group=geo&limit=10000`);
    expect(all.body.passes.length).toBeGreaterThan(100);
    for (const p of all.body.passes) expect(p.visible).toEqual([]);
    const iss = await api.get(
      `/v1/satellites/25544/passes?${WHERE}&start=2026-08-22T00:00:00Z&days=3&visibleOnly=true`,
    );
    expect(iss.body.passes.length).toBeGreaterThan(0);
    for (const p of iss.body.passes) {
      for (const v of p.visible) expect(v.brightestMagnitude).toBeLessThanOrEqual(6);
    }
  });
});

describe('no valid request answers 500', () => {
  it('answers the GEO pass whose culmination lies past the window end (Sun table range)', async () => {
    const r = await api.get(
      '/v1/satellites/50212/passes?lat=-30.4&lon=80&start=2026-12-05T00:00:00Z&days=0.5',
    );
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([]);
    expect(r.body.passes).toHaveLength(1);
  });

  it('answers a GEO group over a short window where the Sun was asked past the window', async () => {
    const r = await api.get(
      '/v1/passes?group=geo&lat=0&lon=-120&start=2026-12-05T00:00:00Z&days=0.1&limit=10000',
    );
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([]);
    expect(r.body.passes.length).toBeGreaterThan(100);
  });

  it('puts an object that throws inside the pipeline into errors and answers the rest', async () => {
    const catalog = api.handle.catalog;
    const real = catalog.orbit.bind(catalog);
    const BAD = 20580;
    // An orbit whose every use throws, as a bug deep in a prediction would.
    const broken = new Proxy({} as Orbit, {
      get() {
        throw new Error('injected failure');
      },
    });
    catalog.orbit = (id: number) => (id === BAD ? broken : real(id));
    try {
      const many = await api.get(
        `/v1/passes?${WHERE}&ids=${BAD},25544&start=2026-08-22T00:00:00Z&days=2`,
      );
      expect(many.status).toBe(200);
      expect(many.body.errors).toEqual([
        expect.objectContaining({
          noradId: BAD,
          message: expect.stringMatching(/injected failure/),
        }),
      ]);
      expect(many.body.passes.length).toBeGreaterThan(0);
      expect(many.body.passes.every((p: { noradId: number }) => p.noradId === 25544)).toBe(true);
      const one = await api.get(
        `/v1/satellites/${BAD}/passes?${WHERE}&start=2026-08-22T00:00:00Z&days=1`,
      );
      expect(one.status, one.text).toBe(200);
      expect(one.body.errors).toHaveLength(1);
      const track = await api.get(
        `/v1/satellites/${BAD}/track?${WHERE}&start=2026-08-22T00:00:00Z`,
      );
      expect(track.status, track.text).toBe(200);
      expect(track.body.errors).toHaveLength(1);
    } finally {
      catalog.orbit = real;
    }
  });
});

describe('a visible-only calendar feed', () => {
  const query = `${WHERE}&start=2026-08-22T00:00:00Z&days=4&visibleOnly=true`;
  const events = (text: string) =>
    new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
  const ms = (iso: string) => Math.round(Date.parse(iso) / 1000) * 1000;

  it('starts and ends each event with the visible part, not AOS and LOS', async () => {
    const json = (await api.get(`/v1/satellites/25544/passes?${query}`)).body.passes;
    const feed = events((await api.get(`/v1/satellites/25544/passes.ics?${query}`)).text);
    expect(feed).toHaveLength(json.length);
    expect(json.length).toBeGreaterThan(2);
    let differs = 0;
    for (const [i, e] of feed.entries()) {
      const p = json[i];
      expect(e.startDate.toJSDate().getTime()).toBe(ms(p.visible[0].start.time));
      expect(e.endDate.toJSDate().getTime()).toBe(ms(p.visible.at(-1).end.time));
      if (p.visible[0].start.time !== p.aos.time || p.visible.at(-1).end.time !== p.los.time)
        differs++;
      expect(e.description).toContain('AOS');
    }
    // ISS passes at dusk/dawn enter or leave the shadow mid-pass: those events are shorter.
    expect(differs).toBeGreaterThan(0);
  });

  it('keeps AOS to LOS in a feed of all passes', async () => {
    const all = `${WHERE}&start=2026-08-22T00:00:00Z&days=4`;
    const json = (await api.get(`/v1/satellites/25544/passes?${all}`)).body.passes;
    const feed = events((await api.get(`/v1/satellites/25544/passes.ics?${all}`)).text);
    for (const [i, e] of feed.entries()) {
      if (json[i].aos) expect(e.startDate.toJSDate().getTime()).toBe(ms(json[i].aos.time));
      if (json[i].los) expect(e.endDate.toJSDate().getTime()).toBe(ms(json[i].los.time));
    }
  });
});

describe('minElevation is the AOS/LOS threshold, minPeakElevation a filter on the highest point', () => {
  const window = `${WHERE}&start=2026-08-22T00:00:00Z&days=3`;

  it('keeps AOS/LOS at the threshold and drops passes that culminate lower', async () => {
    const all = (await api.get(`/v1/satellites/25544/passes?${window}`)).body.passes;
    const high = await api.get(`/v1/satellites/25544/passes?${window}&minPeakElevation=40`);
    expect(high.status).toBe(200);
    expect(high.body.settings).toMatchObject({ minElevation: 0, minPeakElevation: 40 });
    const expected = all.filter((p: { maxElevation: number }) => p.maxElevation >= 40);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    // The same passes, unchanged: AOS and LOS at the horizon.
    expect(high.body.passes).toEqual(expected);
    for (const p of high.body.passes) expect(Math.abs(p.aos.elevation)).toBeLessThan(0.01);
    // minElevation=40 is another question: passes that rise above 40 deg, AOS at 40 deg.
    const above = (await api.get(`/v1/satellites/25544/passes?${window}&minElevation=40`)).body;
    expect(above.passes).toHaveLength(expected.length);
    for (const p of above.passes) expect(p.aos.elevation).toBeCloseTo(40, 1);
  });

  it('filters group lists and calendar feeds the same way', async () => {
    const q = `${window}&ids=25544,43017,7530&minPeakElevation=30`;
    const list = (await api.get(`/v1/passes?${q}`)).body.passes;
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) expect(p.maxElevation).toBeGreaterThanOrEqual(30);
    const feed = new ICAL.Component(ICAL.parse((await api.get(`/v1/passes.ics?${q}`)).text));
    expect(feed.getAllSubcomponents('vevent')).toHaveLength(list.length);
  });

  it('refuses a minPeakElevation out of range, naming it', async () => {
    const r = await api.get(`/v1/satellites/25544/passes?${window}&minPeakElevation=95`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/minPeakElevation/);
  });
});
