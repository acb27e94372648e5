/**
 * Many-satellite predictions on worker threads, so the event loop only hands out chunks and
 * collects answers: `PredictionPool.many` gives exactly what `predictMany` gives (same passes,
 * errors, stale notes, order), each object searched by `predictOne` in a worker.
 *
 *   const pool = new PredictionPool();          // one thread per core, at most 8
 *   const { items, errors } = await pool.many(records, query, { signal, timeoutSeconds: 30 });
 *   await pool.close();
 *
 * Each call keeps at most one chunk per thread in flight, so concurrent calls share the threads
 * chunk by chunk instead of one waiting for the other's whole catalog.
 */
import { BUILT } from '../build-mode.js';
import { nextSlice } from '../compute/slices.js';
import { WorkerPool } from '../compute/worker-pool.js';
import type { ElementSet } from '../core/elements/index.js';
import {
  collect,
  DeadlineExceeded,
  type ManyPasses,
  type OneResult,
  type PassQuery,
  type PassTarget,
  sortPasses,
} from './many.js';
import {
  type ChunkAnswer,
  type ChunkQuestion,
  chunkTarget,
  type PlainResult,
  plainQuery,
} from './pool-chunk.js';

// Built (dist/): the bundled worker beside the bundle; from sources: the TypeScript module, which
// `WorkerPool` starts through its boot file.
const WORKER_URL = BUILT
  ? new URL('../../dist/many-worker.js', import.meta.url)
  : new URL('./many-worker.ts', import.meta.url);

export interface PoolManyOptions {
  /** Give up with `DeadlineExceeded` once this many seconds have passed since the start. */
  timeoutSeconds?: number;
  /** Give up with the signal's reason once aborted (no further chunk is handed out). */
  signal?: AbortSignal;
  /** Sort the passes by start, then NORAD id (default true). */
  sort?: boolean;
  /** Element-age threshold of `stale` (`stale` is empty without it). */
  staleAfterDays?: number;
}

export class PredictionPool {
  private readonly workers: WorkerPool<ChunkQuestion, ChunkAnswer>;
  /** Chunks handed to the threads so far (tests and the bench count them). */
  chunks = 0;
  /** Of which sent again with their element sets, a thread not having them all. */
  resent = 0;
  /**
   * A number per element set object: the threads keep the sets they were sent by number, so a
   * set is sent whole only until the thread that gets a chunk has it (element sets are never
   * changed in place; a refresh makes new ones).
   */
  private readonly elementsIds = new WeakMap<ElementSet, number>();
  private nextElementsId = 1;

  /** @param options.threads Worker threads (default one per core, at most 8). */
  constructor(options: { threads?: number } = {}) {
    this.workers = new WorkerPool(WORKER_URL, options);
  }

  get threads(): number {
    return this.workers.threads;
  }

  /** Threads started and running. */
  get started(): number {
    return this.workers.started;
  }

  /** Start the threads now rather than on the first request. */
  warm(): void {
    this.workers.warm();
  }

  /** Passes of many objects over one observer and window, searched on the worker threads. */
  async many<T extends PassTarget>(
    targets: readonly T[],
    q: PassQuery,
    options: PoolManyOptions = {},
  ): Promise<ManyPasses<T>> {
    const timeoutSeconds = options.timeoutSeconds ?? Number.POSITIVE_INFINITY;
    const deadline = performance.now() + timeoutSeconds * 1000;
    const { signal } = options;
    signal?.throwIfAborted();
    const threads = this.workers.threads;
    // About 8 chunks per thread: small enough to share threads fairly and stop soon on abort.
    const size = Math.min(32, Math.max(1, Math.ceil(targets.length / (8 * threads))));
    const query = plainQuery(q);
    const answers: (PlainResult[] | undefined)[] = [];
    let next = 0;
    let failed = false;
    const lane = async () => {
      while (next < targets.length && !failed) {
        const start = next;
        next = Math.min(targets.length, next + size);
        const chunk = targets.slice(start, next);
        this.chunks++;
        let answer = await this.workers.run(this.question(query, chunk, false));
        if ('missing' in answer && !failed) {
          this.resent++;
          answer = await this.workers.run(this.question(query, chunk, true));
        }
        if (failed) return;
        signal?.throwIfAborted();
        if (performance.now() > deadline) throw new DeadlineExceeded(timeoutSeconds);
        if ('missing' in answer)
          throw new Error('a prediction thread lost element sets it was sent');
        answers[start / size] = answer.results;
      }
    };
    try {
      await Promise.all(Array.from({ length: threads }, lane));
    } catch (error) {
      failed = true;
      throw error;
    }
    const found: ManyPasses<T> = { items: [], errors: [], stale: [] };
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i]!;
      const r = answers[Math.floor(i / size)]![i % size]!;
      const one: OneResult<T> = {
        items: r.passes.map(({ pass, revolution }) => ({ record: target, pass, revolution })),
        error: r.error,
        lastTcaMs: r.lastTcaMs,
        ran: r.ran,
      };
      collect(found, target, one, q, options.staleAfterDays);
    }
    if (options.sort ?? true) {
      // Collecting and sorting a whole catalogue's passes is one turn of its own, apart from the
      // last answers' arrival before it and the answer's writing after it.
      await nextSlice();
      signal?.throwIfAborted();
      sortPasses(found.items);
    }
    return found;
  }

  /** A chunk's question: its element sets by number, or whole when `full`. */
  private question(
    query: ChunkQuestion['query'],
    chunk: PassTarget[],
    full: boolean,
  ): ChunkQuestion {
    return {
      query,
      targets: chunk.map((t) => {
        let id = this.elementsIds.get(t.elements);
        if (id === undefined) {
          id = this.nextElementsId++;
          this.elementsIds.set(t.elements, id);
        }
        return chunkTarget(t, id, full);
      }),
    };
  }

  /** Stop the threads (running calls fail). */
  close(): Promise<void> {
    return this.workers.close();
  }
}
