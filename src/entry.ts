/**
 * The process entry (bin/passwatch.js, and the built dist/passwatch.js): runs the command line
 * with its service commands wired to the composition root (src/main.ts). The root is loaded only
 * when such a command runs, so `passwatch passes` and `--help` start without the server.
 */
import type { CliIo } from './cli/io.js';
import { main as cli } from './cli/main.js';

/** Run `passwatch` with `argv` (without node and script); resolves to the exit code. */
export function main(argv: string[], io?: CliIo): Promise<number> {
  return cli(argv, io, {
    serve: async () => (await import('./main.js')).serveHttp(),
    refresh: async (request, clock) => (await import('./main.js')).refreshOnce(request, { clock }),
    catalogReport: async (clock) => (await import('./main.js')).catalogReport({ clock }),
    storedCatalog: async (clock) => (await import('./main.js')).storedCatalog({ clock }),
  });
}
