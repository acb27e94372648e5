import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  CommandLog,
  formatLogEntry,
  HamlibConnection,
  RigctldClient,
  RotctldClient,
} from '../../../src/station/hamlib/index.js';
import { Daemon, stopAllDaemons } from '../../helpers/hamlib.js';
import { settledPosition } from './settle.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIMITS = { azimuthMinDeg: -180, azimuthMaxDeg: 450, elevationMinDeg: 0, elevationMaxDeg: 90 };
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
afterAll(stopAllDaemons);

/** Resolves when `check` holds, polling; throws after `maxMs`. */
async function until(check: () => boolean, what: string, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A TCP server on port 0 that hands each connection to `onSocket`. */
async function rawServer(onSocket: (s: Socket) => void): Promise<Server> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return server;
}

const portOf = (server: Server) => {
  const a = server.address();
  return typeof a === 'object' && a ? a.port : 0;
};

describe('backoff', () => {
  it('doubles from the first wait up to the cap', () => {
    const policy = { initialMs: 500, factor: 2, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(policy, n))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });
});

describe('a daemon that is never up', () => {
  it('logs each failed attempt, waits longer each time, answers commands with errors, never throws', async () => {
    const absent = await Daemon.absent('rotctld');
    const log = new CommandLog(200);
    const events: Record<string, unknown>[] = [];
    const rot = new RotctldClient({
      host: '127.0.0.1',
      port: absent.port,
      limits: LIMITS,
      log,
      backoff: { initialMs: 20, factor: 2, maxMs: 1000 },
      onEvent: (e) => events.push(e),
    });
    closers.push(() => rot.close());
    const first = await rot.setPosition({ azimuthDeg: 10, elevationDeg: 10 });
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error.kind).toBe('not-connected');
    expect(!first.ok && first.error.message).toMatch(/ECONNREFUSED/);
    await until(() => rot.status().failedAttempts >= 5, 'five failed attempts');
    // Commands meanwhile fail at once, without waiting for the daemon.
    const meanwhile = await rot.getPosition();
    expect(!meanwhile.ok && meanwhile.error.kind).toBe('not-connected');
    const waits = log
      .entries()
      .flatMap((e) => (e.type === 'state' && e.state === 'backoff' ? [e.retryInMs] : []));
    expect(waits.slice(0, 5)).toEqual([20, 40, 80, 160, 320]);
    expect(log.entries().filter((e) => e.type === 'error' && e.kind === 'connect').length).toBe(
      rot.status().failedAttempts,
    );
    expect(events.filter((e) => e.state === 'connect-failed').length).toBeGreaterThanOrEqual(5);
    expect(rot.status()).toMatchObject({
      state: expect.stringMatching(/backoff|connecting/),
      connects: 0,
    });
  });
});

describe('a daemon killed in the middle of a sequence and restarted', () => {
  it('reports the commands lost meanwhile, reconnects and carries on where the sequence is', async () => {
    const daemon = await Daemon.start('rigctld');
    const log = new CommandLog(500);
    const rig = new RigctldClient({
      host: '127.0.0.1',
      port: daemon.port,
      name: 'downlink',
      log,
      backoff: { initialMs: 20, factor: 2, maxMs: 200 },
    });
    closers.push(() => rig.close());
    const results: { hz: number; ok: boolean; readBack: number | null; error?: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const hz = 437_800_000 + i * 137;
      if (i === 10) await daemon.kill();
      if (i === 20) {
        await daemon.restart();
        await until(
          () => rig.status().state === 'connected' || (results.at(-1)?.ok ?? false),
          'reconnect',
        );
      }
      const set = await rig.setFrequency(hz);
      const got = set.ok ? await rig.getFrequency() : null;
      results.push({
        hz,
        ok: set.ok,
        readBack: got?.ok ? got.value : null,
        ...(set.ok ? {} : { error: `${set.error.kind}: ${set.error.message}` }),
      });
      if (i >= 10 && i < 20) await sleep(20);
    }
    // Before the kill every command worked; while down none did; after the restart all do again.
    expect(results.slice(0, 10).filter((r) => !r.ok)).toEqual([]);
    expect(results.slice(10, 20).every((r) => !r.ok)).toBe(true);
    const after = results.slice(20);
    expect(
      after.every((r) => r.ok && r.readBack !== null && Math.abs(r.readBack - r.hz) <= 10),
    ).toBe(true);
    expect(rig.status().connects).toBe(2);
    const kinds = log.entries().flatMap((e) => (e.type === 'error' ? [e.kind] : []));
    expect(kinds.some((k) => k === 'not-connected' || k === 'disconnected')).toBe(true);
    expect(kinds).toContain('connect');
    console.log(
      log
        .entries()
        .filter((e) => e.type !== 'reply' || e.command !== 'f')
        .slice(18, 60)
        .map(formatLogEntry)
        .join('\n'),
    );
  });

  it('a rotator: the position asked after the restart is reached', async () => {
    const daemon = await Daemon.start('rotctld');
    const rot = new RotctldClient({
      host: '127.0.0.1',
      port: daemon.port,
      limits: LIMITS,
      backoff: { initialMs: 20, factor: 2, maxMs: 200 },
    });
    closers.push(() => rot.close());
    expect((await rot.setPosition({ azimuthDeg: 3, elevationDeg: 4 })).ok).toBe(true);
    await daemon.kill();
    const lost = await rot.setPosition({ azimuthDeg: 6, elevationDeg: 5 });
    expect(lost.ok).toBe(false);
    await daemon.restart();
    await until(() => rot.status().state === 'connected', 'reconnect');
    expect((await rot.setPosition({ azimuthDeg: 7.5, elevationDeg: 6.25 })).ok).toBe(true);
    const at = await settledPosition(rot);
    expect(Math.abs(at.azimuthDeg - 7.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(at.elevationDeg - 6.25)).toBeLessThanOrEqual(0.5);
  });
});

describe('a daemon that does not answer, or answers nonsense', () => {
  it('times a command out, resets the connection and reconnects', async () => {
    let connections = 0;
    const server = await rawServer(() => {
      connections++;
    });
    const log = new CommandLog(100);
    const conn = new HamlibConnection({
      host: '127.0.0.1',
      port: portOf(server),
      name: 'rotator',
      log,
      commandTimeoutMs: 150,
      backoff: { initialMs: 20, factor: 2, maxMs: 200 },
    });
    closers.push(() => conn.close());
    const [first, second] = await Promise.all([
      conn.request('p'),
      conn.request('P 1 2', 'set_pos'),
    ]);
    expect(!first.ok && first.error.kind).toBe('timeout');
    expect(!second.ok && second.error.kind).toBe('disconnected');
    await until(() => connections >= 2, 'a second connection');
    expect(
      log.entries().some((e) => e.type === 'error' && e.kind === 'timeout' && e.command === 'p'),
    ).toBe(true);
  });

  it('drops a connection that sends what hamlib never sends', async () => {
    const server = await rawServer((s) => {
      s.on('data', () => s.write('get_pos:\nthis is not a field\nRPRT 0\n'));
    });
    const conn = new HamlibConnection({ host: '127.0.0.1', port: portOf(server), name: 'rotator' });
    closers.push(() => conn.close());
    const r = await conn.request('p');
    expect(!r.ok && r.error.kind).toBe('protocol');
    const unexpected = await rawServer((s) => s.write('hello\n'));
    const other = new HamlibConnection({
      host: '127.0.0.1',
      port: portOf(unexpected),
      name: 'rotator',
      backoff: { initialMs: 20, factor: 2, maxMs: 100 },
    });
    closers.push(() => other.close());
    other.start();
    await until(
      () => other.log.entries().some((e) => e.type === 'error' && e.kind === 'protocol'),
      'a protocol error',
    );
  });

  it('bounds the queue and closes cleanly with commands waiting', async () => {
    const server = await rawServer(() => {});
    const conn = new HamlibConnection({
      host: '127.0.0.1',
      port: portOf(server),
      name: 'rotator',
      maxQueue: 3,
      commandTimeoutMs: 10_000,
    });
    const all = Array.from({ length: 6 }, (_, i) => conn.request(`p ${i}`));
    await sleep(50);
    await conn.close();
    const kinds = (await Promise.all(all)).map((r) => (r.ok ? 'ok' : r.error.kind));
    // One in flight (or all still waiting for the connection), three queued, the rest refused.
    expect(kinds.filter((k) => k === 'queue-full').length).toBeGreaterThanOrEqual(2);
    expect(kinds.filter((k) => k === 'closed').length).toBeGreaterThanOrEqual(3);
    const late = await conn.request('p');
    expect(!late.ok && late.error.kind).toBe('closed');
  });
});
