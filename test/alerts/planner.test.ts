/**
 * Planning: events for 48 hours ahead from the real pass predictions, and re-planning after the
 * elements change (passes that move by seconds keep their identity, vanished passes are
 * cancelled, new ones are added) or the subscription changes.
 */
import { describe, expect, it } from 'vitest';
import { passKey, wantedEvents } from '../../src/alerts/index.js';
import type { CatalogRecord } from '../../src/catalog/index.js';
import { SunTrack } from '../../src/core/sky/index.js';
import { predictOne } from '../../src/predict/many.js';
import { DEFAULT_MAX_MAGNITUDE } from '../../src/predict/predictions.js';
import {
  alertsTestFile,
  type alertsUnderTest,
  FakeTime,
  HOUR,
  issSubscription,
  MINUTE,
  NOW,
  ScriptedPasses,
  scriptedPass,
} from './helpers.js';

const shared = alertsTestFile();
type Under = Awaited<ReturnType<typeof alertsUnderTest>>;

/** What the planner should hold: every wanted event of complete passes, due from `nowMs` on. */
function expectedEvents(u: Under, spec: Parameters<typeof wantedEvents>[0], nowMs: number) {
  const record = u.handle.catalog.record(25544)!;
  const home = u.config.observers.home!;
  const window = { startMs: nowMs - 3 * HOUR, endMs: nowMs + 48 * HOUR + 10 * MINUTE + HOUR };
  const { items } = predictOne(
    record,
    {
      observer: { latitudeDeg: home.lat, longitudeDeg: home.lon, altitudeM: home.alt },
      horizonMask: null,
      ...window,
      minElevationDeg: 0,
      visibleOnly: spec.visibleOnly || spec.maxMagnitude !== null,
      maxMagnitude: spec.maxMagnitude ?? DEFAULT_MAX_MAGNITUDE,
      maxSunElevationDeg: -6,
    },
    new SunTrack(window.startMs, window.endMs),
    u.handle.catalog.recordOrbit,
  );
  return items
    .filter((i) => i.pass.los !== null && i.pass.maxElevationDeg >= spec.minPeakElevation)
    .flatMap((i) =>
      wantedEvents(spec, i)
        .filter((e) => e.dueMs >= nowMs)
        .map((e) => ({ type: e.type, pass: passKey(i), due: new Date(e.dueMs).toISOString() })),
    )
    .sort((a, b) => a.due.localeCompare(b.due) || a.type.localeCompare(b.type));
}

const planned = (u: Under, id: string, state = 'planned' as const) =>
  u.alerts
    .events(id, [state])
    .map((e) => ({ type: e.type, pass: e.pass, due: e.due }))
    .sort((a, b) => a.due.localeCompare(b.due) || a.type.localeCompare(b.type));

/** The ISS record with edited elements (OMM path: no TLE lines). */
function editedIss(u: Under, edit: Partial<CatalogRecord['elements']>): CatalogRecord {
  const r = u.handle.catalog.record(25544)!;
  return { ...r, elements: { ...r.elements, tle: null, ...edit } };
}

describe('planning', () => {
  it('plans every wanted event of the next 48 hours from the pass predictions', async () => {
    const t = await shared.start();
    const events = [
      { type: 'pass.upcoming', leadMinutes: 10 },
      { type: 'pass.aos' },
      { type: 'pass.tca' },
      { type: 'pass.los' },
      { type: 'visible.start' },
      { type: 'visible.end' },
    ];
    const created = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url(), { events, minElevation: 10 }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const spec = (await t.alerts.store.subscription(id))!.spec;
    const expected = expectedEvents(t, spec, NOW);
    const got = planned(t, id);
    expect(got).toEqual(expected);
    // Sanity: ISS passes above 10 deg over 52N in two days, some of them visible.
    const aos = got.filter((e) => e.type === 'pass.aos');
    expect(aos.length).toBeGreaterThanOrEqual(4);
    expect(got.filter((e) => e.type === 'visible.start').length).toBeGreaterThan(0);
    expect(got.every((e) => Date.parse(e.due) <= NOW + 50 * HOUR)).toBe(true);
    // Identity: one pass per revolution number.
    expect(new Set(aos.map((e) => e.pass)).size).toBe(aos.length);
    expect(aos.every((e) => /^r\d+$/.test(e.pass))).toBe(true);
    const upcoming = got.filter((e) => e.type === 'pass.upcoming');
    for (const u of upcoming) {
      const a = got.find((e) => e.type === 'pass.aos' && e.pass === u.pass);
      if (a) expect(Date.parse(a.due) - Date.parse(u.due)).toBe(10 * MINUTE);
    }
  });

  it('applies the filters: minimum max elevation, visible only, local time window', async () => {
    const t = await shared.start();
    const all = await t.api('POST', '/v1/subscriptions', issSubscription(shared.receiver.url()));
    const high = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url(), { minElevation: 40 }),
    );
    const visible = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url(), { visibleOnly: true, events: [{ type: 'pass.aos' }] }),
    );
    const evening = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url(), {
        events: [{ type: 'pass.tca' }],
        timeWindow: { from: '04:00', to: '08:00' },
      }),
    );
    const passesOf = (id: string, type: string) =>
      t.alerts.events(id, ['planned']).filter((e) => e.type === type);
    const allAos = passesOf(all.body.id, 'pass.aos');
    const highAos = passesOf(high.body.id, 'pass.aos');
    expect(highAos.length).toBeGreaterThan(0);
    expect(highAos.length).toBeLessThan(allAos.length);
    expect(highAos.every((e) => e.maxElevation! >= 40)).toBe(true);
    const visibleAos = passesOf(visible.body.id, 'pass.aos');
    expect(visibleAos.length).toBeGreaterThan(0);
    expect(visibleAos.length).toBeLessThan(allAos.length);
    const tcas = passesOf(evening.body.id, 'pass.tca');
    // The observer's zone (Europe/Amsterdam, UTC+2 in August): 04:00-08:00 is 02:00-06:00 UTC.
    const allTca = passesOf(all.body.id, 'pass.aos').length;
    expect(tcas.length).toBeGreaterThan(0);
    expect(tcas.length).toBeLessThan(allTca);
    for (const e of tcas) {
      const h = new Date(e.due).getUTCHours();
      expect(h >= 2 && h < 6).toBe(true);
    }
  });

  it('re-plans after new elements: a pass moved by seconds keeps its identity and moves', async () => {
    const t = await shared.start();
    const created = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url()),
    );
    const id = created.body.id as string;
    const before = planned(t, id);
    // 0.1 deg of mean anomaly: the ISS is 1.5 s further along its orbit.
    const r = t.handle.catalog.record(25544)!;
    t.handle.catalog.apply({
      upserts: [editedIss(t, { meanAnomalyDeg: r.elements.meanAnomalyDeg + 0.1 })],
      removed: [],
      sources: ['test'],
    });
    await t.alerts.idle();
    const after = planned(t, id);
    expect(after.map((e) => [e.type, e.pass])).toEqual(before.map((e) => [e.type, e.pass]));
    const shifts = after.map((e, i) => Date.parse(e.due) - Date.parse(before[i]!.due));
    for (const s of shifts) {
      expect(Math.abs(s)).toBeGreaterThan(100);
      expect(Math.abs(s)).toBeLessThan(5000);
    }
    expect(t.alerts.events(id, ['cancelled'])).toEqual([]);
    const plan = t.logs.filter((e) => e.event === 'plan').at(-1)!;
    expect(plan).toMatchObject({ added: 0, cancelled: 0, moved: before.length });
  });

  it('re-plans after new elements: vanished passes are cancelled, new ones planned', async () => {
    const t = await shared.start();
    const created = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url()),
    );
    const id = created.body.id as string;
    const spec = t.alerts.store.subscription(id)!.spec;
    const before = planned(t, id);
    const r = t.handle.catalog.record(25544)!;
    // Another orbital plane: the ground track moves by 25 deg, other revolutions pass over.
    t.handle.catalog.apply({
      upserts: [editedIss(t, { raanDeg: (r.elements.raanDeg + 25) % 360 })],
      removed: [],
      sources: ['test'],
    });
    await t.alerts.idle();
    const after = planned(t, id);
    expect(after).toEqual(expectedEvents(t, spec, NOW));
    const key = (e: { type: string; pass: string }) => `${e.type}@${e.pass}`;
    const gone = before.filter((b) => !after.some((a) => key(a) === key(b)));
    const added = after.filter((a) => !before.some((b) => key(a) === key(b)));
    expect(gone.length).toBeGreaterThan(0);
    expect(added.length).toBeGreaterThan(0);
    expect(
      planned(t, id, 'cancelled' as never)
        .map(key)
        .sort(),
    ).toEqual(gone.map(key).sort());

    // The object leaves the catalog: everything still planned is cancelled.
    t.handle.catalog.apply({ upserts: [], removed: [25544], sources: ['test'] });
    await t.alerts.idle();
    expect(planned(t, id)).toEqual([]);
  });

  it('re-plans when the subscription changes, and never fires an event twice', async () => {
    const source = new ScriptedPasses();
    const time = new FakeTime();
    const aos1 = NOW + 30 * MINUTE;
    const aos2 = NOW + 5 * HOUR;
    source.passes.set(25544, [
      { revolution: 1001, pass: scriptedPass(25544, aos1) },
      { revolution: 1004, pass: scriptedPass(25544, aos2) },
    ]);
    const t = await shared.start({ passSource: source, time });
    const created = await t.api(
      'POST',
      '/v1/subscriptions',
      issSubscription(shared.receiver.url()),
    );
    const id = created.body.id as string;
    expect(planned(t, id).map((e) => `${e.type}@${e.pass}`)).toEqual([
      'pass.upcoming@r1001',
      'pass.aos@r1001',
      'pass.los@r1001',
      'pass.upcoming@r1004',
      'pass.aos@r1004',
      'pass.los@r1004',
    ]);
    // The upcoming event of the first pass fires; then the pass moves by 3 s.
    await t.advance(20 * MINUTE);
    expect(t.alerts.events(id, ['fired']).map((e) => e.type)).toEqual(['pass.upcoming']);
    source.passes.set(25544, [
      { revolution: 1001, pass: scriptedPass(25544, aos1 + 3000) },
      { revolution: 1004, pass: scriptedPass(25544, aos2) },
    ]);
    await t.alerts.replanAll();
    const after = planned(t, id);
    expect(after[0]).toEqual({
      type: 'pass.aos',
      pass: 'r1001',
      due: new Date(aos1 + 3000).toISOString(),
    });
    expect(t.alerts.events(id, ['fired'])).toHaveLength(1);

    // A pass without a revolution number, moved by a minute, is still the same pass.
    source.passes.set(25544, [
      { revolution: 1001, pass: scriptedPass(25544, aos1 + 3000) },
      { revolution: null, pass: scriptedPass(25544, aos2 + MINUTE) },
    ]);
    await t.alerts.replanAll();
    expect(
      planned(t, id)
        .filter((e) => e.pass === 'r1004')
        .map((e) => e.due),
    ).toEqual([
      new Date(aos2 + MINUTE - 10 * MINUTE).toISOString(),
      new Date(aos2 + MINUTE).toISOString(),
      new Date(aos2 + MINUTE + 10 * MINUTE).toISOString(),
    ]);

    // Only pass.aos wanted now: the others are cancelled; a new pass appears.
    source.passes.set(25544, [
      { revolution: 1001, pass: scriptedPass(25544, aos1 + 3000) },
      { revolution: null, pass: scriptedPass(25544, aos2 + MINUTE) },
      { revolution: 1010, pass: scriptedPass(25544, NOW + 14 * HOUR) },
    ]);
    const patched = await t.api('PATCH', `/v1/subscriptions/${id}`, {
      events: [{ type: 'pass.aos' }],
    });
    expect(patched.status).toBe(200);
    expect(planned(t, id).map((e) => `${e.type}@${e.pass}`)).toEqual([
      'pass.aos@r1001',
      'pass.aos@r1004',
      'pass.aos@r1010',
    ]);
    expect(t.alerts.events(id, ['fired']).map((e) => `${e.type}@${e.pass}`)).toEqual([
      'pass.upcoming@r1001',
    ]);
    await t.advance(24 * HOUR);
    const ids = shared.receiver
      .bodies()
      .filter((b) => b.subscription.id === id)
      .map((b) => b.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });
});
