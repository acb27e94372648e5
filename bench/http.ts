/**
 * HTTP load (issue 4): wrk (Debian package `wrk`) against a passwatch server started on
 * 127.0.0.1 in a child process with the bundled snapshot.
 *
 *   node --import tsx bench/http.ts
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BenchRow, printTable } from './passes.js';

const BIN = fileURLToPath(new URL('../bin/passwatch.js', import.meta.url));
const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function startServer(): Promise<{ child: ChildProcess; base: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'passwatch-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      PASSWATCH_HOST: '127.0.0.1',
      PASSWATCH_DATA_DIR: dir,
      PASSWATCH_REFRESH_ON_START: 'false',
      PASSWATCH_API_WORK_BUDGET: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { child, base, dir };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not become ready');
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
}

function ms(text: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
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
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const p50 = ms(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? '');
  const p99 = ms(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  return { rps, p50, p99, non2xx, requests };
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

export async function benchHttp(seconds = 10): Promise<BenchRow[]> {
  const { child, base, dir } = await startServer();
  try {
    const start = '2026-08-22T00:00:00Z';
    const iss = `/v1/satellites/25544/passes?start=${start}&days=10`;
    const visual = `/v1/passes?group=visual&start=${start}&days=2`;
    // Warm the JIT and the cache.
    await wrk(`${base}${iss}&lat=52&lon=5`, 2, 8);
    const rows: BenchRow[] = [];
    const add = (name: string, r: WrkResult, target: string) =>
      rows.push({
        case: name,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50.toFixed(2),
        'p99 ms': r.p99.toFixed(2),
        requests: r.requests,
        errors: r.non2xx,
        target,
      });
    add(
      'ISS 10 days, cached',
      await wrk(`${base}${iss}&lat=52&lon=5`, seconds, 32),
      '>= 5000 req/s, p99 < 20 ms',
    );
    add(
      'ISS 10 days, new observer each request',
      await wrk(`${base}${iss}`, seconds, 8, randomObserverScript(dir, iss)),
      '>= 300 req/s',
    );
    add('visual group 2 days, cached', await wrk(`${base}${visual}&lat=52&lon=5`, seconds, 32), '');
    add(
      'visual group 2 days, new observer each request',
      await wrk(`${base}${visual}`, seconds, 4, randomObserverScript(dir, visual)),
      '',
    );
    return rows;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTable(
    'HTTP load (wrk, 1 thread, server in one Node process on 127.0.0.1)',
    await benchHttp(),
  );
}
