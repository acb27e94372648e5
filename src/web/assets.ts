/**
 * The page's files, prepared once per process and kept in memory: the client bundled from
 * TypeScript with esbuild (at install into dist/ by scripts/build.js, or on first use when run
 * from the sources), the static HTML and icon, the stylesheet joined from its parts, and the world
 * outline. Each carries an ETag and a gzip copy.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BUILT } from '../build-mode.js';

export interface WebAsset {
  body: Uint8Array;
  gzip: Uint8Array;
  etag: string;
  contentType: string;
  /** `Cache-Control` value. */
  cache: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The client entry point (bundled into `/web/app.js`). */
export const CLIENT_ENTRY = here('./client/main.ts');

/** The client bundled at install by scripts/build.js, served when running from the build. */
export const BUILT_CLIENT = here('../../dist/web/app.js');

/** Bundle the client: one minified ES module (scripts/build.js does the same at install). */
export async function bundleClient(entry = CLIENT_ENTRY): Promise<string> {
  // Loaded only here: the build (dist/) serves the client bundled at install and never needs it.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the web client');
  return file.text;
}

function asset(text: string | Buffer, contentType: string, cache: string): WebAsset {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return {
    body: new Uint8Array(body),
    gzip: new Uint8Array(gzipSync(body, { level: 9 })),
    etag: `"${hash}"`,
    contentType,
    cache,
  };
}

/**
 * The page's stylesheet, one file per part of the page under `static/css/`, served as one
 * `/web/app.css` (one request, one ETag) joined in this order: later parts override earlier
 * ones, so the themes come first and the phone layout after the views it adapts.
 */
export const STYLESHEET_PARTS = [
  'theme.css',
  'base.css',
  'settings.css',
  'passes.css',
  'charts.css',
  'transits.css',
  'now.css',
  'map.css',
  'phones.css',
  'station.css',
  'events.css',
] as const;

/** The stylesheet's parts joined in `STYLESHEET_PARTS` order. */
export async function stylesheet(): Promise<string> {
  const parts = await Promise.all(
    STYLESHEET_PARTS.map((name) => readFile(here(`./static/css/${name}`), 'utf8')),
  );
  return parts.join('\n');
}

/** Revalidate on every use (cheap with the ETag): a restarted server may serve a new page. */
const REVALIDATE = 'no-cache';
const DAY = 'public, max-age=86400';

type Loader = () => Promise<WebAsset>;

/** Every file of the page by URL path. */
export const WEB_FILES: Record<string, Loader> = {
  '/': async () =>
    asset(await readFile(here('./static/index.html')), 'text/html; charset=utf-8', REVALIDATE),
  '/web/app.js': async () =>
    asset(
      BUILT ? await readFile(BUILT_CLIENT, 'utf8') : await bundleClient(),
      'text/javascript; charset=utf-8',
      REVALIDATE,
    ),
  '/web/app.css': async () => asset(await stylesheet(), 'text/css; charset=utf-8', REVALIDATE),
  '/web/icon.svg': async () =>
    asset(await readFile(here('./static/icon.svg')), 'image/svg+xml', DAY),
  '/web/land.json': async () =>
    asset(
      await readFile(here('../../assets/web/land-110m.json')),
      'application/json; charset=utf-8',
      DAY,
    ),
};

/** Loads each file once; a failed load is retried on the next request. */
export class WebAssets {
  private readonly loaded = new Map<string, Promise<WebAsset>>();

  constructor(private readonly files: Record<string, Loader> = WEB_FILES) {}

  has(path: string): boolean {
    return Object.hasOwn(this.files, path);
  }

  get(path: string): Promise<WebAsset> {
    let p = this.loaded.get(path);
    if (!p) {
      const load = this.files[path];
      if (!load) return Promise.reject(new Error(`no web file ${path}`));
      p = load();
      p.catch(() => this.loaded.delete(path));
      this.loaded.set(path, p);
    }
    return p;
  }
}
