/**
 * The "many satellites" driver: passes of many objects over one observer and window, with one
 * Sun track, per-object errors (one failing object never fails the answer) and element-age notes.
 * The API (`/v1/passes`), the alert planner (`catalogPassSource`) and the CLI
 * (`passwatch passes`) all go through `predictMany`; `predictOne` is its per-object step.
 */
import { bundledStars } from '../catalog/index.js';
import { Slices } from '../compute/slices.js';
import type { ElementSet } from '../core/elements/index.js';
import { type Observer, Orbit, revolutionNumber, Site } from '../core/orbit/index.js';
import {
  type HorizonMask,
  moonNearTrack,
  type PredictedPass,
  predictPasses,
  type SunSource,
} from '../core/passes/index.js';
import { MoonTrack, NEAR_STAR_MAX_MAGNITUDE, SunTrack } from '../core/sky/index.js';
import { type ElementsAge, elementsAge } from '../format/drift.js';

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

/** What the driver needs of an object: a catalog record or an element set read from a file. */
export interface PassTarget {
  noradId: number;
  name: string;
  elements: ElementSet;
  stdMagnitude: number | null;
}

/** A predicted pass of one target. */
export interface TargetPass<T extends PassTarget> {
  record: T;
  pass: PredictedPass;
  /** Revolution number at TCA (stable identity across element refreshes), or null. */
  revolution: number | null;
}

export interface PassError {
  noradId: number;
  name: string;
  message: string;
  atMs: number;
  /**
   * `elements`: SGP4 cannot initialise the element set (no passes); `failed`: the prediction
   * threw (a bug, not the request; no passes); `propagation`: SGP4 failed inside the window
   * (passes before `atMs` stand).
   */
  kind: 'elements' | 'failed' | 'propagation';
  /** The underlying error's own message. */
  detail: string;
}

/** An object whose elements are stale at its latest predicted pass (or the window start). */
export interface StaleNote<T extends PassTarget> {
  record: T;
  age: ElementsAge;
}

export interface ManyOptions<T extends PassTarget> {
  /** The object's orbit (a cache); `new Orbit(elements)` by default. Throws or null: unusable. */
  orbit?: (target: T) => Orbit | null;
  /** Yield to the event loop after this much work, ms (default 10). */
  sliceMs?: number;
  /** Give up with `DeadlineExceeded` once this many seconds have passed since the start. */
  timeoutSeconds?: number;
  /** Give up with the signal's reason once aborted (checked where the driver yields). */
  signal?: AbortSignal;
  /** Sort the passes by start, then NORAD id (default true). */
  sort?: boolean;
  /** Element-age threshold of `stale`, days (`stale` is empty without it). */
  staleAfterDays?: number;
  /** A shared Sun track over the window (one is made otherwise). */
  sun?: SunSource;
}

export interface ManyPasses<T extends PassTarget> {
  items: TargetPass<T>[];
  errors: PassError[];
  stale: StaleNote<T>[];
}

/** A prediction ran past its deadline and was abandoned. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly timeoutSeconds: number) {
    super(`the prediction took longer than the ${timeoutSeconds} s request timeout`);
  }
}

/** Sort key: AOS, or TCA for passes already in progress. */
export const passStart = (p: PredictedPass): number => (p.aos ?? p.tca).timeMs;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

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

/** The orbit of a target, or the error of an element set SGP4 cannot use. */
export function orbitOrError<T extends PassTarget>(
  target: T,
  atMs: number,
  orbit: (target: T) => Orbit | null = (t) => new Orbit(t.elements),
): Orbit | PassError {
  let o: Orbit | null;
  try {
    o = orbit(target);
  } catch (error) {
    return {
      noradId: target.noradId,
      name: target.name,
      message: error instanceof Error ? error.message : 'its element set cannot be propagated',
      atMs,
      kind: 'elements',
      detail: messageOf(error),
    };
  }
  if (o) return o;
  const message = 'its element set cannot be propagated';
  return {
    noradId: target.noradId,
    name: target.name,
    message,
    atMs,
    kind: 'elements',
    detail: message,
  };
}

/** The error of a prediction that threw for any other reason (a bug, not the request). */
export function failedError(target: PassTarget, atMs: number, error: unknown): PassError {
  return {
    noradId: target.noradId,
    name: target.name,
    message: `its prediction failed: ${messageOf(error)}`,
    atMs,
    kind: 'failed',
    detail: messageOf(error),
  };
}

/** What `predictOne` finds for one object. */
export interface OneResult<T extends PassTarget> {
  items: TargetPass<T>[];
  error: PassError | null;
  /** TCA of its latest predicted pass before filtering (null: none). */
  lastTcaMs: number | null;
  /** Whether the search ran (false: its elements or the prediction failed). */
  ran: boolean;
}

/**
 * Passes of one object. Never throws for the object's sake: whatever fails while predicting it
 * comes back as `error`. `lastTcaMs` is the TCA of its latest predicted pass before filtering.
 */
export function predictOne<T extends PassTarget>(
  target: T,
  q: PassQuery,
  sun: SunSource,
  orbit?: (target: T) => Orbit | null,
): OneResult<T> {
  const o = orbitOrError(target, q.startMs, orbit);
  if ('message' in o) return { items: [], error: o, lastTcaMs: null, ran: false };
  let result: ReturnType<typeof predictPasses>;
  const site = new Site(q.observer);
  try {
    result = predictPasses(o, site, {
      startMs: q.startMs,
      endMs: q.endMs,
      minElevationDeg: q.minElevationDeg,
      horizonMask: q.horizonMask,
      sun,
      stdMagnitude: target.stdMagnitude,
      // The core leaves out the segments `seeable` would (and does not search them), except
      // with visibleOnly, where the passes it keeps decide `lastTcaMs`.
      visibility: {
        maxSunElevationDeg: q.maxSunElevationDeg,
        maxMagnitude: q.visibleOnly ? undefined : q.maxMagnitude,
      },
      visibleOnly: q.visibleOnly,
    });
  } catch (error) {
    return { items: [], error: failedError(target, q.startMs, error), lastTcaMs: null, ran: false };
  }
  let moon: MoonTrack | null = null;
  const near = (p: { timeMs: number; azimuthDeg: number; elevationDeg: number }) =>
    bundledStars().nearestNamed(q.observer, p.timeMs, p.azimuthDeg, p.elevationDeg, {
      maxMagnitude: NEAR_STAR_MAX_MAGNITUDE,
      minElevationDeg: -5,
    });
  // The sky around each visible part: the Moon, and the stars it starts and ends by.
  const withSky = (pass: PredictedPass): PredictedPass => {
    if (pass.visible.length === 0) return pass;
    moon ??= new MoonTrack(q.startMs, q.endMs);
    const track = moon;
    const visible = pass.visible.map((v) => ({
      ...v,
      moon: moonNearTrack(o, site, v.start.timeMs, v.end.timeMs, sun, track),
      nearStars: { start: near(v.start), end: near(v.end) },
    }));
    return { ...pass, visible };
  };
  const items = result.passes
    .map((p) => seeable(p, q.maxMagnitude))
    .filter((p) => !q.visibleOnly || p.visible.length > 0)
    .filter((p) => q.minPeakElevationDeg == null || p.maxElevationDeg >= q.minPeakElevationDeg)
    .map(withSky)
    .map((pass) => ({
      record: target,
      pass,
      revolution: revolutionNumber(target.elements, pass.tca.timeMs),
    }));
  const error: PassError | null = result.error
    ? {
        noradId: target.noradId,
        name: target.name,
        message: result.error.message,
        atMs: result.error.epochMs,
        kind: 'propagation',
        detail: result.error.message,
      }
    : null;
  return { items, error, lastTcaMs: result.passes.at(-1)?.tca.timeMs ?? null, ran: true };
}

/**
 * Passes of many objects over one observer and window. Yields to the event loop every `sliceMs`
 * of work so that health checks, due alerts and other requests are served meanwhile.
 */
export async function predictMany<T extends PassTarget>(
  targets: readonly T[],
  q: PassQuery,
  options: ManyOptions<T> = {},
): Promise<ManyPasses<T>> {
  const timeoutSeconds = options.timeoutSeconds ?? Number.POSITIVE_INFINITY;
  const deadline = performance.now() + timeoutSeconds * 1000;
  const sun = options.sun ?? new SunTrack(q.startMs, q.endMs);
  const items: TargetPass<T>[] = [];
  const errors: PassError[] = [];
  const stale: StaleNote<T>[] = [];
  options.signal?.throwIfAborted();
  const slices = new Slices({ sliceMs: options.sliceMs, signal: options.signal });
  const found: ManyPasses<T> = { items, errors, stale };
  for (const target of targets) {
    collect(found, target, predictOne(target, q, sun, options.orbit), q, options.staleAfterDays);
    if (slices.due()) {
      await slices.pause();
      if (performance.now() > deadline) throw new DeadlineExceeded(timeoutSeconds);
    }
  }
  if (options.sort ?? true) sortPasses(items);
  return found;
}

/** One object's result added to the answer (shared with `PredictionPool`). */
export function collect<T extends PassTarget>(
  found: ManyPasses<T>,
  target: T,
  r: OneResult<T>,
  q: PassQuery,
  staleAfterDays: number | undefined,
): void {
  found.items.push(...r.items);
  if (r.error) found.errors.push(r.error);
  if (r.ran && staleAfterDays !== undefined) {
    const age = elementsAge(target.elements, r.lastTcaMs ?? q.startMs, staleAfterDays);
    if (age.stale) found.stale.push({ record: target, age });
  }
}

/**
 * Passes in answer order: by start, then NORAD id (a stable sort). The keys are read once into
 * typed arrays: comparing the pass objects themselves (copies from the worker threads, of many
 * shapes) cost up to 30 ms of one event-loop turn for a whole-catalogue answer.
 */
export function sortPasses<T extends PassTarget>(items: TargetPass<T>[]): void {
  const n = items.length;
  if (n < 2) return;
  const starts = new Float64Array(n);
  const ids = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    starts[i] = passStart(item.pass);
    ids[i] = item.record.noradId;
    order[i] = i;
  }
  order.sort((a, b) => starts[a]! - starts[b]! || ids[a]! - ids[b]! || a - b);
  const copy = items.slice();
  for (let i = 0; i < n; i++) items[i] = copy[order[i]!]!;
}
