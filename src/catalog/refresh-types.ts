/** The refresher's settings, requests and reports (see `refresh.ts`). */
import type { RefreshOutcome } from './store-types.js';

export interface RefreshSettings {
  /** Timeout of one request, body included. */
  timeoutMs: number;
  maxBytes: number;
  /** After the n-th failure in a row: wait base x 2^(n-1), at most max. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Reject a body that would remove more than this share of a source's objects. */
  maxDropShare: number;
  /** Superseded element sets are kept while their epoch is newer than this. */
  historyDays: number;
  /**
   * After the n-th network failure in a row (the server was never reached): retry after
   * base x 2^(n-1), at most max. Defaults: 1 min, 15 min.
   */
  networkRetryBaseMs?: number;
  networkRetryMaxMs?: number;
  userAgent?: string;
}

/** What one source's refresh came to. */
export interface SourceReport {
  source: string;
  outcome: RefreshOutcome;
  /** Why it failed, was rejected or skipped; CelesTrak's message when unchanged. */
  reason: string | null;
  startedMs: number;
  finishedMs: number;
  httpStatus: number | null;
  bytes: number | null;
  /** Objects of this source before and after, and the effect on the catalog. */
  objects: {
    before: number;
    after: number;
    added: number;
    changed: number;
    removed: number;
  } | null;
  /** Bad records left out of an accepted or rejected body. */
  issues: string[];
  /** Earliest next fetch (min interval, backoff). */
  nextAttemptMs: number;
  /** The request never reached the server (DNS, refused, timeout before a response). */
  networkFailure?: boolean;
}

export interface RefreshRequest {
  /** Source names (`celestrak:stations`, `stations`, `25544`, `amsat`); all when absent. */
  sources?: readonly string[];
  /**
   * Ignore the minimum interval and the backoff, for sources that are NOT CelesTrak's (files,
   * other URLs). CelesTrak sources keep the 2-hour rule and their backoff whatever this says,
   * except the wait after a network failure (CelesTrak was never reached): that one is skipped.
   */
  force?: boolean;
  /** Accept a body that trips the drop rule (now, or at the source's next due refresh). */
  acceptDrop?: boolean;
}
