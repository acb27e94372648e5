/**
 * Running `passwatch` in process, as bin/passwatch.js does (src/entry.ts: the CLI with its use
 * cases wired to the composition root), with stdout and stderr captured and "now" pinned.
 */
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/entry.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Run `passwatch ...args` at `nowMs`. */
export async function runCli(args: string[], nowMs: number): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    now: () => nowMs,
  };
  const code = await main(args, io);
  return { code, out, err };
}
