/**
 * One TCP connection to a hamlib daemon (rotctld or rigctld): connects on first use, reconnects
 * with exponential backoff after a failure, sends one command at a time from a bounded queue
 * (a newer command of the same kind replaces a queued one, so a slow daemon never builds a
 * backlog), times commands out, and logs everything to a `CommandLog`. Results are returned,
 * never thrown: the caller's event loop never sees an exception or an unhandled rejection.
 */
import { connect, type Socket } from 'node:net';
import { CommandLog } from './log.js';
import {
  type ExtendedReply,
  HamlibError,
  isReplyEnd,
  parseExtendedReply,
  rprtError,
} from './protocol.js';

export interface BackoffPolicy {
  /** Wait after the first failed connection attempt. */
  initialMs: number;
  /** Each further consecutive failure waits `factor` times longer... */
  factor: number;
  /** ...up to this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, factor: 2, maxMs: 30_000 };

/** Wait before the next attempt after `failures` consecutive failed attempts (>= 1). */
export function backoffDelayMs(policy: BackoffPolicy, failures: number): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, failures - 1));
}

export interface HamlibConnectionOptions {
  host: string;
  port: number;
  /** The daemon's role in logs: `rotator`, `downlink`, `uplink`. */
  name: string;
  /** A command without a complete reply after this is failed and the connection reset. */
  commandTimeoutMs?: number;
  /** A connection attempt not established after this counts as failed. */
  connectTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Commands waiting beyond the one in flight; more are refused (`queue-full`). */
  maxQueue?: number;
  /** Shared with the station's other daemons, or a new one of 1000 entries. */
  log?: CommandLog;
  /** Connection changes and errors, for the process log (commands only go to `log`). */
  onEvent?: (event: { event: 'hamlib' } & Record<string, unknown>) => void;
  now?: () => number;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'closed';

export type HamlibResult<T> = { ok: true; value: T } | { ok: false; error: HamlibError };

/** Counters and state, for the status API and metrics. */
export interface ConnectionStatus {
  name: string;
  host: string;
  port: number;
  state: ConnectionState;
  /** The last connection or command error, if any since the last success. */
  lastError: string | null;
  /** Consecutive failed connection attempts (0 once connected). */
  failedAttempts: number;
  /** While in backoff: when the next attempt is made (ms since the epoch). */
  nextAttemptMs: number | null;
  connects: number;
  commandsSent: number;
  commandsOk: number;
  commandErrors: number;
  superseded: number;
  queued: number;
}

interface Pending {
  command: string;
  coalesce: string | null;
  resolve: (result: HamlibResult<ExtendedReply>) => void;
  sentMs: number;
  lines: string[];
  timer: NodeJS.Timeout | null;
}

const MAX_LINE = 64 * 1024;

export class HamlibConnection {
  readonly log: CommandLog;
  private readonly o: Required<Omit<HamlibConnectionOptions, 'onEvent' | 'log'>> &
    Pick<HamlibConnectionOptions, 'onEvent'>;
  private state: ConnectionState = 'idle';
  private socket: Socket | null = null;
  private buffer = '';
  private readonly queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private nextAttemptMs: number | null = null;
  private lastError: string | null = null;
  /** Why the connection is down (for `not-connected` errors). */
  private downReason: string | null = null;
  private closedWaiters: (() => void)[] = [];
  private counters = { connects: 0, sent: 0, ok: 0, errors: 0, superseded: 0 };

  constructor(options: HamlibConnectionOptions) {
    this.o = {
      commandTimeoutMs: 3000,
      connectTimeoutMs: 3000,
      backoff: DEFAULT_BACKOFF,
      maxQueue: 16,
      now: Date.now,
      ...options,
    };
    this.log = options.log ?? new CommandLog(1000, this.o.now);
  }

  get name(): string {
    return this.o.name;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  status(): ConnectionStatus {
    return {
      name: this.o.name,
      host: this.o.host,
      port: this.o.port,
      state: this.state,
      lastError: this.lastError,
      failedAttempts: this.failedAttempts,
      nextAttemptMs: this.state === 'backoff' ? this.nextAttemptMs : null,
      connects: this.counters.connects,
      commandsSent: this.counters.sent,
      commandsOk: this.counters.ok,
      commandErrors: this.counters.errors,
      superseded: this.counters.superseded,
      queued: this.queue.length + (this.inFlight ? 1 : 0),
    };
  }

  /** Starts connecting (commands do this too). Idempotent. */
  start(): void {
    if (this.state === 'idle') this.connect();
  }

  /**
   * Sends `command` (without the `+` prefix and newline; e.g. `P 180.00 45.00`) and resolves with
   * the daemon's reply, or an error. With `coalesce`, a queued command with the same key that is
   * not yet sent is replaced by this one (it resolves `superseded`).
   */
  request(command: string, coalesce: string | null = null): Promise<HamlibResult<ExtendedReply>> {
    return new Promise((resolve) => {
      const fail = (error: HamlibError) => {
        this.recordError(command, error, null);
        resolve({ ok: false, error });
      };
      if (/[\r\n]/.test(command) || command.length === 0 || command.length > 256) {
        fail(
          new HamlibError('invalid', 'a command is one non-empty line of at most 256 characters'),
        );
        return;
      }
      if (this.state === 'closed') {
        fail(new HamlibError('closed', `${this.o.name} client is closed`));
        return;
      }
      if (this.state === 'idle') this.connect();
      if (this.state === 'backoff') {
        const wait = Math.max(0, (this.nextAttemptMs ?? 0) - this.o.now());
        fail(
          new HamlibError(
            'not-connected',
            `${this.where()} is not connected (${this.downReason ?? 'down'}); next attempt in ${wait} ms`,
          ),
        );
        return;
      }
      if (coalesce !== null) {
        const i = this.queue.findIndex((p) => p.coalesce === coalesce);
        if (i >= 0) {
          const old = this.queue[i]!;
          this.queue.splice(i, 1);
          this.counters.superseded++;
          const error = new HamlibError('superseded', `replaced by ${command} before it was sent`);
          this.log.add({
            type: 'error',
            daemon: this.o.name,
            command: old.command,
            kind: error.kind,
            code: null,
            message: error.message,
            durationMs: null,
          });
          old.resolve({ ok: false, error });
        }
      }
      if (this.queue.length >= this.o.maxQueue) {
        fail(new HamlibError('queue-full', `${this.o.maxQueue} commands already waiting`));
        return;
      }
      this.queue.push({ command, coalesce, resolve, sentMs: 0, lines: [], timer: null });
      this.pump();
    });
  }

  /** Closes the connection for good; queued commands resolve `closed`. */
  close(): Promise<void> {
    if (this.state === 'closed' && this.socket === null) return Promise.resolve();
    const wasClosed = this.state === 'closed';
    this.state = 'closed';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.failAll(new HamlibError('closed', `${this.o.name} client is closed`));
    if (!wasClosed) {
      this.log.add({ type: 'state', daemon: this.o.name, state: 'closed', message: this.where() });
    }
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      this.closedWaiters.push(resolve);
      socket.destroy();
    });
  }

  private where(): string {
    return `${this.o.name} daemon at ${this.o.host}:${this.o.port}`;
  }

  private connect(): void {
    this.state = 'connecting';
    this.nextAttemptMs = null;
    this.buffer = '';
    this.log.add({
      type: 'state',
      daemon: this.o.name,
      state: 'connecting',
      message: `${this.o.host}:${this.o.port}`,
    });
    let failure: string | null = null;
    const socket = connect({ host: this.o.host, port: this.o.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.setTimeout(this.o.connectTimeoutMs, () => {
      failure = `no connection after ${this.o.connectTimeoutMs} ms`;
      socket.destroy();
    });
    socket.on('connect', () => {
      socket.setTimeout(0);
      socket.setKeepAlive(true, 10_000);
      if (this.state !== 'connecting') return;
      this.state = 'connected';
      this.failedAttempts = 0;
      this.lastError = null;
      this.counters.connects++;
      this.log.add({
        type: 'state',
        daemon: this.o.name,
        state: 'connected',
        message: this.where(),
      });
      this.o.onEvent?.({ event: 'hamlib', daemon: this.o.name, state: 'connected' });
      this.pump();
    });
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure = error.code ? `${error.code}: ${error.message}` : error.message;
    });
    socket.on('close', () => this.onClose(socket, failure));
  }

  private onClose(socket: Socket, failure: string | null): void {
    if (this.socket !== socket) return;
    this.socket = null;
    const wasConnected = this.state === 'connected';
    if (this.state === 'closed') {
      for (const w of this.closedWaiters.splice(0)) w();
      return;
    }
    const reason = failure ?? (wasConnected ? 'connection closed by the daemon' : 'closed');
    this.lastError = reason;
    this.downReason = reason;
    if (wasConnected) {
      this.log.add({ type: 'state', daemon: this.o.name, state: 'disconnected', message: reason });
      this.failAll(new HamlibError('disconnected', `${this.where()}: ${reason}`));
    } else {
      this.failedAttempts++;
      this.failAll(new HamlibError('not-connected', `${this.where()}: ${reason}`));
    }
    const delay = wasConnected
      ? this.o.backoff.initialMs
      : backoffDelayMs(this.o.backoff, this.failedAttempts);
    this.state = 'backoff';
    this.nextAttemptMs = this.o.now() + delay;
    if (!wasConnected) {
      this.log.add({
        type: 'error',
        daemon: this.o.name,
        command: null,
        kind: 'connect',
        code: null,
        message: `${this.o.host}:${this.o.port}: ${reason}`,
        durationMs: null,
      });
    }
    this.log.add({
      type: 'state',
      daemon: this.o.name,
      state: 'backoff',
      message: `next attempt in ${delay} ms`,
      retryInMs: delay,
    });
    this.o.onEvent?.({
      event: 'hamlib',
      daemon: this.o.name,
      state: wasConnected ? 'disconnected' : 'connect-failed',
      message: reason,
      retryInMs: delay,
      failedAttempts: this.failedAttempts,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state === 'backoff') this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (!this.onLine(line)) return;
    }
    if (this.buffer.length > MAX_LINE) {
      this.protocolFailure(`a reply line longer than ${MAX_LINE} characters`);
    }
  }

  /** Handles one reply line; false when the connection was reset. */
  private onLine(line: string): boolean {
    const p = this.inFlight;
    if (!p) {
      this.protocolFailure(`unexpected line with no command in flight: ${JSON.stringify(line)}`);
      return false;
    }
    p.lines.push(line);
    if (!isReplyEnd(line)) {
      if (p.lines.length > 1000) {
        this.protocolFailure('a reply of more than 1000 lines');
        return false;
      }
      return true;
    }
    this.inFlight = null;
    if (p.timer) clearTimeout(p.timer);
    const durationMs = this.o.now() - p.sentMs;
    const parsed = parseExtendedReply(p.lines);
    if (parsed instanceof HamlibError) {
      this.recordError(p.command, parsed, durationMs);
      p.resolve({ ok: false, error: parsed });
      this.protocolFailure(parsed.message);
      return false;
    }
    if (parsed.code !== 0) {
      const error = rprtError(parsed.code);
      this.recordError(p.command, error, durationMs);
      p.resolve({ ok: false, error });
    } else {
      this.counters.ok++;
      this.lastError = null;
      this.log.add({
        type: 'reply',
        daemon: this.o.name,
        command: p.command,
        values: Object.fromEntries(parsed.fields.map((f) => [f.key, f.value])),
        durationMs,
      });
      p.resolve({ ok: true, value: parsed });
    }
    this.pump();
    return true;
  }

  private pump(): void {
    if (this.state !== 'connected' || this.inFlight || !this.socket) return;
    const p = this.queue.shift();
    if (!p) return;
    this.inFlight = p;
    p.sentMs = this.o.now();
    this.counters.sent++;
    this.log.add({ type: 'sent', daemon: this.o.name, command: p.command });
    p.timer = setTimeout(() => {
      if (this.inFlight !== p) return;
      this.inFlight = null;
      const error = new HamlibError(
        'timeout',
        `no reply within ${this.o.commandTimeoutMs} ms; connection reset`,
      );
      this.recordError(p.command, error, this.o.now() - p.sentMs);
      p.resolve({ ok: false, error });
      this.socket?.destroy();
    }, this.o.commandTimeoutMs);
    p.timer.unref();
    this.socket.write(`+${p.command}\n`);
  }

  /** The daemon said something we cannot follow: drop the connection and start over. */
  private protocolFailure(message: string): void {
    if (this.inFlight) {
      const p = this.inFlight;
      this.inFlight = null;
      if (p.timer) clearTimeout(p.timer);
      const error = new HamlibError('protocol', message);
      this.recordError(p.command, error, this.o.now() - p.sentMs);
      p.resolve({ ok: false, error });
    } else {
      this.recordError(null, new HamlibError('protocol', message), null);
    }
    this.socket?.destroy();
  }

  private failAll(error: HamlibError): void {
    const all = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.splice(0)];
    this.inFlight = null;
    for (const p of all) {
      if (p.timer) clearTimeout(p.timer);
      this.recordError(p.command, error, p.sentMs ? this.o.now() - p.sentMs : null);
      p.resolve({ ok: false, error });
    }
  }

  private recordError(command: string | null, error: HamlibError, durationMs: number | null): void {
    this.counters.errors++;
    this.lastError = error.message;
    this.log.add({
      type: 'error',
      daemon: this.o.name,
      command,
      kind: error.kind,
      code: error.code,
      message: error.message,
      durationMs,
    });
  }
}
