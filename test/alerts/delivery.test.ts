/**
 * Webhook delivery to a real shared.receiver on 127.0.0.1: on time on a driven clock, signed per
 * Standard Webhooks (verified with the independent `standardwebhooks` package), retried with
 * the same webhook-id and exponential backoff, given up after the last attempt, refused for
 * link-local, metadata and denied addresses (checked on the resolved address at delivery).
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddressPolicy, DEFAULT_RETRY, retryDelayMs } from '../../src/alerts/index.js';
import {
  alertsTestFile,
  FakeTime,
  HOUR,
  MINUTE,
  NOW,
  ScriptedPasses,
  scriptedPass,
} from './helpers.js';

const shared = alertsTestFile();
afterEach(() => {
  vi.useRealTimers();
});

/** Verify as a shared.receiver whose clock reads `atMs` (the driven clock), with the library. */
function verify(
  secret: string,
  r: { body: string; headers: Record<string, string> },
  atMs: number,
) {
  vi.useFakeTimers({ toFake: ['Date'], now: atMs });
  try {
    return new Webhook(secret).verify(r.body, r.headers);
  } finally {
    vi.useRealTimers();
  }
}

async function scripted(
  passes: { revolution: number; aosMs: number; visible?: [number, number] }[],
  alerts: Record<string, unknown> = {},
) {
  const source = new ScriptedPasses();
  source.passes.set(
    25544,
    passes.map((p) => ({
      revolution: p.revolution,
      pass: scriptedPass(25544, p.aosMs, { visible: p.visible ?? null }),
    })),
  );
  return shared.start({ passSource: source, time: new FakeTime(), alerts });
}

describe('webhook events', () => {
  it('fire on time on a driven clock, each once, signed, with the full pass object', async () => {
    const t = await shared.start({ alerts: { publicUrl: 'http://passwatch.lan:8080' } });
    const created = await t.api('POST', '/v1/subscriptions', {
      name: 'porch light',
      observer: 'home',
      satellites: [25544],
      events: [
        { type: 'pass.upcoming', leadMinutes: 10 },
        { type: 'pass.aos' },
        { type: 'pass.tca' },
        { type: 'pass.los' },
        { type: 'visible.start' },
        { type: 'visible.end' },
      ],
      webhook: { url: shared.receiver.url() },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    const planned = t.alerts.events(id, ['planned']);
    expect(planned.length).toBeGreaterThan(20);
    await t.advance(48 * HOUR);
    expect(shared.receiver.received).toHaveLength(planned.length);
    const bodies = shared.receiver.received.map((r) => r.json);
    // Every planned event arrived once, in due order, sent at its due time (driven clock).
    expect(bodies.map((b) => `${b.type}@${b.dueAt}`)).toEqual(
      planned.map((e) => `${e.type}@${e.due}`),
    );
    for (const b of bodies) {
      expect(Date.parse(b.sentAt) - Date.parse(b.dueAt)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(b.sentAt) - Date.parse(b.dueAt)).toBeLessThan(1000);
    }
    expect(new Set(bodies.map((b) => b.id)).size).toBe(bodies.length);
    for (const r of shared.receiver.received) {
      expect(r.headers['webhook-id']).toBe(r.json.id);
      const ts = Number(r.headers['webhook-timestamp']) * 1000;
      expect(verify(secret, r, ts)).toEqual(r.json);
      expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, r, ts)).toThrow();
    }
    const aos = bodies.find((b) => b.type === 'pass.aos')!;
    expect(aos).toMatchObject({
      type: 'pass.aos',
      attempt: 1,
      lateSeconds: 0,
      subscription: { id, name: 'porch light' },
      satellite: { noradId: 25544, name: 'ISS (ZARYA)' },
      observer: { name: 'home', lat: 52, lon: 5, alt: 10, horizonMask: null },
    });
    expect(aos.pass).toMatchObject({ noradId: 25544, revolution: expect.any(Number) });
    expect(Object.keys(aos.pass)).toEqual(
      expect.arrayContaining(['aos', 'tca', 'los', 'maxElevation', 'visible', 'culminations']),
    );
    expect(aos.pass.aos.time).toBe(aos.dueAt);
    // The body says how old the elements are at this pass, and that they are not stale.
    expect(aos.pass).toMatchObject({
      elementsEpoch: expect.any(String),
      elementsAgeDays: expect.any(Number),
      stale: false,
      elementsWarning: null,
    });
    expect(aos.links.track).toBe(
      `http://passwatch.lan:8080/v1/satellites/25544/track?pass=${encodeURIComponent(aos.pass.aos.time)}&observer=home`,
    );
    const upcoming = bodies.find((b) => b.type === 'pass.upcoming')!;
    expect(upcoming.leadMinutes).toBe(10);
    expect(Date.parse(upcoming.pass.aos.time) - Date.parse(upcoming.dueAt)).toBe(10 * MINUTE);
    // The track link resolves to that pass in the API (same observer, same AOS).
    const track = await t.app.request(aos.links.track.replace('http://passwatch.lan:8080', ''));
    expect(track.status).toBe(200);
    const points = ((await track.json()) as { points: { time: string }[] }).points;
    expect(Date.parse(points[0]!.time)).toBe(Date.parse(aos.pass.aos.time));
  });

  it('fire on real timers, never before their due time, once each and in order', async () => {
    // Real clock and timers; one scripted pass whose AOS is 3 s after the subscription is made.
    // How late they fire is no test's business (it depends on the machine's load).
    const source = new ScriptedPasses();
    const { startPasswatch } = await import('../../src/main.js');
    const { testConfig, tempDir } = await import('../catalog/helpers.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const file = join(tempDir(), 'c.json');
    writeFileSync(file, JSON.stringify({ observers: { home: { lat: 52, lon: 5 } } }));
    const handle = await startPasswatch({
      config: testConfig({
        PASSWATCH_CONFIG: file,
        PASSWATCH_ADMIN_TOKEN: 'secret-token-0123456789',
      }),
      log: () => {},
      schedule: false,
      refreshOnStart: false,
      alerts: { passSource: source },
    });
    try {
      const start = Date.now();
      const dues = [3000, 4000, 5000].map((d) => start + d);
      source.passes.set(25544, [
        {
          revolution: 77,
          pass: scriptedPass(25544, dues[0]!, { durationMs: dues[2]! - dues[0]! }),
        },
      ]);
      await handle.alerts!.create({
        observer: 'home',
        satellites: [25544],
        events: [{ type: 'pass.aos' }, { type: 'pass.tca' }, { type: 'pass.los' }],
        webhook: { url: shared.receiver.url('/realtime') },
      });
      await shared.receiver.waitFor(3, 120_000);
      // Each event once, at its own due time (the order of arrival is the deliverer's own).
      const got = shared.receiver.bodies('/realtime');
      expect(got.map((b) => [b.type, Date.parse(b.dueAt)]).sort((a, b) => a[1] - b[1])).toEqual([
        ['pass.aos', dues[0]],
        ['pass.tca', dues[1]],
        ['pass.los', dues[2]],
      ]);
      for (const r of shared.receiver.received.filter((r) => r.path === '/realtime')) {
        expect(r.atMs).toBeGreaterThanOrEqual(Date.parse(r.json.dueAt));
      }
    } finally {
      await handle.stop();
    }
  });

  it('are retried with the same webhook-id and backoff, then delivered; the log shows each attempt', async () => {
    const t = await scripted([{ revolution: 5, aosMs: NOW + 5 * MINUTE }]);
    let calls = 0;
    shared.receiver.reply = () => (++calls <= 2 ? { status: 503 } : { status: 200 });
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url() },
    });
    const { id, secret } = created.body;
    await t.advance(HOUR);
    expect(shared.receiver.received).toHaveLength(3);
    const ids = shared.receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const r of shared.receiver.received) {
      expect(verify(secret, r, Number(r.headers['webhook-timestamp']) * 1000)).toMatchObject({
        id: ids[0],
        type: 'pass.aos',
      });
    }
    expect(shared.receiver.received.map((r) => r.json.attempt)).toEqual([1, 2, 3]);
    const sent = shared.receiver.received.map((r) => Date.parse(r.json.sentAt));
    // Random fixed at 0.5: no jitter; waits of 90 s then 270 s.
    expect(sent[1]! - sent[0]!).toBe(90_000);
    expect(sent[2]! - sent[1]!).toBe(270_000);
    const log = await t.api('GET', `/v1/subscriptions/${id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      id: ids[0],
      type: 'pass.aos',
      kind: 'webhook',
      target: shared.receiver.url(),
      state: 'delivered',
      attempts: 3,
      statusCode: 200,
      error: null,
    });
    expect(
      log.body.items[0].log.map((a: any) => [a.attempt, a.statusCode, a.outcome, a.error]),
    ).toEqual([
      [1, 503, 'retry', 'HTTP 503'],
      [2, 503, 'retry', 'HTTP 503'],
      [3, 200, 'delivered', null],
    ]);
    expect(log.body.items[0].log.every((a: any) => typeof a.latencyMs === 'number')).toBe(true);
  });

  it('give up after 5 attempts over about an hour, marked failed', async () => {
    const t = await scripted([{ revolution: 5, aosMs: NOW + 5 * MINUTE }]);
    shared.receiver.reply = () => ({ status: 500 });
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url() },
    });
    await t.advance(6 * HOUR);
    expect(shared.receiver.received).toHaveLength(5);
    const sent = shared.receiver.received.map((r) => Date.parse(r.json.sentAt));
    expect((sent[4]! - sent[0]!) / MINUTE).toBe(60);
    const log = await t.api('GET', `/v1/subscriptions/${created.body.id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({ state: 'failed', attempts: 5, statusCode: 500 });
    expect(log.body.items[0].log.map((a: any) => a.outcome)).toEqual([
      'retry',
      'retry',
      'retry',
      'retry',
      'failed',
    ]);
  });

  it('time out an attempt that gets no answer, and retry it', async () => {
    const t = await scripted([{ revolution: 5, aosMs: NOW + 5 * MINUTE }], {
      delivery: { timeoutSeconds: 0.3 },
    });
    let calls = 0;
    shared.receiver.reply = () => (++calls === 1 ? { hang: true } : { status: 204 });
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url() },
    });
    await t.advance(HOUR);
    const log = await t.api('GET', `/v1/subscriptions/${created.body.id}/deliveries`);
    expect(log.body.items[0].state).toBe('delivered');
    expect(log.body.items[0].log[0]).toMatchObject({ outcome: 'retry', statusCode: null });
    expect(log.body.items[0].log[0].error).toMatch(/no answer within 0.3 s/);
    expect(log.body.items[0].log[0].latencyMs).toBeGreaterThanOrEqual(290);
  });

  it('spread retries with jitter within ±20%', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.999].map((r) => retryDelayMs(DEFAULT_RETRY, 2, () => r));
    expect(delays[0]).toBe(216_000);
    expect(delays[2]).toBe(270_000);
    expect(delays[4]).toBeGreaterThan(323_000);
    expect(delays[4]).toBeLessThanOrEqual(324_000);
    expect(new Set(delays).size).toBe(5);
  });
});

describe('refused targets', () => {
  it('link-local, metadata and non-unicast addresses are refused; private and loopback allowed', () => {
    const p = new AddressPolicy();
    for (const a of [
      '169.254.169.254',
      '169.254.0.1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '224.0.0.1',
      '0.0.0.0',
    ]) {
      expect(p.refusal(a), a).not.toBeNull();
    }
    for (const a of [
      '127.0.0.1',
      '::1',
      '192.168.1.20',
      '10.1.2.3',
      '172.16.0.5',
      'fd00:ec2::253',
      '8.8.8.8',
    ]) {
      expect(p.refusal(a), a).toBeNull();
    }
    // Configured entries override: the most specific entry decides.
    const q = new AddressPolicy(['169.254.10.0/24'], ['192.168.0.0/16', '0.0.0.0/0']);
    expect(q.refusal('169.254.10.5')).toBeNull();
    expect(q.refusal('169.254.169.254')).not.toBeNull();
    expect(q.refusal('192.168.1.20')).toMatch(/configured deny entry 192.168.0.0\/16/);
    expect(q.refusal('8.8.8.8')).toMatch(/0.0.0.0\/0/);
    const only = new AddressPolicy(['192.168.1.20'], ['0.0.0.0/0', '::/0']);
    expect(only.refusal('192.168.1.20')).toBeNull();
    expect(only.refusal('192.168.1.21')).not.toBeNull();
    expect(() => new AddressPolicy(['10.0.0.0/33'])).toThrow(/not an IP address or CIDR/);
  });

  it('a metadata URL is refused when the subscription is created', async () => {
    const t = await shared.start();
    const r = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: 'http://169.254.169.254/latest/meta-data/' },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      {
        parameter: 'webhook.url',
        detail: expect.stringMatching(/169\.254\.169\.254 is a link-local/),
      },
    ]);
  });

  it('IPv4 smuggled in IPv6 and the Alibaba metadata address are refused on create and change', async () => {
    const t = await shared.start();
    const hook = (url: string, checkReachable: boolean) => ({ url, checkReachable });
    const cases = [
      [
        'http://[::169.254.169.254]/latest/meta-data/',
        /carries the IPv4 address 169\.254\.169\.254/,
      ],
      [
        'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/',
        /carries the IPv4 address 169\.254\.169\.254/,
      ],
      ['http://[64:ff9b::0.0.0.7]:8080/hook', /carries the IPv4 address 0\.0\.0\.7/],
      ['http://100.100.100.200/latest/meta-data/', /100\.100\.100\.200 is a link-local, metadata/],
    ] as const;
    // With the reachability check (the address is checked before any connection) and without.
    for (const [url, why] of cases) {
      for (const checkReachable of [true, false]) {
        const r = await t.api('POST', '/v1/subscriptions', {
          observer: 'home',
          satellites: [25544],
          events: [{ type: 'pass.aos' }],
          webhook: hook(url, checkReachable),
        });
        expect(r.status, url).toBe(400);
        expect(r.res.headers.get('content-type')).toBe('application/problem+json');
        expect(r.body.errors, url).toEqual([
          { parameter: 'webhook.url', detail: expect.stringMatching(why) },
        ]);
      }
    }
    // Changing an existing subscription's webhook to one of them is refused the same way.
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url() },
    });
    expect(created.status).toBe(201);
    for (const [url, why] of cases) {
      const r = await t.api('PATCH', `/v1/subscriptions/${created.body.id}`, {
        webhook: hook(url, false),
      });
      expect(r.status, url).toBe(400);
      expect(r.body.errors, url).toEqual([
        { parameter: 'webhook.url', detail: expect.stringMatching(why) },
      ]);
    }
    const kept = await t.api('GET', `/v1/subscriptions/${created.body.id}`);
    expect(kept.body.webhook).toEqual([{ url: shared.receiver.url() }]);
  });

  it('the resolved address is checked at delivery time: nothing is sent to a refused one', async () => {
    // Loopback denied by config; the name "localhost" is resolved only when delivering.
    const t = await scripted([{ revolution: 5, aosMs: NOW + 5 * MINUTE }], {
      delivery: { deny: ['127.0.0.0/8', '::1'] },
    });
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: `http://localhost:${shared.receiver.port}/hook`, checkReachable: false },
    });
    expect(created.status).toBe(201);
    await t.advance(2 * HOUR);
    expect(shared.receiver.received).toHaveLength(0);
    const log = await t.api('GET', `/v1/subscriptions/${created.body.id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({ state: 'failed', attempts: 1 });
    expect(log.body.items[0].error).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1): .* refused by the configured deny entry/,
    );

    // Reachability is checked on the resolved address too.
    const probe = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: `http://localhost:${shared.receiver.port}/hook` },
    });
    expect(probe.status).toBe(400);
    expect(probe.body.errors[0].parameter).toBe('webhook.url');
    expect(probe.body.errors[0].detail).toMatch(/refused by the configured deny entry/);
  });
});
