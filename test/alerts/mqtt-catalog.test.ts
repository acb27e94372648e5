/**
 * Catalog watch events over MQTT, against a real mosquitto broker: a detected event is published
 * once on its subscription's topic (QoS 1, not retained), and not again after a restart.
 */
import { existsSync } from 'node:fs';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementSet } from '../../src/core/elements/index.js';
import { tempDir } from '../catalog/helpers.js';
import { importLater, newcomerFor } from '../watch/real-data.js';
import { alertsUnderTest, MOSQUITTO, NOW, startMosquitto } from './helpers.js';

type T = Awaited<ReturnType<typeof alertsUnderTest>>;

let broker: Awaited<ReturnType<typeof startMosquitto>>;
let listener: MqttClient;
const seen: { topic: string; payload: Record<string, any>; retain: boolean; qos: number }[] = [];

beforeAll(async () => {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(`${MOSQUITTO} is missing: apt-get install mosquitto (.ci/run installs it)`);
  }
  broker = await startMosquitto();
  listener = await connectAsync(broker.url, { clientId: 'catalog-listener' });
  listener.on('message', (topic, payload, packet) => {
    seen.push({
      topic,
      payload: JSON.parse(payload.toString()),
      retain: packet.retain,
      qos: packet.qos,
    });
  });
  await listener.subscribeAsync('passwatch/subscriptions/#', { qos: 1 });
});
afterAll(async () => {
  await listener?.endAsync();
  await broker?.stop();
});

async function start(dataDir: string): Promise<T> {
  const t = await alertsUnderTest({
    dataDir,
    alerts: { mqtt: { url: broker.url, clientId: 'passwatch-catalog' } },
  });
  await t.handle.watch!.idle();
  await t.alerts.idle();
  return t;
}

/** An import into the running passwatch (`importLater`), then wait for the watch and alerts. */
async function importSets(t: T, burnMs: number, hours: number, extra: ElementSet[]) {
  importLater(t.handle, NOW, { burnMs, hours, extra });
  await t.handle.watch!.idle();
  await t.alerts.idle();
}

describe('catalog events over MQTT', () => {
  it('publishes each detected event once on the subscription topic, and not again after a restart', async () => {
    const dataDir = tempDir();
    const t = await start(dataDir);
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      groups: ['amateur'],
      events: [{ type: 'catalog.manoeuvre' }, { type: 'catalog.new' }, { type: 'catalog.launch' }],
      mqtt: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const topic = `passwatch/subscriptions/${created.body.id}/events`;
    const onTopic = () => seen.filter((m) => m.topic === topic);

    const other = newcomerFor(t.handle.catalog);
    const newcomer = other.noradId;
    await importSets(t, 1, 1, [other]);
    await expect.poll(() => onTopic().length).toBe(3);
    const first = onTopic();
    expect(first.map((m) => m.payload.type).sort()).toEqual([
      'catalog.launch',
      'catalog.manoeuvre',
      'catalog.new',
    ]);
    for (const m of first) {
      expect(m.retain).toBe(false);
      expect(m.qos).toBe(1);
    }
    const burn = first.find((m) => m.payload.type === 'catalog.manoeuvre')!.payload;
    expect(burn.satellite.noradId).toBe(25544);
    expect(burn.catalogEvent.details.deltaVMPerS).toBeGreaterThan(0.8);
    expect(burn.catalogEvent.details.deltaVMPerS).toBeLessThan(1.2);
    expect(first.find((m) => m.payload.type === 'catalog.new')!.payload.satellite.noradId).toBe(
      newcomer,
    );
    const log = await t.api('GET', `/v1/subscriptions/${created.body.id}/deliveries`);
    expect(log.body.items.map((d: { kind: string; state: string }) => [d.kind, d.state])).toEqual([
      ['mqtt', 'delivered'],
      ['mqtt', 'delivered'],
      ['mqtt', 'delivered'],
    ]);
    await t.stop();

    // Restarted on the same data: the stored history is scanned again, nothing is republished.
    // A second burn after the restart is the marker: once it has arrived, anything the restart
    // would have sent again (due at start, before it) has arrived too.
    const again = await start(dataDir);
    try {
      await importSets(again, 2, 6, [other]);
      await expect.poll(() => onTopic().length).toBeGreaterThanOrEqual(4);
      await again.alerts.idle();
      const all = onTopic();
      expect(all).toHaveLength(4);
      const second = all[3]!.payload;
      expect(second.type).toBe('catalog.manoeuvre');
      expect(second.catalogEvent.details.deltaVMPerS).toBeGreaterThan(1.6);
      expect(new Set(all.map((m) => m.payload.id)).size).toBe(4);
      expect(new Set(all.map((m) => m.payload.catalogEvent.id)).size).toBe(4);
    } finally {
      await again.stop();
    }
  }, 180_000);
});
