/**
 * A refresh's parse and write on a worker thread (`refresh-worker.ts`): fetched bodies are judged
 * there, and the accepted element sets are written there through a store connection of its own,
 * in one transaction as in the calling thread. The event loop stays free meanwhile: the store is
 * in WAL mode, so this thread's connection goes on reading the last committed data until the
 * worker commits. Only NORAD ids cross before the write; after it, the new records come back in
 * pages of `RECORD_PAGE`, each copied in a few milliseconds. The thread starts on the first
 * refresh and stays, idle, until `close()`.
 */
import { BUILT } from '../build-mode.js';
import { WorkerPool } from '../compute/worker-pool.js';
import type { FetchedBody } from './fetch.js';
import type { LoadVerdict, SourceLoader, WriteInput } from './loader.js';
import type { CatalogRecord } from './records.js';
import {
  type RefreshReply,
  type RefreshRequest,
  STAGE_REACHED,
  STAGE_RELEASED,
  STAGES,
  type StoreConnection,
} from './refresh-thread-protocol.js';
import type { SourceSpec } from './sources.js';
import type { ReplaceSourceResult, StoreHooks } from './store-types.js';

// Built (dist/): the bundled worker beside the bundle; from sources: the TypeScript module, which
// `WorkerPool` starts through its boot file.
const WORKER_URL = BUILT
  ? new URL('../../dist/refresh-worker.js', import.meta.url)
  : new URL('./refresh-worker.ts', import.meta.url);

/** Records handed back per message after a write (about 5 ms of copying on the main thread). */
export const RECORD_PAGE = 1000;

/** A store write that failed on the worker: nothing was committed. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
  constructor(
    message: string,
    /** SQLite's error code, e.g. `SQLITE_FULL`. */
    readonly code: string | null,
  ) {
    super(message);
  }
}

export interface RefreshThreadOptions extends Omit<StoreConnection, 'path'> {
  /**
   * Called on this thread at each stage of a write while the worker waits, its transaction open,
   * until the returned promise settles (tests use it to act in the middle of a write).
   */
  hooks?: StoreHooks;
}

export class RefreshThread implements SourceLoader {
  private readonly pool = new WorkerPool<RefreshRequest, RefreshReply>(WORKER_URL, { threads: 1 });
  private readonly connection: StoreConnection;

  /** @param storePath The catalog store file the worker writes (the caller's store's file). */
  constructor(
    storePath: string,
    private readonly options: RefreshThreadOptions = {},
  ) {
    this.connection = {
      path: storePath,
      ...(options.cacheSizeKiB !== undefined ? { cacheSizeKiB: options.cacheSizeKiB } : {}),
      ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
    };
  }

  /** `judgeBody(spec, body, maxBadShare)` on the worker; a parsed body's sets stay there. */
  async judge(spec: SourceSpec, body: FetchedBody, maxBadShare: number): Promise<LoadVerdict> {
    const reply = await this.pool.run({ op: 'judge', spec, body, maxBadShare });
    return (reply as { verdict: LoadVerdict }).verdict;
  }

  discard(source: string): void {
    this.pool.run({ op: 'discard', source }).catch(() => {});
  }

  /** Write the sets kept for `input.source` on the worker's connection. @throws StoreWriteError */
  async write(input: WriteInput): Promise<ReplaceSourceResult> {
    const hook = this.options.hooks?.inTransaction;
    const gate = hook ? new SharedArrayBuffer(4 * STAGES.length) : null;
    const written = this.pool.run({ op: 'write', connection: this.connection, input, gate });
    if (hook && gate) {
      holdStages(new Int32Array(gate), written, hook, input.source.name).catch(() => {});
    }
    const reply = await written;
    if ('failed' in reply) throw new StoreWriteError(reply.failed.message, reply.failed.code);
    const { result, recordCount } = reply as Extract<RefreshReply, { recordCount: number }>;
    const records: CatalogRecord[] = [];
    while (records.length < recordCount) {
      const page = await this.pool.run({ op: 'records', from: records.length, count: RECORD_PAGE });
      const got = (page as { records: CatalogRecord[] }).records;
      if (got.length === 0) throw new Error('the refresh thread lost the records of its write');
      for (const r of got) records.push(r);
    }
    return { ...result, records };
  }

  /** Stop the thread (and close its store connection). */
  async close(): Promise<void> {
    if (this.pool.started > 0) await this.pool.run({ op: 'close' }).catch(() => {});
    await this.pool.close();
  }
}

/** `Atomics.waitAsync` (Node 16+; TypeScript's lib for ES2022 does not declare it). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/**
 * Run `hook` at each stage the worker reaches while it waits there, then let it go on; stops
 * when the write ends (a failed write may not reach every stage).
 */
async function holdStages(
  gate: Int32Array,
  written: Promise<unknown>,
  hook: NonNullable<StoreHooks['inTransaction']>,
  source: string,
): Promise<void> {
  const ended = written.then(
    () => true,
    () => true,
  );
  for (let i = 0; i < STAGES.length; i++) {
    const wait = waitAsync(gate, i, 0);
    if (wait.async && (await Promise.race([wait.value.then(() => false), ended]))) return;
    if (Atomics.load(gate, i) !== STAGE_REACHED) return;
    try {
      await hook(STAGES[i]!, source);
    } finally {
      Atomics.store(gate, i, STAGE_RELEASED);
      Atomics.notify(gate, i);
    }
  }
}
