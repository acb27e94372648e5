/**
 * Expensive requests are bounded and fair: their cost is counted as it really is, a few are
 * computed at once and the rest wait briefly or get 503 with Retry-After, the work stops when the
 * client goes away, and health checks are answered while it runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HeavyLimiter } from '../../src/api/heavy.js';
import { turnCounter } from '../helpers/turns.js';
import { apiUnderTest } from './helpers.js';

// The budget check classifies element sets with the core's isDeepSpace: counted here.
const classified = vi.hoisted(() => ({ deepSpace: 0 }));
vi.mock('../../src/core/orbit/index.js', async (importOriginal) => {
  const orbit = await importOriginal<typeof import('../../src/core/orbit/index.js')>();
  return {
    ...orbit,
    isDeepSpace: (...args: Parameters<typeof orbit.isDeepSpace>) => {
      classified.deepSpace++;
      return orbit.isDeepSpace(...args);
    },
  };
});

const START = 'start=2026-08-22T00:00:00Z';
const heavyUrl = (i: number, days = 3) =>
  `/v1/passes?group=visual&lat=52&lon=${(-170 + i * 2.7).toFixed(1)}&${START}&days=${days}`;

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest({ PASSWATCH_API_HEAVY_CONCURRENCY: '1' });
});
afterAll(() => api.stop());

/** Count the orbits the server's catalog builds (each search asks for its object's orbit). */
function countOrbits(): { readonly calls: number; restore(): void } {
  const catalog = api.handle.catalog;
  const original = catalog.orbit;
  const counter = {
    calls: 0,
    restore: () => {
      catalog.orbit = original;
    },
  };
  catalog.orbit = (...args: Parameters<typeof original>) => {
    counter.calls++;
    return original.apply(catalog, args);
  };
  return counter;
}

describe('the work budget', () => {
  it('counts deep-space objects at their real cost: group=geo for 5 days is refused up front', async () => {
    const r = await api.get(`/v1/passes?group=geo&lat=52&lon=5&${START}&days=5`);
    expect(r.status).toBe(422);
    expect(r.body.detail).toMatch(/deep-space counted 2×/);
    expect(r.body.requestedSatelliteDays).toBeGreaterThan(r.body.budgetSatelliteDays);
    // The same number of near-Earth satellite-days stays within it.
    const leo = await api.get(`/v1/passes?group=visual&lat=52&lon=5&${START}&days=1`);
    expect(leo.status).toBe(200);
  });
});

describe('the work budget check', () => {
  it('classifies deep-space objects from their elements: it builds no orbit on the event loop', async () => {
    // The check runs for every request before it is admitted, over up to the whole catalog:
    // building 16,000 SGP4 orbits there held the event loop for half a second.
    const orbits = countOrbits();
    try {
      const r = await api.get(`/v1/passes?group=geo&lat=52&lon=5&${START}&days=5`);
      expect(r.status).toBe(422);
      expect(r.body.detail).toMatch(/deep-space counted 2×/);
      expect(orbits.calls).toBe(0);
    } finally {
      orbits.restore();
    }
  });
});

describe('the work budget check of a request that fits whatever its objects are', () => {
  it('classifies none of them (it runs on the event loop, for up to the whole catalog)', async () => {
    const visual = api.handle.catalog.members('visual').length;
    classified.deepSpace = 0;
    // visual x 2 (all deep space) x 0.1 days is far inside the test budget.
    const r = await api.get(`/v1/passes?group=visual&lat=52&lon=6&${START}&days=0.1`);
    expect(r.status).toBe(200);
    expect(visual * 2 * 0.1).toBeLessThan(api.context.deps.config.api.workBudgetSatelliteDays);
    expect(classified.deepSpace).toBe(0);
    // One over the budget unless counted is classified in full.
    const geo = await api.get(`/v1/passes?group=geo&lat=52&lon=5&${START}&days=5`);
    expect(geo.status).toBe(422);
    expect(classified.deepSpace).toBe(api.handle.catalog.members('geo').length);
  });
});

describe('heavy requests', () => {
  it('beyond the concurrency limit and its short line get 503 with Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => Promise.resolve(api.app.request(heavyUrl(i)))),
    );
    const statuses = answers.map((r) => r.status);
    // One computing, four waiting (4 x concurrency): the other three are refused at once.
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const busy = answers.find((r) => r.status === 503)!;
    expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(busy.headers.get('content-type')).toBe('application/problem+json');
    expect(((await busy.json()) as { type: string }).type).toBe('/problems/busy');
  });

  it('leave /healthz answered: with 20 at once, health checks come back before any is computed', async () => {
    const order: string[] = [];
    const heavy = Array.from({ length: 20 }, (_, i) =>
      Promise.resolve(api.app.request(heavyUrl(100 + i, 2))).then((r) => {
        order.push(`heavy ${r.status}`);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const health = Array.from({ length: 3 }, () =>
      Promise.resolve(api.app.request('/healthz')).then((r) => {
        order.push(`healthz ${r.status}`);
      }),
    );
    await Promise.all([...heavy, ...health]);
    const firstComputed = order.indexOf('heavy 200');
    expect(firstComputed).toBeGreaterThanOrEqual(0);
    expect(order.slice(0, firstComputed).filter((o) => o === 'healthz 200')).toHaveLength(3);
    // The rest were refused or waited their turn; none failed.
    expect(order.filter((o) => !/^(healthz 200|heavy 200|heavy 503)$/.test(o))).toEqual([]);
  });

  it('stop computing when the client goes away', async () => {
    // Count per-object work where every search asks for an object's orbit (without a worker
    // pool, the one many-satellites driver, predict/many.ts, takes it from the catalog's cache).
    const orbits = countOrbits();
    try {
      const client = new AbortController();
      const answer = Promise.resolve(
        api.app.request(`/v1/passes?group=geo&lat=40&lon=5&${START}&days=1`, {
          signal: client.signal,
        }),
      );
      // Let it compute a few slices, then hang up.
      while (orbits.calls < 20) await new Promise((resolve) => setImmediate(resolve));
      client.abort();
      await answer.catch(() => null);
      const atAbort = orbits.calls;
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(orbits.calls).toBeLessThan(atAbort + 100);
      const geo = api.handle.catalog.members('geo').length;
      expect(orbits.calls).toBeLessThan(geo);
      expect(api.logs.some((e) => e.event === 'abandoned')).toBe(true);
    } finally {
      orbits.restore();
    }
  });

  it('answer a client that asks again just after hanging up (not from the abandoned computation)', async () => {
    // A page that changes a setting twice aborts its first request and sends the same query
    // again before the abandoned computation has stopped: the second must not join it.
    const orbits = countOrbits();
    try {
      const url = `/v1/passes?group=geo&lat=41&lon=5&${START}&days=1`;
      const client = new AbortController();
      const first = Promise.resolve(api.app.request(url, { signal: client.signal }));
      while (orbits.calls < 20) await new Promise((resolve) => setImmediate(resolve));
      client.abort();
      const again = await api.get(url);
      await first.catch(() => null);
      expect(again.status).toBe(200);
      expect(again.body.passes.length).toBeGreaterThan(0);
    } finally {
      orbits.restore();
    }
  });
});

describe('/v1/above over the whole catalog', () => {
  it('is cached per site and minute, and yields to /healthz while computing', async () => {
    const url = '/v1/above?lat=52&lon=5&minElevation=0';
    const order: string[] = [];
    // 'above' counts when its whole body has arrived: the answer is written in slices, so its
    // headers may come before the work is done.
    const above = Promise.resolve(api.app.request(url)).then(async (r) => {
      const body = (await r.json()) as { time: string; items: unknown[] };
      order.push('above');
      return body;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const health = Promise.resolve(api.app.request('/healthz')).then(() => order.push('healthz'));
    const [first] = await Promise.all([above, health]);
    expect(order).toEqual(['healthz', 'above']);
    expect(first.items.length).toBeGreaterThan(0);

    const hits = api.context.cache.hits;
    api.clock.advance(30_000 - (api.clock.nowMs % 60_000));
    const again = (await api.get(url)).body;
    expect(again).toEqual(first);
    expect(api.context.cache.hits).toBe(hits + 1);
    // Another site is another answer.
    expect((await api.get('/v1/above?lat=-33&lon=151&minElevation=0')).body.items).not.toEqual(
      first.items,
    );
    api.clock.advance(60_000);
    expect((await api.get(url)).body.time).not.toBe(first.time);
  });
});

describe('heavy work admitted together', () => {
  it('begins on turns of the event loop of its own, with I/O callbacks between them', async () => {
    const limiter = new HeavyLimiter({ concurrency: 20 });
    const turns = turnCounter();
    const began: number[] = [];
    const works = Array.from({ length: 5 }, () =>
      limiter.run(async () => {
        began.push(turns.turn);
      }),
    );
    await Promise.all(works);
    turns.stop();
    expect(began).toHaveLength(5);
    expect(new Set(began).size).toBe(5);
  });
});
