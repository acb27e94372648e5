import { describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { compatible } from '../../src/core/station/schedule.js';
import { skyTrack } from '../../src/core/station/sky-track.js';
import { planStation } from '../../src/station/plan.js';
import { station52N, stationWorld } from '../helpers/station.js';

const world = stationWorld(new URL('../fixtures/elements/amateur.tle', import.meta.url));
const { orbits } = world;
const START = Date.parse('2026-08-22T00:00:00Z');
const DAY = 86_400_000;

const station = station52N({
  name: 'home',
  altitudeM: 10,
  elevationMaxDeg: 90,
  parkElevationDeg: 0,
  satellites: [
    {
      noradId: 25544,
      priority: 5,
      transmitter: 'eozSf5mKyzNxoascs8V4bV',
      downlinkHz: null,
      minPeakElevationDeg: 10,
      minDurationSeconds: null,
    },
    {
      noradId: 44909,
      priority: 3,
      transmitter: '89NTmbqJEuTGW36fd386Fy',
      downlinkHz: 435_620_000,
      minPeakElevationDeg: null,
      minDurationSeconds: 300,
    },
    {
      noradId: 7530,
      priority: 2,
      transmitter: 'aBrZNKzhZH4gguH8F75o86',
      downlinkHz: null,
      minPeakElevationDeg: 20,
      minDurationSeconds: null,
    },
    {
      noradId: 39444,
      priority: 1,
      transmitter: null,
      downlinkHz: null,
      minPeakElevationDeg: null,
      minDurationSeconds: null,
    },
  ],
});

const plan = () => planStation(world.input(station, START, START + 2 * DAY));

describe("a station's plan on real elements and the real transmitter list", () => {
  it('schedules a workable chain, rejects the rest with reasons, and is deterministic', () => {
    const a = plan();
    expect(a.problems).toEqual([]);
    expect(a.scheduled.length).toBeGreaterThan(5);
    expect(a.rejected.length).toBeGreaterThan(0);
    const options = { turnaroundSeconds: 60, rotator: station.rotator };
    const cand = (p: (typeof a.scheduled)[number]) => ({
      key: p.key,
      priority: p.priority,
      aosMs: p.pass.aos?.timeMs ?? START,
      losMs: p.pass.los?.timeMs ?? START + 2 * DAY,
      maxElevationDeg: p.pass.maxElevationDeg,
      startPosition: p.rotator!.start,
      endPosition: p.rotator!.end,
      item: null,
    });
    for (let i = 1; i < a.scheduled.length; i++) {
      expect(compatible(cand(a.scheduled[i - 1]!), cand(a.scheduled[i]!), options)).toBe(true);
    }
    expect(a.totalPriority).toBe(a.scheduled.reduce((s, p) => s + p.priority, 0));
    for (const r of a.rejected) {
      if (r.reason.kind === 'below-min-peak')
        expect(r.pass.pass.maxElevationDeg).toBeLessThan(r.reason.minPeakElevationDeg);
      if (r.reason.kind === 'too-short') expect(r.pass.pass.durationSeconds).toBeLessThan(300);
      if (r.reason.kind === 'conflict') {
        const keys = new Set(a.scheduled.map((s) => s.key));
        for (const k of r.reason.conflictsWith) expect(keys.has(k)).toBe(true);
      }
    }
    const kinds = new Set(a.rejected.map((r) => r.reason.kind));
    expect(kinds).toContain('below-min-peak');
    expect(kinds).toContain('conflict');
    const b = plan();
    expect(b.scheduled.map((p) => p.key)).toEqual(a.scheduled.map((p) => p.key));
  });

  it("carries each satellite's transmitter and its nominal tuning", () => {
    const a = plan();
    const rs44 = [...a.scheduled, ...a.rejected.map((r) => r.pass)].find(
      (p) => p.noradId === 44909,
    )!;
    expect(rs44.transmitter?.type).toBe('transponder');
    expect(rs44.tuning).toEqual({ downlinkHz: 435_620_000, uplinkHz: 145_985_000 });
    const ao73 = [...a.scheduled, ...a.rejected.map((r) => r.pass)].find(
      (p) => p.noradId === 39444,
    )!;
    expect(ao73.transmitter).toBeNull();
  });

  it('names unknown satellites and transmitters as problems', () => {
    const unknown = {
      ...station,
      satellites: [
        { ...station.satellites[0]!, noradId: 99999 },
        { ...station.satellites[1]!, transmitter: 'eozSf5mKyzNxoascs8V4bV' },
      ],
    };
    const r = planStation(world.input(unknown, START, START + DAY));
    expect(r.problems).toEqual([
      { noradId: 99999, message: 'not in the catalog' },
      { noradId: 44909, message: 'unknown transmitter eozSf5mKyzNxoascs8V4bV for this satellite' },
    ]);
  });

  it('samples the sky track finely only where it turns fast', () => {
    const iss = orbits.get(25544)!;
    const site = new Site(station.observer);
    const a = plan();
    const high = [...a.scheduled, ...a.rejected.map((r) => r.pass)]
      .filter((p) => p.noradId === 25544)
      .reduce((x, y) => (y.pass.maxElevationDeg > x.pass.maxElevationDeg ? y : x));
    const track = skyTrack(iss, site, high.pass.aos!.timeMs, high.pass.los!.timeMs);
    const steps = track.slice(1).map((p, i) => p.timeMs - track[i]!.timeMs);
    expect(Math.max(...steps)).toBe(10_000);
    expect(Math.min(...steps)).toBeLessThanOrEqual(1000);
    expect(track[0]!.timeMs).toBe(high.pass.aos!.timeMs);
    expect(track.at(-1)!.timeMs).toBe(high.pass.los!.timeMs);
    for (const [i, p] of track.entries()) {
      if (i === 0) continue;
      const q = track[i - 1]!;
      const turn = Math.max(
        Math.abs(((p.azimuthDeg - q.azimuthDeg + 540) % 360) - 180),
        Math.abs(p.elevationDeg - q.elevationDeg),
      );
      if (p.timeMs - q.timeMs > 1000) expect(turn).toBeLessThanOrEqual(4);
    }
  });
});
