/**
 * Many-satellite predictions never hold the event loop: served as in production, 20 group
 * requests computed at once do no pass search on the main thread (the worker threads do it), and
 * `/healthz` is answered while all 20 are in flight. The answers are byte for byte those computed
 * on the main thread. Nor does a catalogue refresh: `/healthz` is answered while its write
 * transaction is open.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TransactionStage } from '../../src/catalog/index.js';
import { Slices } from '../../src/compute/slices.js';
import { serveHttp } from '../../src/main.js';
import { TestClock, testConfig } from '../catalog/helpers.js';
import { turnCounter } from '../helpers/turns.js';
import { apiUnderTest, NOW, servedUnderTest } from './helpers.js';

// Every pass search on this thread goes through the core's predictPasses; worker threads load
// their own copy of the core, which this does not count.
// Transit searches are counted too (calls of the core's findTransits, one per slice).
const searches = vi.hoisted(() => ({ mainThread: 0, transitSlices: 0 }));
vi.mock('../../src/core/passes/index.js', async (importOriginal) => {
  const core = await importOriginal<typeof import('../../src/core/passes/index.js')>();
  return {
    ...core,
    predictPasses: (...args: Parameters<typeof core.predictPasses>) => {
      searches.mainThread++;
      return core.predictPasses(...args);
    },
    findTransits: (...args: Parameters<typeof core.findTransits>) => {
      searches.transitSlices++;
      return core.findTransits(...args);
    },
  };
});

// Calendar feeds write each event's local times through localParts: counted to see when the
// feed is being written.
const formatted = vi.hoisted(() => ({ localParts: 0 }));
vi.mock('../../src/format/time.js', async (importOriginal) => {
  const time = await importOriginal<typeof import('../../src/format/time.js')>();
  return {
    ...time,
    localParts: (...args: Parameters<typeof time.localParts>) => {
      formatted.localParts++;
      return time.localParts(...args);
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

describe('loops computed in slices on the event loop', () => {
  it('take turns: one slice per turn of the loop, whatever the number of loops', async () => {
    // A ticker counts the loop's turns (one setImmediate per check phase). Twenty loops that each
    // yielded through their own setImmediate all resumed in the same turn: the loop then ran
    // twenty slices in a row before polling I/O again (a /healthz waited for all of them).
    const turns = turnCounter();
    const slicesInTurn = new Map<number, number>();
    const loop = async (units: number) => {
      const slices = new Slices({ sliceItems: 1 });
      for (let i = 0; i < units; i++) {
        slicesInTurn.set(turns.turn, (slicesInTurn.get(turns.turn) ?? 0) + 1);
        if (slices.due()) await slices.pause();
      }
    };
    await Promise.all(Array.from({ length: 20 }, () => loop(5)));
    turns.stop();
    // Every slice ran (20 loops x 5); after the first slices (run as the loops were called, in
    // turn 0), each in a turn of its own.
    expect([...slicesInTurn.values()].reduce((a, b) => a + b, 0)).toBe(100);
    slicesInTurn.delete(0);
    expect(Math.max(...slicesInTurn.values())).toBe(1);
  });

  it('still stop at the next pause once aborted', async () => {
    const client = new AbortController();
    const slices = new Slices({ sliceItems: 1, signal: client.signal });
    let done = 0;
    const run = (async () => {
      for (let i = 0; i < 1000; i++) {
        done++;
        if (i === 3) client.abort(new Error('gone'));
        if (slices.due()) await slices.pause();
      }
    })();
    await expect(run).rejects.toThrow('gone');
    expect(done).toBe(4);
  });
});

describe('a group calendar feed', () => {
  it('is written in slices: /healthz asked once writing has begun is answered before it ends', async () => {
    const api = await apiUnderTest({ PASSWATCH_API_TIMEOUT_SECONDS: '600' });
    try {
      formatted.localParts = 0;
      let feed = '';
      const answer = Promise.resolve(
        api.app.request(`/v1/passes.ics?group=visual&lat=52&lon=5&${START}&days=1`),
      ).then(async (r) => {
        feed = await r.text();
      });
      // Once the first event is written (the passes are computed first).
      const health = healthOnceBegun(
        api,
        () => formatted.localParts,
        () => feed !== '',
      );
      const [, atHealth] = await Promise.all([answer, health]);
      const events = feed.match(/BEGIN:VEVENT/g)?.length ?? 0;
      expect(events).toBeGreaterThanOrEqual(100);
      // Three local times (AOS, TCA, LOS) or more per event, all written after the check.
      expect(formatted.localParts).toBeGreaterThanOrEqual(3 * events);
      expect(atHealth).toBeGreaterThan(0);
      expect(atHealth).toBeLessThan(formatted.localParts);
    } finally {
      await api.stop();
    }
  });
});

/**
 * Asks `/healthz` once `progress()` has left 0 (or the answer came first: `answered()`), expects
 * 200, and gives `progress()` as it was when /healthz was answered.
 */
async function healthOnceBegun(
  api: { app: { request: (path: string) => Response | Promise<Response> } },
  progress: () => number,
  answered: () => boolean,
): Promise<number> {
  while (progress() === 0 && !answered()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  const r = await api.app.request('/healthz');
  expect(r.status).toBe(200);
  return progress();
}

describe('a week of transits', () => {
  it('is searched in slices: /healthz asked once the search has begun is answered before it ends', async () => {
    const api = await apiUnderTest({ PASSWATCH_API_TIMEOUT_SECONDS: '600' });
    try {
      searches.transitSlices = 0;
      let status = 0;
      const answer = Promise.resolve(
        api.app.request(
          '/v1/transits?lat=48.8&lon=2.3&start=2026-08-23T00:00:00Z&days=7&radiusKm=100&sat=25544',
        ),
      ).then(async (r) => {
        status = r.status;
        await r.arrayBuffer();
      });
      // Once the first slice has run (the ISS's week was one call of 0.1-0.5 s before).
      const health = healthOnceBegun(
        api,
        () => searches.transitSlices,
        () => status !== 0,
      );
      const [, atHealth] = await Promise.all([answer, health]);
      expect(status).toBe(200);
      // A week cut about every 4 hours, where the ISS is below the horizon.
      expect(searches.transitSlices).toBeGreaterThanOrEqual(30);
      expect(atHealth).toBeGreaterThan(0);
      expect(atHealth).toBeLessThan(searches.transitSlices);
    } finally {
      await api.stop();
    }
  });
});

describe('a catalogue refresh, served', () => {
  it('writes off the event loop: /healthz asked while its transaction is open is answered before it commits', async () => {
    const events: string[] = [];
    let base = '';
    let objectsInTransaction = -1;
    let served: Awaited<ReturnType<typeof serveHttp>> | null = null;
    const inTransaction = async (stage: TransactionStage, source: string) => {
      if (stage !== 'elements-written' || source !== 'ham') return;
      events.push('in transaction');
      const r = await fetch(`${base}/healthz`);
      events.push(`healthz ${r.status}`);
      // This thread's connection still reads the data committed before the write.
      objectsInTransaction = served?.store.sourceState('ham')?.objectCount ?? -1;
    };
    served = await serveHttp({
      config: testConfig({
        PASSWATCH_GROUPS: '',
        PASSWATCH_SOURCES: JSON.stringify([
          {
            name: 'ham',
            path: fileURLToPath(new URL('../fixtures/elements/amateur.tle', import.meta.url)),
            groups: ['amateur'],
          },
        ]),
      }),
      clock: new TestClock(NOW).now,
      log: () => {},
      schedule: false,
      refreshOnStart: false,
      // As in the service (which runs with its schedule).
      parseOnWorker: true,
      storeOptions: { hooks: { inTransaction } },
      host: '127.0.0.1',
      port: 0,
    });
    try {
      base = `http://127.0.0.1:${served.server.port}`;
      served.catalog.onChange((change) => {
        if (change.sources.includes('ham')) events.push('committed');
      });
      const [report] = await served.refresh({ sources: ['ham'], force: true });
      expect(report).toMatchObject({ outcome: 'updated' });
      expect(events).toEqual(['in transaction', 'healthz 200', 'committed']);
      expect(objectsInTransaction).toBe(0);
      expect(served.store.sourceState('ham')!.objectCount).toBeGreaterThan(50);
    } finally {
      await served.stop();
    }
  });
});
