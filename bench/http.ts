/**
 * HTTP load (issue 11): wrk (Debian package `wrk`) against one passwatch server (the build in
 * dist/, started as `passwatch serve` in a child process on 127.0.0.1 with the bundled snapshot):
 * a cached route, an uncached single satellite and an uncached `group=visual` day (a new observer
 * on every request), then the server's peak RSS.
 *
 *   node --import tsx bench/http.ts
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BenchRow, printTable } from './passes.js';
import { startServer } from './server.js';

const run = promisify(execFile);

/** Whether wrk is installed (it prints its version and exits 1: only a missing binary counts). */
export function haveWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT';
  }
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

function ms(text: string): number {
  const m = /([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return { us: v / 1000, ms: v, s: v * 1000, m: v * 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
}

async function wrk(
  url: string,
  seconds: number,
  connections: number,
  script?: string,
): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  if (script) args.push('-s', script);
  args.push(url);
  const { stdout } = await run('wrk', args, { maxBuffer: 1 << 20 });
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    stdout,
  );
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50: ms(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? ''),
    p99: ms(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? ''),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
    errors: socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
  };
}

/** A wrk script that asks for a different observer on every request (never cached). */
function randomObserverScript(dir: string, path: string): string {
  const file = join(dir, `random-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(
    file,
    `math.randomseed(os.time())
request = function()
  local lat = string.format("%.4f", math.random() * 120 - 60)
  local lon = string.format("%.4f", math.random() * 360 - 180)
  return wrk.format("GET", "${path}&lat=" .. lat .. "&lon=" .. lon)
end
`,
  );
  return file;
}

export interface HttpBench {
  rows: BenchRow[];
  /** Peak RSS of the server over the whole run, MB. */
  peakRssMb: number | null;
}

export async function benchHttp(seconds = 10): Promise<HttpBench> {
  const server = await startServer();
  const { base, dir } = server;
  try {
    const start = '2026-08-22T00:00:00Z';
    // The route's default window (2 days) for one satellite; the visual group for 1 day.
    const iss = `/v1/satellites/25544/passes?start=${start}`;
    const visual = `/v1/passes?group=visual&start=${start}&days=1`;
    // Warm the JIT and the cache.
    await wrk(`${base}${iss}&lat=52&lon=5`, 2, 8);
    await wrk(`${base}${iss}`, 2, 4, randomObserverScript(dir, iss));
    const rows: BenchRow[] = [];
    // Server CPU per request: comparable across runs on a shared machine, where req/s is not.
    const measured = async (url: string, connections: number, script?: string) => {
      const before = server.cpuMs();
      const r = await wrk(url, seconds, connections, script);
      const after = server.cpuMs();
      const cpuUs =
        before === null || after === null ? null : ((after - before) * 1000) / r.requests;
      return { ...r, cpuUs };
    };
    const add = (
      name: string,
      connections: number,
      r: WrkResult & { cpuUs: number | null },
      target: string,
    ) =>
      rows.push({
        case: name,
        conns: connections,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50.toFixed(2),
        'p99 ms': r.p99.toFixed(2),
        requests: r.requests,
        'non-2xx': r.non2xx,
        'socket errors': r.errors,
        'server CPU us/req': r.cpuUs === null ? 'n/a' : Math.round(r.cpuUs),
        target,
      });
    add(
      'ISS 2 days, cached (same query)',
      32,
      await measured(`${base}${iss}&lat=52&lon=5`, 32),
      '>= 15000 req/s, p99 < 20 ms',
    );
    add(
      'ISS 2 days, uncached (new observer each request)',
      8,
      await measured(`${base}${iss}`, 8, randomObserverScript(dir, iss)),
      '>= 1000 req/s',
    );
    add(
      'group=visual 1 day, uncached (new observer each request)',
      8,
      await measured(`${base}${visual}`, 8, randomObserverScript(dir, visual)),
      '>= 100 req/s, p99 < 1 s',
    );
    return { rows, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}

export function printHttp(result: HttpBench): void {
  printTable(
    'HTTP load (wrk, 1 thread; server: the build, one Node process on 127.0.0.1, bundled snapshot)',
    result.rows,
  );
  const rss = result.peakRssMb;
  console.log(`load average after the run: ${loadavg()[0]!.toFixed(1)}`);
  console.log(
    `server peak RSS over the load run: ${rss === null ? 'n/a' : `${Math.round(rss)} MB`} (target <= 512 MB)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!haveWrk()) {
    console.log('HTTP load: skipped, wrk is not installed (apt-get install wrk)');
  } else {
    printHttp(await benchHttp());
  }
}
