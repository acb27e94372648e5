/**
 * The page's events view in real Chromium (Debian's, driven by playwright-core) against a started
 * passwatch on 127.0.0.1 with a pinned clock: the catalog watch's real events (a burn, a new
 * launch, a decay, close approaches) listed newest first as `/v1/events` serves them, filtered by
 * type, the satellites named linking to their passes and map.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOf, orbitShape } from '../../src/watch/index.js';
import { NOW, servedUnderTest } from '../api/helpers.js';
import { tempDir } from '../catalog/helpers.js';
import { activeAugust, byId, withImpulse } from '../watch/real-data.js';
import { launchChromium, watchedPage } from './browser.js';

const SKIP = process.env.PASSWATCH_SKIP_BROWSER === '1';
const OUT = fileURLToPath(new URL('../../test-output/web/', import.meta.url));
const ZONE = 'Europe/Amsterdam';
const HOME = { lat: 52, lon: 5, alt: 10, minElevation: 0, timezone: ZONE };

let server: Awaited<ReturnType<typeof servedUnderTest>>;
let base: string;
let browser: Browser;
let newcomer: number;
const foreign: string[] = [];
const pageErrors: string[] = [];

interface EventJson {
  id: number;
  type: string;
  noradId: number | null;
  name: string | null;
  launch: string | null;
  details: Record<string, any>;
}

function newPage(): Promise<Page> {
  return watchedPage(browser, { base, zone: ZONE, foreign, pageErrors });
}

async function events(query = ''): Promise<EventJson[]> {
  const res = await fetch(`${base}/v1/events?limit=500${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: EventJson[] }).items;
}

const listed = (page: Page) =>
  page.$$eval('#events-list > li', (items) =>
    items.map((li) => ({ type: li.getAttribute('data-type'), text: li.textContent ?? '' })),
  );

describe.skipIf(SKIP)('the events view in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(tempDir(), 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        observers: { home: HOME },
        watch: { conjunctions: { satellites: [25544], days: 3, maxKm: 25 } },
      }),
    );
    server = await servedUnderTest({ PASSWATCH_CONFIG: file });
    base = server.base;
    await server.watch!.idle();
    // An import into the running server: the ISS after a 1 m/s burn, an object of a new launch,
    // and a low object braked hard (its perigee falls below 200 km: a decay).
    const aug = byId(activeAugust());
    newcomer = [...aug.keys()].find(
      (id) => !server.catalog.has(id) && launchOf(aug.get(id)!.intlDesignator) === '2026-157',
    )!;
    // A low, near-circular object, braked so that its perigee comes down to about 150 km.
    const low = server.catalog.records().find((r) => {
      const shape = orbitShape(r.elements);
      return r.noradId !== 25544 && shape.perigeeKm > 450 && shape.apogeeKm < 700;
    })!;
    const shape = orbitShape(low.elements);
    const a = 6378.135 + (shape.perigeeKm + shape.apogeeKm) / 2;
    const brakeMs = (-(shape.perigeeKm - 150) * Math.sqrt(398600.8 / a) * 1000) / (2 * a);
    server.store.replaceSource({
      source: { name: 'import:later', kind: 'import', location: 'later.tle', groups: ['amateur'] },
      elements: [
        withImpulse(server.catalog.record(25544)!.elements, {
          tangentialMs: 1,
          afterSeconds: 3600,
        }),
        withImpulse(low.elements, { tangentialMs: brakeMs, afterSeconds: 600 }),
        aug.get(newcomer)!,
      ],
      origin: 'file',
      outcome: 'updated',
      startedMs: NOW,
      finishedMs: NOW,
      historyDays: 30,
    });
    server.catalog.replaceAll(server.store.loadObjects(), ['import:later']);
    await server.watch!.idle();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the events newest first as the API serves them, each kind in words', async () => {
    const all = await events();
    const types = new Set(all.map((e) => e.type));
    for (const t of ['catalog.new', 'catalog.launch', 'catalog.decay', 'catalog.manoeuvre']) {
      expect(types.has(t), t).toBe(true);
    }
    const page = await newPage();
    await page.goto(`${base}/?observer=home#events`);
    expect(await page.getAttribute('#tab-events', 'aria-selected')).toBe('true');
    await expect.poll(async () => (await listed(page)).length).toBe(Math.min(50, all.length));
    const shown = await listed(page);
    expect(shown.map((x) => x.type)).toEqual(all.slice(0, 50).map((e) => e.type));

    const burn =
      shown[all.findIndex((e) => e.type === 'catalog.manoeuvre' && e.noradId === 25544)]!;
    expect(burn.text).toContain('ISS (ZARYA) (25544) map manoeuvred: Δv ≈ 1.0 m/s');
    const launch = all.find((e) => e.type === 'catalog.launch')!;
    const launchText = shown[all.indexOf(launch)]!.text;
    expect(launchText).toContain(`Launch 2026-157: 1 object`);
    // When it is first visible from home: an object with no magnitude yet is never `visible`.
    expect(launch.details.visibility.firstVisible.home).toBeNull();
    expect(launchText).toContain('home: unknown brightness');
    const decay = all.find((e) => e.type === 'catalog.decay')!;
    expect(shown[all.indexOf(decay)]!.text).toMatch(
      new RegExp(`\\(${decay.noradId}\\) map (has its perigee at \\d+ km|decays in SGP4)`),
    );
    const approach = all.find((e) => e.type === 'conjunction.upcoming');
    if (approach) {
      expect(shown[all.indexOf(approach)]!.text).toContain(
        `${approach.details.missKm.toFixed(2)} km apart`,
      );
    }
    // The API link under the list is the request the view made.
    expect(await page.locator('#events-links a').textContent()).toBe('/v1/events?limit=50');
    await page.screenshot({ path: join(OUT, 'events.png'), fullPage: true });
    await page.context().close();
  });

  it('filters by type, and links each satellite to its passes and its map', async () => {
    const page = await newPage();
    await page.goto(`${base}/?observer=home#events`);
    await page.locator('#events-list > li').first().waitFor();
    await page.selectOption('#events-type', 'catalog.launch,catalog.new');
    const news = await events('&type=catalog.new,catalog.launch');
    await expect
      .poll(async () => (await listed(page)).map((x) => x.type))
      .toEqual(news.map((e) => e.type));
    expect(await page.locator('#events-status').textContent()).toBe(
      `${news.length} events, newest first (all)`,
    );

    await page.selectOption('#events-type', 'catalog.manoeuvre');
    const burns = await events('&type=catalog.manoeuvre');
    await expect
      .poll(async () => (await listed(page)).map((x) => x.type))
      .toEqual(burns.map(() => 'catalog.manoeuvre'));
    const iss = page.locator('#events-list a', { hasText: 'ISS (ZARYA) (25544)' }).first();
    const href = new URL((await iss.getAttribute('href'))!, base);
    expect(href.searchParams.get('mode')).toBe('chosen');
    expect(href.searchParams.get('ids')).toBe('25544');
    expect(href.searchParams.get('observer')).toBe('home');
    // A "map" button opens the map tab.
    await page.locator('#events-list button', { hasText: 'map' }).first().click();
    expect(await page.getAttribute('#tab-map', 'aria-selected')).toBe('true');
    await expect.poll(() => page.url()).toContain('#map');
    // Following the name opens its passes from home.
    await page.goto(href.toString());
    await page.locator('tr.pass-row').first().waitFor();
    await page.context().close();
  });

  it('loaded nothing from anywhere but passwatch itself, and threw nothing', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
