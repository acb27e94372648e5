/**
 * Issue 15: the transits view in a real Chromium (as test/web/page.test.ts) against a started
 * passwatch with an injected clock (2026-08-22T12:00Z, the bundled snapshot): the list is what
 * `GET /v1/transits` serves, and the map puts the observer, the radius searched, the centre line
 * and its nearest point where the API's coordinates say, in km east and north of the observer.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedUnderTest } from '../api/helpers.js';
import { CHROMIUM, launchChromium } from './browser.js';

const SKIP = process.env.PASSWATCH_SKIP_BROWSER === '1';
const OUT = fileURLToPath(new URL('../../test-output/web/', import.meta.url));

let server: Awaited<ReturnType<typeof servedUnderTest>>;
let browser: Browser;
const pageErrors: string[] = [];

async function apiJson(path: string): Promise<any> {
  const res = await fetch(`${server.base}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Centre (cx, cy) of an SVG circle. */
async function centre(page: Page, selector: string): Promise<[number, number]> {
  const el = page.locator(selector);
  return [Number(await el.getAttribute('cx')), Number(await el.getAttribute('cy'))];
}

/** km east and north of (lat0, lon0), as the map projects. */
const km = (lat0: number, lon0: number, lat: number, lon: number): [number, number] => [
  (lon - lon0) * 111.32 * Math.cos((lat0 * Math.PI) / 180),
  (lat - lat0) * 110.574,
];

describe.skipIf(SKIP)('the transits view in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install chromium (or set PASSWATCH_CHROMIUM, or PASSWATCH_SKIP_BROWSER=1 to skip)`,
      );
    }
    mkdirSync(OUT, { recursive: true });
    server = await servedUnderTest();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the transits near Paris and maps the centre line, the observer and the way there', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Europe/Paris',
      locale: 'en-GB',
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.base}/?lat=48.8&lon=2.3&alt=0#transits`);
    expect(await page.getAttribute('#tab-transits', 'aria-selected')).toBe('true');
    await page.locator('tr.transit-row').first().waitFor();

    const link = await page.locator('#transits-links a').getAttribute('href');
    expect(link).toMatch(/^\/v1\/transits\?/);
    expect(link).toContain('radiusKm=50');
    const api = await apiJson(link!);
    const rows = page.locator('tr.transit-row');
    expect(await rows.count()).toBe(api.transits.length);
    // The ISS on the Sun, 05:29:11.1 UTC = 07:29:11.1 in Paris, 1.3 km from the line (inside
    // the strip: seen on the disc from here).
    const sunAt = api.transits.findIndex(
      (t: { body: string; time: string }) =>
        t.body === 'sun' && t.time.startsWith('2026-08-23T07:29:11.1'),
    );
    expect(sunAt).toBeGreaterThanOrEqual(0);
    const sunRow = rows.nth(sunAt);
    expect(await sunRow.textContent()).toContain('07:29:11.1');
    expect(await sunRow.textContent()).toContain('Sun');
    expect(await sunRow.locator('.transit-travel').textContent()).toMatch(
      /^here \(1\.3 km [NESW]+ to the line\)$/,
    );

    // Its map.
    await sunRow.locator('.transit-pick').click();
    expect(await sunRow.locator('.transit-pick').getAttribute('aria-pressed')).toBe('true');
    const t = api.transits[sunAt];
    const map = page.locator('#transits-map svg.transit-map');
    await map.waitFor();
    expect(await map.getAttribute('aria-label')).toContain('Sun transit near');
    expect(await centre(page, '#transits-map .transit-observer')).toEqual([0, 0]);
    expect(Number(await page.locator('#transits-map .transit-radius').getAttribute('r'))).toBe(50);
    const [nx, ny] = km(48.8, 2.3, t.centreLine.lat, t.centreLine.lon);
    const [cx, cy] = await centre(page, '#transits-map .transit-nearest');
    expect(cx).toBeCloseTo(nx, 1);
    expect(cy).toBeCloseTo(-ny, 1);
    // The drawn distance is the API's (the projection is good to well under 1 % at 1.3 km).
    expect(Math.hypot(cx, cy)).toBeCloseTo(t.centreLine.distanceKm, 1);
    const line = await page.locator('#transits-map .transit-line').getAttribute('points');
    const points = line!.split(' ').map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(t.centreLine.path.length);
    const [px, py] = km(48.8, 2.3, t.centreLine.path[0].lat, t.centreLine.path[0].lon);
    expect(points[0]![0]).toBeCloseTo(px, 1);
    expect(points[0]![1]).toBeCloseTo(-py, 1);
    // The strip is as wide as the API says.
    const width = await page.locator('#transits-map .transit-strip').getAttribute('stroke-width');
    expect(Number(width)).toBeCloseTo(2 * t.centreLine.halfWidthKm, 1);
    expect(await page.locator('#transits-map path.map-land').count()).toBe(1);
    expect(await page.locator('#transits-detail').textContent()).toContain(
      `bearing ${Math.round(t.centreLine.bearing)}°`,
    );
    await page.screenshot({ path: join(OUT, 'transits.png') });

    // A smaller radius asks the API again, and the list follows.
    await page.selectOption('#transits-radius', '10');
    await expect
      .poll(async () => page.locator('#transits-links a').getAttribute('href'))
      .toContain('radiusKm=10');
    const narrow = await apiJson((await page.locator('#transits-links a').getAttribute('href'))!);
    await expect.poll(() => page.locator('tr.transit-row').count()).toBe(narrow.transits.length);
    expect(narrow.transits.length).toBeLessThanOrEqual(api.transits.length);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
