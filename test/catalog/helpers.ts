/**
 * Test helpers: a CelesTrak-shaped HTTP server on 127.0.0.1, fixtures, and a wired-up catalog
 * with a clock the test drives.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { openCatalog } from '../../src/catalog/service/index.js';
import { type Config, type Env, loadConfig } from '../../src/config/index.js';
import type { LogEvent } from '../../src/log.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A fixture's text: `catalog/satvisor-stations.json`, `elements/amateur.tle`; .gz is unpacked. */
export function fixture(path: string): string {
  const bytes = readFileSync(join(FIXTURES, path));
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** CelesTrak's answer when a query comes again before the data changed. */
export function notUpdatedText(query: string, atIso = '2026-11-24 10:00:00'): string {
  return `GP data has not updated since your last successful\r\ndownload of ${query} at ${atIso} UTC.\r\nData is updated once every 2 hours.\r\n`;
}

export const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>
`;

export interface Reply {
  status?: number;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Never answer (until the server closes). */
  hang?: boolean;
  /** Announce the full length, send this many bytes, then drop the connection. */
  dropAfterBytes?: number;
}

export interface SeenRequest {
  key: string;
  url: string;
  userAgent: string | undefined;
  format: string | null;
}

/**
 * An HTTP server shaped like CelesTrak's `gp.php`: replies are set per query key
 * (`GROUP=stations`, `CATNR=25544`) or per path (`/files/amateur.tle`). Unknown queries get
 * CelesTrak's 404 "No GP data found".
 */
export class FakeCelestrak {
  readonly requests: SeenRequest[] = [];
  private readonly replies = new Map<string, Reply | ((req: SeenRequest) => Reply)>();
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeCelestrak> {
    let self: FakeCelestrak | null = null;
    const server = createServer((req, res) => self!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new FakeCelestrak(server, `http://127.0.0.1:${port}`);
    return self;
  }

  set(key: string, reply: Reply | ((req: SeenRequest) => Reply)): void {
    this.replies.set(key, reply);
  }

  count(key: string): number {
    return this.requests.filter((r) => r.key === key).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    let key = url.pathname;
    if (url.pathname === '/NORAD/elements/gp.php') {
      const group = url.searchParams.get('GROUP');
      const catnr = url.searchParams.get('CATNR');
      key = group !== null ? `GROUP=${group}` : `CATNR=${catnr}`;
    }
    const seen: SeenRequest = {
      key,
      url: url.href,
      userAgent: req.headers['user-agent'],
      format: url.searchParams.get('FORMAT'),
    };
    this.requests.push(seen);
    const entry = this.replies.get(key);
    const reply: Reply =
      entry === undefined
        ? { status: 404, body: 'No GP data found', contentType: 'text/plain' }
        : typeof entry === 'function'
          ? entry(seen)
          : entry;
    if (reply.hang) return;
    const body = Buffer.from(reply.body ?? '');
    res.statusCode = reply.status ?? 200;
    res.setHeader('content-type', reply.contentType ?? 'text/plain; charset=utf-8');
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    if (reply.dropAfterBytes !== undefined) {
      res.setHeader('content-length', body.length);
      res.write(body.subarray(0, reply.dropAfterBytes), () => res.destroy());
      return;
    }
    res.end(body);
  }
}

/** A temporary directory. */
export function tempDir(prefix = 'passwatch-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A config from test env settings, with a fresh data directory unless one is given. */
export function testConfig(env: Env): Config {
  return loadConfig(
    { PASSWATCH_DATA_DIR: tempDir(), PASSWATCH_REFRESH_ON_START: 'false', ...env },
    { cwd: tempDir() },
  );
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public nowMs: number = Date.parse('2026-11-24T12:00:00Z')) {}
  readonly now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export const HOUR_MS = 3_600_000;

/** The catalog wired as in `startPasswatch` (store, refresher, in-memory catalog), no timers. */
export function wire(config: Config, clock: TestClock) {
  const events: LogEvent[] = [];
  const opened = openCatalog(config, { clock: clock.now, log: (e) => events.push(e) });
  opened.catalog.replaceAll(opened.store.loadObjects(), ['startup']);
  return { ...opened, events, config };
}

/** OMM JSON text of some records of a JSON fixture (optionally changed). */
export function ommJson(
  text: string,
  edit: (records: Record<string, unknown>[]) => Record<string, unknown>[] = (r) => r,
): string {
  return JSON.stringify(edit(JSON.parse(text) as Record<string, unknown>[]));
}
