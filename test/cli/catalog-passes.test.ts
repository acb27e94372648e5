/**
 * `passwatch passes` as predict and Gpredict users expect (issue 10): the catalog of the data
 * directory when --elements is not given, named observers, several satellites or a group in one
 * table in time order, --start read in --tz, --min-peak-elevation, visible = bright enough.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../catalog/helpers.js';
import { runCli } from './helpers.js';

const NOW = Date.parse('2026-08-22T12:00:00Z');
const HOME = { lat: 52, lon: 5, alt: 10, minElevation: 5, timezone: 'Europe/Amsterdam' };
let dataDir: string;

beforeEach(() => {
  dataDir = tempDir();
  vi.stubEnv('PASSWATCH_DATA_DIR', dataDir);
  vi.stubEnv('PASSWATCH_CONFIG', '');
  vi.stubEnv('PASSWATCH_OBSERVERS', JSON.stringify({ home: HOME }));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const run = (args: string[]) => runCli(['passes', ...args], NOW);

const json = async (args: string[]) => {
  const r = await run([...args, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out).passes as {
    noradId: number;
    aos: { time: string; elevation: number } | null;
    tca: { time: string };
    maxElevation: number;
    visible: { brightestMagnitude: number | null }[];
    elementsEpoch: string;
  }[];
};
const WHERE = ['--lat', '52', '--lon', '5'];
const WINDOW = ['--start', '2026-08-22T00:00:00Z', '--days', '2'];

describe('passwatch passes without --elements reads the catalog of the data directory', () => {
  it('loads the store (the snapshot into it when empty) and predicts from its elements', async () => {
    const passes = await json(['--sat', '25544', ...WHERE, ...WINDOW]);
    expect(passes.length).toBeGreaterThan(5);
    expect(passes[0]!.elementsEpoch).toBe('2026-08-21T12:47:44.736288Z');
    expect(existsSync(join(dataDir, 'passwatch.sqlite'))).toBe(true);
  });

  it('says so when the store is empty and the snapshot is off', async () => {
    vi.stubEnv('PASSWATCH_SNAPSHOT', 'false');
    const r = await run(['--sat', '25544', ...WHERE, ...WINDOW]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^passwatch: the catalog in .* is empty; run "passwatch refresh" or give --elements FILE\n$/,
    );
  });

  it('names an unknown satellite or group in one line', async () => {
    const sat = await run(['--sat', '25544,999999', ...WHERE, ...WINDOW]);
    expect(sat.code).toBe(1);
    expect(sat.err).toMatch(/no satellite with NORAD id 999999/);
    const group = await run(['--group', 'nope', ...WHERE, ...WINDOW]);
    expect(group.code).toBe(2);
    expect(group.err).toMatch(/no group named "nope"; known groups: .*visual/);
  });
});

describe('several satellites or a group in one table, in time order', () => {
  it('merges --sat 25544,43017 by time', async () => {
    const passes = await json(['--sat', '25544,43017', ...WHERE, ...WINDOW]);
    expect(new Set(passes.map((p) => p.noradId))).toEqual(new Set([25544, 43017]));
    const starts = passes.map((p) => Date.parse((p.aos ?? p.tca).time));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const table = await run(['--sat', '25544,43017', ...WHERE, ...WINDOW]);
    expect(table.code).toBe(0);
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(/^2 satellites from 52\.0000°N 5\.0000°E 0 m/);
    expect(lines[1]).toMatch(/^Date\s+AOS\s+Satellite\s+NORAD/);
    expect(lines.filter((l) => /ISS \(ZARYA\)\s+25544/.test(l)).length).toBeGreaterThan(3);
    expect(lines.filter((l) => /43017/.test(l)).length).toBeGreaterThan(3);
  });

  it('lists a group; visible passes are bright enough to see (magnitude at most the limit)', async () => {
    const night = ['--start', '2026-08-22T20:00:00Z', '--days', '0.2'];
    const passes = await json(['--group', 'visual', ...WHERE, ...night, '--visible-only']);
    expect(new Set(passes.map((p) => p.noradId)).size).toBeGreaterThan(10);
    for (const p of passes) {
      expect(p.visible.length).toBeGreaterThan(0);
      for (const v of p.visible) expect(v.brightestMagnitude).toBeLessThanOrEqual(6);
    }
    const bright = await json([
      '--group',
      'visual',
      ...WHERE,
      ...night,
      '--visible-only',
      '--max-magnitude',
      '3',
    ]);
    expect(bright.length).toBeLessThan(passes.length);
    for (const p of bright)
      for (const v of p.visible) expect(v.brightestMagnitude).toBeLessThanOrEqual(3);
  });
});

describe('named observers and time zones', () => {
  it('--observer home uses its position, minElevation and zone', async () => {
    const named = await json(['--sat', '25544', '--observer', 'home', ...WINDOW]);
    const explicit = await json([
      '--sat',
      '25544',
      '--lat',
      '52',
      '--lon',
      '5',
      '--alt',
      '10',
      '--min-elevation',
      '5',
      '--tz',
      'Europe/Amsterdam',
      ...WINDOW,
    ]);
    expect(named).toEqual(explicit);
    expect(named[0]!.aos!.time).toMatch(/\+02:00$/);
    expect(named[0]!.aos!.elevation).toBeCloseTo(5, 1);
  });

  it('refuses an unknown observer, listing the configured ones, and --observer with --lat', async () => {
    const r = await run(['--sat', '25544', '--observer', 'work', ...WINDOW]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('passwatch: no observer named "work"; configured observers: home\n');
    const both = await run(['--sat', '25544', '--observer', 'home', '--lat', '1', ...WINDOW]);
    expect(both.code).toBe(2);
  });

  it('reads --start without an offset in --tz, and refuses it with the fix when no zone is given', async () => {
    const local = await json([
      '--sat',
      '25544',
      ...WHERE,
      '--start',
      '2026-08-22T02:00',
      '--tz',
      'Europe/Amsterdam',
      '--days',
      '1',
    ]);
    const utc = await json([
      '--sat',
      '25544',
      ...WHERE,
      '--start',
      '2026-08-22T00:00:00Z',
      '--tz',
      'Europe/Amsterdam',
      '--days',
      '1',
    ]);
    expect(local).toEqual(utc);
    const refused = await run(['--sat', '25544', ...WHERE, '--start', '2026-08-22T02:00']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/has no UTC offset.*add "Z" for UTC .*or give --tz ZONE/);
  });
});

describe('--min-peak-elevation filters on the highest point; --min-elevation moves AOS/LOS', () => {
  it('keeps AOS/LOS at the threshold', async () => {
    const all = await json(['--sat', '25544', ...WHERE, ...WINDOW]);
    const high = await json(['--sat', '25544', ...WHERE, ...WINDOW, '--min-peak-elevation', '40']);
    expect(high).toEqual(all.filter((p) => p.maxElevation >= 40));
    expect(high.length).toBeGreaterThan(0);
    expect(high.length).toBeLessThan(all.length);
    const bad = await run(['--sat', '25544', ...WHERE, ...WINDOW, '--min-peak-elevation', '91']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--min-peak-elevation/);
  });
});
