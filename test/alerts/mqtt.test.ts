/**
 * Home Assistant MQTT discovery against a real mosquitto broker: discovery configs, states and
 * attributes as a real subscriber receives them, the overhead sensor following the driven clock,
 * events on the subscription's topic, republishing on `homeassistant/status` = online, the last
 * will, and removal of entities no longer watched.
 */
import { existsSync } from 'node:fs';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsUnderTest,
  FakeTime,
  HOUR,
  MINUTE,
  MOSQUITTO,
  NOW,
  ScriptedPasses,
  scriptedPass,
  startMosquitto,
} from './helpers.js';

let broker: Awaited<ReturnType<typeof startMosquitto>>;
let listener: MqttClient;
/** Last payload per topic, and every message in arrival order. */
const last = new Map<string, string>();
const seen: { topic: string; payload: string; retain: boolean }[] = [];

beforeAll(async () => {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(`${MOSQUITTO} is missing: apt-get install mosquitto (.ci/run installs it)`);
  }
  broker = await startMosquitto();
  listener = await connectAsync(broker.url, { clientId: 'test-listener' });
  listener.on('message', (topic, payload, packet) => {
    last.set(topic, payload.toString());
    seen.push({ topic, payload: payload.toString(), retain: packet.retain });
  });
  await listener.subscribeAsync(['homeassistant/#', 'passwatch/#'], { qos: 1 });
});
afterAll(async () => {
  await listener?.endAsync();
  await broker?.stop();
});

/** Polls `ok` until it holds (at most `timeoutMs`: generous, a busy machine is slow). */
async function until(what: string, ok: () => boolean, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const json = (topic: string) => JSON.parse(last.get(topic) ?? 'null');

describe('MQTT for Home Assistant', () => {
  it('publishes discovery, states and events, and follows passes on the driven clock', async () => {
    const source = new ScriptedPasses();
    const aos1 = NOW + 30 * MINUTE;
    const aos2 = NOW + 3 * HOUR;
    source.passes.set(25544, [
      {
        revolution: 100,
        pass: scriptedPass(25544, aos1, {
          maxElevation: 61.5,
          visible: [aos1 + 2 * MINUTE, aos1 + 8 * MINUTE],
        }),
      },
      { revolution: 101, pass: scriptedPass(25544, aos2, { maxElevation: 20 }) },
    ]);
    const time = new FakeTime();
    const t = await alertsUnderTest({
      passSource: source,
      time,
      alerts: {
        mqtt: { url: broker.url, clientId: 'passwatch-test' },
        publicUrl: 'http://pw.lan:8080',
      },
    });
    try {
      const created = await t.api('POST', '/v1/subscriptions', {
        observer: 'home',
        satellites: [25544],
        events: [{ type: 'pass.aos' }, { type: 'pass.los' }],
        mqtt: true,
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.body.subscription.mqttTopic).toBe(`passwatch/subscriptions/${id}/events`);

      const sensor = 'homeassistant/sensor/passwatch/passwatch_home_25544_next_pass/config';
      const binary = 'homeassistant/binary_sensor/passwatch/passwatch_home_25544_overhead/config';
      await until(
        'discovery',
        () => last.has(sensor) && last.has(binary) && last.has('passwatch/home/25544/next_pass'),
      );
      expect(json(sensor)).toMatchObject({
        name: 'Next pass',
        unique_id: 'passwatch_home_25544_next_pass',
        device_class: 'timestamp',
        state_topic: 'passwatch/home/25544/next_pass',
        json_attributes_topic: 'passwatch/home/25544/next_pass/attributes',
        availability_topic: 'passwatch/status',
        device: {
          identifiers: ['passwatch_home_25544'],
          name: 'ISS (ZARYA) over home',
          manufacturer: 'passwatch',
        },
      });
      expect(json(binary)).toMatchObject({
        name: 'Overhead',
        unique_id: 'passwatch_home_25544_overhead',
        state_topic: 'passwatch/home/25544/overhead',
        payload_on: 'ON',
        payload_off: 'OFF',
        availability_topic: 'passwatch/status',
      });
      // Discovery and states are retained: a late subscriber (Home Assistant restarting) gets them.
      expect(seen.find((m) => m.topic === sensor)).toBeDefined();
      const late = await connectAsync(broker.url, { clientId: 'late' });
      const retained = new Map<string, string>();
      late.on('message', (topic, payload, packet) => {
        if (packet.retain) retained.set(topic, payload.toString());
      });
      await late.subscribeAsync('#', { qos: 1 });
      await until('retained', () => retained.has(sensor) && retained.has('passwatch/status'));
      expect(retained.get('passwatch/status')).toBe('online');
      await late.endAsync();

      expect(last.get('passwatch/home/25544/next_pass')).toBe(new Date(aos1).toISOString());
      expect(last.get('passwatch/home/25544/overhead')).toBe('OFF');
      expect(json('passwatch/home/25544/next_pass/attributes')).toEqual({
        norad_id: 25544,
        satellite: 'ISS (ZARYA)',
        observer: 'home',
        aos: new Date(aos1).toISOString(),
        tca: new Date(aos1 + 5 * MINUTE).toISOString(),
        los: new Date(aos1 + 10 * MINUTE).toISOString(),
        aos_azimuth: 200,
        los_azimuth: 90,
        max_elevation: 61.5,
        duration_seconds: 600,
        visible: true,
        visible_start: new Date(aos1 + 2 * MINUTE).toISOString(),
        visible_end: new Date(aos1 + 8 * MINUTE).toISOString(),
        magnitude: -2,
        track_url: `http://pw.lan:8080/v1/satellites/25544/track?pass=${encodeURIComponent(new Date(aos1).toISOString())}&observer=home`,
        // The elements' age at TCA, from the catalog's ISS set.
        elements_epoch: '2026-08-21T12:47:44.736288Z',
        elements_age_days: 0.991,
        stale: false,
        warning: null,
      });

      // AOS: the event on the subscription's topic, and the overhead sensor turns on.
      await t.advance(31 * MINUTE);
      const events = `passwatch/subscriptions/${id}/events`;
      await until(
        'overhead ON and the AOS event',
        () => last.get('passwatch/home/25544/overhead') === 'ON' && last.has(events),
      );
      const event = json(events);
      expect(event).toMatchObject({
        type: 'pass.aos',
        dueAt: new Date(aos1).toISOString(),
        satellite: { noradId: 25544 },
      });
      expect(seen.find((m) => m.topic === events)!.retain).toBe(false);
      // LOS: off again, the next pass is the second one.
      await t.advance(10 * MINUTE);
      await until('overhead OFF', () => last.get('passwatch/home/25544/overhead') === 'OFF');
      await until(
        'next pass',
        () => last.get('passwatch/home/25544/next_pass') === new Date(aos2).toISOString(),
      );
      expect(json(events)).toMatchObject({ type: 'pass.los' });
      const log = await t.api('GET', `/v1/subscriptions/${id}/deliveries`);
      expect(log.body.items.map((d: any) => [d.type, d.kind, d.state])).toEqual([
        ['pass.los', 'mqtt', 'delivered'],
        ['pass.aos', 'mqtt', 'delivered'],
      ]);

      // Home Assistant restarts and says it is online: everything is published again.
      const before = seen.length;
      await listener.publishAsync('homeassistant/status', 'online', { qos: 1 });
      await until(
        'republished discovery',
        () =>
          seen.slice(before).some((m) => m.topic === sensor) &&
          seen.slice(before).some((m) => m.topic === binary) &&
          seen.slice(before).some((m) => m.topic === 'passwatch/home/25544/next_pass'),
      );
      expect(seen.slice(before).some((m) => m.topic === 'passwatch/home/25544/next_pass')).toBe(
        true,
      );

      // The subscription goes: its entities are removed (empty retained configs).
      const removed = await t.api('DELETE', `/v1/subscriptions/${id}`);
      expect(removed.status).toBe(204);
      await until('entities removed', () => last.get(sensor) === '' && last.get(binary) === '');
      expect(last.get('passwatch/home/25544/next_pass')).toBe('');
    } finally {
      await t.stop();
    }
    // A clean stop marks passwatch offline.
    await until('offline', () => last.get('passwatch/status') === 'offline');
  });

  it('has a last will: the broker marks passwatch offline when the connection dies', async () => {
    const t = await alertsUnderTest({
      passSource: new ScriptedPasses(),
      alerts: { mqtt: { url: broker.url, clientId: 'passwatch-will' } },
    });
    try {
      await until('online', () => last.get('passwatch/status') === 'online');
      // Cut the TCP connection without a DISCONNECT, as a crash or a network failure would.
      (t.alerts.mqtt as unknown as { client: MqttClient }).client.stream.destroy();
      await until('offline by last will', () => last.get('passwatch/status') === 'offline');
    } finally {
      await t.stop();
    }
  });
});
