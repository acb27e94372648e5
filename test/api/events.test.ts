import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLater, newcomerFor } from '../watch/real-data.js';
import { apiUnderTest, NOW } from './helpers.js';

type Api = Awaited<ReturnType<typeof apiUnderTest>>;
let api: Api;
/** A real object of the August catalogue that the bundled snapshot does not hold. */
let newcomer: number;

beforeAll(async () => {
  api = await apiUnderTest();
  await api.handle.watch!.idle();
  // A later import: the ISS after a 1 m/s prograde burn, an hour after its snapshot set, and
  // one object the catalog has not seen.
  const other = newcomerFor(api.handle.catalog);
  newcomer = other.noradId;
  importLater(api.handle, NOW, { extra: [other], groups: ['later'] });
  await api.handle.watch!.idle();
}, 120_000);
afterAll(() => api.stop());

describe('GET /v1/events', () => {
  it('lists the manoeuvre, the new object and its launch, newest first', async () => {
    const { status, body } = await api.get('/v1/events?limit=100');
    expect(status).toBe(200);
    const items = body.items as {
      id: number;
      type: string;
      noradId: number | null;
      details: Record<string, unknown>;
    }[];
    const ids = items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const burn = items.find((e) => e.type === 'catalog.manoeuvre' && e.noradId === 25544)!;
    expect(burn.details.deltaVMPerS as number).toBeGreaterThan(0.8);
    expect(burn.details.deltaVMPerS as number).toBeLessThan(1.2);
    expect(items.find((e) => e.type === 'catalog.new' && e.noradId === newcomer)).toBeDefined();
    const launch = items.find((e) => e.type === 'catalog.launch')!;
    expect(launch.details.members).toContain(newcomer);
  });

  it('filters by type, satellite, group and time, and pages with the cursor', async () => {
    const man = await api.get('/v1/events?type=catalog.manoeuvre,catalog.decay');
    expect(man.body.items.length).toBeGreaterThan(0);
    for (const e of man.body.items)
      expect(['catalog.manoeuvre', 'catalog.decay']).toContain(e.type);
    const iss = await api.get('/v1/events?sat=25544');
    expect(iss.body.items.every((e: { noradId: number }) => e.noradId === 25544)).toBe(true);
    const later = await api.get('/v1/events?group=later');
    expect(later.body.items.map((e: { noradId: number }) => e.noradId)).toContain(newcomer);
    expect((await api.get('/v1/events?group=nothing-here')).body.items).toEqual([]);
    const future = await api.get(
      `/v1/events?since=${encodeURIComponent('2030-01-01T00:00:00+02:00')}`,
    );
    expect(future.body.items).toEqual([]);

    const all = (await api.get('/v1/events?limit=100')).body.items as { id: number }[];
    const first = await api.get('/v1/events?limit=1');
    expect(first.body.items.map((e: { id: number }) => e.id)).toEqual([all[0]!.id]);
    const second = await api.get(`/v1/events?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { id: number }) => e.id)).toEqual([all[1]!.id]);
  });

  it('answers bad input with problem+json naming the parameter', async () => {
    for (const [query, parameter] of [
      ['type=catalog.explosion', 'type'],
      ['since=2026-08-01T00:00', 'since'],
      ['since=yesterday', 'since'],
      ['sat=ISS', 'sat'],
      ['limit=0', 'limit'],
      ['cursor=abc', 'cursor'],
    ] as const) {
      const { res, body } = await api.get(`/v1/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        body.errors.map((e: { parameter: string }) => e.parameter),
        query,
      ).toContain(parameter);
    }
  });
});

describe('GET /v1/satellites/{noradId}/history', () => {
  it('gives the element sets over time with perigee, apogee and period, and the events', async () => {
    const { status, body } = await api.get('/v1/satellites/25544/history');
    expect(status).toBe(200);
    expect(body.inCatalog).toBe(true);
    expect(body.elementSets.length).toBe(2);
    const [before, after] = body.elementSets;
    expect(before.current).toBe(false);
    expect(after.current).toBe(true);
    expect(Date.parse(after.epoch) - Date.parse(before.epoch)).toBe(3_600_000);
    expect(after.apogeeKm).toBeGreaterThan(before.apogeeKm);
    expect(before.perigeeKm).toBeGreaterThan(350);
    expect(before.periodMinutes).toBeGreaterThan(90);
    expect(body.events.map((e: { type: string }) => e.type)).toContain('catalog.manoeuvre');
  });

  it('is 404 problem+json for an object without stored sets and 400 for a bad id', async () => {
    const missing = await api.get('/v1/satellites/999999999/history');
    expect(missing.status).toBe(404);
    expect(missing.res.headers.get('content-type')).toContain('application/problem+json');
    const bad = await api.get('/v1/satellites/ISS/history');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameter).toBe('noradId');
  });
});
