/** What the page tests share: the Chromium they drive and a page that reports what it should not do. */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** Debian's chromium, or PASSWATCH_CHROMIUM, or playwright's own. */
export const CHROMIUM =
  process.env.PASSWATCH_CHROMIUM ??
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : chromium.executablePath());

/** Debian's (or Playwright's) Chromium, headless, with `extraArgs` after the flags every page test uses. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', ...extraArgs],
  });
}

/**
 * A page in a new context (1280×900, en-GB, dark, in `zone`) that records each request to
 * anything but `base` in `foreign` and each uncaught exception in `pageErrors`.
 */
export async function watchedPage(
  browser: Browser,
  watch: { base: string; zone: string; foreign: string[]; pageErrors: string[] },
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: watch.zone,
    locale: 'en-GB',
    colorScheme: 'dark',
    ...options,
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(`${watch.base}/`)) watch.foreign.push(r.url());
  });
  page.on('pageerror', (e) => watch.pageErrors.push(e.message));
  return page;
}
