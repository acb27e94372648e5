/**
 * A small pool of worker threads answering requests one at a time each, in the order they were
 * asked (first come, first served across callers). Threads start on first use, hold the process
 * open only while they have work, and a thread that dies fails its request and is replaced on the
 * next one. The threads run at a lower scheduling priority than the process (`niceness`), so the
 * main thread's event loop gets a core first when they keep every core busy, and with a small
 * young generation (`youngGenerationMb`): their garbage is short-lived, and V8's default (up to
 * 48 MB a thread) made the two threads' heaps a fifth of the server's peak RSS.
 *
 *   const pool = new WorkerPool<Request, Reply>(url, { threads: 2 });
 *   const reply = await pool.run(request);
 *   await pool.close();
 *
 * The worker module answers each `{ id, request }` message with `{ id, reply }` or
 * `{ id, error }` (see `serveRequests`). A module given as TypeScript (`.ts`, from sources) is
 * started through `worker-boot.js`, which makes TypeScript importable in the thread first.
 */
import { readlinkSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';
import {
  parentPort,
  resourceLimits,
  type Transferable,
  Worker,
  workerData,
} from 'node:worker_threads';

const BOOT_URL = new URL('./worker-boot.js', import.meta.url);

/** How much lower the threads' priority is than the process's by default (nice values, Linux). */
export const WORKER_NICENESS = 10;
/**
 * Each thread's young generation by default, MB (`resourceLimits.maxYoungGenerationSizeMb`).
 * V8's own default let each thread's heap grow to about 70 MB under the HTTP load bench; 8 MB
 * held it to about 45 MB but cost the bulk search about 10% more CPU over a week's window (more
 * of a chunk's orbits and passes promoted, then collected by full GCs: issue 12's bench against
 * `5c46e86`); 16 MB costs the same CPU as V8's default there.
 */
export const WORKER_YOUNG_GENERATION_MB = 16;

export interface WorkerPoolOptions {
  /** Worker threads (default `defaultThreads()`). */
  threads?: number;
  /**
   * Nice value to add to each thread's (default `WORKER_NICENESS`; 0 keeps the process's). Applied
   * per thread on Linux; elsewhere the thread says it could not and runs at the usual priority.
   */
  niceness?: number;
  /** Largest young generation of each thread's heap, MB (default `WORKER_YOUNG_GENERATION_MB`). */
  youngGenerationMb?: number;
}

/** What a running thread says of itself. */
export interface ThreadReport {
  /** The thread's OS id (Linux), e.g. for `os.getPriority`; null elsewhere. */
  threadId: number | null;
  /** `resourceLimits.maxYoungGenerationSizeMb` as the thread sees it. */
  youngGenerationMb: number | undefined;
}

/** What a pool tells its threads (`workerData`). */
interface PoolWorkerData {
  /** The worker module to import (started through the boot file). */
  passwatchModule?: string;
  niceness: number;
}

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
  id?: number;
  reply?: Res;
  error?: string;
  /** Sent once at start. */
  thread?: ThreadReport;
}

interface Slot<Req, Res> {
  worker: Worker;
  job: Job<Req, Res> | null;
  /** What the thread said of itself at start. */
  report: ThreadReport | null;
}

export class WorkerPool<Req, Res> {
  readonly threads: number;
  readonly niceness: number;
  readonly youngGenerationMb: number;
  private readonly slots: Slot<Req, Res>[] = [];
  private readonly queue: Job<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;

  /**
   * @param url The worker module: a bundled JavaScript file, or a TypeScript source (`.ts`).
   */
  constructor(
    private readonly url: URL,
    options: WorkerPoolOptions = {},
  ) {
    this.threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
    this.niceness = Math.max(0, Math.floor(options.niceness ?? WORKER_NICENESS));
    this.youngGenerationMb = Math.max(1, options.youngGenerationMb ?? WORKER_YOUNG_GENERATION_MB);
  }

  /** What each running thread said of itself (once started). */
  get threadReports(): ThreadReport[] {
    return this.slots.flatMap((s) => (s.report === null ? [] : [s.report]));
  }

  /** The OS ids of the running threads that have said theirs (Linux), e.g. for `os.getPriority`. */
  get threadIds(): number[] {
    return this.threadReports.flatMap((r) => (r.threadId === null ? [] : [r.threadId]));
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
    const fromSource = this.url.pathname.endsWith('.ts');
    const data: PoolWorkerData = {
      niceness: this.niceness,
      ...(fromSource ? { passwatchModule: this.url.href } : {}),
    };
    // From sources the boot file loads tsx itself; the parent's flags (--import tsx) would
    // register the loader twice.
    const worker = new Worker(fromSource ? BOOT_URL : this.url, {
      execArgv: [],
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: this.youngGenerationMb },
    });
    worker.unref();
    const slot: Slot<Req, Res> = { worker, job: null, report: null };
    worker.on('message', (message: Message<Res>) => {
      if (message.thread !== undefined) {
        slot.report = message.thread;
        return;
      }
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
 * The calling thread's OS id (Linux: `/proc/thread-self` is `PID/task/TID`); null elsewhere.
 */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lower the calling thread's scheduling priority by `niceness` (at most to 19), the thread alone:
 * on Linux `setpriority(PRIO_PROCESS, tid)` applies to one thread. Returns the thread's id, or
 * null (with a warning on stderr) where a thread's priority cannot be set.
 */
export function lowerThreadPriority(niceness: number): number | null {
  const tid = currentThreadId();
  if (niceness <= 0) return tid;
  try {
    if (tid === null) throw new Error('no /proc/thread-self on this system');
    setPriority(tid, Math.min(19, getPriority(tid) + niceness));
  } catch (error) {
    process.emitWarning(
      `passwatch: worker thread priority not lowered (${error instanceof Error ? error.message : String(error)}); it runs at the process's priority`,
    );
  }
  return tid;
}

/**
 * In a worker thread: answer each request of a `WorkerPool` with `handle`; `transfer` names the
 * buffers of a reply to move to the caller rather than copy. First lowers the thread's priority
 * as the pool asks and tells the pool the thread's id.
 */
export function serveRequests<Req, Res>(
  handle: (request: Req) => Res,
  transfer: (reply: Res) => Transferable[] = () => [],
): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  const data = workerData as Partial<PoolWorkerData> | null;
  const thread: ThreadReport = {
    threadId: lowerThreadPriority(data?.niceness ?? 0),
    youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb,
  };
  port.postMessage({ thread });
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
