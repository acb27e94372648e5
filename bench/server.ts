/**
 * A passwatch server for the benchmarks: `passwatch serve` in a child process on 127.0.0.1 (a
 * free port), a temporary data directory with the bundled snapshot, no refresh.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

export const BIN = fileURLToPath(new URL('../bin/passwatch.js', import.meta.url));

export interface BenchServer {
  child: ChildProcess;
  base: string;
  dir: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  /** Peak resident set size so far (VmHWM), MB; null where /proc is missing. */
  peakRssMb(): number | null;
  /** CPU time the server has used so far (user + system, all threads), ms; null without /proc. */
  cpuMs(): number | null;
  /** CPU time of its main thread alone (user + system), ms; null without /proc. */
  mainCpuMs(): number | null;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Run the TypeScript sources (tsx) instead of the build. */
  fromSources?: boolean;
  /** Reuse a data directory (a restart); default a new one. */
  dir?: string;
  env?: Record<string, string>;
  /** The passwatch checkout to run (default this one), e.g. an older commit's `git archive`. */
  root?: string;
  /** CPUs the server may run on (`taskset -c`, e.g. "0"); default any. */
  cpus?: string;
}

export async function startServer(options: ServerOptions = {}): Promise<BenchServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'passwatch-bench-'));
  const started = performance.now();
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const bin = options.root ? join(options.root, 'bin', 'passwatch.js') : BIN;
  const command = [process.execPath, ...nodeArgs, bin, 'serve'];
  // taskset execs node: the child's pid is the server's (its /proc figures below).
  if (options.cpus) command.unshift('taskset', '-c', options.cpus);
  const child = spawn(command[0]!, command.slice(1), {
    ...(options.root ? { cwd: options.root } : {}),
    env: {
      ...process.env,
      PORT: '0',
      PASSWATCH_HOST: '127.0.0.1',
      PASSWATCH_DATA_DIR: dir,
      PASSWATCH_REFRESH_ON_START: 'false',
      PASSWATCH_FROM_SOURCES: options.fromSources ? '1' : '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // stderr is shown only if the server fails (a stop prints "SIGTERM received, stopping").
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /"event":"listening"[^\n]*"port":(\d+)/.exec(buffer);
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`passwatch serve exited (${code}): ${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    base,
    dir,
    readyMs,
    peakRssMb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : null;
      } catch {
        return null;
      }
    },
    cpuMs() {
      return statCpuMs(`/proc/${child.pid}/stat`);
    },
    mainCpuMs() {
      // The main thread's task id is the process id.
      return statCpuMs(`/proc/${child.pid}/task/${child.pid}/stat`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** User + system CPU of a /proc `stat` file (a process's, all threads, or one thread's), ms. */
function statCpuMs(file: string): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
    const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
