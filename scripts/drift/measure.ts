/**
 * Measure how far SGP4 predictions from old element sets drift, per orbit class and age.
 * Run: `nice node --import tsx scripts/drift/measure.ts` (reads scripts/drift/data/, written by
 * make-sample.ts from shared/data; no network). Uses passwatch's own SGP4 (satellite.js 7.1,
 * through src/core) and pass finder.
 *
 * For every sampled object: the old set (2026-07-10 or 2026-04-27 snapshot) is propagated to the
 * epoch T of the same object's 2026-08-21/22 set, and compared with that set at its own epoch
 * (where SGP4 is good to about a kilometre): position error, TEME, km. Then passes over a fixed
 * observer (52.0N 5.0E, 0 m, AOS/LOS at 0 deg) in [T, T + 2 days) from both sets: a pass of the
 * new set is matched with the old set's pass whose AOS is nearest, within half an orbit; AOS and
 * LOS errors of matched passes in seconds, and passes (max elevation >= 5 deg) of either set
 * without a partner ("missed or phantom").
 *
 * Writes scripts/drift/drift.json, scripts/drift/drift.md and src/format/drift-measured.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { Orbit, Site } from '../../src/core/orbit/index.js';
import { findPasses, type Pass } from '../../src/core/passes/finder.js';
import { quantile } from '../../src/core/stats.js';
import { ORBIT_CLASSES, type OrbitClassId } from '../../src/format/drift.js';
import type { DriftRow } from '../../src/format/drift-measured.js';
import { VERSION } from '../../src/version.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const DAY_MS = 86_400_000;
const OBSERVER = { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 };
const WINDOW_DAYS = 2;
const MIN_PEAK_FOR_MISS_DEG = 5;

function load(name: string): Map<number, ElementSet> {
  const text = gunzipSync(readFileSync(join(here, 'data', name))).toString('utf8');
  return new Map(parseTle(text, name).elements.map((e) => [e.noradId, e]));
}

const site = new Site(OBSERVER);

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r1 = (x: number) => Math.round(x * 10) / 10;

interface Measured {
  noradId: number;
  ageDays: number;
  positionKm: number | null;
  timing: number[];
  refPasses: number;
  unmatched: number;
  error: string | null;
}

function measureOne(old: ElementSet, ref: ElementSet): Measured {
  const t = ref.epochMs;
  const out: Measured = {
    noradId: ref.noradId,
    ageDays: (t - old.epochMs) / DAY_MS,
    positionKm: null,
    timing: [],
    refPasses: 0,
    unmatched: 0,
    error: null,
  };
  let oldOrbit: Orbit;
  let refOrbit: Orbit;
  try {
    oldOrbit = new Orbit(old);
    refOrbit = new Orbit(ref);
  } catch (error) {
    out.error = String(error);
    return out;
  }
  const a = new Float64Array(6);
  const b = new Float64Array(6);
  const ea = oldOrbit.temeInto(t, a);
  const eb = refOrbit.temeInto(t, b);
  if (ea !== 0 || eb !== 0) {
    out.error = `SGP4 error ${ea || eb}`;
    return out;
  }
  out.positionKm = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
  const search = { startMs: t, endMs: t + WINDOW_DAYS * DAY_MS, minElevationDeg: 0 };
  const refPasses = findPasses(refOrbit, site, search).passes.filter((p) => !p.truncated);
  const oldPasses = findPasses(oldOrbit, site, search).passes.filter((p) => !p.truncated);
  const halfOrbitMs = (refOrbit.periodMinutes * 60_000) / 2;
  const used = new Set<Pass>();
  for (const p of refPasses) {
    out.refPasses++;
    let best: Pass | null = null;
    for (const q of oldPasses) {
      if (used.has(q)) continue;
      const d = Math.abs(q.aos!.timeMs - p.aos!.timeMs);
      if (d < halfOrbitMs && (best === null || d < Math.abs(best.aos!.timeMs - p.aos!.timeMs))) {
        best = q;
      }
    }
    if (best === null) {
      if (p.maxElevationDeg >= MIN_PEAK_FOR_MISS_DEG) out.unmatched++;
      continue;
    }
    used.add(best);
    out.timing.push(Math.abs(best.aos!.timeMs - p.aos!.timeMs) / 1000);
    out.timing.push(Math.abs(best.los!.timeMs - p.los!.timeMs) / 1000);
  }
  for (const q of oldPasses) {
    if (!used.has(q) && q.maxElevationDeg >= MIN_PEAK_FOR_MISS_DEG) out.unmatched++;
  }
  return out;
}

/** The drift table: one row per old snapshot and orbit class, and the per-object figures. */
export function measureDrift(): { rows: DriftRow[]; perObject: Record<string, Measured[]> } {
  const sample = JSON.parse(readFileSync(join(here, 'data', 'sample.json'), 'utf8')) as Record<
    string,
    Record<OrbitClassId, number[]>
  >;
  const reference = load('reference-2026-08-22.tle.gz');
  const rows: DriftRow[] = [];
  const perObject: Record<string, Measured[]> = {};
  for (const [snapshot, classes] of Object.entries(sample)) {
    const old = load(`old-${snapshot}.tle.gz`);
    for (const cls of ORBIT_CLASSES) {
      const ids = classes[cls.id] ?? [];
      const measured = ids.map((id) => measureOne(old.get(id)!, reference.get(id)!));
      perObject[`${snapshot}/${cls.id}`] = measured;
      const ok = measured.filter((m) => m.positionKm !== null);
      if (ok.length === 0) continue;
      const timing = ok.flatMap((m) => m.timing);
      const refPasses = ok.reduce((s, m) => s + m.refPasses, 0);
      const unmatched = ok.reduce((s, m) => s + m.unmatched, 0);
      rows.push({
        orbitClass: cls.id,
        snapshot,
        ageDays: r1(
          quantile(
            ok.map((m) => m.ageDays),
            0.5,
          ),
        ),
        objects: ok.length,
        positionKm: {
          median: r1(
            quantile(
              ok.map((m) => m.positionKm!),
              0.5,
            ),
          ),
          p90: r1(
            quantile(
              ok.map((m) => m.positionKm!),
              0.9,
            ),
          ),
        },
        passTimeSeconds:
          timing.length === 0
            ? null
            : {
                median: r1(quantile(timing, 0.5)),
                p90: r1(quantile(timing, 0.9)),
                passes: timing.length / 2,
              },
        missedPassShare: refPasses === 0 ? 0 : r3(unmatched / refPasses),
      });
    }
  }
  return { rows, perObject };
}

function writeAll(): void {
  const { rows, perObject } = measureDrift();
  const measuredOn = new Date().toISOString().slice(0, 10);
  const meta = {
    measured: measuredOn,
    tool: `passwatch ${VERSION} (satellite.js 7.1 SGP4), Node ${process.version}`,
    observer: OBSERVER,
    windowDays: WINDOW_DAYS,
    reference: 'CelesTrak GROUP=active, 2026-08-22 (HorvathAndreas/tle-mirror bbdf074)',
    oldSnapshots: {
      '2026-07-10': 'CelesTrak GROUP=active, ~2026-07-10 (caelo-works/tle-mirror f1e8d72)',
      '2026-04-27':
        'CelesTrak stations/amateur/visual/weather/gnss/geo, 2026-04-27 (satvisorcom/satvisor-data 83cee19)',
    },
  };
  writeFileSync(
    join(here, 'drift.json'),
    `${JSON.stringify({ ...meta, rows, objects: perObject }, (_k, v) => (typeof v === 'number' ? r3(v) : v), 1)}\n`,
  );

  const label = (id: OrbitClassId) => ORBIT_CLASSES.find((c) => c.id === id)!.label;
  let md = `| orbit class | old snapshot | age (median) | objects | position error median / p90 | AOS/LOS error median / p90 (passes) | missed or phantom passes |\n`;
  md += `| --- | --- | ---: | ---: | ---: | ---: | ---: |\n`;
  for (const r of rows) {
    md += `| ${label(r.orbitClass)} | ${r.snapshot} | ${r.ageDays} d | ${r.objects} | ${r.positionKm.median} / ${r.positionKm.p90} km | ${
      r.passTimeSeconds
        ? `${r.passTimeSeconds.median} / ${r.passTimeSeconds.p90} s (${r.passTimeSeconds.passes})`
        : 'no passes (always up or never up)'
    } | ${r.passTimeSeconds ? `${r1(r.missedPassShare * 100)}%` : '—'} |\n`;
  }
  md = `Measured ${measuredOn} with ${meta.tool}; observer 52.0N 5.0E, passes over ${WINDOW_DAYS} days from the reference epoch.\n\n${md}`;
  writeFileSync(join(here, 'drift.md'), md);

  writeFileSync(
    join(root, 'src', 'format', 'drift-measured.ts'),
    `/**
 * Generated by scripts/drift/measure.ts (${measuredOn}, ${meta.tool}): do not edit by hand.
 * Old element sets propagated to the epoch of the same objects' 2026-08-22 sets, per orbit class.
 */
export interface DriftRow {
  orbitClass: 'leo-low' | 'leo-high' | 'meo' | 'geo' | 'heo';
  /** Old snapshot the sets came from. */
  snapshot: string;
  /** Median age of the old sets at the reference epoch, days. */
  ageDays: number;
  objects: number;
  /** Position error against the reference set at its epoch, km. */
  positionKm: { median: number; p90: number };
  /** AOS/LOS error of matched passes over 52N 5E, s; null when no passes (GEO). */
  passTimeSeconds: { median: number; p90: number; passes: number } | null;
  /** Passes (peak >= 5 deg) of either set without a partner, per pass of the reference set. */
  missedPassShare: number;
}

export const DRIFT_MEASURED: { measured: string; rows: DriftRow[] } = ${JSON.stringify(
      { measured: measuredOn, rows },
      null,
      2,
    )};
`,
  );
  console.log(md);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeAll();
