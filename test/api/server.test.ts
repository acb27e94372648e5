import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedUnderTest } from './helpers.js';

let handle: Awaited<ReturnType<typeof servedUnderTest>>;
let base: string;
beforeAll(async () => {
  handle = await servedUnderTest();
  base = handle.base;
});
afterAll(async () => {
  await handle.stop();
});

describe('over a real socket', () => {
  it('serves health and passes on 127.0.0.1', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const res = await fetch(
      `${base}/v1/satellites/25544/passes?lat=52&lon=5&start=2026-08-22T00:00:00Z&days=1`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    const body = (await res.json()) as { passes: unknown[] };
    expect(body.passes.length).toBeGreaterThan(3);
  });

  it('answers bad input with problem+json over the wire', async () => {
    const res = await fetch(`${base}/v1/satellites/25544/passes?lat=95&lon=5`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { errors: { parameter: string }[] }).errors[0]!.parameter).toBe(
      'lat',
    );
  });

  it('answers HEAD with the Content-Length of the GET, computed or from the cache', async () => {
    const url = `${base}/v1/satellites/25544/passes?lat=52&lon=5&start=2026-08-24T00:00:00Z&days=1`;
    const computed = await fetch(url, { method: 'HEAD' });
    expect(computed.status).toBe(200);
    const get = await fetch(url);
    const bytes = Buffer.byteLength(await get.text());
    expect(get.headers.get('content-length')).toBe(String(bytes));
    const cached = await fetch(url, { method: 'HEAD' });
    expect(cached.status).toBe(200);
    expect(computed.headers.get('content-length')).toBe(String(bytes));
    expect(cached.headers.get('content-length')).toBe(String(bytes));
    expect(cached.headers.get('etag')).toBe(get.headers.get('etag'));
  });

  it('answers HEAD of other answers with the Content-Length of the GET: JSON, the page, a 404', async () => {
    for (const path of [
      '/healthz',
      '/v1/observers',
      '/openapi.json',
      '/',
      '/v1/satellites/25544',
    ]) {
      const get = await fetch(`${base}${path}`);
      await get.arrayBuffer();
      const head = await fetch(`${base}${path}`, { method: 'HEAD' });
      expect(head.status, path).toBe(get.status);
      expect(get.headers.get('content-length'), path).toMatch(/^\d+$/);
      expect(head.headers.get('content-length'), path).toBe(get.headers.get('content-length'));
    }
    // A problem's detail names the method, so its length is HEAD's own.
    const missing = await fetch(`${base}/v1/nothing`, { method: 'HEAD' });
    expect(missing.status).toBe(404);
    const detail = 'no route for HEAD /v1/nothing; see /docs';
    const body = (await (await fetch(`${base}/v1/nothing`)).text()).replace(
      'no route for GET /v1/nothing; see /docs',
      detail,
    );
    expect(missing.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
  });

  it('has CORS off by default', async () => {
    const res = await fetch(`${base}/healthz`, { headers: { origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS when configured', () => {
  it('allows the configured origin', async () => {
    const open = await servedUnderTest({ PASSWATCH_CORS_ORIGINS: 'https://example.org' });
    const res = await fetch(`${open.base}/healthz`, {
      headers: { origin: 'https://example.org' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://example.org');
    await open.stop();
  });
});
