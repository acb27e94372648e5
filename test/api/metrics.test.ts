/**
 * The request metrics' `route` label is a route pattern or `unmatched`, never a path a client
 * chose: a scan of random paths cannot grow the number of series (and the process's memory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(() => api.stop());

async function routeLabels(): Promise<Set<string>> {
  const text = (await api.get('/metrics')).text;
  const labels = new Set<string>();
  for (const m of text.matchAll(/^passwatch_http_requests_total\{[^}]*route="([^"]*)"/gm)) {
    labels.add(m[1]!);
  }
  return labels;
}

describe('the route label of request metrics', () => {
  it('is `unmatched` for every path no route answers, however many distinct ones arrive', async () => {
    await api.app.request('/no/such/path');
    await routeLabels(); // the scrape itself is counted after it answers
    const before = await routeLabels();
    expect(before).toContain('unmatched');
    const scanned = Array.from({ length: 50 }, (_, i) => [
      `/scan-${i}/wp-login.php`,
      `/v1/scan-${i}`,
      `/docs/scan-${i}/x`,
      `/v1/satellites/25544/scan-${i}`,
    ]).flat();
    for (const path of scanned) {
      expect((await api.app.request(path)).status).toBe(404);
    }
    // 405 (a known path, a method it does not answer) is unmatched too.
    expect((await api.app.request('/v1/satellites/25544', { method: 'PUT' })).status).toBe(405);
    const after = await routeLabels();
    expect([...after].filter((l) => !before.has(l))).toEqual([]);
    for (const label of after) expect(label).not.toMatch(/scan-/);
    const text = (await api.get('/metrics')).text;
    expect(text).toMatch(
      /passwatch_http_requests_total\{method="GET",route="unmatched",status="404"\} (\d+)/,
    );
    expect(text).toMatch(
      /passwatch_http_requests_total\{method="PUT",route="unmatched",status="405"\} 1/,
    );
  });

  it("is the route's pattern when the route answers an error itself or a guard refuses it", async () => {
    expect((await api.app.request('/v1/satellites/999999999')).status).toBe(404);
    const refused = await api.app.request('/v1/catalog/refresh', { method: 'POST' });
    expect(refused.status).toBe(401);
    const text = (await api.get('/metrics')).text;
    expect(text).toMatch(
      /passwatch_http_requests_total\{method="GET",route="\/v1\/satellites\/:noradId",status="404"\} 1/,
    );
    expect(text).toMatch(
      /passwatch_http_requests_total\{method="POST",route="\/v1\/catalog\/refresh",status="401"\} 1/,
    );
  });
});
