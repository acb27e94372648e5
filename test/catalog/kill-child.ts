/**
 * Child process for the crash test (kill.test.ts): refreshes one source into a store and, when
 * asked, stalls inside the write transaction so that the parent can SIGKILL it there.
 *
 * Environment: KILL_DATA_DIR, KILL_SOURCE_URL, KILL_NOW_MS, KILL_STAGE (a TransactionStage to
 * stall at, or `none` to finish), KILL_WRITER (`thread`: the write runs on the refresh's worker
 * thread with its own connection, as in the server; otherwise in this thread). Prints `IN_TRANSACTION <stage>` before stalling, or
 * `DONE <outcome>` when the refresh finished.
 */
import { writeSync } from 'node:fs';
import type { StoreHooks, TransactionStage } from '../../src/catalog/index.js';
import { RefreshThread } from '../../src/catalog/refresh-thread.js';
import { openCatalog, storePath } from '../../src/catalog/service/index.js';
import { loadConfig } from '../../src/config/index.js';

const { KILL_DATA_DIR, KILL_SOURCE_URL, KILL_NOW_MS, KILL_STAGE, KILL_WRITER } = process.env;
if (!KILL_DATA_DIR || !KILL_SOURCE_URL || !KILL_NOW_MS || !KILL_STAGE) {
  throw new Error('KILL_DATA_DIR, KILL_SOURCE_URL, KILL_NOW_MS and KILL_STAGE are required');
}

const config = loadConfig(
  {
    PASSWATCH_DATA_DIR: KILL_DATA_DIR,
    PASSWATCH_GROUPS: '',
    PASSWATCH_SOURCES: JSON.stringify([
      { name: 'mirror', url: KILL_SOURCE_URL, minIntervalMinutes: 0 },
    ]),
  },
  { cwd: KILL_DATA_DIR },
);
const hooks: StoreHooks = {
  inTransaction: (stage: TransactionStage) => {
    if (stage !== KILL_STAGE) return;
    writeSync(1, `IN_TRANSACTION ${stage}\n`);
    // Stall with the transaction open until the parent kills us (on the refresh thread, the
    // worker waits for this hook to return, transaction open).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
};
// A small page cache, so that the open transaction spills pages into the WAL file.
const storeOptions = { cacheSizeKiB: 512, hooks };
const thread = KILL_WRITER === 'thread' ? new RefreshThread(storePath(config), storeOptions) : null;
const { refresher, store } = openCatalog(config, {
  clock: () => Number(KILL_NOW_MS),
  log: () => {},
  storeOptions,
  ...(thread ? { loader: thread } : {}),
});
const [report] = await refresher.refresh();
await thread?.close();
store.close();
writeSync(1, `DONE ${report?.outcome} ${report?.reason ?? ''}\n`);
