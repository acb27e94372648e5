/**
 * Time as the alerts see it: a clock and one-shot timers, both injectable, so that tests can
 * drive hours of planned events in milliseconds. Production uses `Date.now` and `setTimeout`.
 */

export type TimerHandle = { readonly timer: unknown };

export interface Timers {
  /** Run `fn` once after `ms` (of this clock's time). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Longest single wait; longer waits re-check (Node's limit is 2^31-1 ms). */
export const MAX_TIMER_MS = 3_600_000;

/** Real timers; they do not keep the process alive. */
export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, Math.min(ms, MAX_TIMER_MS)));
    timer.unref();
    return { timer };
  },
  clearTimeout(handle) {
    clearTimeout(handle.timer as NodeJS.Timeout);
  },
};

/**
 * One re-armable timer: `at(ms)` (re)schedules a single callback for an absolute clock time,
 * replacing an earlier one; waits longer than `MAX_TIMER_MS` wake up and re-arm.
 */
export class Alarm {
  private handle: TimerHandle | null = null;
  private dueMs: number | null = null;

  constructor(
    private readonly clock: () => number,
    private readonly timers: Timers,
    private readonly fn: () => void,
  ) {}

  /** When it will ring, or null. */
  get due(): number | null {
    return this.dueMs;
  }

  /** Ring at `atMs` (or now, if it has passed); null cancels. */
  at(atMs: number | null): void {
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.dueMs = atMs;
    if (atMs === null) return;
    const wait = Math.max(0, atMs - this.clock());
    this.handle = this.timers.setTimeout(
      () => {
        this.handle = null;
        if (this.dueMs !== null && this.clock() < this.dueMs) {
          this.at(this.dueMs);
          return;
        }
        this.dueMs = null;
        this.fn();
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  cancel(): void {
    this.at(null);
  }
}
