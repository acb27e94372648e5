/**
 * hamlib's real daemons for tests: `rotctld -m 1` / `rigctld -m 1` (the dummy rotator and rig of
 * Debian's libhamlib-utils, installed by `npm test`'s scripts/test-deps.sh) on free ports of
 * 127.0.0.1. A free port is found by binding port 0; if the daemon then cannot bind it (another
 * process took it meanwhile), it is started again on another one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { RigctldClient, RotctldClient } from '../../src/station/hamlib/index.js';

export type DaemonKind = 'rotctld' | 'rigctld';

/** A port nobody listens on right now (bound on port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Whether process `pid` holds the listening TCP socket of 127.0.0.1:`port` (Linux: the socket's
 * inode in /proc/net/tcp among the process's open files). True where /proc cannot tell.
 */
async function listensOn(pid: number | undefined, port: number): Promise<boolean> {
  if (pid === undefined) return false;
  let table: string;
  try {
    table = await readFile('/proc/net/tcp', 'utf8');
  } catch {
    return true;
  }
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const row = table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find((f) => f[1] === local && f[3] === '0A');
  if (!row) return false;
  const socket = `socket:[${row[9]}]`;
  try {
    const fds = await readdir(`/proc/${pid}/fd`);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (target === socket) return true;
    }
  } catch {
    return false;
  }
  return false;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const running = new Set<Daemon>();

export class Daemon {
  private child: ChildProcess | null = null;

  private constructor(
    readonly kind: DaemonKind,
    readonly port: number,
  ) {}

  /** Starts `kind` on a free port (another one if the chosen port is taken meanwhile). */
  static async start(kind: DaemonKind): Promise<Daemon> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const daemon = new Daemon(kind, await freePort());
      try {
        await daemon.launch();
        running.add(daemon);
        return daemon;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /** A port with no daemon (for a daemon that is never up). */
  static async absent(kind: DaemonKind): Promise<Daemon> {
    return new Daemon(kind, await freePort());
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  private async launch(): Promise<void> {
    const child = spawn(this.kind, ['-m', '1', '-T', '127.0.0.1', '-t', String(this.port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          error.message = `${this.kind} is not installed: apt-get install libhamlib-utils (npm test installs it through scripts/test-deps.sh)`;
        }
        reject(error);
      });
      child.once('exit', (code, signal) =>
        reject(
          new Error(`${this.kind} on port ${this.port} exited (${code ?? signal}): ${stderr}`),
        ),
      );
    });
    failed.catch(() => {});
    this.child = child;
    const deadline = Date.now() + 20_000;
    // Listening on the port is not enough: another process may have taken it between
    // `freePort()` and the daemon's bind (the daemon then exits), so the listener must be ours.
    while (
      !(await Promise.race([accepts(this.port), failed])) ||
      !(await Promise.race([listensOn(child.pid, this.port), failed]))
    ) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${this.kind} did not listen on port ${this.port}: ${stderr}`);
      }
      await sleep(25);
    }
  }

  /** Kills the daemon at once (SIGKILL: no goodbye to its clients) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.kill('SIGKILL');
    await exitOf(child);
  }

  /** Starts it again on the same port (retrying while the port is not yet free). */
  async restart(): Promise<void> {
    await this.kill();
    let lastError: unknown;
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await this.launch();
        running.add(this);
        return;
      } catch (error) {
        lastError = error;
        await sleep(100);
      }
    }
    throw lastError;
  }

  async stop(): Promise<void> {
    running.delete(this);
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.kill('SIGTERM');
    const gone = exitOf(child);
    if ((await Promise.race([gone.then(() => true), sleep(2000).then(() => false)])) === false) {
      child.kill('SIGKILL');
      await gone;
    }
  }
}

/** Stops every daemon still running (for afterAll). */
export async function stopAllDaemons(): Promise<void> {
  await Promise.all([...running].map((d) => d.stop()));
}

/**
 * A client of its own on `rotctld` for reading back where the rotator is (the daemon serves
 * several clients; the dummy rotator's position is shared by them). Close it when done.
 */
export function rotatorReader(d: Daemon): RotctldClient {
  return new RotctldClient({
    host: '127.0.0.1',
    port: d.port,
    name: 'read-back',
    limits: { azimuthMinDeg: -180, azimuthMaxDeg: 540, elevationMinDeg: 0, elevationMaxDeg: 180 },
  });
}

/** A client of its own on `rigctld` for reading back its frequencies. Close it when done. */
export function radioReader(d: Daemon): RigctldClient {
  return new RigctldClient({ host: '127.0.0.1', port: d.port, name: 'read-back' });
}
