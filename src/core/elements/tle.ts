/**
 * Two-line element sets (TLE, 3LE): parsing with full validation, and rendering back to lines.
 * Pure: no I/O and no clock reads.
 */
import { MS_PER_DAY } from '../units.js';
import { decodeAlpha5, encodeAlpha5 } from './alpha5.js';
import type { ElementParseIssue, ElementParseResult, ElementSet } from './types.js';

/** Options for `parseTle`. */
export interface TleParseOptions {
  /**
   * Check the mod-10 checksum in column 69 of both lines (default true). Turn off only for
   * files known to carry deliberate checksum errors, such as Vallado's SGP4-VER.TLE.
   */
  verifyChecksum?: boolean;
}

/** Length of a TLE line, checksum included. */
export const TLE_LINE_LENGTH = 69;

const MICROS_PER_DAY = 86_400_000_000;

/**
 * The TLE mod-10 checksum of a line's first 68 characters: digits count their value,
 * `-` counts 1, everything else 0.
 *
 * @param line A TLE line; only columns 1-68 are read.
 * @returns The expected checksum digit, 0-9.
 */
export function tleChecksum(line: string): number {
  let sum = 0;
  const end = Math.min(line.length, TLE_LINE_LENGTH - 1);
  for (let i = 0; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) sum += c - 48;
    else if (c === 45) sum += 1;
  }
  return sum % 10;
}

/**
 * Parse TLE text: 3-line sets (name, line 1, line 2) and bare 2-line sets, mixed freely.
 *
 * Accepted: LF or CRLF line ends, blank lines anywhere, trailing whitespace, names padded with
 * spaces, and Space-Track 3LE name lines starting with `0 `. Alpha-5 catalogue numbers are
 * decoded (`A0000` = 100000).
 *
 * Every record is checked, and a bad record is reported in `issues` with the 1-based line
 * number of its first problem; nothing is dropped silently or repaired. Checks: line length
 * (69 characters), line numbers `1`/`2` in order, checksums (unless
 * `options.verifyChecksum === false`), the same catalogue number on both lines, every field
 * parsable, ephemeris type 0 (or blank), eccentricity in [0, 1), mean motion finite and
 * positive, inclination in [0, 180] degrees. After a bad record, parsing resumes at the next
 * line that looks like a line 1 (or a name line).
 *
 * The epoch `YYDDD.DDDDDDDD` maps YY 57-99 to 19YY and 00-56 to 20YY. `epochMs` keeps the full
 * fractional precision of the day (it is not rounded to whole milliseconds); `epochIso` is the
 * same instant rounded to microseconds.
 *
 * @param text The file contents.
 * @param source Provenance recorded on each element set (file path, URL, group).
 * @param options See `TleParseOptions`.
 * @returns The element sets that passed every check, in file order, and one issue per bad
 *   record or stray line.
 * @example
 * const { elements, issues } = parseTle(text, 'celestrak:stations');
 */
export function parseTle(
  text: string,
  source: string,
  options: TleParseOptions = {},
): ElementParseResult {
  const verifyChecksum = options.verifyChecksum ?? true;
  const lines = text.split('\n').map((l) => l.trimEnd());
  const elements: ElementSet[] = [];
  const issues: ElementParseIssue[] = [];
  let pendingName: { text: string; line: number } | null = null;

  const orphanName = (): void => {
    if (pendingName === null) return;
    issues.push({
      line: pendingName.line,
      noradId: null,
      reason: `name line "${pendingName.text}" is not followed by a TLE line 1`,
    });
    pendingName = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const lineNo = i + 1;
    if (line.startsWith('1 ')) {
      let j = i + 1;
      while (j < lines.length && lines[j] === '') j++;
      const next = lines[j];
      const name = pendingName?.text ?? '';
      pendingName = null;
      if (next === undefined || !next.startsWith('2 ')) {
        issues.push({
          line: lineNo,
          noradId: decodeAlpha5(line.slice(2, 7)),
          reason: 'TLE line 1 is not followed by a line 2',
        });
        continue;
      }
      const result = parsePair(line, next, lineNo, j + 1, name, source, verifyChecksum);
      if ('issue' in result) issues.push(result.issue);
      else elements.push(result.element);
      i = j;
    } else if (line.startsWith('2 ')) {
      orphanName();
      issues.push({
        line: lineNo,
        noradId: decodeAlpha5(line.slice(2, 7)),
        reason: 'TLE line 2 without a preceding line 1',
      });
    } else if (/^\s+[12] /.test(line)) {
      orphanName();
      issues.push({
        line: lineNo,
        noradId: null,
        reason: 'TLE line starts with whitespace; lines must start in column 1',
      });
    } else {
      orphanName();
      const trimmed = line.trim();
      pendingName = {
        text: trimmed.startsWith('0 ') ? trimmed.slice(2).trim() : trimmed,
        line: lineNo,
      };
    }
  }
  orphanName();
  return { elements, issues };
}

type PairResult = { element: ElementSet } | { issue: ElementParseIssue };

interface Problem {
  line: number;
  reason: string;
}

function parsePair(
  line1: string,
  line2: string,
  lineNo1: number,
  lineNo2: number,
  name: string,
  source: string,
  verifyChecksum: boolean,
): PairResult {
  const problems: Problem[] = [];
  const id1 = decodeAlpha5(line1.slice(2, 7));
  const id2 = decodeAlpha5(line2.slice(2, 7));
  const noradId = id1 ?? id2;
  const fail = (): PairResult => ({
    issue: {
      line: problems[0]!.line,
      noradId,
      reason: problems.map((p) => p.reason).join('; '),
    },
  });

  for (const [text, no, which] of [
    [line1, lineNo1, 1],
    [line2, lineNo2, 2],
  ] as const) {
    if (text.length !== TLE_LINE_LENGTH) {
      problems.push({
        line: no,
        reason: `line ${which} has ${text.length} characters, expected ${TLE_LINE_LENGTH}`,
      });
    } else if (verifyChecksum) {
      const found = text[TLE_LINE_LENGTH - 1]!;
      const expected = tleChecksum(text);
      if (!/\d/.test(found)) {
        problems.push({
          line: no,
          reason: `line ${which} checksum column holds "${found}", expected the digit ${expected}`,
        });
      } else if (Number(found) !== expected) {
        problems.push({
          line: no,
          reason: `checksum mismatch on line ${which}: expected ${expected}, found ${found}`,
        });
      }
    }
  }
  if (id1 === null) {
    problems.push({ line: lineNo1, reason: `unparsable catalogue number "${line1.slice(2, 7)}"` });
  }
  if (id2 === null) {
    problems.push({ line: lineNo2, reason: `unparsable catalogue number "${line2.slice(2, 7)}"` });
  }
  if (id1 !== null && id2 !== null && id1 !== id2) {
    problems.push({
      line: lineNo2,
      reason: `catalogue number mismatch: line 1 has ${id1}, line 2 has ${id2}`,
    });
  }
  if (problems.length > 0) return fail();

  /** A numeric field; NaN (and a problem) when unparsable, null when optional and blank. */
  const reader =
    (line: string, lineNo: number) =>
    (start: number, end: number, what: string, parse: (s: string) => number | null): number => {
      const raw = line.slice(start, end);
      const value = parse(raw);
      if (value === null) problems.push({ line: lineNo, reason: `unparsable ${what} "${raw}"` });
      return value ?? Number.NaN;
    };
  const f1 = reader(line1, lineNo1);
  const f2 = reader(line2, lineNo2);
  const optional = (line: string, read: typeof f1, start: number, end: number, what: string) =>
    line.slice(start, end).trim() === '' ? null : read(start, end, what, parseInteger);

  const classification = line1[7]!;
  if (!/[A-Z ]/.test(classification)) {
    problems.push({ line: lineNo1, reason: `unparsable classification "${classification}"` });
  }
  const intlRaw = line1.slice(9, 17);
  const intl = parseIntlDesignator(intlRaw);
  if (intl === undefined) {
    problems.push({ line: lineNo1, reason: `unparsable international designator "${intlRaw}"` });
  }
  const epochRaw = line1.slice(18, 32);
  const epoch = parseTleEpoch(epochRaw);
  if (epoch === null) problems.push({ line: lineNo1, reason: `unparsable epoch "${epochRaw}"` });
  const meanMotionDot = f1(33, 43, 'mean motion derivative (n-dot)', parseDecimal);
  const meanMotionDdot = f1(44, 52, 'mean motion second derivative (n-ddot)', parseImpliedExp);
  const bstar = f1(53, 61, 'B* drag term', parseImpliedExp);
  const ephemeris = line1[62]!;
  if (ephemeris !== ' ' && ephemeris !== '0') {
    problems.push({
      line: lineNo1,
      reason: /\d/.test(ephemeris)
        ? unsupportedEphemerisType(Number(ephemeris))
        : `unparsable ephemeris type "${ephemeris}"`,
    });
  }
  const elementSetNo = optional(line1, f1, 64, 68, 'element set number');

  const inclinationDeg = f2(8, 16, 'inclination', parseDecimal);
  const raanDeg = f2(17, 25, 'right ascension of the ascending node', parseDecimal);
  const eccentricity = f2(26, 33, 'eccentricity', parseImpliedEccentricity);
  const argPerigeeDeg = f2(34, 42, 'argument of perigee', parseDecimal);
  const meanAnomalyDeg = f2(43, 51, 'mean anomaly', parseDecimal);
  const meanMotionRevPerDay = f2(52, 63, 'mean motion', parseDecimal);
  const revAtEpoch = optional(line2, f2, 63, 68, 'revolution number at epoch');
  if (problems.length > 0 || epoch === null || intl === undefined) return fail();

  const element: ElementSet = {
    noradId: id1!,
    name,
    intlDesignator: intl,
    classification: classification.trim(),
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
    format: 'tle',
    tle: { line1, line2 },
  };
  for (const reason of elementSanityProblems(element)) {
    problems.push({ line: lineNo2, reason });
  }
  return problems.length > 0 ? fail() : { element };
}

function parseDecimal(raw: string): number | null {
  const s = raw.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const value = Number(s);
  return Number.isFinite(value) ? value : null;
}

function parseInteger(raw: string): number | null {
  const s = raw.trim();
  return /^\d+$/.test(s) ? Number(s) : null;
}

/** `NNNNNNN` with an implied leading decimal point. */
function parseImpliedEccentricity(raw: string): number | null {
  return /^\d{7}$/.test(raw) ? Number(`0.${raw}`) : null;
}

/** Implied decimal point and exponent: ` 12345-3` = 0.12345e-3; `-12345-3` is negative. */
function parseImpliedExp(raw: string): number | null {
  const match = /^([ +-])(\d{5})([+-])(\d)$/.exec(raw);
  if (!match) return null;
  const value = Number(`${match[1] === '-' ? '-' : ''}0.${match[2]}e${match[3]}${match[4]}`);
  return Number.isFinite(value) ? value : null;
}

/** Two-digit TLE/COSPAR year: 57-99 are 19YY, 00-56 are 20YY. */
function fullYear(yy: number): number {
  return yy >= 57 ? 1900 + yy : 2000 + yy;
}

/** `98067A  ` to `1998-067A`; blank to null; undefined when unparsable. */
function parseIntlDesignator(raw: string): string | null | undefined {
  const s = raw.trim();
  if (s === '') return null;
  const match = /^(\d{2})(\d{3})([A-Z]{0,3})$/.exec(s);
  if (!match) return undefined;
  return `${fullYear(Number(match[1]))}-${match[2]}${match[3]}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parseTleEpoch(raw: string): { epochMs: number; epochIso: string } | null {
  const match = /^(\d{2})(\d{3})\.(\d{1,8})$/.exec(raw);
  if (!match) return null;
  const year = fullYear(Number(match[1]));
  const dayInt = Number(match[2]);
  const fracDigits = match[3]!;
  const daysInYear = isLeapYear(year) ? 366 : 365;
  if (dayInt < 1 || dayInt > daysInYear) return null;
  const yearStartMs = Date.UTC(year, 0, 1);
  const day = Number(`${match[2]}.${fracDigits}`);
  const scale = 10n ** BigInt(fracDigits.length);
  const fracMicros = Number(
    (BigInt(fracDigits) * BigInt(MICROS_PER_DAY) * 2n + scale) / (2n * scale),
  );
  const micros = yearStartMs * 1000 + (dayInt - 1) * MICROS_PER_DAY + fracMicros;
  return { epochMs: yearStartMs + (day - 1) * MS_PER_DAY, epochIso: isoFromMicros(micros) };
}

/**
 * ISO 8601 UTC string with exactly six fraction digits and a `Z`, from integer microseconds
 * since 1970-01-01T00:00:00Z.
 */
export function isoFromMicros(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros - seconds * 1_000_000;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}.${String(fraction).padStart(6, '0')}Z`;
}

const EPHEMERIS_TYPE_NAMES: Record<number, string> = { 4: 'SGP4-XP' };

/** The reason given for an element set whose ephemeris type is not 0 (SGP4). */
export function unsupportedEphemerisType(type: number | string): string {
  const label = EPHEMERIS_TYPE_NAMES[Number(type)];
  return `ephemeris type ${type}${label ? ` (${label})` : ''} is not supported; only type 0 (SGP4) element sets can be propagated`;
}

/**
 * Physical sanity checks shared by every format: eccentricity in [0, 1), mean motion finite and
 * positive, inclination in [0, 180] degrees, every number finite.
 *
 * @returns One reason per failed check; empty when the set is sane.
 */
export function elementSanityProblems(
  el: Pick<
    ElementSet,
    | 'eccentricity'
    | 'meanMotionRevPerDay'
    | 'inclinationDeg'
    | 'raanDeg'
    | 'argPerigeeDeg'
    | 'meanAnomalyDeg'
    | 'bstar'
    | 'meanMotionDot'
    | 'meanMotionDdot'
    | 'epochMs'
  >,
): string[] {
  const problems: string[] = [];
  const numbers: [string, number][] = [
    ['eccentricity', el.eccentricity],
    ['mean motion', el.meanMotionRevPerDay],
    ['inclination', el.inclinationDeg],
    ['right ascension of the ascending node', el.raanDeg],
    ['argument of perigee', el.argPerigeeDeg],
    ['mean anomaly', el.meanAnomalyDeg],
    ['B* drag term', el.bstar],
    ['mean motion derivative', el.meanMotionDot],
    ['mean motion second derivative', el.meanMotionDdot],
    ['epoch', el.epochMs],
  ];
  for (const [what, value] of numbers) {
    if (!Number.isFinite(value)) problems.push(`${what} is not a finite number`);
  }
  if (Number.isFinite(el.eccentricity) && !(el.eccentricity >= 0 && el.eccentricity < 1)) {
    problems.push(`eccentricity ${el.eccentricity} is outside [0, 1)`);
  }
  if (Number.isFinite(el.meanMotionRevPerDay) && !(el.meanMotionRevPerDay > 0)) {
    problems.push(`mean motion ${el.meanMotionRevPerDay} rev/day is not positive`);
  }
  if (Number.isFinite(el.inclinationDeg) && !(el.inclinationDeg >= 0 && el.inclinationDeg <= 180)) {
    problems.push(`inclination ${el.inclinationDeg} deg is outside [0, 180]`);
  }
  return problems;
}

/**
 * Render an element set as TLE lines, checksums included, in CelesTrak's layout.
 *
 * Catalogue numbers from 100000 to 339999 are written in Alpha-5. Numbers are rounded to the
 * columns the format has: angles to 4 decimals, mean motion to 8, the epoch to 1e-8 day,
 * B* and n-ddot to 5 significant digits; eccentricity is truncated (not rounded) to 7 decimals,
 * as CelesTrak does when it renders 8-decimal OMM eccentricities. Revolution numbers are written
 * modulo 100000. An international designator that is not COSPAR style (`1998-067A`), or none,
 * leaves columns 10-17 blank. For TLE-sourced sets the result equals the original lines up to
 * the formatting of zero exponents.
 *
 * @param el The element set.
 * @returns The two lines, or null when the set cannot be written as a TLE: NORAD id above
 *   339999, epoch year outside 1957-2056, |n-dot| >= 1, |B*| or |n-ddot| not representable, or
 *   element set number above 9999.
 */
export function formatTle(el: ElementSet): { line1: string; line2: string } | null {
  const catalogue = encodeAlpha5(el.noradId);
  const epoch = formatTleEpoch(el.epochMs);
  const ndot = formatNdot(el.meanMotionDot);
  const nddot = formatImpliedExp(el.meanMotionDdot);
  const bstar = formatImpliedExp(el.bstar);
  const elset = el.elementSetNo === null ? '' : String(el.elementSetNo);
  const meanMotion = el.meanMotionRevPerDay.toFixed(8);
  if (
    catalogue === null ||
    epoch === null ||
    ndot === null ||
    nddot === null ||
    bstar === null ||
    elset.length > 4 ||
    meanMotion.length > 11
  ) {
    return null;
  }
  const classification = (el.classification || ' ').slice(0, 1);
  const intl = /^\d{2}(\d{2})-(\d{3})([A-Z]{0,3})$/.exec(el.intlDesignator ?? '');
  const intlField = intl ? `${intl[1]}${intl[2]}${intl[3]}` : '';
  const body1 = `1 ${catalogue}${classification} ${intlField.padEnd(8)} ${epoch} ${ndot} ${nddot} ${bstar} 0 ${elset.padStart(4)}`;
  const rev = el.revAtEpoch === null ? '' : String(el.revAtEpoch % 100_000);
  const body2 = `2 ${catalogue} ${angle(el.inclinationDeg)} ${angle(el.raanDeg)} ${truncatedEccentricity(el.eccentricity)} ${angle(el.argPerigeeDeg)} ${angle(el.meanAnomalyDeg)} ${meanMotion.padStart(11)}${rev.padStart(5)}`;
  return { line1: body1 + tleChecksum(body1), line2: body2 + tleChecksum(body2) };
}

function angle(deg: number): string {
  return deg.toFixed(4).padStart(8);
}

function truncatedEccentricity(e: number): string {
  // toFixed(9) first so that binary noise (0.0011968 * 1e7 = 11967.999...) cannot cost a digit.
  return e.toFixed(9).slice(2, 9);
}

function formatTleEpoch(epochMs: number): string | null {
  const date = new Date(Math.floor(epochMs));
  let year = date.getUTCFullYear();
  const micros = Math.round((epochMs - Date.UTC(year, 0, 1)) * 1000);
  let day = Math.floor(micros / MICROS_PER_DAY) + 1;
  let units = Math.round((micros % MICROS_PER_DAY) / 864);
  if (units === 100_000_000) {
    units = 0;
    day += 1;
    if (day > (isLeapYear(year) ? 366 : 365)) {
      year += 1;
      day = 1;
    }
  }
  if (year < 1957 || year > 2056) return null;
  const yy = String(year % 100).padStart(2, '0');
  return `${yy}${String(day).padStart(3, '0')}.${String(units).padStart(8, '0')}`;
}

function formatNdot(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const digits = Math.round(Math.abs(value) * 1e8);
  if (digits >= 1e8) return null;
  return `${value < 0 ? '-' : ' '}.${String(digits).padStart(8, '0')}`;
}

function formatImpliedExp(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  if (value === 0) return ' 00000+0';
  const [mantissa, exponent] = Math.abs(value).toExponential(4).split('e') as [string, string];
  const exp = Number(exponent) + 1;
  if (exp < -9 || exp > 9) return null;
  const sign = value < 0 ? '-' : ' ';
  return `${sign}${mantissa.replace('.', '')}${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}
