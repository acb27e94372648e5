import { Body, Equator, Horizon, MakeTime, Observer } from 'astronomy-engine';
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/index.js';
import { bundledStdMagnitude } from '../../src/catalog/magnitudes.js';
import type { ElementSet } from '../../src/core/elements/index.js';
import { Site } from '../../src/core/orbit/index.js';
import { predictMany } from '../../src/predict/many.js';
import type { LaunchVisibility, WatchEvent } from '../../src/watch/index.js';
import { activeAugust, activeJuly } from './real-data.js';
import { AUGUST_MS, JULY_MS, watchUnderTest } from './setup.js';

const DAY_MS = 86_400_000;
const OBSERVERS = {
  home: { lat: 52, lon: 5, alt: 10, minElevation: 10, horizonMask: null, timezone: null },
  capetown: {
    lat: -33.92,
    lon: 18.42,
    alt: 20,
    minElevation: 0,
    horizonMask: null,
    timezone: null,
  },
};

/** The Sun's apparent right ascension and declination (of date) from an observer, for `Horizon`. */
function raDec(ms: number, o: { lat: number; lon: number; alt: number }): [number, number] {
  const eq = Equator(
    Body.Sun,
    MakeTime(new Date(ms)),
    new Observer(o.lat, o.lon, o.alt),
    true,
    true,
  );
  return [eq.ra, eq.dec];
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

/** The July then August catalogues (a sample: every 2026 launch and some others) through a Watch. */
async function launchesFound(): Promise<{ launches: WatchEvent[]; catalog: Catalog }> {
  // Magnitudes from the bundled table, as passwatch opens its store.
  const magnitude = (id: number, meanMotion: number | null) =>
    bundledStdMagnitude(id, meanMotion)?.stdMag ?? null;
  const { watch, store, catalog, published, load, close } = watchUnderTest(undefined, {
    settings: { conjunctions: { satellites: [] } },
    observers: OBSERVERS,
    magnitudes: magnitude,
  });
  open.push(close);
  const sample = (sets: readonly ElementSet[]) =>
    sets.filter(
      (e) =>
        e.noradId % 50 === 0 ||
        magnitude(e.noradId, null) !== null ||
        e.intlDesignator?.startsWith('20'),
    );
  load(sample(activeJuly()), JULY_MS);
  watch.start();
  await watch.idle();
  load(sample(activeAugust()), AUGUST_MS);
  await watch.idle();
  await watch.stop();
  const launches = published.filter((e) => e.type === 'catalog.launch');
  // What was published is what is stored.
  for (const l of launches) expect(store.eventByKey(l.key)!.details).toEqual(l.details);
  return { launches, catalog };
}

describe('when a new launch is first visible from each named observer', () => {
  it('searches a few of its objects from every observer and gives the first visible part, on the July→August launches', async () => {
    const { launches, catalog } = await launchesFound();
    expect(launches.length).toBeGreaterThan(5);
    let found = 0;
    for (const launch of launches) {
      const v = launch.details.visibility as LaunchVisibility;
      const members = launch.details.members as number[];
      expect(v.from).toBe(new Date(AUGUST_MS).toISOString());
      expect(v.days).toBe(7);
      // Bounded: at most 3 objects, members of the launch, those with a magnitude first.
      expect(v.objects.length).toBe(Math.min(3, members.length));
      for (const o of v.objects) expect(members).toContain(o.noradId);
      const known = members.filter((id) => catalog.record(id)!.stdMagnitude !== null).length;
      expect(v.objects.filter((o) => o.stdMagnitude !== null).length).toBe(Math.min(3, known));
      expect(Object.keys(v.firstVisible).sort()).toEqual(['capetown', 'home']);
      for (const [name, first] of Object.entries(v.firstVisible)) {
        const searched = v.objects.map((o) => catalog.record(o.noradId)!);
        // The same pass search the API runs, over the same objects: its earliest visible part.
        const o = OBSERVERS[name as keyof typeof OBSERVERS];
        const { items } = await predictMany(searched, {
          observer: { latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt },
          horizonMask: null,
          startMs: AUGUST_MS,
          endMs: AUGUST_MS + 7 * DAY_MS,
          minElevationDeg: o.minElevation,
          visibleOnly: true,
          maxMagnitude: 6,
          maxSunElevationDeg: -6,
        });
        const starts = items.map((i) => i.pass.visible[0]!.start.timeMs);
        if (first === null) {
          expect(items, `${launch.launch} from ${name}`).toEqual([]);
          continue;
        }
        found++;
        expect(Math.abs(Date.parse(first.start) - Math.min(...starts))).toBeLessThan(1);
        expect(first.brightestMagnitude).not.toBeNull();
        expect(first.brightestMagnitude!).toBeLessThanOrEqual(6);
        // Independently of the search: at its start the object is above the observer's
        // threshold, and the Sun is at or below −6° there.
        const record = catalog.record(first.noradId)!;
        const at = Date.parse(first.start);
        const site = new Site({ latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt });
        expect(catalog.orbit(first.noradId)!.look(at, site).elevationDeg).toBeGreaterThan(
          o.minElevation - 0.1,
        );
        const sun = Horizon(
          MakeTime(new Date(at)),
          new Observer(o.lat, o.lon, o.alt),
          ...raDec(at, o),
        );
        expect(sun.altitude).toBeLessThanOrEqual(-6 + 0.05);
        expect(record.stdMagnitude).not.toBeNull();
        expect(first.elementsAgeDays).toBeCloseTo(
          (Date.parse(first.start) - record.elements.epochMs) / DAY_MS,
          3,
        );
        expect(first.stale).toBe(first.elementsAgeDays > 14);
      }
      // Objects with no known magnitude are never `visible`.
      if (v.objects.every((x) => x.stdMagnitude === null)) {
        expect(Object.values(v.firstVisible)).toEqual([null, null]);
      }
    }
    // Some launch of these two months is visible from one of the observers within a week: a
    // Starlink of 2026-040 (standard magnitude 7, known), from home two nights after detection.
    expect(found).toBeGreaterThan(0);
    const starlink = launches.find((l) => l.launch === '2026-040')!.details
      .visibility as LaunchVisibility;
    expect(starlink.firstVisible.home).toMatchObject({
      noradId: 68028,
      start: expect.stringMatching(/^2026-08-24T02:36:2\d/),
    });
    // The new launches of August (Qianfan, Starlink, a rideshare) have no magnitude yet.
    for (const l of ['2026-153', '2026-156', '2026-157', '2026-159']) {
      const v = launches.find((x) => x.launch === l)!.details.visibility as LaunchVisibility;
      expect(v.objects.every((o) => o.stdMagnitude === null)).toBe(true);
    }
  }, 180_000);
});
