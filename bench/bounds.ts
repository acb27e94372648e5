/**
 * Bounded memory and CPU under hostile load (issue 11), against a server holding the whole active
 * catalog (bench/data/active.csv, about 16,000 objects) in a child process:
 *
 * - RSS after 600 distinct large answers (each a 2-day track of 17,000 points, a few MB): the
 *   response cache is bounded in bytes;
 * - /healthz latency while 20 heavy requests (whole-catalog /v1/above, group passes, ICS,
 *   transits, sky) run, once
 *   the server has settled after loading the catalog (its first refresh and the catalog watch's
 *   first scan are measured apart: `refresh`);
 * - /healthz latency during a forced refresh of the whole catalog (parse, store, watch);
 * - with each /healthz figure, the longest event-loop block measured inside the server
 *   (bench/loop-probe.mjs), in wall time and in the main thread's CPU time: on a shared machine
 *   the client's round trip and the wall time also count the time the server waited for a core,
 *   the CPU time counts the work that held the loop, and the main thread's own wait for a core
 *   (run-queue delay) says how much of the wall time went to other threads; the probes are sent
 *   and timed by a worker thread of this process, so reading the heavy answers here does not
 *   delay them;
 * - the time of one `group=geo&days=5` request, and what the server answers;
 * - the load average (1 min) before and after each case: the machine's other work counts too.
 *
 *   node --import tsx bench/bounds.ts [--root DIR] [rss|health|refresh|geo ...]
 *     DIR: another checkout, for before/after; name cases to run only those
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BenchRow, printTable } from './passes.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ACTIVE = join(HERE, 'data', 'active.csv');

async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on('error', reject);
  });
}

interface Server {
  child: ChildProcess;
  base: string;
  dir: string;
  rssMb: () => number;
  /** CPU time used so far by the server (all threads), ms. */
  cpuMs: () => number;
  /** Ends a phase of the server's own event-loop measure (bench/loop-probe.mjs) and starts the next. */
  loopPhase: () => Promise<LoopReport>;
}

/** How long the server's main thread held its event loop in one phase (bench/loop-probe.mjs). */
interface LoopReport {
  seq: number;
  /** monitorEventLoopDelay's max, p99 and p50 over the phase, ms. */
  maxMs: number;
  p99Ms: number;
  p50Ms: number;
  /** Stretches of more than 50 ms without a tick: how many, and the longest five, ms. */
  over50: number;
  longest: number[];
  /** The same in CPU time of the server's main thread (what it did, not how long it waited). */
  cpuMaxMs: number;
  cpuOver50: number;
  cpuLongest: number[];
  /** The main thread's time waiting for a core over the phase, and the most within one stretch, ms. */
  waitMs?: number;
  waitMaxMs?: number;
}

const PROBE = join(HERE, 'loop-probe.mjs');

function loopText(r: LoopReport): string {
  const list = (n: number, l: number[]) => `${n} over 50 ms${n ? ` (${l.join(', ')})` : ''}`;
  return (
    `server loop: longest block ${r.maxMs.toFixed(0)} ms wall (p99 ${r.p99Ms.toFixed(0)} ms, ${list(r.over50, r.longest)}), ` +
    `${r.cpuMaxMs} ms main-thread CPU (${list(r.cpuOver50, r.cpuLongest)})` +
    (r.waitMs === undefined
      ? ''
      : `; main thread waited for a core ${r.waitMs} ms in all, at most ${r.waitMaxMs} ms at once`)
  );
}

const ADMIN_TOKEN = 'bench-admin-token-0123456789';

/**
 * Wait until the server is idle (under 5% of a core over a second, at most a minute): after the
 * first refresh the catalog watch still scans the new objects for a while.
 */
async function settle(s: Server): Promise<number> {
  const t0 = performance.now();
  let last = s.cpuMs();
  while (performance.now() - t0 < 60_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = s.cpuMs();
    if (now - last < 50) break;
    last = now;
  }
  return performance.now() - t0;
}

export async function startServer(root: string): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'passwatch-bounds-'));
  const port = await freePort();
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const probeFile = join(dir, 'loop-probe.json');
  const args = [...nodeArgs, '--import', PROBE, join(root, 'bin', 'passwatch.js'), 'serve'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      PASSWATCH_HOST: '127.0.0.1',
      PASSWATCH_DATA_DIR: dir,
      PASSWATCH_FETCH_TIMEOUT_SECONDS: '2',
      PASSWATCH_SOURCES: JSON.stringify([{ name: 'all', path: ACTIVE, groups: ['all'] }]),
      PASSWATCH_REFRESH_ON_START: 'true',
      PASSWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
      PASSWATCH_LOOP_PROBE_FILE: probeFile,
      // All 20 heavy requests computed at once (none waits or gets 503): the worst case for the
      // event loop, as in test/api/event-loop.test.ts.
      PASSWATCH_API_HEAVY_CONCURRENCY: '20',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok && ((await r.json()) as { objects: number }).objects > 15_000) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const rssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  };
  const cpuMs = () => {
    // Fields after the command name: utime and stime are the 12th and 13th, in 1/100 s.
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  let seq = 0;
  const loopPhase = async (): Promise<LoopReport> => {
    seq++;
    child.kill('SIGUSR2');
    for (;;) {
      await new Promise((r) => setTimeout(r, 20));
      try {
        const report = JSON.parse(readFileSync(probeFile, 'utf8')) as LoopReport;
        if (report.seq === seq) return report;
      } catch {
        // not written yet (or half written)
      }
    }
  };
  return { child, base, dir, rssMb, cpuMs, loopPhase };
}

export async function stopServer(s: Server): Promise<void> {
  s.child.kill('SIGTERM');
  await new Promise((r) => s.child.once('exit', r));
  rmSync(s.dir, { recursive: true, force: true });
}

const START = '2026-07-11T00:00:00Z';

/** RSS before and after 600 distinct track requests, 8 at a time. */
async function rssAfterDistinct(s: Server): Promise<BenchRow> {
  const before = s.rssMb();
  let peak = before;
  let next = 0;
  let statuses = '';
  const worker = async () => {
    while (next < 600) {
      const i = next++;
      const lat = (-60 + i * 0.2).toFixed(1);
      let status = 'reset';
      try {
        const r = await fetch(
          `${s.base}/v1/satellites/25544/track?lat=${lat}&lon=5&start=${START}&end=2026-07-13T00:00:00Z&step=10`,
        );
        await r.arrayBuffer();
        status = String(r.status);
      } catch {
        // counted below
      }
      if (status !== '200' && !statuses.includes(status)) statuses += `${status} `;
      peak = Math.max(peak, s.rssMb());
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return {
    case: 'RSS over 600 distinct 2-day tracks (about 4 MB each)',
    result: `${Math.round(before)} MB before, peak ${Math.round(peak)} MB, ${Math.round(s.rssMb())} MB after`,
    note: statuses ? `non-200: ${statuses.trim()}` : 'all 200',
  };
}

/**
 * The prober's loop, in a worker thread of its own: this thread also reads the 20 heavy answers
 * (several MB of JSON each), and a round trip timed here would count that work too. It says
 * `ready` after its first round trip (a new thread and a new connection), which is not counted.
 */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
let resets = 0;
const times = [];
parentPort.on('message', () => { stop = true; });
(async () => {
  await (await fetch(workerData.url)).arrayBuffer();
  parentPort.postMessage('ready');
  while (!stop) {
    const t0 = performance.now();
    try {
      await (await fetch(workerData.url)).arrayBuffer();
      times.push(performance.now() - t0);
    } catch {
      resets++; // a kept-alive connection closed under us (client side): ask again
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage({ times, resets });
})();
`;

/**
 * Start /healthz round trips every 20 ms, timed by a worker thread (`PROBER`); resolves once the
 * prober is ready. `stop()` gives p50, p99 and max of the round trips since then.
 */
async function startProbes(s: Server): Promise<{ stop: () => Promise<string> }> {
  const prober = new Worker(PROBER, { eval: true, workerData: { url: `${s.base}/healthz` } });
  const failed = new Promise<never>((_, rej) => prober.once('error', rej));
  await Promise.race([new Promise((res) => prober.once('message', res)), failed]);
  const done = Promise.race([
    new Promise<{ times: number[]; resets: number }>((res) => prober.once('message', res)),
    failed,
  ]);
  return {
    stop: async () => {
      prober.postMessage('stop');
      const { times, resets } = await done;
      await prober.terminate();
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
      return `p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms over ${times.length} probes${resets ? ` (${resets} connection resets)` : ''}`;
    },
  };
}

/** /healthz round trips during a forced refresh of the whole catalog from its file. */
async function healthDuringRefresh(s: Server): Promise<BenchRow> {
  const probes = await startProbes(s);
  await s.loopPhase();
  const cpu0 = s.cpuMs();
  const t0 = performance.now();
  const refresh = fetch(`${s.base}/v1/catalog/refresh`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ force: true }),
  }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });
  const status = await refresh;
  const result = await probes.stop();
  const refreshMs = Math.round(performance.now() - t0);
  const cpuMs = Math.round(s.cpuMs() - cpu0);
  // The catalog watch goes on after the refresh answers: the phase ends when the server is idle.
  await settle(s);
  const loop = await s.loopPhase();
  return {
    case: '/healthz during a forced refresh',
    result: `${result}; ${loopText(loop)}`,
    note: `refresh ${status} in ${refreshMs} ms, ${cpuMs} ms server CPU (loop measured until idle)`,
  };
}

/**
 * /healthz round trips while 20 heavy requests run, each with its own observer (no cache): four
 * each of whole-catalog /v1/above, group=all passes, a group ICS feed, transits and the sky.
 */
async function healthUnderLoad(s: Server): Promise<BenchRow> {
  const statuses: Record<number, number> = {};
  const probes = await startProbes(s);
  await s.loopPhase();
  const heavy = Array.from({ length: 20 }, async (_, i) => {
    const lat = (10 + i * 2.5).toFixed(1);
    const at = `lat=${lat}&lon=5`;
    const url = `${s.base}${
      [
        `/v1/above?${at}`,
        `/v1/passes?group=all&${at}&start=${START}&days=0.1`,
        `/v1/passes.ics?group=visual&${at}&start=${START}&days=2`,
        `/v1/transits?${at}&start=${START}&days=7&radiusKm=200`,
        `/v1/sky?${at}&time=${START}&stars=5`,
      ][i % 5]
    }`;
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      await r.arrayBuffer();
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    } catch {
      statuses[0] = (statuses[0] ?? 0) + 1;
    }
  });
  await Promise.all(heavy);
  const result = await probes.stop();
  const loop = await s.loopPhase();
  return {
    case: '/healthz during 20 heavy requests',
    result: `${result}; ${loopText(loop)}`,
    note: `heavy answers: ${Object.entries(statuses)
      .map(([k, v]) => `${v}x ${k === '0' ? 'no answer' : k}`)
      .join(', ')}`,
  };
}

/** One group=geo&days=5 request (the bundled snapshot's geo group): how long, what status. */
async function geoFiveDays(s: Server): Promise<BenchRow> {
  const t0 = performance.now();
  const r = await fetch(`${s.base}/v1/passes?group=geo&lat=52&lon=5&start=${START}&days=5`);
  const body = (await r.json()) as { passes?: unknown[]; detail?: string };
  return {
    case: 'group=geo&days=5',
    result: `${Math.round(performance.now() - t0)} ms`,
    note: `${r.status}${body.passes ? `, ${body.passes.length} passes` : `: ${body.detail}`}`,
  };
}

const CASES = {
  rss: rssAfterDistinct,
  health: healthUnderLoad,
  refresh: healthDuringRefresh,
  geo: geoFiveDays,
};
type Case = keyof typeof CASES;

export async function benchBounds(
  root = resolve(HERE, '..'),
  cases: Case[] = ['rss', 'health', 'refresh', 'geo'],
): Promise<BenchRow[]> {
  const s = await startServer(root);
  try {
    const rows: BenchRow[] = [];
    const settledMs = await settle(s);
    rows.push({
      case: 'settled after start',
      result: `${(settledMs / 1000).toFixed(1)} s`,
      note: 'first refresh and watch scan',
      load: loadavg()[0]!.toFixed(1),
    });
    for (const c of cases) {
      const load0 = loadavg()[0]!;
      const row = await CASES[c](s);
      // Other work on the machine takes cores from the server: say how much there was.
      rows.push({ ...row, load: `${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}` });
    }
    return rows;
  } finally {
    await stopServer(s);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--root');
  const root = at >= 0 ? resolve(args[at + 1]!) : undefined;
  if (at >= 0) args.splice(at, 2);
  const cases = args.filter((a): a is Case => a in CASES);
  printTable(
    'Bounded memory and CPU (whole active catalog)',
    await benchBounds(root, cases.length ? cases : undefined),
  );
}
