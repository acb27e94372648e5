import { afterEach, describe, expect, it } from 'vitest';
import type { ElementSet } from '../../src/core/elements/index.js';
import { Watch, watchSettings } from '../../src/watch/index.js';
import { activeAugust, activeJuly } from './real-data.js';
import { AUGUST_MS, JULY_MS, watchUnderTest } from './setup.js';

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

function setup() {
  const t = watchUnderTest();
  open.push(t.close);
  return t;
}

// Not the whole catalogue (16,000 objects, too slow for a test on a busy machine): every object
// of the launches, decays and manoeuvres asserted below, and a few hundred others.
const KEEP = new Set([25544, 43013, 29643, 46129, 46142, 26702, 45081, 69095]);
const sample = (sets: ElementSet[]) =>
  sets.filter(
    (e) => KEEP.has(e.noradId) || e.noradId % 40 === 0 || e.intlDesignator?.startsWith('2026-'),
  );

describe('the catalog watch on the real July and August 2026 catalogues', () => {
  it('finds new objects grouped by launch, decays, manoeuvres and departures, each once', async () => {
    const t = setup();
    t.load(sample(activeJuly()), JULY_MS);
    t.watch.start();
    await t.watch.idle();
    // The first run remembers what is there: no "new" events for it.
    expect(t.store.events({ types: ['catalog.new'], limit: 10 })).toEqual([]);
    const july = t.store.eventCount();

    t.load(sample(activeAugust()), AUGUST_MS);
    await t.watch.idle();
    const events = t.store.events({ limit: 10_000 });
    expect(events.length).toBeGreaterThan(july);

    // New objects: launched after the July snapshot, grouped per launch.
    const added = new Set(sample(activeAugust()).map((e) => e.noradId));
    for (const e of sample(activeJuly())) added.delete(e.noradId);
    const news = events.filter((e) => e.type === 'catalog.new');
    expect(new Set(news.map((e) => e.noradId))).toEqual(added);
    const launches = events.filter((e) => e.type === 'catalog.launch');
    expect(launches.length).toBeGreaterThan(0);
    for (const l of launches) {
      const members = l.details.members as number[];
      expect(members.length).toBeGreaterThan(0);
      for (const id of members) {
        expect(news.find((n) => n.noradId === id)?.launch).toBe(l.launch);
      }
    }
    expect(new Set(launches.map((l) => l.launch)).size).toBe(launches.length);

    // STARLINK-1623 is coming down; ODIN (perigee ~305 km) left the catalogue.
    const decay = events.filter((e) => e.type === 'catalog.decay');
    expect(
      decay.find((e) => e.noradId === 46129 && e.details.reason === 'sgp4-decay'),
    ).toBeDefined();
    const odin = decay.find((e) => e.noradId === 26702)!;
    expect(odin.details.reason).toBe('left-catalog');

    // WILDBLUE-1 relocated; NOAA 20 and the ISS did nothing the expectation does not cover.
    const manoeuvres = events.filter((e) => e.type === 'catalog.manoeuvre');
    const wildblue = manoeuvres.find((e) => e.noradId === 29643)!;
    expect(wildblue.windowStartMs).toBeLessThan(wildblue.windowEndMs!);
    expect(wildblue.details.deltaSemiMajorAxisKm as number).toBeGreaterThan(250);
    expect(manoeuvres.find((e) => e.noradId === 43013)).toBeUndefined();

    // Every stored event was published once.
    expect(t.published.map((e) => e.id).sort((a, b) => a - b)).toEqual(
      events.map((e) => e.id).sort((a, b) => a - b),
    );

    // Again over the stored history, and after a restart: nothing new.
    const count = t.store.eventCount();
    expect(await t.watch.scanStored()).toBe(0);
    await t.watch.stop();
    const again = new Watch({
      settings: watchSettings.parse({}),
      store: t.store,
      catalogStore: t.catalogStore,
      catalog: t.catalog,
      clock: () => t.clock.nowMs,
      log: () => {},
    });
    again.start();
    await again.idle();
    await again.stop();
    expect(t.store.eventCount()).toBe(count);
  }, 120_000);

  it('on a store that already holds history, the first run finds its manoeuvres without calling anything new', async () => {
    const t = setup();
    t.load(sample(activeJuly()), JULY_MS);
    t.load(sample(activeAugust()), AUGUST_MS);
    t.watch.start();
    await t.watch.idle();
    const events = t.store.events({ limit: 10_000 });
    expect(events.filter((e) => e.type === 'catalog.new')).toEqual([]);
    expect(events.find((e) => e.type === 'catalog.manoeuvre' && e.noradId === 29643)).toBeDefined();
    await t.watch.stop();
  }, 120_000);

  it('filters events by type, object, group and page', async () => {
    const t = setup();
    t.load(sample(activeJuly()), JULY_MS);
    t.watch.start();
    await t.watch.idle();
    t.load(sample(activeAugust()), AUGUST_MS);
    await t.watch.idle();
    await t.watch.stop();
    const all = t.store.events({ limit: 10_000 });
    const first = t.store.events({ limit: 3 });
    expect(first).toEqual(all.slice(0, 3));
    expect(t.store.events({ limit: 3, beforeId: first[2]!.id })).toEqual(all.slice(3, 6));
    expect(t.store.events({ noradId: 29643, limit: 100 }).every((e) => e.noradId === 29643)).toBe(
      true,
    );
    expect(
      t.store
        .events({ types: ['catalog.decay'], limit: 100 })
        .every((e) => e.type === 'catalog.decay'),
    ).toBe(true);
    expect(t.store.events({ group: 'active', limit: 10_000 }).length).toBe(
      all.filter((e) => e.groups.includes('active')).length,
    );
    expect(t.store.events({ group: 'nope', limit: 100 })).toEqual([]);
    expect(t.store.events({ sinceMs: AUGUST_MS + 1, limit: 100 })).toEqual([]);
  }, 120_000);
});
