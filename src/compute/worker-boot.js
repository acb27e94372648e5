// Worker entry from sources, for every pool (`WorkerPool` starts a `.ts` worker module through
// it): makes TypeScript importable in this thread (as bin/passwatch.js does), then imports the
// module named in `workerData`. Kept as JavaScript because a worker thread does not inherit the
// parent's loader. The build bundles each worker module itself (dist/*-worker.js).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.passwatchModule);
