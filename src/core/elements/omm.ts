/**
 * CelesTrak / Space-Track OMM (Orbit Mean-Elements Message) in JSON and CSV form, format
 * detection, and the `parseElements` entry point. Pure: no I/O and no clock reads.
 */
import { elementSanityProblems, isoFromMicros, parseTle, unsupportedEphemerisType } from './tle.js';
import type { ElementFormat, ElementParseIssue, ElementParseResult, ElementSet } from './types.js';

/** OMM keys an element set cannot do without. */
const REQUIRED_FIELDS = [
  'NORAD_CAT_ID',
  'EPOCH',
  'MEAN_MOTION',
  'ECCENTRICITY',
  'INCLINATION',
  'RA_OF_ASC_NODE',
  'ARG_OF_PERICENTER',
  'MEAN_ANOMALY',
  'BSTAR',
  'MEAN_MOTION_DOT',
  'MEAN_MOTION_DDOT',
] as const;

/** Largest NORAD catalogue number accepted from OMM (9 digits). */
const MAX_OMM_NORAD_ID = 999_999_999;

/** Reads one OMM field by key; undefined when absent. */
type FieldReader = (key: string) => unknown;

type RecordResult = { element: ElementSet } | { noradId: number | null; reason: string };

/**
 * Parse a CelesTrak (or Space-Track) OMM JSON array, e.g. `gp.php?GROUP=stations&FORMAT=json`.
 *
 * Values may be JSON numbers or numeric strings (Space-Track sends strings). `EPOCH` is ISO 8601
 * without a zone, meaning UTC (a trailing `Z` is accepted); its microseconds are kept in
 * `epochIso`, and `epochMs` may carry fractional milliseconds. NORAD ids up to 9 digits are
 * accepted. Records with a missing required field, an unparsable value, an `EPHEMERIS_TYPE`
 * other than 0, or elements that fail the sanity checks of `parseTle` are reported in `issues`
 * with `line` = the 1-based record index. Text that is not JSON, or JSON that is not an array,
 * gives a single issue at line 0 and no elements.
 *
 * @param text The JSON document.
 * @param source Provenance recorded on each element set.
 * @returns The valid element sets (`format: 'omm-json'`, `tle: null`) and the issues.
 */
export function parseOmmJson(text: string, source: string): ElementParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      elements: [],
      issues: [{ line: 0, noradId: null, reason: `invalid JSON: ${detail}` }],
    };
  }
  if (!Array.isArray(data)) {
    return {
      elements: [],
      issues: [
        {
          line: 0,
          noradId: null,
          reason: `OMM JSON must be an array of records, found ${data === null ? 'null' : typeof data}`,
        },
      ],
    };
  }
  const elements: ElementSet[] = [];
  const issues: ElementParseIssue[] = [];
  data.forEach((record: unknown, index) => {
    const line = index + 1;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      issues.push({ line, noradId: null, reason: 'record is not a JSON object' });
      return;
    }
    const fields = record as Record<string, unknown>;
    const result = ommRecord((key) => fields[key], source, 'omm-json');
    if ('element' in result) elements.push(result.element);
    else issues.push({ line, noradId: result.noradId, reason: result.reason });
  });
  return { elements, issues };
}

/**
 * Parse CelesTrak OMM CSV (`FORMAT=csv`): a header row, then one object per row.
 *
 * Columns are mapped by their header names, so their order does not matter; unknown columns are
 * ignored. Numbers may use CelesTrak's forms such as `.40393571E-3`. RFC 4180 quoting is
 * understood. A missing required column gives one issue at line 1 and no elements. Bad rows are
 * reported with `line` = their 1-based line number in the file; the checks are those of
 * `parseOmmJson`. Empty cells count as absent.
 *
 * @param text The CSV file contents (LF or CRLF).
 * @param source Provenance recorded on each element set.
 * @returns The valid element sets (`format: 'omm-csv'`, `tle: null`) and the issues.
 */
export function parseOmmCsv(text: string, source: string): ElementParseResult {
  const rows = csvRows(text.replace(/^\uFEFF/, ''));
  const header = rows[0];
  if (header === undefined) {
    return { elements: [], issues: [{ line: 1, noradId: null, reason: 'CSV has no header row' }] };
  }
  const columns = header.cells.map((c) => c.trim().toUpperCase());
  const missing = REQUIRED_FIELDS.filter((f) => !columns.includes(f));
  if (missing.length > 0) {
    return {
      elements: [],
      issues: [
        {
          line: header.line,
          noradId: null,
          reason: `CSV header lacks required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
        },
      ],
    };
  }
  const elements: ElementSet[] = [];
  const issues: ElementParseIssue[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.length !== columns.length) {
      issues.push({
        line: row.line,
        noradId: null,
        reason: `row has ${row.cells.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const result = ommRecord(
      (key) => {
        const cell = row.cells[columns.indexOf(key)];
        return cell === undefined || cell.trim() === '' ? undefined : cell;
      },
      source,
      'omm-csv',
    );
    if ('element' in result) elements.push(result.element);
    else issues.push({ line: row.line, noradId: result.noradId, reason: result.reason });
  }
  return { elements, issues };
}

/**
 * Guess the format of element-set text from its first non-blank characters: `[` or `{` is OMM
 * JSON, a first line naming `NORAD_CAT_ID` between commas is OMM CSV, and a TLE line 1 followed
 * by a line 2 anywhere in the text is TLE.
 *
 * @returns The format, or null when the text is none of these.
 */
export function detectElementFormat(text: string): ElementFormat | null {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[') || body.startsWith('{')) return 'omm-json';
  const firstLine = body.split('\n', 1)[0] ?? '';
  if (firstLine.includes(',') && /(^|,)\s*"?NORAD_CAT_ID"?\s*(,|$)/i.test(firstLine)) {
    return 'omm-csv';
  }
  return /^1 [^\n]*\r?\n(\s*\r?\n)*2 /m.test(body) ? 'tle' : null;
}

/**
 * Parse element sets in any supported format.
 *
 * @param text The file contents.
 * @param source Provenance recorded on each element set.
 * @param format The format, or `'auto'` (default) to use `detectElementFormat`; undetectable
 *   text gives one issue at line 0 and no elements.
 * @returns As `parseTle`, `parseOmmJson` or `parseOmmCsv`.
 */
export function parseElements(
  text: string,
  source: string,
  format: ElementFormat | 'auto' = 'auto',
): ElementParseResult {
  const chosen = format === 'auto' ? detectElementFormat(text) : format;
  switch (chosen) {
    case 'tle':
      return parseTle(text, source);
    case 'omm-json':
      return parseOmmJson(text, source);
    case 'omm-csv':
      return parseOmmCsv(text, source);
    case null:
      return {
        elements: [],
        issues: [
          {
            line: 0,
            noradId: null,
            reason:
              'unrecognised element-set format: expected TLE/3LE, OMM JSON (an array) or OMM CSV (with a NORAD_CAT_ID header)',
          },
        ],
      };
  }
}

function ommRecord(get: FieldReader, source: string, format: ElementFormat): RecordResult {
  const noradRaw = get('NORAD_CAT_ID');
  const noradId = parseNoradId(noradRaw);
  const missing = REQUIRED_FIELDS.filter((f) => get(f) === undefined || get(f) === null);
  if (missing.length > 0) {
    return {
      noradId,
      reason: `missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    };
  }
  const problems: string[] = [];
  if (noradId === null) {
    problems.push(`NORAD_CAT_ID ${show(noradRaw)} is not an integer from 0 to ${MAX_OMM_NORAD_ID}`);
  }
  const num = (key: string): number => {
    const value = toNumber(get(key));
    if (value === null) problems.push(`${key} ${show(get(key))} is not a number`);
    return value ?? Number.NaN;
  };
  const optionalInt = (key: string): number | null => {
    const raw = get(key);
    if (raw === undefined || raw === null) return null;
    const value = toNumber(raw);
    if (value === null || !Number.isInteger(value) || value < 0) {
      problems.push(`${key} ${show(raw)} is not a non-negative integer`);
      return null;
    }
    return value;
  };

  const epoch = parseOmmEpoch(get('EPOCH'));
  if (epoch === null) {
    problems.push(
      `EPOCH ${show(get('EPOCH'))} is not an ISO 8601 UTC time (YYYY-MM-DDTHH:MM:SS[.ffffff][Z])`,
    );
  }
  const meanMotionRevPerDay = num('MEAN_MOTION');
  const eccentricity = num('ECCENTRICITY');
  const inclinationDeg = num('INCLINATION');
  const raanDeg = num('RA_OF_ASC_NODE');
  const argPerigeeDeg = num('ARG_OF_PERICENTER');
  const meanAnomalyDeg = num('MEAN_ANOMALY');
  const bstar = num('BSTAR');
  const meanMotionDot = num('MEAN_MOTION_DOT');
  const meanMotionDdot = num('MEAN_MOTION_DDOT');
  const elementSetNo = optionalInt('ELEMENT_SET_NO');
  const revAtEpoch = optionalInt('REV_AT_EPOCH');

  const ephemerisRaw = get('EPHEMERIS_TYPE');
  if (ephemerisRaw !== undefined && ephemerisRaw !== null) {
    const type = toNumber(ephemerisRaw);
    if (type === null) problems.push(`EPHEMERIS_TYPE ${show(ephemerisRaw)} is not a number`);
    else if (type !== 0) problems.push(unsupportedEphemerisType(type));
  }
  const intlRaw = get('OBJECT_ID');
  let intlDesignator: string | null = null;
  if (intlRaw !== undefined && intlRaw !== null && String(intlRaw).trim() !== '') {
    intlDesignator = String(intlRaw).trim();
    if (!/^\d{4}-\d{3}[A-Z]{0,3}$/.test(intlDesignator)) {
      problems.push(`OBJECT_ID ${show(intlRaw)} is not a COSPAR designator like 1998-067A`);
    }
  }
  const name = get('OBJECT_NAME');
  const classification = get('CLASSIFICATION_TYPE');
  if (problems.length > 0 || epoch === null) return { noradId, reason: problems.join('; ') };

  const element: ElementSet = {
    noradId: noradId!,
    name: name === undefined || name === null ? '' : String(name).trim(),
    intlDesignator,
    classification:
      classification === undefined || classification === null ? '' : String(classification).trim(),
    epochMs: epoch.epochMs,
    epochIso: epoch.epochIso,
    meanMotionRevPerDay,
    eccentricity,
    inclinationDeg,
    raanDeg,
    argPerigeeDeg,
    meanAnomalyDeg,
    bstar,
    meanMotionDot,
    meanMotionDdot,
    elementSetNo,
    revAtEpoch,
    ephemerisType: 0,
    source,
    format,
    tle: null,
  };
  const insane = elementSanityProblems(element);
  return insane.length > 0 ? { noradId, reason: insane.join('; ') } : { element };
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(JSON.stringify(value));
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function parseNoradId(value: unknown): number | null {
  if (typeof value === 'string' && !/^\s*\d+\s*$/.test(value)) return null;
  const n = toNumber(value);
  if (n === null || !Number.isInteger(n) || n < 0 || n > MAX_OMM_NORAD_ID) return null;
  return n;
}

/** ISO 8601 without zone (UTC by OMM convention) or with `Z`; keeps up to microseconds. */
function parseOmmEpoch(value: unknown): { epochMs: number; epochIso: string } | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z?$/.exec(
    value.trim(),
  );
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wholeMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wholeMs);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  const digits = match[7] ?? '';
  const fractionMs = Number(`${digits.slice(0, 3).padEnd(3, '0')}.${digits.slice(3)}0`);
  const fractionMicros = Math.round(
    Number(`${digits.slice(0, 6).padEnd(6, '0')}.${digits.slice(6)}0`),
  );
  return {
    epochMs: wholeMs + fractionMs,
    epochIso: isoFromMicros(wholeMs * 1000 + fractionMicros),
  };
}

/** Split CSV text into rows of cells (RFC 4180 quoting), each with its 1-based starting line. */
function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n') {
      endRow();
      line++;
      rowLine = line;
    } else if (c !== '\r' || text[i + 1] !== '\n') {
      cell += c;
    }
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
