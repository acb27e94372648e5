/**
 * The "scheduled passes only" filter: a subscription with `station` gets events only for the
 * passes the station's exact schedule works, so passes that overlap never both produce events.
 * Real elements (the bundled snapshot), a real webhook shared.receiver.
 */
import { describe, expect, it } from 'vitest';
import { alertsTestFile, HOUR, NOW } from './helpers.js';

const SATELLITES = [25544, 7530, 44909, 39444, 27607, 24278, 43017, 40069, 57166];
const STATIONS = {
  recorder: {
    observer: 'home',
    turnaroundSeconds: 60,
    satellites: SATELLITES.map((noradId, i) => ({ noradId, priority: SATELLITES.length - i })),
  },
};

const shared = alertsTestFile();

interface SchedulePass {
  noradId: number;
  aos: { time: string } | null;
  los: { time: string } | null;
  reason?: { kind: string };
}

const ms = (p: { time: string } | null) => (p ? Date.parse(p.time) : Number.NaN);

describe('subscriptions of a station’s scheduled passes only', () => {
  it('gives events of the scheduled passes only, never of two overlapping passes', async () => {
    const t = await shared.start({ config: { stations: STATIONS } });
    const events = [{ type: 'pass.aos' }, { type: 'pass.los' }];
    const created = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      station: 'recorder',
      events,
      webhook: { url: shared.receiver.url(), checkReachable: false },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.subscription.station).toBe('recorder');
    const everything = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      satellites: SATELLITES,
      events,
      webhook: { url: shared.receiver.url('/all'), checkReachable: false },
    });
    expect(everything.status).toBe(201);

    // The station's schedule over the planner's window (3 h back, 48 h + 1 h ahead).
    const start = new Date(NOW - 3 * HOUR).toISOString();
    const end = new Date(NOW + 49 * HOUR).toISOString();
    const plan = await t.api('GET', `/v1/stations/recorder/schedule?start=${start}&end=${end}`);
    expect(plan.status).toBe(200);
    const scheduled = (plan.body.scheduled as SchedulePass[]).filter(
      (p) => ms(p.aos) >= NOW && p.los !== null,
    );
    const conflicts = (plan.body.rejected as SchedulePass[]).filter(
      (p) => p.reason?.kind === 'conflict' && ms(p.aos) >= NOW && p.los !== null,
    );
    expect(scheduled.length).toBeGreaterThan(10);
    expect(conflicts.length).toBeGreaterThan(0);

    const aosEvents = (id: string) =>
      t.alerts
        .events(id, ['planned'])
        .filter((e) => e.type === 'pass.aos')
        .map((e) => ({ noradId: e.noradId, aos: Date.parse(e.due), los: Date.parse(e.los!) }))
        .sort((a, b) => a.aos - b.aos);
    const got = aosEvents(created.body.id);
    // Exactly the scheduled passes...
    expect(got.map((e) => [e.noradId, Math.round(e.aos / 1000)])).toEqual(
      scheduled.map((p) => [p.noradId, Math.round(ms(p.aos) / 1000)]),
    );
    // ...which never overlap...
    for (let i = 1; i < got.length; i++) expect(got[i]!.aos).toBeGreaterThan(got[i - 1]!.los);
    // ...while the same satellites without the filter give events of the conflicting passes too.
    const all = aosEvents(everything.body.id);
    for (const c of conflicts) {
      const near = (e: { noradId: number; aos: number }) =>
        e.noradId === c.noradId && Math.abs(e.aos - ms(c.aos)) < 1000;
      expect(all.some(near)).toBe(true);
      expect(got.some(near)).toBe(false);
    }

    // Delivery is as for any subscription: the first AOS arrives as a signed webhook.
    const first = got[0]!;
    await t.advance(first.aos - NOW + 1000);
    await shared.receiver.waitFor(1);
    const bodies = shared.receiver.bodies('/hook');
    expect(bodies[0]).toMatchObject({ type: 'pass.aos', satellite: { noradId: first.noradId } });
  });

  it('names the field of an unknown station, or of a satellite the station does not work', async () => {
    const t = await shared.start({ config: { stations: STATIONS } });
    const unknown = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      station: 'attic',
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url(), checkReachable: false },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual({
      parameter: 'station',
      detail: expect.stringMatching(/no radio station "attic"; known: recorder/),
    });
    const notWorked = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      station: 'recorder',
      satellites: [25544, 20580],
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url(), checkReachable: false },
    });
    expect(notWorked.status).toBe(400);
    expect(notWorked.body.errors.map((e: { parameter: string }) => e.parameter)).toEqual([
      'satellites.1',
    ]);
    const noTarget = await t.api('POST', '/v1/subscriptions', {
      observer: 'home',
      events: [{ type: 'pass.aos' }],
      webhook: { url: shared.receiver.url(), checkReachable: false },
    });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.errors[0].parameter).toBe('satellites');
  });
});
