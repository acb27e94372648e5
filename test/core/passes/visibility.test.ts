/**
 * The shortcuts of the visibility search give what the plain search gives: the brightness grid
 * that leaves out points a bound proves dimmer returns `gridMinimum`'s point over the whole grid,
 * and a pass `shadowedThroughout` calls shadowed has no sunlit instant. Real orbits (the stations
 * and amateur fixtures), several observers, two days.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTle } from '../../../src/core/elements/index.js';
import { Orbit, Site } from '../../../src/core/orbit/index.js';
import { brightestOnGrid, magnitudeSampler } from '../../../src/core/passes/brightest.js';
import { predictPasses } from '../../../src/core/passes/index.js';
import { shadowedThroughout } from '../../../src/core/passes/visibility.js';
import { gridMinimum } from '../../../src/core/search/index.js';
import { SunTrack } from '../../../src/core/sky/index.js';
import { sunlitMarginKm } from '../../../src/core/sky/shadow.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/elements/${name}`, import.meta.url), 'utf8');
const orbits = [
  ...parseTle(fixture('stations.tle'), 'stations').elements,
  ...parseTle(fixture('amateur.tle'), 'amateur').elements,
]
  .map((e) => new Orbit(e))
  .filter((o, i) => i % 2 === 0 && !o.deepSpace);
const start = Date.UTC(2026, 7, 22);
const end = start + 2 * 86_400_000;
const sun = new SunTrack(start, end);
const observers = [
  { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 },
  { latitudeDeg: -33.9, longitudeDeg: 18.4, altitudeM: 300 },
  { latitudeDeg: 40.7, longitudeDeg: -74, altitudeM: 10 },
  { latitudeDeg: 64.1, longitudeDeg: -21.9, altitudeM: 0 },
];
const STD_MAGNITUDE = 4;

/** Every pass of every orbit over every observer, with its site. */
const passes = observers.flatMap((observer) => {
  const site = new Site(observer);
  return orbits.flatMap((orbit) =>
    predictPasses(orbit, site, {
      startMs: start,
      endMs: end,
      sun,
      stdMagnitude: STD_MAGNITUDE,
    }).passes.map((pass) => ({ orbit, site, pass })),
  );
});

describe('brightestOnGrid', () => {
  it("gives gridMinimum's point over the whole grid, sampling fewer points", () => {
    let segments = 0;
    let full = 0;
    let sparse = 0;
    for (const { orbit, site, pass } of passes) {
      for (const v of pass.visible) {
        const from = v.start.timeMs;
        const to = v.end.timeMs;
        // The visibility search's grid: 16 intervals or more, at most 10 s apart.
        const intervals = Math.max(16, (to - from) / 10_000);
        const counted = magnitudeSampler(orbit, site, sun, STD_MAGNITUDE);
        const at = counted.at;
        let calls = 0;
        counted.at = (t) => {
          calls++;
          return at(t);
        };
        const found = brightestOnGrid(counted, STD_MAGNITUDE, from, to, intervals);
        sparse += calls;
        calls = 0;
        const plain = magnitudeSampler(orbit, site, sun, STD_MAGNITUDE);
        const expected = gridMinimum(
          (t) => {
            calls++;
            return plain.at(t);
          },
          (x) => x,
          from,
          to,
          intervals,
          500,
        );
        full += calls;
        expect(found).toEqual(expected);
        segments++;
      }
    }
    expect(segments).toBeGreaterThan(50);
    expect(sparse).toBeLessThan(0.75 * full);
  });

  it('samples the whole grid when a magnitude is not a number', () => {
    const { orbit, site, pass } = passes.find((p) => p.pass.visible.length > 0)!;
    const v = pass.visible[0]!;
    const sampler = magnitudeSampler(orbit, site, sun, STD_MAGNITUDE);
    const at = sampler.at;
    const nanAt = v.start.timeMs + (v.end.timeMs - v.start.timeMs) / 2;
    const odd = (t: number) => (t === nanAt ? Number.NaN : at(t));
    sampler.at = odd;
    const found = brightestOnGrid(sampler, STD_MAGNITUDE, v.start.timeMs, v.end.timeMs, 16);
    expect(found).toEqual(gridMinimum(odd, (x) => x, v.start.timeMs, v.end.timeMs, 16, 500));
  });
});

describe('visibleSegments with a magnitude limit', () => {
  it('leaves out exactly the segments not known to be at or below the limit', () => {
    let kept = 0;
    let left = 0;
    for (const stdMagnitude of [STD_MAGNITUDE, 7, null]) {
      for (const observer of observers.slice(0, 2)) {
        const site = new Site(observer);
        for (const orbit of orbits) {
          const options = { startMs: start, endMs: end, sun, stdMagnitude };
          const all = predictPasses(orbit, site, options).passes;
          const limited = predictPasses(orbit, site, {
            ...options,
            visibility: { maxSunElevationDeg: -6, maxMagnitude: 5 },
          }).passes;
          const expected = all.map((p) => ({
            ...p,
            visible: p.visible.filter(
              (v) => v.brightestMagnitude !== null && v.brightestMagnitude <= 5,
            ),
          }));
          expect(limited).toEqual(expected);
          for (const p of expected) kept += p.visible.length;
          for (const p of all) left += p.visible.length;
        }
      }
    }
    left -= kept;
    expect(kept).toBeGreaterThan(20);
    expect(left).toBeGreaterThan(20);
  });

  it('calls a segment fainter than a limit only when it is, without searching it', () => {
    let fainter = 0;
    let segments = 0;
    for (const { orbit, site, pass } of passes) {
      for (const v of pass.visible) {
        if (v.brightestMagnitude === null) continue;
        const limit = v.brightestMagnitude;
        const intervals = Math.max(16, (v.end.timeMs - v.start.timeMs) / 10_000);
        const search = (cutoff: number) =>
          brightestOnGrid(
            magnitudeSampler(orbit, site, sun, STD_MAGNITUDE),
            STD_MAGNITUDE,
            v.start.timeMs,
            v.end.timeMs,
            intervals,
            cutoff,
          );
        // Just above the brightest magnitude found: there is a brighter instant, so searched.
        const plain = magnitudeSampler(orbit, site, sun, STD_MAGNITUDE);
        const expected = gridMinimum(
          plain.at,
          (x) => x,
          v.start.timeMs,
          v.end.timeMs,
          intervals,
          500,
        );
        expect(search(limit + 0.01)).toEqual(expected);
        if (search(limit - 1.5) === 'fainter') fainter++;
        segments++;
      }
    }
    expect(segments).toBeGreaterThan(50);
    expect(fainter).toBeGreaterThan(segments / 4);
  });
});

describe('shadowedThroughout', () => {
  it('calls a pass shadowed only when no instant of it is sunlit', () => {
    const state = new Float64Array(6);
    const margin = (orbit: Orbit, t: number) => {
      expect(orbit.temeInto(t, state)).toBe(0);
      return sunlitMarginKm({ x: state[0]!, y: state[1]!, z: state[2]! }, sun.temeKm(t));
    };
    let shadowed = 0;
    let notProven = 0;
    for (const { orbit, pass } of passes) {
      const from = pass.aos?.timeMs ?? start;
      const to = pass.los?.timeMs ?? end;
      const first = margin(orbit, from);
      if (first > 0) continue;
      if (!shadowedThroughout(orbit, sun, from, first, to)) {
        notProven++;
        continue;
      }
      shadowed++;
      for (let t = from; t <= to; t += 2000) expect(margin(orbit, t)).toBeLessThanOrEqual(0);
      expect(margin(orbit, to)).toBeLessThanOrEqual(0);
    }
    expect(shadowed).toBeGreaterThan(20);
    expect(notProven).toBeGreaterThan(0);
  });
});
