// Worker entry from sources: makes TypeScript importable in this thread (as bin/passwatch.js does),
// then runs the worker. The build bundles judge-worker.ts itself as dist/judge-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./judge-worker.ts');
