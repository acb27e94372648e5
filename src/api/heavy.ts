/**
 * Expensive requests are computed a few at a time (`api.heavyConcurrency`): more wait briefly in
 * line, and when the line is long or the wait runs out they get 503 with Retry-After, so a burst
 * of heavy requests cannot starve health checks, cheap requests or each other. A request whose
 * client has gone away leaves the line.
 */
import { ProblemError } from './problem.js';

export interface HeavyLimiterOptions {
  /** Computed at once. */
  concurrency: number;
  /** Waiting at most; more are refused at once (default 4 x concurrency). */
  maxQueue?: number;
  /** Longest wait for a slot, ms (default 2000). */
  maxWaitMs?: number;
}

interface Waiter {
  grant: () => void;
}

/** The error of a request whose client went away before it was answered. */
export class ClientGone extends Error {
  override readonly name = 'ClientGone';
  constructor() {
    super('the client closed the connection');
  }
}

export class HeavyLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly maxQueue: number;
  private readonly maxWaitMs: number;
  /** Requests refused with 503 so far. */
  refused = 0;

  constructor(private readonly options: HeavyLimiterOptions) {
    this.maxQueue = options.maxQueue ?? 4 * options.concurrency;
    this.maxWaitMs = options.maxWaitMs ?? 2000;
  }

  /** Heavy requests computing now. */
  get running(): number {
    return this.active;
  }

  /** Heavy requests waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Run `work` when a slot is free.
   *
   * @throws ProblemError 503 (with Retry-After) when the line is full or the wait runs out.
   * @throws ClientGone when `signal` aborts while waiting.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new ClientGone());
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxQueue) return Promise.reject(this.busy());
    return new Promise<void>((resolve, reject) => {
      const leave = (error: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(error);
      };
      const onAbort = () => leave(new ClientGone());
      const timer = setTimeout(() => leave(this.busy()), this.maxWaitMs);
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next.grant();
    else this.active--;
  }

  private busy(): ProblemError {
    this.refused++;
    const seconds = Math.max(1, Math.ceil(this.maxWaitMs / 1000));
    return new ProblemError(
      503,
      'busy',
      `this server is computing ${this.active} expensive requests already, with ${this.queue.length} waiting; try again in ${seconds} s`,
      [],
      { retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  }
}
