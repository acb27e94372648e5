#!/usr/bin/env node
// Runs the build made at install (`npm ci` runs the `prepare` script: scripts/build.js bundles src
// into dist/). When there is no build, or a source file changed since it was made, runs the
// TypeScript sources through tsx instead (slower to start, never out of date).
import { readdir, readFile, stat } from 'node:fs/promises';

// `passwatch passes ... | head`: a reader that goes away is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** Whether dist/ was built after every file under src/ last changed (stats run in parallel). */
async function buildIsCurrent() {
  try {
    const { newestSourceMs } = JSON.parse(
      await readFile(new URL('../dist/build.json', import.meta.url), 'utf8'),
    );
    const src = new URL('../src/', import.meta.url);
    const entries = await readdir(src, { withFileTypes: true, recursive: true });
    const times = await Promise.all(
      entries
        .filter((entry) => entry.isFile())
        .map(async (entry) => (await stat(`${entry.parentPath}/${entry.name}`)).mtimeMs),
    );
    return times.every((mtime) => mtime <= newestSourceMs);
  } catch {
    return false;
  }
}

let cli = null;
if (process.env.PASSWATCH_FROM_SOURCES !== '1') {
  // The check's file reads run on libuv's threads while this thread loads the (small) entry of
  // the build; each command loads its own part of the build only when it runs.
  const [current, built] = await Promise.all([
    buildIsCurrent(),
    import('../dist/passwatch.js').catch(() => null),
  ]);
  if (current) cli = built;
}
if (!cli) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/entry.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
