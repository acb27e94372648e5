/**
 * Close-approach screening (src/core/conjunction): one satellite against the whole active
 * catalogue for 7 days, and the ratio to a brute-force python-sgp4 screen
 * (test/reference/conjunctions/brute_force.py, every 10 s, no filters) on the same sample,
 * measured side by side in this run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { screenConjunctions } from '../src/core/conjunction/index.js';
import { parseTle } from '../src/core/elements/index.js';
import { Orbit } from '../src/core/orbit/index.js';
import type { BenchRow } from './passes.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const START = '2026-08-22T12:00:00Z';
const PYTHON = '/usr/bin/python3';

function orbitsOf(text: string): Orbit[] {
  const out: Orbit[] = [];
  for (const e of parseTle(text, 'bench').elements) {
    try {
      out.push(new Orbit(e));
    } catch {
      // SGP4 cannot start it: not screened (as in the catalog).
    }
  }
  return out;
}

export function benchConjunctions(): BenchRow[] {
  const rows: BenchRow[] = [];
  const catalog = orbitsOf(readFileSync(join(here, 'data', 'active.tle'), 'utf8'));
  const startMs = Date.parse(START);
  // Warm up the JIT on a short window.
  screenConjunctions(catalog.find((o) => o.noradId === 25544)!, catalog, {
    startMs,
    days: 0.2,
    maxKm: 5,
  });
  for (const id of [25544, 48274]) {
    for (const maxKm of [5, 25]) {
      const primary = catalog.find((o) => o.noradId === id)!;
      const t0 = performance.now();
      const { approaches, stats } = screenConjunctions(primary, catalog, {
        startMs,
        days: 7,
        maxKm,
      });
      const s = (performance.now() - t0) / 1000;
      rows.push({
        case: `${primary.elements.name} vs ${catalog.length - 1} objects, 7 days, < ${maxKm} km`,
        seconds: s.toFixed(2),
        'after ap/pe': stats.afterApogeePerigee,
        'after path': stats.afterPath,
        windows: stats.windows,
        'SGP4 calls': stats.propagations,
        approaches: approaches.length,
      });
    }
  }

  // Ratio on a sample: the ISS and the first 10 secondaries of the reference sample, 1 day.
  const sampleText = readFileSync(
    join(here, '..', 'test', 'reference', 'conjunctions', 'sample.tle'),
    'utf8',
  );
  const lines = sampleText.split('\n').filter((l) => l.trim() !== '');
  const small = `${lines.slice(0, 3 * 11).join('\n')}\n`;
  const [primary, ...others] = orbitsOf(small);
  const days = 1;
  const repeats = 20;
  const t0 = performance.now();
  let ours = 0;
  for (let k = 0; k < repeats; k++) {
    ours = screenConjunctions(primary!, others, { startMs, days, maxKm: 25 }).approaches.length;
  }
  const oursS = (performance.now() - t0) / 1000 / repeats;
  let pythonS: number | null = null;
  let theirs: number | null = null;
  try {
    const dir = mkdtempSync(join(tmpdir(), 'passwatch-bench-'));
    writeFileSync(join(dir, 'sample.tle'), small);
    const out = JSON.parse(
      execFileSync(
        PYTHON,
        [
          join(here, '..', 'test', 'reference', 'conjunctions', 'brute_force.py'),
          join(dir, 'sample.tle'),
          START,
          String(days),
          '25',
          '10',
        ],
        { encoding: 'utf8' },
      ),
    ) as { elapsedSeconds: number; approaches: { relativeSpeedKmS: number }[] };
    pythonS = out.elapsedSeconds;
    theirs = out.approaches.filter((a) => a.relativeSpeedKmS >= 0.01).length;
  } catch (error) {
    console.log(
      `\nconjunction ratio: python-sgp4 brute force not run (${(error as Error).message})`,
    );
  }
  rows.push({
    case: `ISS vs 10 sample objects, 1 day, < 25 km: passwatch (mean of ${repeats})`,
    seconds: oursS.toFixed(4),
    approaches: ours,
  });
  if (pythonS !== null) {
    rows.push({
      case: 'same sample: brute-force python-sgp4 2.15 (pure Python), 10 s steps',
      seconds: pythonS.toFixed(2),
      approaches: theirs ?? '',
      ratio: `${Math.round(pythonS / oursS)}x slower`,
    });
  }
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? ''])) as BenchRow);
}
