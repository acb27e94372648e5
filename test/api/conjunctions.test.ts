import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../catalog/helpers.js';
import { apiUnderTest } from './helpers.js';

type Api = Awaited<ReturnType<typeof apiUnderTest>>;
let api: Api;

beforeAll(async () => {
  // The bundled snapshot (2026-08-22), screened from the test clock for 7 days at 25 km.
  const file = join(tempDir(), 'passwatch.json');
  writeFileSync(file, JSON.stringify({ watch: { conjunctions: { maxKm: 25 } } }));
  api = await apiUnderTest({ PASSWATCH_CONFIG: file });
  await api.handle.watch!.idle();
}, 180_000);
afterAll(() => api.stop());

interface ApproachJson {
  tca: string;
  missKm: number;
  relativeSpeedKmS: number;
  other: { noradId: number; name: string };
}

describe('GET /v1/conjunctions', () => {
  it('lists the ISS approaches under the threshold by TCA, leaving out its own docked modules', async () => {
    const { status, body } = await api.get('/v1/conjunctions?sat=25544&days=7&maxKm=25');
    expect(status).toBe(200);
    const [iss] = body.items;
    expect(iss.satellite.noradId).toBe(25544);
    expect(iss.start).toBe('2026-08-22T12:00:00.000Z');
    const approaches = iss.approaches as ApproachJson[];
    expect(approaches.length).toBeGreaterThan(0);
    const times = approaches.map((a) => Date.parse(a.tca));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const a of approaches) {
      expect(a.missKm).toBeLessThan(25);
      expect(a.relativeSpeedKmS).toBeGreaterThan(0.01);
    }
    // The closest: with a CubeSat, 8.3 km on 2026-08-24 (the same case as the reference test).
    const closest = approaches.reduce((a, b) => (a.missKm < b.missKm ? a : b));
    expect(closest.other.noradId).toBe(62391);
    expect(closest.missKm).toBeCloseTo(8.31, 1);
    expect(iss.screening.coLocated).toContain(49044);
    expect(approaches.some((a) => iss.screening.coLocated.includes(a.other.noradId))).toBe(false);
  });

  it('screens the configured satellites when none is given', async () => {
    const { body } = await api.get('/v1/conjunctions?days=1');
    expect(body.items.map((i: { satellite: { noradId: number } }) => i.satellite.noradId)).toEqual([
      25544, 48274,
    ]);
    expect(body.items[0].maxKm).toBe(25);
  });

  it('serves the approaches as an iCalendar feed', async () => {
    const json = (await api.get('/v1/conjunctions?sat=25544&maxKm=25')).body;
    const { res, text } = await api.get('/v1/conjunctions.ics?sat=25544&maxKm=25');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBe(json.items[0].approaches.length);
    expect(text).toContain('X-PASSWATCH-TCA:2026-08-24T01:23:27');
  });

  it('answers bad input with problem+json naming the parameter', async () => {
    for (const [q, parameter, status] of [
      ['sat=ISS', 'sat', 400],
      ['days=30', 'days', 400],
      ['maxKm=0', 'maxKm', 400],
      ['sat=999999', 'sat', 404],
    ] as const) {
      const { res, body } = await api.get(`/v1/conjunctions?${q}`);
      expect(res.status, q).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(body.errors.map((e: { parameter: string }) => e.parameter)).toContain(parameter);
    }
  });
});

describe('conjunction.upcoming events', () => {
  it('are stored for the configured satellites after a screening, once per approach', async () => {
    const { body } = await api.get('/v1/events?type=conjunction.upcoming&sat=25544&limit=500');
    const events = body.items as {
      time: string;
      details: { otherNoradId: number; missKm: number };
    }[];
    const screened = (await api.get('/v1/conjunctions?sat=25544&maxKm=25')).body.items[0]
      .approaches as ApproachJson[];
    expect(events.length).toBe(screened.length);
    for (const a of screened) {
      expect(
        events.some(
          (e) =>
            e.details.otherNoradId === a.other.noradId &&
            Math.abs(Date.parse(e.time) - Date.parse(a.tca)) < 1000,
        ),
      ).toBe(true);
    }
    // Screening again (a new refresh with the same elements) adds nothing.
    await api.handle.watch!.screenConfigured();
    const again = (await api.get('/v1/events?type=conjunction.upcoming&sat=25544&limit=500')).body;
    expect(again.items.length).toBe(events.length);
    // The other object's events list shows it too.
    const other = (await api.get('/v1/events?type=conjunction.upcoming&sat=62391')).body.items;
    expect(other.length).toBeGreaterThan(0);
  });
});
