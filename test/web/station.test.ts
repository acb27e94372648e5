/**
 * The page's station view and the transmitters beside a satellite's map, in real Chromium
 * (Debian's, driven by playwright-core) against a started passwatch on 127.0.0.1 with a pinned
 * clock. What the page shows is compared with the API answers it links.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polarToAzEl } from '../../src/web/client/geo.js';
import { servedUnderTest } from '../api/helpers.js';
import { tempDir } from '../catalog/helpers.js';
import { launchChromium, watchedPage } from './browser.js';

const SKIP = process.env.PASSWATCH_SKIP_BROWSER === '1';
const OUT = fileURLToPath(new URL('../../test-output/web/', import.meta.url));
const ZONE = 'Europe/Amsterdam';

const HOME = { lat: 52, lon: 5, alt: 10, minElevation: 0, timezone: ZONE };
const STATIONS = {
  shack: {
    observer: 'home',
    rotator: { azimuthMaxDeg: 450, azimuthRateDegS: 6, elevationRateDegS: 6 },
    turnaroundSeconds: 60,
    satellites: [
      { noradId: 25544, priority: 5, transmitter: 'eozSf5mKyzNxoascs8V4bV' },
      { noradId: 44909, priority: 3, transmitter: '89NTmbqJEuTGW36fd386Fy', downlinkHz: 435620000 },
      { noradId: 7530, priority: 2, minPeakElevation: 20 },
      { noradId: 27607, priority: 2 },
      { noradId: 24278, priority: 1 },
    ],
  },
};

let server: Awaited<ReturnType<typeof servedUnderTest>>;
let base: string;
let browser: Browser;
const foreign: string[] = [];
const pageErrors: string[] = [];

function newPage(): Promise<Page> {
  return watchedPage(browser, { base, zone: ZONE, foreign, pageErrors });
}

async function apiJson(path: string): Promise<any> {
  const res = await fetch(`${base}${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
}

const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

describe.skipIf(SKIP)('the station view and transmitters in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(tempDir(), 'config.json');
    writeFileSync(file, JSON.stringify({ observers: { home: HOME }, stations: STATIONS }));
    server = await servedUnderTest({ PASSWATCH_CONFIG: file });
    base = server.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the schedule as a timeline per local day, passes to work apart from those left out', async () => {
    const page = await newPage();
    await page.goto(`${base}/?observer=home&start=2026-08-22T00:00:00Z#station`);
    await page.locator('.st-day').first().waitFor();
    expect(await page.getAttribute('#tab-station', 'aria-selected')).toBe('true');
    const href = (await page.locator('#station-links a').first().getAttribute('href'))!;
    expect(href).toMatch(/^\/v1\/stations\/shack\/schedule\?start=2026-08-22T00%3A00%3A00Z&days=2/);
    const api = await apiJson(href);
    // 02:00 on the 22nd to 02:00 on the 24th, local: three local days.
    expect(
      await page.locator('.st-day').evaluateAll((d) => d.map((x) => x.getAttribute('data-date'))),
    ).toEqual(['2026-08-22', '2026-08-23', '2026-08-24']);
    const keys = (cls: string) =>
      page
        .locator(`.st-pass.${cls}`)
        .evaluateAll((b) => [...new Set(b.map((x) => x.getAttribute('data-key')))].sort());
    expect(await keys('scheduled')).toEqual(
      api.scheduled.map((p: { key: string }) => p.key).sort(),
    );
    expect(await keys('rejected')).toEqual(api.rejected.map((p: { key: string }) => p.key).sort());
    expect(await page.locator('#station-status').textContent()).toContain(
      `${api.scheduled.length} passes to work (total priority ${api.totalPriority})`,
    );
    // Why a pass is left out, on hover.
    const conflict = api.rejected.find(
      (p: { reason: { kind: string } }) => p.reason.kind === 'conflict',
    );
    expect(conflict).toBeDefined();
    const title = await page
      .locator(`.st-pass.rejected[data-key="${conflict.key}"]`)
      .first()
      .getAttribute('title');
    expect(title).toContain(`left out: ${conflict.reason.message}`);
    // Passes to work sit left to right in time order, never overlapping on the lane.
    const boxes = await page
      .locator('.st-day[data-date="2026-08-23"] .st-lane-worked .st-pass')
      .evaluateAll((b) => b.map((x) => x.getBoundingClientRect()).map((r) => [r.left, r.right]));
    expect(boxes.length).toBeGreaterThan(3);
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]![0]).toBeGreaterThanOrEqual(boxes[i - 1]![0]!);
    await page.screenshot({ path: join(OUT, 'station.png'), fullPage: true });
    await page.context().close();
  });

  it('opens a pass: frequencies with their Doppler range, the rotator plan with its warnings, and a sky chart', async () => {
    const page = await newPage();
    await page.goto(`${base}/?observer=home&start=2026-08-22T00:00:00Z#station`);
    await page.locator('.st-day').first().waitFor();
    const href = (await page.locator('#station-links a').first().getAttribute('href'))!;
    const api = await apiJson(href);
    // An ISS pass to work whose rotator plan has a warning (the keyhole of a high pass).
    const iss = api.scheduled.find(
      (p: any) => p.noradId === 25544 && p.aos && p.rotator.warnings.length > 0,
    );
    expect(iss).toBeDefined();
    await page.locator(`.st-pass.scheduled[data-key="${iss.key}"]`).first().click();
    const detail = page.locator('.st-detail:not([hidden])');
    await detail.locator('svg.sky polyline.trk-base').waitFor();
    const text = (await detail.textContent())!;
    expect(text).toContain(iss.transmitter.description);
    expect(text).toContain(`down ${(iss.transmitter.nominalDownlinkHz / 1e6).toFixed(4)} MHz`);
    expect(text).toContain(`Rotator${iss.rotator.mode}`);
    expect(text).toMatch(/leave park at \d\d:\d\d:\d\d/);
    expect(await detail.locator('.warnings li').count()).toBe(iss.rotator.warnings.length);
    await detail.locator('.doppler').filter({ hasText: 'Doppler: tune down' }).waitFor();

    // The Doppler range and the chart are those of the track the page links.
    const trackHref = (await detail.locator('.api-links a').first().getAttribute('href'))!;
    expect(trackHref).toContain('transmitter=eozSf5mKyzNxoascs8V4bV');
    expect(trackHref).toContain('station=shack');
    const track = await apiJson(trackHref);
    const downs = track.points.map((p: { downlinkHz: number }) => p.downlinkHz);
    const doppler = (await detail.locator('.doppler').textContent())!;
    expect(doppler).toContain(
      `${(Math.min(...downs) / 1e6).toFixed(4)} MHz–${(Math.max(...downs) / 1e6).toFixed(4)} MHz`,
    );
    const svg = detail.locator('svg.sky');
    const radius = Number(await svg.getAttribute('data-radius'));
    const first = (await svg.locator('polyline.trk-base').getAttribute('points'))!
      .trim()
      .split(/\s+/)[0]!
      .split(',')
      .map(Number) as [number, number];
    const eastLeft = (await svg.getAttribute('data-east')) === 'left';
    const [az, el] = polarToAzEl(...first, radius, eastLeft);
    expect(angleDiff(az, iss.aos.azimuth)).toBeLessThan(0.1);
    expect(Math.abs(el - iss.aos.elevation)).toBeLessThan(0.1);

    // A pass left out says why in its details.
    const left = api.rejected.find((p: any) => p.reason.kind === 'conflict');
    await page.locator(`.st-pass.rejected[data-key="${left.key}"]`).first().click();
    await expect
      .poll(async () => page.locator('.st-detail:not([hidden]) .facts').first().textContent())
      .toContain(`left out: ${left.reason.message}`);
    await page.screenshot({ path: join(OUT, 'station-pass.png'), fullPage: true });
    await page.context().close();
  });

  it("lists the satellite's transmitters beside its world map", async () => {
    const page = await newPage();
    await page.goto(`${base}/?lat=52&lon=5&alt=0&mode=chosen&ids=25544&start=2026-08-22T00:00:00Z`);
    await page.locator('tr.pass-row').first().waitFor();
    await page.locator('tr.pass-row').first().locator('.chart-btn').click();
    await page.getByRole('button', { name: /^World map of / }).click();
    const rows = page.locator('#map-transmitters table.transmitters tbody tr');
    await rows.first().waitFor();
    const api = await apiJson('/v1/satellites/25544/transmitters');
    expect(await rows.count()).toBe(api.transmitters.length);
    const first = api.transmitters[0];
    const row = page.locator(`#map-transmitters tr[data-uuid="${first.uuid}"]`);
    const cells = await row.locator('th, td').allTextContents();
    expect(cells[0]).toBe(first.description);
    expect(cells[1]).toBe(first.type);
    expect(cells[3]).toContain((first.downlink.lowHz / 1e6).toFixed(4));
    expect(cells[5]).toBe(first.status);
    expect(await page.locator('#map-transmitters caption').textContent()).toMatch(
      /SatNOGS DB, CC BY-SA 4\.0/,
    );
    await page.screenshot({ path: join(OUT, 'transmitters.png'), fullPage: true });
    await page.context().close();
  });

  it('loaded nothing from anywhere but passwatch itself, and threw nothing', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
