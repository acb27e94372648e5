/**
 * `serveHttp` drives the stations whose `control.enabled` is set, configured or stored through the
 * admin API, against hamlib's real dummy daemons (rotctld -m 1, rigctld -m 1 on free ports) beside
 * the HTTP API on a real socket: it follows a stored station as it is created, changed and
 * deleted (parking its rotator), leaves the other stations' control alone meanwhile, and stops cleanly with the server.
 * What the daemons were given is read back through connections of the test's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { dopplerTuning } from '../../src/core/radio/index.js';
import type { LogEvent } from '../../src/main.js';
import type { RigctldClient, RotctldClient } from '../../src/station/hamlib/index.js';
import { servedUnderTest } from '../api/helpers.js';
import { TestClock } from '../catalog/helpers.js';
import { Daemon, radioReader, rotatorReader, stopAllDaemons } from '../helpers/hamlib.js';
import { readEvents } from '../helpers/sse.js';
import { configFile, ISS_FM_NOMINAL, issStation } from '../helpers/station.js';
import { settledPosition } from './hamlib/settle.js';

// Inside a low ISS pass over 52N 5E in the bundled snapshot (AOS 01:21:55, LOS 01:27:11 UTC).
const DURING = Date.parse('2026-08-22T01:24:00Z');
const TOKEN = 'secret-token-0123456789';
const home = { lat: 52, lon: 5, alt: 10 };
const site = new Site({ latitudeDeg: home.lat, longitudeDeg: home.lon, altitudeM: home.alt });
// A loop every 0.2 s of real time: the tests see its commands quickly.
const control = { enabled: true, updateSeconds: 0.2 };

let server: Awaited<ReturnType<typeof servedUnderTest>> | null = null;
const clock = new TestClock(DURING);
const events: LogEvent[] = [];
// The configured station's rotator; the stored station's first and second rotator and its radio.
let shackRot: Daemon;
let rot1: Daemon;
let rot2: Daemon;
let rig1: Daemon;
const readers: (RotctldClient | RigctldClient)[] = [];

beforeAll(async () => {
  [shackRot, rot1, rot2, rig1] = await Promise.all([
    Daemon.start('rotctld'),
    Daemon.start('rotctld'),
    Daemon.start('rotctld'),
    Daemon.start('rigctld'),
  ]);
  const file = configFile({
    observers: { home },
    stations: { shack: issStation({ rotctld: shackRot, control }) },
  });
  server = await servedUnderTest(
    { PASSWATCH_CONFIG: file, PASSWATCH_ADMIN_TOKEN: TOKEN },
    clock,
    (e) => events.push(e),
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all(readers.map((r) => r.close()));
  await stopAllDaemons();
});

const get = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${server!.base}${path}`, init);
  const text = await res.text();
  // Tests read response JSON loosely.
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text, res };
};
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const putStation = (name: string, body: object) =>
  get(`/v1/stations/${name}`, { method: 'PUT', headers: auth, body: JSON.stringify(body) });
const status = async (name: string) => (await get(`/v1/stations/${name}/status?log=1000`)).body;

/** Where the satellite is from home at the clock's time: what the rotator should point at. */
function lookNow() {
  const look = server!.catalog.orbit(25544)!.look(clock.nowMs, site);
  return { ...look, elevationDeg: Math.max(0, look.elevationDeg) };
}
/** Azimuths compared on the circle (an overlap rotator may point at az + 360). */
const azimuthOff = (a: number, b: number) => Math.abs(((((a - b) % 360) + 540) % 360) - 180);

function reader<T extends RotctldClient | RigctldClient>(r: T): T {
  readers.push(r);
  return r;
}

/** Reads the rotator back until it points within 0.5° of where the satellite is now. */
async function expectPointingNow(rot: RotctldClient) {
  const want = lookNow();
  await expect
    .poll(
      async () => {
        const r = await rot.getPosition();
        if (!r.ok) return Number.POSITIVE_INFINITY;
        return Math.max(
          azimuthOff(r.value.azimuthDeg, want.azimuthDeg),
          Math.abs(r.value.elevationDeg - want.elevationDeg),
        );
      },
      { timeout: 90_000, interval: 250 },
    )
    .toBeLessThan(0.5);
  const r = await rot.getPosition();
  return r.ok ? r.value : null;
}

describe('the server drives a configured station with control.enabled', () => {
  it('runs the loop over the scheduled pass beside the API', async () => {
    let st: any = null;
    await expect
      .poll(
        async () => {
          st = await status('shack');
          return Boolean(st.rotator?.reported);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    expect(st).toMatchObject({
      station: 'shack',
      enabled: true,
      phase: 'tracking',
      time: new Date(DURING).toISOString(),
      tracking: { noradId: 25544, name: 'ISS (ZARYA)' },
    });
    expect(st.rotator.commanded).toEqual(st.rotator.target);
    expect(st.rotator.connection.state).toBe('connected');
    const plan = events.find((e) => e.event === 'station-plan' && e.station === 'shack');
    expect(plan).toMatchObject({ station: 'shack', problems: 0 });
    expect(Number(plan!.passes)).toBeGreaterThan(0);
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(
      /passwatch_station_commands_total\{station="shack",daemon="rotator"\} [1-9]/,
    );
    expect(metrics).toContain(
      'passwatch_station_daemon_connected{station="shack",daemon="rotator"} 1',
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'hamlib',
        station: 'shack',
        daemon: 'rotator',
        state: 'connected',
      }),
    );
    await expectPointingNow(reader(rotatorReader(shackRot)));
  }, 120_000);
});

describe('stations stored through the admin API are driven like configured ones', () => {
  let shackBefore: { logTotal: number };

  it('drives a station created with control.enabled during its pass: positions within 0.5°, frequencies within 10 Hz', async () => {
    shackBefore = await status('shack');
    const created = await putStation(
      'portable',
      issStation({ rotctld: rot1, rigctld: rig1, control }),
    );
    expect(created.status).toBe(201);
    await expect
      .poll(async () => (await status('portable')).phase, { timeout: 30_000 })
      .toBe('tracking');
    await expectPointingNow(reader(rotatorReader(rot1)));
    const doppler = dopplerTuning(ISS_FM_NOMINAL, lookNow().rangeRateKmS);
    const radio = reader(radioReader(rig1));
    const off = async () => {
      const [f, i] = [await radio.getFrequency(), await radio.getSplitFrequency()];
      return f.ok && i.ok
        ? Math.max(Math.abs(f.value - doppler.downlinkHz!), Math.abs(i.value - doppler.uplinkHz!))
        : Number.POSITIVE_INFINITY;
    };
    await expect.poll(off, { timeout: 30_000 }).toBeLessThanOrEqual(10);

    const st = await status('portable');
    expect(st).toMatchObject({
      station: 'portable',
      enabled: true,
      tracking: { noradId: 25544 },
      split: true,
    });
    expect(st.rotator.connection).toMatchObject({ port: rot1.port, state: 'connected' });
    expect(st.downlink.connection).toMatchObject({ port: rig1.port, state: 'connected' });
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(
      /passwatch_station_commands_total\{station="portable",daemon="rotator"\} [1-9]/,
    );
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'station-control', station: 'portable', action: 'started' }),
    );

    // The live stream follows the stored station: its site, its plan and its driven rotator.
    const live = await fetch(`${server!.base}/v1/satellites/25544/live?station=portable`);
    expect(live.status).toBe(200);
    const sse = await readEvents(live, (e) => e.some((x) => x.event === 'position'));
    expect(sse[0]!.data).toMatchObject({ station: 'portable', driven: true });
    const position = sse.find((e) => e.event === 'position')!.data;
    expect(position.rotator.tracking).toBe(true);
    expect(position.rotator.reported).not.toBeNull();
    expect(Math.abs(position.downlinkHz - doppler.downlinkHz!)).toBeLessThan(1);
  }, 180_000);

  it('plans again, on the same connections, when only its satellites change', async () => {
    const before = await status('portable');
    const body = issStation({ rotctld: rot1, rigctld: rig1, control });
    body.satellites = [{ ...body.satellites[0]!, priority: 3 }];
    const plans = events.filter((e) => e.event === 'station-plan' && e.station === 'portable');
    expect((await putStation('portable', body)).status).toBe(200);
    await expect
      .poll(
        () => events.filter((e) => e.event === 'station-plan' && e.station === 'portable').length,
      )
      .toBe(plans.length + 1);
    const after = await status('portable');
    // The same runtime: its command log goes on, its connections were not made again.
    expect(after.logTotal).toBeGreaterThanOrEqual(before.logTotal);
    expect(after.rotator.connection.connects).toBe(1);
    expect(events).not.toContainEqual(
      expect.objectContaining({ event: 'station-control', action: 'restarting' }),
    );
  });

  it('moves control to the new daemon when its rotator port changes', async () => {
    const old = reader(rotatorReader(rot1));
    const body = issStation({ rotctld: rot2, rigctld: rig1, control });
    expect((await putStation('portable', body)).status).toBe(200);
    await expect
      .poll(async () => (await status('portable')).rotator?.connection.port, { timeout: 30_000 })
      .toBe(rot2.port);
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'station-control',
        station: 'portable',
        action: 'restarting',
      }),
    );
    const left = await settledPosition(old);
    // A minute later the plan has moved on: the new daemon follows it, the old one stays.
    clock.advance(60_000);
    await expectPointingNow(reader(rotatorReader(rot2)));
    expect(await settledPosition(old)).toEqual(left);
    const st = await status('portable');
    expect(st.rotator.connection).toMatchObject({ port: rot2.port, state: 'connected' });
  }, 180_000);

  it('parks its rotator when it is deleted mid-pass, then stops commanding; leaves the configured station alone', async () => {
    const rot = reader(rotatorReader(rot2));
    // Tracking the pass, low in the south-east: far from the park position (0°, 0°).
    expect((await status('portable')).phase).toBe('tracking');
    const tracking = await settledPosition(rot);
    expect(tracking.azimuthDeg).toBeGreaterThan(90);
    const del = await get('/v1/stations/portable', { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    await expect
      .poll(() =>
        events.some(
          (e) =>
            e.event === 'station-control' && e.station === 'portable' && e.action === 'stopped',
        ),
      )
      .toBe(true);
    const left = await settledPosition(rot);
    expect(Math.abs(left.azimuthDeg)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(left.elevationDeg)).toBeLessThanOrEqual(0.5);
    clock.advance(60_000);
    // The configured station's loop runs on and follows the new plan position...
    await expectPointingNow(reader(rotatorReader(shackRot)));
    // ...the deleted station's rotator stays parked.
    expect(await settledPosition(rot)).toEqual(left);
    expect((await get('/v1/stations/portable/status')).status).toBe(404);
    expect((await get('/metrics')).text).not.toContain('station="portable"');

    // The configured station kept its runtime and connection all along.
    const shack = await status('shack');
    expect(shack.logTotal).toBeGreaterThan(shackBefore.logTotal);
    expect(shack.rotator.connection).toMatchObject({ connects: 1, reconnects: 0 });
    expect(events).not.toContainEqual(
      expect.objectContaining({ event: 'station-control', station: 'shack', action: 'stopped' }),
    );
  }, 180_000);

  it('stops every loop with the server: no command follows', async () => {
    const handle = server!;
    server = null;
    await handle.stop();
    expect(events.at(-1)).toMatchObject({ event: 'stop' });
    const after = events.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(events.length).toBe(after);
  });
});
