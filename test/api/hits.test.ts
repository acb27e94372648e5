/**
 * Cache hits answered in Node's request listener (`hits.ts`) answer exactly as the app does: one
 * app and cache served on two real sockets, one with the fast path and one without, asked the same
 * requests; status, headers (less Date), body, 304, metrics and log lines must be the same, and
 * guarded or CORS requests must still go through the app.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import type { ApiContext, App } from '../../src/api/context.js';
import type { EarlyAnswer } from '../../src/api/hits.js';
import { requestKey } from '../../src/api/respond.js';
import { listen, type RunningServer } from '../../src/api/server.js';
import type { Env } from '../../src/config/index.js';
import { startPasswatch } from '../../src/main.js';
import { alertsUnderTest, TOKEN } from '../alerts/helpers.js';
import { TestClock, testConfig } from '../catalog/helpers.js';
import { NOW } from './helpers.js';

interface Pair {
  context: ApiContext;
  logs: Record<string, unknown>[];
  /** Requests the Hono app itself handled, per server. */
  appCalls: { slow: number; fast: number };
  slow: RunningServer;
  fast: RunningServer;
  clock: TestClock;
  stop(): Promise<void>;
}

/** One app served twice: without (`slow`) and with (`fast`) the listener's cache hits. */
async function servedTwice(
  build: (
    log: (e: Record<string, unknown>) => void,
    clock: TestClock,
  ) => Promise<{
    app: App;
    context: ApiContext;
    hits: EarlyAnswer;
    stop: () => Promise<void>;
  }>,
): Promise<Pair> {
  const logs: Record<string, unknown>[] = [];
  const clock = new TestClock(NOW);
  const { app, context, hits, stop } = await build((e) => logs.push(e), clock);
  const appCalls = { slow: 0, fast: 0 };
  const counted = (which: 'slow' | 'fast') =>
    ({
      fetch: (request: Request, env: unknown) => {
        appCalls[which]++;
        return app.fetch(request, env);
      },
    }) as unknown as App;
  const slow = await listen(counted('slow'), '127.0.0.1', 0);
  const fast = await listen(counted('fast'), '127.0.0.1', 0, hits);
  return {
    context,
    logs,
    appCalls,
    slow,
    fast,
    clock,
    stop: async () => {
      await slow.close();
      await fast.close();
      await stop();
    },
  };
}

async function plainApi(env: Env = {}) {
  return servedTwice(async (log, clock) => {
    const handle = await startPasswatch({
      config: testConfig(env),
      clock: clock.now,
      log: () => {},
      schedule: false,
      refreshOnStart: false,
    });
    const built = createApp({
      config: handle.config,
      catalog: handle.catalog,
      clock: clock.now,
      sources: () => handle.refresher.status(),
      ready: () => handle.catalog.size > 0,
      log,
    });
    return { ...built, stop: () => handle.stop() };
  });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The log lines of this request, less their duration. */
  logged: Record<string, unknown>[];
  /** The change in `passwatch_http_requests_total` and cache hits. */
  counted: string[];
  /** Whether the Hono app handled it. */
  viaApp: boolean;
}

function requestCounts(context: ApiContext): Map<string, number> {
  const text = context.metrics.render([{ name: 'hits', help: '', value: context.cache.hits }]);
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(passwatch_http_requests_total\{[^}]*\}|hits) (\d+)$/.exec(line);
    if (m) counts.set(m[1]!, Number(m[2]));
  }
  return counts;
}

async function ask(
  pair: Pair,
  which: 'slow' | 'fast',
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const server = pair[which];
  const logsBefore = pair.logs.length;
  const countsBefore = requestCounts(pair.context);
  const callsBefore = pair.appCalls[which];
  // node:http sends the target as written (fetch would resolve dot segments first).
  const res = await new Promise<{ status: number; headers: Record<string, string>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path,
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string> | undefined,
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (name !== 'date') headers[name] = String(value);
            }
            resolve({ status: response.statusCode ?? 0, headers, body });
          });
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
  const { body, headers } = res;
  // The log line is written after the answer: wait for it.
  await expect.poll(() => pair.logs.length).toBeGreaterThan(logsBefore);
  const logged = pair.logs.slice(logsBefore).map(({ ms: _ms, ...rest }) => rest);
  const counted: string[] = [];
  for (const [k, v] of requestCounts(pair.context)) {
    const d = v - (countsBefore.get(k) ?? 0);
    if (d !== 0) counted.push(`${k} +${d}`);
  }
  return {
    status: res.status,
    headers,
    body,
    logged,
    counted,
    viaApp: pair.appCalls[which] > callsBefore,
  };
}

/** Ask both servers; their answers must be the same but for who handled it. */
async function same(
  pair: Pair,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
  emptyCache = false,
) {
  if (emptyCache) pair.context.cache.clear();
  const slow = await ask(pair, 'slow', path, init);
  if (emptyCache) pair.context.cache.clear();
  const fast = await ask(pair, 'fast', path, init);
  const { viaApp: slowViaApp, ...slowAnswer } = slow;
  const { viaApp: fastViaApp, ...fastAnswer } = fast;
  expect(fastAnswer, path).toStrictEqual(slowAnswer);
  expect(slowViaApp).toBe(true);
  return { answer: slowAnswer, fastViaApp };
}

const PASSES = '/v1/satellites/25544/passes?start=2026-08-22T00:00:00Z&lat=52&lon=5&days=1';

describe('cache hits in the request listener', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await plainApi();
  });
  afterAll(async () => {
    await pair.stop();
  });

  it('answers a hit as the app does, without the app: status, headers, body, metrics, log', async () => {
    const first = await ask(pair, 'slow', PASSES);
    expect(first.status).toBe(200);
    const { answer, fastViaApp } = await same(pair, PASSES);
    expect(fastViaApp).toBe(false);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(answer.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(answer.counted).toStrictEqual([
      'passwatch_http_requests_total{method="GET",route="/v1/satellites/:noradId/passes",status="200"} +1',
      'hits +1',
    ]);
    expect(answer.logged).toStrictEqual([
      {
        event: 'request',
        method: 'GET',
        route: '/v1/satellites/:noradId/passes',
        path: '/v1/satellites/25544/passes',
        status: 200,
      },
    ]);
  });

  it('answers 304 to a matching If-None-Match (also weak, listed, or *), 200 to another', async () => {
    const { answer } = await same(pair, PASSES);
    const etag = answer.headers.etag!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const r = await same(pair, PASSES, { headers: { 'if-none-match': ifNoneMatch } });
      expect(r.answer.status, ifNoneMatch).toBe(304);
      expect(r.answer.body).toBe('');
      expect(r.fastViaApp).toBe(false);
    }
    const other = await same(pair, PASSES, { headers: { 'if-none-match': '"other"' } });
    expect(other.answer.status).toBe(200);
    expect(other.answer.body).toBe(answer.body);
  });

  it('finds the same entry whatever the order of the parameters', async () => {
    const reordered = '/v1/satellites/25544/passes?days=1&lon=5&lat=52&start=2026-08-22T00:00:00Z';
    const r = await same(pair, reordered);
    expect(r.fastViaApp).toBe(false);
    expect(r.answer.body).toBe((await ask(pair, 'slow', PASSES)).body);
  });

  it('caps max-age at the end of the minute for an answer about now', async () => {
    const aboutNow = '/v1/satellites/25544/passes?lat=52&lon=5&days=1';
    pair.clock.nowMs = NOW + 15_000;
    await ask(pair, 'slow', aboutNow);
    const r = await same(pair, aboutNow);
    expect(r.fastViaApp).toBe(false);
    expect(r.answer.headers['cache-control']).toBe('public, max-age=45');
    pair.clock.nowMs = NOW;
  });

  it('leaves misses, HEAD, escaped or dotted targets and unknown satellites to the app', async () => {
    await ask(pair, 'slow', PASSES);
    const miss = await same(
      pair,
      '/v1/satellites/25544/passes?start=2026-08-22T00:00:00Z&lat=53&lon=5&days=1',
      {},
      true,
    );
    expect(miss.fastViaApp).toBe(true);
    await ask(pair, 'slow', PASSES);
    const cases: [string, { method?: string }][] = [
      [PASSES, { method: 'HEAD' }],
      [PASSES.replace('start=2026-08-22T00:00:00Z', 'start=2026-08-22T00%3A00%3A00Z'), {}],
      [PASSES.replace('/v1/satellites/', '/v1/x/../satellites/'), {}],
      ['/v1/satellites/99999999/passes?lat=52&lon=5', {}],
    ];
    for (const [path, init] of cases) {
      const r = await same(pair, path, init);
      expect(r.fastViaApp, `${init.method ?? 'GET'} ${path}`).toBe(true);
    }
  });

  it('refuses a guarded path without the token even when a cached entry matches its key', async () => {
    const t = await alertsUnderTest();
    const guardedPair = await servedTwice(async (log) => {
      const built = createApp({
        config: t.handle.config,
        catalog: t.handle.catalog,
        clock: t.time.now,
        sources: () => t.handle.refresher.status(),
        ready: () => t.handle.catalog.size > 0,
        log,
        alerts: t.alerts,
      });
      return { ...built, stop: () => t.stop() };
    });
    try {
      // Plant an entry under the key a GET of the subscriptions would have.
      const path = '/v1/subscriptions';
      const { key } = requestKey(guardedPair.context, `http://127.0.0.1${path}`, t.time.now());
      guardedPair.context.cache.set(key, {
        status: 200,
        body: '{"planted":true}',
        contentType: 'application/json',
        route: path,
        maxAge: 60,
      });
      const refused = await same(guardedPair, path);
      expect(refused.answer.status).toBe(401);
      expect(refused.fastViaApp).toBe(true);
      const allowed = await same(guardedPair, path, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(allowed.fastViaApp).toBe(true);
    } finally {
      await guardedPair.stop();
    }
  });
});

describe('cache hits with CORS configured', () => {
  it('go through the app, which adds the cross-origin headers', async () => {
    const pair = await plainApi({ PASSWATCH_CORS_ORIGINS: 'https://example.org' });
    try {
      await ask(pair, 'slow', PASSES);
      const r = await same(pair, PASSES, { headers: { origin: 'https://example.org' } });
      expect(r.answer.status).toBe(200);
      expect(r.answer.headers['access-control-allow-origin']).toBe('https://example.org');
      expect(r.fastViaApp).toBe(true);
    } finally {
      await pair.stop();
    }
  });
});

describe('a fault in the fast path', () => {
  it('is answered by the app instead of taking the server down', async () => {
    const app = { fetch: (r: Request) => new Response(`app ${new URL(r.url).pathname}`) };
    const server = await listen(app as unknown as App, '127.0.0.1', 0, () => {
      throw new Error('broken fast path');
    });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/v1/x`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('app /v1/x');
    } finally {
      await server.close();
    }
  });
});
