/**
 * A pool of worker threads running the core's bulk pass search (`findPassesBulk`) on chunks of a
 * catalogue. The core stays pure; threads, messages and scheduling live here.
 *
 *   const pool = new PassPool();              // one worker per core
 *   const result = await pool.search(elements, [{ observer }], { startMs, endMs });
 *   result.passCount; result.passes(i, 0);    // PackedBulkResult
 *   await pool.close();
 *
 * Chunks are queued on a `WorkerPool` and handed out one at a time as threads finish, so slow
 * objects (deep space) do not leave a thread idle. Threads start on first use and stay until
 * `close()`.
 */
import { availableParallelism } from 'node:os';
import { BUILT } from '../build-mode.js';
import type { ElementSet } from '../core/elements/index.js';
import type { BulkSearch } from '../core/passes/index.js';
import { type ChunkRequest, type SiteSpec, searchChunk } from './chunk.js';
import { PackedBulkResult, type PackedChunk } from './packed.js';
import { WorkerPool } from './worker-pool.js';

export type { SiteSpec } from './chunk.js';
export { PackedBulkResult, type PackedObject } from './packed.js';

export interface PassPoolOptions {
  /** Worker threads; 0 searches in the calling thread (default: one per core). */
  threads?: number;
  /**
   * Objects per chunk (default: about 32 chunks per thread, 16 to 512: small enough that no thread
   * idles long at the end, large enough that messages cost little).
   */
  chunkSize?: number;
}

// Built (dist/): the bundled worker beside the bundle; from sources: the TypeScript module, which
// `WorkerPool` starts through its boot file.
const WORKER_URL = BUILT
  ? new URL('../../dist/pass-worker.js', import.meta.url)
  : new URL('./pass-worker.ts', import.meta.url);

export class PassPool {
  private readonly chunkSize: number | undefined;
  /** Null with `threads: 0` (search in the calling thread). */
  private readonly workers: WorkerPool<ChunkRequest, PackedChunk> | null;

  constructor(options: PassPoolOptions = {}) {
    const threads = Math.max(0, Math.floor(options.threads ?? availableParallelism()));
    this.workers = threads > 0 ? new WorkerPool(WORKER_URL, { threads }) : null;
    this.chunkSize = options.chunkSize;
  }

  /** Start the workers now (otherwise on the first search), e.g. while parsing elements. */
  warm(): void {
    this.workers?.warm();
  }

  /** Every pass of every element set over every site in the window. */
  async search(
    elements: readonly ElementSet[],
    sites: readonly SiteSpec[],
    search: BulkSearch,
  ): Promise<PackedBulkResult> {
    if (sites.length === 0) throw new RangeError('a bulk search needs at least one site');
    if (!(search.endMs > search.startMs)) {
      throw new RangeError('the search window must end after it starts');
    }
    const threads = this.workers?.threads ?? 1;
    const size =
      this.chunkSize ?? Math.min(512, Math.max(16, Math.ceil(elements.length / (32 * threads))));
    const requests: ChunkRequest[] = [];
    for (let i = 0; i < elements.length; i += size) {
      requests.push({ elements: elements.slice(i, i + size), sites, search });
    }
    const { workers } = this;
    const chunks = workers
      ? await Promise.all(requests.map((r) => workers.run(r)))
      : requests.map(searchChunk);
    return new PackedBulkResult(sites.length, chunks);
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await this.workers?.close();
  }
}
