import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConjunctionError } from '../../src/watch/index.js';
import { tempDir } from '../catalog/helpers.js';
import { apiUnderTest, NOW } from './helpers.js';

const DAY_MS = 86_400_000;

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

  it('answers a satellite the screening cannot start with a 422 naming sat, through the error boundary', async () => {
    // No bundled object decays within the window, so the screening's refusal is made to happen.
    const refuse = vi
      .spyOn(api.handle.watch!, 'conjunctions')
      .mockRejectedValueOnce(
        new ConjunctionError('the primary 25544 cannot be propagated (SGP4 error 6)'),
      );
    const { res, body } = await api.get('/v1/conjunctions?sat=25544&days=7');
    refuse.mockRestore();
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(body.type).toBe('/problems/cannot-screen');
    expect(body.errors).toEqual([
      { parameter: 'sat', detail: 'the primary 25544 cannot be propagated (SGP4 error 6)' },
    ]);
  });

  it('screens the window from start (with its offset) for days, or to end, in JSON and ICS', async () => {
    const week = (await api.get('/v1/conjunctions?sat=25544&days=7&maxKm=25')).body.items[0]
      .approaches as ApproachJson[];
    // 2026-08-23T00:00+02:00 is 2026-08-22T22:00Z; two days from there.
    const startMs = Date.parse('2026-08-22T22:00:00Z');
    const endMs = startMs + 2 * DAY_MS;
    const inWindow = week.filter((a) => Date.parse(a.tca) >= startMs && Date.parse(a.tca) < endMs);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(week.length);
    const start = encodeURIComponent('2026-08-23T00:00:00+02:00');
    const byDays = (await api.get(`/v1/conjunctions?sat=25544&start=${start}&days=2&maxKm=25`)).body
      .items[0];
    expect(byDays.start).toBe('2026-08-22T22:00:00.000Z');
    expect(byDays.end).toBe('2026-08-24T22:00:00.000Z');
    const brief = (a: ApproachJson) => `${a.other.noradId}@${a.tca.slice(0, 19)}`;
    expect((byDays.approaches as ApproachJson[]).map(brief)).toEqual(inWindow.map(brief));
    const byEnd = (
      await api.get(`/v1/conjunctions?sat=25544&start=${start}&end=2026-08-24T22:00:00Z&maxKm=25`)
    ).body.items[0];
    expect(byEnd.end).toBe('2026-08-24T22:00:00.000Z');
    expect((byEnd.approaches as ApproachJson[]).map(brief)).toEqual(inWindow.map(brief));
    const { text } = await api.get(`/v1/conjunctions.ics?sat=25544&start=${start}&days=2&maxKm=25`);
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBe(inWindow.length);
    for (const a of inWindow) expect(text).toContain(`X-PASSWATCH-TCA:${a.tca.slice(0, 19)}`);
  });

  it('answers bad input with problem+json naming the parameter', async () => {
    for (const [q, parameter, status] of [
      ['sat=ISS', 'sat', 400],
      ['days=30', 'days', 400],
      ['maxKm=0', 'maxKm', 400],
      ['sat=999999', 'sat', 404],
      ['start=2026-08-23T00:00:00', 'start', 400],
      ['start=tomorrow', 'start', 400],
      ['end=2026-08-23', 'end', 400],
      ['start=2026-08-23T00:00:00Z&end=2026-08-22T00:00:00Z', 'end', 400],
      ['start=2026-08-23T00:00:00Z&days=1&end=2026-08-24T00:00:00Z', 'end', 400],
      ['start=2026-08-23T00:00:00Z&end=2026-09-23T00:00:00Z', 'end', 400],
    ] as const) {
      for (const path of ['/v1/conjunctions', '/v1/conjunctions.ics']) {
        const { res, body } = await api.get(`${path}?${q}`);
        expect(res.status, `${path}?${q}`).toBe(status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(body.errors.map((e: { parameter: string }) => e.parameter)).toContain(parameter);
      }
    }
  });
});

interface ObjectAtTca {
  noradId: number;
  epoch: string;
  ageDays: number;
  stale: boolean;
}

describe('element ages at the time of closest approach', () => {
  it('ages both objects at each TCA, flags them stale there, warns once per stale object, and says so in the ICS', async () => {
    // Eleven days on, the ISS's elements (epoch 2026-08-21) are 12 days old at the request:
    // not stale then, but past the 14-day limit at the approaches after 2026-09-04.
    api.clock.advance(11 * DAY_MS);
    try {
      const { body } = await api.get('/v1/conjunctions?sat=25544&days=7&maxKm=60');
      const [iss] = body.items;
      const requestAge = (NOW + 11 * DAY_MS - Date.parse(iss.satellite.epoch)) / DAY_MS;
      expect(iss.satellite.ageDays).toBeCloseTo(requestAge, 3);
      expect(iss.satellite.ageDays).toBeLessThan(14);
      expect(iss.satellite.staleAfterDays).toBe(14);
      expect(iss.satellite.stale).toBe(true);
      const approaches = iss.approaches as (ApproachJson & {
        satellite: ObjectAtTca;
        other: ObjectAtTca;
      })[];
      const staleIds = new Set<number>();
      for (const a of approaches) {
        expect(a.satellite.noradId).toBe(25544);
        for (const o of [a.satellite, a.other]) {
          const age = (Date.parse(a.tca) - Date.parse(o.epoch)) / DAY_MS;
          expect(o.ageDays).toBeCloseTo(age, 3);
          expect(o.stale).toBe(Math.abs(age) > 14);
          if (o.stale) staleIds.add(o.noradId);
        }
      }
      expect(approaches.some((a) => !a.satellite.stale)).toBe(true);
      expect(approaches.some((a) => a.satellite.stale)).toBe(true);
      // One warning per object stale at one of its approaches, the ISS first, at its latest.
      expect(iss.warnings).toHaveLength(staleIds.size);
      const last = approaches.at(-1)!;
      expect(iss.warnings[0]).toContain(
        `ISS (ZARYA) (25544): its elements (epoch ${iss.satellite.epoch.slice(0, 10)}) are ${Math.round(last.satellite.ageDays)} days old at this prediction, more than the 14-day limit (stale)`,
      );

      const { text } = await api.get('/v1/conjunctions.ics?sat=25544&days=7&maxKm=60');
      const events = text.replace(/\r\n /g, '').split('BEGIN:VEVENT').slice(1);
      expect(events).toHaveLength(approaches.length);
      for (const [i, a] of approaches.entries()) {
        expect(events[i]).toContain(`X-PASSWATCH-TCA:${a.tca.slice(0, 19)}`);
        const warned = (events[i]!.match(/WARNING: /g) ?? []).length;
        expect(warned).toBe(Number(a.satellite.stale) + Number(a.other.stale));
        expect(events[i]!.includes('(stale)')).toBe(a.satellite.stale || a.other.stale);
      }
    } finally {
      api.clock.advance(-11 * DAY_MS);
    }
  }, 180_000);
});

describe('conjunction.upcoming events', () => {
  it('are stored for the configured satellites after a screening, once per approach', async () => {
    const { body } = await api.get('/v1/events?type=conjunction.upcoming&sat=25544&limit=500');
    const events = body.items as {
      time: string;
      details: {
        otherNoradId: number;
        missKm: number;
        elementsEpoch: string;
        elementsAgeDays: number;
        stale: boolean;
        otherElementsEpoch: string;
        otherElementsAgeDays: number;
        otherStale: boolean;
        warnings: string[];
      };
    }[];
    // Both objects' elements aged at the TCA (fresh on the snapshot's day: no warning).
    for (const e of events) {
      const tca = Date.parse(e.time);
      const d = e.details;
      expect(d.elementsAgeDays).toBeCloseTo((tca - Date.parse(d.elementsEpoch)) / DAY_MS, 3);
      expect(d.otherElementsAgeDays).toBeCloseTo(
        (tca - Date.parse(d.otherElementsEpoch)) / DAY_MS,
        3,
      );
      expect(d.stale).toBe(d.elementsAgeDays > 14);
      expect(d.otherStale).toBe(Math.abs(d.otherElementsAgeDays) > 14);
      expect(d.warnings.length).toBe(Number(d.stale) + Number(d.otherStale));
    }
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
