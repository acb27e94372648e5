/**
 * The page (issue 11): first contentful paint and the pass table of the default view
 * (`/?lat=52&lon=5&alt=0`: the visual group's visible passes) in headless Chromium
 * (playwright-core, Debian's /usr/bin/chromium or PASSWATCH_CHROMIUM or Playwright's build, as
 * test/web does), against the build served on 127.0.0.1. Cold: the first page of a fresh server
 * (passes computed for the first time); warm: a new browser context on the same server.
 *
 *   node --import tsx bench/page.ts
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { type BenchRow, printTable } from './passes.js';
import { startServer } from './server.js';

export const CHROMIUM =
  process.env.PASSWATCH_CHROMIUM ??
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : chromium.executablePath());

const VIEW = '/?lat=52&lon=5&alt=0';

export async function benchPage(warmRuns = 5): Promise<BenchRow[]> {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const load = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.base}${VIEW}`);
      await page.locator('tr.pass-row').first().waitFor({ timeout: 60_000 });
      const t = (await page.evaluate(`({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        table: performance.getEntriesByName('passwatch:passes-rendered')[0]?.startTime ?? NaN,
        api: performance.getEntriesByType('resource')
          .filter((r) => r.name.includes('/v1/passes?'))
          .map((r) => r.responseEnd - r.startTime)[0] ?? NaN,
        rows: document.querySelectorAll('tr.pass-row').length,
      })`)) as { fcp: number; table: number; api: number; rows: number };
      await context.close();
      return t;
    };
    const row = (name: string, t: Awaited<ReturnType<typeof load>>): BenchRow => ({
      case: name,
      'first paint ms': Math.round(t.fcp),
      'pass table ms': Math.round(t.table),
      '/v1/passes ms': Math.round(t.api),
      'table rows': t.rows,
    });
    const rows = [row('cold (fresh server, first page)', await load())];
    const warm: Awaited<ReturnType<typeof load>>[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await load());
    const med = (k: 'fcp' | 'table' | 'api') =>
      [...warm.map((w) => w[k])].sort((a, b) => a - b)[Math.floor(warm.length / 2)]!;
    rows.push(
      row(`warm (median of ${warmRuns})`, {
        fcp: med('fcp'),
        table: med('table'),
        api: med('api'),
        rows: warm[0]!.rows,
      }),
    );
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function printPage(rows: BenchRow[]): void {
  printTable(
    `The page's default view ${VIEW} in headless Chromium (ms from navigation start)`,
    rows,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(CHROMIUM)) console.log(`page: skipped, no Chromium at ${CHROMIUM}`);
  else printPage(await benchPage());
}
