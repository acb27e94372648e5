/**
 * Reading a source's body: HTTP(S) with a timeout over the whole exchange, a size cap and a
 * User-Agent naming passwatch; or a local file.
 */
import { readFile, stat } from 'node:fs/promises';
import { VERSION } from '../version.js';
import type { SourceSpec } from './sources.js';

/** `passwatch/0.1.0 (+satellite pass predictions; Node v20.20.2)`. */
export const USER_AGENT = `passwatch/${VERSION} (satellite pass predictions for ground stations; Node ${process.version})`;

export interface FetchOptions {
  /** The fetch to use (tests may wrap it); global fetch by default. */
  fetch?: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  /** Clock for Retry-After dates. */
  now?: () => number;
  /** Aborts the request (passwatch is stopping); the fetch then throws `FetchAborted`. */
  signal?: AbortSignal;
}

/** What came back: HTTP status (null for files), the body and its size. */
export interface FetchedBody {
  status: number | null;
  contentType: string | null;
  text: string;
  bytes: number;
  /** Retry-After of a 429/503, ms, when given. */
  retryAfterMs: number | null;
}

/** The body could not be read at all: timeout, network error, too large, missing file. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  /**
   * True when the request never reached the server: DNS failure, connection refused or reset,
   * no route, or a timeout before any response. Such a failure says nothing about the server
   * (it is retried soon); a server's error answer keeps the policy backoff.
   */
  readonly network: boolean;
  constructor(message: string, options: { network?: boolean } = {}) {
    super(message);
    this.network = options.network ?? false;
  }
}

/** The request was aborted through `FetchOptions.signal`. */
export class FetchAborted extends Error {
  override readonly name = 'FetchAborted';
}

/**
 * Read a source's current body. HTTP statuses other than 200 are returned, not thrown: their
 * bodies matter (CelesTrak's "not updated" answer comes with 403).
 *
 * @throws FetchError on timeout, network failure, a body over `maxBytes`, or an unreadable file.
 */
export async function fetchBody(spec: SourceSpec, options: FetchOptions): Promise<FetchedBody> {
  if (spec.kind === 'file') return readLocal(spec.location, options.maxBytes);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(spec.location, {
      signal,
      redirect: 'follow',
      headers: {
        'user-agent': options.userAgent ?? USER_AGENT,
        accept: 'application/json, text/csv, text/plain;q=0.9, */*;q=0.1',
      },
    });
  } catch (error) {
    if (options.signal?.aborted) throw new FetchAborted('request aborted');
    // No response at all: the server was never reached (or never answered).
    throw new FetchError(describeFailure(error, options.timeoutMs), { network: true });
  }
  const contentLength = Number(response.headers.get('content-length') ?? Number.NaN);
  if (contentLength > options.maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FetchError(`body of ${contentLength} bytes exceeds the limit of ${options.maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) {
          throw new FetchError(`body exceeds the limit of ${options.maxBytes} bytes`);
        }
        chunks.push(chunk);
      }
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (options.signal?.aborted) throw new FetchAborted('request aborted');
    throw new FetchError(describeFailure(error, options.timeoutMs, 'while reading the body'));
  }
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks));
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    bytes,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), (options.now ?? Date.now)()),
  };
}

/** What one attempt to read a source's body came to. */
export type FetchOutcome =
  | { kind: 'body'; body: FetchedBody }
  /** Timeout, network failure, a body too large, an unreadable file; `network`: see `FetchError`. */
  | { kind: 'failed'; reason: string; network: boolean }
  /** Aborted through `signal`: passwatch is stopping. */
  | { kind: 'aborted' };

/** The settings of a source's fetch, as the refresh settings give them. */
export interface SourceFetchSettings {
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
}

/**
 * Read a source's body with the refresh settings and classify the outcome: a body (whatever its
 * HTTP status), a failure (network or not), or an abort. The one way the element sources and the
 * transmitter list fetch.
 */
export async function fetchSource(
  spec: SourceSpec,
  settings: SourceFetchSettings,
  options: { clock: () => number; signal: AbortSignal; fetch?: typeof fetch | undefined },
): Promise<FetchOutcome> {
  try {
    const body = await fetchBody(spec, {
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.maxBytes,
      now: options.clock,
      signal: options.signal,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(settings.userAgent ? { userAgent: settings.userAgent } : {}),
    });
    return { kind: 'body', body };
  } catch (error) {
    if (error instanceof FetchError) {
      return { kind: 'failed', reason: error.message, network: error.network };
    }
    if (error instanceof FetchAborted) return { kind: 'aborted' };
    throw error;
  }
}

async function readLocal(path: string, maxBytes: number): Promise<FetchedBody> {
  try {
    const info = await stat(path);
    if (info.size > maxBytes) {
      throw new FetchError(`file of ${info.size} bytes exceeds the limit of ${maxBytes}`);
    }
    const buffer = await readFile(path);
    return {
      status: null,
      contentType: null,
      text: buffer.toString('utf8'),
      bytes: buffer.byteLength,
      retryAfterMs: null,
    };
  } catch (error) {
    if (error instanceof FetchError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new FetchError(`cannot read ${path} (${code})`);
  }
}

function describeFailure(error: unknown, timeoutMs: number, when = ''): string {
  const suffix = when ? ` ${when}` : '';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs / 1000} s${suffix}`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String(cause.code) : null;
  const message = error instanceof Error ? error.message : String(error);
  return `request failed${suffix}: ${code ?? cause?.message ?? message}`;
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
