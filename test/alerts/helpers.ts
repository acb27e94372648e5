/**
 * Alerts test helpers: a driven clock with its timers, a real HTTP receiver on 127.0.0.1, a real
 * mosquitto broker on a free loopback port, scripted passes, and passwatch wired with alerts.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PassSource } from '../../src/alerts/index.js';
import type { TimerHandle, Timers } from '../../src/alerts/time.js';
import { createApp } from '../../src/api/app.js';
import type { CatalogRecord } from '../../src/catalog/index.js';
import type { Env } from '../../src/config/index.js';
import type { PassPoint, PredictedPass } from '../../src/core/passes/index.js';
import { type LogEvent, startPasswatch } from '../../src/main.js';
import type { PassQuery } from '../../src/predict/many.js';
import type { PassItem } from '../../src/predict/predictions.js';
import { tempDir, testConfig } from '../catalog/helpers.js';

/** One day after the snapshot's download: its elements are fresh. */
export const NOW = Date.parse('2026-08-22T12:00:00Z');
export const TOKEN = 'secret-token-0123456789';
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export const HOME = {
  lat: 52,
  lon: 5,
  alt: 10,
  minElevation: 0,
  timezone: 'Europe/Amsterdam',
};

/** A clock and timers the test moves: hours of timers run in milliseconds. */
export class FakeTime implements Timers {
  private seq = 0;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  constructor(public nowMs: number = NOW) {}
  readonly now = (): number => this.nowMs;

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.queue.set(id, { at: this.nowMs + Math.max(0, ms), fn });
    return { timer: id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.queue.delete(handle.timer as number);
  }

  /** Earliest pending timer, or null. */
  next(): number | null {
    let best: number | null = null;
    for (const t of this.queue.values()) if (best === null || t.at < best) best = t.at;
    return best;
  }

  /**
   * Move the clock forward by `ms`, running each timer at its own time (in order) and waiting
   * for `settle` (async work such as HTTP deliveries) after each.
   */
  async advance(ms: number, settle: () => Promise<void> = async () => {}): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      await settle();
      let id: number | null = null;
      let at = Number.POSITIVE_INFINITY;
      for (const [k, t] of this.queue) {
        if (t.at < at) {
          at = t.at;
          id = k;
        }
      }
      if (id === null || at > target) break;
      const t = this.queue.get(id)!;
      this.queue.delete(id);
      this.nowMs = Math.max(this.nowMs, t.at);
      t.fn();
    }
    this.nowMs = target;
    await settle();
  }
}

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  json: any;
  /** Real time of arrival (Date.now()). */
  atMs: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Never answer (until the receiver closes). */
  hang?: boolean;
  /** Answer after this many real milliseconds. */
  delayMs?: number;
}

/** A real HTTP server on 127.0.0.1 recording every request. */
export class Receiver {
  readonly received: Received[] = [];
  reply: (r: Received, index: number) => Reply = () => ({ status: 204 });
  private waiters: (() => void)[] = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<Receiver> {
    let self: Receiver | null = null;
    const server = createServer((req, res) => self!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new Receiver(server, (server.address() as AddressInfo).port);
    return self;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Bodies (parsed) of requests to one path. */
  bodies(path = '/hook'): any[] {
    return this.received.filter((r) => r.path === path).map((r) => r.json);
  }

  /** Waits for `count` requests (at most `timeoutMs`: generous, a busy machine is slow). */
  async waitFor(count: number, timeoutMs = 50_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`only ${this.received.length} of ${count} requests arrived`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const r: Received = {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://x').pathname,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(', ') : (v ?? ''),
          ]),
        ),
        body,
        json,
        atMs: Date.now(),
      };
      const index = this.received.length;
      this.received.push(r);
      for (const w of this.waiters.splice(0)) w();
      const reply = this.reply(r, index);
      if (reply.hang) return;
      const send = () => {
        res.writeHead(reply.status ?? 204, reply.headers ?? {});
        res.end();
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on (just freed). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const MOSQUITTO = '/usr/sbin/mosquitto';

/**
 * A real mosquitto broker on a free loopback port, with a temporary config. The port is picked
 * before mosquitto binds it, so another process may take it meanwhile: mosquitto then exits with
 * "Address already in use" and the broker is started again on another port.
 */
export async function startMosquitto(): Promise<{
  url: string;
  port: number;
  stop: () => Promise<void>;
}> {
  const dir = tempDir('passwatch-mosquitto-');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = await startMosquittoOn(port, join(dir, `mosquitto-${attempt}.conf`));
    if (started !== 'port taken') return started;
    if (attempt === 10) throw new Error('mosquitto found 10 free ports taken before it bound them');
  }
}

/** mosquitto on `port` (config written to `conf`), or `port taken` when something else has it. */
export async function startMosquittoOn(
  port: number,
  conf: string,
): Promise<'port taken' | { url: string; port: number; stop: () => Promise<void> }> {
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  // Ready when mosquitto says it runs (it has bound the port: a connection could reach another
  // process that took the port); done when it exits first.
  const outcome = await new Promise<'running' | 'exited' | 'silent'>((resolve) => {
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (/ running$/m.test(stderr)) resolve('running');
    });
    child.once('exit', () => resolve('exited'));
    // Generous (a busy machine is slow), and below the hook timeout so the broker is not left.
    setTimeout(() => resolve('silent'), 50_000).unref();
  });
  if (outcome === 'silent') {
    child.kill('SIGKILL');
    throw new Error(`mosquitto said nothing of running on port ${port}: ${stderr}`);
  }
  if (outcome === 'exited') {
    if (/Address already in use/.test(stderr)) return 'port taken';
    throw new Error(`mosquitto did not start on port ${port}: ${stderr}`);
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // mosquitto 2.0 ignores a SIGTERM that arrives just after it says "running" (about one
      // time in two when a test stops it at once): kill it if it has not gone within 2 s.
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** A pass point. */
export function point(timeMs: number, azimuthDeg: number, elevationDeg: number): PassPoint {
  return { timeMs, azimuthDeg, elevationDeg, rangeKm: 1000 };
}

/** A made-up pass: AOS at `aosMs`, 10 minutes long, TCA in the middle. */
export function scriptedPass(
  noradId: number,
  aosMs: number,
  options: { maxElevation?: number; visible?: [number, number] | null; durationMs?: number } = {},
): PredictedPass {
  const duration = options.durationMs ?? 10 * MINUTE;
  const maxEl = options.maxElevation ?? 45;
  const tca = point(aosMs + duration / 2, 180, maxEl);
  return {
    noradId,
    aos: point(aosMs, 200, 0),
    tca,
    los: point(aosMs + duration, 90, 0),
    maxElevationDeg: maxEl,
    durationSeconds: duration / 1000,
    truncated: false,
    culminations: [tca],
    visible: options.visible
      ? [
          {
            start: point(options.visible[0], 190, 10),
            end: point(options.visible[1], 100, 5),
            brightestMagnitude: -2,
            brightest: { ...tca, magnitude: -2 },
          },
        ]
      : [],
  };
}

/**
 * A pass source the test scripts: passes per NORAD id as (revolution, pass); only those inside
 * the query's window are returned.
 */
export class ScriptedPasses implements PassSource {
  passes = new Map<number, { revolution: number | null; pass: PredictedPass }[]>();
  calls = 0;
  async find(records: readonly CatalogRecord[], query: PassQuery) {
    this.calls++;
    const items: PassItem[] = [];
    for (const record of records) {
      for (const p of this.passes.get(record.noradId) ?? []) {
        if (p.pass.tca.timeMs < query.startMs || p.pass.tca.timeMs >= query.endMs) continue;
        if (query.visibleOnly && p.pass.visible.length === 0) continue;
        items.push({ record, pass: p.pass, revolution: p.revolution });
      }
    }
    return { items, errors: [] };
  }
}

export interface AlertsTestOptions {
  /** The `alerts` section (merged over the defaults). */
  alerts?: Record<string, unknown>;
  env?: Env;
  passSource?: PassSource;
  time?: FakeTime;
  dataDir?: string;
  /** More top-level settings of the config file (e.g. `stations`). */
  config?: Record<string, unknown>;
}

/** passwatch (bundled snapshot, no network) with alerts on a driven clock, and its API app. */
export async function alertsUnderTest(o: AlertsTestOptions = {}) {
  const time = o.time ?? new FakeTime();
  const dir = tempDir();
  const file = join(dir, 'passwatch.json');
  writeFileSync(
    file,
    JSON.stringify({ observers: { home: HOME }, alerts: o.alerts ?? {}, ...o.config }),
  );
  const config = testConfig({
    PASSWATCH_CONFIG: file,
    PASSWATCH_ADMIN_TOKEN: TOKEN,
    ...(o.dataDir ? { PASSWATCH_DATA_DIR: o.dataDir } : {}),
    ...o.env,
  });
  const logs: LogEvent[] = [];
  const handle = await startPasswatch({
    config,
    clock: time.now,
    log: (e) => logs.push(e),
    schedule: false,
    refreshOnStart: false,
    alerts: {
      timers: time,
      random: () => 0.5,
      ...(o.passSource ? { passSource: o.passSource } : {}),
    },
  });
  const alerts = handle.alerts!;
  const { app } = createApp({
    config: handle.config,
    catalog: handle.catalog,
    clock: time.now,
    sources: () => handle.refresher.status(),
    ready: () => handle.catalog.size > 0,
    log: () => {},
    alerts,
  });
  const api = async (
    method: string,
    path: string,
    body?: unknown,
    token: string | null = TOKEN,
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await app.request(path, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json, res };
  };
  const settle = () => alerts.idle();
  return {
    time,
    handle,
    alerts,
    app,
    api,
    logs,
    config,
    /** Drive the clock, letting deliveries finish between timers. */
    advance: (ms: number) => time.advance(ms, settle),
    stop: () => handle.stop(),
  };
}

/** A subscription body for the ISS from `home` to a webhook. */
export function issSubscription(url: string, extra: Record<string, unknown> = {}) {
  return {
    observer: 'home',
    satellites: [25544],
    events: [
      { type: 'pass.upcoming', leadMinutes: 10 },
      { type: 'pass.aos' },
      { type: 'pass.los' },
    ],
    webhook: { url },
    ...extra,
  };
}

/**
 * The set-up the alert test files share: one real receiver for the file (emptied, and answering
 * 204 again, after each test), and `start(…)`: passwatch with alerts (`alertsUnderTest`), stopped
 * after the test that started it.
 */
export function alertsTestFile(): {
  readonly receiver: Receiver;
  start(o?: AlertsTestOptions): ReturnType<typeof alertsUnderTest>;
} {
  let receiver: Receiver | null = null;
  const started: Awaited<ReturnType<typeof alertsUnderTest>>[] = [];
  beforeAll(async () => {
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  afterEach(async () => {
    for (const t of started.splice(0)) await t.stop();
    if (receiver) {
      receiver.received.length = 0;
      receiver.reply = () => ({ status: 204 });
    }
  });
  return {
    get receiver(): Receiver {
      if (!receiver) throw new Error('the receiver starts before the tests (beforeAll)');
      return receiver;
    },
    async start(o?: AlertsTestOptions) {
      const t = await alertsUnderTest(o);
      started.push(t);
      return t;
    },
  };
}
