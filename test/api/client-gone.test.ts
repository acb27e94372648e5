/**
 * Work stops when the client goes away, over a real socket: passwatch served as in production
 * (port 0, many-satellite searches on the worker pool), a heavy `group=geo` request sent over a
 * TCP connection that is destroyed mid-request. No further chunk is handed to the pool, the
 * request is logged as abandoned, and the same request sent right after gets a full 200 (not
 * the abandoned computation's failure).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../../src/main.js';
import { PredictionPool } from '../../src/predict/pool.js';
import { servedUnderTest } from './helpers.js';

const START = 'start=2026-08-22T00:00:00Z';
const geo = (lat: number) => `/v1/passes?group=geo&lat=${lat}&lon=5&${START}&days=1`;

const logs: LogEvent[] = [];
// The server's one prediction pool, found through its `many` calls (its `chunks` counts the
// chunks handed to the worker threads).
const many = vi.spyOn(PredictionPool.prototype, 'many');
let served: Awaited<ReturnType<typeof servedUnderTest>>;
beforeAll(async () => {
  served = await servedUnderTest(
    // No request may run into the timeout on a busy machine.
    { PASSWATCH_API_TIMEOUT_SECONDS: '600' },
    undefined,
    (event) => logs.push(event),
  );
});
afterAll(async () => {
  many.mockRestore();
  await served.stop();
});

const pool = (): PredictionPool => many.mock.contexts[0] as PredictionPool;

/** A GET over its own TCP connection; resolves with the raw answer once the server closes it. */
function rawGet(path: string) {
  const socket = connect(served.server.port, '127.0.0.1');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  let raw = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    raw += chunk;
  });
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(raw)));
  return { socket, ended };
}

describe('a heavy request whose client hangs up, over a real socket', () => {
  it('stops handing chunks to the pool, logs it abandoned, and the same request then gets 200', async () => {
    // A whole computation of this size, for the count (another site: not from the cache).
    const full = await fetch(`${served.base}${geo(39)}`);
    expect(full.status).toBe(200);
    const whole = pool().chunks;
    expect(whole).toBeGreaterThan(4);

    const before = pool().chunks;
    const first = rawGet(geo(40));
    // Let it hand out a few chunks, then hang up.
    await expect.poll(() => pool().chunks - before, { interval: 1 }).toBeGreaterThanOrEqual(2);
    first.socket.destroy();
    await first.ended;
    await expect
      .poll(() => logs.some((e) => e.event === 'abandoned' && e.path === '/v1/passes'))
      .toBe(true);
    const atAbandon = pool().chunks;
    expect(atAbandon - before).toBeLessThan(whole);

    // The same request right after: a new computation, answered in full.
    const again = await fetch(`${served.base}${geo(40)}`);
    expect(again.status).toBe(200);
    const body = (await again.json()) as { passes: unknown[] };
    expect(body.passes.length).toBeGreaterThan(0);
    // Every chunk since the hang-up was the second request's: the first handed out no more.
    expect(pool().chunks - atAbandon).toBe(whole);
    expect(many.mock.contexts.every((c) => c === pool())).toBe(true);
  });

  it('answers the same request sent the moment the first client hung up, while its work winds down', async () => {
    // The page aborts a query and sends it again at once: the second must not join the
    // abandoned computation (it answered 500 when it did).
    const before = pool().chunks;
    const first = rawGet(geo(41));
    await expect.poll(() => pool().chunks - before, { interval: 1 }).toBeGreaterThanOrEqual(2);
    const signal = many.mock.lastCall?.[2]?.signal;
    expect(signal?.aborted).toBe(false);
    first.socket.destroy();
    // Once the server has abandoned it (its signal aborted), and before its chunks in flight
    // have come back.
    await expect.poll(() => signal?.aborted, { interval: 1 }).toBe(true);
    const again = await fetch(`${served.base}${geo(41)}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { passes: unknown[] }).passes.length).toBeGreaterThan(0);
    await first.ended;
  });
});
