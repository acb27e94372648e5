/**
 * What expensive work is admitted. What one request may cost (the work budget,
 * `api.workBudgetSatelliteDays`): a request for the passes of many satellites is counted before
 * any of its work starts, for up to the whole catalog, and refused with 422 when over. How many
 * are computed at once (`api.heavyConcurrency`): more wait briefly in line, and when the line is
 * long or the wait runs out they get 503 with Retry-After, so a burst of heavy requests cannot
 * starve health checks, cheap requests or each other. A request whose client has gone away leaves
 * the line.
 */
import { nextSlice } from '../compute/slices.js';
import type { ElementSet } from '../core/elements/index.js';
import { isDeepSpace } from '../core/orbit/index.js';
import { ProblemError } from './problem.js';

export interface HeavyLimiterOptions {
  /** Computed at once. */
  concurrency: number;
  /** Satellite-days one request may cost (`checkWorkBudget`; default no limit). */
  budgetSatelliteDays?: number;
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
   * Run `work` when a slot is free; with a `cost`, only if it is within the work budget.
   *
   * @throws ProblemError `work-budget-exceeded` (422), at once, when `cost` is over the budget.
   * @throws ProblemError 503 (with Retry-After) when the line is full or the wait runs out.
   * @throws ClientGone when `signal` aborts while waiting.
   */
  run<T>(work: () => Promise<T>, signal?: AbortSignal, cost?: WorkRequest): Promise<T> {
    if (cost) checkWorkBudget(this.options.budgetSatelliteDays ?? Number.POSITIVE_INFINITY, cost);
    return this.runInSlot(work, signal);
  }

  private async runInSlot<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      // Each begins on a turn of the event loop of its own, in line with the sliced work: heavy
      // requests arriving together would otherwise do all their set-ups (up to their first
      // slice) in one turn, and a /healthz that came with them would wait for all of it.
      await nextSlice();
      if (signal?.aborted) throw new ClientGone();
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

/**
 * Deep-space objects (period of 225 min or more: SDP4, slow or always-up geometry) cost about twice
 * as much per day to search as near-Earth ones (measured: 10-11 ms vs 5.4 ms per satellite-day on
 * a 2-core machine), and count double against the work budget. They are told from the elements'
 * mean motion (`isDeepSpace`), never by building orbits: the check runs on the event loop.
 */
export const DEEP_SPACE_WEIGHT = 2;

export interface WorkRequest {
  /** The element sets of the objects the request would search (unknown ids left out). */
  elements: readonly Pick<ElementSet, 'meanMotionRevPerDay' | 'eccentricity' | 'inclinationDeg'>[];
  days: number;
  /** The parameter that chose the objects, named in the problem. */
  parameter: string;
}

/** The request's cost in satellite-days (deep-space objects counted `DEEP_SPACE_WEIGHT` times). */
export function workCost(elements: WorkRequest['elements'], days: number) {
  const deep = elements.filter((el) => isDeepSpace(el)).length;
  return { deep, satelliteDays: (elements.length + deep * (DEEP_SPACE_WEIGHT - 1)) * days };
}

/**
 * Refuse, with a 422 problem that says how the cost was counted, a request over the budget.
 *
 * @throws ProblemError `work-budget-exceeded`
 */
export function checkWorkBudget(budget: number, request: WorkRequest): void {
  const { elements, days, parameter } = request;
  // Within the budget even if every object were deep space: nothing to count (a whole catalog is
  // 16,000 element sets, classified on the event loop).
  if (elements.length * DEEP_SPACE_WEIGHT * days <= budget) return;
  const { deep, satelliteDays } = workCost(elements, days);
  if (satelliteDays <= budget) return;
  const counted = deep
    ? `(${elements.length} satellites, ${deep} of them deep-space counted ${DEEP_SPACE_WEIGHT}×)`
    : `${elements.length} satellites`;
  throw new ProblemError(
    422,
    'work-budget-exceeded',
    `${counted} × ${days.toFixed(2)} days = ${Math.round(satelliteDays)} satellite-days, ` +
      `over this server's budget of ${budget} per request; ask for fewer satellites or fewer days`,
    [{ parameter, detail: `${elements.length} satellites selected` }],
    { budgetSatelliteDays: budget, requestedSatelliteDays: Math.round(satelliteDays) },
  );
}
