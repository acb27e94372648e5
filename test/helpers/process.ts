/**
 * Child processes in tests: JSON log lines of a started passwatch, the port it listens on, and
 * whether a process or port is still there.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

export type LogEvent = Record<string, unknown> & { event?: string };

/**
 * Collects the JSON lines a child writes on stdout (other lines, such as npm's banner, are kept
 * apart); `waitFor` resolves with the first event that matches, or rejects when the output ends
 * first (every process holding the child's stdout/stderr has exited), with the stderr.
 */
export class EventLog {
  readonly events: LogEvent[] = [];
  readonly otherLines: string[] = [];
  stderr = '';
  private buffer = '';
  private readonly waiters: { match: (e: LogEvent) => boolean; resolve: (e: LogEvent) => void }[] =
    [];
  private exit: Promise<never>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        this.line(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exit = new Promise<never>((_, reject) => {
      child.once('close', (code, signal) =>
        reject(new Error(`output ended (${code ?? signal}) first; stderr: ${this.stderr}`)),
      );
    });
    this.exit.catch(() => {});
  }

  private line(text: string): void {
    let event: LogEvent;
    try {
      event = JSON.parse(text) as LogEvent;
    } catch {
      this.otherLines.push(text);
      return;
    }
    this.events.push(event);
    for (const w of [...this.waiters]) {
      if (w.match(event)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  }

  waitFor(match: (e: LogEvent) => boolean): Promise<LogEvent> {
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return Promise.race([
      new Promise<LogEvent>((resolve) => this.waiters.push({ match, resolve })),
      this.exit,
    ]);
  }

  /** The port of the `listening` event. */
  async port(): Promise<number> {
    const e = await this.waitFor((e) => e.event === 'listening');
    return e.port as number;
  }
}

/** Resolves with the exit code (or signal name) of a child. */
export function exited(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode ?? child.signalCode);
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Whether a process with this id exists (and is not a zombie). Linux: reads /proc. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Ids of the processes whose parent is `pid`, and theirs, recursively. Linux: reads /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}
