/**
 * GET /v1/stations/{name}/status and the station metrics, with the control loop driving hamlib's
 * real dummy daemons (rotctld -m 1, rigctld -m 1 on free ports) on a pinned clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { dopplerTuning } from '../../src/core/radio/index.js';
import { rotatorPositionAt } from '../../src/core/station/rotator.js';
import type { ControlPass } from '../../src/station/control.js';
import { StationControl } from '../../src/station/control-set.js';
import { StationRuntime } from '../../src/station/runtime.js';
import { Daemon, stopAllDaemons } from '../helpers/hamlib.js';
import { readEvents } from '../helpers/sse.js';
import { configFile, ISS_FM_NOMINAL, issStation } from '../helpers/station.js';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
let rotd: Daemon;
let rigd: Daemon;
let runtime: StationRuntime;
let pass: ControlPass;
let control: StationControl;
// The server's view of its driven stations, filled once the catalog is up.
const view = {
  get: (name: string) => control.get(name),
  metrics: () => control.metrics(),
};

beforeAll(async () => {
  [rotd, rigd] = await Promise.all([Daemon.start('rotctld'), Daemon.start('rigctld')]);
  const file = configFile({
    stations: {
      shack: issStation({ rotctld: rotd, rigctld: rigd, control: { enabled: true } }),
      plain: { observer: 'home', satellites: [{ noradId: 25544 }] },
    },
  });
  api = await apiUnderTest({ PASSWATCH_CONFIG: file }, { stationControl: view });
  runtime = new StationRuntime({
    config: api.handle.config,
    name: 'shack',
    catalog: api.handle.catalog,
    transmitter: (uuid) => api.handle.transmitters.get(uuid),
    clock: { now: api.clock.now },
    backoff: { initialMs: 20, factor: 2, maxMs: 200 },
  });
  control = StationControl.of([runtime]);
  pass = runtime.plan()[0]!;
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await api?.stop();
  await stopAllDaemons();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a driven station’s status', () => {
  it('before the pass: idle, with the next pass', async () => {
    api.clock.nowMs = pass.aosMs - 3_600_000;
    await runtime.controller.tick();
    const r = await api.get('/v1/stations/shack/status');
    expect(r.status).toBe(200);
    expect(r.res.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toMatchObject({
      station: 'shack',
      enabled: true,
      phase: 'idle',
      time: new Date(api.clock.nowMs).toISOString(),
      tracking: null,
      next: { noradId: 25544, name: 'ISS (ZARYA)', aos: new Date(pass.aosMs).toISOString() },
      split: true,
    });
    expect(r.body.plan.passes).toBeGreaterThan(0);
  });

  it('during the pass: the plan’s, commanded and reported position and frequencies, connections and log', async () => {
    const t = pass.aosMs + 60_000;
    api.clock.nowMs = t;
    await runtime.controller.tick();
    // The dummy rotator slews at ~6°/s: read back once it has arrived.
    for (let i = 0; i < 200; i++) {
      const st = runtime.controller.status().rotator!;
      if (
        st.reported &&
        Math.abs(st.reported.azimuthDeg - st.commanded!.azimuthDeg) < 0.5 &&
        Math.abs(st.reported.elevationDeg - st.commanded!.elevationDeg) < 0.5
      )
        break;
      await sleep(150);
      await runtime.devices.rotator!.getPosition();
    }
    const r = await api.get('/v1/stations/shack/status?log=1000');
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b.phase).toBe('tracking');
    expect(b.tracking).toMatchObject({ noradId: 25544, key: pass.key });
    const plan = rotatorPositionAt(pass.rotator!, t);
    expect(b.rotator.target.azimuth).toBeCloseTo(plan.azimuthDeg, 1);
    expect(b.rotator.target.elevation).toBeCloseTo(plan.elevationDeg, 1);
    expect(b.rotator.commanded).toEqual(b.rotator.target);
    expect(Math.abs(b.rotator.reported.azimuth - plan.azimuthDeg)).toBeLessThan(0.5);
    expect(Math.abs(b.rotator.reported.elevation - plan.elevationDeg)).toBeLessThan(0.5);
    expect(b.rotator.connection).toMatchObject({
      name: 'rotator',
      host: '127.0.0.1',
      port: rotd.port,
      state: 'connected',
      reconnects: 0,
      commandErrors: 0,
    });
    // Doppler of the ISS FM repeater, computed here from the orbit.
    const orbit = api.handle.catalog.orbit(25544)!;
    const o = api.handle.config.observers.home!;
    const rate = orbit.look(
      t,
      new Site({ latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt }),
    ).rangeRateKmS;
    const expected = dopplerTuning(ISS_FM_NOMINAL, rate);
    expect(Math.abs(b.downlink.targetHz - expected.downlinkHz!)).toBeLessThan(1);
    expect(Math.abs(b.downlink.reportedHz - expected.downlinkHz!)).toBeLessThan(10);
    expect(Math.abs(b.uplink.reportedHz - expected.uplinkHz!)).toBeLessThan(10);
    expect(b.downlink.connection).toMatchObject({ name: 'radio', state: 'connected' });
    const sent = b.log.filter((e: { type: string }) => e.type === 'sent');
    expect(sent.map((e: { command: string }) => e.command)).toEqual(
      expect.arrayContaining([
        `P ${b.rotator.commanded.azimuth.toFixed(2)} ${b.rotator.commanded.elevation.toFixed(2)}`,
        'M FM 0',
        'S 1 VFOB',
        `F ${b.downlink.commandedHz}`,
        `I ${b.uplink.commandedHz}`,
      ]),
    );
    expect(b.log.every((e: { time: string }) => typeof e.time === 'string')).toBe(true);
    // The live stream of the satellite shows what the driven rotator aims at and reports.
    const live = await api.app.request('/v1/satellites/25544/live?station=shack');
    expect(live.status).toBe(200);
    const events = await readEvents(live, (e) => e.some((x) => x.event === 'position'));
    expect(events[0]!.data.driven).toBe(true);
    expect(events.find((e) => e.event === 'position')!.data.rotator).toEqual({
      plan: b.rotator.target,
      reported: b.rotator.reported,
      tracking: true,
    });
    const few = await api.get('/v1/stations/shack/status?log=3');
    expect(few.body.log).toHaveLength(3);
    expect(few.body.log.at(-1).seq).toBe(few.body.logTotal);
  }, 60_000);

  it('counts commands, errors and reconnects per daemon in /metrics', async () => {
    await rigd.kill();
    api.clock.nowMs += 30_000;
    await runtime.controller.tick();
    const down = await api.get('/metrics');
    expect(down.text).toMatch(
      /passwatch_station_command_errors_total\{station="shack",daemon="radio"\} [1-9]/,
    );
    expect(down.text).toContain(
      'passwatch_station_daemon_connected{station="shack",daemon="radio"} 0',
    );
    expect(down.text).toContain('# TYPE passwatch_station_commands_total counter');
    const st = await api.get('/v1/stations/shack/status?log=50');
    expect(st.body.downlink.connection.state).not.toBe('connected');
    expect(st.body.downlink.connection.lastError).toBeTruthy();
    expect(
      st.body.log.some(
        (e: { type: string; daemon: string }) => e.type === 'error' && e.daemon === 'radio',
      ),
    ).toBe(true);

    await rigd.restart();
    for (let i = 0; i < 100 && runtime.devices.downlink!.status().state !== 'connected'; i++) {
      api.clock.nowMs += 1000;
      await runtime.controller.tick();
      await sleep(100);
    }
    api.clock.nowMs += 1000;
    await runtime.controller.tick();
    const up = await api.get('/metrics');
    expect(up.text).toContain(
      'passwatch_station_reconnects_total{station="shack",daemon="radio"} 1',
    );
    expect(up.text).toContain(
      'passwatch_station_daemon_connected{station="shack",daemon="radio"} 1',
    );
    expect(up.text).toMatch(
      /passwatch_station_commands_total\{station="shack",daemon="rotator"\} [1-9]/,
    );
  }, 60_000);

  it('answers enabled: false for a station that is not driven, 404 for an unknown one, 400 for a bad log', async () => {
    const plain = await api.get('/v1/stations/plain/status');
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ station: 'plain', enabled: false });
    const unknown = await api.get('/v1/stations/attic/status');
    expect(unknown.status).toBe(404);
    expect(unknown.res.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.errors[0].parameter).toBe('name');
    for (const bad of ['x', '2000', '1.5']) {
      const r = await api.get(`/v1/stations/shack/status?log=${bad}`);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].parameter).toBe('log');
    }
  });
});
