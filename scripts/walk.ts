/**
 * Which of passwatch's source files a `GET /v1/passes` runs code in, for ARCHITECTURE.md's walk:
 *
 *   npx tsx scripts/walk.ts            # JSON, many satellites, a response-cache miss
 *
 * Builds the API over the bundled snapshot (clock pinned to 2026-08-22T12:00Z), answers one
 * request to load every module and fill the catalog's caches, then answers the same query for
 * another day (a response-cache miss) under V8's precise coverage and lists each file under
 * `src/` with a function that ran during that second request. The request goes in process
 * (`app.request`, so not through `api/server.ts`) and without the prediction pool (the search
 * runs on this thread, so its files are seen; with the pool they run in a worker thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/api/app.js';
import { loadConfig } from '../src/config/index.js';
import { startPasswatch } from '../src/main.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const NOW = Date.parse('2026-08-22T12:00:00Z');
const query = (day: string) =>
  `/v1/passes?group=visual&lat=52&lon=5&alt=10&start=${day}T18:00:00Z&days=1`;

const dir = mkdtempSync(join(tmpdir(), 'passwatch-walk-'));
const handle = await startPasswatch({
  config: loadConfig(
    { PASSWATCH_DATA_DIR: dir, PASSWATCH_REFRESH_ON_START: 'false' },
    { cwd: dir },
  ),
  clock: () => NOW,
  log: () => {},
  schedule: false,
  refreshOnStart: false,
  // No look for other processes' refreshes while the request runs (its timer is not the request).
  syncIntervalMs: 3_600_000,
});
const { app } = createApp({
  config: handle.config,
  catalog: handle.catalog,
  clock: () => NOW,
  sources: () => handle.refresher.status(),
  ready: () => true,
  log: () => {},
});

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
const warm = await app.request(query('2026-08-22'));
if (warm.status !== 200) throw new Error(`warm-up answered ${warm.status}`);
await warm.text();
// Taking coverage resets the counts: what follows is the second request alone.
await session.post('Profiler.takePreciseCoverage');
const res = await app.request(query('2026-08-23'));
const body = (await res.json()) as { passes: unknown[] };
const { result } = await session.post('Profiler.takePreciseCoverage');
await session.post('Profiler.stopPreciseCoverage');
session.disconnect();

// Each file with the functions that ran in it (anonymous ones as `(anonymous)`), by name.
const files: Record<string, string[]> = {};
for (const script of result) {
  if (!script.url.startsWith('file://')) continue;
  const path = relative(root, fileURLToPath(script.url));
  if (!path.startsWith('src/')) continue;
  const ran = script.functions.filter((f) => f.ranges[0]!.count > 0);
  if (ran.length === 0) continue;
  files[path] = [...new Set(ran.map((f) => f.functionName || '(anonymous)'))].sort();
}
const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
console.log(
  JSON.stringify(
    {
      status: res.status,
      passes: body.passes.length,
      fileCount: Object.keys(sorted).length,
      // ARCHITECTURE.md's table adds api/server.ts (the socket adapter) outside the core.
      outsideCore: Object.keys(sorted).filter((f) => !f.startsWith('src/core/')).length,
      inCore: Object.keys(sorted).filter((f) => f.startsWith('src/core/')).length,
      files: sorted,
    },
    null,
    1,
  ),
);
await handle.stop();
rmSync(dir, { recursive: true, force: true });
