/**
 * What the features share about predictions over the catalog: `PassItem` (a pass of a catalog
 * record), the naked-eye magnitude limit, and `Predictions`, a satellite's track from an observer
 * (the sky chart's). Passes come straight from the driver: `predictOne` for one record,
 * `predictMany` (or `PredictionPool.many` on worker threads) for many, each given the catalog's
 * orbits (`catalog.recordOrbit`).
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import { nextTurn } from '../compute/slices.js';
import type { Observer } from '../core/orbit/index.js';
import { Site } from '../core/orbit/index.js';
import { type TrackPoint, trackPoints } from '../core/passes/index.js';
import { SunTrack } from '../core/sky/index.js';
import { failedError, orbitOrError, type PassError, type TargetPass } from './many.js';

/** A predicted pass with what the API, feeds and alerts need around it. */
export type PassItem = TargetPass<CatalogRecord>;

/** The naked-eye limit under a dark sky: fainter objects are sunlit, not visible. */
export const DEFAULT_MAX_MAGNITUDE = 6;

export class Predictions {
  constructor(private readonly catalog: Catalog) {}

  /**
   * A satellite's track from an observer, computed in pieces of `piecePoints` with a yield to the
   * event loop between them (a 20,000-point track takes most of a second), stopping when
   * `signal` aborts.
   */
  async track(
    record: CatalogRecord,
    observer: Observer,
    span: { startMs: number; endMs: number; stepMs: number },
    options: { signal?: AbortSignal; piecePoints?: number } = {},
  ): Promise<{ points: TrackPoint[]; error: PassError | null }> {
    const orbit = orbitOrError(record, span.startMs, this.catalog.recordOrbit);
    if ('message' in orbit) return { points: [], error: orbit };
    const sun = new SunTrack(span.startMs, span.endMs);
    const site = new Site(observer);
    const { startMs, endMs, stepMs } = span;
    const count = Math.floor((endMs - startMs) / stepMs);
    const piece = Math.max(1, options.piecePoints ?? 1000);
    const points: TrackPoint[] = [];
    let r: ReturnType<typeof trackPoints> = { points: [], error: null };
    // Pieces on the same grid as one call: points i0..i1, the last piece also ends at endMs.
    for (let i0 = 0; i0 <= count; i0 += piece) {
      if (i0 > 0) {
        await nextTurn();
        options.signal?.throwIfAborted();
      }
      const i1 = Math.min(count, i0 + piece - 1);
      const sub = {
        startMs: startMs + i0 * stepMs,
        endMs: i1 === count ? endMs : startMs + i1 * stepMs,
        stepMs,
      };
      try {
        r = trackPoints(orbit, site, sub, sun, record.stdMagnitude);
      } catch (error) {
        return { points, error: failedError(record, sub.startMs, error) };
      }
      points.push(...r.points);
      if (r.error) break;
    }
    return {
      points,
      error: r.error
        ? {
            noradId: record.noradId,
            name: record.name,
            message: r.error.message,
            atMs: r.error.epochMs,
            kind: 'propagation' as const,
            detail: r.error.message,
          }
        : null,
    };
  }
}
