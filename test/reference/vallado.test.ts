/**
 * SGP4 against Vallado's reference C++ output (AIAA 2006-6753 verification set, August 2010 code,
 * as shipped by python-sgp4; see sgp4-verification/README.md). Every row of tcppver.out is
 * recomputed through our own `parseTle` and `Orbit` and compared in TEME.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { Orbit, PropagationError } from '../../src/core/orbit/index.js';

const read = (name: string): string =>
  readFileSync(new URL(`./sgp4-verification/${name}`, import.meta.url), 'utf8');

const POSITION_TOLERANCE_KM = 1e-3;
const VELOCITY_TOLERANCE_KM_S = 1e-6;

interface Case {
  element: ElementSet;
  /** Verification run from line 2's extra columns, minutes since epoch. */
  startMin: number;
  stopMin: number;
  stepMin: number;
}

interface Block {
  satnum: number;
  /** tsince (min), x, y, z (km), vx, vy, vz (km/s). */
  rows: number[][];
}

/**
 * Where a verification run ends early, and why: the SGP4 error code at the next step. Derived
 * from the blocks that stop before their stop time, and matching the error list python-sgp4
 * checks for the same file ([1, 1, 6, 6, 4, 3, 6], in file order). Keys are `satnum#occurrence`.
 */
const EXPECTED_ERRORS: Record<string, { atMin: number; code: number }> = {
  '22312#1': { atMin: 494.2028672, code: 1 }, // mean eccentricity < -0.001 under extreme drag
  '28350#1': { atMin: 1560, code: 1 },
  '28872#1': { atMin: 55, code: 6 }, // sub-orbital Minotaur R/B: mrt < 1, decayed
  '29141#1': { atMin: 440, code: 6 },
  '33333#1': { atMin: 25, code: 4 }, // "check error code 4": semi-latus rectum < 0
  '20413#2': { atMin: 1_844_345, code: 6 },
};

/**
 * 33334 ("try and check error code 2") actually fails with code 3 (perturbed eccentricity) in
 * SGP4's initialisation call at tsince 0, so `Orbit`'s constructor throws. Its single row in
 * tcppver.out is not a result: the C++ driver re-printed the previous block's last state.
 */
const FAILS_AT_INITIALISATION: Record<number, number> = { 33334: 3 };

/** What `fn` throws, or undefined. */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

const round6 = (t: number): number => Math.round(t * 1e6) / 1e6;

/** SGP4-VER.TLE with comments blanked (line numbers kept) and the start/stop/step columns cut. */
function loadCases(): { text: string; runs: number[][] } {
  const runs: number[][] = [];
  const lines = read('SGP4-VER.TLE')
    .split(/\r?\n/)
    .map((line) => {
      if (line.startsWith('#')) return '';
      if (line.startsWith('2 ')) runs.push(line.slice(69).trim().split(/\s+/).map(Number));
      return line.slice(0, 69);
    });
  return { text: lines.join('\n'), runs };
}

function loadBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const line of read('tcppver.out').split(/\r?\n/)) {
    const header = /^\s*(\d+) xx\s*$/.exec(line);
    if (header) blocks.push({ satnum: Number(header[1]), rows: [] });
    else if (line.trim() !== '') {
      blocks.at(-1)!.rows.push(line.trim().split(/\s+/).slice(0, 7).map(Number));
    }
  }
  return blocks;
}

/** The tsince values the C++ driver prints: 0, then start..stop by step, then stop if missed. */
function scheduledTimes(c: Case): number[] {
  const times = [0];
  let t = c.startMin;
  while (t <= c.stopMin) {
    if (!(t === 0 && c.startMin === 0)) times.push(t);
    t += c.stepMin;
  }
  if (t - c.stopMin < c.stepMin - 1e-6) times.push(c.stopMin);
  return times;
}

describe('SGP4 against Vallado verification output (SGP4-VER.TLE, tcppver.out)', () => {
  const cases: Case[] = [];
  let blocks: Block[] = [];
  let text = '';

  beforeAll(() => {
    const loaded = loadCases();
    text = loaded.text;
    const { elements, issues } = parseTle(text, 'SGP4-VER.TLE', { verifyChecksum: false });
    expect(issues).toEqual([]);
    expect(loaded.runs).toHaveLength(elements.length);
    elements.forEach((element, i) => {
      const [startMin, stopMin, stepMin] = loaded.runs[i] as [number, number, number];
      cases.push({ element, startMin, stopMin, stepMin });
    });
    blocks = loadBlocks();
  });

  it('parses all 33 cases, with blocks in the same order (20413 twice)', () => {
    expect(cases).toHaveLength(33);
    expect(blocks.map((b) => b.satnum)).toEqual(cases.map((c) => c.element.noradId));
    expect(cases.filter((c) => c.element.noradId === 20413)).toHaveLength(2);
  });

  it('reports the deliberate checksum errors of 33333-33335, and only those, by default', () => {
    const { elements, issues } = parseTle(text, 'SGP4-VER.TLE');
    expect(elements).toHaveLength(30);
    expect(issues.map((i) => i.noradId)).toEqual([33333, 33334, 33335]);
    const mismatches = issues.flatMap((i) => i.reason.split('; '));
    expect(mismatches).toHaveLength(5);
    for (const m of mismatches) expect(m).toMatch(/^checksum mismatch on line [12]: expected/);
  });

  it('matches every reference row within 1 m and 1 mm/s, and fails exactly where SGP4 does', () => {
    const out = new Float64Array(6);
    const seen = new Map<number, number>();
    let maxPositionKm = 0;
    let maxVelocityKmS = 0;
    let rowsCompared = 0;
    cases.forEach((c, index) => {
      const { noradId } = c.element;
      const occurrence = (seen.get(noradId) ?? 0) + 1;
      seen.set(noradId, occurrence);
      const block = blocks[index]!;
      const label = `${noradId}#${occurrence}`;

      const initCode = FAILS_AT_INITIALISATION[noradId];
      if (initCode !== undefined) {
        const thrown = caught(() => new Orbit(c.element));
        expect(thrown, label).toBeInstanceOf(PropagationError);
        expect((thrown as PropagationError).code, label).toBe(initCode);
        expect(block.rows, label).toEqual([[0, ...blocks[index - 1]!.rows.at(-1)!.slice(1)]]);
        return;
      }

      const orbit = new Orbit(c.element);
      const times = scheduledTimes(c);
      expect(
        block.rows.map((r) => round6(r[0]!)),
        label,
      ).toEqual(times.slice(0, block.rows.length).map(round6));
      for (const [t, x, y, z, vx, vy, vz] of block.rows as [number, ...number[]][]) {
        expect(orbit.temeAtMinutesInto(t, out), `${label} t=${t}`).toBe(0);
        const dr = Math.hypot(out[0]! - x!, out[1]! - y!, out[2]! - z!);
        const dv = Math.hypot(out[3]! - vx!, out[4]! - vy!, out[5]! - vz!);
        expect(dr, `${label} t=${t} position`).toBeLessThan(POSITION_TOLERANCE_KM);
        expect(dv, `${label} t=${t} velocity`).toBeLessThan(VELOCITY_TOLERANCE_KM_S);
        maxPositionKm = Math.max(maxPositionKm, dr);
        maxVelocityKmS = Math.max(maxVelocityKmS, dv);
        rowsCompared++;
      }

      const expected = EXPECTED_ERRORS[label];
      if (block.rows.length === times.length) {
        expect(expected, `${label} runs its full range`).toBeUndefined();
        return;
      }
      const next = times[block.rows.length]!;
      expect(expected, `${label} stops before ${next} min`).toBeDefined();
      expect(next, label).toBeCloseTo(expected!.atMin, 6);
      expect(orbit.temeAtMinutesInto(next, out), `${label} t=${next}`).toBe(expected!.code);
      const thrown = caught(() => orbit.teme(c.element.epochMs + next * 60_000));
      expect(thrown, label).toBeInstanceOf(PropagationError);
      expect((thrown as PropagationError).code, label).toBe(expected!.code);
    });
    expect(rowsCompared).toBe(blocks.reduce((n, b) => n + b.rows.length, 0) - 1);
    expect([...seen.keys()].length).toBe(32);
    // Measured with satellite.js 7.1.0: 0.12 mm and 0.85 um/s (see sgp4-verification/README.md).
    console.log(
      `Vallado: worst position ${(maxPositionKm * 1e6).toFixed(3)} mm, velocity ${(maxVelocityKmS * 1e9).toFixed(3)} µm/s`,
    );
    expect(maxPositionKm).toBeLessThan(POSITION_TOLERANCE_KM);
    expect(maxVelocityKmS).toBeLessThan(VELOCITY_TOLERANCE_KM_S);
  });

  it('covers every early stop with an expected error; 33335 runs past its range without error 3', () => {
    const stopped = cases
      .map((c, i) => ({ c, rows: blocks[i]!.rows.length }))
      .filter(({ c, rows }) => rows < scheduledTimes(c).length)
      .map(({ c }) => c.element.noradId);
    expect(stopped).toEqual([22312, 28350, 28872, 29141, 33333, 33334, 20413]);
    const c33335 = cases.find((c) => c.element.noradId === 33335)!;
    const orbit = new Orbit(c33335.element);
    const next = c33335.stopMin + c33335.stepMin;
    expect(orbit.temeAtMinutesInto(next, new Float64Array(6))).toBe(0);
  });
});
