/**
 * Catalog load benchmark: the full active catalogue (bench/data/active.tle, 16,069 objects;
 * bench/data/active.csv, 15,985) read from a file source, checked, stored in the SQLite store and
 * applied to the in-memory Catalog; an update where every object changes; and a restart that
 * loads the stored catalogue into memory. Each case runs in its own process so that its peak
 * RSS is its own. Target: under 3 s and under 300 MB RSS for the whole catalogue.
 *
 * Alone: `node --import tsx bench/catalog.ts`; from a runner: `await benchCatalog()` (rows fit
 * `BenchRow` / `printTable` of bench/passes.ts).
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './passes.js';

const SELF = fileURLToPath(import.meta.url);
const DATA = fileURLToPath(new URL('./data/', import.meta.url));

export interface CatalogBenchRow extends BenchRow {
  case: string;
  objects: number;
  /** Wall time: read, parse, check, store, and update the in-memory Catalog (or, for a
   * restart, open the store and load the Catalog from it). */
  seconds: number;
  /** Peak resident set size of the whole process (Node + tsx included), MB. */
  peakRssMb: number;
  target: string;
  meetsTarget: 'yes' | 'no';
}

interface Case {
  name: string;
  /** Files refreshed into the store in this order, before the measured step (not timed). */
  before: string[];
  /** The measured step: refresh this file, or reopen the store and load the catalog. */
  step: { refresh: string } | 'restart';
}

const CASES: Case[] = [
  {
    name: 'active.tle (TLE, 2026-08-22): refresh into an empty store and memory',
    before: [],
    step: { refresh: 'active.tle' },
  },
  {
    name: 'active.csv (OMM CSV, 2026-07-10): refresh into an empty store and memory',
    before: [],
    step: { refresh: 'active.csv' },
  },
  {
    name: 'active.tle over active.csv: refresh where every object changes',
    before: ['active.csv'],
    step: { refresh: 'active.tle' },
  },
  {
    name: 'restart: open the store holding active.tle, load the catalog into memory',
    before: ['active.tle'],
    step: 'restart',
  },
];

const TARGET_SECONDS = 3;
const TARGET_RSS_MB = 300;

/** Run every case (each in fresh processes) and return one row each. */
export async function benchCatalog(): Promise<CatalogBenchRow[]> {
  const rows: CatalogBenchRow[] = [];
  for (let i = 0; i < CASES.length; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'passwatch-bench-'));
    try {
      // Preparation runs in its own process, so that it does not count in the peak RSS.
      if (CASES[i]!.before.length > 0) await runChild(['--prepare', String(i), dir]);
      rows.push(JSON.parse(await runChild(['--case', String(i), dir])) as CatalogBenchRow);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench ${args.join(' ')} exited with ${code}`));
      else resolve(out);
    });
  });
}

async function openFor(dir: string, file: string) {
  const { loadConfig } = await import('../src/config/index.js');
  const { openCatalog } = await import('../src/catalog/service/index.js');
  const config = loadConfig(
    {
      PASSWATCH_DATA_DIR: dir,
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'active', path: join(DATA, file) }]),
      // Two snapshots 6 weeks apart: objects come and go.
      PASSWATCH_MAX_DROP_SHARE: '1',
    },
    { cwd: dir },
  );
  return openCatalog(config, { clock: Date.now, log: () => {} });
}

async function refresh(dir: string, file: string): Promise<number> {
  const opened = await openFor(dir, file);
  try {
    opened.catalog.replaceAll(opened.store.loadObjects(), ['startup']);
    const [report] = await opened.refresher.refresh({ force: true });
    if (report?.outcome !== 'updated') {
      throw new Error(`refresh of ${file}: ${report?.outcome} ${report?.reason}`);
    }
    return opened.catalog.size;
  } finally {
    opened.store.close();
  }
}

async function prepare(index: number, dir: string): Promise<void> {
  for (const file of CASES[index]!.before) await refresh(dir, file);
}

/** One case, in this process. */
async function runCase(index: number, dir: string): Promise<CatalogBenchRow> {
  const c = CASES[index]!;
  // Load the code first: module loading is start-up cost, not catalogue loading.
  await import('../src/main.js');
  const t0 = performance.now();
  let objects: number;
  if (c.step === 'restart') {
    const opened = await openFor(dir, c.before.at(-1)!);
    opened.catalog.replaceAll(opened.store.loadObjects(), ['startup']);
    objects = opened.catalog.size;
    opened.store.close();
  } else {
    objects = await refresh(dir, c.step.refresh);
  }
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return {
    case: c.name,
    objects,
    seconds: round(seconds),
    peakRssMb: Math.round(peakRssMb),
    target: `< ${TARGET_SECONDS} s, < ${TARGET_RSS_MB} MB`,
    meetsTarget: seconds < TARGET_SECONDS && peakRssMb < TARGET_RSS_MB ? 'yes' : 'no',
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (process.argv[1] === SELF) {
  const [flag, index, dir] = process.argv.slice(2);
  if (flag === '--case' && index !== undefined && dir !== undefined) {
    process.stdout.write(JSON.stringify(await runCase(Number(index), dir)));
  } else if (flag === '--prepare' && index !== undefined && dir !== undefined) {
    await prepare(Number(index), dir);
  } else {
    console.table(await benchCatalog());
  }
}
