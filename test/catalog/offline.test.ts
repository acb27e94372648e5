/**
 * Recovery from an offline start: a fetch that never reached the server (connection refused,
 * timeout before any answer) is retried within minutes, growing, capped; an HTTP error answer
 * keeps the policy backoff; `refresh --force` skips only the network wait, never the 2-hour rule.
 * A real HTTP server on 127.0.0.1 (port 0) that first refuses connections, then serves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { networkRetryMs, type SourceReport } from '../../src/catalog/index.js';
import { openCatalog } from '../../src/catalog/service/index.js';
import { type LogEvent, startPasswatch } from '../../src/main.js';
import { fixture, HOUR_MS, ommJson, TestClock, testConfig } from './helpers.js';

const STATIONS_JSON = fixture('catalog/satvisor-stations.json');
const MINUTE_MS = 60_000;

/** A CelesTrak-like server that can be switched off (connections refused) and on. */
class Flaky {
  private server: Server | null = null;
  status = 200;
  requests = 0;
  body = STATIONS_JSON;
  private constructor(readonly port: number) {}

  /** A port that nothing listens on yet (bound on port 0, then released). */
  static async reserve(): Promise<Flaky> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new Flaky(port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const server = createServer((_req, res) => {
      this.requests++;
      res.statusCode = this.status;
      res.setHeader('content-type', this.status === 200 ? 'application/json' : 'text/plain');
      res.end(this.status === 200 ? this.body : 'Internal Server Error');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Timers the test fires by hand, in order. */
class ManualTimers {
  pending: { run: () => void; delayMs: number; cancelled: boolean }[] = [];
  readonly set = (run: () => void, delayMs: number): (() => void) => {
    const t = { run, delayMs, cancelled: false };
    this.pending.push(t);
    return () => {
      t.cancelled = true;
    };
  };
  /** Fire the next live timer; returns its delay. */
  fire(): number {
    const t = this.pending.find((x) => !x.cancelled);
    if (!t) throw new Error('no timer pending');
    this.pending = this.pending.filter((x) => x !== t);
    t.run();
    return t.delayMs;
  }
  get live(): number {
    return this.pending.filter((x) => !x.cancelled).length;
  }
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const flaky = await Flaky.reserve();
  cleanup.push(() => flaky.down());
  const clock = new TestClock(Date.parse('2026-11-24T12:00:00Z'));
  const timers = new ManualTimers();
  const events: LogEvent[] = [];
  const config = testConfig({
    PASSWATCH_CELESTRAK_URL: flaky.url,
    PASSWATCH_GROUPS: 'stations',
    PASSWATCH_FETCH_TIMEOUT_SECONDS: '2',
  });
  const opened = openCatalog(config, {
    clock: clock.now,
    log: (e) => events.push(e),
    setTimer: timers.set,
  });
  cleanup.push(async () => {
    await opened.refresher.stop();
    opened.store.close();
  });
  return { flaky, clock, timers, config, ...opened };
}

describe('a fetch that never reached the server', () => {
  it('is retried within minutes, growing and capped, and loads once the network is up', async () => {
    const { flaky, clock, timers, refresher, store } = await setup();
    const [first] = await refresher.refresh();
    expect(first).toMatchObject({ outcome: 'failed', networkFailure: true });
    expect(first!.reason).toMatch(/^network: request failed: ECONNREFUSED$/);
    expect(first!.nextAttemptMs).toBe(first!.finishedMs + MINUTE_MS);
    // The attempt did not count for CelesTrak's 2-hour rule: it never reached CelesTrak.
    expect(store.sourceState('celestrak:stations')!.lastAttemptMs).toBeNull();

    // Still offline: the retries come after 1, 2, 4, 8, 15, 15 minutes.
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(timers.live).toBe(1);
      const delay = timers.pending.find((t) => !t.cancelled)!.delayMs;
      delays.push(delay);
      clock.advance(delay);
      timers.fire();
      await refresher.idle();
    }
    expect(delays).toEqual([1, 2, 4, 8, 15, 15].map((m) => m * MINUTE_MS));
    expect(store.sourceState('celestrak:stations')!.failures).toBe(7);

    // The network comes up: the next retry, at most 15 minutes later, loads the elements.
    await flaky.up();
    const delay = timers.pending.find((t) => !t.cancelled)!.delayMs;
    expect(delay).toBeLessThanOrEqual(15 * MINUTE_MS);
    clock.advance(delay);
    timers.fire();
    await refresher.idle();
    expect(flaky.requests).toBe(1);
    expect(store.sourceState('celestrak:stations')).toMatchObject({
      lastOutcome: 'updated',
      failures: 0,
      retryAfterMs: null,
      origin: 'network',
    });
    expect(store.loadObjects().length).toBe(JSON.parse(STATIONS_JSON).length);
    expect(timers.live).toBe(0);
  });

  it('counts a timeout before any answer as a network failure', async () => {
    const w = await setup();
    // A server that accepts the connection and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(w.flaky.port, '127.0.0.1', resolve));
    cleanup.push(() => {
      silent.closeAllConnections();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const [report] = await w.refresher.refresh();
    expect(report).toMatchObject({ outcome: 'failed', networkFailure: true });
    expect(report!.reason).toBe('network: timed out after 2 s');
    expect(report!.nextAttemptMs - report!.finishedMs).toBe(MINUTE_MS);
  });

  it('is not an HTTP error answer: a 500 keeps the 2-hour backoff and schedules nothing', async () => {
    const { flaky, refresher, timers, store } = await setup();
    flaky.status = 500;
    await flaky.up();
    const [report] = await refresher.refresh();
    expect(report).toMatchObject({ outcome: 'failed', reason: 'HTTP 500: Internal Server Error' });
    expect(report!.networkFailure).toBeUndefined();
    expect(store.sourceState('celestrak:stations')!.retryAfterMs).toBe(
      report!.finishedMs + 2 * HOUR_MS,
    );
    expect(timers.live).toBe(0);
  });

  it('grows from 1 minute by doubling to a 15-minute cap', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => networkRetryMs(n, {}) / MINUTE_MS)).toEqual([
      1, 2, 4, 8, 15, 15, 15,
    ]);
  });
});

describe('refresh --force', () => {
  it('retries a source whose last failure was a network failure, at once', async () => {
    const { flaky, clock, refresher } = await setup();
    await refresher.refresh();
    clock.advance(10_000);
    expect((await refresher.refresh())[0]!.outcome).toBe('skipped');
    await flaky.up();
    const [forced] = await refresher.refresh({ force: true });
    expect(forced!.outcome).toBe('updated');
    expect(flaky.requests).toBe(1);
  });

  it('never breaks the 2-hour rule after a successful download, even after a network failure', async () => {
    const { flaky, clock, refresher, store } = await setup();
    await flaky.up();
    const [ok] = await refresher.refresh();
    expect(ok!.outcome).toBe('updated');
    const downloadedAt = clock.nowMs;
    const reports: SourceReport[] = [];
    // The network goes away; two hours later a due refresh fails without reaching CelesTrak.
    await flaky.down();
    clock.advance(2 * HOUR_MS);
    reports.push(...(await refresher.refresh()));
    expect(reports[0]).toMatchObject({ outcome: 'failed', networkFailure: true });
    // The failed attempt does not move the 2-hour floor: the last contact is the download.
    expect(store.sourceState('celestrak:stations')!.lastAttemptMs).toBe(downloadedAt);
    // The network is back: --force retries at once and downloads.
    await flaky.up();
    const [forced] = await refresher.refresh({ force: true });
    expect(forced!.outcome).toBe('updated');
    expect(flaky.requests).toBe(2);
    // Right after that download, --force cannot make passwatch ask again.
    clock.advance(HOUR_MS);
    const [again] = await refresher.refresh({ force: true });
    expect(again!.outcome).toBe('skipped');
    expect(again!.reason).toMatch(/CelesTrak's data changes at most every 2 hours/);
    expect(flaky.requests).toBe(2);
  });
});

describe('a container started before its network is up', () => {
  it('has fresh elements within minutes of the network coming up', async () => {
    const flaky = await Flaky.reserve();
    cleanup.push(() => flaky.down());
    // CelesTrak's answer once the network is up: the ISS with a recent epoch.
    flaky.body = ommJson(STATIONS_JSON, (records) =>
      records.map((r) => (r.NORAD_CAT_ID === 25544 ? { ...r, EPOCH: '2026-11-24T06:00:00' } : r)),
    );
    const clock = new TestClock(Date.parse('2026-11-24T12:00:00Z'));
    const timers = new ManualTimers();
    const handle = await startPasswatch({
      config: testConfig({
        PASSWATCH_CELESTRAK_URL: flaky.url,
        PASSWATCH_GROUPS: 'stations',
        PASSWATCH_FETCH_TIMEOUT_SECONDS: '2',
      }),
      clock: clock.now,
      log: () => {},
      refreshOnStart: true,
      setTimer: timers.set,
      alerts: false,
    });
    cleanup.push(() => handle.stop());
    const [start] = await handle.startupRefresh!;
    expect(start).toMatchObject({ outcome: 'failed', networkFailure: true });
    // The bundled snapshot serves meanwhile: old, stale elements.
    const iss = handle.catalog.get(25544)!;
    expect(iss.stale).toBe(true);
    // One minute later: still offline, the retry fails too.
    const startedAt = clock.nowMs;
    clock.advance(timers.pending.find((t) => !t.cancelled)!.delayMs);
    timers.fire();
    await handle.refresher.idle();
    expect(handle.catalog.get(25544)!.elements.epochMs).toBe(iss.elements.epochMs);
    // The network comes up; the next retry (2 minutes later) loads fresh elements.
    await flaky.up();
    clock.advance(timers.pending.find((t) => !t.cancelled)!.delayMs);
    timers.fire();
    await handle.refresher.idle();
    expect(clock.nowMs - startedAt).toBe(3 * MINUTE_MS);
    const fresh = handle.catalog.get(25544)!;
    expect(fresh.elements.epochIso).toBe('2026-11-24T06:00:00.000000Z');
    expect(fresh.stale).toBe(false);
    expect(flaky.requests).toBe(1);
  });
});
