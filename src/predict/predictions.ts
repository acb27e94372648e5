/**
 * Pass predictions over the catalog, shared by the HTTP API, the calendar feeds and the alert
 * planner: one satellite or many, with visibility and magnitudes, as core objects plus the JSON
 * the API serves.
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import { type Observer, type Orbit, revolutionNumber, Site } from '../core/orbit/index.js';
import {
  type HorizonMask,
  type PredictedPass,
  predictPasses,
  type SunSource,
  type TrackPoint,
  trackPoints,
} from '../core/passes/index.js';
import { SunTrack } from '../core/sky/index.js';
import { elementsAge, staleWarning } from '../format/drift.js';
import { passJson } from '../format/pass-json.js';
import type { PassItemJson } from '../format/wire.js';

export interface PassQuery {
  observer: Observer;
  horizonMask: HorizonMask | null;
  startMs: number;
  endMs: number;
  /** The AOS/LOS threshold, degrees. */
  minElevationDeg: number;
  /** Keep only passes whose maximum elevation reaches this, degrees (none when absent). */
  minPeakElevationDeg?: number | null;
  /** Keep only passes with a visible part (see `maxMagnitude`). */
  visibleOnly: boolean;
  /**
   * The faintest magnitude that counts as visible: a part of a pass is visible when the
   * satellite is sunlit, the sky is dark and its magnitude is known and at most this
   * (`DEFAULT_MAX_MAGNITUDE` unless the caller asks otherwise).
   */
  maxMagnitude: number;
  /** The sky counts as dark with the Sun at or below this, degrees. */
  maxSunElevationDeg: number;
}

/** A predicted pass with what the API, feeds and alerts need around it. */
export interface PassItem {
  record: CatalogRecord;
  pass: PredictedPass;
  /** Revolution number at TCA (stable identity across element refreshes), or null. */
  revolution: number | null;
}

export interface PassError {
  noradId: number;
  name: string;
  message: string;
  atMs: number;
}

export interface ManyResult {
  items: PassItem[];
  errors: PassError[];
}

/** The naked-eye limit under a dark sky: fainter objects are sunlit, not visible. */
export const DEFAULT_MAX_MAGNITUDE = 6;

/**
 * The pass with only the sunlit-and-dark segments a person can see: those whose brightest
 * magnitude is known and at most `maxMagnitude` (a GEO object at magnitude 12 is not visible).
 */
function seeable(pass: PredictedPass, maxMagnitude: number): PredictedPass {
  const visible = pass.visible.filter(
    (v) => v.brightestMagnitude !== null && v.brightestMagnitude <= maxMagnitude,
  );
  return visible.length === pass.visible.length ? pass : { ...pass, visible };
}

/** Sort key: AOS, or TCA for passes already in progress. */
export const passStart = (p: PredictedPass): number => (p.aos ?? p.tca).timeMs;

/** The error of an object whose element set SGP4 cannot initialise. */
function unpropagable(record: CatalogRecord, atMs: number, error: unknown): PassError {
  return {
    noradId: record.noradId,
    name: record.name,
    message: error instanceof Error ? error.message : 'its element set cannot be propagated',
    atMs,
  };
}

/** The error of an object whose prediction failed for any other reason (a bug, not the request). */
function failed(record: CatalogRecord, atMs: number, error: unknown): PassError {
  return {
    noradId: record.noradId,
    name: record.name,
    message: `its prediction failed: ${error instanceof Error ? error.message : String(error)}`,
    atMs,
  };
}

/** A prediction ran past its deadline and was abandoned. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly timeoutSeconds: number) {
    super(`the prediction took longer than the ${timeoutSeconds} s request timeout`);
  }
}

export class Predictions {
  constructor(private readonly catalog: Catalog) {}

  /** The record's orbit, or the error of an element set SGP4 cannot use. */
  private orbitOf(record: CatalogRecord, atMs: number): Orbit | PassError {
    try {
      return this.catalog.orbit(record.noradId) ?? unpropagable(record, atMs, null);
    } catch (error) {
      return unpropagable(record, atMs, error);
    }
  }

  /** The Sun over a window, shared by every satellite of one request. */
  sun(startMs: number, endMs: number): SunTrack {
    return new SunTrack(startMs, endMs);
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
    const orbit = this.orbitOf(record, q.startMs);
    if ('message' in orbit) return { items: [], error: orbit };
    let result: ReturnType<typeof predictPasses>;
    try {
      result = predictPasses(orbit, new Site(q.observer), {
        startMs: q.startMs,
        endMs: q.endMs,
        minElevationDeg: q.minElevationDeg,
        horizonMask: q.horizonMask,
        sun,
        stdMagnitude: record.stdMagnitude,
        visibility: { maxSunElevationDeg: q.maxSunElevationDeg },
        visibleOnly: q.visibleOnly,
      });
    } catch (error) {
      return { items: [], error: failed(record, q.startMs, error) };
    }
    const items = result.passes
      .map((p) => seeable(p, q.maxMagnitude))
      .filter((p) => !q.visibleOnly || p.visible.length > 0)
      .filter((p) => q.minPeakElevationDeg == null || p.maxElevationDeg >= q.minPeakElevationDeg)
      .map((pass) => ({
        record,
        pass,
        revolution: revolutionNumber(record.elements, pass.tca.timeMs),
      }));
    const error = result.error
      ? {
          noradId: record.noradId,
          name: record.name,
          message: result.error.message,
          atMs: result.error.epochMs,
        }
      : null;
    return { items, error };
  }

  /**
   * Passes of many objects merged in time order. Yields to the event loop every `sliceMs` of work
   * so health checks and other requests are answered meanwhile, gives up with
   * `DeadlineExceeded` once `timeoutSeconds` have passed since it started, and with the
   * signal's reason once `signal` aborts (the client went away).
   */
  async many(
    records: CatalogRecord[],
    q: PassQuery,
    options: { sliceMs?: number; timeoutSeconds?: number; signal?: AbortSignal } = {},
  ): Promise<ManyResult> {
    const sliceMs = options.sliceMs ?? 10;
    const timeoutSeconds = options.timeoutSeconds ?? Number.POSITIVE_INFINITY;
    const deadline = performance.now() + timeoutSeconds * 1000;
    const sun = this.sun(q.startMs, q.endMs);
    const items: PassItem[] = [];
    const errors: PassError[] = [];
    let sliceStart = performance.now();
    for (const record of records) {
      const r = this.passes(record, q, sun);
      items.push(...r.items);
      if (r.error) errors.push(r.error);
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        options.signal?.throwIfAborted();
        if (performance.now() > deadline) throw new DeadlineExceeded(timeoutSeconds);
        sliceStart = performance.now();
      }
    }
    items.sort(
      (a, b) => passStart(a.pass) - passStart(b.pass) || a.record.noradId - b.record.noradId,
    );
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
    const orbit = this.orbitOf(record, span.startMs);
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
        await new Promise<void>((resolve) => setImmediate(resolve));
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
        return { points, error: failed(record, sub.startMs, error) };
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
          }
        : null,
    };
  }
}

/** The API's JSON for a pass item. */
export function passItemJson(
  item: PassItem,
  zone: string | null,
  staleAfterDays: number,
): PassItemJson {
  return {
    ...passJson(item.pass, item.record.elements, zone, staleAfterDays),
    revolution: item.revolution,
  };
}

/**
 * One warning per object whose elements are stale for some of these passes (at the oldest),
 * in the order the objects first appear.
 */
export function staleWarnings(items: PassItem[], staleAfterDays: number): string[] {
  const oldest = new Map<number, PassItem>();
  for (const item of items) {
    const before = oldest.get(item.record.noradId);
    if (before === undefined || item.pass.tca.timeMs > before.pass.tca.timeMs) {
      oldest.set(item.record.noradId, item);
    }
  }
  const out: string[] = [];
  for (const item of oldest.values()) {
    const el = item.record.elements;
    const age = elementsAge(el, item.pass.tca.timeMs, staleAfterDays);
    if (age.stale) out.push(staleWarning(el, age, staleAfterDays));
  }
  return out;
}
