import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/catalog/index.js';
import { FakeCelestrak, fixture, tempDir } from '../catalog/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));
const PIN_CLOCK = fileURLToPath(new URL('../helpers/pin-clock.mjs', import.meta.url));
/**
 * "Now" for every passwatch these tests start: three months after the snapshot (2026-08-22) and
 * the stations fixture were downloaded, so both are stale (14-day limit) whatever today's date.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');

let server: FakeCelestrak;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  server = await FakeCelestrak.start();
  server.set('GROUP=stations', { body: fixture('catalog/satvisor-stations.json') });
  server.set('GROUP=visual', { status: 500, body: 'Internal Server Error' });
  env = {
    ...process.env,
    PASSWATCH_DATA_DIR: tempDir(),
    PASSWATCH_CELESTRAK_URL: server.url,
    PASSWATCH_GROUPS: 'stations,visual',
    // Any free port: a passwatch may already run on 8080 (`npm start` in the same checkout).
    PORT: '0',
    PASSWATCH_HOST: '127.0.0.1',
    PASSWATCH_TEST_CLOCK_OFFSET_MS: String(NOW - Date.now()),
  };
});
afterAll(async () => {
  await server.close();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', PIN_CLOCK, BIN, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('passwatch serve, refresh and catalog', () => {
  it('serve loads the snapshot, refreshes, logs JSON lines and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', PIN_CLOCK, BIN, 'serve'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: Record<string, unknown>[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const refreshed = new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        buffer += c.toString();
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          events.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
          buffer = buffer.slice(nl + 1);
          nl = buffer.indexOf('\n');
        }
        if (events.filter((e) => e.event === 'refresh').length === 2) resolve();
      });
    });
    await refreshed;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('passwatch: SIGTERM received, stopping\n');
    await new Promise((r) => setTimeout(r, 50));
    for (const e of events) expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const snapshot = events.find((e) => e.event === 'snapshot')!;
    expect(snapshot).toMatchObject({ loaded: true, stale: true });
    // Its age is counted from the pinned "now", not today.
    const ageDays = (NOW - Date.parse(snapshot.newestEpoch as string)) / 86_400_000;
    expect(Math.abs((snapshot.newestAgeDays as number) - ageDays)).toBeLessThan(0.1);
    expect(events.filter((e) => e.event === 'refresh')).toMatchObject([
      { source: 'celestrak:stations', outcome: 'updated', objectsAfter: 28 },
      { source: 'celestrak:visual', outcome: 'failed', reason: 'HTTP 500: Internal Server Error' },
    ]);
    expect(events.at(-1)).toMatchObject({ event: 'stop' });
  });

  it('refresh respects the 2-hour rule and the backoff persisted by serve', async () => {
    const { code, stdout } = await cli(['refresh', '--json']);
    expect(code).toBe(0);
    const { sources } = JSON.parse(stdout) as {
      sources: { source: string; outcome: string; reason: string }[];
    };
    expect(sources.map((s) => [s.source, s.outcome])).toEqual([
      ['celestrak:stations', 'skipped'],
      ['celestrak:visual', 'skipped'],
    ]);
    expect(sources[1]!.reason).toMatch(
      /^backing off after 1 failed attempt in a row \(last: HTTP 500/,
    );
    const forced = await cli(['refresh', '--source', 'stations', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(
      /^Source {14}Outcome {2}Objects {2}Detail\ncelestrak:stations {2}skipped {11}fetched less than 120 min ago/,
    );
    expect(server.count('GROUP=stations')).toBe(1);
  });

  it('refresh refuses unknown sources and bad flags', async () => {
    expect(await cli(['refresh', '--source', 'nope'])).toMatchObject({
      code: 2,
      stderr: 'passwatch: no source "nope"; configured: celestrak:stations, celestrak:visual\n',
    });
    expect(await cli(['refresh', '--accept-drop'])).toMatchObject({
      code: 2,
      stderr:
        'passwatch: --accept-drop needs --source NAME: accept a drop for one source at a time\n',
    });
    const bad = await cli(['refresh', '--everything']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/see "passwatch help refresh"\n$/);
  });

  it('catalog shows counts, stale objects and the sources', async () => {
    const { code, stdout } = await cli(['catalog', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const stations = (
      JSON.parse(fixture('catalog/satvisor-stations.json')) as { NORAD_CAT_ID: number }[]
    ).map((r) => r.NORAD_CAT_ID);
    const union = new Set([...stations, ...readSnapshot().manifest.groups.visual!]);
    expect(report).toMatchObject({ objects: union.size, staleAfterDays: 14 });
    expect(report.stale).toBe(report.objects);
    expect(report.sources).toMatchObject([
      { source: 'celestrak:stations', origin: 'network', objects: 28, lastOutcome: 'updated' },
      {
        source: 'celestrak:visual',
        origin: 'snapshot',
        objects: 157,
        lastOutcome: 'failed',
        failures: 1,
      },
    ]);
    const table = await cli(['catalog']);
    expect(table.stdout).toMatch(
      /^\d+ objects, \d+ stale \(elements older than 14 days\); median element age \d+\.\d days\n/,
    );
  });
});
