import { ConfigError, formatProblem } from '../config/index.js';
import { CliError, type CliIo, type CliServices, requireServices } from './io.js';

/** sysexits.h EX_CONFIG: the configuration is invalid. */
export const EXIT_CONFIG = 78;

const help = `Usage: passwatch serve

Runs the passwatch service until SIGINT or SIGTERM: serves the HTTP API (default port 8080;
interactive docs at /docs), keeps the satellite catalog in the data directory fresh (refresh job on the configured schedule), loading the bundled snapshot into an
empty store first. Logs one JSON line per event (start, snapshot, catalog, each refresh outcome).

Settings come from their defaults (listed in config/default.json), the JSON file named by
PASSWATCH_CONFIG, and environment variables (see README "Configuration"). An invalid
configuration is reported in full on stderr and the command exits with status ${EXIT_CONFIG}.
`;

export const serveCommand = {
  help,
  run: async (args: string[], io: CliIo, services?: CliServices): Promise<number> => {
    if (args.length > 0) throw new CliError(`serve takes no arguments (got "${args[0]}")`);
    const { serve } = requireServices(services);
    // Listen for the signals before anything starts (one arriving while the server starts stops
    // it once started, instead of killing it half-way) and until the stop is done: Ctrl-C under
    // `npm start` delivers SIGINT twice (to the process group, and forwarded by npm), and the
    // second must not kill the process in the middle of its orderly stop.
    let onSignal: (signal: NodeJS.Signals) => void = () => {};
    const stopSignal = new Promise<string>((resolve) => {
      onSignal = (signal) => resolve(signal);
    });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      let handle: Awaited<ReturnType<CliServices['serve']>>;
      try {
        handle = await serve();
      } catch (error) {
        if (error instanceof ConfigError) return reportConfigError(error, io);
        throw error;
      }
      const signal = await stopSignal;
      io.err(`passwatch: ${signal} received, stopping\n`);
      await handle.stop();
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

/** Print every configuration problem, one per line; returns the exit code. */
export function reportConfigError(error: ConfigError, io: CliIo): number {
  io.err(
    `passwatch: invalid configuration, ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}:\n`,
  );
  for (const p of error.problems) io.err(`  ${formatProblem(p)}\n`);
  return EXIT_CONFIG;
}
