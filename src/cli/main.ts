/**
 * The `passwatch` command line. Each command returns an exit code; bad input gives one clear
 * line on stderr and a non-zero exit.
 */

import { VERSION } from '../version.js';
import { CliError, type CliIo, type CliServices, defaultIo } from './io.js';

const HELP = `passwatch — satellite pass predictions for hobby ground stations

Usage:
  passwatch passes --elements FILE --sat NORAD_ID --lat DEG --lon DEG [options]
  passwatch serve
  passwatch refresh [--source NAME]... [--force] [--accept-drop] [--json]
  passwatch catalog [--json]
  passwatch schedule --station NAME [--days N] [--start ISO] [--json]
  passwatch import FILE [--group NAME] [--json]
  passwatch station run NAME [--simulate-from TIME] [--speed N]
  passwatch help [COMMAND]

Commands:
  passes    List passes of a satellite over an observer (table, or --json)
  serve     Run the service: keep the catalog fresh on a schedule (until SIGINT/SIGTERM)
  refresh   Fetch the element sources that are due now, once
  catalog   Show the stored catalog: counts, element ages, sources and their last outcomes
  schedule  Plan a radio station's passes (rotator plans, transmitters, the best set to work)
  import    Load a TLE/3LE/OMM file into the store (when CelesTrak cannot be reached)
  station   Drive a station's rotator and radios through hamlib (run; --simulate-from to try a rig)

Run "passwatch help passes" for the options of a command.
`;

interface Command {
  help: string;
  run: (args: string[], io: CliIo, services: CliServices | undefined) => Promise<number>;
}

/** Each command is loaded when used, so `--help` or `passes` never loads the server. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  passes: async () => (await import('./passes.js')).passesCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  refresh: async () => (await import('./refresh.js')).refreshCommand,
  catalog: async () => (await import('./refresh.js')).catalogCommand,
  schedule: async () => (await import('./schedule.js')).scheduleCommand,
  import: async () => (await import('./import.js')).importCommand,
  station: async () => (await import('./station.js')).stationCommand,
};

/**
 * Run the CLI with `argv` (without node and script); resolves to the exit code. The service
 * commands (serve, refresh, catalog) run `services`, which the process entry (src/entry.ts)
 * wires to the composition root.
 */
export async function main(
  argv: string[],
  io: CliIo = defaultIo,
  services?: CliServices,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' ? rest[0] : undefined;
      const load = topic && Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
      if (topic && !load) throw new CliError(`unknown command "${topic}"; see "passwatch --help"`);
      io.out(load ? (await load()).help : HELP);
      return 0;
    }
    if (command === '--version') {
      io.out(`passwatch ${VERSION}\n`);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new CliError(`unknown command "${command}"; see "passwatch --help"`);
    const entry = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(entry.help);
      return 0;
    }
    return await entry.run(rest, io, services);
  } catch (error) {
    io.err(`passwatch: ${describe(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
