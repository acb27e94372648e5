/** The page and its files as served by the app (in process), and `GET /v1/observers`. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLESHEET_PARTS } from '../../src/web/assets.js';
import { apiUnderTest } from '../api/helpers.js';

const CSS_DIR = fileURLToPath(new URL('../../src/web/static/css/', import.meta.url));

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

describe('the page at /', () => {
  it('is served with a strict content security policy and no third-party resources', async () => {
    const res = await api.app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    const resources = [...html.matchAll(/<(?:script|link|img)\b[^>]*(?:src|href)="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(resources.sort()).toEqual([
      '/web/app.css',
      '/web/app.js',
      '/web/icon.svg',
      '/web/icon.svg',
    ]);
    for (const path of new Set(resources)) {
      expect((await api.app.request(path)).status, path).toBe(200);
    }
    expect(html).not.toMatch(/\sstyle=|<style|<script>/);
  });

  it('serves the client bundled from TypeScript, cached by ETag and gzipped on request', async () => {
    const res = await api.app.request('/web/app.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await res.text();
    expect(js).toContain('/v1/passes');
    expect(js).not.toMatch(/\bimport\s*[{"']/);
    expect(js.length).toBeLessThan(80_000);
    const etag = res.headers.get('etag')!;
    const again = await api.app.request('/web/app.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const zipped = await api.app.request('/web/app.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(js);
  });

  it('serves the stylesheet parts as one file, each part once in order, cached by ETag', async () => {
    // Every part in the folder is served: a new file left out of the list would be lost.
    expect([...STYLESHEET_PARTS].sort()).toEqual(
      readdirSync(CSS_DIR)
        .filter((f) => f.endsWith('.css'))
        .sort(),
    );
    const res = await api.app.request('/web/app.css');
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const css = await res.text();
    expect(css).toBe(STYLESHEET_PARTS.map((f) => readFileSync(CSS_DIR + f, 'utf8')).join('\n'));
    // The themes first (the views use their variables), the phone layout after the views.
    expect(css.indexOf('[data-theme="dark"]')).toBeLessThan(css.indexOf('\n* {'));
    expect(css.indexOf('@media (max-width: 760px)')).toBeGreaterThan(css.indexOf('/* Map */'));
    const again = await api.app.request('/web/app.css', {
      headers: { 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('bundles a public-domain world outline', async () => {
    const res = await api.app.request('/web/land.json');
    expect(res.status).toBe(200);
    const land = (await res.json()) as { about: string; d: string; rings: number };
    expect(land.about).toMatch(/Natural Earth.*public domain/);
    expect(land.rings).toBeGreaterThan(100);
    expect(land.d).toMatch(/^M-?\d/);
  });

  it('answers unknown files with a 404 problem', async () => {
    const res = await api.app.request('/web/secret.ts');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('GET /v1/observers', () => {
  it('lists the named observers of the configuration', async () => {
    const { status, body } = await api.get('/v1/observers');
    expect(status).toBe(200);
    expect(body.observers).toEqual([
      {
        name: 'home',
        lat: 52,
        lon: 5,
        alt: 10,
        minElevation: 10,
        timezone: 'Europe/Amsterdam',
        horizonMask: [
          { azimuth: 40, elevation: 0 },
          { azimuth: 45, elevation: 25 },
          { azimuth: 135, elevation: 25 },
          { azimuth: 140, elevation: 0 },
        ],
      },
    ]);
  });

  it('is empty when none are configured', async () => {
    const bare = await apiUnderTest({ PASSWATCH_OBSERVERS: '{}' });
    expect((await bare.get('/v1/observers')).body).toEqual({ observers: [] });
    await bare.stop();
  });
});
