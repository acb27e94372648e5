import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { StationStore, stationStorePath } from '../../src/station/store.js';
import { tempDir } from '../catalog/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  const dir = tempDir();
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      observers: { home: { lat: 52, lon: 5, alt: 10 } },
      stations: {
        shack: {
          observer: 'home',
          rotator: { azimuthMaxDeg: 450, azimuthRateDegS: 6, elevationRateDegS: 6 },
          satellites: [
            {
              noradId: 25544,
              priority: 5,
              transmitter: 'eozSf5mKyzNxoascs8V4bV',
              minPeakElevation: 10,
            },
            {
              noradId: 44909,
              priority: 3,
              transmitter: '89NTmbqJEuTGW36fd386Fy',
              downlinkHz: 435620000,
            },
          ],
        },
      },
    }),
  );
  env = { ...process.env, PASSWATCH_CONFIG: file, PASSWATCH_DATA_DIR: join(dir, 'data') };
  // A station stored through the API (PUT /v1/stations/portable), with its own site.
  mkdirSync(join(dir, 'data'), { recursive: true, mode: 0o700 });
  const store = StationStore.open(stationStorePath(join(dir, 'data')));
  store.put(
    'portable',
    { lat: -33.9, lon: 18.4, timezone: 'Africa/Johannesburg', satellites: [{ noradId: 25544 }] },
    Date.parse('2026-08-21T00:00:00Z'),
  );
  store.close();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('passwatch schedule', () => {
  it('prints the plan from the bundled snapshot and transmitter list, and the same as JSON', async () => {
    const table = await cli([
      'schedule',
      '--station',
      'shack',
      '--days',
      '1',
      '--start',
      '2026-08-22T00:00:00Z',
    ]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^Station shack, 2026-08-22T00:00:00.000Z to 2026-08-23T00:00:00.000Z: \d+ passes to work/,
    );
    expect(table.stdout).toMatch(/RS-44.*435\.6200 +145\.9850/);
    expect(table.stdout).toMatch(/skip: peaks at [\d.]+°, below the minimum of 10°/);
    const json = await cli([
      'schedule',
      '--station',
      'shack',
      '--days',
      '1',
      '--start',
      '2026-08-22T00:00:00Z',
      '--json',
    ]);
    const s = JSON.parse(json.stdout);
    expect(table.stdout).toContain(
      `${s.scheduled.length} passes to work, total priority ${s.totalPriority}`,
    );
  });

  it('plans a station stored through the API, at its own site and in its time zone', async () => {
    const r = await cli([
      'schedule',
      '--station',
      'portable',
      '--days',
      '1',
      '--start',
      '2026-08-22T00:00:00Z',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(s.station).toBe('portable');
    expect(s.start).toBe('2026-08-22T02:00:00.000+02:00');
    expect(s.scheduled.length).toBeGreaterThan(0);
    expect(s.scheduled.every((p: { noradId: number }) => p.noradId === 25544)).toBe(true);
  });

  it('says in one line what is wrong with bad input', async () => {
    const unknown = await cli(['schedule', '--station', 'attic']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('passwatch: no station "attic"; known: shack, portable\n');
    const days = await cli(['schedule', '--station', 'shack', '--days', '30']);
    expect(days.code).toBe(2);
    expect(days.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await cli(['schedule']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--station NAME is required/);
  });
});
