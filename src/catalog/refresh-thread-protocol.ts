/** Messages between `RefreshThread` and its worker thread (`refresh-worker.ts`). */
import type { FetchedBody } from './fetch.js';
import type { LoadVerdict, WriteInput } from './loader.js';
import type { CatalogRecord } from './records.js';
import type { SourceSpec } from './sources.js';
import type { ReplaceSourceResult, TransactionStage } from './store-types.js';

/**
 * The stages of a write the main thread can hold the worker at (`StoreHooks.inTransaction`), in
 * order; the gate holds one Int32 per stage: 0, then `STAGE_REACHED` from the worker (which then
 * waits, transaction open), then `STAGE_RELEASED` from the main thread.
 */
export const STAGES: readonly TransactionStage[] = [
  'elements-removed',
  'elements-written',
  'objects-updated',
];
export const STAGE_REACHED = 1;
export const STAGE_RELEASED = 2;

/** How the worker opens its own connection to the store file. */
export interface StoreConnection {
  path: string;
  cacheSizeKiB?: number;
  maxPages?: number;
}

export type RefreshRequest =
  | { op: 'judge'; spec: SourceSpec; body: FetchedBody; maxBadShare: number }
  | { op: 'discard'; source: string }
  | {
      op: 'write';
      connection: StoreConnection;
      input: WriteInput;
      /** `STAGES.length` Int32s, when the main thread holds the write at each stage. */
      gate: SharedArrayBuffer | null;
    }
  /** Records of the last write, `count` from `from` (handed out in pages: see `RECORD_PAGE`). */
  | { op: 'records'; from: number; count: number }
  | { op: 'close' };

export type RefreshReply =
  | { verdict: LoadVerdict }
  | { result: Omit<ReplaceSourceResult, 'records'>; recordCount: number }
  | { failed: { message: string; code: string | null } }
  | { records: CatalogRecord[] }
  | { done: true };
