import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchStore } from '../../src/watch/index.js';
import { tempDir } from '../catalog/helpers.js';
import { importLater, newcomerFor } from '../watch/real-data.js';
import { alertsUnderTest, NOW, Receiver } from './helpers.js';

type T = Awaited<ReturnType<typeof alertsUnderTest>>;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function start(dataDir: string, config: Record<string, unknown> = {}): Promise<T> {
  const t = await alertsUnderTest({ dataDir, config });
  cleanup.push(() => t.stop());
  await t.handle.watch!.idle();
  await t.alerts.idle();
  return t;
}

/** A later import into the running passwatch: the ISS after a 1 m/s burn, and a new object. */
async function laterImport(t: T): Promise<number> {
  const newcomer = newcomerFor(t.handle.catalog);
  importLater(t.handle, NOW, { extra: [newcomer] });
  await t.handle.watch!.idle();
  await t.alerts.idle();
  return newcomer.noradId;
}

describe('catalog watch events through the subscriptions', () => {
  it('delivers catalog.manoeuvre, catalog.new and catalog.launch once each, to the subscriptions asking', async () => {
    const receiver = await Receiver.start();
    cleanup.push(() => receiver.close());
    const dataDir = tempDir();
    const t = await start(dataDir);
    const watching = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      groups: ['amateur'],
      events: [{ type: 'catalog.manoeuvre' }, { type: 'catalog.new' }, { type: 'catalog.launch' }],
      webhook: { url: receiver.url('/watch') },
    });
    expect(watching.status, JSON.stringify(watching.body)).toBe(201);
    const passesOnly = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.aos' }],
      webhook: { url: receiver.url('/passes') },
    });
    expect(passesOnly.status).toBe(201);

    const newcomer = await laterImport(t);
    await receiver.waitFor(3);
    await t.alerts.idle();
    const bodies = receiver.bodies('/watch');
    expect(bodies.map((b) => b.type).sort()).toEqual([
      'catalog.launch',
      'catalog.manoeuvre',
      'catalog.new',
    ]);
    const burn = bodies.find((b) => b.type === 'catalog.manoeuvre');
    expect(burn.satellite.noradId).toBe(25544);
    expect(burn.catalogEvent.details.deltaVMPerS).toBeGreaterThan(0.8);
    expect(burn.catalogEvent.details.deltaVMPerS).toBeLessThan(1.2);
    expect(burn.links.events).toBe('/v1/events?sat=25544');
    expect(bodies.find((b) => b.type === 'catalog.new').satellite.noradId).toBe(newcomer);
    expect(bodies.find((b) => b.type === 'catalog.launch').catalogEvent.details.members).toContain(
      newcomer,
    );
    // With when the launch is first visible from the configured observer (or null: not in a week).
    const visibility = bodies.find((b) => b.type === 'catalog.launch').catalogEvent.details
      .visibility;
    expect(Object.keys(visibility.firstVisible)).toEqual(['home']);
    expect(visibility.objects.map((o: { noradId: number }) => o.noradId)).toEqual([newcomer]);
    expect(receiver.bodies('/passes').filter((b) => b.type.startsWith('catalog.'))).toEqual([]);
    // Signed like pass events.
    expect(receiver.received[0]!.headers['webhook-signature']).toMatch(/^v1,/);

    // A restart finds nothing new: nothing is delivered twice.
    await t.stop();
    cleanup.length = 1;
    const again = await start(dataDir);
    await again.alerts.idle();
    expect(receiver.bodies('/watch')).toHaveLength(3);
  }, 120_000);

  it('delivers an event stored while the alerts were down once the server is back', async () => {
    const receiver = await Receiver.start();
    cleanup.push(() => receiver.close());
    const dataDir = tempDir();
    const t = await start(dataDir);
    await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'catalog.decay' }],
      webhook: { url: receiver.url('/watch') },
    });
    await t.stop();
    cleanup.length = 1;
    // As if the watch stored an event and the process died before handing it over.
    const store = WatchStore.open(join(dataDir, 'watch.sqlite'));
    store.addEvent({
      key: 'decay:25544:perigee-low',
      type: 'catalog.decay',
      noradId: 25544,
      name: 'ISS (ZARYA)',
      launch: '1998-067',
      groups: ['stations'],
      timeMs: NOW,
      windowStartMs: null,
      windowEndMs: null,
      detectedMs: NOW,
      details: { reason: 'perigee-low', perigeeKm: 190 },
    });
    store.close();
    const again = await start(dataDir);
    await receiver.waitFor(1);
    await again.alerts.idle();
    const bodies = receiver.bodies('/watch');
    expect(bodies).toHaveLength(1);
    expect(bodies[0].type).toBe('catalog.decay');
    expect(bodies[0].catalogEvent.details.reason).toBe('perigee-low');
  }, 120_000);

  it('delivers conjunction.upcoming once per approach, to the subscriptions asking, and not again after a restart', async () => {
    const receiver = await Receiver.start();
    cleanup.push(() => receiver.close());
    const dataDir = tempDir();
    // Subscribe while nothing is screened, then restart screening the ISS within 25 km.
    const first = await start(dataDir, { watch: { conjunctions: { satellites: [] } } });
    const approaches = await first.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'conjunction.upcoming' }],
      webhook: { url: receiver.url('/approaches') },
    });
    expect(approaches.status, JSON.stringify(approaches.body)).toBe(201);
    const otherTypes = await first.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'catalog.manoeuvre' }, { type: 'catalog.decay' }],
      webhook: { url: receiver.url('/others') },
    });
    expect(otherTypes.status).toBe(201);
    await first.stop();
    cleanup.length = 1;

    const screening = { watch: { conjunctions: { satellites: [25544], maxKm: 25 } } };
    const t = await start(dataDir, screening);
    const stored = t.handle.watch!.events({ types: ['conjunction.upcoming'], limit: 1000 });
    // The same approaches as the bundled-snapshot screening (the CubeSat 62391 at 8.3 km among them).
    expect(stored.length).toBeGreaterThan(1);
    await receiver.waitFor(stored.length);
    await t.alerts.idle();
    const bodies = receiver.bodies('/approaches');
    expect(bodies.map((b) => b.catalogEvent.id).sort((a, b) => a - b)).toEqual(
      stored.map((e) => e.id).sort((a, b) => a - b),
    );
    for (const b of bodies) {
      expect(b.type).toBe('conjunction.upcoming');
      expect(b.satellite.noradId).toBe(25544);
      expect(b.pass).toBeNull();
      const e = stored.find((x) => x.id === b.catalogEvent.id)!;
      expect(Math.abs(Date.parse(b.catalogEvent.time) - e.timeMs)).toBeLessThan(1);
      expect(b.catalogEvent.details.otherNoradId).toBe(e.details.otherNoradId);
      expect(b.catalogEvent.details.missKm).toBeLessThan(25);
    }
    const closest = bodies.find((b) => b.catalogEvent.details.otherNoradId === 62391);
    expect(closest.catalogEvent.details.missKm).toBeCloseTo(8.31, 1);
    expect(receiver.bodies('/others')).toEqual([]);

    // Restarted with the same elements and clock: the approaches are found again, not sent again.
    await t.stop();
    cleanup.length = 1;
    const again = await start(dataDir, screening);
    expect(
      again.handle.watch!.events({ types: ['conjunction.upcoming'], limit: 1000 }),
    ).toHaveLength(stored.length);
    await again.alerts.idle();
    expect(receiver.bodies('/approaches')).toHaveLength(stored.length);
    expect(receiver.received).toHaveLength(stored.length);
  }, 180_000);

  it('accepts the catalog event types in a subscription and refuses unknown ones, naming the field', async () => {
    const t = await start(tempDir());
    const bad = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'catalog.explosion' }],
      webhook: { url: 'http://127.0.0.1:9/x', checkReachable: false },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('events.0.type');
  }, 60_000);
});
