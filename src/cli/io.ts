import { InputError } from '../format/time.js';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Current time, epoch ms (the CLI is an edge: it may read the clock). */
  now(): number;
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
