/**
 * `passwatch station run NAME --simulate-from TIME --speed N` against hamlib's real dummy daemons
 * (rotctld -m 1, rigctld -m 1 on free ports): a whole simulated pass of the ISS (bundled snapshot
 * and transmitter list) with its FM repeater split on one radio, read back from the daemons.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedCatalog } from '../../src/catalog/service/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Site } from '../../src/core/orbit/index.js';
import { dopplerTuning } from '../../src/core/radio/index.js';
import { RotctldClient } from '../../src/station/hamlib/index.js';
import { StationStore, stationStorePath } from '../../src/station/store.js';
import { tempDir } from '../catalog/helpers.js';
import { Daemon, stopAllDaemons } from '../helpers/hamlib.js';
import { settledPosition } from '../station/hamlib/settle.js';

const BIN = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));
// A low pass (3° high, 01:21:55–01:27:11 UTC) of the ISS over 52N 5E in the bundled snapshot.
const FROM = '2026-08-22T01:20:30Z';
const SPEED = 10;
// The dummy rotator slews ~6°/s of real time: 0.6°/s of the simulated clock at 10×, what the
// station's rates say so that it leaves for the pass's start in time.
const RATE = 6 / SPEED;
const PARK = { azimuthDeg: 150, elevationDeg: 0 };

let rotd: Daemon;
let rigd: Daemon;
let dir: string;
let env: NodeJS.ProcessEnv;

function writeConfig(stations: unknown): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      dataDir: join(dir, 'data'),
      catalog: { refresh: { onStart: false } },
      observers: { home: { lat: 52, lon: 5, alt: 10 } },
      stations,
    }),
  );
  return file;
}

beforeAll(async () => {
  dir = tempDir();
  [rotd, rigd] = await Promise.all([Daemon.start('rotctld'), Daemon.start('rigctld')]);
  const file = writeConfig({
    shack: {
      observer: 'home',
      rotator: {
        azimuthMaxDeg: 450,
        azimuthRateDegS: RATE,
        elevationRateDegS: RATE,
        parkAzimuthDeg: PARK.azimuthDeg,
        parkElevationDeg: PARK.elevationDeg,
        daemon: { host: '127.0.0.1', port: rotd.port },
      },
      radio: { downlink: { host: '127.0.0.1', port: rigd.port }, uplink: 'split' },
      satellites: [{ noradId: 25544, priority: 1, transmitter: 'eozSf5mKyzNxoascs8V4bV' }],
    },
    receiver: { observer: 'home', satellites: [{ noradId: 25544 }] },
  });
  env = { ...process.env, PASSWATCH_CONFIG: file };
  // The dummy rotator starts at 0°: put it at the park position, as after a previous pass.
  const rot = new RotctldClient({
    host: '127.0.0.1',
    port: rotd.port,
    limits: { azimuthMinDeg: 0, azimuthMaxDeg: 450, elevationMinDeg: 0, elevationMaxDeg: 90 },
  });
  await rot.setPosition(PARK);
  await settledPosition(rot);
  await rot.close();
}, 120_000);

afterAll(async () => {
  await stopAllDaemons();
});

async function cli(args: string[], e: NodeJS.ProcessEnv = env) {
  return promisify(execFile)(process.execPath, [BIN, ...args], { env: e }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

type Line = Record<string, unknown> & { line: string; time: string };

describe('passwatch station run --simulate-from', () => {
  it('works a whole pass: positions read back within 0.5° of the plan, frequencies within 10 Hz of the Doppler track', async () => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'station',
        'run',
        'shack',
        '--simulate-from',
        FROM,
        '--speed',
        String(SPEED),
        '--passes',
        '1',
        '--until',
        '2026-08-22T01:35:00Z',
        '--json',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.once('close', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const at = (l: Line) => Date.parse(l.time);
    expect(lines[0]).toMatchObject({ line: 'start', station: 'shack' });
    expect(lines.at(-1)).toMatchObject({ line: 'stop', passes: 1 });
    const phases = lines.filter((l) => l.line === 'phase').map((l) => l.phase);
    // It parks first (the rotator's position is unknown at start), then works the pass.
    expect(phases).toEqual(['parking', 'idle', 'prepositioning', 'tracking', 'parking', 'idle']);

    // The plan and the Doppler track, computed here from the same snapshot.
    const config = loadConfig(env, { cwd: dir });
    const catalog = storedCatalog({ config, clock: () => Date.parse(FROM) });
    const orbit = catalog.orbit(25544)!;
    const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 10 });
    const nominal = { downlinkHz: 437_800_000, uplinkHz: 145_990_000 };
    const ticks = lines.filter((l) => l.line === 'tick');
    const tracking = ticks.filter((t) => t.phase === 'tracking');
    // One tick a second of the simulated clock, slower when the machine is busy.
    expect(tracking.length).toBeGreaterThan(30);
    for (const t of tracking) {
      const look = orbit.look(at(t), site);
      const target = t.target as { azimuthDeg: number; elevationDeg: number };
      expect(Math.abs(target.azimuthDeg - look.azimuthDeg)).toBeLessThan(0.1);
      expect(Math.abs(target.elevationDeg - Math.max(0, look.elevationDeg))).toBeLessThan(0.1);
      const f = t.frequencies as { downlinkHz: number; uplinkHz: number };
      const doppler = dopplerTuning(nominal, look.rangeRateKmS);
      expect(Math.abs(f.downlinkHz - doppler.downlinkHz!)).toBeLessThan(1);
      expect(Math.abs(f.uplinkHz - doppler.uplinkHz!)).toBeLessThan(1);
    }
    const tickOf = (l: Line) => ticks.filter((t) => at(t) <= at(l)).at(-1)!;

    const log = lines.filter((l) => l.line === 'log');
    // Every frequency read back during the pass is within 10 Hz of the Doppler track at its tick.
    const down = log.filter((l) => l.type === 'reply' && l.command === 'f');
    const up = log.filter((l) => l.type === 'reply' && l.command === 'i');
    let checked = 0;
    for (const r of [...down, ...up]) {
      const t = tickOf(r);
      if (t.phase !== 'tracking') continue;
      const values = r.values as Record<string, string>;
      const f = t.frequencies as { downlinkHz: number; uplinkHz: number };
      const hz = r.command === 'f' ? Number(values.Frequency) : Number(values['TX Frequency']);
      const want = r.command === 'f' ? f.downlinkHz : f.uplinkHz;
      expect(Math.abs(hz - want), `${r.command} at ${r.time}`).toBeLessThanOrEqual(10);
      checked++;
    }
    expect(checked).toBeGreaterThan(2 * 30);
    const retunes = log.filter((l) => l.type === 'sent' && String(l.command).startsWith('F '));
    expect(retunes.length).toBeGreaterThan(10);

    // Every position sent is the plan's at its tick, and the rotator reports it (within 0.5°)
    // before the next one is sent. The last one of the pass may be cut short by the park at LOS
    // when it was sent less than its travel time (at the station's rate) before: that one must
    // be on its way, between the previous position and its own.
    const sent = log.filter((l) => l.type === 'sent' && String(l.command).startsWith('P '));
    expect(sent.length).toBeGreaterThan(10);
    const positions = log.filter((l) => l.type === 'reply' && l.command === 'p');
    const pos = (l: Line) => String(l.command).slice(2).split(' ').map(Number) as [number, number];
    let parks = 0;
    let cut = 0;
    for (const [i, s] of sent.entries()) {
      const [az, el] = pos(s);
      const target = tickOf(s).target as { azimuthDeg: number; elevationDeg: number } | null;
      if (target === null) {
        // No pass: the park position (at start, and after LOS).
        expect([az, el]).toEqual([PARK.azimuthDeg, PARK.elevationDeg]);
        parks++;
        continue;
      }
      expect(Math.abs(az - target.azimuthDeg)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(el - target.elevationDeg)).toBeLessThanOrEqual(0.01);
      const next = sent[i + 1]!;
      const last = positions.filter((p) => (p.seq as number) < (next.seq as number)).at(-1)!;
      const v = last.values as Record<string, string>;
      const [fromAz, fromEl] = pos(sent[i - 1]!);
      const travelS = Math.max(Math.abs(az - fromAz), Math.abs(el - fromEl)) / RATE;
      if (tickOf(next).target === null && (at(next) - at(s)) / 1000 < travelS + 1) {
        cut++;
        const between = (x: number, a: number, b: number) =>
          x >= Math.min(a, b) - 0.5 && x <= Math.max(a, b) + 0.5;
        expect(between(Number(v.Azimuth), fromAz, az), `p before the park`).toBe(true);
        expect(between(Number(v.Elevation), fromEl, el)).toBe(true);
        continue;
      }
      expect(Math.abs(Number(v.Azimuth) - az), `p before ${next.command}`).toBeLessThan(0.5);
      expect(Math.abs(Number(v.Elevation) - el)).toBeLessThan(0.5);
    }
    expect(cut).toBeLessThanOrEqual(1);
    expect(parks).toBe(2);
    expect(sent.at(-1)!.command).toBe(
      `P ${PARK.azimuthDeg.toFixed(2)} ${PARK.elevationDeg.toFixed(2)}`,
    );
    expect(log.filter((l) => l.type === 'error')).toEqual([]);
  }, 240_000);

  it('drives a station stored through the admin API as it drives a configured one', async () => {
    const data = loadConfig(env, { cwd: dir }).dataDir;
    mkdirSync(data, { recursive: true, mode: 0o700 });
    const store = StationStore.open(stationStorePath(data));
    store.put(
      'stored',
      {
        lat: 52,
        lon: 5,
        alt: 10,
        rotator: {
          azimuthMaxDeg: 450,
          azimuthRateDegS: RATE,
          elevationRateDegS: RATE,
          parkAzimuthDeg: PARK.azimuthDeg,
          daemon: { host: '127.0.0.1', port: rotd.port },
        },
        satellites: [{ noradId: 25544, priority: 1 }],
      },
      Date.parse(FROM),
    );
    store.close();
    const r = await cli([
      'station',
      'run',
      'stored',
      '--simulate-from',
      FROM,
      '--speed',
      String(SPEED),
      '--until',
      '2026-08-22T01:20:50Z',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      new RegExp(`^Station stored: rotator 127\\.0\\.0\\.1:${rotd.port}; simulated from`),
    );
    // It parks the rotator first (its position is unknown at start), and the daemon takes it.
    expect(r.stdout).toMatch(/rotator {2}< P 150\.00 0\.00: ok/);
  }, 120_000);

  it('refuses an unknown station, a bad time, a bad speed and a station without daemons in one line', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['station', 'run', 'attic', '--simulate-from', FROM],
        /no station "attic"; known: shack, receiver/,
      ],
      [
        ['station', 'run', 'shack', '--simulate-from', 'yesterday'],
        /--simulate-from "yesterday" is not an ISO 8601 timestamp/,
      ],
      [
        ['station', 'run', 'shack', '--simulate-from', FROM, '--speed', '0'],
        /--speed must be a number above 0/,
      ],
      [
        ['station', 'run', 'receiver', '--simulate-from', FROM],
        /station "receiver" has no daemon to drive/,
      ],
      [['station', 'run'], /station run needs the NAME/],
      [['station', 'stop', 'shack'], /unknown subcommand "stop"/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  }, 120_000);
});
