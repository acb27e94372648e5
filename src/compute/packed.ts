/**
 * Bulk pass results packed into typed arrays: what worker threads send back (transferred, not
 * copied) and what the pool keeps for a whole catalogue (about 130 bytes per pass instead of ~400
 * for `Pass` objects). `objectResult` turns one object back into the core's `BulkObjectResult`.
 */
import { errorKindFromCode, PropagationError } from '../core/orbit/index.js';
import type {
  BulkFallback,
  BulkMethod,
  BulkObjectResult,
  Pass,
  PassPoint,
} from '../core/passes/index.js';

/** Per pass: flags, aos (t, az, el, range), tca (4), los (4), duration, culmination start, count. */
const PASS_STRIDE = 16;
const POINT_STRIDE = 4;
const HAS_AOS = 1;
const HAS_LOS = 2;
const TRUNCATED = 4;
/** The only culmination is the TCA itself (every low-orbit pass): nothing stored. */
const TCA_ONLY = 8;

const FALLBACKS: (BulkFallback | null)[] = [
  null,
  'deep-space',
  'eccentric',
  'near-decay',
  'wide-cone',
  'irregular-geometry',
  'sgp4-error',
  'invalid-elements',
];

/** A chunk of results in transferable form. */
export interface PackedChunk {
  siteCount: number;
  /** Per object: noradId, epochDistanceDays, evaluations, errorAt (NaN: none). */
  objects: Float64Array;
  /** Per object: stale (bit 0), method finder (bit 1), fallback index << 2, error code << 8. */
  objectFlags: Uint32Array;
  /** Pass index range of (object i, site j) is offsets[i * siteCount + j] .. next entry. */
  offsets: Uint32Array;
  passes: Float64Array;
  culminations: Float64Array;
}

const OBJECT_STRIDE = 4;

/** Collects results of one chunk, then `finish()`es into a `PackedChunk`. */
export class ChunkPacker {
  private objects: number[] = [];
  private flags: number[] = [];
  private offsets: number[] = [0];
  private passes = new Float64Array(1024 * PASS_STRIDE);
  private passCount = 0;
  private culms: number[] = [];

  constructor(private readonly siteCount: number) {}

  /** An object whose elements could not be initialised: no passes, an error record. */
  addInvalid(noradId: number, epochMs: number): void {
    this.objects.push(noradId, 0, 0, epochMs);
    this.flags.push(2 | (FALLBACKS.indexOf('invalid-elements') << 2));
    for (let j = 0; j < this.siteCount; j++) this.offsets.push(this.passCount);
  }

  add(r: BulkObjectResult): void {
    this.objects.push(
      r.noradId,
      r.epochDistanceDays,
      r.evaluations,
      r.error?.epochMs ?? Number.NaN,
    );
    this.flags.push(
      (r.stale ? 1 : 0) |
        (r.method === 'finder' ? 2 : 0) |
        (FALLBACKS.indexOf(r.fallback) << 2) |
        ((r.error?.code ?? 0) << 8),
    );
    for (const list of r.passes) {
      for (const p of list) this.addPass(p);
      this.offsets.push(this.passCount);
    }
  }

  private addPass(p: Pass): void {
    if ((this.passCount + 1) * PASS_STRIDE > this.passes.length) {
      const bigger = new Float64Array(this.passes.length * 2);
      bigger.set(this.passes);
      this.passes = bigger;
    }
    const a = this.passes;
    const o = this.passCount * PASS_STRIDE;
    const only =
      p.culminations.length === 1 && p.culminations[0]!.timeMs === p.tca.timeMs ? TCA_ONLY : 0;
    a[o] = (p.aos ? HAS_AOS : 0) | (p.los ? HAS_LOS : 0) | (p.truncated ? TRUNCATED : 0) | only;
    writePoint(a, o + 1, p.aos);
    writePoint(a, o + 5, p.tca);
    writePoint(a, o + 9, p.los);
    a[o + 13] = p.durationSeconds;
    a[o + 14] = this.culms.length / POINT_STRIDE;
    a[o + 15] = only ? 1 : p.culminations.length;
    if (!only)
      for (const c of p.culminations)
        this.culms.push(c.timeMs, c.azimuthDeg, c.elevationDeg, c.rangeKm);
    this.passCount++;
  }

  finish(): PackedChunk {
    return {
      siteCount: this.siteCount,
      objects: Float64Array.from(this.objects),
      objectFlags: Uint32Array.from(this.flags),
      offsets: Uint32Array.from(this.offsets),
      passes: this.passes.slice(0, this.passCount * PASS_STRIDE),
      culminations: Float64Array.from(this.culms),
    };
  }
}

function writePoint(a: Float64Array, o: number, p: PassPoint | null): void {
  if (!p) {
    a.fill(Number.NaN, o, o + 4);
    return;
  }
  a[o] = p.timeMs;
  a[o + 1] = p.azimuthDeg;
  a[o + 2] = p.elevationDeg;
  a[o + 3] = p.rangeKm;
}

function readPoint(a: Float64Array, o: number): PassPoint {
  return { timeMs: a[o]!, azimuthDeg: a[o + 1]!, elevationDeg: a[o + 2]!, rangeKm: a[o + 3]! };
}

/** The typed arrays of a chunk, for `postMessage`'s transfer list. */
export function transferables(c: PackedChunk): ArrayBuffer[] {
  return [c.objects, c.objectFlags, c.offsets, c.passes, c.culminations].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Summary of one object of a packed result. */
export interface PackedObject {
  noradId: number;
  stale: boolean;
  epochDistanceDays: number;
  method: BulkMethod;
  fallback: BulkFallback | null;
  /** Set when SGP4 failed inside the window, or the elements could not be initialised. */
  error: PropagationError | null;
  evaluations: number;
  passCount: number;
}

/** Chunks of one bulk search, in input order, read as one result. */
export class PackedBulkResult {
  readonly objectCount: number;
  readonly passCount: number;
  readonly evaluations: number;
  private readonly chunkOf: Uint32Array;
  private readonly indexIn: Uint32Array;

  constructor(
    readonly siteCount: number,
    private readonly chunks: readonly PackedChunk[],
  ) {
    let objects = 0;
    let passes = 0;
    let evaluations = 0;
    for (const c of chunks) {
      const n = c.objects.length / OBJECT_STRIDE;
      objects += n;
      passes += c.passes.length / PASS_STRIDE;
      for (let i = 0; i < n; i++) evaluations += c.objects[i * OBJECT_STRIDE + 2]!;
    }
    this.objectCount = objects;
    this.passCount = passes;
    this.evaluations = evaluations;
    this.chunkOf = new Uint32Array(objects);
    this.indexIn = new Uint32Array(objects);
    let k = 0;
    for (const [ci, c] of chunks.entries()) {
      for (let i = 0; i < c.objects.length / OBJECT_STRIDE; i++, k++) {
        this.chunkOf[k] = ci;
        this.indexIn[k] = i;
      }
    }
  }

  private locate(index: number): { c: PackedChunk; i: number } {
    if (!(index >= 0 && index < this.objectCount)) throw new RangeError(`no object ${index}`);
    return { c: this.chunks[this.chunkOf[index]!]!, i: this.indexIn[index]! };
  }

  /** Summary of object `index` (input order). */
  object(index: number): PackedObject {
    const { c, i } = this.locate(index);
    const o = i * OBJECT_STRIDE;
    const flags = c.objectFlags[i]!;
    const noradId = c.objects[o]!;
    const fallback = FALLBACKS[(flags >> 2) & 63] ?? null;
    const code = flags >> 8;
    const errorAt = c.objects[o + 3]!;
    let error: PropagationError | null = null;
    if (fallback === 'invalid-elements') {
      error = new PropagationError('invalid-elements', noradId, errorAt);
    } else if (code !== 0) {
      error = new PropagationError(errorKindFromCode(code), noradId, errorAt);
    }
    const s = c.siteCount;
    return {
      noradId,
      stale: (flags & 1) === 1,
      epochDistanceDays: c.objects[o + 1]!,
      method: flags & 2 ? 'finder' : 'near-earth',
      fallback,
      error,
      evaluations: c.objects[o + 2]!,
      passCount: c.offsets[(i + 1) * s]! - c.offsets[i * s]!,
    };
  }

  /** Number of passes of object `index` over site `site`. */
  passCountOf(index: number, site: number): number {
    const { c, i } = this.locate(index);
    const k = i * c.siteCount + site;
    return c.offsets[k + 1]! - c.offsets[k]!;
  }

  /** The passes of object `index` over site `site`, as the core's `Pass` objects. */
  passes(index: number, site: number): Pass[] {
    const { c, i } = this.locate(index);
    if (!(site >= 0 && site < c.siteCount)) throw new RangeError(`no site ${site}`);
    const k = i * c.siteCount + site;
    const noradId = c.objects[i * OBJECT_STRIDE]!;
    const out: Pass[] = [];
    for (let p = c.offsets[k]!; p < c.offsets[k + 1]!; p++) {
      const a = c.passes;
      const o = p * PASS_STRIDE;
      const flags = a[o]!;
      const tca = readPoint(a, o + 5);
      const culminations: PassPoint[] = [];
      if (flags & TCA_ONLY) {
        culminations.push(tca);
      } else {
        const start = a[o + 14]!;
        for (let m = 0; m < a[o + 15]!; m++) {
          culminations.push(readPoint(c.culminations, (start + m) * POINT_STRIDE));
        }
      }
      out.push({
        noradId,
        aos: flags & HAS_AOS ? readPoint(a, o + 1) : null,
        tca,
        los: flags & HAS_LOS ? readPoint(a, o + 9) : null,
        maxElevationDeg: tca.elevationDeg,
        durationSeconds: a[o + 13]!,
        truncated: (flags & TRUNCATED) !== 0,
        culminations,
      });
    }
    return out;
  }

  /** Object `index` in the core's shape (`findPassesBulk`'s). */
  objectResult(index: number): BulkObjectResult {
    const o = this.object(index);
    return {
      noradId: o.noradId,
      passes: Array.from({ length: this.siteCount }, (_, j) => this.passes(index, j)),
      error: o.error,
      stale: o.stale,
      epochDistanceDays: o.epochDistanceDays,
      method: o.method,
      fallback: o.fallback,
      evaluations: o.evaluations,
    };
  }
}
