/**
 * Memory and CPU stay bounded whatever arrives: the response cache is bounded in bytes, cached
 * answers that depend on "now" follow the clock, and expensive work is limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/api/respond.js';
import { apiUnderTest } from './helpers.js';

describe('the response cache', () => {
  it('is bounded by the bytes it holds, not by its number of entries', () => {
    const cache = new ResponseCache(1_048_576);
    const body = 'x'.repeat(50_000);
    for (let i = 0; i < 200; i++) {
      cache.set(`k${i}`, { status: 200, body, contentType: 'a/b', route: '/r', maxAge: 60 });
    }
    expect(cache.bytes).toBeLessThanOrEqual(1_048_576);
    expect(cache.size).toBeLessThan(200);
    // Least recently used first out: the newest entries stay.
    expect(cache.get('k199')?.body.toString()).toBe(body);
    expect(cache.get('k0')).toBeUndefined();
  });

  it('answers but does not keep an entry larger than an eighth of its budget', () => {
    const cache = new ResponseCache(1_048_576);
    const entry = cache.set('big', {
      status: 200,
      body: 'y'.repeat(200_000),
      contentType: 'a/b',
      route: '/r',
      maxAge: 60,
    });
    expect(entry.etag).toMatch(/^"/);
    expect(cache.get('big')).toBeUndefined();
  });

  describe('in the API', () => {
    let api: Awaited<ReturnType<typeof apiUnderTest>>;
    beforeAll(async () => {
      api = await apiUnderTest({ PASSWATCH_API_CACHE_MEGABYTES: '1' });
    });
    afterAll(() => api.stop());

    it('stays within api.cacheMegabytes over many distinct large answers', async () => {
      for (let i = 0; i < 40; i++) {
        const r = await api.get(
          `/v1/satellites/25544/track?lat=52&lon=5&start=2026-08-22T00:00:00Z&end=2026-08-22T01:00:00Z&step=${30 + i}`,
        );
        expect(r.status).toBe(200);
      }
      expect(api.context.cache.bytes).toBeGreaterThan(0);
      expect(api.context.cache.bytes).toBeLessThanOrEqual(1_048_576);
      const metrics = (await api.get('/metrics')).text;
      expect(metrics).toMatch(/^passwatch_response_cache_bytes \d+$/m);
    });

    it('keys answers that default to now by the minute: a later request is not served an old window', async () => {
      const url = '/v1/satellites/25544/passes?lat=52&lon=5&days=1';
      const first = (await api.get(url)).body.settings.start;
      api.clock.advance(120_000);
      const second = (await api.get(url)).body.settings.start;
      expect(Date.parse(second) - Date.parse(first)).toBe(120_000);
    });
  });
});
