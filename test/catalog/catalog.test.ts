import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogChange, type CatalogRecord } from '../../src/catalog/index.js';
import { type ElementSet, parseElements } from '../../src/core/elements/index.js';
import { PropagationError } from '../../src/core/orbit/index.js';
import { InputError } from '../../src/format/time.js';
import { fixture, TestClock } from './helpers.js';

const DAY_MS = 86_400_000;
const STATIONS = parseElements(fixture('elements/stations.tle'), 'stations').elements;
const AMATEUR = parseElements(fixture('elements/amateur.tle'), 'amateur').elements;

function records(): CatalogRecord[] {
  const byId = new Map<number, CatalogRecord>();
  for (const [group, sets] of [
    ['stations', STATIONS],
    ['amateur', AMATEUR],
  ] as const) {
    for (const el of sets) {
      const seen = byId.get(el.noradId);
      byId.set(el.noradId, {
        noradId: el.noradId,
        name: el.name,
        intlDesignator: el.intlDesignator,
        groups: seen ? [...seen.groups, group].sort() : [group],
        stdMagnitude: el.noradId === 25544 ? -1 : null,
        source: `celestrak:${group}`,
        elements: el,
        updatedMs: 0,
      });
    }
  }
  return [...byId.values()];
}

function catalog(clock = new TestClock(Date.parse('2026-08-22T00:00:00Z'))) {
  const c = new Catalog({ clock: clock.now, staleAfterDays: 14 }, records());
  return { c, clock };
}

describe('lookups', () => {
  it('finds objects by NORAD id with their element age and stale flag', () => {
    const { c, clock } = catalog();
    const iss = c.get(25544)!;
    expect(iss.name).toBe('ISS (ZARYA)');
    expect(iss.groups).toEqual(['amateur', 'stations']);
    expect(iss.ageDays).toBeCloseTo((clock.nowMs - iss.elements.epochMs) / DAY_MS, 12);
    expect(iss.stale).toBe(false);
    clock.advance(15 * DAY_MS);
    expect(c.get(25544)!.stale).toBe(true);
    expect(c.get(25544, Date.parse('2026-08-23T00:00:00Z'))!.stale).toBe(false);
    expect(c.get(1)).toBeUndefined();
    expect(c.has(25544)).toBe(true);
    expect(c.size).toBe(new Set([...STATIONS, ...AMATEUR].map((e) => e.noradId)).size);
  });

  it('lists groups with counts and their members', () => {
    const { c } = catalog();
    expect(c.groups()).toEqual([
      { name: 'amateur', count: AMATEUR.length },
      { name: 'stations', count: STATIONS.length },
    ]);
    expect(c.members('stations').map((r) => r.noradId)).toEqual(
      STATIONS.map((e) => e.noradId).sort((a, b) => a - b),
    );
    expect(c.members('nope')).toEqual([]);
    expect(c.hasGroup('amateur')).toBe(true);
  });

  it('summarises counts and ages', () => {
    const { c, clock } = catalog();
    const epochs = c.records().map((r) => r.elements.epochMs);
    const s = c.summary();
    expect(s).toMatchObject({
      objects: c.size,
      stale: 0,
      staleAfterDays: 14,
      oldestEpochMs: Math.min(...epochs),
      newestEpochMs: Math.max(...epochs),
    });
    clock.advance(30 * DAY_MS);
    expect(c.summary().stale).toBe(c.size);
  });
});

describe('search', () => {
  const { c } = catalog();
  const names = (page: { items: { name: string }[] }) => page.items.map((i) => i.name);

  it('ranks exact, prefix, word-prefix, then substring matches', () => {
    const page = c.search({ text: 'iss' });
    expect(page.items[0]!.noradId).toBe(25544);
    expect(page.total).toBe(page.items.length);
    for (const item of page.items) expect(item.name.toUpperCase()).toContain('ISS');
  });

  it('finds by NORAD id and by international designator, COSPAR or TLE style', () => {
    expect(c.search({ text: '25544' }).items[0]!.noradId).toBe(25544);
    expect(c.search({ text: '1998-067A' }).items.map((i) => i.noradId)).toEqual([25544]);
    expect(c.search({ text: '98067A' }).items.map((i) => i.noradId)).toEqual([25544]);
    const prefix = c.search({ text: '1998-067' });
    expect(prefix.items.length).toBeGreaterThan(1);
    for (const item of prefix.items) expect(item.intlDesignator).toMatch(/^1998-067/);
  });

  it('filters by group', () => {
    const page = c.search({ text: 'iss', group: 'stations', limit: 100 });
    for (const item of page.items) expect(item.groups).toContain('stations');
    expect(c.search({ group: 'stations', limit: 1000 }).total).toBe(STATIONS.length);
    expect(c.search({ group: 'unknown' }).total).toBe(0);
  });

  it('pages with cursors through every match exactly once', () => {
    const all = c.search({ limit: 1000 });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = c.search({ limit: 7, cursor });
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((i) => i.noradId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.items.map((i) => i.noradId));
    expect(names(c.search({ text: 'zzzz' }))).toEqual([]);
  });

  it('keeps cursors valid while the catalog changes', () => {
    const { c: live } = catalog();
    const first = live.search({ limit: 10 });
    const removed = first.items[3]!.noradId;
    live.apply({ upserts: [], removed: [removed], sources: ['test'] });
    const next = live.search({ limit: 10, cursor: first.nextCursor });
    expect(next.items[0]!.noradId).toBeGreaterThan(first.items.at(-1)!.noradId);
  });

  it('refuses bad cursors and page sizes naming the parameter', () => {
    expect(() => c.search({ cursor: 'garbage' })).toThrow(InputError);
    try {
      c.search({ cursor: 'garbage' });
    } catch (error) {
      expect((error as InputError).field).toBe('cursor');
    }
    for (const limit of [0, 1.5, 10_001]) {
      expect(() => c.search({ limit })).toThrow(/^limit must be a whole number from 1 to 10000/);
    }
  });
});

describe('orbits', () => {
  it('are built once and kept until the elements change', () => {
    const { c } = catalog();
    const orbit = c.orbit(25544)!;
    expect(c.orbit(25544)).toBe(orbit);
    expect(c.orbit(1)).toBeUndefined();
    const record = c.record(25544)!;
    // Metadata only: the orbit stays.
    c.apply({ upserts: [{ ...record, stdMagnitude: -2 }], removed: [], sources: ['test'] });
    expect(c.orbit(25544)).toBe(orbit);
    const moved: ElementSet = { ...record.elements, meanAnomalyDeg: 1, tle: null };
    c.apply({ upserts: [{ ...record, elements: moved }], removed: [], sources: ['test'] });
    expect(c.orbit(25544)).not.toBe(orbit);
    expect(c.orbit(25544)!.elements).toBe(moved);
  });

  it('report elements SGP4 cannot use', () => {
    const { c } = catalog();
    const record = c.record(25544)!;
    const broken: ElementSet = { ...record.elements, eccentricity: 1.5, tle: null };
    c.apply({ upserts: [{ ...record, elements: broken }], removed: [], sources: ['test'] });
    expect(() => c.orbit(25544)).toThrow(PropagationError);
  });
});

describe('change events', () => {
  it('announce added, changed, removed and updated objects, and bump the version', () => {
    const { c } = catalog();
    const seen: CatalogChange[] = [];
    const off = c.onChange((ch) => seen.push(ch));
    const iss = c.record(25544)!;
    const other = c.records().find((r) => r.noradId !== 25544)!;
    const fresh: CatalogRecord = {
      ...iss,
      noradId: 99999,
      elements: { ...iss.elements, noradId: 99999 },
    };
    const change = c.apply({
      upserts: [
        fresh,
        { ...iss, elements: { ...iss.elements, epochIso: '2026-08-22T00:00:00.000000Z' } },
        { ...other, name: 'RENAMED' },
      ],
      removed: [other.noradId === 0 ? 1 : c.records().at(-1)!.noradId],
      sources: ['celestrak:stations'],
    });
    expect(change).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({
      sources: ['celestrak:stations'],
      added: [99999],
      changed: [25544],
      updated: [other.noradId],
      version: 1,
    });
    expect(seen[0]!.removed).toHaveLength(1);
    expect(c.version).toBe(1);
    // The same data again: nothing to announce.
    expect(c.apply({ upserts: [fresh], removed: [12345678], sources: ['x'] })).toBeNull();
    expect(seen).toHaveLength(1);
    off();
    c.apply({ upserts: [], removed: [99999], sources: ['x'] });
    expect(seen).toHaveLength(1);
    expect(c.version).toBe(2);
  });

  it('a throwing listener does not stop the others', () => {
    const errors: unknown[] = [];
    const c = new Catalog({
      clock: () => 0,
      staleAfterDays: 14,
      onListenerError: (e) => errors.push(e),
    });
    const seen: CatalogChange[] = [];
    c.onChange(() => {
      throw new Error('boom');
    });
    c.onChange((ch) => seen.push(ch));
    c.replaceAll(records());
    expect(seen).toHaveLength(1);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('replaceAll announces the difference to the given records', () => {
    const { c } = catalog();
    const all = c.records();
    const change = c.replaceAll(all.slice(1));
    expect(change).toMatchObject({
      sources: ['store'],
      removed: [all[0]!.noradId],
      added: [],
      changed: [],
    });
  });
});
