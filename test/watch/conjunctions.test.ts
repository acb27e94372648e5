/**
 * Objects docked together on the other side make one approach: on the real August 2026
 * catalogue, the ISS passes 36.6 km from the Chinese space station, catalogued as five objects
 * (Tianhe, Wentian, Mengtian, Shenzhou-23, Tianzhou-10) with their own element sets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screenCatalog } from '../../src/watch/index.js';
import { activeAugust } from './real-data.js';
import { AUGUST_MS, watchUnderTest } from './setup.js';

const CSS = [48274, 53239, 54216, 69049, 69180];
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

describe('close approaches to objects docked together', () => {
  it('are one approach, to the lowest NORAD id, listing the docked objects', async () => {
    const t = watchUnderTest(undefined, {
      settings: { conjunctions: { satellites: [25544], days: 7, maxKm: 40 } },
    });
    open.push(t.close);
    // The ISS, the station's five objects, and every 20th object of the catalogue.
    t.load(
      activeAugust().filter(
        (e) => e.noradId === 25544 || CSS.includes(e.noradId) || e.noradId % 20 === 0,
      ),
      AUGUST_MS,
    );
    const q = { noradId: 25544, startMs: AUGUST_MS, days: 7, maxKm: 40 };
    const result = await screenCatalog(t.catalog, q);
    const station = result.approaches.filter((a) => CSS.includes(a.other.noradId));
    expect(station).toHaveLength(1);
    const [css] = station;
    expect(css!.other.noradId).toBe(48274);
    expect(css!.missKm).toBeCloseTo(36.56, 1);
    expect(css!.coOrbiting.map((c) => c.other.noradId)).toEqual([53239, 54216, 69049, 69180]);
    for (const c of css!.coOrbiting) {
      expect(Math.abs(c.tcaMs - css!.tcaMs)).toBeLessThan(1000);
      expect(Math.abs(c.missKm - css!.missKm)).toBeLessThan(2);
    }
    // Other approaches stand alone.
    const others = result.approaches.filter((a) => !CSS.includes(a.other.noradId));
    expect(others.length).toBeGreaterThan(0);
    for (const a of others) expect(a.coOrbiting).toEqual([]);

    // Stored as one conjunction.upcoming event, with the docked objects in its details.
    t.watch.start();
    await t.watch.idle();
    const events = t.store.events({ types: ['conjunction.upcoming'], limit: 1000 });
    expect(events).toHaveLength(result.approaches.length);
    const toStation = events.filter((e) => CSS.includes(e.details.otherNoradId as number));
    expect(toStation).toHaveLength(1);
    expect(toStation[0]!.details.otherNoradId).toBe(48274);
    expect(
      (toStation[0]!.details.coOrbiting as { noradId: number }[]).map((c) => c.noradId),
    ).toEqual([53239, 54216, 69049, 69180]);
  }, 120_000);
});
