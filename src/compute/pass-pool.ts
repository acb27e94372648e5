/**
 * A pool of worker threads running the core's bulk pass search (`findPassesBulk`) on chunks of a
 * catalogue. The core stays pure; threads, messages and scheduling live here.
 *
 *   const pool = new PassPool();              // one worker per core
 *   const result = await pool.search(elements, [{ observer }], { startMs, endMs });
 *   result.passCount; result.passes(i, 0);    // PackedBulkResult
 *   await pool.close();
 *
 * Chunks are handed out one at a time as workers finish, so slow objects (deep space) do not
 * leave a thread idle. Workers start on first use and stay until `close()`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BUILT } from '../build-mode.js';
import type { ElementSet } from '../core/elements/index.js';
import type { BulkSearch } from '../core/passes/index.js';
import { type ChunkRequest, type SiteSpec, searchChunk } from './chunk.js';
import { PackedBulkResult, type PackedChunk } from './packed.js';

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

interface Reply {
  id: number;
  chunk?: PackedChunk;
  error?: string;
}

// Built (dist/): the bundled worker beside the bundle; from sources: the boot file that loads tsx.
const WORKER_URL = BUILT
  ? new URL('../../dist/pass-worker.js', import.meta.url)
  : new URL('./pass-worker-boot.js', import.meta.url);

export class PassPool {
  private readonly threads: number;
  private readonly chunkSize: number | undefined;
  private workers: Worker[] = [];
  private nextId = 1;

  constructor(options: PassPoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(options.threads ?? availableParallelism()));
    this.chunkSize = options.chunkSize;
  }

  /** Start the workers now (otherwise on the first search), e.g. while parsing elements. */
  warm(): void {
    while (this.workers.length < this.threads) {
      // Workers load TypeScript through the boot file; the parent's flags (--import tsx) would
      // register the loader twice.
      const worker = new Worker(WORKER_URL, { execArgv: [] });
      worker.unref();
      this.workers.push(worker);
    }
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
    const size =
      this.chunkSize ??
      Math.min(512, Math.max(16, Math.ceil(elements.length / (32 * Math.max(1, this.threads)))));
    const requests: ChunkRequest[] = [];
    for (let i = 0; i < elements.length; i += size) {
      requests.push({ id: this.nextId++, elements: elements.slice(i, i + size), sites, search });
    }
    if (this.threads === 0) {
      return new PackedBulkResult(sites.length, requests.map(searchChunk));
    }
    this.warm();
    const results = new Map<number, PackedChunk>();
    let next = 0;
    await Promise.all(
      this.workers.map(async (worker) => {
        while (next < requests.length) {
          const request = requests[next++]!;
          results.set(request.id, await this.send(worker, request));
        }
      }),
    );
    return new PackedBulkResult(
      sites.length,
      requests.map((r) => results.get(r.id)!),
    );
  }

  private send(worker: Worker, request: ChunkRequest): Promise<PackedChunk> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== request.id) return;
        cleanup();
        if (reply.chunk) resolve(reply.chunk);
        else reject(new Error(`pass worker: ${reply.error ?? 'no result'}`));
      };
      const onError = (error: Error) => {
        cleanup();
        this.drop(worker);
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        this.drop(worker);
        reject(new Error(`pass worker exited with code ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage(request);
    }).finally(() => worker.unref()) as Promise<PackedChunk>;
  }

  private drop(worker: Worker): void {
    this.workers = this.workers.filter((w) => w !== worker);
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
