import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export { matchesEtag } from '../format/etag.js';

/** A finished response kept for identical queries. */
export interface CachedResponse {
  status: number;
  /** UTF-8 bytes, encoded once: each answer writes them as they are. */
  body: Buffer;
  contentType: string;
  etag: string;
  /** The route pattern that produced it (for logs and metrics of cache hits). */
  route: string;
  maxAge: number;
}

/** Bytes an entry holds: its body, key and headers (UTF-16 in memory), plus object overhead. */
const OVERHEAD_BYTES = 512;
function entrySize(entry: CachedResponse, key: string): number {
  return (
    entry.body.byteLength +
    2 * (key.length + entry.contentType.length + entry.route.length) +
    OVERHEAD_BYTES
  );
}

/**
 * Responses of identical queries, in memory, least recently used first out, bounded by the memory
 * they hold (`maxBytes`), not by their count: a few thousand distinct large answers cannot grow
 * the process without limit. Keys include the catalog version, so a refresh that changes elements
 * invalidates everything (and `clear()` drops the old entries at once). An entry larger than an
 * eighth of the budget is answered but not kept.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse> | null;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {
    this.entries =
      maxBytes >= OVERHEAD_BYTES * 8
        ? new LRUCache<string, CachedResponse>({
            maxSize: maxBytes,
            maxEntrySize: Math.floor(maxBytes / 8),
            sizeCalculation: entrySize,
          })
        : null;
  }

  get(key: string): CachedResponse | undefined {
    const hit = this.entries?.get(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  /**
   * An entry if there is one, counting only a hit: for a look-up that hands misses on to one that
   * counts them (the listener's fast path before the app).
   */
  find(key: string): CachedResponse | undefined {
    const hit = this.entries?.get(key);
    if (hit) this.hits++;
    return hit;
  }

  /** Keep an answer (a string body is stored as its UTF-8 bytes); returns the entry with its ETag. */
  set(
    key: string,
    response: Omit<CachedResponse, 'etag' | 'body'> & { body: string | Buffer },
  ): CachedResponse {
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    const entry = { ...response, body, etag: etagOf(body) };
    this.entries?.set(key, entry);
    return entry;
  }

  clear(): void {
    this.entries?.clear();
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Bytes the entries hold, as counted against `maxBytes`. */
  get bytes(): number {
    return this.entries?.calculatedSize ?? 0;
  }
}

/** A strong ETag from the body's SHA-1. */
export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
