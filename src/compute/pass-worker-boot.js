// Worker entry: makes TypeScript importable in this thread (as bin/passwatch.js does), then runs
// the worker. Kept as JavaScript because a worker thread does not inherit the parent's loader.
import { register } from 'tsx/esm/api';

register();
await import('./pass-worker.ts');
