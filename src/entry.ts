/**
 * The process entry (bin/passwatch.js, and the built dist/passwatch.js): runs the command line
 * with its use cases wired by the composition root (src/main.ts). The root is loaded only when a
 * command needs one, so `--help` and `passes --elements FILE --lat --lon` start without it.
 */
import type { CliIo, CliServices } from './cli/io.js';
import { main as cli } from './cli/main.js';

/** The root's use cases, each loading `src/main.ts` on first use. */
const services: CliServices = {
  serve: async () => (await root()).serve(),
  refresh: async (...args) => (await root()).refresh(...args),
  catalogReport: async (...args) => (await root()).catalogReport(...args),
  observers: async () => (await root()).observers(),
  storedCatalog: async (...args) => (await root()).storedCatalog(...args),
  importFile: async (...args) => (await root()).importFile(...args),
  stationSchedule: async (...args) => (await root()).stationSchedule(...args),
};

async function root(): Promise<CliServices> {
  return (await import('./main.js')).cliServices();
}

/** Run `passwatch` with `argv` (without node and script); resolves to the exit code. */
export function main(argv: string[], io?: CliIo): Promise<number> {
  return cli(argv, io, services);
}
