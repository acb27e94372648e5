import type { PropagationError } from '../orbit/errors.js';
import type { Site } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { BulkSearcher } from './bulk.js';
import type { Pass, PassSearch } from './types.js';
import {
  DEFAULT_VISIBILITY,
  type SunSource,
  type VisibilityConditions,
  type VisibleSegment,
  visibleSegments,
} from './visibility.js';

/** A pass with the parts of it in which the satellite can be seen. */
export interface PredictedPass extends Pass {
  visible: VisibleSegment[];
}

export interface PredictOptions extends PassSearch {
  sun: SunSource;
  /** Standard magnitude (1000 km, 90 deg phase); null when unknown. */
  stdMagnitude: number | null;
  visibility?: VisibilityConditions;
  /** Keep only passes with at least one visible segment. */
  visibleOnly?: boolean;
}

export interface PredictResult {
  passes: PredictedPass[];
  error: PropagationError | null;
}

/**
 * Passes of one satellite with their visible segments and brightness. Passes come from the bulk
 * search (`BulkSearcher`: the near-Earth fast path where it applies, `findPasses` elsewhere), which
 * finds the same passes as `findPasses` at a fraction of the cost.
 */
export function predictPasses(orbit: Orbit, site: Site, options: PredictOptions): PredictResult {
  const searcher = new BulkSearcher(
    [
      {
        site,
        minElevationDeg: options.minElevationDeg ?? 0,
        horizonMask: options.horizonMask ?? null,
      },
    ],
    { startMs: options.startMs, endMs: options.endMs },
  );
  const found = searcher.search(orbit);
  const conditions = options.visibility ?? DEFAULT_VISIBILITY;
  const passes: PredictedPass[] = [];
  for (const pass of found.passes[0] ?? []) {
    const visible = visibleSegments(
      orbit,
      site,
      pass,
      options,
      options.sun,
      options.stdMagnitude,
      conditions,
    );
    if (options.visibleOnly && visible.length === 0) continue;
    passes.push({ ...pass, visible });
  }
  return { passes, error: found.error };
}
