/** `passwatch passes --all`: every object of an element file, searched on worker threads. */
import { bundledStdMagnitude } from '../catalog/magnitudes.js';
import { PassPool } from '../compute/pass-pool.js';
import { type Observer, Orbit, Site } from '../core/orbit/index.js';
import {
  DEFAULT_STALE_AFTER_DAYS,
  type HorizonMask,
  type PredictedPass,
  visibleSegments,
} from '../core/passes/index.js';
import { SunTrack } from '../core/sky/index.js';
import { passJson } from '../format/pass-json.js';
import type { CliIo } from './io.js';
import { loadElements } from './passes-input.js';

export interface AllOptions {
  path: string;
  observer: Observer;
  startMs: number;
  endMs: number;
  minElevationDeg: number;
  horizonMask: HorizonMask | null;
  maxSunElevationDeg: number;
  visibleOnly: boolean;
  zone: string | null;
  count: boolean;
  json: boolean;
  threads: number | undefined;
}

/** `--all`: every object of the file, searched on a pool of worker threads. */
export async function runAll(io: CliIo, o: AllOptions): Promise<number> {
  const pool = new PassPool({ threads: o.threads });
  // Start the threads while the file is read and parsed.
  pool.warm();
  try {
    const t0 = performance.now();
    const elements = await loadElements(o.path, io);
    const t1 = performance.now();
    const site = { observer: o.observer, minElevationDeg: o.minElevationDeg };
    const result = await pool.search(
      elements,
      [{ ...site, horizonMask: o.horizonMask?.points ?? null }],
      { startMs: o.startMs, endMs: o.endMs },
    );
    const t2 = performance.now();
    // The workers' memory is not needed for printing.
    await pool.close();
    const errors: { noradId: number; name: string; error: string; time: string | null }[] = [];
    let stale = 0;
    for (let i = 0; i < result.objectCount; i++) {
      const obj = result.object(i);
      if (obj.stale) stale++;
      if (!obj.error) continue;
      const invalid = obj.error.kind === 'invalid-elements';
      errors.push({
        noradId: obj.noradId,
        name: elements[i]!.name,
        error: obj.error.message,
        time: invalid ? null : new Date(obj.error.epochMs).toISOString(),
      });
      io.err(
        `passwatch: warning: ${obj.error.message}; ${invalid ? 'no passes' : 'passes after it cannot be predicted'}\n`,
      );
    }
    if (stale > 0) {
      io.err(
        `passwatch: warning: ${stale} element set${stale === 1 ? ' is' : 's are'} more than ${DEFAULT_STALE_AFTER_DAYS} days from the window (stale); their passes are less accurate\n`,
      );
    }
    if (o.count && !o.visibleOnly) {
      const summary = {
        passes: result.passCount,
        objects: result.objectCount,
        errors: errors.length,
        stale,
        seconds: round3((t2 - t0) / 1000),
        readSeconds: round3((t1 - t0) / 1000),
        searchSeconds: round3((t2 - t1) / 1000),
        evaluations: result.evaluations,
      };
      io.out(
        o.json
          ? `${JSON.stringify(summary)}\n`
          : `${summary.passes} passes of ${summary.objects} objects in ${summary.seconds.toFixed(2)} s ` +
              `(read ${summary.readSeconds.toFixed(2)} s, search ${summary.searchSeconds.toFixed(2)} s)\n`,
      );
      return 0;
    }
    // Passes, object by object; with --visible-only, each with its visible segments.
    const sun = o.visibleOnly ? new SunTrack(o.startMs, o.endMs) : null;
    const siteObj = new Site(o.observer);
    const window = { startMs: o.startMs, endMs: o.endMs, minElevationDeg: o.minElevationDeg };
    let count = 0;
    let first = true;
    if (o.json) io.out('{"passes":[');
    for (let i = 0; i < result.objectCount; i++) {
      const passes = result.passes(i, 0);
      if (passes.length === 0) continue;
      const el = elements[i]!;
      let predicted: PredictedPass[] = passes.map((p) => ({ ...p, visible: [] }));
      if (sun) {
        const orbit = new Orbit(el);
        const std = bundledStdMagnitude(el.noradId, el.meanMotionRevPerDay)?.stdMag ?? null;
        const conditions = { maxSunElevationDeg: o.maxSunElevationDeg };
        predicted = passes
          .map((p) => ({
            ...p,
            visible: visibleSegments(orbit, siteObj, p, window, sun, std, conditions),
          }))
          .filter((p) => p.visible.length > 0);
      }
      count += predicted.length;
      if (!o.json) continue;
      const magnitudeSource =
        bundledStdMagnitude(el.noradId, el.meanMotionRevPerDay)?.source ?? null;
      const lines = predicted.map((p) =>
        JSON.stringify({ ...passJson(p, el, o.zone), magnitudeSource }),
      );
      if (lines.length === 0) continue;
      io.out(`${first ? '\n' : ',\n'}${lines.join(',\n')}`);
      first = false;
    }
    if (o.json) {
      io.out(`\n],"errors":${JSON.stringify(errors)}}\n`);
    } else {
      const seconds = (performance.now() - t0) / 1000;
      io.out(
        `${count} visible passes of ${result.objectCount} objects in ${seconds.toFixed(2)} s\n`,
      );
    }
    return 0;
  } finally {
    await pool.close();
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
