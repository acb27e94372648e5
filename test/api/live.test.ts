/**
 * GET /v1/satellites/{noradId}/live: Server-Sent Events on a pinned clock (every event is checked
 * against the orbit at the event's own time), the connection limit, and a client that goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/api/server.js';
import { Site } from '../../src/core/orbit/index.js';
import { dopplerTuning } from '../../src/core/radio/index.js';
import { readEvents } from '../helpers/sse.js';
import { configFile, ISS_FM, ISS_FM_NOMINAL, issStation } from '../helpers/station.js';
import { apiUnderTest, NOW } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
const LIMIT = 3;
// An ISS pass over "home" (52N 5E; minElevation 10, mask in the east) on 2026-08-22.
let aosMs: number;
let losMs: number;

beforeAll(async () => {
  const file = configFile({ stations: { shack: issStation() } });
  api = await apiUnderTest(
    { PASSWATCH_CONFIG: file, PASSWATCH_API_MAX_LIVE_STREAMS: String(LIMIT) },
    { liveIntervalMs: 10 },
  );
  const s = await api.get('/v1/stations/shack/schedule?start=2026-08-22T12:00:00Z&days=1');
  const p = s.body.scheduled[0];
  aosMs = Date.parse(p.aos.time);
  losMs = Date.parse(p.los.time);
});
afterAll(async () => {
  await api?.stop();
});

async function openStreams(): Promise<number> {
  const m = await api.get('/metrics');
  return Number(/^passwatch_live_streams (\d+)$/m.exec(m.text)?.[1]);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}

const home = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 10 });

describe('the live stream', () => {
  it('sends the satellite, then positions, range rate and Doppler at the clock’s time, with the element age', async () => {
    api.clock.nowMs = NOW;
    const res = await api.app.request(
      `/v1/satellites/25544/live?observer=home&transmitter=${ISS_FM}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const orbit = api.handle.catalog.orbit(25544)!;
    const times = [NOW, NOW + 1000, NOW + 2000, NOW + 30 * 86_400_000];
    let next = 1;
    const events = await readEvents(
      res,
      (ev) =>
        ev.filter((e) => e.event === 'position').at(-1)?.data.time ===
        new Date(times.at(-1)!).toISOString(),
      (e) => {
        // The stream reads the clock at each event: move it on as the events come.
        if (e.event === 'position' && next < times.length) api.clock.nowMs = times[next++]!;
      },
    );
    expect(events[0]).toMatchObject({
      event: 'satellite',
      data: {
        noradId: 25544,
        name: 'ISS (ZARYA)',
        observer: 'home',
        station: null,
        transmitter: { uuid: ISS_FM, nominalDownlinkHz: ISS_FM_NOMINAL.downlinkHz },
        staleAfterDays: 14,
      },
    });
    const positions = events.filter((e) => e.event === 'position');
    expect(positions.map((e) => Number(e.id))).toEqual(positions.map((_, i) => i + 1));
    const seen = new Set(positions.map((p) => p.data.time));
    expect(seen).toEqual(new Set(times.map((t) => new Date(t).toISOString())));
    for (const p of positions) {
      const t = Date.parse(p.data.time);
      const look = orbit.look(t, home);
      expect(p.data.azimuth).toBeCloseTo(look.azimuthDeg, 2);
      expect(p.data.elevation).toBeCloseTo(look.elevationDeg, 2);
      expect(p.data.rangeKm).toBeCloseTo(look.rangeKm, 2);
      expect(p.data.rangeRateKmS).toBeCloseTo(look.rangeRateKmS, 5);
      const f = dopplerTuning(ISS_FM_NOMINAL, look.rangeRateKmS);
      expect(Math.abs(p.data.downlinkHz - f.downlinkHz!)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(p.data.uplinkHz - f.uplinkHz!)).toBeLessThanOrEqual(0.5);
      expect(p.data.rotator).toBeNull();
      const epochMs = Date.parse(p.data.elements.epoch);
      expect(p.data.elements.ageDays).toBeCloseTo((t - epochMs) / 86_400_000, 2);
      expect(p.data.elements.stale).toBe(t - epochMs > 14 * 86_400_000);
    }
    // A month on, the elements are stale and the stream says so.
    expect(positions.at(-1)!.data.elements.stale).toBe(true);
    expect(positions[0]!.data.elements.stale).toBe(false);
  });

  it('with station=: the rotator plan’s position during a pass of the station, none between passes, its transmitter by default', async () => {
    api.clock.nowMs = aosMs - 600_000;
    const stamps = [aosMs - 600_000, aosMs + 60_000, (aosMs + losMs) / 2, losMs - 30_000];
    let next = 1;
    const res = await api.app.request('/v1/satellites/25544/live?station=shack');
    expect(res.status).toBe(200);
    const events = await readEvents(
      res,
      (ev) =>
        ev.some(
          (e) => e.event === 'position' && e.data.time === new Date(stamps.at(-1)!).toISOString(),
        ),
      (e) => {
        if (e.event === 'position' && next < stamps.length) api.clock.nowMs = stamps[next++]!;
      },
    );
    expect(events[0]!.data).toMatchObject({
      station: 'shack',
      observer: 'home',
      driven: false,
      transmitter: { uuid: ISS_FM },
    });
    const byTime = new Map(
      events.filter((e) => e.event === 'position').map((e) => [Date.parse(e.data.time), e.data]),
    );
    expect(byTime.get(stamps[0]!)!.rotator).toEqual({
      plan: null,
      reported: null,
      tracking: false,
    });
    for (const t of stamps.slice(1)) {
      const d = byTime.get(t)!;
      // A normal-mode plan follows the sky: azimuth (0–450 range) and elevation of the satellite.
      const az = ((d.rotator.plan.azimuth % 360) + 360) % 360;
      expect(Math.min(Math.abs(az - d.azimuth), 360 - Math.abs(az - d.azimuth))).toBeLessThan(0.5);
      expect(Math.abs(d.rotator.plan.elevation - d.elevation)).toBeLessThan(0.5);
      expect(d.rotator.reported).toBeNull();
      expect(typeof d.downlinkHz).toBe('number');
    }
  });

  it('with station= of a station stored through the admin API: its own site, threshold and rotator plan', async () => {
    const roof = {
      lat: 48.1,
      lon: 11.6,
      alt: 520,
      minElevation: 5,
      rotator: { azimuthMaxDeg: 450, azimuthRateDegS: 6, elevationRateDegS: 6 },
      satellites: [{ noradId: 25544, priority: 1, transmitter: ISS_FM }],
    };
    const put = await api.get('/v1/stations/roof', {
      method: 'PUT',
      headers: {
        authorization: 'Bearer secret-token-0123456789',
        'content-type': 'application/json',
      },
      body: JSON.stringify(roof),
    });
    expect(put.status).toBe(201);
    const s = await api.get('/v1/stations/roof/schedule?start=2026-08-22T12:00:00Z&days=1');
    const pass = s.body.scheduled[0];
    const inside = Math.round((Date.parse(pass.aos.time) + Date.parse(pass.los.time)) / 2);
    // Just under its 5° threshold before AOS: above a 0° horizon, but no pass of the station.
    const site = new Site({ latitudeDeg: roof.lat, longitudeDeg: roof.lon, altitudeM: roof.alt });
    const orbit = api.handle.catalog.orbit(25544)!;
    let low = Date.parse(pass.aos.time) - 1000;
    while (orbit.look(low, site).elevationDeg > 2.5) low -= 1000;
    const stamps = [low, inside];
    api.clock.nowMs = stamps[0]!;
    let next = 1;
    const res = await api.app.request('/v1/satellites/25544/live?station=roof');
    expect(res.status).toBe(200);
    const events = await readEvents(
      res,
      (ev) => ev.some((e) => e.event === 'position' && Date.parse(e.data.time) === inside),
      (e) => {
        if (e.event === 'position' && next < stamps.length) api.clock.nowMs = stamps[next++]!;
      },
    );
    expect(events[0]!.data).toMatchObject({
      station: 'roof',
      observer: null,
      location: { lat: roof.lat, lon: roof.lon, alt: roof.alt },
      driven: false,
      transmitter: { uuid: ISS_FM },
    });
    const byTime = new Map(
      events.filter((e) => e.event === 'position').map((e) => [Date.parse(e.data.time), e.data]),
    );
    const before = byTime.get(low)!;
    expect(before.elevation).toBeGreaterThan(0);
    expect(before.rotator.plan).toBeNull();
    const d = byTime.get(inside)!;
    const look = orbit.look(inside, site);
    expect(d.azimuth).toBeCloseTo(look.azimuthDeg, 2);
    expect(d.elevation).toBeCloseTo(look.elevationDeg, 2);
    const az = ((d.rotator.plan.azimuth % 360) + 360) % 360;
    expect(Math.min(Math.abs(az - d.azimuth), 360 - Math.abs(az - d.azimuth))).toBeLessThan(0.5);
    expect(Math.abs(d.rotator.plan.elevation - d.elevation)).toBeLessThan(0.5);
  });

  it(`refuses streams beyond api.maxLiveStreams (${LIMIT}) with 503, and frees a place when a client goes away`, async () => {
    api.clock.nowMs = NOW;
    const url = '/v1/satellites/25544/live?lat=52&lon=5';
    const open = await Promise.all(Array.from({ length: LIMIT }, () => api.app.request(url)));
    expect(open.map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    await until(async () => (await openStreams()) === LIMIT);
    const refused = await api.get(url);
    expect(refused.status).toBe(503);
    expect(refused.res.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.res.headers.get('retry-after')).toBe('30');
    expect(refused.body.detail).toMatch(/api\.maxLiveStreams/);
    // One client goes away: its stream ends and another may open.
    await open[0]!.body!.cancel();
    await until(async () => (await openStreams()) === LIMIT - 1);
    const again = await api.app.request(url);
    expect(again.status).toBe(200);
    await Promise.all([...open.slice(1), again].map((r) => r.body!.cancel()));
    await until(async () => (await openStreams()) === 0);
  });

  it('ends when a client on a real socket disconnects', async () => {
    const server = await listen(api.app, '127.0.0.1', 0);
    try {
      const abort = new AbortController();
      const res = await fetch(
        `http://127.0.0.1:${server.port}/v1/satellites/25544/live?observer=home`,
        {
          signal: abort.signal,
        },
      );
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      expect(await openStreams()).toBe(1);
      abort.abort();
      await until(async () => (await openStreams()) === 0);
    } finally {
      await server.close();
    }
  });

  it('answers bad input with problem+json naming the parameter', async () => {
    const cases: [string, number, string][] = [
      ['/v1/satellites/99999999/live?observer=home', 404, 'noradId'],
      ['/v1/satellites/25544/live?station=shack&observer=home', 400, 'station'],
      ['/v1/satellites/25544/live?station=attic', 400, 'station'],
      ['/v1/satellites/25544/live?lon=5', 400, 'lat'],
      ['/v1/satellites/25544/live?observer=nowhere', 400, 'observer'],
      [
        '/v1/satellites/25544/live?observer=home&transmitter=89NTmbqJEuTGW36fd386Fy',
        400,
        'transmitter',
      ],
    ];
    for (const [url, status, parameter] of cases) {
      const r = await api.get(url);
      expect(r.status, url).toBe(status);
      expect(r.res.headers.get('content-type')).toContain('application/problem+json');
      if (r.body.errors) expect(r.body.errors[0].parameter, url).toBe(parameter);
    }
    expect(await openStreams()).toBe(0);
  });
});
