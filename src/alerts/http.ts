/**
 * One webhook POST: the address is checked against the policy after resolving the name, on the
 * address actually connected to (so DNS cannot swap a refused address in after a check), with a
 * timeout over the whole exchange and no redirects followed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIP } from 'node:net';
import type { AddressPolicy } from './address.js';

/** The target is refused by the address policy: retrying will not help. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
}

export interface PostResult {
  /** HTTP status, or null when no response came. */
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed (network error, timeout, refusal), or null. */
  error: string | null;
  /** Retrying cannot help (refused address). */
  permanent: boolean;
  /** From a `Retry-After` header of a 429 or 503, ms. */
  retryAfterMs: number | null;
}

export interface PostOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: AddressPolicy;
}

/** Resolve a host name to the addresses the policy allows; throws when there are none. */
export function checkedLookup(policy: AddressPolicy) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    dnsLookup(hostname, { all: true, family: Number(options.family) || 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const allowed = addresses.filter((a) => policy.refusal(a.address) === null);
      if (allowed.length === 0) {
        const first = addresses[0]?.address ?? hostname;
        return callback(
          new RefusedAddressError(
            `${hostname} resolves to ${first}: ${policy.refusal(first) ?? 'refused'}`,
          ),
          '',
          0,
        );
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** Refusal of an IP-literal host (names are checked when resolved). */
function literalRefusal(url: URL, policy: AddressPolicy): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? policy.refusal(host) : null;
}

/** POST a body; never throws. */
export function postWebhook(options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const done = (partial: Partial<PostResult>): PostResult => ({
    statusCode: null,
    error: null,
    permanent: false,
    retryAfterMs: null,
    ...partial,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
  });
  const url = new URL(options.url);
  const refused = literalRefusal(url, options.policy);
  if (refused) return Promise.resolve(done({ error: `refused: ${refused}`, permanent: true }));
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          ...options.headers,
        },
        lookup: checkedLookup(options.policy) as never,
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65_536) res.destroy();
        });
        const end = () => {
          const status = res.statusCode ?? null;
          const ok = status !== null && status >= 200 && status < 300;
          finish(
            done({
              statusCode: status,
              error: ok
                ? null
                : `HTTP ${status}${status !== null && status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`,
              retryAfterMs: status === 429 || status === 503 ? retryAfter(res) : null,
            }),
          );
        };
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`));
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const refusedErr = error instanceof RefusedAddressError;
      finish(
        done({
          error: refusedErr ? `refused: ${error.message}` : describeNetError(error),
          permanent: refusedErr,
        }),
      );
    });
    req.end(options.body);
  });
}

function retryAfter(res: IncomingMessage): number | null {
  const value = res.headers['retry-after'];
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function describeNetError(error: NodeJS.ErrnoException): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/**
 * Can a TCP connection to the URL's host and port be opened (checking the resolved address
 * against the policy)? Resolves to null when it can, or why not.
 */
export function probe(
  urlText: string,
  policy: AddressPolicy,
  timeoutMs = 3000,
): Promise<string | null> {
  const url = new URL(urlText);
  const refused = literalRefusal(url, policy);
  if (refused) return Promise.resolve(refused);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // Whatever went wrong (refused, reset, filtered, no route, no such name), the answer is the
  // same and comes at the same time, so a save does not work as a port scanner.
  const unreachable = `no connection to ${host}:${port}`;
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host, port, lookup: checkedLookup(policy) as never });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(unreachable);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof RefusedAddressError) {
        resolve(error.message);
        return;
      }
      const wait = Math.max(0, timeoutMs - (performance.now() - started));
      setTimeout(() => resolve(unreachable), wait);
    });
  });
}
