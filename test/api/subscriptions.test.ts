/**
 * /v1/subscriptions: admin token, create (201 with the secret, shown once), read, change, rotate,
 * delete, test-fire (verified with the independent `standardwebhooks` package), the delivery
 * log, and validation answered with problem+json naming each field.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsUnderTest,
  FakeTime,
  freePort,
  Receiver,
  ScriptedPasses,
  scriptedPass,
} from '../alerts/helpers.js';

let receiver: Receiver;
let t: Awaited<ReturnType<typeof alertsUnderTest>>;
beforeAll(async () => {
  receiver = await Receiver.start();
  // The real clock, so that signatures verify with the library's own time check.
  const now = Date.now();
  const source = new ScriptedPasses();
  source.passes.set(25544, [
    { revolution: 9, pass: scriptedPass(25544, now + 3_600_000) },
    { revolution: 10, pass: scriptedPass(25544, now + 9_000_000) },
  ]);
  t = await alertsUnderTest({ passSource: source, time: new FakeTime(now) });
});
afterAll(async () => {
  await t.stop();
  await receiver.close();
});

const body = (extra: Record<string, unknown> = {}) => ({
  observer: 'home',
  satellites: [25544],
  events: [{ type: 'pass.upcoming', leadMinutes: 10 }, { type: 'pass.aos' }],
  webhook: { url: receiver.url() },
  ...extra,
});

describe('admin token', () => {
  it('is required: 401 without or with a wrong one', async () => {
    for (const token of [null, 'wrong-token-0123456789']) {
      const r = await t.api('GET', '/v1/subscriptions', undefined, token);
      expect(r.status).toBe(401);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
      expect(r.body.errors[0].parameter).toBe('Authorization');
    }
    // Checked before the body: an invalid body without a token is still a 401.
    expect((await t.api('POST', '/v1/subscriptions', { nope: 1 }, null)).status).toBe(401);
  });

  it('403 when no admin token is configured', async () => {
    const off = await alertsUnderTest({
      passSource: new ScriptedPasses(),
      env: { PASSWATCH_ADMIN_TOKEN: '' },
    });
    try {
      const r = await off.api('GET', '/v1/subscriptions');
      expect(r.status).toBe(403);
      expect(r.body.type).toBe('/problems/admin-disabled');
    } finally {
      await off.stop();
    }
  });
});

describe('subscriptions', () => {
  it('are created with 201, their secret shown once', async () => {
    const r = await t.api('POST', '/v1/subscriptions', body({ name: 'porch' }));
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^sub_[A-Za-z0-9_-]{16}$/),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      subscription: expect.objectContaining({ owner: 'api', name: 'porch' }),
    });
    expect(r.res.headers.get('location')).toBe(`/v1/subscriptions/${r.body.id}`);
    const { id, secret } = r.body;
    const one = await t.api('GET', `/v1/subscriptions/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id,
      owner: 'api',
      observer: 'home',
      satellites: [25544],
      groups: [],
      minPeakElevation: 0,
      visibleOnly: false,
      maxMagnitude: null,
      timeWindow: null,
      events: [{ type: 'pass.upcoming', leadMinutes: 10, before: 'aos' }, { type: 'pass.aos' }],
      webhook: [{ url: receiver.url() }],
      mqtt: false,
      enabled: true,
      revision: 1,
    });
    expect(one.body.upcoming.map((e: any) => `${e.type}@${e.pass}`)).toEqual([
      'pass.upcoming@r9',
      'pass.aos@r9',
      'pass.upcoming@r10',
      'pass.aos@r10',
    ]);
    const list = await t.api('GET', '/v1/subscriptions');
    expect(list.body.items.map((s: any) => s.id)).toContain(id);
    for (const text of [JSON.stringify(one.body), JSON.stringify(list.body)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('whsec_');
    }
    const patched = await t.api('PATCH', `/v1/subscriptions/${id}`, { name: 'porch light' });
    expect(patched.body).toEqual({
      subscription: expect.objectContaining({ name: 'porch light' }),
    });
  });

  it('send a signed test event at once; the secret rotates by PATCH', async () => {
    const { id, secret } = (await t.api('POST', '/v1/subscriptions', body())).body;
    const r = await t.api('POST', `/v1/subscriptions/${id}/test`);
    expect(r.status).toBe(200);
    expect(r.body.deliveries).toEqual([
      {
        id: expect.stringMatching(/^msg_test_/),
        kind: 'webhook',
        target: receiver.url(),
        delivered: true,
        statusCode: 204,
        latencyMs: expect.any(Number),
        error: null,
      },
    ]);
    const got = receiver.received.at(-1)!;
    expect(got.headers['webhook-id']).toBe(r.body.deliveries[0].id);
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(got.body, got.headers)).toMatchObject({
      type: 'test',
      subscription: { id },
      observer: { name: 'home', lat: 52, lon: 5, alt: 10 },
    });

    const rotated = await t.api('PATCH', `/v1/subscriptions/${id}`, { rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    await t.api('POST', `/v1/subscriptions/${id}/test`);
    const next = receiver.received.at(-1)!;
    expect(new Webhook(rotated.body.secret).verify(next.body, next.headers)).toMatchObject({
      type: 'test',
    });
    expect(() => new Webhook(secret).verify(next.body, next.headers)).toThrow();
    // The test deliveries are in the log, newest first, one page at a time.
    const page1 = await t.api('GET', `/v1/subscriptions/${id}/deliveries?limit=1`);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0]).toMatchObject({
      type: 'test',
      state: 'delivered',
      statusCode: 204,
    });
    expect(page1.body.items[0].log[0]).toMatchObject({
      attempt: 1,
      statusCode: 204,
      outcome: 'delivered',
    });
    const page2 = await t.api(
      'GET',
      `/v1/subscriptions/${id}/deliveries?limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('report a failed test delivery without retrying it', async () => {
    const port = await freePort();
    const { id } = (
      await t.api(
        'POST',
        '/v1/subscriptions',
        body({ webhook: { url: `http://127.0.0.1:${port}/x`, checkReachable: false } }),
      )
    ).body;
    const r = await t.api('POST', `/v1/subscriptions/${id}/test`);
    expect(r.body.deliveries[0]).toMatchObject({ delivered: false, statusCode: null });
    expect(r.body.deliveries[0].error).toMatch(/ECONNREFUSED/);
    const log = await t.api('GET', `/v1/subscriptions/${id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({ state: 'failed', attempts: 1, maxAttempts: 1 });
  });

  it('are changed by PATCH (re-planned) and deleted', async () => {
    const { id } = (await t.api('POST', '/v1/subscriptions', body())).body;
    const patched = await t.api('PATCH', `/v1/subscriptions/${id}`, {
      events: [{ type: 'pass.los' }],
      minPeakElevation: 20,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.subscription).toMatchObject({ revision: 2, minPeakElevation: 20 });
    expect(patched.body.subscription).not.toHaveProperty('minElevation');
    expect(patched.body).not.toHaveProperty('deprecations');
    expect(patched.body.subscription.upcoming.map((e: any) => e.type)).toEqual([
      'pass.los',
      'pass.los',
    ]);
    const events = await t.api('GET', `/v1/subscriptions/${id}/events?state=cancelled`);
    expect(events.body.items.map((e: any) => e.type).sort()).toEqual([
      'pass.aos',
      'pass.aos',
      'pass.upcoming',
      'pass.upcoming',
    ]);
    const bad = await t.api('PATCH', `/v1/subscriptions/${id}`, { minPeakElevation: 91 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameter).toBe('minPeakElevation');
    // The old name is still read, as minPeakElevation, with a deprecation note.
    const old = await t.api('PATCH', `/v1/subscriptions/${id}`, { minElevation: 30 });
    expect(old.status).toBe(200);
    expect(old.body.subscription.minPeakElevation).toBe(30);
    expect(old.body.deprecations).toEqual([expect.stringMatching(/old name of minPeakElevation/)]);
    const both = await t.api('PATCH', `/v1/subscriptions/${id}`, {
      minElevation: 30,
      minPeakElevation: 35,
    });
    expect(both.status).toBe(400);
    expect(both.body.errors[0].parameter).toBe('minElevation');
    expect((await t.api('DELETE', `/v1/subscriptions/${id}`)).status).toBe(204);
    const gone = await t.api('GET', `/v1/subscriptions/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.res.headers.get('content-type')).toBe('application/problem+json');
    expect((await t.api('DELETE', `/v1/subscriptions/${id}`)).status).toBe(404);
    expect((await t.api('GET', '/v1/subscriptions/nope')).status).toBe(400);
  });
});

describe('validation', () => {
  const cases: [
    string,
    () => Record<string, unknown> | Promise<Record<string, unknown>>,
    string,
    RegExp,
  ][] = [
    ['an invalid URL', () => body({ webhook: { url: 'not a url' } }), 'webhook.url', /not a URL/],
    [
      'a non-http URL',
      () => body({ webhook: { url: 'ftp://192.168.1.20/x' } }),
      'webhook.url',
      /http/,
    ],
    [
      'an unreachable URL',
      async () => body({ webhook: { url: `http://127.0.0.1:${await freePort()}/hook` } }),
      'webhook.url',
      /not reachable: no connection to 127\.0\.0\.1:\d+$/,
    ],
    [
      'an unreachable URL in a list',
      async () =>
        body({
          webhook: [{ url: receiver.url() }, { url: `http://127.0.0.1:${await freePort()}/` }],
        }),
      'webhook.1.url',
      /not reachable: no connection to 127\.0\.0\.1:\d+$/,
    ],
    [
      'an unresolvable host',
      () => body({ webhook: { url: 'http://no-such-host.invalid/hook' } }),
      'webhook.url',
      /not reachable: no connection to no-such-host\.invalid:80$/,
    ],
    [
      'an unknown satellite',
      () => body({ satellites: [25544, 99999999] }),
      'satellites.1',
      /99999999 is not in the catalog/,
    ],
    [
      'an unknown group',
      () => body({ groups: ['nonsense'] }),
      'groups.0',
      /unknown group "nonsense"; known: .*visual/,
    ],
    [
      'contradictory filters',
      () => body({ visibleOnly: false, maxMagnitude: 3 }),
      'maxMagnitude',
      /only matches visible passes/,
    ],
    [
      'an empty time window',
      () => body({ timeWindow: { from: '20:00', to: '20:00' } }),
      'timeWindow.to',
      /empty/,
    ],
    [
      'a bad time of day',
      () => body({ timeWindow: { from: '25:00', to: '02:00' } }),
      'timeWindow.from',
      /HH:MM/,
    ],
    [
      'a bad zone',
      () => body({ timeWindow: { from: '20:00', to: '02:00', zone: 'Mars/Olympus' } }),
      'timeWindow.zone',
      /IANA/,
    ],
    ['an unknown field', () => body({ colour: 'red' }), 'colour', /unknown field/],
    [
      'an unknown event',
      () => body({ events: [{ type: 'pass.maybe' }] }),
      'events.0.type',
      /type must be one of/,
    ],
    [
      'a lead without minutes',
      () => body({ events: [{ type: 'pass.upcoming' }] }),
      'events.0.leadMinutes',
      /leadMinutes/,
    ],
    [
      'a lead beyond the horizon',
      () => body({ events: [{ type: 'pass.upcoming', leadMinutes: 4000 }] }),
      'events.0.leadMinutes',
      /planning horizon/,
    ],
    [
      'an event twice',
      () => body({ events: [{ type: 'pass.aos' }, { type: 'pass.aos' }] }),
      'events.1.type',
      /twice/,
    ],
    ['no events', () => body({ events: [] }), 'events', /at least one/],
    [
      'a latitude out of range',
      () => body({ observer: { lat: 95, lon: 5 } }),
      'observer.lat',
      /from -90 to 90/,
    ],
    [
      'an unknown observer',
      () => body({ observer: 'cabin' }),
      'observer',
      /no observer named "cabin" in the configuration; known: home/,
    ],
    ['nothing to watch', () => body({ satellites: [] }), 'satellites', /satellites/],
    ['no target', () => body({ webhook: undefined }), 'webhook', /delivery target/],
    ['MQTT without a broker', () => body({ mqtt: true }), 'mqtt', /no MQTT broker/],
    [
      'a bad horizon mask',
      () =>
        body({
          horizonMask: [
            { azimuth: 10, elevation: 5 },
            { azimuth: 10, elevation: 9 },
          ],
        }),
      'horizonMask',
      /given twice/,
    ],
  ];
  for (const [what, input, field, detail] of cases) {
    it(`refuses ${what} naming ${field}`, async () => {
      const b = await input();
      const r = await t.api('POST', '/v1/subscriptions', b);
      expect(r.status).toBe(400);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
      expect(r.body.type).toBe('/problems/invalid-subscription');
      expect(r.body.errors).toContainEqual({
        parameter: field,
        detail: expect.stringMatching(detail),
      });
    });
  }

  it('refuses a body that is not JSON', async () => {
    const r = await t.api('POST', '/v1/subscriptions', '{"observer":');
    expect(r.status).toBe(400);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('reports every problem at once', async () => {
    const r = await t.api(
      'POST',
      '/v1/subscriptions',
      body({
        satellites: [99999998, 99999999],
        groups: ['x-y'],
        maxMagnitude: 2,
        visibleOnly: false,
      }),
    );
    expect(r.body.errors.map((e: any) => e.parameter).sort()).toEqual(
      ['groups.0', 'maxMagnitude', 'satellites.0', 'satellites.1'].sort(),
    );
  });
});

describe('OpenAPI', () => {
  it('documents the subscription routes in a valid document', async () => {
    const doc = await (await t.app.request('/openapi.json')).json();
    const result = await new Validator().validate(doc as any);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys((doc as { paths: object }).paths)).toEqual(
      expect.arrayContaining([
        '/v1/subscriptions',
        '/v1/subscriptions/{id}',
        '/v1/subscriptions/{id}/test',
        '/v1/subscriptions/{id}/deliveries',
        '/v1/subscriptions/{id}/events',
      ]),
    );
  });
});
