/**
 * `passwatch import FILE [--group NAME]`: a TLE/3LE/OMM file into the data directory's store,
 * picked up by a running server within seconds, listed by `passwatch catalog` with its file.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/catalog/service/index.js';
import { startPasswatch } from '../../src/main.js';
import { fixture, ommJson, TestClock, tempDir, testConfig } from '../catalog/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));
const STATIONS_JSON = fixture('catalog/satvisor-stations.json');
/** The stations group with the ISS at a newer epoch than the bundled snapshot's. */
const NEWER = ommJson(STATIONS_JSON, (records) =>
  records.map((r) => (r.NORAD_CAT_ID === 25544 ? { ...r, EPOCH: '2026-11-20T00:00:00' } : r)),
);

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops) await s();
  stops = [];
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  return promisify(execFile)(process.execPath, [BIN, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('passwatch import', () => {
  it('loads a file that a running server picks up within seconds', async () => {
    const clock = new TestClock(Date.parse('2026-11-24T12:00:00Z'));
    const config = testConfig({ PASSWATCH_GROUPS: 'stations' });
    const handle = await startPasswatch({
      config,
      clock: clock.now,
      log: () => {},
      schedule: false,
      refreshOnStart: false,
      alerts: false,
    });
    stops.push(() => handle.stop());
    const before = handle.catalog.get(25544)!;
    expect(before.stale).toBe(true);
    const file = join(tempDir(), 'stations.json');
    writeFileSync(file, NEWER);

    const report = importFile(file, { config, clock: clock.now, group: 'mine' });
    expect(report).toMatchObject({
      source: 'import:stations.json',
      path: file,
      group: 'mine',
      elements: JSON.parse(STATIONS_JSON).length,
      issues: [],
    });
    // The server notices the store changed (it checks every 5 s) and serves the new elements.
    const deadline = Date.now() + 30_000;
    while (handle.catalog.get(25544)!.elements.epochIso === before.elements.epochIso) {
      if (Date.now() > deadline) throw new Error('the server did not pick the import up');
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = handle.catalog.get(25544)!;
    expect(after.elements.epochIso).toBe('2026-11-20T00:00:00.000000Z');
    expect(after.stale).toBe(false);
    expect(after.source).toBe('import:stations.json');
    expect(after.groups).toContain('mine');
    expect(handle.catalog.hasGroup('mine')).toBe(true);
  }, 60_000);

  it('from the command line: imported, then listed by file, and kept across restarts', async () => {
    const dir = tempDir();
    const env = { ...process.env, PASSWATCH_DATA_DIR: dir, PASSWATCH_GROUPS: 'stations' };
    const file = join(tempDir(), 'mine.tle');
    writeFileSync(file, fixture('elements/amateur.tle'));
    const imported = await cli(['import', file, '--group', 'radio', '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      source: 'import:mine.tle',
      group: 'radio',
      issues: [],
    });
    const { stdout, code } = await cli(['catalog', '--json'], env);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const mine = report.sources.find((s: { source: string }) => s.source === 'import:mine.tle');
    expect(mine).toMatchObject({ origin: 'file', location: file, lastOutcome: 'updated' });
    expect(mine.origin).not.toBe('network');
    expect(report.groups.map((g: { name: string }) => g.name)).toContain('radio');
    const table = await cli(['catalog'], env);
    expect(table.stdout).toMatch(
      new RegExp(
        `import:mine\\.tle\\s+\\d+\\s+file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`,
      ),
    );
  }, 120_000);

  it('refuses a file without element sets and bad usage, with one line and a non-zero exit', async () => {
    const env = { ...process.env, PASSWATCH_DATA_DIR: tempDir() };
    const junk = join(tempDir(), 'junk.txt');
    writeFileSync(junk, 'hello\n');
    expect(await cli(['import', junk], env)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^passwatch: no valid element set in .*junk\.txt: line 0: unrecognised element-set format.*nothing was imported\n$/,
      ),
    });
    expect(await cli(['import'], env)).toMatchObject({
      code: 2,
      stderr: 'passwatch: give exactly one FILE to import; see "passwatch help import"\n',
    });
  }, 120_000);
});
