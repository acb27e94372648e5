/**
 * HTTP load (issue 11): wrk (Debian package `wrk`) against passwatch servers (each the build in
 * its checkout's dist/, started as `passwatch serve` in a child process on 127.0.0.1 with the
 * bundled snapshot): a cached route, an uncached single satellite and an uncached `group=visual`
 * day (a new observer on every request), each printed with its aim, then each server's peak RSS.
 *
 * Server CPU per request (all its threads, from /proc) is the figure to compare on a shared
 * machine, with its main thread's part beside it (the event loop's share: HTTP, routing, JSON;
 * the rest is the worker threads' searches); req/s also depends on what else runs. wrk needs a
 * core of its own: with `--pin` the server runs on CPU 0 (its worker threads too) and wrk on
 * CPU 1, so neither takes the other's.
 * With several `--root`s (e.g. an older commit's `git archive` with its own build), the servers
 * run side by side and each case is measured on each in turn, `--rounds` times.
 *
 *   node --import tsx bench/http.ts [--root DIR]... [--pin] [--seconds N] [--rounds N]
 *                                    [cached|single|visual ...]
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type BenchRow, printTable } from './passes.js';
import { type BenchServer, startServer } from './server.js';

const run = promisify(execFile);
const TIME = '/usr/bin/time';

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
  /** CPU wrk itself used (user + system), ms; null without /usr/bin/time. */
  wrkCpuMs: number | null;
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
  options: { script?: string; cpus?: string } = {},
): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  if (options.script) args.push('-s', options.script);
  args.push(url);
  const command = ['wrk', ...args];
  if (options.cpus) command.unshift('taskset', '-c', options.cpus);
  const timed = existsSync(TIME);
  if (timed) command.unshift(TIME, '-f', 'wrk-cpu %U %S');
  const { stdout, stderr } = await run(command[0]!, command.slice(1), { maxBuffer: 1 << 20 });
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    stdout,
  );
  const cpu = /wrk-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50: ms(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? ''),
    p99: ms(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? ''),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
    errors: socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
    wrkCpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null,
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

const START = '2026-08-22T00:00:00Z';
// The route's default window (2 days) for one satellite; the visual group for 1 day.
const ISS = `/v1/satellites/25544/passes?start=${START}`;
const VISUAL = `/v1/passes?group=visual&start=${START}&days=1`;

interface Case {
  name: string;
  title: string;
  path: string;
  connections: number;
  /** A new observer on each request. */
  uncached: boolean;
  aim: { rps: number; p99Ms?: number };
}

export const CASES: Case[] = [
  {
    name: 'cached',
    title: 'ISS 2 days, cached (same query)',
    path: `${ISS}&lat=52&lon=5`,
    connections: 32,
    uncached: false,
    aim: { rps: 15_000, p99Ms: 20 },
  },
  {
    name: 'single',
    title: 'ISS 2 days, uncached (new observer each request)',
    path: ISS,
    connections: 8,
    uncached: true,
    aim: { rps: 1000 },
  },
  {
    name: 'visual',
    title: 'group=visual 1 day, uncached (new observer each request)',
    path: VISUAL,
    connections: 8,
    uncached: true,
    aim: { rps: 100, p99Ms: 1000 },
  },
];

const RSS_AIM_MB = 512;

export interface HttpOptions {
  /** Checkouts to measure side by side (default this one). */
  roots?: string[];
  /** Server on CPU 0, wrk on CPU 1. */
  pin?: boolean;
  seconds?: number;
  rounds?: number;
  /** Case names (default all). */
  cases?: string[];
}

export interface HttpBench {
  rows: BenchRow[];
  /** Peak RSS of each server over the whole run, MB. */
  peakRss: { server: string; mb: number | null }[];
  pinned: boolean;
  load: { before: number; after: number };
}

/** Wait until the server is nearly idle (under 5% of a core over a second), at most a minute. */
async function settle(server: BenchServer): Promise<void> {
  const t0 = performance.now();
  let last = server.cpuMs();
  while (last !== null && performance.now() - t0 < 60_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = server.cpuMs();
    if (now === null || now - last < 50) break;
    last = now;
  }
}

function aimText(aim: Case['aim']): string {
  return `>= ${aim.rps} req/s${aim.p99Ms ? `, p99 < ${aim.p99Ms} ms` : ''}`;
}

function reached(aim: Case['aim'], r: WrkResult): string {
  const ok = r.rps >= aim.rps && (aim.p99Ms === undefined || r.p99 < aim.p99Ms);
  return ok ? 'yes' : 'no';
}

export async function benchHttp(options: HttpOptions = {}): Promise<HttpBench> {
  const roots = options.roots?.length ? options.roots : [undefined];
  const seconds = options.seconds ?? 10;
  const rounds = options.rounds ?? 1;
  const cases = CASES.filter((c) => !options.cases?.length || options.cases.includes(c.name));
  const serverCpus = options.pin ? '0' : undefined;
  const wrkCpus = options.pin ? '1' : undefined;
  const label = (root: string | undefined) => (root ? basename(root) : 'this checkout');
  const load0 = loadavg()[0]!;
  const servers: { label: string; server: BenchServer }[] = [];
  try {
    for (const root of roots) {
      const server = await startServer({ root, cpus: serverCpus });
      servers.push({ label: label(root), server });
      // The catalog watch's first scan runs after start: measure requests, not that.
      await settle(server);
    }
    const scripts = new Map<string, string>();
    for (const { server } of servers) {
      // Warm the JIT and the cache.
      for (const c of cases) {
        const script = c.uncached ? randomObserverScript(server.dir, c.path) : undefined;
        if (script) scripts.set(`${server.base} ${c.name}`, script);
        await wrk(`${server.base}${c.path}`, 2, Math.min(c.connections, 8), {
          script,
          cpus: wrkCpus,
        });
      }
    }
    const rows: BenchRow[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const c of cases) {
        for (const { label: name, server } of servers) {
          const before = server.cpuMs();
          const mainBefore = server.mainCpuMs();
          const r = await wrk(`${server.base}${c.path}`, seconds, c.connections, {
            script: scripts.get(`${server.base} ${c.name}`),
            cpus: wrkCpus,
          });
          const after = server.cpuMs();
          const mainAfter = server.mainCpuMs();
          const cpuUs =
            before === null || after === null ? null : ((after - before) * 1000) / r.requests;
          const mainUs =
            mainBefore === null || mainAfter === null
              ? null
              : ((mainAfter - mainBefore) * 1000) / r.requests;
          rows.push({
            server: name,
            round,
            case: c.title,
            conns: c.connections,
            'req/s': Math.round(r.rps),
            'p50 ms': r.p50.toFixed(2),
            'p99 ms': r.p99.toFixed(2),
            requests: r.requests,
            'non-2xx': r.non2xx,
            'socket errors': r.errors,
            'server CPU us/req': cpuUs === null ? 'n/a' : Math.round(cpuUs),
            // Of which the main thread (the event loop: HTTP, routing, JSON); the rest is the
            // worker threads' pass searches.
            'main thread us/req': mainUs === null ? 'n/a' : Math.round(mainUs),
            // What one core of server CPU could answer, whatever else runs on the machine.
            'req/s per server core': cpuUs === null ? 'n/a' : Math.round(1e6 / cpuUs),
            'wrk CPU us/req':
              r.wrkCpuMs === null ? 'n/a' : Math.round((r.wrkCpuMs * 1000) / r.requests),
            load: loadavg()[0]!.toFixed(1),
            aim: aimText(c.aim),
            reached: reached(c.aim, r),
          });
        }
      }
    }
    return {
      rows,
      peakRss: servers.map(({ label: server, server: s }) => ({ server, mb: s.peakRssMb() })),
      pinned: options.pin ?? false,
      load: { before: load0, after: loadavg()[0]! },
    };
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

export function printHttp(result: HttpBench): void {
  printTable(
    `HTTP load (wrk, 1 thread; server: the build, one Node process on 127.0.0.1, bundled snapshot${
      result.pinned ? '; server pinned to CPU 0, wrk to CPU 1' : ''
    })`,
    result.rows,
  );
  console.log(
    `load average: ${result.load.before.toFixed(1)} before, ${result.load.after.toFixed(1)} after`,
  );
  for (const { server, mb } of result.peakRss) {
    console.log(
      `${server}: peak RSS over the load run ${mb === null ? 'n/a' : `${Math.round(mb)} MB`} (aim <= ${RSS_AIM_MB} MB${
        mb === null ? '' : mb <= RSS_AIM_MB ? ', reached' : ', not reached'
      })`,
    );
  }
}

function parseArgs(args: string[]): HttpOptions {
  const options: HttpOptions = { roots: [], cases: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--root') options.roots!.push(resolve(args[++i]!));
    else if (a === '--pin') options.pin = true;
    else if (a === '--seconds') options.seconds = Number(args[++i]);
    else if (a === '--rounds') options.rounds = Number(args[++i]);
    else if (CASES.some((c) => c.name === a)) options.cases!.push(a);
    else throw new Error(`bench/http.ts: unknown argument ${a}`);
  }
  return options;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!haveWrk()) {
    console.log('HTTP load: skipped, wrk is not installed (apt-get install wrk)');
  } else {
    printHttp(await benchHttp(parseArgs(process.argv.slice(2))));
  }
}
