import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest({
    PASSWATCH_API_TIMEOUT_SECONDS: '1',
    PASSWATCH_API_WORK_BUDGET: '100000',
  });
});
afterAll(async () => {
  await api.stop();
});

const HEAVY = '/v1/passes?lat=52&lon=5&group=visual&start=2026-08-22T00:00:00Z&days=14';

describe('CPU-heavy requests', () => {
  it('do not hold up health checks: /healthz answers while /v1/passes computes', async () => {
    const order: string[] = [];
    const heavy = Promise.resolve(api.app.request(HEAVY)).then((r) => {
      order.push(`passes ${r.status}`);
    });
    // Let the heavy request start computing first.
    await new Promise((resolve) => setImmediate(resolve));
    const health = Promise.resolve(api.app.request('/healthz')).then((r) => {
      order.push(`healthz ${r.status}`);
    });
    await Promise.all([heavy, health]);
    expect(order[0]).toBe('healthz 200');
    expect(order[1]).toMatch(/^passes (200|503)$/);
  });

  it('give up at the request timeout with a 503 problem saying why', async () => {
    // 568 geostationary objects × 14 days: several seconds of work, far over the 1 s timeout.
    const r = await api.get('/v1/passes?lat=52&lon=5&group=geo&start=2026-08-22T00:00:00Z&days=14');
    expect(r.status).toBe(503);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    expect(r.body.detail).toMatch(/longer than this server's 1 s request timeout/);
  });
});
