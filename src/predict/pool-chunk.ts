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
  targets: PassTarget[];
}

/** `predictOne`'s result without the target (the caller has it). */
export interface PlainResult {
  passes: { pass: PredictedPass; revolution: number | null }[];
  error: PassError | null;
  lastTcaMs: number | null;
  ran: boolean;
}

export interface ChunkAnswer {
  results: PlainResult[];
}

export function plainQuery(q: PassQuery): PlainQuery {
  return { ...q, horizonMask: q.horizonMask ? q.horizonMask.points : null };
}

/** What `predictMany` is given of a target: the fields `predictOne` reads. */
export function plainTarget(t: PassTarget): PassTarget {
  return { noradId: t.noradId, name: t.name, elements: t.elements, stdMagnitude: t.stdMagnitude };
}

// Kept between chunks of one request: its Sun track, and the orbits of elements seen before.
let lastSun: SunTrack | null = null;
const orbits = new Map<number, { elements: ElementSet; orbit: Orbit }>();
const MAX_ORBITS = 50_000;

/** The same element set: every field equal (it arrives as a copy with each chunk). */
function sameElements(a: ElementSet, b: ElementSet): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key of Object.keys(x)) {
    if (key !== 'tle' && !Object.is(x[key], y[key])) return false;
  }
  return (
    Object.keys(y).length === Object.keys(x).length &&
    a.tle?.line1 === b.tle?.line1 &&
    a.tle?.line2 === b.tle?.line2
  );
}

/** The orbit of an element set, built once while its elements stay the same. */
function orbitOf(target: PassTarget): Orbit {
  const known = orbits.get(target.noradId);
  if (known && sameElements(known.elements, target.elements)) return known.orbit;
  const orbit = new Orbit(target.elements);
  if (orbits.size >= MAX_ORBITS) orbits.clear();
  orbits.set(target.noradId, { elements: target.elements, orbit });
  return orbit;
}

/** Answer a chunk: exactly what `predictOne` gives for each target, in order. */
export function answerChunk(question: ChunkQuestion): ChunkAnswer {
  const { query } = question;
  const q: PassQuery = {
    ...query,
    horizonMask: query.horizonMask ? new HorizonMask(query.horizonMask) : null,
  };
  if (lastSun?.startMs !== q.startMs || lastSun.endMs !== q.endMs) {
    lastSun = new SunTrack(q.startMs, q.endMs);
  }
  const sun = lastSun;
  return {
    results: question.targets.map((target) => {
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
