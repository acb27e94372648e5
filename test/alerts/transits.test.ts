/**
 * Issue 15: `transit.upcoming` through the subscriptions. The bundled snapshot (2026-08-22) has
 * the ISS crossing the Sun seen from Paris on 2026-08-23 at 05:29:11 (test/reference/transits).
 * A subscription for Paris gets it once, as `GET /v1/transits` serves it, by webhook (a real HTTP
 * receiver) and MQTT (a real mosquitto); re-planning and a restart send nothing again.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { ALERT_SCHEMA_VERSION } from '../../src/alerts/schema.js';
import { tempDir } from '../catalog/helpers.js';
import { withImpulse } from '../watch/real-data.js';
import { alertsUnderTest, MOSQUITTO, NOW, Receiver, startMosquitto } from './helpers.js';

type T = Awaited<ReturnType<typeof alertsUnderTest>>;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const PARIS = { lat: 48.8, lon: 2.3, alt: 0 };
const TRANSIT = { type: 'transit.upcoming', radiusKm: 20 };

async function start(dataDir: string, alerts?: Record<string, unknown>): Promise<T> {
  const t = await alertsUnderTest({ dataDir, ...(alerts ? { alerts } : {}) });
  cleanup.push(() => t.stop());
  await t.alerts.idle();
  return t;
}

describe('transit.upcoming', () => {
  it('delivers each transit near the observer once, as /v1/transits serves it, across re-plans and a restart', async () => {
    const receiver = await Receiver.start();
    cleanup.push(() => receiver.close());
    const dataDir = tempDir();
    const t = await start(dataDir, { publicUrl: 'http://pw.lan:8080' });
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: PARIS,
      satellites: [25544],
      events: [TRANSIT],
      webhook: { url: receiver.url('/transit') },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.subscription.events).toEqual([
      { type: 'transit.upcoming', radiusKm: 20, nearMissDeg: 0 },
    ]);
    await t.alerts.idle();

    // What the API lists over the planning horizon (alerts.horizonHours, 48 h by default).
    const query = `/v1/transits?lat=48.8&lon=2.3&alt=0&sat=25544&radiusKm=20&nearMissDeg=0&start=${new Date(NOW).toISOString()}&days=2`;
    const api = await t.api('GET', query);
    expect(api.status).toBe(200);
    const expected = api.body.transits;
    expect(expected.map((x: { body: string; time: string }) => [x.body, x.time])).toContainEqual([
      'sun',
      '2026-08-23T05:29:11.100Z',
    ]);
    await receiver.waitFor(expected.length);
    await t.alerts.idle();
    const bodies = receiver.bodies('/transit');
    expect(bodies).toHaveLength(expected.length);
    const sun = bodies.find((b) => b.transit.body === 'sun');
    expect(sun).toMatchObject({
      type: 'transit.upcoming',
      satellite: { noradId: 25544, name: 'ISS (ZARYA)' },
      observer: { lat: 48.8, lon: 2.3, alt: 0 },
      pass: null,
      subscription: { id: created.body.id },
    });
    expect(sun.transit).toEqual(expected.find((x: { body: string }) => x.body === 'sun'));
    expect(sun.transit.centreLine.distanceKm).toBeCloseTo(1.29, 1);
    expect(sun.links.transits).toBe(
      'http://pw.lan:8080/v1/transits?lat=48.8&lon=2.3&alt=0&sat=25544&radiusKm=20&nearMissDeg=0',
    );
    expect(receiver.received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    // The delivery log lists it.
    const log = await t.api('GET', `/v1/subscriptions/${created.body.id}/deliveries`);
    expect(log.body.items.map((d: { type: string }) => d.type)).toContain('transit.upcoming');

    // Planned again (as on a catalog update or the schedule): the same transits, nothing sent.
    await t.alerts.replanAll();
    await t.alerts.idle();
    expect(receiver.received).toHaveLength(expected.length);

    // A restart plans everything again: still nothing sent twice.
    await t.stop();
    cleanup.length = 1;
    const again = await start(dataDir);
    await again.alerts.idle();
    expect(receiver.received).toHaveLength(expected.length);

    // New ISS elements (a small burn) move the transit by a fraction of a second: the catalog
    // change re-plans the subscription, and the moved transit is still the one already sent.
    const iss = again.handle.catalog.record(25544)!.elements;
    again.handle.store.replaceSource({
      source: { name: 'import:later', kind: 'import', location: 'later.tle', groups: [] },
      elements: [withImpulse(iss, { tangentialMs: 0.02, afterSeconds: 3600 })],
      origin: 'file',
      outcome: 'updated',
      startedMs: NOW,
      finishedMs: NOW,
      historyDays: 30,
    });
    again.handle.catalog.replaceAll(again.handle.store.loadObjects(), ['import:later']);
    await again.alerts.idle();
    const moved = await again.api('GET', query);
    const movedSun = moved.body.transits.find((x: { body: string }) => x.body === 'sun');
    expect(movedSun.time).not.toBe(sun.transit.time);
    expect(Math.abs(Date.parse(movedSun.time) - Date.parse(sun.transit.time))).toBeLessThan(60_000);
    expect(receiver.received).toHaveLength(expected.length);
  }, 180_000);

  it('sends nothing to a subscription whose observer is far from every centre line', async () => {
    const receiver = await Receiver.start();
    cleanup.push(() => receiver.close());
    const t = await start(tempDir());
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: { lat: -33.9, lon: 18.4 },
      satellites: [25544],
      events: [{ type: 'transit.upcoming', radiusKm: 1 }],
      webhook: { url: receiver.url('/far') },
    });
    expect(created.status).toBe(201);
    await t.alerts.idle();
    const api = await t.api(
      'GET',
      `/v1/transits?lat=-33.9&lon=18.4&sat=25544&radiusKm=1&nearMissDeg=0&start=${new Date(NOW).toISOString()}&days=2`,
    );
    expect(api.body.transits).toEqual([]);
    expect(receiver.received).toEqual([]);
  }, 120_000);

  it('publishes it on the subscription topic of a real mosquitto broker', async () => {
    if (!existsSync(MOSQUITTO)) {
      throw new Error(`${MOSQUITTO} is missing: apt-get install mosquitto (.ci/run installs it)`);
    }
    const broker = await startMosquitto();
    cleanup.push(() => broker.stop());
    const listener = await connectAsync(broker.url, { clientId: 'transit-listener' });
    cleanup.push(() => listener.endAsync());
    const messages: { topic: string; body: any }[] = [];
    let status = '';
    listener.on('message', (topic, payload) => {
      if (topic === 'passwatch/status') status = payload.toString();
      if (topic.endsWith('/events')) messages.push({ topic, body: JSON.parse(payload.toString()) });
    });
    await listener.subscribeAsync(['passwatch/status', 'passwatch/subscriptions/#'], { qos: 1 });
    const t = await start(tempDir(), { mqtt: { url: broker.url, clientId: 'passwatch-transit' } });
    // Connected (a delivery before that is retried later, on the driven clock).
    await expect.poll(() => status).toBe('online');
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: PARIS,
      satellites: [25544],
      events: [TRANSIT],
      mqtt: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await t.alerts.idle();
    await expect.poll(() => messages.some((m) => m.body.transit?.body === 'sun')).toBe(true);
    const sun = messages.find((m) => m.body.transit?.body === 'sun')!;
    expect(sun.topic).toBe(`passwatch/subscriptions/${created.body.id}/events`);
    expect(sun.body.type).toBe('transit.upcoming');
    expect(sun.body.transit.time).toBe('2026-08-23T05:29:11.100Z');
  }, 180_000);

  it('refuses transit fields on other events and a transit event without satellites, naming the field', async () => {
    const t = await start(tempDir());
    const hook = { url: 'http://127.0.0.1:9/x', checkReachable: false };
    const misplaced = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos', radiusKm: 20 }],
      webhook: hook,
    });
    expect(misplaced.status).toBe(400);
    expect(JSON.stringify(misplaced.body)).toContain('events.0.radiusKm');
    expect(JSON.stringify(misplaced.body)).toContain('radiusKm belongs to transit.upcoming only');
    const groupsOnly = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      groups: ['stations'],
      events: [{ type: 'pass.aos' }, { type: 'transit.upcoming' }],
      webhook: hook,
    });
    expect(groupsOnly.status).toBe(400);
    expect(JSON.stringify(groupsOnly.body)).toContain('events.1.type');
    const tooFar = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'transit.upcoming', radiusKm: 501 }],
      webhook: hook,
    });
    expect(tooFar.status).toBe(400);
    expect(JSON.stringify(tooFar.body)).toContain('events.0.radiusKm');
    // The near-miss angle was called nearMiss before it carried its unit: refused with the new name.
    const oldName = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'transit.upcoming', nearMiss: 1 }],
      webhook: hook,
    });
    expect(oldName.status).toBe(400);
    expect(JSON.stringify(oldName.body)).toContain('events.0.nearMiss');
    expect(JSON.stringify(oldName.body)).toContain('it is now nearMissDeg');
  }, 60_000);

  it('keeps a subscription stored with nearMiss (before nearMissDeg): the store migrates it, value kept', async () => {
    const dataDir = tempDir();
    const t = await start(dataDir);
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: PARIS,
      satellites: [25544],
      events: [{ type: 'pass.aos' }, { type: 'transit.upcoming', radiusKm: 20, nearMissDeg: 0.7 }],
      webhook: { url: 'http://127.0.0.1:9/x', checkReachable: false },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    await t.stop();
    cleanup.pop();
    // Make the database what schema 2 wrote: the old field name and version.
    const db = new Database(join(dataDir, 'alerts.sqlite'));
    const row = db.prepare('SELECT spec FROM subscriptions WHERE id = ?').get(id) as {
      spec: string;
    };
    const old = JSON.parse(row.spec);
    old.events[1] = { type: 'transit.upcoming', radiusKm: 20, nearMiss: 0.7 };
    db.prepare('UPDATE subscriptions SET spec = ? WHERE id = ?').run(JSON.stringify(old), id);
    db.pragma('user_version = 2');
    db.close();

    const again = await start(dataDir);
    const got = await again.api('GET', `/v1/subscriptions/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.events, JSON.stringify(got.body)).toEqual([
      { type: 'pass.aos' },
      { type: 'transit.upcoming', radiusKm: 20, nearMissDeg: 0.7 },
    ]);
    const check = new Database(join(dataDir, 'alerts.sqlite'), { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(ALERT_SCHEMA_VERSION);
      const stored = check.prepare('SELECT spec FROM subscriptions WHERE id = ?').get(id) as {
        spec: string;
      };
      expect(stored.spec).not.toContain('"nearMiss"');
    } finally {
      check.close();
    }
  }, 60_000);
});
