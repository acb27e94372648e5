/**
 * Pass-finder benchmark (issue 2): passwatch's root-finding pass search against a naive fixed
 * 10 s scan with satellite.js on the same work, measured side by side in one run.
 *
 *   node --import tsx bench/passes.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  degreesToRadians,
  ecfToLookAngles,
  eciToEcf,
  gstime,
  propagate,
  twoline2satrec,
} from 'satellite.js';
import { type ElementSet, parseTle } from '../src/core/elements/index.js';
import { Orbit, Site } from '../src/core/orbit/index.js';
import { findPasses } from '../src/core/passes/index.js';

const DATA = fileURLToPath(new URL('./data/active.tle', import.meta.url));
const START = Date.parse('2026-08-22T00:00:00Z');
const DAY = 86_400_000;
const OBSERVER = { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 };

export interface BenchRow {
  case: string;
  [column: string]: string | number;
}

export interface NaivePass {
  aos: number;
  los: number;
}

/** The naive way: satellite.js at every 10 s step, a pass = consecutive samples above 0 deg. */
export function naiveScan(
  el: ElementSet,
  startMs: number,
  endMs: number,
): { passes: NaivePass[]; evals: number } {
  const tle = el.tle!;
  const satrec = twoline2satrec(tle.line1, tle.line2);
  const observer = {
    latitude: degreesToRadians(OBSERVER.latitudeDeg),
    longitude: degreesToRadians(OBSERVER.longitudeDeg),
    height: OBSERVER.altitudeM / 1000,
  };
  const passes: NaivePass[] = [];
  let aos: number | null = null;
  let evals = 0;
  for (let t = startMs; t < endMs; t += 10_000) {
    const date = new Date(t);
    const pv = propagate(satrec, date);
    evals++;
    if (!pv) break;
    const look = ecfToLookAngles(observer, eciToEcf(pv.position, gstime(date)));
    const up = look.elevation > 0;
    if (up && aos === null) aos = t;
    if (!up && aos !== null) {
      passes.push({ aos, los: t });
      aos = null;
    }
  }
  return { passes, evals };
}

/** Same passes: every complete pass of one method has a partner in the other within 10 s. */
function samePasses(ours: { aos: number; los: number }[], naive: NaivePass[]): boolean {
  if (ours.length !== naive.length) return false;
  return ours.every((p, i) => {
    const q = naive[i]!;
    return Math.abs(p.aos - q.aos) <= 10_000 && Math.abs(p.los - q.los) <= 10_000;
  });
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function runCase(name: string, sets: ElementSet[], days: number): BenchRow {
  const endMs = START + days * DAY;
  const site = new Site(OBSERVER);
  // Warm both paths once so the JIT does not favour whichever runs second.
  findPasses(new Orbit(sets[0]!), site, { startMs: START, endMs: START + DAY });
  naiveScan(sets[0]!, START, START + DAY);

  const ours = time(() =>
    sets.map((el) => {
      const r = findPasses(new Orbit(el), site, { startMs: START, endMs: endMs });
      return {
        evaluations: r.evaluations,
        passes: r.passes
          .filter((p) => p.aos && p.los)
          .map((p) => ({ aos: p.aos!.timeMs, los: p.los!.timeMs })),
      };
    }),
  );
  const naive = time(() => sets.map((el) => naiveScan(el, START, endMs)));
  const passCount = ours.value.reduce((n, r) => n + r.passes.length, 0);
  const evals = ours.value.reduce((n, r) => n + r.evaluations, 0);
  const naiveEvals = naive.value.reduce((n, r) => n + r.evals, 0);
  const same = ours.value.every((r, i) => {
    // Ignore passes cut by the window: the naive scan cannot tell them apart.
    const naivePasses = naive.value[i]!.passes.filter((p) => p.aos > START);
    return samePasses(r.passes, naivePasses);
  });
  return {
    case: name,
    passes: passCount,
    'passwatch ms': Math.round(ours.ms),
    'naive 10 s ms': Math.round(naive.ms),
    speedup: `${(naive.ms / ours.ms).toFixed(1)}x`,
    'SGP4 evals/pass': Math.round(evals / Math.max(1, passCount)),
    'naive evals/pass': Math.round(naiveEvals / Math.max(1, passCount)),
    'same passes': same ? 'yes' : 'NO',
  };
}

export function benchPasses(): BenchRow[] {
  const { elements } = parseTle(readFileSync(DATA, 'utf8'), DATA);
  const iss = elements.find((e) => e.noradId === 25544)!;
  // 100 LEO satellites spread through the catalogue (every k-th with > 11 rev/day).
  const leo = elements.filter((e) => e.meanMotionRevPerDay > 11 && e.tle !== null);
  const step = Math.floor(leo.length / 100);
  const hundred = Array.from({ length: 100 }, (_, i) => leo[i * step]!);
  return [runCase('ISS, 10 days', [iss], 10), runCase('100 LEO, 7 days', hundred, 7)];
}

export function printTable(title: string, rows: BenchRow[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const cells = [cols, ...rows.map((r) => cols.map((c) => String(r[c] ?? '')))];
  const widths = cols.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  console.log(`\n${title}`);
  for (const [i, r] of cells.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j]!)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTable('Pass finding (observer 52N 5E, elevation >= 0)', benchPasses());
}
