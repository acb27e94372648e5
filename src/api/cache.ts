import { createHash } from 'node:crypto';

export { matchesEtag } from '../format/etag.js';

/** A finished response kept for identical queries. */
export interface CachedResponse {
  status: number;
  body: string;
  contentType: string;
  etag: string;
  /** The route pattern that produced it (for logs and metrics of cache hits). */
  route: string;
  maxAge: number;
}

/**
 * Responses of identical queries on unchanged elements, in memory, least recently used first out.
 * Keys include the catalog version, so a refresh that changes elements invalidates everything
 * (and `clear()` drops the old entries at once).
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries: number) {}

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
    } else {
      this.misses++;
    }
    return hit;
  }

  set(key: string, response: Omit<CachedResponse, 'etag'>): CachedResponse {
    const entry = { ...response, etag: etagOf(response.body) };
    if (this.maxEntries <= 0) return entry;
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A strong ETag from the body's SHA-1. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
