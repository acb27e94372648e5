/**
 * Long loops on the event loop done in slices: `due()` after each unit of work says when a slice
 * is over (by time, and optionally by count, so a fast machine yields too), and `pause()` yields
 * to the event loop and checks the abort signal before the next slice.
 *
 * Slices take turns: every paused loop waits in one line (`nextSlice`), and one slice runs per
 * turn of the event loop, with I/O polled between them. Twenty requests each yielding through its
 * own `setImmediate` would otherwise all resume in the same check phase and hold the loop for
 * twenty slices in a row.
 *
 *   const slices = new Slices({ sliceMs: 10, signal });
 *   for (const item of items) {
 *     work(item);
 *     if (slices.due()) await slices.pause();
 *   }
 */

export interface SliceOptions {
  /** Work between yields, ms (default 10). */
  sliceMs?: number;
  /** Also yield after this many units of work (default: by time only). */
  sliceItems?: number;
  /** Stop (with the signal's reason) once aborted, checked on each pause. */
  signal?: AbortSignal;
  /** How to yield (default `nextSlice`: one slice of all loops per event-loop turn); tests count the yields. */
  yieldNow?: () => Promise<void>;
}

/** Yield to the event loop: everything that became ready meanwhile runs first. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Paused slice loops, first come first served; one is resumed per turn of the event loop. */
const line: (() => void)[] = [];
let turnArmed = false;

function resumeOne(): void {
  // An immediate set up while immediates run waits for the next turn (after the poll phase), so
  // this one slice is all the sliced work of this turn.
  line.shift()?.();
  if (line.length > 0) setImmediate(resumeOne);
  else turnArmed = false;
}

/**
 * Wait for this loop's next slice: resolves on a later turn of the event loop, after the slice
 * loops that paused before it, one slice per turn (I/O callbacks such as `/healthz` run between).
 */
export function nextSlice(): Promise<void> {
  return new Promise((resolve) => {
    line.push(resolve);
    if (!turnArmed) {
      turnArmed = true;
      setImmediate(resumeOne);
    }
  });
}

export class Slices {
  private readonly sliceMs: number;
  private readonly sliceItems: number;
  private readonly yieldNow: () => Promise<void>;
  private started = performance.now();
  private items = 0;

  constructor(private readonly options: SliceOptions = {}) {
    this.sliceMs = options.sliceMs ?? 10;
    this.sliceItems = options.sliceItems ?? Number.POSITIVE_INFINITY;
    this.yieldNow = options.yieldNow ?? nextSlice;
  }

  /** Count one unit of work; true when the slice is over and the caller should `pause()`. */
  due(): boolean {
    return ++this.items >= this.sliceItems || performance.now() - this.started >= this.sliceMs;
  }

  /** Yield to the event loop, then throw the signal's reason if it aborted; a new slice begins. */
  async pause(): Promise<void> {
    await this.yieldNow();
    this.options.signal?.throwIfAborted();
    this.items = 0;
    this.started = performance.now();
  }
}
