/**
 * Pass predictions over the catalog, shared by the HTTP API, the calendar feeds and the alert
 * planner: one satellite or many, with visibility and magnitudes, as core objects (the JSON is
 * `format/pass-json.ts`'s).
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import { nextTurn } from '../compute/slices.js';
import type { Observer, Orbit } from '../core/orbit/index.js';
import { Site } from '../core/orbit/index.js';
import { type SunSource, type TrackPoint, trackPoints } from '../core/passes/index.js';
import { SunTrack } from '../core/sky/index.js';
import {
  DeadlineExceeded,
  failedError,
  orbitOrError,
  type PassError,
  type PassQuery,
  passStart,
  predictMany,
  predictOne,
  type TargetPass,
} from './many.js';
import type { PredictionPool } from './pool.js';

export { DeadlineExceeded, type PassError, type PassQuery, passStart };

/** A predicted pass with what the API, feeds and alerts need around it. */
export type PassItem = TargetPass<CatalogRecord>;

export interface ManyResult {
  items: PassItem[];
  errors: PassError[];
}

/** The naked-eye limit under a dark sky: fainter objects are sunlit, not visible. */
export const DEFAULT_MAX_MAGNITUDE = 6;

export class Predictions {
  /**
   * @param pool Worker threads for `many` (each object then searched off the event loop);
   *   without one, `many` computes on the calling thread in slices.
   */
  constructor(
    private readonly catalog: Catalog,
    private readonly pool: PredictionPool | null = null,
  ) {}

  /** The record's orbit from the catalog's cache (null: SGP4 cannot use its element set). */
  private readonly orbit = (record: CatalogRecord): Orbit | null =>
    this.catalog.orbit(record.noradId) ?? null;

  private lastSun: SunTrack | null = null;

  /**
   * The Sun over a window, shared by every satellite of one request, and by the next requests
   * over the same window (the Sun does not depend on the site): the last one is kept.
   */
  sun(startMs: number, endMs: number): SunTrack {
    if (this.lastSun?.startMs !== startMs || this.lastSun.endMs !== endMs) {
      this.lastSun = new SunTrack(startMs, endMs);
    }
    return this.lastSun;
  }

  /**
   * Passes of one catalog object. Never throws for the object's sake: whatever fails while
   * predicting it (SGP4 or anything else) comes back as `error`, so one bad object cannot fail
   * an answer about many.
   */
  passes(
    record: CatalogRecord,
    q: PassQuery,
    sun: SunSource = this.sun(q.startMs, q.endMs),
  ): {
    items: PassItem[];
    error: PassError | null;
  } {
    const { items, error } = predictOne(record, q, sun, this.orbit);
    return { items, error };
  }

  /**
   * Passes of many objects merged in time order, on the pool's worker threads when there is a
   * pool (the same answer), otherwise here, yielding to the event loop every `sliceMs` of work.
   * Either way health checks and other requests are answered meanwhile. Gives up with
   * `DeadlineExceeded` once `timeoutSeconds` have passed since it started, and with the signal's
   * reason once `signal` aborts (the client went away).
   */
  async many(
    records: readonly CatalogRecord[],
    q: PassQuery,
    options: { sliceMs?: number; timeoutSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<ManyResult> {
    const { items, errors } = this.pool
      ? await this.pool.many(records, q, options)
      : await predictMany(records, q, { ...options, orbit: this.orbit });
    return { items, errors };
  }

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
    const orbit = orbitOrError(record, span.startMs, this.orbit);
    if ('message' in orbit) return { points: [], error: orbit };
    const sun = this.sun(span.startMs, span.endMs);
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
