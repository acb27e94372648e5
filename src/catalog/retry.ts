/**
 * When a source may be fetched again: the policy backoff after a server's error answer, the
 * short growing wait after a network failure (the server was never reached), and the timers
 * that retry such a failure on their own.
 */
import type { SourceSpec } from './sources.js';
import type { SourceState } from './store-types.js';

/** Reasons of network failures start with this (stored, so `refresh --force` can tell). */
export const NETWORK_PREFIX = 'network: ';

/** Whether a stored failure reason is a network failure's. */
export function isNetworkReason(reason: string | null): boolean {
  return reason?.startsWith(NETWORK_PREFIX) ?? false;
}

/** Backoff after the n-th failure in a row: base x 2^(n-1), at most max. */
export function backoffMs(
  failures: number,
  settings: { backoffBaseMs: number; backoffMaxMs: number },
): number {
  if (failures <= 0) return 0;
  return Math.min(settings.backoffBaseMs * 2 ** Math.min(failures - 1, 30), settings.backoffMaxMs);
}

/**
 * Wait after the n-th network failure in a row: base x 2^(n-1), at most max. Defaults: 1 min,
 * 15 min, so 1, 2, 4, 8, then every 15 minutes.
 */
export function networkRetryMs(
  failures: number,
  settings: { networkRetryBaseMs?: number; networkRetryMaxMs?: number },
): number {
  const base = settings.networkRetryBaseMs ?? 60_000;
  const max = settings.networkRetryMaxMs ?? 15 * 60_000;
  return Math.min(base * 2 ** Math.min(Math.max(failures, 1) - 1, 30), max);
}

/** The earliest time a source may be fetched: last attempt + min interval, and the backoff. */
export function nextAttempt(spec: SourceSpec, state: SourceState | null): number {
  const afterInterval =
    state?.lastAttemptMs === null || state?.lastAttemptMs === undefined
      ? 0
      : state.lastAttemptMs + spec.minIntervalMs;
  return Math.max(afterInterval, state?.retryAfterMs ?? 0);
}

/** Why a source is not fetched now: its backoff, its network wait, or its minimum interval. */
export function skipReason(spec: SourceSpec, state: SourceState | null, next: number): string {
  const at = new Date(next).toISOString();
  if (
    state?.retryAfterMs !== null &&
    state?.retryAfterMs !== undefined &&
    state.retryAfterMs >= next
  ) {
    if (isNetworkReason(state.lastReason)) {
      return `waiting after ${state.failures} network failure${state.failures === 1 ? '' : 's'} in a row (last: ${state.lastReason}); next attempt at ${at}${spec.celestrak ? ', or now with --force' : ''}`;
    }
    return `backing off after ${state.failures} failed attempt${state.failures === 1 ? '' : 's'} in a row (last: ${state.lastReason ?? 'unknown'}); next attempt at ${at}`;
  }
  const rule = spec.celestrak
    ? "CelesTrak's data changes at most every 2 hours"
    : `minimum interval ${spec.minIntervalMs / 60_000} min`;
  return `fetched less than ${spec.minIntervalMs / 60_000} min ago (${rule}); next attempt at ${at}`;
}

/** setTimeout that does not keep the process alive; returns its cancel function. */
export function unrefTimer(run: () => void, delayMs: number): () => void {
  const t = setTimeout(run, delayMs);
  t.unref();
  return () => clearTimeout(t);
}

/** Schedules a run after a delay; returns a function that cancels it. */
export type SetTimer = (run: () => void, delayMs: number) => () => void;

/**
 * The pending network-failure retries of a set of sources, one per source: scheduling one
 * replaces the source's earlier one. Without a `setTimer`, retries are left to the caller's
 * schedule (the cron job).
 */
export class NetworkRetries {
  private readonly pending = new Map<string, () => void>();
  private stopped = false;

  constructor(
    private readonly setTimer: SetTimer | null,
    private readonly clock: () => number,
  ) {}

  /** Run `retry` for `source` at `atMs` (at once when that has passed). */
  schedule(source: string, atMs: number, retry: () => void): void {
    if (this.setTimer === null || this.stopped) return;
    this.cancel(source);
    const cancel = this.setTimer(
      () => {
        this.pending.delete(source);
        if (!this.stopped) retry();
      },
      Math.max(0, atMs - this.clock()),
    );
    this.pending.set(source, cancel);
  }

  /** Drop the source's pending retry, if any. */
  cancel(source: string): void {
    this.pending.get(source)?.();
    this.pending.delete(source);
  }

  /** Cancel every retry and schedule no more. */
  stop(): void {
    this.stopped = true;
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
  }

  /** Sources with a retry pending. */
  get sources(): string[] {
    return [...this.pending.keys()];
  }
}
