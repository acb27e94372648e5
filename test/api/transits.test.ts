/** Issue 15: `GET /v1/transits`, ISS and Tiangong transits of the Sun and the Moon. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest, NOW } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

describe('GET /v1/transits', () => {
  it('finds the ISS crossing the Sun seen from Paris, with its centre line 1.3 km away', async () => {
    const { status, body } = await api.get(
      '/v1/transits?lat=48.8&lon=2.3&start=2026-08-23T00:00:00Z&days=1&radiusKm=20',
    );
    expect(status).toBe(200);
    const sun = body.transits.filter((t: { body: string }) => t.body === 'sun');
    expect(sun).toHaveLength(1);
    const t = sun[0];
    expect(t.noradId).toBe(25544);
    expect(t.kind).toBe('transit');
    expect(t.fromObserver).toBe(true);
    // The independent reference (test/reference/transits) puts it at 05:29:11.058.
    expect(t.time).toBe('2026-08-23T05:29:11.100Z');
    expect(t.durationSeconds).toBeGreaterThan(4);
    expect(t.durationSeconds).toBeLessThan(8);
    expect(t.minSeparation).toBeLessThan(t.bodyRadius);
    // 109 m seen from the range (the Sun is 4.6 deg up: the ISS is ~1900 km away).
    expect(t.satelliteAngularSizeArcsec).toBeCloseTo(
      ((0.109 / t.rangeKm) * 180 * 3600) / Math.PI,
      0,
    );
    expect(t.centreLine.distanceKm).toBeCloseTo(1.29, 1);
    // Its elements, worded as on a pass object: 1.7 days old at the transit, not stale.
    expect(t.elementsEpoch).toBe('2026-08-21T12:47:44.736288Z');
    expect(t.elementsAgeDays).toBeCloseTo(
      (Date.parse(t.time) - Date.parse(t.elementsEpoch)) / 864e5,
      3,
    );
    expect(t.stale).toBe(false);
    expect(t.elementsWarning).toBeNull();
    expect(body.warnings).toEqual([]);
    expect(t.centreLine.halfWidthKm).toBeGreaterThan(t.centreLine.distanceKm);
    expect(typeof t.centreLine.compass).toBe('string');
    for (const x of body.transits) expect(x.centreLine?.distanceKm ?? 0).toBeGreaterThanOrEqual(0);

    // The centre line for a map: up to 31 points, 2 s apart (fewer where the line from the Sun,
    // 4.6° up, through the satellite misses the Earth), through the nearest point.
    const path: { lat: number; lon: number }[] = t.centreLine.path;
    expect(path.length).toBeGreaterThan(10);
    expect(path.length).toBeLessThanOrEqual(31);
    const km = (p: { lat: number; lon: number }): [number, number] => [
      (p.lon - 2.3) * 111.32 * Math.cos((48.8 * Math.PI) / 180),
      (p.lat - 48.8) * 110.574,
    ];
    const toSegment = (p: [number, number], a: [number, number], b: [number, number]) => {
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const f = Math.max(
        0,
        Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)),
      );
      return Math.hypot(p[0] - a[0] - f * dx, p[1] - a[1] - f * dy);
    };
    const nearest = km(t.centreLine);
    const off = Math.min(...path.slice(1).map((p, i) => toSegment(nearest, km(path[i]!), km(p))));
    expect(off).toBeLessThan(0.3);
    // It spans far beyond the observer's surroundings, and the observer is distanceKm from it.
    expect(Math.hypot(...km(path[0]!))).toBeGreaterThan(100);
    const observerOff = Math.min(
      ...path.slice(1).map((p, i) => toSegment([0, 0], km(path[i]!), km(p))),
    );
    expect(observerOff).toBeCloseTo(t.centreLine.distanceKm, 0);
  });

  it('lists only what is in reach: a smaller radius and no near misses drop the far ones', async () => {
    const wide = await api.get(
      '/v1/transits?lat=52&lon=5&start=2026-08-22T12:00:00Z&days=14&radiusKm=60&nearMissDeg=1&sat=25544',
    );
    const narrow = await api.get(
      '/v1/transits?lat=52&lon=5&start=2026-08-22T12:00:00Z&days=14&radiusKm=5&nearMissDeg=0&sat=25544',
    );
    expect(wide.status).toBe(200);
    expect(wide.body.transits.length).toBeGreaterThan(narrow.body.transits.length);
    for (const t of narrow.body.transits) {
      expect(t.fromObserver || t.centreLine.distanceKm <= 5).toBe(true);
    }
  });

  it('says so when the clock is past catalog.staleDays (14) from the elements', async () => {
    // The bundled snapshot's ISS and CSS elements are from 2026-08-21; the clock 20 days on, the
    // window from now.
    api.clock.nowMs = Date.parse('2026-09-10T12:00:00Z');
    try {
      const { status, body } = await api.get(
        '/v1/transits?lat=48.8&lon=2.3&days=7&radiusKm=500&nearMissDeg=5',
      );
      expect(status).toBe(200);
      expect(body.start).toBe('2026-09-10T12:00:00.000Z');
      expect(body.transits.length).toBeGreaterThan(0);
      for (const t of body.transits) {
        const age = (Date.parse(t.time) - Date.parse(t.elementsEpoch)) / 864e5;
        expect(age).toBeGreaterThan(19);
        expect(t.elementsAgeDays).toBeCloseTo(age, 3);
        expect(t.stale).toBe(true);
        expect(t.elementsWarning).toContain(`${t.name} (${t.noradId})`);
        expect(t.elementsWarning).toMatch(/more than the 14-day limit \(stale\)/);
      }
      expect(body.warnings).toHaveLength(2);
      for (const w of body.warnings) expect(w).toMatch(/more than the 14-day limit \(stale\)/);
    } finally {
      api.clock.nowMs = NOW;
    }
  });

  it('refuses the old name nearMiss rather than ignoring it', async () => {
    const old = await api.get('/v1/transits?lat=52&lon=5&nearMiss=1');
    expect(old.status).toBe(400);
    expect(old.body.errors[0].parameter).toBe('nearMiss');
    expect(old.body.detail).toMatch(/nearMissDeg/);
  });

  it('refuses bad input naming the parameter', async () => {
    const bad = await api.get('/v1/transits?lat=52&lon=5&sat=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameter).toBe('sat');
    const unknown = await api.get('/v1/transits?lat=52&lon=5&sat=99999999');
    expect(unknown.status).toBe(400);
    const far = await api.get('/v1/transits?lat=52&lon=5&radiusKm=5000');
    expect(far.status).toBe(400);
    expect(far.body.errors[0].parameter).toBe('radiusKm');
  });
});
