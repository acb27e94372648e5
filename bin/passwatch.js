#!/usr/bin/env node
// Runs the build made at install (`npm ci` runs the `prepare` script: scripts/build.js bundles src
// into dist/). When there is no build, or a source file changed since it was made, runs the
// TypeScript sources through tsx instead (slower to start, never out of date).
import { readdirSync, readFileSync, statSync } from 'node:fs';

// `passwatch passes ... | head`: a reader that goes away is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

function buildIsCurrent() {
  try {
    const { newestSourceMs } = JSON.parse(
      readFileSync(new URL('../dist/build.json', import.meta.url), 'utf8'),
    );
    const src = new URL('../src/', import.meta.url);
    for (const entry of readdirSync(src, { withFileTypes: true, recursive: true })) {
      if (
        entry.isFile() &&
        statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > newestSourceMs
      ) {
        return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

let cli;
if (process.env.PASSWATCH_FROM_SOURCES !== '1' && buildIsCurrent()) {
  cli = await import('../dist/passwatch.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/entry.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
