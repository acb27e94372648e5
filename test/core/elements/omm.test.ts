import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectElementFormat,
  parseElements,
  parseOmmCsv,
  parseOmmJson,
} from '../../../src/core/elements/index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/elements/${name}`, import.meta.url), 'utf8');

/** AO-7 from the satvisor 2026-04-27 amateur.json fixture, as CelesTrak sends it. */
const AO7 = {
  OBJECT_NAME: 'OSCAR 7 (AO-7)',
  OBJECT_ID: '1974-089B',
  EPOCH: '2026-04-26T23:48:14.488704',
  MEAN_MOTION: 12.53697229,
  ECCENTRICITY: 0.0011968,
  INCLINATION: 101.993,
  RA_OF_ASC_NODE: 129.7005,
  ARG_OF_PERICENTER: 227.6136,
  MEAN_ANOMALY: 190.386,
  EPHEMERIS_TYPE: 0,
  CLASSIFICATION_TYPE: 'U',
  NORAD_CAT_ID: 7530,
  ELEMENT_SET_NO: 999,
  REV_AT_EPOCH: 35410,
  BSTAR: 0.00013425762,
  MEAN_MOTION_DOT: -2.5e-7,
  MEAN_MOTION_DDOT: 0,
};

const json = (...records: unknown[]): string => JSON.stringify(records);

describe('parseOmmJson', () => {
  it('reads every field of a CelesTrak record', () => {
    const { elements, issues } = parseOmmJson(json(AO7), 'celestrak:amateur');
    expect(issues).toEqual([]);
    expect(elements).toEqual([
      {
        noradId: 7530,
        name: 'OSCAR 7 (AO-7)',
        intlDesignator: '1974-089B',
        classification: 'U',
        epochMs: Date.UTC(2026, 3, 26, 23, 48, 14) + 488.704,
        epochIso: '2026-04-26T23:48:14.488704Z',
        meanMotionRevPerDay: 12.53697229,
        eccentricity: 0.0011968,
        inclinationDeg: 101.993,
        raanDeg: 129.7005,
        argPerigeeDeg: 227.6136,
        meanAnomalyDeg: 190.386,
        bstar: 0.00013425762,
        meanMotionDot: -2.5e-7,
        meanMotionDdot: 0,
        elementSetNo: 999,
        revAtEpoch: 35410,
        ephemerisType: 0,
        source: 'celestrak:amateur',
        format: 'omm-json',
        tle: null,
      },
    ]);
  });

  it('loads the satvisor amateur fixture, keeping 8-decimal eccentricities', () => {
    const { elements, issues } = parseOmmJson(fixture('satvisor-amateur.json'), 'f');
    expect(issues).toEqual([]);
    expect(elements).toHaveLength(96);
    expect(elements.find((e) => e.noradId === 14129)?.eccentricity).toBe(0.60291924);
  });

  it('reads Space-Track style string values exactly like numbers', () => {
    const strings = Object.fromEntries(Object.entries(AO7).map(([k, v]) => [k, String(v)]));
    const fromStrings = parseOmmJson(json(strings), 's');
    const fromNumbers = parseOmmJson(json(AO7), 's');
    expect(fromStrings.issues).toEqual([]);
    expect(fromStrings.elements).toEqual(fromNumbers.elements);
  });

  it('accepts an EPOCH with a trailing Z and keeps sub-millisecond digits', () => {
    const [el] = parseOmmJson(
      json({ ...AO7, EPOCH: '2026-04-26T23:48:14.4887045Z' }),
      's',
    ).elements;
    expect(el?.epochIso).toBe('2026-04-26T23:48:14.488705Z');
    expect(el?.epochMs).toBe(Date.UTC(2026, 3, 26, 23, 48, 14) + 488.7045);
    const [whole] = parseOmmJson(json({ ...AO7, EPOCH: '2026-04-26T23:48:14' }), 's').elements;
    expect(whole?.epochIso).toBe('2026-04-26T23:48:14.000000Z');
  });

  it('rejects epochs that are not ISO UTC or do not exist', () => {
    for (const epoch of [
      '2026-04-26 23:48:14',
      '2026-04-26T23:48:14+02:00',
      '2026-02-30T00:00:00',
      '2026-04-26T24:00:00',
      '26116.99183436',
    ]) {
      const { elements, issues } = parseOmmJson(json({ ...AO7, EPOCH: epoch }), 's');
      expect(elements, epoch).toEqual([]);
      expect(issues[0]?.reason, epoch).toMatch(/^EPOCH .* is not an ISO 8601 UTC time/);
    }
  });

  it('accepts 9-digit NORAD ids and refuses 10-digit or fractional ones', () => {
    const nine = parseOmmJson(json({ ...AO7, NORAD_CAT_ID: 987_654_321 }), 's');
    expect(nine.elements[0]?.noradId).toBe(987_654_321);
    const nineString = parseOmmJson(json({ ...AO7, NORAD_CAT_ID: '270000123' }), 's');
    expect(nineString.elements[0]?.noradId).toBe(270_000_123);
    for (const id of [1_000_000_000, 7530.5, '75 30', -1]) {
      const { elements, issues } = parseOmmJson(json({ ...AO7, NORAD_CAT_ID: id }), 's');
      expect(elements).toEqual([]);
      expect(issues[0]?.reason).toMatch(/^NORAD_CAT_ID .* is not an integer/);
    }
  });

  it('names every missing required field, with the 1-based record index', () => {
    const { BSTAR: _b, EPOCH: _e, ...partial } = AO7;
    const { elements, issues } = parseOmmJson(json(AO7, partial), 's');
    expect(elements).toHaveLength(1);
    expect(issues).toEqual([
      { line: 2, noradId: 7530, reason: 'missing required fields: EPOCH, BSTAR' },
    ]);
  });

  it('rejects EPHEMERIS_TYPE 4 (SGP4-XP) with a reason naming the type', () => {
    const { elements, issues } = parseOmmJson(json({ ...AO7, EPHEMERIS_TYPE: 4 }), 's');
    expect(elements).toEqual([]);
    expect(issues).toEqual([
      {
        line: 1,
        noradId: 7530,
        reason:
          'ephemeris type 4 (SGP4-XP) is not supported; only type 0 (SGP4) element sets can be propagated',
      },
    ]);
  });

  it('rejects non-numeric values and impossible elements, naming them', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ MEAN_MOTION: 'fast' }, 'MEAN_MOTION "fast" is not a number'],
      [{ BSTAR: '' }, 'BSTAR "" is not a number'],
      [{ INCLINATION: true }, 'INCLINATION true is not a number'],
      [{ ECCENTRICITY: 1 }, 'eccentricity 1 is outside [0, 1)'],
      [{ ECCENTRICITY: -0.1 }, 'eccentricity -0.1 is outside [0, 1)'],
      [{ MEAN_MOTION: 0 }, 'mean motion 0 rev/day is not positive'],
      [{ INCLINATION: 180.5 }, 'inclination 180.5 deg is outside [0, 180]'],
      [{ OBJECT_ID: '74089B' }, 'OBJECT_ID "74089B" is not a COSPAR designator like 1998-067A'],
      [{ REV_AT_EPOCH: -3 }, 'REV_AT_EPOCH -3 is not a non-negative integer'],
    ];
    for (const [change, reason] of cases) {
      const { elements, issues } = parseOmmJson(json({ ...AO7, ...change }), 's');
      expect(elements).toEqual([]);
      expect(issues).toEqual([{ line: 1, noradId: 7530, reason }]);
    }
  });

  it('treats absent optional fields as unknown', () => {
    const {
      OBJECT_NAME: _n,
      OBJECT_ID: _i,
      EPHEMERIS_TYPE: _t,
      ELEMENT_SET_NO: _s,
      REV_AT_EPOCH: _r,
      CLASSIFICATION_TYPE: _c,
      ...minimal
    } = AO7;
    const [el] = parseOmmJson(json(minimal), 's').elements;
    expect(el).toMatchObject({
      name: '',
      intlDesignator: null,
      classification: '',
      elementSetNo: null,
      revAtEpoch: null,
      ephemerisType: 0,
    });
  });

  it('gives one issue and no elements for text that is not JSON or not an array', () => {
    const broken = parseOmmJson('[{"NORAD_CAT_ID": 7530,', 's');
    expect(broken.elements).toEqual([]);
    expect(broken.issues).toHaveLength(1);
    expect(broken.issues[0]).toMatchObject({ line: 0, noradId: null });
    expect(broken.issues[0]?.reason).toMatch(/^invalid JSON: /);
    expect(parseOmmJson(JSON.stringify(AO7), 's')).toEqual({
      elements: [],
      issues: [
        { line: 0, noradId: null, reason: 'OMM JSON must be an array of records, found object' },
      ],
    });
  });

  it('reports records that are not objects and loads the rest', () => {
    const { elements, issues } = parseOmmJson(json(AO7, 42, null, [AO7]), 's');
    expect(elements).toHaveLength(1);
    expect(issues.map((i) => [i.line, i.reason])).toEqual([
      [2, 'record is not a JSON object'],
      [3, 'record is not a JSON object'],
      [4, 'record is not a JSON object'],
    ]);
  });
});

const HEADER =
  'OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT';
const CALSPHERE =
  'CALSPHERE 1,1964-063C,2026-07-10T03:44:00.383136,13.76647064,.00234977,90.2216,72.3098,220.5925,303.3745,0,U,900,999,7458,.40393571E-3,.406E-5,0';

/** Rewrite CSV text with its columns in another order. */
function reorder(text: string, order: number[]): string {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const cells = l.split(',');
      return order.map((i) => cells[i]).join(',');
    })
    .join('\n');
}

describe('parseOmmCsv', () => {
  it('reads CelesTrak CSV values such as .40393571E-3', () => {
    const { elements, issues } = parseOmmCsv(`${HEADER}\n${CALSPHERE}\n`, 'csv');
    expect(issues).toEqual([]);
    expect(elements[0]).toMatchObject({
      noradId: 900,
      name: 'CALSPHERE 1',
      intlDesignator: '1964-063C',
      epochIso: '2026-07-10T03:44:00.383136Z',
      eccentricity: 0.00234977,
      bstar: 0.00040393571,
      meanMotionDot: 0.00000406,
      meanMotionDdot: 0,
      revAtEpoch: 7458,
      format: 'omm-csv',
      tle: null,
    });
  });

  it('loads the 312-row active slice without issues', () => {
    const { elements, issues } = parseOmmCsv(fixture('active-slice.csv'), 'f');
    expect(issues).toEqual([]);
    expect(elements).toHaveLength(312);
  });

  it('maps columns by header name, whatever their order', () => {
    const text = fixture('active-slice.csv');
    const order = Array.from({ length: 17 }, (_, i) => 16 - i);
    const shuffled = parseOmmCsv(reorder(text, order), 'f');
    expect(shuffled.issues).toEqual([]);
    expect(shuffled.elements).toEqual(parseOmmCsv(text, 'f').elements);
  });

  it('ignores unknown columns, CRLF line ends and blank lines', () => {
    const text = `${HEADER},COMMENT\r\n\r\n${CALSPHERE},"hello, world"\r\n`;
    const { elements, issues } = parseOmmCsv(text, 'csv');
    expect(issues).toEqual([]);
    expect(elements).toHaveLength(1);
  });

  it('reads quoted cells with commas and doubled quotes', () => {
    const row = CALSPHERE.replace('CALSPHERE 1', '"CALSPHERE ""1"", SPHERE"');
    expect(parseOmmCsv(`${HEADER}\n${row}`, 'csv').elements[0]?.name).toBe('CALSPHERE "1", SPHERE');
  });

  it('gives one issue and no elements when a required column is missing', () => {
    const text = reorder(
      `${HEADER}\n${CALSPHERE}`,
      Array.from({ length: 17 }, (_, i) => i).filter((i) => i !== 14 && i !== 2),
    );
    expect(parseOmmCsv(text, 'csv')).toEqual({
      elements: [],
      issues: [
        { line: 1, noradId: null, reason: 'CSV header lacks required columns: EPOCH, BSTAR' },
      ],
    });
  });

  it('reports bad rows by file line number and loads the others', () => {
    const bad = CALSPHERE.replace('13.76647064', 'x');
    const short = CALSPHERE.split(',').slice(0, 16).join(',');
    const empty = CALSPHERE.replace('.40393571E-3', '');
    const text = [HEADER, CALSPHERE, '', bad, short, empty, CALSPHERE].join('\n');
    const { elements, issues } = parseOmmCsv(text, 'csv');
    expect(elements).toHaveLength(2);
    expect(issues).toEqual([
      { line: 4, noradId: 900, reason: 'MEAN_MOTION "x" is not a number' },
      { line: 5, noradId: null, reason: 'row has 16 fields, the header has 17' },
      { line: 6, noradId: 900, reason: 'missing required field: BSTAR' },
    ]);
  });

  it('rejects EPHEMERIS_TYPE 4 rows', () => {
    const xp = CALSPHERE.replace(',0,U,', ',4,U,');
    expect(parseOmmCsv(`${HEADER}\n${xp}`, 'csv').issues[0]?.reason).toMatch(
      /^ephemeris type 4 \(SGP4-XP\) is not supported/,
    );
  });

  it('gives one issue for an empty file', () => {
    expect(parseOmmCsv('', 'csv').issues).toEqual([
      { line: 1, noradId: null, reason: 'CSV has no header row' },
    ]);
  });
});

describe('detectElementFormat and parseElements', () => {
  it('recognises each fixture format', () => {
    expect(detectElementFormat(fixture('stations.tle'))).toBe('tle');
    expect(detectElementFormat(fixture('active-slice.tle'))).toBe('tle');
    expect(
      detectElementFormat(`1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753
2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667`),
    ).toBe('tle');
    expect(detectElementFormat(fixture('satvisor-amateur.json'))).toBe('omm-json');
    expect(detectElementFormat(`\uFEFF  \n[]`)).toBe('omm-json');
    expect(detectElementFormat(fixture('active-slice.csv'))).toBe('omm-csv');
  });

  it('returns null for text in no known format', () => {
    for (const text of ['', 'hello\nworld', 'A,B,C\n1,2,3', '1 just a line']) {
      expect(detectElementFormat(text), text).toBeNull();
    }
  });

  it('parses by detected format, or by the format it is told', () => {
    expect(parseElements(fixture('satvisor-amateur.json'), 'f').elements[0]?.format).toBe(
      'omm-json',
    );
    expect(parseElements(fixture('active-slice.csv'), 'f').elements[0]?.format).toBe('omm-csv');
    expect(parseElements(fixture('stations.tle'), 'f').elements[0]?.format).toBe('tle');
    expect(parseElements(fixture('stations.tle'), 'f', 'omm-json').issues[0]?.reason).toMatch(
      /^invalid JSON/,
    );
  });

  it('gives one issue for undetectable text', () => {
    expect(parseElements('hello', 'f')).toEqual({
      elements: [],
      issues: [
        {
          line: 0,
          noradId: null,
          reason:
            'unrecognised element-set format: expected TLE/3LE, OMM JSON (an array) or OMM CSV (with a NORAD_CAT_ID header)',
        },
      ],
    });
  });
});
