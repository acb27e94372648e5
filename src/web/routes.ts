/**
 * The web page at `/` and its files under `/web/`, served by passwatch itself (no CDN, no build
 * service): it works on a LAN with no internet. The page talks only to this server's `/v1` API.
 */
import { type Context, Hono } from 'hono';
import { matchesEtag } from '../format/etag.js';
import { type WebAsset, WebAssets } from './assets.js';

/**
 * Everything the page may load: its own origin only. No inline script or style, so an injected
 * string can never run; `data:` images are not needed either.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const shared = new WebAssets();

function send(c: Context, file: WebAsset): Response {
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    etag: file.etag,
    'cache-control': file.cache,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (file.contentType.startsWith('text/html')) {
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    headers['referrer-policy'] = 'no-referrer';
  }
  if (matchesEtag(c.req.header('if-none-match'), file.etag)) {
    return new Response(null, { status: 304, headers });
  }
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  if (gzip) headers['content-encoding'] = 'gzip';
  return new Response(gzip ? file.gzip : file.body, { status: 200, headers });
}

/**
 * The page as its own Hono app: `/` and `/web/*` (the page, its script, style, icon and world
 * outline). The composition root mounts it beside the API (`app.route('/', webApp())`); it knows
 * nothing of the API but its URLs.
 */
export function webApp(assets: WebAssets = shared): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    // The script is requested right after the HTML: start bundling it now.
    assets.get('/web/app.js').catch(() => {});
    return send(c, await assets.get('/'));
  });
  app.get('/web/:file', async (c) => {
    const path = `/web/${c.req.param('file')}`;
    if (!assets.has(path)) return c.notFound();
    return send(c, await assets.get(path));
  });
  return app;
}
