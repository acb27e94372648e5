/**
 * A station's plan in slices (what the schedule routes use) is the plan computed in one go, with
 * yields to the event loop between satellites, and it stops when its client goes away.
 */
import { describe, expect, it } from 'vitest';
import { planStation, planStationInSlices } from '../../src/station/plan.js';
import { station52N, stationWorld } from '../helpers/station.js';

const world = stationWorld(new URL('../fixtures/elements/amateur.tle', import.meta.url));
const START = Date.parse('2026-08-22T00:00:00Z');
const DAY = 86_400_000;
const ids = [25544, 44909, 7530, 39444, 43017, 27607];
const station = station52N({
  name: 'home',
  altitudeM: 10,
  elevationMaxDeg: 90,
  parkElevationDeg: 0,
  satellites: ids.map((noradId, i) => ({
    noradId,
    priority: i + 1,
    transmitter: null,
    downlinkHz: null,
    minPeakElevationDeg: null,
    minDurationSeconds: null,
  })),
});
const input = () => world.input(station, START, START + 2 * DAY);

describe("a station's plan in slices", () => {
  it('is the plan computed in one go, yielding between satellites', async () => {
    let yields = 0;
    const sliced = await planStationInSlices(input(), {
      sliceMs: 0,
      yieldNow: async () => {
        yields++;
      },
    });
    expect(sliced).toEqual(planStation(input()));
    expect(sliced.scheduled.length).toBeGreaterThan(5);
    expect(yields).toBe(ids.length);
  });

  it('does not yield while its slice lasts', async () => {
    let yields = 0;
    await planStationInSlices(input(), {
      sliceMs: Number.POSITIVE_INFINITY,
      yieldNow: async () => {
        yields++;
      },
    });
    expect(yields).toBe(0);
  });

  it('stops at the next yield once its signal aborts', async () => {
    const client = new AbortController();
    let yields = 0;
    const plan = planStationInSlices(input(), {
      sliceMs: 0,
      signal: client.signal,
      yieldNow: async () => {
        if (++yields === 2) client.abort(new Error('client went away'));
      },
    });
    await expect(plan).rejects.toThrow('client went away');
    expect(yields).toBe(2);
  });
});
