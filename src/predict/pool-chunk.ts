/**
 * One unit of work of the prediction pool: `predictOne` over a chunk of objects, with its question
 * and answer as plain data (they cross thread boundaries). Shared by the worker thread and tests.
 */
import type { ElementSet } from '../core/elements/index.js';
import { Orbit } from '../core/orbit/index.js';
import { HorizonMask, type HorizonMaskPoint, type PredictedPass } from '../core/passes/index.js';
import { SunTrack } from '../core/sky/index.js';
import { type PassError, type PassQuery, type PassTarget, predictOne } from './many.js';

/** A `PassQuery` as plain data: the horizon mask as its points. */
export type PlainQuery = Omit<PassQuery, 'horizonMask'> & {
  horizonMask: readonly HorizonMaskPoint[] | null;
};

export interface ChunkQuestion {
  query: PlainQuery;
  targets: ChunkTarget[];
}

/**
 * A target as sent to a thread: its element set by number (`elementsId`, one number per element
 * set object for the pool's life), with the set itself only when the thread may not have it yet.
 */
export interface ChunkTarget {
  noradId: number;
  name: string;
  stdMagnitude: number | null;
  elementsId: number;
  elements?: ElementSet;
}

/** `predictOne`'s result without the target (the caller has it). */
export interface PlainResult {
  passes: { pass: PredictedPass; revolution: number | null }[];
  error: PassError | null;
  lastTcaMs: number | null;
  ran: boolean;
}

/** The results in order, or `missing`: the thread has not seen some element set (send them). */
export type ChunkAnswer = { results: PlainResult[] } | { missing: true };

export function plainQuery(q: PassQuery): PlainQuery {
  return { ...q, horizonMask: q.horizonMask ? q.horizonMask.points : null };
}

/** A target as sent: with its element set when `full`, otherwise by number alone. */
export function chunkTarget(t: PassTarget, elementsId: number, full: boolean): ChunkTarget {
  const sent: ChunkTarget = {
    noradId: t.noradId,
    name: t.name,
    stdMagnitude: t.stdMagnitude,
    elementsId,
  };
  if (full) sent.elements = t.elements;
  return sent;
}

// Kept between chunks of one request: its Sun track. Kept between requests: the element sets
// seen, by number, with their orbits (built on first use).
let lastSun: SunTrack | null = null;
const known = new Map<number, { elements: ElementSet; orbit: Orbit | null }>();
const MAX_KNOWN = 50_000;

/** Answer a chunk: exactly what `predictOne` gives for each target, in order. */
export function answerChunk(question: ChunkQuestion): ChunkAnswer {
  const targets: (PassTarget & { elementsId: number })[] = [];
  for (const t of question.targets) {
    if (t.elements) {
      if (!known.has(t.elementsId)) {
        if (known.size >= MAX_KNOWN) known.clear();
        known.set(t.elementsId, { elements: t.elements, orbit: null });
      }
    }
    const entry = known.get(t.elementsId);
    if (!entry) return { missing: true };
    targets.push({
      noradId: t.noradId,
      name: t.name,
      stdMagnitude: t.stdMagnitude,
      elements: entry.elements,
      elementsId: t.elementsId,
    });
  }
  const { query } = question;
  const q: PassQuery = {
    ...query,
    horizonMask: query.horizonMask ? new HorizonMask(query.horizonMask) : null,
  };
  if (lastSun?.startMs !== q.startMs || lastSun.endMs !== q.endMs) {
    lastSun = new SunTrack(q.startMs, q.endMs);
  }
  const sun = lastSun;
  // The orbit of an element set, built once (an unusable set throws each time, as `new Orbit`).
  const orbitOf = (target: { elementsId: number; elements: ElementSet }): Orbit => {
    const entry = known.get(target.elementsId);
    if (entry?.orbit) return entry.orbit;
    const orbit = new Orbit(target.elements);
    if (entry) entry.orbit = orbit;
    return orbit;
  };
  return {
    results: targets.map((target) => {
      const r = predictOne(target, q, sun, orbitOf);
      return {
        passes: r.items.map(({ pass, revolution }) => ({ pass, revolution })),
        error: r.error,
        lastTcaMs: r.lastTcaMs,
        ran: r.ran,
      };
    }),
  };
}
