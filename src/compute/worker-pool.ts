/**
 * A small pool of worker threads answering requests one at a time each, in the order they were
 * asked (first come, first served across callers). Threads start on first use, hold the process
 * open only while they have work, and a thread that dies fails its request and is replaced on the
 * next one.
 *
 *   const pool = new WorkerPool<Request, Reply>(url, { threads: 2 });
 *   const reply = await pool.run(request);
 *   await pool.close();
 *
 * The worker module answers each `{ id, request }` message with `{ id, reply }` or
 * `{ id, error }` (see `serveRequests`).
 */
import { availableParallelism } from 'node:os';
import { parentPort, type Transferable, Worker } from 'node:worker_threads';

/** Threads by default: one per core, at least 1 and at most 8. */
export function defaultThreads(): number {
  return Math.min(8, Math.max(1, availableParallelism()));
}

interface Job<Req, Res> {
  id: number;
  request: Req;
  resolve: (reply: Res) => void;
  reject: (error: Error) => void;
}

interface Message<Res> {
  id: number;
  reply?: Res;
  error?: string;
}

interface Slot<Req, Res> {
  worker: Worker;
  job: Job<Req, Res> | null;
}

export class WorkerPool<Req, Res> {
  readonly threads: number;
  private readonly slots: Slot<Req, Res>[] = [];
  private readonly queue: Job<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;

  /**
   * @param url The worker module (a JavaScript file: from sources, a boot file that loads tsx).
   * @param options.threads Worker threads (default `defaultThreads()`).
   */
  constructor(
    private readonly url: URL,
    options: { threads?: number } = {},
  ) {
    this.threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  }

  /** Threads started and running. */
  get started(): number {
    return this.slots.length;
  }

  /** Requests waiting for a thread. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Start every thread now (otherwise each starts on first use), so the first requests wait for none. */
  warm(): void {
    while (!this.closed && this.slots.length < this.threads) this.start();
  }

  /** Answer `request` on the next free thread. */
  run(request: Req): Promise<Res> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.threads) slot = this.start();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, request: job.request });
    }
  }

  private start(): Slot<Req, Res> {
    // From sources the boot file loads tsx itself; the parent's flags (--import tsx) would
    // register the loader twice.
    const worker = new Worker(this.url, { execArgv: [] });
    worker.unref();
    const slot: Slot<Req, Res> = { worker, job: null };
    worker.on('message', (message: Message<Res>) => {
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      slot.job = null;
      worker.unref();
      if (message.error !== undefined) job.reject(new Error(`worker: ${message.error}`));
      else job.resolve(message.reply as Res);
      this.dispatch();
    });
    const fail = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      slot.job?.reject(error);
      slot.job = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /** Stop the threads; waiting and running requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the worker pool is closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) s.job?.reject(new Error('the worker pool is closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/**
 * In a worker thread: answer each request of a `WorkerPool` with `handle`; `transfer` names the
 * buffers of a reply to move to the caller rather than copy.
 */
export function serveRequests<Req, Res>(
  handle: (request: Req) => Res,
  transfer: (reply: Res) => Transferable[] = () => [],
): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  port.on('message', ({ id, request }: { id: number; request: Req }) => {
    let reply: Res;
    try {
      reply = handle(request);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    port.postMessage({ id, reply }, transfer(reply));
  });
}
