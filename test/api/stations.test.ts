import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFile, ISS_FM } from '../helpers/station.js';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
let file: string;
beforeAll(async () => {
  file = configFile({
    stations: {
      shack: {
        observer: 'home',
        rotator: {
          azimuthMaxDeg: 450,
          elevationMaxDeg: 180,
          azimuthRateDegS: 6,
          elevationRateDegS: 6,
        },
        turnaroundSeconds: 60,
        satellites: [
          { noradId: 25544, priority: 5, transmitter: ISS_FM },
          {
            noradId: 44909,
            priority: 3,
            transmitter: '89NTmbqJEuTGW36fd386Fy',
            downlinkHz: 435620000,
          },
          { noradId: 7530, priority: 2, minPeakElevation: 20 },
          { noradId: 39444, priority: 1, minDurationSeconds: 300 },
        ],
      },
    },
  });
  api = await apiUnderTest({ PASSWATCH_CONFIG: file });
});
afterAll(async () => {
  await api.stop();
});

describe('station schedules', () => {
  const url = '/v1/stations/shack/schedule?start=2026-08-22T00:00:00Z&days=2';

  it('plans the passes to work with their rotator plans and transmitters, and says why others are not', async () => {
    const r = await api.get(url);
    expect(r.status).toBe(200);
    const { scheduled, rejected, totalPriority } = r.body;
    expect(scheduled.length).toBeGreaterThan(3);
    expect(totalPriority).toBe(
      scheduled.reduce((s: number, p: { priority: number }) => s + p.priority, 0),
    );
    for (const p of scheduled) {
      expect(p.rotator.mode).toMatch(/^(normal|overlap|flip)$/);
      expect(typeof p.elementsAgeDays).toBe('number');
    }
    const rs44 = [...scheduled, ...rejected].find((p: { noradId: number }) => p.noradId === 44909);
    expect(rs44.transmitter).toMatchObject({
      type: 'transponder',
      nominalDownlinkHz: 435_620_000,
      nominalUplinkHz: 145_985_000,
    });
    // In time order, never overlapping.
    for (let i = 1; i < scheduled.length; i++) {
      expect(Date.parse(scheduled[i].aos.time)).toBeGreaterThan(
        Date.parse(scheduled[i - 1].los.time),
      );
    }
    const kinds = new Set(rejected.map((x: { reason: { kind: string } }) => x.reason.kind));
    expect(kinds.has('below-min-peak') || kinds.has('too-short') || kinds.has('conflict')).toBe(
      true,
    );
    for (const x of rejected) expect(x.reason.message.length).toBeGreaterThan(0);
  });

  it('serves the scheduled passes as iCalendar', async () => {
    const json = await api.get(url);
    const r = await api.get(url.replace('/schedule?', '/schedule.ics?'));
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-type')).toMatch(/text\/calendar/);
    const events = new ICAL.Component(ICAL.parse(r.text)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(json.body.scheduled.length);
    expect(String(events[0]!.getFirstPropertyValue('description'))).toMatch(/Rotator/);
  });

  it('gives problem+json for an unknown station and a bad window', async () => {
    const r = await api.get('/v1/stations/attic/schedule');
    expect(r.status).toBe(404);
    expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.body.detail).toMatch(/no station "attic"; known: shack/);
    const bad = await api.get('/v1/stations/shack/schedule?days=99');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameter).toBe('days');
  });

  it('adds the rotator plan and per-point rotator positions to a pass track with station=', async () => {
    const passes = await api.get('/v1/stations/shack/schedule?start=2026-08-22T00:00:00Z&days=1');
    const iss = passes.body.scheduled.find((p: { noradId: number }) => p.noradId === 25544);
    const r = await api.get(
      `/v1/satellites/25544/track?observer=home&minElevation=0&pass=${encodeURIComponent(iss.aos.time)}&step=5&station=shack`,
    );
    expect(r.status).toBe(200);
    expect(r.body.rotatorPlan.mode).toMatch(/^(normal|overlap|flip)$/);
    for (const p of r.body.points) {
      expect(p.rotator.azimuth).toBeGreaterThanOrEqual(0);
      expect(p.rotator.azimuth).toBeLessThanOrEqual(450);
      expect(p.rotator.elevation).toBeGreaterThanOrEqual(0);
      expect(p.rotator.elevation).toBeLessThanOrEqual(180);
    }
    expect(r.body.points[0].rotator).toEqual(r.body.rotatorPlan.start);
    const bad = await api.get('/v1/satellites/25544/track?lat=52&lon=5&station=attic');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameter).toBe('station');
  });

  it('lists the stations', async () => {
    const r = await api.get('/v1/stations');
    expect(r.body.stations.map((s: { name: string }) => s.name)).toEqual(['shack']);
    expect(r.body.stations[0].rotator.park).toEqual({ azimuthDeg: 0, elevationDeg: 0 });
  });
});

describe('station schedules are heavy work', () => {
  let small: Awaited<ReturnType<typeof apiUnderTest>>;
  beforeAll(async () => {
    // Four satellites: 2 days is 8 satellite-days, over a budget of 5.
    small = await apiUnderTest({
      PASSWATCH_CONFIG: file,
      PASSWATCH_API_WORK_BUDGET: '5',
      PASSWATCH_API_HEAVY_CONCURRENCY: '1',
    });
  });
  afterAll(() => small.stop());

  it('are counted against the work budget: over it, 422 before any planning', async () => {
    for (const ext of ['', '.ics']) {
      const r = await small.get(
        `/v1/stations/shack/schedule${ext}?start=2026-08-22T00:00:00Z&days=2`,
      );
      expect(r.status).toBe(422);
      expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(r.body.type).toBe('/problems/work-budget-exceeded');
      expect(r.body.detail).toMatch(/4 satellites × 2\.00 days = 8 satellite-days/);
      expect(r.body.errors[0].parameter).toBe('days');
    }
    const within = await small.get('/v1/stations/shack/schedule?start=2026-08-22T00:00:00Z&days=1');
    expect(within.status).toBe(200);
  });

  it('wait for a free heavy-request slot, and get 503 with Retry-After when the line is full', async () => {
    const heavy = small.context.heavy;
    let release: (() => void) | null = null;
    // Hold the only slot, as a long group prediction would (its work begins on a later turn).
    const holder = heavy.run(() => new Promise<void>((resolve) => (release = resolve)));
    const url = '/v1/stations/shack/schedule?start=2026-08-22T00:00:00Z&days=1';
    let answered = false;
    const waiting = Promise.resolve(small.app.request(url)).then((r) => {
      answered = true;
      return r;
    });
    for (let i = 0; i < 20 && (heavy.waiting === 0 || release === null); i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(heavy.waiting).toBe(1);
    expect(release).not.toBeNull();
    expect(answered).toBe(false);
    // Fill the line (4 x concurrency): the next schedule request is refused at once.
    const fillers = Array.from({ length: 3 }, () => heavy.run(async () => {}));
    const refused = await small.app.request(url.replace('/schedule?', '/schedule.ics?'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    release!();
    await holder;
    await Promise.all(fillers);
    expect((await waiting).status).toBe(200);
  });
});
