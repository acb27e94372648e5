/**
 * `serveHttp` with a station whose `control.enabled` is set: the server plans the station and runs
 * its control loop against hamlib's real dummy daemons beside the HTTP API, and stops it cleanly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LogEvent, type ServingHandle, serveHttp } from '../../src/main.js';
import { TestClock, tempDir, testConfig } from '../catalog/helpers.js';
import { Daemon, stopAllDaemons } from '../helpers/hamlib.js';

// Inside a low ISS pass over 52N 5E in the bundled snapshot (AOS 01:21:55, LOS 01:27:11 UTC).
const DURING = Date.parse('2026-08-22T01:24:00Z');

let server: ServingHandle | null = null;
afterAll(async () => {
  await server?.stop();
  await stopAllDaemons();
});

describe('the server drives a station with control.enabled', () => {
  it('runs the loop over the scheduled pass beside the API, and stops it with the server', async () => {
    const [rotd, rigd] = await Promise.all([Daemon.start('rotctld'), Daemon.start('rigctld')]);
    const file = join(tempDir(), 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        observers: { home: { lat: 52, lon: 5, alt: 10 } },
        stations: {
          shack: {
            observer: 'home',
            rotator: {
              azimuthMaxDeg: 450,
              azimuthRateDegS: 6,
              elevationRateDegS: 6,
              daemon: { host: '127.0.0.1', port: rotd.port },
            },
            radio: { downlink: { host: '127.0.0.1', port: rigd.port } },
            control: { enabled: true, updateSeconds: 0.2 },
            satellites: [{ noradId: 25544, priority: 1, transmitter: 'eozSf5mKyzNxoascs8V4bV' }],
          },
        },
      }),
    );
    const clock = new TestClock(DURING);
    const events: LogEvent[] = [];
    server = await serveHttp({
      config: testConfig({ PASSWATCH_CONFIG: file }),
      clock: clock.now,
      log: (e) => events.push(e),
      schedule: false,
      refreshOnStart: false,
      host: '127.0.0.1',
      port: 0,
    });
    const base = `http://127.0.0.1:${server.server.port}`;
    let status: any = null;
    for (let i = 0; i < 300; i++) {
      status = await (await fetch(`${base}/v1/stations/shack/status?log=1000`)).json();
      if (status.rotator?.reported && status.downlink?.reportedHz) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toMatchObject({
      station: 'shack',
      enabled: true,
      phase: 'tracking',
      time: new Date(DURING).toISOString(),
      tracking: { noradId: 25544, name: 'ISS (ZARYA)' },
      split: true,
    });
    expect(status.rotator.commanded).toEqual(status.rotator.target);
    expect(status.downlink.commandedHz).toBe(status.downlink.targetHz);
    expect(status.downlink.reportedHz).toBe(status.downlink.commandedHz);
    expect(status.rotator.connection.state).toBe('connected');
    const plan = events.find((e) => e.event === 'station-plan');
    expect(plan).toMatchObject({ station: 'shack', problems: 0 });
    expect(Number(plan!.passes)).toBeGreaterThan(0);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /passwatch_station_commands_total\{station="shack",daemon="rotator"\} [1-9]/,
    );
    expect(metrics).toContain(
      'passwatch_station_daemon_connected{station="shack",daemon="radio"} 1',
    );

    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'hamlib',
        station: 'shack',
        daemon: 'rotator',
        state: 'connected',
      }),
    );

    // Stopping the server stops the loop and closes the daemons' connections: the daemons see
    // their clients go, and no command follows.
    const handle = server;
    server = null;
    await handle.stop();
    expect(events.at(-1)).toMatchObject({ event: 'stop' });
    const after = events.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(events.length).toBe(after);
  }, 120_000);
});
