/**
 * Worker thread of `RefreshThread`: judges fetched bodies (`judgeBody`, about half a second for
 * 16,000 objects) and writes the accepted element sets through a store connection of its own
 * (`CatalogStore.replaceSource`, about 0.1–0.3 s in one transaction), so that neither holds the
 * event loop. The store is in WAL mode: the main thread's connection reads the last committed
 * data until this one commits.
 */
import { serveRequests } from '../compute/worker-pool.js';
import { judgeBody } from './body.js';
import { KeptElements } from './loader.js';
import { catalogStdMagnitude } from './magnitudes.js';
import type { CatalogRecord } from './records.js';
import {
  type RefreshReply,
  type RefreshRequest,
  STAGE_REACHED,
  STAGES,
  type StoreConnection,
} from './refresh-thread-protocol.js';
import { CatalogStore } from './store.js';

const kept = new KeptElements();
let store: CatalogStore | null = null;
let storeKey = '';
/** The gate of the write in progress (see `STAGES`), or null when no one holds stages. */
let gate: Int32Array | null = null;
/** The records of the last write not yet handed out. */
let records: CatalogRecord[] = [];

function open(connection: StoreConnection): CatalogStore {
  const key = JSON.stringify(connection);
  if (store?.isOpen && key === storeKey) return store;
  store?.close();
  store = CatalogStore.open(connection.path, {
    ...(connection.cacheSizeKiB !== undefined ? { cacheSizeKiB: connection.cacheSizeKiB } : {}),
    ...(connection.maxPages !== undefined ? { maxPages: connection.maxPages } : {}),
    magnitudes: catalogStdMagnitude,
    hooks: {
      inTransaction: (stage) => {
        if (gate === null) return;
        // Tell the main thread this stage is reached; wait, transaction open, until it lets go.
        const i = STAGES.indexOf(stage);
        Atomics.store(gate, i, STAGE_REACHED);
        Atomics.notify(gate, i);
        Atomics.wait(gate, i, STAGE_REACHED);
      },
    },
  });
  storeKey = key;
  return store;
}

function handle(request: RefreshRequest): RefreshReply {
  switch (request.op) {
    case 'judge':
      return {
        verdict: kept.keep(
          request.spec,
          judgeBody(request.spec, request.body, request.maxBadShare),
        ),
      };
    case 'discard':
      kept.discard(request.source);
      return { done: true };
    case 'write': {
      const elements = kept.take(request.input.source.name);
      gate = request.gate === null ? null : new Int32Array(request.gate);
      try {
        const { records: all, ...result } = open(request.connection).replaceSource({
          ...request.input,
          elements,
        });
        records = all;
        return { result, recordCount: all.length };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return {
          failed: {
            message: error instanceof Error ? error.message : String(error),
            code: typeof code === 'string' ? code : null,
          },
        };
      } finally {
        gate = null;
      }
    }
    case 'records': {
      const page = records.slice(request.from, request.from + request.count);
      if (request.from + request.count >= records.length) records = [];
      return { records: page };
    }
    case 'close':
      store?.close();
      store = null;
      return { done: true };
  }
}

serveRequests<RefreshRequest, RefreshReply>(handle);
