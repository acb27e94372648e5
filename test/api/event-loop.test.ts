/**
 * Many-satellite predictions never hold the event loop: served as in production, 20 group
 * requests computed at once do no pass search on the main thread (the worker threads do it), and
 * `/healthz` is answered while all 20 are in flight. The answers are byte for byte those computed
 * on the main thread.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiUnderTest, servedUnderTest } from './helpers.js';

// Every pass search on this thread goes through the core's predictPasses; worker threads load
// their own copy of the core, which this does not count.
const searches = vi.hoisted(() => ({ mainThread: 0 }));
vi.mock('../../src/core/passes/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/core/passes/index.js')>();
  return {
    ...core,
    predictPasses: (...args: Parameters<typeof core.predictPasses>) => {
      searches.mainThread++;
      return core.predictPasses(...args);
    },
  };
});

const START = 'start=2026-08-22T00:00:00Z';
const url = (i: number) =>
  `/v1/passes?group=visual&lat=52&lon=${(-170 + i * 2.7).toFixed(1)}&${START}&days=1`;

let served: Awaited<ReturnType<typeof servedUnderTest>>;
beforeAll(async () => {
  // No request may run into the timeout on a busy machine: the test counts where work is done.
  served = await servedUnderTest({
    PASSWATCH_API_HEAVY_CONCURRENCY: '20',
    PASSWATCH_API_TIMEOUT_SECONDS: '600',
  });
});
afterAll(() => served.stop());

describe('20 group predictions at once, served', () => {
  it('search nothing on the main thread, and /healthz answers while all 20 are in flight', async () => {
    searches.mainThread = 0;
    let done = 0;
    const heavy = Array.from({ length: 20 }, async (_, i) => {
      const r = await fetch(`${served.base}${url(i)}`);
      const body = (await r.json()) as { passes: unknown[] };
      done++;
      return { status: r.status, passes: body.passes.length };
    });
    const health = await fetch(`${served.base}/healthz`);
    expect(health.status).toBe(200);
    expect(done).toBe(0);
    const answered = await Promise.all(heavy);
    expect(answered.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answered.every((a) => a.passes > 0)).toBe(true);
    expect(done).toBe(20);
    expect(searches.mainThread).toBe(0);
  });

  it('answer byte for byte what the main thread computes', async () => {
    const inThread = await apiUnderTest();
    try {
      for (const i of [0, 7]) {
        const pooled = await (await fetch(`${served.base}${url(i)}`)).text();
        const before = searches.mainThread;
        const local = await inThread.get(url(i));
        // The in-thread app really computed it here.
        expect(searches.mainThread).toBeGreaterThan(before);
        expect(local.status).toBe(200);
        expect(pooled).toBe(local.text);
      }
    } finally {
      await inThread.stop();
    }
  });
});
