// Worker entry from sources: makes TypeScript importable in this thread (as bin/passwatch.js does),
// then runs the worker. Kept as JavaScript because a worker thread does not inherit the parent's
// loader. The build bundles many-worker.ts itself as dist/many-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./many-worker.ts');
