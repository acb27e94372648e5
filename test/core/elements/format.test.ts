import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ElementSet,
  formatTle,
  parseElements,
  parseTle,
  tleChecksum,
} from '../../../src/core/elements/index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/elements/${name}`, import.meta.url), 'utf8');

const TLE_FILES = ['stations.tle', 'amateur.tle', 'satvisor-amateur.tle', 'active-slice.tle'];

/** The fields a TLE carries; provenance (`source`, `tle`) and the name line are left out. */
function fields(el: ElementSet): Omit<ElementSet, 'source' | 'tle' | 'name'> {
  const { source: _s, tle: _t, name: _n, ...rest } = el;
  return rest;
}

function reparse(lines: { line1: string; line2: string }): ElementSet {
  const { elements, issues } = parseTle(`${lines.line1}\n${lines.line2}\n`, 'formatted');
  expect(issues).toEqual([]);
  return elements[0]!;
}

const ISS = parseTle(
  [
    'ISS (ZARYA)',
    '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995',
    '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884',
  ].join('\n'),
  't',
).elements[0]!;

describe('formatTle', () => {
  it('round-trips every fixture TLE: parse, format, parse gives the same fields', () => {
    for (const file of TLE_FILES) {
      const { elements } = parseTle(fixture(file), file);
      for (const el of elements) {
        const lines = formatTle(el);
        expect(lines, `${file} ${el.noradId}`).not.toBeNull();
        expect(fields(reparse(lines!)), `${file} ${el.noradId}`).toEqual(fields(el));
      }
    }
  });

  it('reproduces CelesTrak lines byte for byte', () => {
    for (const file of TLE_FILES) {
      for (const el of parseTle(fixture(file), file).elements) {
        expect(formatTle(el), `${file} ${el.noradId}`).toEqual(el.tle);
      }
    }
  });

  it('renders OMM sets as CelesTrak does, truncating eccentricity to 7 decimals', () => {
    const tles = new Map(
      parseTle(fixture('satvisor-amateur.tle'), 't').elements.map((e) => [e.noradId, e.tle]),
    );
    const omm = parseElements(fixture('satvisor-amateur.json'), 'j').elements;
    expect(omm).toHaveLength(96);
    for (const el of omm) expect(formatTle(el), String(el.noradId)).toEqual(tles.get(el.noradId));
    const ao10 = omm.find((e) => e.noradId === 14129)!;
    expect(ao10.eccentricity).toBe(0.60291924);
    expect(formatTle(ao10)?.line2.slice(26, 33)).toBe('6029192');
  });

  it('truncates eccentricities whose binary value falls just below the decimal', () => {
    expect(formatTle({ ...ISS, eccentricity: 0.0011968 })?.line2.slice(26, 33)).toBe('0011968');
    expect(formatTle({ ...ISS, eccentricity: 0.00234977 })?.line2.slice(26, 33)).toBe('0023497');
  });

  it('writes Alpha-5 catalogue numbers from 100000 to 339999 and refuses larger ones', () => {
    const a = formatTle({ ...ISS, noradId: 100_000 });
    expect(a?.line1.slice(2, 7)).toBe('A0000');
    expect(a?.line2.slice(2, 7)).toBe('A0000');
    expect(reparse(a!).noradId).toBe(100_000);
    expect(formatTle({ ...ISS, noradId: 339_999 })?.line1.slice(2, 7)).toBe('Z9999');
    expect(formatTle({ ...ISS, noradId: 340_000 })).toBeNull();
    expect(formatTle({ ...ISS, noradId: 270_000_123 })).toBeNull();
  });

  it('writes signs and implied exponents of n-dot, n-ddot and B*', () => {
    const lines = formatTle({
      ...ISS,
      meanMotionDot: -0.00000084,
      meanMotionDdot: -0.30915e-6,
      bstar: -0.13525e-3,
    })!;
    expect(lines.line1.slice(33, 61)).toBe('-.00000084 -30915-6 -13525-3');
    const rounded = formatTle({ ...ISS, bstar: 0.999996e-4 })!;
    expect(rounded.line1.slice(53, 61)).toBe(' 10000-3');
  });

  it('writes valid checksums, 69-character lines and blank optional fields', () => {
    const lines = formatTle({
      ...ISS,
      intlDesignator: null,
      elementSetNo: null,
      revAtEpoch: null,
    })!;
    for (const line of [lines.line1, lines.line2]) {
      expect(line).toHaveLength(69);
      expect(Number(line[68])).toBe(tleChecksum(line));
    }
    const back = reparse(lines);
    expect(back.intlDesignator).toBeNull();
    expect(back.elementSetNo).toBeNull();
    expect(back.revAtEpoch).toBeNull();
  });

  it('writes revolution numbers modulo 100000, as CelesTrak does', () => {
    expect(formatTle({ ...ISS, revAtEpoch: 174_583 })?.line2.slice(63, 68)).toBe('74583');
  });

  it('refuses values the TLE columns cannot hold', () => {
    expect(formatTle({ ...ISS, epochMs: Date.UTC(2057, 0, 1) })).toBeNull();
    expect(formatTle({ ...ISS, meanMotionDot: 1.2 })).toBeNull();
    expect(formatTle({ ...ISS, bstar: 1e-12 })).toBeNull();
    expect(formatTle({ ...ISS, elementSetNo: 10_000 })).toBeNull();
  });

  it('carries an epoch that rounds up to the next day into that day', () => {
    const epochMs = Date.UTC(2026, 11, 31) + 86_400_000 - 0.0001;
    expect(formatTle({ ...ISS, epochMs })?.line1.slice(18, 32)).toBe('27001.00000000');
  });
});
