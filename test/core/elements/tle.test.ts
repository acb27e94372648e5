import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTle, tleChecksum } from '../../../src/core/elements/index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/elements/${name}`, import.meta.url), 'utf8');

/** Vallado's example set (SGP4-VER.TLE, python-sgp4 tests), checksums 3 and 7. */
const L1 = '1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753';
const L2 = '2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667';

const ISS_1 = '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995';
const ISS_2 = '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884';

/** Replace columns [start, start + text.length) (0-based) and recompute the checksum. */
function edit(line: string, start: number, text: string): string {
  const body = line.slice(0, start) + text + line.slice(start + text.length, 68);
  return body + tleChecksum(body);
}

describe('tleChecksum', () => {
  it('sums digits, counts "-" as 1 and ignores everything else, modulo 10', () => {
    expect(tleChecksum(L1)).toBe(3);
    expect(tleChecksum(L2)).toBe(7);
    expect(
      tleChecksum('1 04632U 70093B   04031.91070959 -.00000084  00000-0  10000-3 0  9955'),
    ).toBe(5);
    expect(tleChecksum(`${'-'.repeat(7)}${' '.repeat(61)}`)).toBe(7);
    expect(tleChecksum(`${'A+.U'.repeat(17)}`)).toBe(0);
  });
});

describe('parseTle: fields', () => {
  const { elements, issues } = parseTle(`VANGUARD 1\n${L1}\n${L2}\n`, 'vallado');
  const el = elements[0]!;

  it('reads every field of a 3-line set', () => {
    expect(issues).toEqual([]);
    expect(el).toMatchObject({
      noradId: 5,
      name: 'VANGUARD 1',
      intlDesignator: '1958-002B',
      classification: 'U',
      meanMotionRevPerDay: 10.82419157,
      eccentricity: 0.1859667,
      inclinationDeg: 34.2682,
      raanDeg: 348.7242,
      argPerigeeDeg: 331.7664,
      meanAnomalyDeg: 19.3264,
      bstar: 0.28098e-4,
      meanMotionDot: 0.00000023,
      meanMotionDdot: 0,
      elementSetNo: 475,
      revAtEpoch: 41366,
      ephemerisType: 0,
      source: 'vallado',
      format: 'tle',
      tle: { line1: L1, line2: L2 },
    });
  });

  it('keeps the epoch with its full fractional precision and as ISO with microseconds', () => {
    expect(el.epochMs).toBe(Date.UTC(2000, 0, 1) + (179.78495062 - 1) * 86_400_000);
    expect(Number.isInteger(el.epochMs)).toBe(false);
    expect(el.epochIso).toBe('2000-06-27T18:50:19.733568Z');
  });

  it('reads implied-exponent n-ddot and B*, including negative values', () => {
    const line1 = '1 16925U 86065D   06151.67415771  .02550794 -30915-6  18784-3 0  4486';
    const line2 = '2 16925  62.0906 295.0239 5596327 245.1593  47.9690  4.88511875148616';
    const [a] = parseTle(`${line1}\n${line2}`, 't').elements;
    expect(a?.meanMotionDdot).toBeCloseTo(-0.30915e-6, 15);
    expect(a?.bstar).toBeCloseTo(0.18784e-3, 15);
    const negative = edit(line1, 53, '-13525-3');
    const [b] = parseTle(`${negative}\n${line2}`, 't').elements;
    expect(b?.bstar).toBeCloseTo(-0.13525e-3, 15);
  });

  it('maps two-digit years 57-99 to 19YY and 00-56 to 20YY', () => {
    const year = (yy: string) =>
      new Date(parseTle(`${edit(ISS_1, 18, yy)}\n${ISS_2}`, 't').elements[0]!.epochMs)
        .toISOString()
        .slice(0, 4);
    expect(year('57')).toBe('1957');
    expect(year('99')).toBe('1999');
    expect(year('00')).toBe('2000');
    expect(year('56')).toBe('2056');
  });

  it('writes the international designator in COSPAR form, or null when blank', () => {
    const triple = edit(ISS_1, 9, '85108AA ');
    expect(parseTle(`${triple}\n${ISS_2}`, 't').elements[0]?.intlDesignator).toBe('1985-108AA');
    const blank = edit(ISS_1, 9, '        ');
    expect(parseTle(`${blank}\n${ISS_2}`, 't').elements[0]?.intlDesignator).toBeNull();
  });

  it('decodes Alpha-5 catalogue numbers on both lines', () => {
    const decode = (cat: string) =>
      parseTle(`${edit(ISS_1, 2, cat)}\n${edit(ISS_2, 2, cat)}`, 't').elements[0]?.noradId;
    expect(decode('A0000')).toBe(100_000);
    expect(decode('Z9999')).toBe(339_999);
    expect(decode('J1234')).toBe(181_234);
  });

  it('returns null for blank element set and revolution numbers', () => {
    const line1 = '1 11801U          80230.29629788  .01431103  00000-0  14311-1      13';
    const line2 = edit(
      '2 11801  46.7916 230.4354 7318036  47.4722  10.4117  2.28537848    13',
      63,
      '     ',
    );
    const [el] = parseTle(`${edit(line1, 64, '    ')}\n${line2}`, 't').elements;
    expect(el?.elementSetNo).toBeNull();
    expect(el?.revAtEpoch).toBeNull();
    expect(el?.intlDesignator).toBeNull();
  });
});

describe('parseTle: layout', () => {
  it('accepts CRLF, blank lines, padded names and trailing whitespace', () => {
    const text = `\r\n  ISS (ZARYA)             \r\n\r\n${ISS_1}   \r\n${ISS_2}\t\r\n\r\n`;
    const { elements, issues } = parseTle(text, 't');
    expect(issues).toEqual([]);
    expect(elements).toHaveLength(1);
    expect(elements[0]?.name).toBe('ISS (ZARYA)');
    expect(elements[0]?.tle).toEqual({ line1: ISS_1, line2: ISS_2 });
  });

  it('strips the "0 " prefix of Space-Track 3LE name lines', () => {
    const { elements } = parseTle(`0 ISS (ZARYA)\n${ISS_1}\n${ISS_2}`, 't');
    expect(elements[0]?.name).toBe('ISS (ZARYA)');
  });

  it('accepts 2-line sets with an empty name, mixed with 3-line sets', () => {
    const text = [L1, L2, 'ISS (ZARYA)', ISS_1, ISS_2, L1, L2].join('\n');
    const { elements, issues } = parseTle(text, 't');
    expect(issues).toEqual([]);
    expect(elements.map((e) => [e.noradId, e.name])).toEqual([
      [5, ''],
      [25544, 'ISS (ZARYA)'],
      [5, ''],
    ]);
  });

  it('loads the CelesTrak fixture files (CRLF and LF) without a single issue', () => {
    const counts: Record<string, number> = {
      'stations.tle': 21,
      'amateur.tle': 96,
      'satvisor-amateur.tle': 96,
      'active-slice.tle': 312,
    };
    for (const [file, count] of Object.entries(counts)) {
      const { elements, issues } = parseTle(fixture(file), file);
      expect(issues, file).toEqual([]);
      expect(elements, file).toHaveLength(count);
    }
  });
});

describe('parseTle: bad records', () => {
  it('reports a checksum mismatch with the expected and found digits and its line', () => {
    const bad = `${ISS_2.slice(0, 68)}1`;
    const { elements, issues } = parseTle(`ISS\n${ISS_1}\n${bad}\n`, 't');
    expect(elements).toEqual([]);
    expect(issues).toEqual([
      { line: 3, noradId: 25544, reason: 'checksum mismatch on line 2: expected 4, found 1' },
    ]);
  });

  it('accepts a checksum mismatch when verification is turned off', () => {
    const bad = `${ISS_1.slice(0, 68)}0`;
    const { elements, issues } = parseTle(`${bad}\n${ISS_2}`, 't', { verifyChecksum: false });
    expect(issues).toEqual([]);
    expect(elements[0]?.tle?.line1).toBe(bad);
  });

  it('rejects a non-digit checksum column', () => {
    const { issues } = parseTle(`${ISS_1.slice(0, 68)}X\n${ISS_2}`, 't');
    expect(issues[0]?.reason).toBe('line 1 checksum column holds "X", expected the digit 5');
  });

  it('rejects lines that are not 69 characters long', () => {
    const short = parseTle(`${ISS_1.slice(0, 68)}\n${ISS_2}`, 't').issues;
    expect(short).toEqual([
      { line: 1, noradId: 25544, reason: 'line 1 has 68 characters, expected 69' },
    ]);
    const long = parseTle(`${ISS_1}\n${ISS_2}0`, 't').issues;
    expect(long[0]).toMatchObject({ line: 2, reason: 'line 2 has 70 characters, expected 69' });
  });

  it('rejects line 1 and line 2 that carry different catalogue numbers', () => {
    const other = edit(ISS_2, 2, '25545');
    expect(parseTle(`${ISS_1}\n${other}`, 't').issues).toEqual([
      {
        line: 2,
        noradId: 25544,
        reason: 'catalogue number mismatch: line 1 has 25544, line 2 has 25545',
      },
    ]);
  });

  it('rejects catalogue fields that are not digits or Alpha-5 (I and O are not used)', () => {
    for (const cat of ['I0000', 'O0000', 'a0000', '25X44']) {
      const { elements, issues } = parseTle(`${edit(ISS_1, 2, cat)}\n${edit(ISS_2, 2, cat)}`, 't');
      expect(elements).toEqual([]);
      expect(issues[0]?.reason).toContain(`unparsable catalogue number "${cat}"`);
    }
  });

  it('rejects ephemeris type 4 (SGP4-XP) with a reason naming the type', () => {
    const xp = edit(ISS_1, 62, '4');
    expect(parseTle(`${xp}\n${ISS_2}`, 't').issues).toEqual([
      {
        line: 1,
        noradId: 25544,
        reason:
          'ephemeris type 4 (SGP4-XP) is not supported; only type 0 (SGP4) element sets can be propagated',
      },
    ]);
    expect(parseTle(`${edit(ISS_1, 62, '2')}\n${ISS_2}`, 't').issues[0]?.reason).toMatch(
      /^ephemeris type 2 is not supported/,
    );
  });

  it('accepts a blank ephemeris type as type 0', () => {
    const { elements, issues } = parseTle(`${edit(ISS_1, 62, ' ')}\n${ISS_2}`, 't');
    expect(issues).toEqual([]);
    expect(elements[0]?.ephemerisType).toBe(0);
  });

  it('names each unparsable field', () => {
    const cases: [string, string, string][] = [
      [edit(ISS_1, 18, '26A33.53315667'), ISS_2, 'unparsable epoch "26A33.53315667"'],
      [edit(ISS_1, 18, '26367.00000000'), ISS_2, 'unparsable epoch'],
      [edit(ISS_1, 33, ' .0000x864'), ISS_2, 'unparsable mean motion derivative (n-dot)'],
      [edit(ISS_1, 44, ' 0000+0 '), ISS_2, 'unparsable mean motion second derivative (n-ddot)'],
      [edit(ISS_1, 53, ' 16558 3'), ISS_2, 'unparsable B* drag term " 16558 3"'],
      [edit(ISS_1, 9, '98-67A  '), ISS_2, 'unparsable international designator'],
      [edit(ISS_1, 7, '$'), ISS_2, 'unparsable classification "$"'],
      [ISS_1, edit(ISS_2, 8, ' 51.63x1'), 'unparsable inclination'],
      [ISS_1, edit(ISS_2, 26, '00076 3'), 'unparsable eccentricity "00076 3"'],
      [ISS_1, edit(ISS_2, 52, '15.4955186x'), 'unparsable mean motion "15.4955186x"'],
      [ISS_1, edit(ISS_2, 63, '5818x'), 'unparsable revolution number at epoch'],
    ];
    for (const [line1, line2, reason] of cases) {
      const { elements, issues } = parseTle(`${line1}\n${line2}`, 't');
      expect(elements).toEqual([]);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.reason).toContain(reason);
    }
  });

  it('rejects physically impossible elements', () => {
    const cases: [string, string][] = [
      [edit(ISS_2, 8, '180.0001'), 'inclination 180.0001 deg is outside [0, 180]'],
      [edit(ISS_2, 52, ' 0.00000000'), 'mean motion 0 rev/day is not positive'],
      [edit(ISS_2, 52, '-1.00000000'), 'mean motion -1 rev/day is not positive'],
    ];
    for (const [line2, reason] of cases) {
      expect(parseTle(`${ISS_1}\n${line2}`, 't').issues).toEqual([
        { line: 2, noradId: 25544, reason },
      ]);
    }
  });

  it('reports orphan lines and names instead of dropping them', () => {
    const text = ['LONELY NAME', 'ANOTHER NAME', ISS_1, '', ISS_2, ISS_2, ISS_1, 'TRAILING'].join(
      '\n',
    );
    const { elements, issues } = parseTle(text, 't');
    expect(elements).toHaveLength(1);
    expect(elements[0]?.name).toBe('ANOTHER NAME');
    expect(issues).toEqual([
      { line: 1, noradId: null, reason: 'name line "LONELY NAME" is not followed by a TLE line 1' },
      { line: 6, noradId: 25544, reason: 'TLE line 2 without a preceding line 1' },
      { line: 7, noradId: 25544, reason: 'TLE line 1 is not followed by a line 2' },
      { line: 8, noradId: null, reason: 'name line "TRAILING" is not followed by a TLE line 1' },
    ]);
  });

  it('reports indented TLE lines rather than reading them as names', () => {
    const { issues } = parseTle(` ${ISS_1}\n${ISS_2}`, 't');
    expect(issues.map((i) => i.line)).toEqual([1, 2]);
    expect(issues[0]?.reason).toMatch(/starts with whitespace/);
  });

  it('loads the good records around bad ones and resynchronises on the next line 1', () => {
    const text = [
      'GOOD 1',
      L1,
      L2,
      'BROKEN',
      `${ISS_1.slice(0, 68)}0`,
      ISS_2,
      'MISSING LINE 2',
      ISS_1,
      'GOOD 2',
      ISS_1,
      ISS_2,
      'LINE 1 ONLY',
      L1,
    ].join('\r\n');
    const { elements, issues } = parseTle(text, 't');
    expect(elements.map((e) => e.name)).toEqual(['GOOD 1', 'GOOD 2']);
    expect(issues).toEqual([
      { line: 5, noradId: 25544, reason: 'checksum mismatch on line 1: expected 5, found 0' },
      { line: 8, noradId: 25544, reason: 'TLE line 1 is not followed by a line 2' },
      { line: 13, noradId: 5, reason: 'TLE line 1 is not followed by a line 2' },
    ]);
  });

  it('lists every problem of a record in one issue', () => {
    const text = `${ISS_1.slice(0, 68)}0\n${edit(ISS_2, 2, '25545').slice(0, 68)}0`;
    const { issues } = parseTle(text, 't');
    expect(issues).toEqual([
      {
        line: 1,
        noradId: 25544,
        reason:
          'checksum mismatch on line 1: expected 5, found 0; checksum mismatch on line 2: expected 5, found 0; catalogue number mismatch: line 1 has 25544, line 2 has 25545',
      },
    ]);
  });
});
