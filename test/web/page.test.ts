/**
 * The page in a real browser: Debian's Chromium driven by playwright-core (no browser download)
 * against a started passwatch on 127.0.0.1 with an injected clock. Screenshots go to
 * test-output/web/ (not committed; CI keeps them), first-render times to
 * test-output/web/timings.json (reported, never asserted).
 *
 * Needs /usr/bin/chromium (`npm test` installs it: scripts/test-deps.sh), Playwright's Chromium or
 * PASSWATCH_CHROMIUM; set PASSWATCH_SKIP_BROWSER=1 to skip these tests on a machine without one.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { polarToAzEl } from '../../src/web/client/geo.js';
import { NOW, servedUnderTest } from '../api/helpers.js';
import { TestClock } from '../catalog/helpers.js';
import { CHROMIUM, launchChromium, watchedPage } from './browser.js';

// Debian's package, else Playwright's own build (what `npm test` installs on Ubuntu).
const SKIP = process.env.PASSWATCH_SKIP_BROWSER === '1';
const OUT = fileURLToPath(new URL('../../test-output/web/', import.meta.url));
const ZONE = 'Europe/Amsterdam';

const HOME = {
  lat: 52,
  lon: 5,
  alt: 10,
  minElevation: 10,
  timezone: ZONE,
  horizonMask: [
    { azimuth: 40, elevation: 0 },
    { azimuth: 45, elevation: 25 },
    { azimuth: 135, elevation: 25 },
    { azimuth: 140, elevation: 0 },
  ],
};

let server: Awaited<ReturnType<typeof servedUnderTest>>;
let clock: TestClock;
let base: string;
let browser: Browser;
/** Requests the page made to anything but this server. */
const foreign: string[] = [];
/** Uncaught exceptions in the page. */
const pageErrors: string[] = [];
const timings: Record<string, number | null> = {};

function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  return watchedPage(browser, { base, zone: ZONE, foreign, pageErrors }, options);
}

async function done(page: Page): Promise<void> {
  await page.context().close();
}

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(OUT, `${name}.png`), fullPage });

async function apiJson(path: string): Promise<any> {
  const res = await fetch(`${base}${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
}

/** The API call behind the pass table, as the page links it. */
/** The API link of the pass list shown (cheap to poll: no request). */
async function passesHref(page: Page): Promise<string> {
  return (await page.locator('#passes-links a').first().getAttribute('href')) ?? '';
}

async function passesBehind(page: Page): Promise<{ href: string; body: any }> {
  const href = await passesHref(page);
  expect(href).toMatch(/^\/v1\/passes\?/);
  return { href, body: await apiJson(href) };
}

const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

/** First and last point of the drawn track of the open sky chart, as azimuth/elevation. */
async function chartEnds(page: Page) {
  const svg = page.locator('.detail-row svg.sky');
  const line = svg.locator('polyline.trk-base');
  await line.waitFor();
  const radius = Number(await svg.getAttribute('data-radius'));
  const eastLeft = (await svg.getAttribute('data-east')) === 'left';
  const points = (await line.getAttribute('points'))!
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number) as [number, number]);
  expect(points.length).toBeGreaterThan(10);
  return {
    first: polarToAzEl(...points[0]!, radius, eastLeft),
    last: polarToAzEl(...points.at(-1)!, radius, eastLeft),
  };
}

function expectAt(azEl: [number, number], point: { azimuth: number; elevation: number }) {
  expect(angleDiff(azEl[0], point.azimuth)).toBeLessThan(0.05);
  expect(Math.abs(azEl[1] - point.elevation)).toBeLessThan(0.05);
}

describe.skipIf(SKIP)('the web page in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: apt-get install chromium (or set PASSWATCH_CHROMIUM, or PASSWATCH_SKIP_BROWSER=1 to skip)`,
      );
    }
    mkdirSync(OUT, { recursive: true });
    clock = new TestClock(NOW);
    server = await servedUnderTest({ PASSWATCH_OBSERVERS: JSON.stringify({ home: HOME }) }, clock);
    base = server.base;
    browser = await launchChromium([
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (Object.keys(timings).length) {
      writeFileSync(join(OUT, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
      console.log('web page first render (ms):', JSON.stringify(timings));
    }
  });

  it('opens /?lat=52&lon=5&alt=0 straight on that observer’s visible passes', async () => {
    const measure = async (path: string, key: string) => {
      const page = await newPage();
      await page.goto(`${base}${path}`);
      await page.locator('tr.pass-row').first().waitFor();
      const t = await page.evaluate(`({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        passes: performance.getEntriesByName('passwatch:passes-rendered')[0]?.startTime ?? null,
        api: performance.getEntriesByType('resource')
          .filter((r) => r.name.includes('/v1/passes?'))
          .map((r) => r.responseEnd - r.startTime)[0] ?? null,
      })`);
      const round = (v: number | null) => (v === null ? null : Math.round(v));
      const { fcp, passes, api } = t as Record<string, number | null>;
      timings[`${key}FirstContentfulPaint`] = round(fcp ?? null);
      timings[`${key}PassTableRendered`] = round(passes ?? null);
      timings[`${key}PassesApiCall`] = round(api ?? null);
      return page;
    };
    // Cold: a fresh server bundles the client and predicts for the first time.
    const page = await measure('/?lat=52&lon=5&alt=0', 'cold');
    await shot(page, 'passes');
    expect(page.url()).toBe(`${base}/?lat=52&lon=5&alt=0`);
    expect(await page.inputValue('#lat')).toBe('52');

    const { href, body } = await passesBehind(page);
    expect(href).toContain('group=visual');
    expect(href).toContain('visibleOnly=true');
    expect(href).toContain(`tz=${encodeURIComponent(ZONE)}`);
    expect(body.passes.length).toBeGreaterThan(5);
    await expect.poll(() => page.locator('tr.pass-row').count()).toBe(body.passes.length);
    expect(await page.locator('#summary').textContent()).toContain(
      `${body.passes.length} visible passes`,
    );
    const first = page.locator('tr.pass-row').first();
    const pass = body.passes[0];
    expect(await first.locator('.sat-name').textContent()).toBe(pass.name);
    expect(await first.locator('td.aos .t').textContent()).toBe(pass.aos.time.slice(11, 19));
    expect(await first.locator('td.aos .d').textContent()).toMatch(/^\d+° [NESW]{1,3}$/);
    expect(await first.locator('td.los .t').textContent()).toBe(pass.los.time.slice(11, 19));
    expect(await first.locator('.maxel').textContent()).toBe(`${Math.round(pass.maxElevation)}°`);
    expect(await first.locator('td.mag').textContent()).toMatch(/^−?\d+\.\d$/);
    expect(await page.locator('tbody.day th').first().textContent()).toBe(
      `Sat ${pass.aos.time.slice(0, 10)}`,
    );
    expect(await page.locator('#passes-links a').nth(1).getAttribute('href')).toMatch(
      /^\/v1\/passes\.ics\?/,
    );
    await done(page);

    // Warm: the same page for another observer (the bundle cached, the predictions not).
    await done(await measure('/?lat=51.5&lon=-0.1&alt=20', 'warm'));
  });

  it('picks an observer: the configured site, typed coordinates, browser location; remembered', async () => {
    const page = await newPage({
      permissions: ['geolocation'],
      geolocation: { latitude: 40.7128, longitude: -74.006, accuracy: 20 },
    });
    await page.goto(`${base}/`);
    // A first visit to a server with one named site opens on it.
    await expect.poll(() => page.url()).toBe(`${base}/?observer=home`);
    await page.locator('tr.pass-row').first().waitFor();
    expect(await page.inputValue('#obs-named')).toBe('home');
    expect(await page.inputValue('#lat')).toBe('52');

    await page.fill('#lat', '48.8566');
    await page.fill('#lon', '2.3522');
    await page.fill('#alt', '35');
    await page.getByRole('button', { name: 'Show passes' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/?lat=48.8566&lon=2.3522&alt=35`);
    expect(await page.inputValue('#obs-named')).toBe('');
    await expect.poll(() => passesHref(page)).toContain('lat=48.8566&lon=2.3522&alt=35');
    await page.locator('tr.pass-row').first().waitFor();

    // Remembered in this browser: the bare address opens on the same observer.
    await page.goto(`${base}/`);
    await expect.poll(() => page.url()).toBe(`${base}/?lat=48.8566&lon=2.3522&alt=35`);
    expect(await page.inputValue('#lat')).toBe('48.8566');

    await page.getByRole('button', { name: 'Use my location' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/?lat=40.7128&lon=-74.006&alt=0`);
    await expect
      .poll(() => page.locator('#settings-summary').textContent())
      .toContain('40.713°N 74.006°W');

    await page.selectOption('#obs-named', 'home');
    await expect.poll(() => page.url()).toBe(`${base}/?observer=home`);
    await page.locator('tr.pass-row').first().waitFor();
    await done(page);
  });

  it('lists radio passes of a group, chosen satellites, days ahead, with calendar feeds', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0`);
    await page.locator('tr.pass-row').first().waitFor();

    await page.getByRole('radio', { name: 'Radio passes' }).check();
    await expect.poll(() => page.url()).toBe(`${base}/?lat=52&lon=5&alt=0&mode=radio`);
    expect(await page.inputValue('#group')).toBe('amateur');
    await page.fill('#min-peak-el', '30');
    await page.selectOption('#days', '2');
    await page.getByRole('button', { name: 'Show passes' }).click();
    await expect
      .poll(() => page.url())
      .toBe(`${base}/?lat=52&lon=5&alt=0&mode=radio&minPeakEl=30&days=2`);
    await expect.poll(() => passesHref(page)).toContain('group=amateur&minPeakElevation=30');
    await page.locator('tr.pass-row').first().waitFor();
    const radio = (await passesBehind(page)).body;
    expect(radio.passes.length).toBeGreaterThan(3);
    // As Gpredict and N2YO list them: peaks of 30 deg or more, AOS and LOS at the horizon.
    expect(radio.passes.every((p: any) => p.maxElevation >= 30)).toBe(true);
    expect(radio.settings).toMatchObject({ minElevation: 0, minPeakElevation: 30 });
    for (const p of radio.passes) {
      if (p.aos) expect(Math.abs(p.aos.elevation)).toBeLessThan(0.01);
      if (p.los) expect(Math.abs(p.los.elevation)).toBeLessThan(0.01);
    }
    expect(radio.passes.some((p: any) => p.visible.length === 0)).toBe(true);
    await expect.poll(() => page.locator('tr.pass-row').count()).toBe(radio.passes.length);
    expect(await page.locator('#summary').textContent()).toMatch(
      /radio passes peaking at 30° or more, AOS\/LOS at 0° \(amateur\)/,
    );

    await page.getByRole('radio', { name: 'Chosen satellites' }).check();
    await page.fill('#sat-search', 'ZARYA');
    await page.getByRole('button', { name: 'ISS (ZARYA) (#25544)' }).click();
    await expect.poll(() => page.url()).toContain('mode=chosen&ids=25544&days=2');
    await expect.poll(() => passesHref(page)).toContain('ids=25544');
    await page.locator('tr.pass-row').first().waitFor();
    const names = await page.locator('tr.pass-row .sat-name').allTextContents();
    expect(new Set(names)).toEqual(new Set(['ISS (ZARYA)']));
    expect(await page.locator('#chosen button').allTextContents()).toEqual(['ISS (ZARYA) ✕']);

    // The calendar feed of the list and of one satellite are real iCalendar feeds.
    const feeds = [
      (await page.locator('#passes-links a').nth(1).getAttribute('href'))!,
      await (async () => {
        await page.locator('tr.pass-row').first().locator('.chart-btn').click();
        return (await page
          .locator('.detail-row .api-links a', { hasText: '/passes.ics?' })
          .getAttribute('href'))!;
      })(),
    ];
    expect(feeds[1]).toMatch(/^\/v1\/satellites\/25544\/passes\.ics\?/);
    for (const feed of feeds) {
      const res = await fetch(`${base}${feed}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
      const text = await res.text();
      expect(text).toMatch(/^BEGIN:VCALENDAR/);
      expect(text.match(/BEGIN:VEVENT/g)?.length).toBeGreaterThan(0);
    }
    await shot(page, 'chosen');
    await done(page);
  });

  it('warns when the elements are old for the passes listed', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0&start=2026-09-10T12:00:00Z`);
    await page.locator('tr.pass-row').first().waitFor();
    const rows = await page.locator('tr.pass-row').count();
    expect(await page.locator('tr.pass-row .badge.warn').count()).toBe(rows);
    expect(await page.locator('tr.pass-row .badge.warn').first().textContent()).toMatch(
      /^⚠ elements \d+ d old$/,
    );
    expect(await page.inputValue('#start')).toBe('2026-09-10T12:00:00Z');
    // The banner says how far off such passes may be, from the measured drift.
    const banner = page.locator('#stale-banner');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.locator('strong').textContent()).toMatch(
      /^⚠ All of these passes use elements more than 14 days old \(stale\)\.$/,
    );
    expect(await banner.textContent()).toMatch(
      /: its elements \(epoch 2026-08-\d\d\) are \d+ days old at this prediction, more than the 14-day limit \(stale\)\. SGP4 elements drift with age: in [A-Za-z0-9 –()]+ they drifted about [\d.]+ km a day in our measurement/,
    );
    expect(await banner.textContent()).toContain('Refresh the catalog (passwatch refresh)');
    await shot(page, 'stale');
    await done(page);
  });

  it('draws each sky chart from AOS to LOS exactly where the API puts them', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0`);
    await page.locator('tr.pass-row').first().waitFor();
    const { body } = await passesBehind(page);
    for (const i of [0, 1, 2]) {
      const pass = body.passes[i];
      const button = page.locator('tr.pass-row').nth(i).locator('.chart-btn');
      // Keyboard: focus the button and press Enter.
      await button.focus();
      await page.keyboard.press('Enter');
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      const { first, last } = await chartEnds(page);
      expectAt(first, pass.aos);
      expectAt(last, pass.los);
      const chart = page.locator('.detail-row svg.sky');
      expect(await chart.locator('polyline.trk-visible').count()).toBeGreaterThan(0);
      expect(await chart.locator('.tick').count()).toBeGreaterThan(2);
      expect(await chart.locator('.arrow').count()).toBe(2);
      for (const label of ['N', 'E', 'S', 'W']) {
        expect(await chart.locator('text.cardinal', { hasText: label }).count()).toBe(1);
      }
      expect(await page.locator('.detail-row').textContent()).toContain(
        pass.aos.time.slice(11, 19),
      );
      if (i === 0)
        await page.locator('.detail-row').screenshot({ path: join(OUT, 'sky-chart.png') });
    }
    const trackHref = await page
      .locator('.detail-row .api-links a', { hasText: '/track?' })
      .getAttribute('href');
    expect(trackHref).toContain(`pass=${encodeURIComponent(body.passes[2].aos.time)}`);
    // A pass that leaves the visible part before it sets: the rest is drawn apart.
    const j = body.passes.findIndex(
      (p: any) => Date.parse(p.visible.at(-1).end.time) < Date.parse(p.los.time) - 20_000,
    );
    expect(j).toBeGreaterThanOrEqual(0);
    await page.locator('tr.pass-row').nth(j).locator('.chart-btn').click();
    await chartEnds(page);
    const parts = page.locator('.detail-row svg.sky polyline.trk');
    const classes = await parts.evaluateAll((els) => els.map((e) => e.getAttribute('class')));
    expect(classes).toContain('trk trk-visible');
    expect(classes.some((c) => c === 'trk trk-eclipsed' || c === 'trk trk-sunlit')).toBe(true);
    // Escape closes the chart and gives the focus back to its button.
    await page.keyboard.press('Escape');
    expect(await page.locator('.detail-row').count()).toBe(0);
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-expanded")')).toBe(
      'false',
    );
    await done(page);
  });

  it('draws stars, the Moon and planets as on a star chart (east left), flips, labels apart', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0`);
    await page.locator('tr.pass-row').first().waitFor();
    const { body } = await passesBehind(page);
    await page.locator('tr.pass-row').first().locator('.chart-btn').click();
    const chart = page.locator('.detail-row svg.sky');
    await chart.locator('polyline.trk-base').waitFor();
    // The stars of /v1/sky at the highest point, to magnitude 4.5, where the API puts them.
    const pass = body.passes[0];
    const sky = await apiJson(
      `/v1/sky?lat=52&lon=5&alt=0&time=${encodeURIComponent(pass.tca.time)}&stars=4.5`,
    );
    const stars = chart.locator('circle.star');
    expect(await stars.count()).toBe(sky.stars.length);
    expect(sky.stars.length).toBeGreaterThan(100);
    const vega = sky.stars.find((st: any) => st.name === 'Vega');
    const dot = chart.locator('circle.star[data-name="Vega"]');
    if (vega) {
      const [az, el] = polarToAzEl(
        Number(await dot.getAttribute('cx')),
        Number(await dot.getAttribute('cy')),
        100,
        true,
      );
      expect(angleDiff(az, vega.azimuth)).toBeLessThan(0.5);
      expect(Math.abs(el - vega.elevation)).toBeLessThan(0.1);
    }
    expect(await chart.locator('circle.moon').count()).toBe(sky.moon.elevation >= 0 ? 1 : 0);
    expect(await chart.locator('circle.planet').count()).toBe(
      sky.planets.filter((p: any) => p.elevation >= 0).length,
    );
    // Looking up: north at the top, east on the LEFT, west on the right.
    expect(await chart.getAttribute('data-east')).toBe('left');
    const cardinal = async (label: string) =>
      Number(await chart.locator('text.cardinal', { hasText: label }).getAttribute('x'));
    expect(await cardinal('E')).toBeLessThan(-90);
    expect(await cardinal('W')).toBeGreaterThan(90);
    // No label of a star, planet or the Moon overlaps another text of the chart (as rendered).
    const boxes = await chart.locator('text').evaluateAll((els) =>
      els.map((e) => {
        const b = (
          e as unknown as { getBBox(): { x: number; y: number; width: number; height: number } }
        ).getBBox();
        return { sky: e.classList.contains('sky-label'), x: b.x, y: b.y, w: b.width, h: b.height };
      }),
    );
    const skyLabels = boxes.filter((b) => b.sky);
    expect(skyLabels.length).toBeGreaterThan(0);
    for (const a of skyLabels) {
      for (const b of boxes) {
        if (a === b) continue;
        const overlap =
          a.x < b.x + b.w - 0.2 &&
          b.x < a.x + a.w - 0.2 &&
          a.y < b.y + b.h - 0.2 &&
          b.y < a.y + a.h - 0.2;
        expect(overlap, JSON.stringify([a, b])).toBe(false);
      }
    }
    await page.locator('.detail-row').screenshot({ path: join(OUT, 'sky-chart-stars.png') });
    // The option turns the chart to the map orientation (east right), redrawn and remembered.
    await page.locator('#chart-map').check();
    await page.locator('.detail-row svg.sky[data-east="right"] polyline.trk-base').waitFor();
    expect(await cardinal('E')).toBeGreaterThan(90);
    const { first } = await chartEnds(page);
    expectAt(first, pass.aos);
    await page.reload();
    await page.locator('tr.pass-row').first().locator('.chart-btn').click();
    await page.locator('.detail-row svg.sky[data-east="right"]').waitFor();
    await done(page);
  });

  it('marks estimated magnitudes ≈ and says among which stars a visible part runs, as the API does', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0`);
    await page.locator('tr.pass-row').first().waitFor();
    const { body } = await passesBehind(page);
    await expect.poll(() => page.locator('tr.pass-row').count()).toBe(body.passes.length);
    // The page shows the brightest magnitude of the visible parts, one decimal, '−' for minus.
    const shown = (m: number) =>
      m
        .toFixed(1)
        .replace(/^-(?=[\d.]*[1-9])/, '−')
        .replace(/^-/, '');
    const brightest = (p: any): number | null => {
      const mags = p.visible.map((v: any) => v.brightestMagnitude).filter((m: any) => m !== null);
      return mags.length ? Math.min(...mags) : null;
    };
    const sources = new Set<string>();
    for (const [i, p] of body.passes.entries()) {
      const mag = brightest(p);
      if (mag === null) continue;
      sources.add(p.magnitudeSource);
      const cell = page.locator(`tr.pass-row[data-index="${i}"] td.mag`);
      const mark = p.magnitudeSource === 'estimated' ? '≈' : '';
      expect(await cell.textContent(), `${p.name} ${p.magnitudeSource}`).toBe(
        `${mark}${shown(mag)}`,
      );
    }
    // Both kinds are on this page, so both branches were checked.
    expect(sources.has('estimated')).toBe(true);
    expect([...sources].some((s) => s !== 'estimated')).toBe(true);

    // An opened pass: the brightest point of each visible part (≈ when estimated) and the API's
    // nearStars text, for an estimated pass and one with stars named.
    const opened = async (i: number) => {
      const row = page.locator(`tr.pass-row[data-index="${i}"]`);
      await row.locator('.chart-btn').click();
      const facts = page.locator('.detail-row dl.facts');
      await facts.waitFor();
      // The text of each "Visible" fact, in order.
      const texts = await facts.evaluate((dl) =>
        [...dl.querySelectorAll('dt')]
          .filter((dt) => dt.textContent === 'Visible')
          .map((dt) => dt.nextElementSibling?.textContent ?? ''),
      );
      await row.locator('.chart-btn').click();
      await expect.poll(() => page.locator('.detail-row').count()).toBe(0);
      return texts;
    };
    const withStars = body.passes.findIndex((p: any) =>
      p.visible.some((v: any) => v.nearStars.text && v.brightest),
    );
    expect(withStars).toBeGreaterThanOrEqual(0);
    const estimated = body.passes.findIndex(
      (p: any) => p.magnitudeSource === 'estimated' && p.visible.some((v: any) => v.brightest),
    );
    expect(estimated).toBeGreaterThanOrEqual(0);
    for (const i of new Set([withStars, estimated])) {
      const p = body.passes[i];
      const texts = await opened(i);
      expect(texts).toHaveLength(p.visible.length);
      for (const [k, v] of p.visible.entries()) {
        if (v.brightest) {
          const mark = p.magnitudeSource === 'estimated' ? '≈' : '';
          expect(texts[k]).toContain(`brightest mag ${mark}${shown(v.brightest.magnitude)} at`);
        }
        if (v.nearStars.text) expect(texts[k]).toContain(` · ${v.nearStars.text}`);
        else expect(texts[k]).not.toMatch(/ from .* to /);
      }
    }
    await done(page);
  });

  it('draws the horizon mask, and tracks rising over it, for a named observer', async () => {
    const page = await newPage();
    await page.goto(`${base}/?observer=home&mode=radio&group=amateur`);
    await page.locator('tr.pass-row').first().waitFor();
    const { body } = await passesBehind(page);
    expect(body.observer.horizonMask).toHaveLength(4);
    // A pass rising behind the trees to the east (azimuth 45-135, mask 25 deg).
    const i = body.passes.findIndex((p: any) => p.aos && p.aos.azimuth > 50 && p.aos.azimuth < 130);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(body.passes[i].aos.elevation).toBeCloseTo(25, 1);
    await page.locator('tr.pass-row').nth(i).locator('.chart-btn').click();
    const { first, last } = await chartEnds(page);
    expectAt(first, body.passes[i].aos);
    expectAt(last, body.passes[i].los);
    expect(await page.locator('.detail-row svg.sky path.mask').count()).toBe(1);
    expect(await page.locator('.detail-row svg.sky circle.min-el').count()).toBe(1);
    await page.locator('.detail-row').screenshot({ path: join(OUT, 'sky-chart-mask.png') });
    await done(page);
  });

  it('switches the time zone of every time shown', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0&mode=radio`);
    await page.locator('tr.pass-row').first().waitFor();
    const passes = (await passesBehind(page)).body.passes;
    // The first pass that rises inside the window (GEO satellites are up all along).
    const i = passes.findIndex((p: any) => p.aos !== null);
    const local = passes[i];
    const aosCell = page.locator('tr.pass-row').nth(i).locator('td.aos .t');
    expect(local.aos.time).toMatch(/\+02:00$/);
    expect(await aosCell.textContent()).toBe(local.aos.time.slice(11, 19));

    for (const zone of ['UTC', 'America/New_York']) {
      await page.fill('#tz', zone);
      await page.press('#tz', 'Enter');
      await expect.poll(() => page.url()).toContain(`tz=${encodeURIComponent(zone)}`);
      await expect.poll(() => passesHref(page)).toContain(`tz=${encodeURIComponent(zone)}`);
      const { body } = await passesBehind(page);
      expect(body.settings.tz).toBe(zone);
      const pass = body.passes[i];
      expect(Date.parse(pass.aos.time)).toBe(Date.parse(local.aos.time));
      await expect.poll(() => aosCell.textContent()).toBe(pass.aos.time.slice(11, 19));
      expect(await page.locator('#summary').textContent()).toContain(zone);
    }
    await shot(page, 'time-zone');

    await page.fill('#tz', 'Mars/Olympus_Mons');
    await page.press('#tz', 'Enter');
    await expect.poll(() => page.locator('#message').textContent()).toContain('not a time zone');
    await done(page);
  });

  it('shows a visible message when the API refuses a request or cannot be reached', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=95&lon=5&alt=0`);
    const message = page.locator('#message');
    await message.waitFor();
    const text = await message.textContent();
    expect(text).toContain('400');
    expect(text).toContain('lat must be between -90 and 90');
    expect(await page.getAttribute('#lat', 'aria-invalid')).toBe('true');
    expect(await page.locator('tr.pass-row').count()).toBe(0);
    await shot(page, 'error-invalid');

    await page.route('**/v1/passes?**', (route) => route.abort('connectionrefused'));
    await page.fill('#lat', '52');
    await page.getByRole('button', { name: 'Show passes' }).click();
    await expect.poll(() => message.textContent()).toContain('passwatch did not answer');
    expect(await message.isVisible()).toBe(true);
    expect(await page.getAttribute('#lat', 'aria-invalid')).toBeNull();
    await shot(page, 'error-network');

    await page.unroute('**/v1/passes?**');
    await page.getByRole('button', { name: 'Show passes' }).click();
    await page.locator('tr.pass-row').first().waitFor();
    expect(await message.isVisible()).toBe(false);
    await done(page);
  });

  it('follows the satellite chosen in the now list live, from its event stream', async () => {
    clock.nowMs = NOW;
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0#now`);
    // The list as the page asks for it (once it knows the groups: the settings' "visual"); a
    // satellite in it (its first 40 rows) with a transmitter.
    const link = page.locator('#now-links a');
    await expect.poll(() => link.getAttribute('href'), { timeout: 30_000 }).toMatch(/group=visual/);
    const above = await apiJson((await link.getAttribute('href'))!);
    let chosen: { noradId: number; azimuth: number; elevation: number } | null = null;
    for (const item of above.items.slice(0, 40)) {
      const t = await apiJson(`/v1/satellites/${item.noradId}/transmitters`);
      if (t.transmitters.some((x: { downlink: unknown }) => x.downlink !== null)) {
        chosen = item;
        break;
      }
    }
    expect(chosen).not.toBeNull();
    const button = page.locator(`#now-body button[data-norad="${chosen!.noradId}"]`);
    await button.click();
    const live = page.locator('#now-live');
    await expect
      .poll(() => live.getAttribute('data-time'), { timeout: 10_000 })
      .toBe(new Date(NOW).toISOString());
    expect(Number(await live.getAttribute('data-azimuth'))).toBeCloseTo(chosen!.azimuth, 1);
    expect(Number(await live.getAttribute('data-elevation'))).toBeCloseTo(chosen!.elevation, 1);
    expect(
      await page.locator(`#now-body tr[data-norad="${chosen!.noradId}"]`).getAttribute('class'),
    ).toBe('selected');
    const href = (await page.locator('#now-live-link a').getAttribute('href'))!;
    expect(href).toBe(`/v1/satellites/${chosen!.noradId}/live?lat=52&lon=5&alt=0`);
    // The stream follows the server's clock, once a second.
    clock.advance(1000);
    await expect
      .poll(() => live.getAttribute('data-time'))
      .toBe(new Date(NOW + 1000).toISOString());
    // A transmitter: the Doppler-corrected downlink, as the stream computes it.
    const select = page.locator('#now-live-transmitter');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    const uuid = (await select.locator('option').nth(1).getAttribute('value'))!;
    await select.selectOption(uuid);
    await expect.poll(() => live.getAttribute('data-downlink-hz')).toBeTruthy();
    expect(await page.locator('#now-live-fields').textContent()).toMatch(/Downlink\d+\.\d{6} MHz/);
    await shot(page, 'now-live');
    const streams = async () =>
      Number(
        /^passwatch_live_streams (\d+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1],
      );
    expect(await streams()).toBe(1);
    await page.getByRole('button', { name: 'Stop following' }).click();
    expect(await live.isVisible()).toBe(false);
    await expect.poll(streams).toBe(0);
    await done(page);
    clock.nowMs = NOW;
  });

  it('shows what is above now, updating every two seconds', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0#now`);
    expect(await page.getAttribute('#tab-now', 'aria-selected')).toBe('true');
    const status = page.locator('#now-status');
    await expect.poll(() => status.getAttribute('data-time')).toBeTruthy();
    const before = (await status.getAttribute('data-time'))!;
    expect(Date.parse(before)).toBe(NOW);
    expect(await page.locator('#now-chart svg.sky circle.dot').count()).toBeGreaterThan(0);
    // The stars to magnitude 4 of /v1/sky at the same instant, each where the API puts it.
    const sky = await apiJson(
      `/v1/sky?lat=52&lon=5&alt=0&time=${encodeURIComponent(new Date(NOW).toISOString())}&stars=4`,
    );
    expect(sky.stars.length).toBeGreaterThan(50);
    const nowStars = page.locator('#now-chart svg.sky circle.star');
    await expect
      .poll(() => nowStars.count())
      .toBe(sky.stars.filter((st: any) => st.elevation >= 0).length);
    const nowSvg = page.locator('#now-chart svg.sky');
    const radius = Number(await nowSvg.getAttribute('data-radius'));
    const eastLeft = (await nowSvg.getAttribute('data-east')) === 'left';
    for (const star of sky.stars.filter((st: any) => st.name).slice(0, 10)) {
      const dot = nowSvg.locator(`circle.star[data-name="${star.name}"]`);
      const [az, el] = polarToAzEl(
        Number(await dot.getAttribute('cx')),
        Number(await dot.getAttribute('cy')),
        radius,
        eastLeft,
      );
      expect(Math.abs(el - star.elevation), star.name).toBeLessThan(0.1);
      if (star.elevation < 89) expect(angleDiff(az, star.azimuth), star.name).toBeLessThan(0.5);
    }
    expect(await page.locator('#now-body tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#now-links a').getAttribute('href')).toMatch(/^\/v1\/above\?/);

    clock.advance(90_000);
    await expect.poll(() => status.getAttribute('data-time'), { timeout: 6000 }).not.toBe(before);
    expect(Date.parse((await status.getAttribute('data-time'))!)).toBe(NOW + 90_000);
    await shot(page, 'now');

    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await status.getAttribute('data-time');
    clock.advance(60_000);
    await page.waitForTimeout(3000);
    expect(await status.getAttribute('data-time')).toBe(paused);
    // Arrow keys move between the views.
    await page.focus('#tab-now');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getAttribute('#tab-passes', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#view-now')).toBe(false);
    await done(page);
  });

  it('maps a satellite: ground track, footprint at a chosen time, observer, night', async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0`);
    await page.locator('tr.pass-row').first().waitFor();
    await page.locator('tr.pass-row').first().locator('.chart-btn').click();
    await page.getByRole('button', { name: /^World map of / }).click();
    expect(await page.getAttribute('#tab-map', 'aria-selected')).toBe('true');
    const map = page.locator('#map-box svg.map');
    await map.locator('path.map-land').waitFor();
    expect(await map.locator('polyline.trk').count()).toBeGreaterThan(2);
    expect(await map.locator('.map-observer').count()).toBe(1);
    expect(await map.locator('path.map-night').getAttribute('d')).toMatch(/^M/);
    const footprint = map.locator('path.map-footprint');
    const d0 = await footprint.getAttribute('d');
    const label0 = await page.locator('#map-time-label').textContent();
    expect(label0).toMatch(/\d\d:\d\d:\d\d/);
    await shot(page, 'map');

    await page.focus('#map-time');
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
    expect(await footprint.getAttribute('d')).not.toBe(d0);
    expect(await page.locator('#map-time-label').textContent()).not.toBe(label0);
    expect(await page.locator('#map-links a').first().getAttribute('href')).toMatch(
      /^\/v1\/satellites\/\d+\/track\?/,
    );
    await done(page);
  });

  it('fits a phone and has a red theme for the dark, remembered', async () => {
    const page = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    await page.goto(`${base}/?lat=52&lon=5&alt=0`);
    await page.locator('tr.pass-row').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // Results first: the settings fold away to one line.
    expect(await page.evaluate('document.getElementById("settings-box").open')).toBe(false);
    await shot(page, 'phone');
    await page.locator('tr.pass-row').first().locator('.chart-btn').click();
    await page.locator('.detail-row svg.sky').waitFor();
    await page.locator('.detail-row').scrollIntoViewIfNeeded();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'phone-chart');

    await page.selectOption('#theme', 'red');
    expect(await page.getAttribute('html', 'data-theme')).toBe('red');
    await page.reload();
    await page.locator('tr.pass-row').first().waitFor();
    expect(await page.getAttribute('html', 'data-theme')).toBe('red');
    await page.locator('tr.pass-row').first().locator('.chart-btn').click();
    await page.locator('.detail-row svg.sky').waitFor();
    await shot(page, 'phone-red');
    await done(page);

    const wide = await newPage();
    await wide.goto(`${base}/?observer=home`);
    await wide.selectOption('#theme', 'red');
    await wide.locator('tr.pass-row').first().locator('.chart-btn').click();
    await wide.locator('.detail-row svg.sky').waitFor();
    await shot(wide, 'red');
    await wide.selectOption('#theme', 'light');
    await shot(wide, 'light');
    await done(wide);
  });

  it('loaded nothing from anywhere but passwatch itself, and threw nothing', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
