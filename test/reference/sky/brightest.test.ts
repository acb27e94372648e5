/**
 * The brightest magnitude of each visible segment against an independent reference (python-sgp4,
 * PyEphem Sun and twilight, own WGS84 geometry and magnitude model): a week of ISS segments seen
 * from the Netherlands, fixture made by make_brightest.py in this folder (see README.md). Several
 * segments are short and border the Earth's shadow, where the brightest point is a few seconds
 * from the shadow exit (the penumbra) and not at either end.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Site } from '../../../src/core/orbit/index.js';
import { predictPasses, type VisibleSegment } from '../../../src/core/passes/index.js';
import { SunTrack } from '../../../src/core/sky/index.js';
import { orbitFromTle } from '../../helpers/tle.js';

interface RefSegment {
  startMs: number;
  start: string;
  endMs: number;
  end: string;
  brightestMagnitude: number;
  brightestMs: number;
}

interface Fixture {
  name: string;
  line1: string;
  line2: string;
  stdMagnitude: number;
  observer: { latitudeDeg: number; longitudeDeg: number; altitudeM: number };
  startMs: number;
  endMs: number;
  minElevationDeg: number;
  maxSunElevationDeg: number;
  segments: RefSegment[];
}

const fx = JSON.parse(
  readFileSync(new URL('./brightest.json', import.meta.url), 'utf8'),
) as Fixture;

describe('brightest magnitude of visible segments against make_brightest.py', () => {
  const orbit = orbitFromTle(fx.name, fx.line1, fx.line2);
  const site = new Site(fx.observer);
  const ours: VisibleSegment[] = predictPasses(orbit, site, {
    startMs: fx.startMs,
    endMs: fx.endMs,
    minElevationDeg: fx.minElevationDeg,
    sun: new SunTrack(fx.startMs, fx.endMs),
    stdMagnitude: fx.stdMagnitude,
    visibility: { maxSunElevationDeg: fx.maxSunElevationDeg },
  }).passes.flatMap((p) => p.visible);
  /** Worst difference over all segments, printed for the closing note. */
  let worst = 0;

  it('finds the same segments', () => {
    expect(ours.length).toBe(fx.segments.length);
    expect(fx.segments.length).toBeGreaterThan(10);
  });

  for (const ref of fx.segments) {
    it(`segment ${ref.start} .. ${ref.end}: brightest within 0.05 mag`, () => {
      const mine = ours.find((s) => s.start.timeMs < ref.endMs && ref.startMs < s.end.timeMs);
      expect(mine, 'a matching segment').toBeDefined();
      expect(Math.abs(mine!.start.timeMs - ref.startMs)).toBeLessThan(2000);
      expect(Math.abs(mine!.end.timeMs - ref.endMs)).toBeLessThan(2000);
      const d = Math.abs(mine!.brightestMagnitude! - ref.brightestMagnitude);
      worst = Math.max(worst, d);
      expect(d, `brightest ${ref.brightestMagnitude} at ${ref.brightestMs}`).toBeLessThanOrEqual(
        0.05,
      );
    });
  }

  it('reports its worst difference', () => {
    console.log(`brightest magnitude vs make_brightest.py: worst ${worst.toFixed(4)} mag`);
    expect(worst).toBeLessThanOrEqual(0.05);
  });
});
