/**
 * The bounded log of a station's hamlib traffic: every command sent, every reply, every error,
 * connection changes and limit warnings, newest last. A ring buffer: it never grows past its
 * capacity, so a long-running station keeps the latest entries only.
 */
import type { HamlibErrorKind } from './protocol.js';

interface EntryBase {
  /** Increasing number, across the whole log (also after older entries are dropped). */
  seq: number;
  /** Wall-clock time of the entry, ms since the epoch. */
  timeMs: number;
  /** Which daemon: `rotator`, `downlink`, `uplink`, ... (the client's name). */
  daemon: string;
}

export type CommandLogEntry = EntryBase &
  (
    | { type: 'sent'; command: string }
    | {
        type: 'reply';
        command: string;
        /** The reply's values, `Key: value` as in the daemon's extended reply. */
        values: Record<string, string>;
        durationMs: number;
      }
    | {
        type: 'error';
        /** The command that failed (null for a connection error). */
        command: string | null;
        kind: HamlibErrorKind | 'connect';
        code: number | null;
        message: string;
        durationMs: number | null;
      }
    | {
        type: 'state';
        state: 'connecting' | 'connected' | 'disconnected' | 'backoff' | 'closed';
        message: string;
        /** For `backoff`: how long until the next connection attempt. */
        retryInMs?: number;
      }
    | { type: 'warning'; command: string; message: string }
  );

/** An entry as given to `add` (the log numbers and stamps it). */
export type NewCommandLogEntry = CommandLogEntry extends infer E
  ? E extends CommandLogEntry
    ? Omit<E, 'seq' | 'timeMs'>
    : never
  : never;

export class CommandLog {
  private readonly ring: (CommandLogEntry | undefined)[];
  private next = 0;
  private seq = 0;

  constructor(
    readonly capacity = 1000,
    private readonly now: () => number = Date.now,
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError('capacity must be a positive integer');
    }
    this.ring = new Array(capacity);
  }

  add(entry: NewCommandLogEntry): CommandLogEntry {
    const full = { ...entry, seq: ++this.seq, timeMs: this.now() } as CommandLogEntry;
    this.ring[this.next] = full;
    this.next = (this.next + 1) % this.capacity;
    return full;
  }

  /** Number of entries ever added. */
  get total(): number {
    return this.seq;
  }

  /**
   * Entries in order, oldest first: those after `afterSeq` (default: all kept), at most `limit`
   * (the newest ones), of `daemon` only when given.
   */
  entries(options: { afterSeq?: number; limit?: number; daemon?: string } = {}): CommandLogEntry[] {
    const out: CommandLogEntry[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const e = this.ring[(this.next + i) % this.capacity];
      if (e === undefined) continue;
      if (options.afterSeq !== undefined && e.seq <= options.afterSeq) continue;
      if (options.daemon !== undefined && e.daemon !== options.daemon) continue;
      out.push(e);
    }
    return options.limit === undefined ? out : out.slice(Math.max(0, out.length - options.limit));
  }
}

/** One line per entry, for people (the CLI, test output, the issue's closing note). */
export function formatLogEntry(e: CommandLogEntry): string {
  const t = new Date(e.timeMs).toISOString().slice(11, 23);
  const head = `${t} ${e.daemon.padEnd(8)}`;
  switch (e.type) {
    case 'sent':
      return `${head} > ${e.command}`;
    case 'reply': {
      const values = Object.entries(e.values)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return `${head} < ${e.command}: ok${values ? ` ${values}` : ''} (${e.durationMs} ms)`;
    }
    case 'error':
      return `${head} ! ${e.command ?? '(connection)'}: ${e.kind}${e.code !== null ? ` ${e.code}` : ''} ${e.message}`;
    case 'state':
      return `${head} = ${e.state}: ${e.message}`;
    case 'warning':
      return `${head} ~ ${e.command}: ${e.message}`;
  }
}
