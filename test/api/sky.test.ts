/**
 * Issue 15: `GET /v1/sky`, the Sun, the Moon and the bright planets for an observer; the Moon
 * beside each visible part of a pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyPosition, moonInfo } from '../../src/core/sky/index.js';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

describe('GET /v1/sky', () => {
  it('answers the Sun, Moon and planets at the given instant, with twilight and rise/set', async () => {
    const { status, body } = await api.get(
      '/v1/sky?lat=52&lon=5&alt=0&time=2026-08-22T21:00:00Z&tz=Europe/Amsterdam',
    );
    expect(status).toBe(200);
    expect(body.time).toBe('2026-08-22T23:00:00.000+02:00');
    const o = { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 };
    const t = Date.parse('2026-08-22T21:00:00Z');
    const sun = bodyPosition('sun', o, t);
    expect(body.sun.elevation).toBeCloseTo(sun.elevationDeg, 2);
    expect(body.sun.elevation).toBeLessThan(-12);
    expect(body.sun.elevation).toBeGreaterThan(-18);
    // Right ascension in degrees (named so: late August the Sun is near 151°, 10 h).
    expect(body.sun.rightAscensionDeg).toBeCloseTo(sun.raDeg, 3);
    expect(body.sun.rightAscensionDeg).toBeGreaterThan(140);
    expect(body.sun.declinationDeg).toBeCloseTo(sun.decDeg, 3);
    expect(body.sun).not.toHaveProperty('rightAscension');
    expect(body.twilight).toBe('astronomical');
    expect(body.darkSky).toBe(true);
    const moon = moonInfo(o, t);
    expect(body.moon.azimuth).toBeCloseTo(moon.azimuthDeg, 2);
    expect(body.moon.illuminatedFraction).toBeCloseTo(moon.illuminatedFraction, 3);
    expect(body.moon.phase).toBe('waxing gibbous');
    expect(body.moon.aboveHorizon).toBe(moon.elevationDeg > 0);
    // The next rise after 23:00 local is the next day's; the set is the same night's.
    expect(Date.parse(body.moon.rise)).toBeGreaterThan(t);
    expect(Date.parse(body.moon.set)).toBeGreaterThan(t);
    expect(Date.parse(body.sun.rise)).toBeLessThan(t + 12 * 3_600_000);
    expect(body.planets.map((p: { name: string }) => p.name)).toEqual([
      'mercury',
      'venus',
      'mars',
      'jupiter',
      'saturn',
    ]);
    const saturn = body.planets.find((p: { name: string }) => p.name === 'saturn');
    expect(saturn.elevation).toBeCloseTo(bodyPosition('saturn', o, t).elevationDeg, 2);
  });

  it('uses the clock when no time is given, a named observer, and a darker limit', async () => {
    api.clock.nowMs = Date.parse('2026-08-22T12:00:00Z');
    const { status, body } = await api.get('/v1/sky?observer=home&maxSunElevation=-18');
    expect(status).toBe(200);
    expect(body.time).toBe('2026-08-22T14:00:00.000+02:00');
    expect(body.observer).toEqual({ name: 'home', lat: 52, lon: 5, alt: 10 });
    expect(body.twilight).toBe('day');
    expect(body.darkSky).toBe(false);
    expect(body.sun.aboveHorizon).toBe(true);
  });

  it('says null for a rise that does not happen (polar day)', async () => {
    const { body } = await api.get('/v1/sky?lat=78&lon=15&time=2026-06-21T12:00:00Z');
    expect(body.sun.rise).toBeNull();
    expect(body.sun.set).toBeNull();
    expect(body.twilight).toBe('day');
  });

  it('refuses bad input with problem+json naming the parameter', async () => {
    const bad = await api.get('/v1/sky?lat=52&lon=5&time=2026-08-22T21:00:00');
    expect(bad.status).toBe(400);
    expect(bad.res.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors[0].parameter).toBe('time');
    const range = await api.get('/v1/sky?lat=52&lon=5&maxSunElevation=3');
    expect(range.status).toBe(400);
    expect(range.body.errors[0].parameter).toBe('maxSunElevation');
    const none = await api.get('/v1/sky');
    expect(none.status).toBe(400);
  });
});

describe('the Moon beside visible passes', () => {
  it('gives each visible part the Moon, its lit fraction and the closest approach', async () => {
    const { status, body } = await api.get(
      '/v1/satellites/25544/passes?lat=52&lon=5&start=2026-08-22T00:00:00Z&days=7&visibleOnly=true',
    );
    expect(status).toBe(200);
    const parts = body.passes.flatMap((p: { visible: unknown[] }) => p.visible);
    expect(parts.length).toBeGreaterThan(5);
    for (const v of parts) {
      expect(v.moon).not.toBeNull();
      const closest = Date.parse(v.moon.closest);
      expect(closest).toBeGreaterThanOrEqual(Date.parse(v.start.time) - 1);
      expect(closest).toBeLessThanOrEqual(Date.parse(v.end.time) + 1);
      expect(v.moon.minSeparation).toBeGreaterThanOrEqual(0);
      expect(v.moon.minSeparation).toBeLessThanOrEqual(180);
      const m = moonInfo({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 }, closest);
      expect(v.moon.illuminatedFraction).toBeCloseTo(m.illuminatedFraction, 2);
      expect(Math.abs(v.moon.elevation - m.elevationDeg)).toBeLessThan(0.02);
    }
  });
});

describe('every magnitude carries its source', () => {
  it('on satellites, passes, tracks and /v1/above', async () => {
    const sat = await api.get('/v1/satellites/25544');
    expect(sat.status).toBe(200);
    expect(sat.body.stdMagnitude).toBe(-0.47);
    expect(sat.body.stdMagnitudeSource).toBe('observed');
    const passes = await api.get(
      '/v1/satellites/25544/passes?lat=52&lon=5&start=2026-08-22T00:00:00Z&days=1',
    );
    expect(passes.body.passes.length).toBeGreaterThan(0);
    for (const p of passes.body.passes) expect(p.magnitudeSource).toBe('observed');
    const track = await api.get(
      '/v1/satellites/25544/track?lat=52&lon=5&start=2026-08-22T00:00:00Z&end=2026-08-22T00:01:00Z',
    );
    expect(track.body.magnitudeSource).toBe('observed');
    api.clock.nowMs = Date.parse('2026-08-22T22:00:00Z');
    const above = await api.get('/v1/above?lat=52&lon=5&group=visual');
    const sources = new Set(
      above.body.items.map((i: { magnitudeSource: string }) => i.magnitudeSource),
    );
    for (const s of sources) expect(['observed', 'catalog', 'estimated', null]).toContain(s);
    expect(above.body.items.length).toBeGreaterThan(0);
    expect(sources.has(undefined)).toBe(false);
  });
});

describe('stars', () => {
  it('lists the stars above the horizon with stars=MAG, and where visible parts start and end', async () => {
    const { body } = await api.get('/v1/sky?lat=52&lon=5&time=2026-08-22T21:00:00Z&stars=2');
    expect(body.stars.length).toBeGreaterThan(10);
    for (const s of body.stars) {
      expect(s.magnitude).toBeLessThanOrEqual(2);
      expect(s.elevation).toBeGreaterThanOrEqual(0);
    }
    expect(body.stars.map((s: { name: string }) => s.name)).toContain('Vega');
    const none = await api.get('/v1/sky?lat=52&lon=5&time=2026-08-22T21:00:00Z');
    expect(none.body.stars).toBeUndefined();
    const passes = await api.get(
      '/v1/satellites/25544/passes?lat=52&lon=5&start=2026-08-22T00:00:00Z&days=7&visibleOnly=true',
    );
    const parts = passes.body.passes.flatMap((p: { visible: unknown[] }) => p.visible);
    const texts = parts.map((v: { nearStars: { text: string | null } }) => v.nearStars.text);
    expect(texts.filter((t: string | null) => t !== null).length).toBeGreaterThan(parts.length / 2);
    for (const v of parts) {
      for (const end of [v.nearStars.start, v.nearStars.end]) {
        if (!end) continue;
        expect(end.separation).toBeLessThanOrEqual(20);
        expect(end.text).toMatch(/^(at \S|\d+° (above|below|left of|right of) \S)/);
      }
    }
  });
});
