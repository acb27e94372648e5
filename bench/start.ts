/**
 * Start time (issue 11): the command from the build made at install (dist/) against the same
 * command from the TypeScript sources (tsx), side by side, and `node -e 0` as the floor; time
 * until /readyz answers 200 for `passwatch serve`. Medians of several runs.
 *
 *   node --import tsx bench/start.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchRow, printTable } from './passes.js';
import { BIN, startServer } from './server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function timeCommand(command: string, args: string[], env: Record<string, string>, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
    if (i > 0) times.push(performance.now() - t0); // the first run warms the disk cache
  }
  return median(times);
}

/** Rebuild dist/ (as `npm ci` does), so the figures are those of the current sources. */
export function build(): number {
  const t0 = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'ignore' });
  return performance.now() - t0;
}

export async function benchStart(runs = 7): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const built = { PASSWATCH_FROM_SOURCES: '' };
  const sources = { PASSWATCH_FROM_SOURCES: '1' };
  const floor = timeCommand(process.execPath, ['-e', '0'], {}, runs);
  const add = (what: string, fromBuild: number, fromSources: number | null, target = '') =>
    rows.push({
      case: what,
      'build ms': Math.round(fromBuild),
      'sources ms': fromSources === null ? '' : Math.round(fromSources),
      ratio: fromSources === null ? '' : `${(fromSources / fromBuild).toFixed(1)}x`,
      target,
    });
  add('node -e 0 (the floor)', floor, null);
  add(
    'node bin/passwatch.js --help',
    timeCommand(process.execPath, [BIN, '--help'], built, runs),
    timeCommand(process.execPath, [BIN, '--help'], sources, runs),
    '< 200 ms',
  );
  add(
    'npx passwatch --help',
    timeCommand('npx', ['passwatch', '--help'], built, runs),
    timeCommand('npx', ['passwatch', '--help'], sources, runs),
    '< 200 ms',
  );
  // serve: the first start loads the bundled snapshot into an empty store; a restart opens it.
  for (const restart of [false, true]) {
    const times: Record<'build' | 'sources', number[]> = { build: [], sources: [] };
    for (const mode of ['build', 'sources'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'passwatch-bench-start-'));
      if (restart) await (await startServer({ dir, fromSources: mode === 'sources' })).stop();
      for (let i = 0; i < (restart ? 3 : 1); i++) {
        const server = await startServer({ dir, fromSources: mode === 'sources' });
        times[mode].push(server.readyMs);
        await server.stop();
      }
      rmSync(dir, { recursive: true, force: true });
    }
    add(
      restart
        ? 'serve until /readyz, restart (store exists)'
        : 'serve until /readyz, first start (loads the snapshot)',
      median(times.build),
      median(times.sources),
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`built dist/ in ${Math.round(build())} ms`);
  printTable('Start (median wall time)', await benchStart());
}
