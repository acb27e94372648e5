import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const STATIONS = fileURLToPath(new URL('../fixtures/elements/stations.tle', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));
const BASE = ['--elements', STATIONS, '--sat', '25544', '--lat', '52', '--lon', '5'];
const WINDOW = ['--start', '2026-08-21T12:00:00Z', '--days', '3'];

const run = (args: string[]) => runCli(['passes', ...args], Date.parse('2026-08-21T12:00:00Z'));

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_OFFSET_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

describe('passwatch passes --json', () => {
  it('prints the pass objects with ISO UTC times to the millisecond', async () => {
    const { code, out, err } = await run([...BASE, ...WINDOW, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const { passes } = JSON.parse(out);
    expect(passes.length).toBeGreaterThan(10);
    const p = passes[0];
    expect(Object.keys(p)).toEqual(
      expect.arrayContaining([
        'noradId',
        'name',
        'aos',
        'tca',
        'los',
        'maxElevation',
        'durationSeconds',
        'truncated',
        'visible',
        'elementsEpoch',
        'elementsAgeDays',
      ]),
    );
    expect(p.noradId).toBe(25544);
    expect(p.name).toBe('ISS (ZARYA)');
    for (const key of ['aos', 'tca', 'los']) {
      expect(Object.keys(p[key]).sort()).toEqual(['azimuth', 'elevation', 'rangeKm', 'time']);
      expect(p[key].time).toMatch(ISO_UTC_MS);
    }
    expect(p.elementsEpoch).toBe('2026-08-21T12:47:44.736288Z');
    const visible = passes.flatMap((x: { visible: unknown[] }) => x.visible);
    expect(visible.length).toBeGreaterThan(0);
    expect(visible[0]).toMatchObject({ start: { time: expect.stringMatching(ISO_UTC_MS) } });
  });

  it('renders local times with the zone offset under --tz', async () => {
    const utc = JSON.parse((await run([...BASE, ...WINDOW, '--json'])).out).passes[0];
    const local = JSON.parse(
      (await run([...BASE, ...WINDOW, '--json', '--tz', 'Europe/Amsterdam'])).out,
    ).passes[0];
    expect(local.aos.time).toMatch(ISO_OFFSET_MS);
    expect(local.aos.time.endsWith('+02:00')).toBe(true);
    expect(Date.parse(local.aos.time)).toBe(Date.parse(utc.aos.time));
  });

  it('keeps only passes with a visible part under --visible-only', async () => {
    const all = JSON.parse((await run([...BASE, ...WINDOW, '--json'])).out).passes;
    const vis = JSON.parse(
      (await run([...BASE, ...WINDOW, '--json', '--visible-only'])).out,
    ).passes;
    expect(vis.length).toBeGreaterThan(0);
    expect(vis.length).toBeLessThan(all.length);
    for (const p of vis) expect(p.visible.length).toBeGreaterThan(0);
  });
});

describe('passwatch passes table', () => {
  it('prints a table with compass points and local times', async () => {
    const { code, out } = await run([...BASE, ...WINDOW, '--tz', 'Europe/Amsterdam']);
    expect(code).toBe(0);
    expect(out).toContain('ISS (ZARYA) (25544)');
    expect(out).toContain('Europe/Amsterdam');
    expect(out).toMatch(
      /\d{2}:\d{2}:\d{2} {2}\s*\d+° (N|NNE|NE|ENE|E|ESE|SE|SSE|S|SSW|SW|WSW|W|WNW|NW|NNW)\b/,
    );
  });
});

describe('passwatch passes: magnitude sources and stars', () => {
  // POISK (36086) is docked to the ISS (same elements); its standard magnitude is an estimate,
  // the ISS's is observed (MMT-9).
  const BOTH = ['--elements', STATIONS, '--sat', '25544,36086', '--lat', '52', '--lon', '5'];
  const VISIBLE = [...WINDOW, '--visible-only', '--max-magnitude', '9'];

  it('marks estimated magnitudes with ≈ in the table and says so under it', async () => {
    const { code, out } = await run([...BOTH, ...VISIBLE]);
    expect(code).toBe(0);
    const rows = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));
    const poisk = rows.filter((l) => l.includes(' 36086 '));
    const iss = rows.filter((l) => l.includes(' 25544 '));
    expect(poisk.length).toBeGreaterThan(0);
    expect(poisk.length).toBe(iss.length);
    for (const l of poisk) expect(l).toMatch(/ ≈-?\d+\.\d /);
    for (const l of iss) expect(l).not.toContain('≈');
    expect(out).toContain('≈ estimated: no observed or catalogued standard magnitude');
    // A table without estimates has no such note.
    const issOnly = (await run([...BASE, ...VISIBLE])).out;
    expect(issOnly).not.toContain('≈');
  });

  it('says where each visible part starts and ends among the stars, as the JSON does', async () => {
    const table = (await run([...BASE, ...VISIBLE])).out;
    const json = JSON.parse((await run([...BASE, ...VISIBLE, '--json'])).out).passes;
    expect(table.split('\n')[2]).toMatch(/ Stars$/);
    const texts = json.map((p: { visible: { nearStars: { text: string | null } }[] }) =>
      p.visible.map((v) => v.nearStars.text).filter((t) => t !== null),
    );
    const withText = texts.filter((t: string[]) => t.length > 0);
    expect(withText.length).toBeGreaterThan(0);
    const rows = table.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));
    expect(rows).toHaveLength(json.length);
    rows.forEach((row, i) => {
      if (texts[i].length > 0) expect(row.endsWith(texts[i].join('; '))).toBe(true);
    });
    expect(withText.flat()[0]).toMatch(
      /^(from|to) (\d+° (above|below|left of|right of) |at )?[A-Z]/,
    );
  });

  it('gives each pass its magnitude source in --json', async () => {
    const { passes } = JSON.parse((await run([...BOTH, ...VISIBLE, '--json'])).out);
    const sourceOf = new Map(
      passes.map((p: { noradId: number; magnitudeSource: string }) => [
        p.noradId,
        p.magnitudeSource,
      ]),
    );
    expect(Object.fromEntries(sourceOf)).toEqual({ 25544: 'observed', 36086: 'estimated' });
  });
});

describe('passwatch passes refuses bad input with one clear line', () => {
  const cases: [string, string[], RegExp][] = [
    ['a start without offset', ['--start', '2026-08-21T12:00:00'], /no UTC offset.*add "Z"/],
    ['a latitude out of range', ['--lat', '95'], /--lat must be between -90 and 90 \(got 95\)/],
    ['a longitude that is not a number', ['--lon', 'east'], /--lon "east" is not a number/],
    [
      'an unknown zone',
      ['--tz', 'Mars/Olympus'],
      /--tz "Mars\/Olympus" is not a known IANA time zone/,
    ],
    [
      'a minimum elevation out of range',
      ['--min-elevation', '-10'],
      /--min-elevation must be between -5 and 90/,
    ],
    ['both --end and --days', ['--end', '2026-08-22T00:00:00Z'], /either --end or --days/],
    ['an unknown flag', ['--frobnicate'], /Unknown option '--frobnicate'/],
  ];
  for (const [what, extra, message] of cases) {
    it(`refuses ${what}`, async () => {
      const args = [...BASE, ...WINDOW];
      // Later flags override earlier ones for single-valued options.
      const { code, out, err } = await run([...args, ...extra]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(message);
    });
  }

  it('refuses an unknown satellite', async () => {
    const { code, err } = await run([
      ...BASE.slice(0, 2),
      '--sat',
      '99999',
      '--lat',
      '52',
      '--lon',
      '5',
      ...WINDOW,
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/no element set for NORAD 99999/);
  });

  it('refuses an unreadable file', async () => {
    const { code, err } = await run([
      '--elements',
      '/nonexistent/x.tle',
      ...BASE.slice(2),
      ...WINDOW,
    ]);
    expect(code).toBe(1);
    expect(err.trim()).toBe('passwatch: cannot read --elements /nonexistent/x.tle (ENOENT)');
  });

  it('loads the good records of a damaged file and reports each bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passwatch-cli-'));
    const file = join(dir, 'mixed.tle');
    writeFileSync(
      file,
      [
        'BROKEN',
        '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9990',
        '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884',
        'ISS (ZARYA)',
        '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995',
        '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884',
      ].join('\n'),
    );
    const { code, out, err } = await run([
      '--elements',
      file,
      ...BASE.slice(2),
      ...WINDOW,
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out).passes.length).toBeGreaterThan(0);
    expect(err).toMatch(/mixed\.tle:2.*checksum/);
  });
});

describe('the installed command', () => {
  it('runs from bin/ without a build step', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--help']);
    expect(stdout).toContain('passwatch passes');
  });
});

describe('passwatch passes --all', () => {
  const AMATEUR = fileURLToPath(new URL('../fixtures/elements/amateur.tle', import.meta.url));
  const ALL = ['--elements', AMATEUR, '--all', '--lat', '52', '--lon', '5'];
  const DAY1 = ['--start', '2026-08-21T12:00:00Z', '--days', '1'];

  it('counts every pass of every object and says how long it took', async () => {
    const { code, out, err } = await run([...ALL, ...DAY1, '--count', '--threads', '0']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^\d+ passes of 96 objects in \d+\.\d\d s \(read \d+\.\d\d s, search \d+\.\d\d s\)\n$/,
    );
    const n = Number(out.split(' ')[0]);
    expect(n).toBeGreaterThan(300);
    // Worker threads find the same passes.
    const threaded = await run([...ALL, ...DAY1, '--count', '--threads', '2']);
    expect(threaded.code).toBe(0);
    expect(Number(threaded.out.split(' ')[0])).toBe(n);
    // As JSON, with the time split and the SGP4 evaluations.
    const summary = JSON.parse((await run([...ALL, ...DAY1, '--count', '--json'])).out);
    expect(summary).toMatchObject({ passes: n, objects: 96, errors: 0 });
    expect(summary.seconds).toBeGreaterThanOrEqual(summary.searchSeconds);
    expect(summary.evaluations).toBeGreaterThan(0);
  });

  it('prints them all as pass objects, without visibility unless asked', async () => {
    const { code, out } = await run([...ALL, ...DAY1, '--json', '--threads', '0']);
    expect(code).toBe(0);
    const { passes, errors } = JSON.parse(out);
    const count = Number(
      (await run([...ALL, ...DAY1, '--count', '--threads', '0'])).out.split(' ')[0],
    );
    expect(passes).toHaveLength(count);
    expect(errors).toEqual([]);
    const iss = passes.filter((p: { noradId: number }) => p.noradId === 25544);
    expect(iss.length).toBeGreaterThan(3);
    expect(Object.keys(iss[0]).sort()).toEqual(
      [
        'aos',
        'culminations',
        'durationSeconds',
        'elementsAgeDays',
        'elementsEpoch',
        'elementsWarning',
        'los',
        'magnitudeSource',
        'maxElevation',
        'name',
        'noradId',
        'stale',
        'tca',
        'truncated',
        'visible',
      ].sort(),
    );
    expect(iss[0].aos.time).toMatch(ISO_UTC_MS);
    expect(iss[0].magnitudeSource).toBe('observed');
    for (const p of passes) expect(p.visible).toEqual([]);
    // The single-satellite command gives the same ISS passes.
    const single = JSON.parse(
      (
        await run([
          '--elements',
          AMATEUR,
          '--sat',
          '25544',
          '--lat',
          '52',
          '--lon',
          '5',
          ...DAY1,
          '--json',
        ])
      ).out,
    ).passes;
    expect(iss.length).toBe(single.length);
    for (const [i, p] of iss.entries()) {
      expect(Math.abs(Date.parse(p.aos.time) - Date.parse(single[i].aos.time))).toBeLessThan(500);
      expect(Math.abs(Date.parse(p.tca.time) - Date.parse(single[i].tca.time))).toBeLessThan(500);
    }
    // --visible-only computes visibility and keeps the passes with a visible part.
    const visible = JSON.parse(
      (await run([...ALL, ...DAY1, '--json', '--visible-only', '--threads', '0'])).out,
    ).passes;
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(passes.length);
    for (const p of visible) expect(p.visible.length).toBeGreaterThan(0);
  });

  it('reports objects SGP4 cannot propagate and keeps going', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passwatch-all-'));
    const file = join(dir, 'mixed.tle');
    const [iss, decaying] = [
      [
        'ISS (ZARYA)',
        '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995',
        '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884',
      ],
      [
        'STARLINK-1623',
        '1 46129U 20057N   26234.04467711  .12899124  12521-4  29275-3 0  9992',
        '2 46129  53.0137 151.0676 0006200 263.2231  96.8112 16.46115981332991',
      ],
    ];
    writeFileSync(file, [...decaying!, ...iss!].join('\n'));
    const { code, out, err } = await run([
      '--elements',
      file,
      '--all',
      '--lat',
      '52',
      '--lon',
      '5',
      '--start',
      '2026-08-22T00:00:00Z',
      '--days',
      '3',
      '--json',
      '--threads',
      '0',
    ]);
    expect(code).toBe(0);
    const { passes, errors } = JSON.parse(out);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ noradId: 46129, name: 'STARLINK-1623' });
    expect(errors[0].time).toMatch(ISO_UTC_MS);
    expect(err).toMatch(/warning: NORAD 46129 at .*passes after it cannot be predicted/);
    const failAt = Date.parse(errors[0].time);
    const starlink = passes.filter((p: { noradId: number }) => p.noradId === 46129);
    expect(starlink.length).toBeGreaterThan(0);
    for (const p of starlink) expect(Date.parse(p.tca.time)).toBeLessThan(failAt);
    expect(passes.some((p: { noradId: number }) => p.noradId === 25544)).toBe(true);
  });

  it('refuses inconsistent flags with one clear line', async () => {
    const cases: [string[], RegExp][] = [
      [[...ALL, '--sat', '25544', '--count'], /either --sat\/--group or --all/],
      [[...ALL], /--all prints --count or --json/],
      [[...BASE, '--count'], /--count goes with --all/],
      [[...ALL, '--count', '--threads', 'many'], /--threads "many" is not a number/],
    ];
    for (const [args, message] of cases) {
      const { code, out, err } = await run([...args, ...DAY1]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(message);
    }
  });

  it('says in --help that --all skips visibility', async () => {
    const { out } = await run(['--help']);
    expect(out).toMatch(/--all .*every object/);
    expect(out).toMatch(/Visibility is skipped/);
  });
});
