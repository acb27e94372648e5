import type { Catalog, CatalogReport, RefreshRequest, SourceReport } from '../catalog/index.js';
import type { ImportReport } from '../catalog/service/index.js';
import type { Transmitter } from '../catalog/transmitters/index.js';
import type { Config } from '../config/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { InputError } from '../format/input-error.js';
import type { ScheduleReport } from '../station/schedule-report.js';
import type { StationConfig } from '../station/service.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Current time, epoch ms (the CLI is an edge: it may read the clock). */
  now(): number;
}

/**
 * The use cases the commands run, wired by the process entry (`src/entry.ts`) to the composition
 * root (`src/main.ts`), so that the CLI never imports it. Each loads the configuration from the
 * environment first (@throws ConfigError). `passes` with `--elements` and `--lat`/`--lon` needs
 * none of them.
 */
export interface CliServices {
  /** Start the service with its HTTP server (`passwatch serve`). */
  serve(): Promise<{ stop(): Promise<void> }>;
  /** Refresh the store once (`passwatch refresh`). @throws UnknownSourceError */
  refresh(request: RefreshRequest, clock: () => number): Promise<SourceReport[]>;
  /** The stored catalog's state (`passwatch catalog`). */
  catalogReport(clock: () => number): Promise<CatalogReport>;
  /** The configured observers (`passwatch passes --observer NAME`). */
  observers(): Promise<ObserversSettings>;
  /** The data directory's catalog, read once (`passwatch passes` without `--elements`). */
  storedCatalog(clock: () => number): Promise<{ dataDir: string; catalog: Catalog }>;
  /** Load a file into the store (`passwatch import`). @throws ImportError */
  importFile(file: string, group: string | null, clock: () => number): Promise<ImportReport>;
  /** A configured station's schedule (`passwatch schedule`). @throws UnknownStationError */
  stationSchedule(
    name: string,
    window: { startMs?: number; days: number },
    clock: () => number,
  ): Promise<ScheduleReport>;
  /** The configuration with the stored catalog and transmitter list (`passwatch station run`). */
  stationSources(clock: () => number): Promise<StoredSources>;
}

/** What `passwatch station run` drives a station from. */
export interface StoredSources {
  config: Config;
  /** Every station: those of the configuration and those stored through the API. */
  stations: StationConfig;
  catalog: Catalog;
  transmitters: { get(uuid: string): Transmitter | undefined };
}

/** The services, or an error saying this entry point was not wired with them. */
export function requireServices(services: CliServices | undefined): CliServices {
  if (!services)
    throw new CliError('this command needs the service; run it through bin/passwatch.js', 1);
  return services;
}

export const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => Date.now(),
};

/** A user error: printed as one line, exit code 2 for usage problems, 1 otherwise. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Turn flag-parsing and input errors into `CliError`s with the flag's name. */
export function asCliError(error: unknown): unknown {
  if (error instanceof InputError) return new CliError(error.message);
  if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    return new CliError(`${error.message}; see "passwatch help passes"`);
  }
  return error;
}

/** `--lat -33.9` is a negative number, not a flag: join such pairs as `--lat=-33.9` for parseArgs. */
export function joinNegativeNumbers(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (a.startsWith('--') && !a.includes('=') && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}
