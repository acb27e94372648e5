import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationStorePath } from '../../src/station/store.js';
import { tempDir } from '../catalog/helpers.js';
import { apiUnderTest } from './helpers.js';

const TOKEN = 'secret-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

const portable = {
  lat: 48.1,
  lon: 11.6,
  alt: 520,
  minElevation: 5,
  timezone: 'Europe/Berlin',
  rotator: { azimuthMinDeg: -180, azimuthMaxDeg: 180, azimuthRateDegS: 4, elevationRateDegS: 4 },
  turnaroundSeconds: 30,
  satellites: [
    { noradId: 25544, priority: 5, transmitter: 'eozSf5mKyzNxoascs8V4bV' },
    { noradId: 44909, priority: 3, transmitter: '89NTmbqJEuTGW36fd386Fy', downlinkHz: 435620000 },
    { noradId: 7530, priority: 2 },
  ],
};

let configFile: string;
let dataDir: string;
let api: Awaited<ReturnType<typeof apiUnderTest>>;

const start = () => apiUnderTest({ PASSWATCH_CONFIG: configFile, PASSWATCH_DATA_DIR: dataDir });

beforeAll(async () => {
  const dir = tempDir();
  configFile = join(dir, 'config.json');
  dataDir = join(dir, 'data');
  writeFileSync(
    configFile,
    JSON.stringify({
      stations: {
        shack: {
          observer: 'home',
          rotator: { azimuthMaxDeg: 450, azimuthRateDegS: 6, elevationRateDegS: 6 },
          satellites: [{ noradId: 25544, priority: 1 }],
        },
      },
    }),
  );
  api = await start();
});
afterAll(async () => {
  await api.stop();
});

const put = (name: string, body: unknown, headers: Record<string, string> = auth) =>
  api.get(`/v1/stations/${name}`, {
    method: 'PUT',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('stations through the admin API', () => {
  it('refuses a write without the admin token before looking at the body', async () => {
    const r = await put(
      'portable',
      { observer: 'nowhere', bogus: 1 },
      {
        'content-type': 'application/json',
      },
    );
    expect(r.status).toBe(401);
    expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.body.errors[0].parameter).toBe('Authorization');
    const wrong = await put('portable', portable, {
      authorization: 'Bearer wrong-token-0123456789',
      'content-type': 'application/json',
    });
    expect(wrong.status).toBe(401);
    const del = await api.get('/v1/stations/shack', { method: 'DELETE' });
    expect(del.status).toBe(401);
    expect((await api.get('/v1/stations/portable')).status).toBe(404);
  });

  it('creates a station with its own site, then replaces it', async () => {
    const created = await put('portable', portable);
    expect(created.status).toBe(201);
    expect(created.res.headers.get('location')).toBe('/v1/stations/portable');
    expect(created.body).toMatchObject({ name: 'portable', owner: 'api', lat: 48.1, lon: 11.6 });
    expect(created.body.rotator.park).toEqual({ azimuthDeg: 0, elevationDeg: 0 });

    const one = await api.get('/v1/stations/portable');
    expect(one.status).toBe(200);
    expect(one.body.satellites).toHaveLength(3);
    expect(one.body.satellites[2]).toMatchObject({ noradId: 7530, priority: 2, transmitter: null });

    const replaced = await put('portable', { ...portable, turnaroundSeconds: 90 });
    expect(replaced.status).toBe(200);
    expect(replaced.body.turnaroundSeconds).toBe(90);
    expect(Date.parse(replaced.body.updated)).toBeGreaterThanOrEqual(
      Date.parse(replaced.body.created),
    );

    const list = await api.get('/v1/stations');
    expect(
      list.body.stations.map((s: { name: string; owner: string }) => [s.name, s.owner]),
    ).toEqual([
      ['shack', 'config'],
      ['portable', 'api'],
    ]);
  });

  it('plans a stored station like a configured one: schedule, iCalendar and /track', async () => {
    const r = await api.get('/v1/stations/portable/schedule?start=2026-08-22T00:00:00Z&days=2');
    expect(r.status).toBe(200);
    expect(r.body.station).toBe('portable');
    // The station's own time zone (Europe/Berlin, +02:00 in August).
    expect(r.body.start).toBe('2026-08-22T02:00:00.000+02:00');
    expect(r.body.scheduled.length).toBeGreaterThan(2);
    for (const p of r.body.scheduled) {
      expect(p.rotator.start.azimuth).toBeGreaterThanOrEqual(-180);
      expect(p.rotator.start.azimuth).toBeLessThanOrEqual(180);
    }
    const rs44 = [...r.body.scheduled, ...r.body.rejected].find(
      (p: { noradId: number }) => p.noradId === 44909,
    );
    expect(rs44.transmitter.nominalDownlinkHz).toBe(435_620_000);
    // Every pass is above the station's own minElevation (5°) at AOS.
    for (const p of r.body.scheduled.filter((x: { aos: unknown }) => x.aos !== null)) {
      expect(p.aos.elevation).toBeGreaterThanOrEqual(4.9);
    }

    const ics = await api.get(
      '/v1/stations/portable/schedule.ics?start=2026-08-22T00:00:00Z&days=2',
    );
    expect(ics.status).toBe(200);
    expect(ics.text.match(/BEGIN:VEVENT/g)).toHaveLength(r.body.scheduled.length);

    const iss = r.body.scheduled.find((p: { noradId: number }) => p.noradId === 25544);
    const track = await api.get(
      `/v1/satellites/25544/track?lat=48.1&lon=11.6&alt=520&minElevation=5&pass=${encodeURIComponent(iss.aos.time)}&step=5&station=portable`,
    );
    expect(track.status).toBe(200);
    expect(track.body.rotatorPlan.mode).toBe(iss.rotator.mode);
    expect(track.body.points[0].rotator).toEqual(track.body.rotatorPlan.start);
  });

  it('names the field of each bad body and keeps the stored station as it was', async () => {
    const before = await api.get('/v1/stations/portable');
    const cases: [unknown, string, RegExp][] = [
      [
        { ...portable, satellites: [{ noradId: 25544, transmitter: 'NoSuchUuid123' }] },
        'satellites.0.transmitter',
        /unknown transmitter NoSuchUuid123/,
      ],
      [
        { ...portable, satellites: [{ noradId: 25544, transmitter: '89NTmbqJEuTGW36fd386Fy' }] },
        'satellites.0.transmitter',
        /belongs to NORAD 44909/,
      ],
      [
        { ...portable, rotator: { ...portable.rotator, azimuthMaxDeg: 100 } },
        'rotator.azimuthMaxDeg',
        /cannot cover 360°/,
      ],
      [
        { ...portable, satellites: [{ noradId: 25544, priority: -2 }] },
        'satellites.0.priority',
        /positive number/,
      ],
      [{ observer: 'attic', satellites: [] }, 'observer', /no observer named "attic"/],
      [{ observer: 'home', lat: 50, satellites: [] }, 'lat', /either "observer"/],
      [{ lat: 50, satellites: [] }, 'lon', /needs lat and lon/],
      [{ satellites: [] }, 'observer', /own "lat" and "lon"/],
      [{ ...portable, colour: 'red' }, 'colour', /unknown field/],
      [
        { ...portable, satellites: [{ noradId: 999999990 }] },
        'satellites.0.noradId',
        /not in the catalog/,
      ],
      [
        {
          ...portable,
          satellites: [
            { noradId: 44909, transmitter: '89NTmbqJEuTGW36fd386Fy', downlinkHz: 100_000_000 },
          ],
        },
        'satellites.0.downlinkHz',
        /./,
      ],
      ['{"observer": ', 'body', /not valid JSON/],
    ];
    for (const [body, field, message] of cases) {
      const r = await put('portable', body);
      expect(r.status, `${field} ${r.text}`).toBe(400);
      expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
      const problem = r.body.errors.find((e: { parameter: string }) => e.parameter === field);
      expect(problem, JSON.stringify(r.body.errors)).toBeDefined();
      expect(problem.detail).toMatch(message);
    }
    const after = await api.get('/v1/stations/portable');
    expect(after.body).toEqual(before.body);
  });

  it('leaves stations of the configuration file alone (409 naming the station)', async () => {
    const r = await put('shack', portable);
    expect(r.status).toBe(409);
    expect(r.body.errors[0].parameter).toBe('name');
    expect(r.body.detail).toMatch(/configuration file/);
    const del = await api.get('/v1/stations/shack', { method: 'DELETE', headers: auth });
    expect(del.status).toBe(409);
    expect((await api.get('/v1/stations/shack')).body.owner).toBe('config');
  });

  it('keeps stored stations across a restart, in a private file', async () => {
    const file = stationStorePath(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const before = await api.get('/v1/stations/portable');
    const schedule = await api.get('/v1/stations/portable/schedule?start=2026-08-22T00:00:00Z');
    await api.stop();
    api = await start();
    const after = await api.get('/v1/stations/portable');
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    const again = await api.get('/v1/stations/portable/schedule?start=2026-08-22T00:00:00Z');
    expect(again.body).toEqual(schedule.body);
  });

  it('deletes a stored station', async () => {
    const del = await api.get('/v1/stations/portable', { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    expect((await api.get('/v1/stations/portable')).status).toBe(404);
    expect((await api.get('/v1/stations/portable/schedule')).status).toBe(404);
    const twice = await api.get('/v1/stations/portable', { method: 'DELETE', headers: auth });
    expect(twice.status).toBe(404);
    expect(twice.body.errors[0].parameter).toBe('name');
    await api.stop();
    api = await start();
    expect((await api.get('/v1/stations')).body.stations).toHaveLength(1);
  });
});
